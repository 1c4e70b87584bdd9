// The dashboard's conversations, kept current by patching what a write changed instead of reading everything
// again: with 50,000 conversations a full re-read held the page for ~450 ms after every tag an agent made in
// another tab. Dexie tells every context of this origin which primary keys each write touched. Conversations
// known only from merged events (no row; see utils/store/event-only.ts) follow the events table.
import { useEffect, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import type { ConversationRecord } from '../../utils/model/records';
import { byLastSeen, foldEvent, readConversationsAndOrigin } from '../../utils/store/event-only';
import type { VerdictEvent } from '../../utils/model/verdict';
import { MAX_PATCHED, onWrites, serialQueue, touchedKeys } from './follow-writes';

export { byLastSeen, touchedKeys };

/** The least time between two patches of the list (the first after a quiet spell goes at once). */
const PATCH_GAP_MS = 300;

/**
 * The list (newest first) with these conversations replaced (undefined: removed), still newest first. One pass
 * over the list, not a sort of it: a tag in another tab changes one of 50,000.
 */
function replaceSorted(list: readonly ConversationRecord[], changes: ReadonlyMap<string, ConversationRecord | undefined>): ConversationRecord[] {
  const incoming = [...changes.values()].filter((c): c is ConversationRecord => c !== undefined).sort(byLastSeen);
  const next: ConversationRecord[] = [];
  let i = 0;
  for (const row of list) {
    if (changes.has(row.convKey)) continue;
    while (i < incoming.length && byLastSeen(incoming[i], row) <= 0) next.push(incoming[i++]);
    next.push(row);
  }
  while (i < incoming.length) next.push(incoming[i++]);
  return next;
}

/** The list with these keys replaced by their rows as they are now (undefined: deleted), in list order. */
export function patchRows(list: readonly ConversationRecord[], keys: readonly string[], rows: ReadonlyArray<ConversationRecord | undefined>): ConversationRecord[] {
  return replaceSorted(list, new Map(keys.map((k, i) => [k, rows[i]])));
}

/**
 * The list with new events folded into the conversations known only from events (`fromEvents`, updated in
 * place). An event of a conversation with a row changes nothing here: its row changed in the same write.
 */
function foldNewEvents(list: readonly ConversationRecord[], fromEvents: Set<string>, events: readonly VerdictEvent[]): ConversationRecord[] {
  const touched = new Set(events.map((e) => e.convKey));
  const before = new Map<string, ConversationRecord>();
  const withRow = new Set<string>();
  for (const c of list) {
    if (!touched.has(c.convKey)) continue;
    if (fromEvents.has(c.convKey)) before.set(c.convKey, c);
    else withRow.add(c.convKey);
  }
  const changes = new Map<string, ConversationRecord>();
  for (const event of events) {
    if (withRow.has(event.convKey)) continue;
    changes.set(event.convKey, foldEvent(changes.get(event.convKey) ?? before.get(event.convKey), event));
    fromEvents.add(event.convKey);
  }
  return changes.size > 0 ? replaceSorted(list, changes) : [...list];
}

/** Reads nothing until `start` (the dashboard shows its first figures and rows before this long read). */
export function useConversations(db: RecountDB, start = true): ConversationRecord[] | null {
  const [conversations, setConversations] = useState<ConversationRecord[] | null>(null);
  useEffect(() => {
    if (!start) return;
    let alive = true;
    let current: ConversationRecord[] | null = null;
    // Which listed conversations have no row (derived from their events).
    let fromEvents = new Set<string>();
    const show = (next: ConversationRecord[]) => {
      current = next;
      if (alive) setConversations(next);
    };
    const enqueue = serialQueue('the conversations');
    const readAll = async () => {
      const all = await readConversationsAndOrigin(db);
      fromEvents = all.fromEvents;
      show(all.conversations);
    };
    enqueue(readAll);
    // Changes that came while a patch was being read or shown wait here, and go in the next patch together: 50
    // tags a second elsewhere make a few patches, not 50, and the page between them has time to count.
    const pendingRows = new Set<string>();
    const pendingEvents = new Set<string>();
    let pendingAll = false;
    let patching = false;
    const patchPending = async () => {
      if (patching) return;
      patching = true;
      try {
        while (pendingAll || pendingRows.size > 0 || pendingEvents.size > 0) {
          const everything = pendingAll || current === null;
          const rowKeys = [...pendingRows];
          const eventIds = [...pendingEvents];
          pendingAll = false;
          pendingRows.clear();
          pendingEvents.clear();
          await new Promise<void>((resolve) => enqueue(async () => {
            try {
              if (everything) return await readAll();
              const [rows, events] = await Promise.all([db.conversations.bulkGet(rowKeys), db.events.bulkGet(eventIds)]);
              // A deleted event can change any conversation's latest: read again (deletions are rare).
              if (events.some((e) => e === undefined)) return await readAll();
              let next = patchRows(current!, rowKeys, rows);
              const withRow = new Set(rowKeys.filter((_, i) => rows[i]));
              for (const k of withRow) fromEvents.delete(k);
              // A tag writes its row with its event: only events of conversations without a row need folding.
              const rest = (events as VerdictEvent[]).filter((e) => !withRow.has(e.convKey));
              if (rest.length > 0) next = foldNewEvents(next, fromEvents, rest);
              show(next);
            } finally {
              resolve();
            }
          }));
          // A pause before the next patch: the view built from this one gets to finish.
          await new Promise((resolve) => setTimeout(resolve, PATCH_GAP_MS));
        }
      } finally {
        patching = false;
      }
    };
    const stop = onWrites(db, (touched) => {
      const rowKeys = touched('conversations');
      // Which events went is learnt from reading them (an add and a deletion look alike here).
      const eventIds = touched('events');
      if (rowKeys !== 'all' && rowKeys.length === 0 && eventIds !== 'all' && eventIds.length === 0) return;
      if (rowKeys === 'all' || eventIds === 'all') pendingAll = true;
      else {
        for (const k of rowKeys) pendingRows.add(k);
        for (const id of eventIds) pendingEvents.add(id);
        if (pendingRows.size + pendingEvents.size > MAX_PATCHED) pendingAll = true;
      }
      void patchPending();
    });
    return () => {
      alive = false;
      stop();
    };
  }, [db, start]);
  return conversations;
}
