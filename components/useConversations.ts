// The dashboard's conversations, kept current by patching the rows a write changed instead of reading all of
// them again: with 50,000 conversations a full re-read held the page for ~450 ms after every tag an agent made
// in another tab. Dexie tells every context of this origin which primary keys each write touched.
import Dexie, { cmp, RangeSet, type IntervalTree, type ObservabilitySet } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { ConversationRecord, RecountDB } from '../utils/db';

/** Past this many changed rows, one full read is cheaper than patching. */
const MAX_PATCHED = 500;

/** Newest first, as `orderBy('lastSeenAt').reverse()` returns them (equal times: greater key first). */
export function byLastSeen(a: ConversationRecord, b: ConversationRecord): number {
  return b.lastSeenAt - a.lastSeenAt || (a.convKey < b.convKey ? 1 : a.convKey > b.convKey ? -1 : 0);
}

/** The keys a write touched, or 'all' when it touched a range (a clear, a delete by range) or too many keys. */
export function touchedKeys(trees: Array<IntervalTree | undefined>): string[] | 'all' {
  const keys = new Set<string>();
  for (const tree of trees) {
    if (!tree || tree.d === 0) continue;
    for (const range of RangeSet(tree)) {
      if (cmp(range.from, range.to) !== 0 || typeof range.from !== 'string') return 'all';
      keys.add(range.from);
      if (keys.size > MAX_PATCHED) return 'all';
    }
  }
  return [...keys];
}

/** The list with these keys replaced by their rows as they are now (undefined: deleted), in list order. */
export function patchRows(list: readonly ConversationRecord[], keys: readonly string[], rows: ReadonlyArray<ConversationRecord | undefined>): ConversationRecord[] {
  const now = new Map(keys.map((k, i) => [k, rows[i]]));
  const next: ConversationRecord[] = [];
  for (const row of list) if (!now.has(row.convKey)) next.push(row);
  for (const row of now.values()) if (row) next.push(row);
  return next.sort(byLastSeen);
}

export function useConversations(db: RecountDB): ConversationRecord[] | null {
  const [conversations, setConversations] = useState<ConversationRecord[] | null>(null);
  useEffect(() => {
    let alive = true;
    let current: ConversationRecord[] | null = null;
    const show = (next: ConversationRecord[]) => {
      current = next;
      if (alive) setConversations(next);
    };
    // One change at a time, in the order they came: a patch never lands on a list older than itself.
    let queue: Promise<unknown> = Promise.resolve();
    const enqueue = (work: () => Promise<void>) => {
      queue = queue.then(work).catch((error) => console.error('[Recount] could not refresh the conversations', error));
    };
    const readAll = async () => show(await db.conversations.orderBy('lastSeenAt').reverse().toArray());
    enqueue(readAll);
    const prefix = `idb://${db.name}/conversations/`;
    const onMutated = (parts: ObservabilitySet) => {
      const keys = touchedKeys([parts[prefix], parts[`${prefix}:dels`]]);
      if (keys !== 'all' && keys.length === 0) return;
      enqueue(async () => {
        if (keys === 'all' || current === null) return readAll();
        show(patchRows(current, keys, await db.conversations.bulkGet(keys)));
      });
    };
    Dexie.on('storagemutated', onMutated);
    return () => {
      alive = false;
      Dexie.on('storagemutated').unsubscribe(onMutated);
    };
  }, [db]);
  return conversations;
}
