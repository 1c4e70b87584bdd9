// Merging other agents' logs: an idempotent union of events by id, in one all-or-nothing transaction.
// Importing the same file twice changes nothing; the order of imports does not matter.
import Dexie from 'dexie';
import type { RecountDB, ConversationRecord } from './db';
import { compareEvents, currentVerdict, type VerdictEvent } from './verdict';

export interface MergePlan {
  added: VerdictEvent[];
  alreadyPresent: number;
  /** Same id, different contents: the file disagrees with this log about an event. Refuses the merge. */
  clashing: string[];
  /** Conversations whose current verdict the merge would change, from what to what. */
  changedVerdicts: Array<{ convKey: string; before: VerdictEvent | null; after: VerdictEvent }>;
}

export async function planMerge(db: RecountDB, incoming: readonly VerdictEvent[]): Promise<MergePlan> {
  const existing = await db.events.bulkGet(incoming.map((e) => e.id));
  const added: VerdictEvent[] = [];
  const clashing: string[] = [];
  let alreadyPresent = 0;
  incoming.forEach((event, i) => {
    const there = existing[i];
    if (!there) added.push(event);
    else if (there.hash === event.hash) alreadyPresent++;
    else clashing.push(event.id);
  });
  const byConv = byConversation(added);
  const rows = await db.conversations.bulkGet([...byConv.keys()]);
  const changedVerdicts: MergePlan['changedVerdicts'] = [];
  [...byConv.entries()].forEach(([convKey, events], i) => {
    const before = rows[i]?.current ?? null;
    const after = currentVerdict(before ? [before, ...events] : events)!;
    if (!before || after.id !== before.id) changedVerdicts.push({ convKey, before, after });
  });
  return { added, alreadyPresent, clashing, changedVerdicts };
}

const MERGE_SLICE = 5000;

/** Groups events by conversation, in their given order. */
function byConversation(events: readonly VerdictEvent[]): Map<string, VerdictEvent[]> {
  const groups = new Map<string, VerdictEvent[]>();
  for (const e of events) {
    const list = groups.get(e.convKey);
    if (list) list.push(e);
    else groups.set(e.convKey, [e]);
  }
  return groups;
}

/**
 * The rows of these conversations (undefined where there is none). A large import is mostly conversations this
 * browser never saw, and reading a missing row costs nearly as much as reading one that is there: past a
 * thousand keys, which exist is learnt from the keys alone (one key scan over their range), and only those
 * rows are read.
 */
async function conversationRows(db: RecountDB, keys: readonly string[]): Promise<Array<ConversationRecord | undefined>> {
  if (keys.length < 1000) return db.conversations.bulkGet([...keys]);
  const sorted = [...keys].sort();
  const existing = new Set(await db.conversations.where(':id').between(sorted[0], sorted[sorted.length - 1], true, true).primaryKeys());
  const known = keys.filter((k) => existing.has(k));
  const found = await db.conversations.bulkGet(known);
  const byKey = new Map(known.map((k, i) => [k, found[i]]));
  return keys.map((k) => byKey.get(k));
}

/**
 * Adds the events this log lacks and moves each conversation's projection, all in one transaction.
 * Every event is added straight away: an id already here fails on its own (the database's key check), and
 * only those are read back and compared. Asking first for every id cost as much as a fifth of the writes.
 */
export async function applyMerge(
  db: RecountDB,
  incoming: readonly VerdictEvent[],
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<MergePlan> {
  return db.transaction('rw', db.events, db.conversations, async () => {
    // In slices, for a progress bar: the events are most of the work, the conversations' rows the last part.
    const total = incoming.length;
    const present: number[] = [];
    for (let start = 0; start < total; start += MERGE_SLICE) {
      const slice = incoming.slice(start, start + MERGE_SLICE) as VerdictEvent[];
      try {
        await db.events.bulkAdd(slice);
      } catch (error) {
        if (!(error instanceof Dexie.BulkError)) throw error;
        const failures = Object.entries(error.failuresByPos);
        const other = failures.find(([, e]) => e.name !== 'ConstraintError');
        if (other) throw other[1];
        for (const [pos] of failures) present.push(start + Number(pos));
      }
      onProgress(Math.round((start + slice.length) * 0.7), total);
    }
    const there = present.length > 0 ? await db.events.bulkGet(present.map((i) => incoming[i].id)) : [];
    const clashing = present.filter((pos, i) => there[i]?.hash !== incoming[pos].hash).map((pos) => incoming[pos].id);
    if (clashing.length > 0) {
      // Thrown inside the transaction: the events added above are rolled back with it.
      throw new Error(`Not merged: ${clashing.length} event(s) have the same id as events here but other contents (${clashing.slice(0, 3).join(', ')}…)`);
    }
    const presentSet = new Set(present);
    const added = presentSet.size === 0 ? [...incoming] : incoming.filter((_, i) => !presentSet.has(i));
    // The projection moves with what was added alone: a conversation's current verdict is the latest of its
    // events, and its row's current is already the latest of those it had (one pass, not one query per row).
    const addedByConv = byConversation(added);
    const keys = [...addedByConv.keys()];
    const rows = await conversationRows(db, keys);
    const updated: ConversationRecord[] = [];
    const changedVerdicts: MergePlan['changedVerdicts'] = [];
    for (const [i, convKey] of keys.entries()) {
      const addedHere = addedByConv.get(convKey)!;
      const row = rows[i];
      const before = row?.current ?? null;
      const current = currentVerdict(before ? [before, ...addedHere] : addedHere)!;
      if (!before || current.id !== before.id) changedVerdicts.push({ convKey, before, after: current });
      if (row && row.transcriptDigest !== '') {
        updated.push({ ...row, current });
      } else {
        // A conversation this browser never read: what the events say of it — the earliest and latest tag
        // times and the latest event's claim — so that the order of imports never matters.
        let first = row?.firstSeenAt ?? Infinity;
        let last = row?.lastSeenAt ?? -Infinity;
        for (const e of addedHere) {
          if (e.at < first) first = e.at;
          if (e.at > last) last = e.at;
        }
        updated.push({
          convKey,
          vendor: current.vendor,
          workspace: current.workspace,
          conversationId: current.conversationId,
          agentName: row?.agentName ?? '',
          claim: current.claim,
          messageCounts: row?.messageCounts ?? { customer: 0, ai_agent: 0, teammate: 0, note: 0 },
          billingNote: row?.billingNote ?? null,
          billing: row?.billing ?? null,
          firstSeenAt: first,
          lastSeenAt: last,
          suggestion: row?.suggestion ?? null,
          transcriptDigest: '',
          transcript: null,
          current,
        });
      }
    }
    await db.conversations.bulkPut(updated);
    onProgress(total, total);
    return { added, alreadyPresent: present.length, clashing: [], changedVerdicts };
  });
}

export { compareEvents };
