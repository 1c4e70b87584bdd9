// Deleting a view of the log: its events leave tombstones, so every chain still verifies.
import type { ConversationRecord } from '../model/records';
import { conversationsFromEvents, replaceLatestEvents, type LatestEvents } from './event-only';
import { currentVerdict, type VerdictEvent } from '../model/verdict';
import type { RecountDB } from './db';
import { rebuildTallies } from './tallies';

/**
 * Deletes the events a filter chose, and the conversations left with none that the filter also chose, in one
 * transaction. Each deleted event leaves a tombstone (its chain position and hashes, none of its contents).
 */
export async function deleteWhere(
  db: RecountDB,
  eventMatches: (e: VerdictEvent) => boolean,
  conversationMatches: (c: ConversationRecord) => boolean,
  now = Date.now(),
): Promise<{ events: number; conversations: number }> {
  return db.transaction('rw', [db.events, db.conversations, db.tombstones, db.eventOnly, db.tallies], async () => {
    const [everyEvent, rows] = await Promise.all([db.events.toArray(), db.conversations.toArray()]);
    const doomed = everyEvent.filter(eventMatches);
    const doomedIds = new Set(doomed.map((e) => e.id));
    const read = new Set(rows.map((c) => c.convKey));
    // Which conversations were in the view is judged before anything goes (those known from events included).
    const fromEvents = conversationsFromEvents(everyEvent, (k) => read.has(k));
    const inView = new Set([...rows, ...fromEvents.values()].filter(conversationMatches).map((c) => c.convKey));
    await db.tombstones.bulkPut(doomed.map((e) => ({ chain: e.chain, seq: e.seq, prevHash: e.prevHash, hash: e.hash, deletedAt: now })));
    await db.events.bulkDelete(doomed.map((e) => e.id));
    const touched = new Set(doomed.map((e) => e.convKey));
    const remaining = new Map<string, VerdictEvent[]>();
    for (const e of everyEvent) {
      if (!touched.has(e.convKey) || doomedIds.has(e.id)) continue;
      const list = remaining.get(e.convKey);
      if (list) list.push(e);
      else remaining.set(e.convKey, [e]);
    }
    let conversations = 0;
    for (const c of rows) {
      if (!touched.has(c.convKey)) continue;
      const current = currentVerdict(remaining.get(c.convKey) ?? []);
      if (!current && inView.has(c.convKey)) {
        await db.conversations.delete(c.convKey);
        conversations++;
      } else {
        await db.conversations.update(c.convKey, { current });
      }
    }
    // A conversation known only from events is gone with its last event; the index is written again whole.
    const latest: LatestEvents = new Map();
    for (const [convKey, record] of fromEvents) {
      const current = touched.has(convKey) ? currentVerdict(remaining.get(convKey) ?? []) : record.current;
      if (current) latest.set(convKey, { at: current.at, id: current.id });
      else conversations++;
    }
    await replaceLatestEvents(db, latest);
    await rebuildTallies(db);
    return { events: doomed.length, conversations };
  });
}
