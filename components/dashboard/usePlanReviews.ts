// The events of every conversation under a spot check's blind double review (a few hundred at most), by plan and
// by the id as the plan holds it: each named reviewer's verdict counts, not only the conversation's latest.
import { useMemo } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import type { ConversationRecord, SpotCheckPlan } from '../../utils/model/records';
import type { ReviewEvent } from '../../utils/analysis/double-review';
import { billedIdOf } from '../../utils/analysis/reconcile';
import { useLiveQuery } from './useLiveQuery';

export type PlanReviews = ReadonlyMap<string, ReadonlyMap<string, readonly ReviewEvent[]>>;

export function usePlanReviews(db: RecountDB, plans: readonly SpotCheckPlan[], conversations: readonly ConversationRecord[] | null): PlanReviews {
  // Which conversation each plan's item is: the conversations Recount knows, matched as the plan matches them.
  const keysByPlan = useMemo(() => {
    const byPlan = new Map<string, Map<string, string>>();
    for (const plan of plans) {
      if (!plan.doubleReview || !conversations) continue;
      const wanted = new Set(plan.doubleReview.items);
      const keys = new Map<string, string>();
      for (const c of conversations) {
        if (c.vendor === plan.vendor && (!plan.workspace || c.workspace === plan.workspace) && wanted.has(billedIdOf(c))) keys.set(c.convKey, billedIdOf(c));
      }
      byPlan.set(plan.id, keys);
    }
    return byPlan;
  }, [plans, conversations]);
  const convKeys = useMemo(() => [...new Set([...keysByPlan.values()].flatMap((keys) => [...keys.keys()]))].sort(), [keysByPlan]);
  const events = useLiveQuery(() => (convKeys.length > 0 ? db.events.where('convKey').anyOf(convKeys).toArray() : Promise.resolve([])), [db, convKeys.join('\n')], []);
  return useMemo(() => {
    const result = new Map<string, Map<string, ReviewEvent[]>>();
    for (const [planId, keys] of keysByPlan) {
      const byId = new Map<string, ReviewEvent[]>();
      for (const e of events) {
        const id = keys.get(e.convKey);
        if (id !== undefined) byId.set(id, [...(byId.get(id) ?? []), e]);
      }
      result.set(planId, byId);
    }
    return result;
  }, [keysByPlan, events]);
}
