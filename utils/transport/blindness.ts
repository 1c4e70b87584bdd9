// Blind double review, held where verdicts leave the background for a helpdesk tab: a conversation under a
// spot check's blind review shows this browser's reviewer no other reviewer's verdict — whether it was tagged in
// this browser or arrived by the team log — until their own is saved. Every reply and broadcast that carries a
// verdict to a tab (current verdict, list badges, "changed") passes through here.
import type { RecountDB } from '../store/db';
import { getSettings } from '../store/settings';
import type { BlindNote, SpotCheckPlan } from '../model/records';
import { UNNAMED_REVIEWER, VENDORS, type Verdict, type VerdictEvent } from '../model/verdict';
import { isHiddenFrom, reviewItem } from '../analysis/double-review';
import { billedIdOf } from '../analysis/reconcile';

type BlindPlan = Pick<SpotCheckPlan, 'name' | 'createdAt' | 'workspace'> & { doubleReview: NonNullable<SpotCheckPlan['doubleReview']> };

/** Plans with a blind review, by "vendor|id as the plan holds it". Read once per database, until a plan changes. */
const indexes = new WeakMap<RecountDB, Promise<Map<string, BlindPlan[]>>>();

async function readIndex(db: RecountDB): Promise<Map<string, BlindPlan[]>> {
  const index = new Map<string, BlindPlan[]>();
  await db.spotChecks.each((plan) => {
    if (!plan.doubleReview) return;
    const blind: BlindPlan = { name: plan.name, createdAt: plan.createdAt, workspace: plan.workspace, doubleReview: plan.doubleReview };
    for (const id of plan.doubleReview.items) {
      const key = `${plan.vendor}|${id}`;
      index.set(key, [...(index.get(key) ?? []), blind]);
    }
  });
  return index;
}

function indexOf(db: RecountDB): Promise<Map<string, BlindPlan[]>> {
  let index = indexes.get(db);
  if (!index) {
    index = readIndex(db);
    index.catch(() => indexes.delete(db));
    indexes.set(db, index);
  }
  return index;
}

/** After a spot check is saved, deleted or restored. */
export function forgetBlindPlans(db: RecountDB): void {
  indexes.delete(db);
}

/**
 * The newest blind plan covering this conversation key ("vendor:workspace:id"; a workspace may itself hold a
 * colon, so every split is tried), or null.
 */
function planFor(index: Map<string, BlindPlan[]>, convKey: string): BlindPlan | null {
  if (index.size === 0) return null;
  const vendor = VENDORS.find((v) => convKey.startsWith(`${v}:`));
  if (!vendor) return null;
  const rest = convKey.slice(vendor.length + 1);
  let found: BlindPlan | null = null;
  for (let colon = rest.indexOf(':'); colon >= 0; colon = rest.indexOf(':', colon + 1)) {
    const workspace = rest.slice(0, colon);
    const id = billedIdOf({ vendor, conversationId: rest.slice(colon + 1) });
    for (const plan of index.get(`${vendor}|${id}`) ?? []) {
      if ((plan.workspace === '' || plan.workspace === workspace) && (!found || plan.createdAt > found.createdAt)) found = plan;
    }
  }
  return found;
}

const viewerOf = async (db: RecountDB) => (await getSettings(db)).reviewerName || UNNAMED_REVIEWER;

async function noteFor(db: RecountDB, plan: BlindPlan, convKey: string, viewer: string): Promise<BlindNote> {
  const events = await db.events.where('convKey').equals(convKey).toArray();
  const hidden = isHiddenFrom(viewer, events, plan.doubleReview, plan.createdAt);
  if (hidden) return { plan: plan.name, hidden, others: [] };
  const { reviews, arbitration } = reviewItem(events, plan.doubleReview, plan.createdAt);
  const others = [...reviews, ...(arbitration ? [arbitration] : [])]
    .filter((r) => r.reviewer !== viewer)
    .map(({ reviewer, verdict, reason }) => ({ reviewer, verdict, reason }));
  return { plan: plan.name, hidden, others };
}

/** A conversation's current verdict as this browser's reviewer may see it, with what the blind review says. */
export async function blindView(db: RecountDB, convKey: string, current: VerdictEvent | null): Promise<{ current: VerdictEvent | null; blind: BlindNote | null }> {
  const plan = planFor(await indexOf(db), convKey);
  if (!plan) return { current, blind: null };
  const blind = await noteFor(db, plan, convKey, await viewerOf(db));
  return { current: blind.hidden ? null : current, blind };
}

/** List badges: a verdict this reviewer may not see yet is shown as none. */
export async function blindStatuses<S extends { verdict: Verdict | null }>(db: RecountDB, statuses: Record<string, S>): Promise<Record<string, S>> {
  const index = await indexOf(db);
  const blindKeys = Object.keys(statuses).flatMap((convKey) => {
    const plan = planFor(index, convKey);
    return plan ? [[convKey, plan] as const] : [];
  });
  if (blindKeys.length === 0) return statuses;
  const viewer = await viewerOf(db);
  const masked = { ...statuses };
  for (const [convKey, plan] of blindKeys) {
    if ((await noteFor(db, plan, convKey, viewer)).hidden) masked[convKey] = { ...statuses[convKey], verdict: null };
  }
  return masked;
}
