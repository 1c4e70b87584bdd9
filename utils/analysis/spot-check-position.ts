// Where a conversation stands in a running spot check: the bar says "item 3 of 12" and offers the next item to
// review, so a reviewer works through the sample in one helpdesk tab.
import type { ConversationRecord, SpotCheckPlan } from '../model/records';
import { conversationKeyString, type ConversationKey } from '../model/verdict';
import type { RecountDB } from '../store/db';
import { billedIdOf } from './reconcile';
import { spotCheckStatus } from './spot-check';

export interface SpotCheckPosition {
  plan: string;
  /** 1-based place of this conversation in the review queue (round-robin across strata). */
  position: number;
  total: number;
  /** The next item still to review after this one (wrapping round), where it can be opened; null: none left. */
  next: { id: string; url: string } | null;
}

/**
 * Which plans sample each conversation ("vendor:billed id" → plans, newest first), read once per database and kept:
 * every conversation a helpdesk tab reads asks, and a plan carries its whole population. Forgotten whenever a plan
 * is saved, deleted or restored (`forgetSpotCheckPlans`).
 */
const samples = new WeakMap<RecountDB, Promise<Map<string, SpotCheckPlan[]>>>();

async function readSamples(db: RecountDB): Promise<Map<string, SpotCheckPlan[]>> {
  const index = new Map<string, SpotCheckPlan[]>();
  for (const plan of await db.spotChecks.orderBy('createdAt').reverse().toArray()) {
    for (const id of new Set(plan.strata.flatMap((s) => s.sample))) {
      const key = `${plan.vendor}:${id}`;
      index.set(key, [...(index.get(key) ?? []), plan]);
    }
  }
  return index;
}

/** A plan was saved, deleted or restored: the next question reads the plans again. */
export function forgetSpotCheckPlans(db: RecountDB): void {
  samples.delete(db);
}

/**
 * The most recent spot check that is still running (not every item reviewed) and samples this conversation; null
 * when none does. Reads only the sampled conversations' rows (the plans come from the index above).
 */
export async function spotCheckPositionOf(db: RecountDB, key: ConversationKey): Promise<SpotCheckPosition | null> {
  const id = billedIdOf({ vendor: key.vendor, conversationId: key.conversationId });
  if (!samples.has(db)) samples.set(db, readSamples(db));
  const plans = ((await samples.get(db)!).get(`${key.vendor}:${id}`) ?? []).filter((p) => !p.workspace || p.workspace === key.workspace);
  for (const plan of plans) {
    const sampled = plan.strata.flatMap((s) => s.sample);
    const keys = sampled.map((sampledId) => conversationKeyString({ vendor: plan.vendor, workspace: plan.workspace || key.workspace, conversationId: sampledId }));
    const rows = (await db.conversations.bulkGet(keys)).filter((c): c is ConversationRecord => c !== undefined);
    const status = spotCheckStatus(plan, rows);
    if (status.complete) continue;
    const at = status.queue.findIndex((q) => q.id === id);
    const after = [...status.queue.slice(at + 1), ...status.queue.slice(0, at)];
    const next = after.find((q) => q.verdict === null && q.url !== null);
    return { plan: plan.name, position: at + 1, total: status.queue.length, next: next ? { id: next.id, url: next.url! } : null };
  }
  return null;
}
