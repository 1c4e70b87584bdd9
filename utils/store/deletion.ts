// Deleting a view of the log: its events leave tombstones, so every chain still verifies. What a deletion will do
// is worked out by one function (`planDeletion`), for the confirmation the reviewer reads and for the deletion
// itself, which refuses to go ahead when the plan is no longer the one confirmed.
import type { ConversationRecord } from '../model/records';
import { conversationsFromEvents, latestCountOf, replaceLatestEvents, type LatestEvents } from './event-only';
import { currentVerdict, type VerdictEvent } from '../model/verdict';
import { sha256hex } from '../model/hash';
import { isRelevant } from '../model/tally';
import type { RecountDB } from './db';
import { rebuildTallies } from './tallies';

/** What deleting a view does, in numbers: the confirmation says these, and the deletion returns them. */
export interface DeletionSummary {
  /** Verdict events deleted (each leaves a tombstone). */
  events: number;
  /** Conversations that leave Recount: in the view, and left with no event (or known only from their events, all gone). */
  conversations: number;
  /** Conversations of the view that stay with a verdict the view does not choose (an earlier one, another reviewer's). */
  keptWithVerdict: number;
  /** Conversations of the view that stay untagged: read here and never tagged, so there is no event of theirs to delete. */
  keptUntagged: number;
  /** One digest of exactly what goes (events, and conversations): the confirmed plan, checked again by the deletion. */
  digest: string;
}

interface DeletionPlan extends DeletionSummary {
  doomed: VerdictEvent[];
  /** Each conversation that loses an event, and its current verdict after (null: none left). */
  after: Map<string, VerdictEvent | null>;
  /** Conversations read here (rows) that go. */
  rowsGone: Set<string>;
  /** Conversations known only from events, as they are before the deletion. */
  fromEvents: Map<string, ConversationRecord>;
}

/**
 * The one account of a deletion: the events the filter chose; the conversations that go — a row in the view left
 * with no event, or a conversation known only from events whose every event goes; and the view's conversations
 * that stay. Which conversations were in the view is judged before anything goes.
 */
function planDeletion(
  everyEvent: readonly VerdictEvent[],
  rows: readonly ConversationRecord[],
  eventMatches: (e: VerdictEvent) => boolean,
  conversationMatches: (c: ConversationRecord) => boolean,
): DeletionPlan {
  const doomed = everyEvent.filter(eventMatches);
  const doomedIds = new Set(doomed.map((e) => e.id));
  const read = new Set(rows.map((c) => c.convKey));
  const fromEvents = conversationsFromEvents(everyEvent, (k) => read.has(k));
  const inView = [...rows, ...fromEvents.values()].filter(conversationMatches);
  const inViewKeys = new Set(inView.map((c) => c.convKey));
  const touched = new Set(doomed.map((e) => e.convKey));
  const remaining = new Map<string, VerdictEvent[]>();
  for (const e of everyEvent) {
    if (!touched.has(e.convKey) || doomedIds.has(e.id)) continue;
    const list = remaining.get(e.convKey);
    if (list) list.push(e);
    else remaining.set(e.convKey, [e]);
  }
  const after = new Map<string, VerdictEvent | null>([...touched].map((k) => [k, currentVerdict(remaining.get(k) ?? [])]));
  const rowsGone = new Set(rows.filter((c) => touched.has(c.convKey) && after.get(c.convKey) === null && inViewKeys.has(c.convKey)).map((c) => c.convKey));
  const eventOnlyGone = [...fromEvents.keys()].filter((k) => touched.has(k) && after.get(k) === null);
  const gone = new Set([...rowsGone, ...eventOnlyGone]);
  let keptWithVerdict = 0;
  let keptUntagged = 0;
  // The view as the dashboard's table shows it (a conversation neither billed nor tagged is not in its rows).
  for (const c of inView) {
    if (gone.has(c.convKey) || !isRelevant(c)) continue;
    const current = touched.has(c.convKey) ? after.get(c.convKey)! : c.current;
    if (current) keptWithVerdict++;
    else keptUntagged++;
  }
  const digest = sha256hex(['events', ...doomed.map((e) => e.id).sort(), 'conversations', ...[...gone].sort()].join('\n'));
  return { events: doomed.length, conversations: gone.size, keptWithVerdict, keptUntagged, digest, doomed, after, rowsGone, fromEvents };
}

const summaryOf = ({ events, conversations, keptWithVerdict, keptUntagged, digest }: DeletionPlan): DeletionSummary => ({ events, conversations, keptWithVerdict, keptUntagged, digest });

/** What `deleteWhere` with the same choice would delete now, for the confirmation. Reads only. */
export async function previewDeletion(
  db: RecountDB,
  eventMatches: (e: VerdictEvent) => boolean,
  conversationMatches: (c: ConversationRecord) => boolean,
): Promise<DeletionSummary> {
  return db.transaction('r', [db.events, db.conversations], async () => {
    const [everyEvent, rows] = await Promise.all([db.events.toArray(), db.conversations.toArray()]);
    return summaryOf(planDeletion(everyEvent, rows, eventMatches, conversationMatches));
  });
}

/** A deletion refused because the log changed between the confirmation and the deletion: nothing was deleted. */
export class DeletionChangedError extends Error {}

/**
 * Deletes the events a filter chose, and the conversations left with none that the filter also chose, in one
 * transaction. Each deleted event leaves a tombstone (its chain position and hashes, none of its contents).
 * With `confirmed` (the digest of a `previewDeletion`), it deletes only if what would go is still exactly that.
 */
export async function deleteWhere(
  db: RecountDB,
  eventMatches: (e: VerdictEvent) => boolean,
  conversationMatches: (c: ConversationRecord) => boolean,
  now = Date.now(),
  confirmed?: string,
): Promise<{ events: number; conversations: number }> {
  return db.transaction('rw', [db.events, db.conversations, db.tombstones, db.eventOnly, db.tallies], async () => {
    const [everyEvent, rows] = await Promise.all([db.events.toArray(), db.conversations.toArray()]);
    const plan = planDeletion(everyEvent, rows, eventMatches, conversationMatches);
    if (confirmed !== undefined && plan.digest !== confirmed) {
      throw new DeletionChangedError(
        `Not deleted: the log changed since you confirmed (now ${plan.events} event(s) and ${plan.conversations} conversation(s) would go). Nothing was deleted; look at the view again and delete again.`,
      );
    }
    const { doomed, after, rowsGone, fromEvents } = plan;
    await db.tombstones.bulkPut(doomed.map((e) => ({ chain: e.chain, seq: e.seq, prevHash: e.prevHash, hash: e.hash, deletedAt: now })));
    await db.events.bulkDelete(doomed.map((e) => e.id));
    for (const c of rows) {
      if (!after.has(c.convKey)) continue;
      if (rowsGone.has(c.convKey)) await db.conversations.delete(c.convKey);
      else await db.conversations.update(c.convKey, { current: after.get(c.convKey)! });
    }
    // A conversation known only from events is gone with its last event; the index is written again whole.
    const latest: LatestEvents = new Map();
    for (const [convKey, record] of fromEvents) {
      const current = after.has(convKey) ? after.get(convKey)! : record.current;
      if (current) latest.set(convKey, { at: current.at, id: current.id, counts: latestCountOf(current) });
    }
    await replaceLatestEvents(db, latest);
    await rebuildTallies(db);
    return { events: plan.events, conversations: plan.conversations };
  });
}
