// Merging other agents' logs: an idempotent union of events by id, in one all-or-nothing transaction.
// Importing the same file twice changes nothing; the order of imports does not matter.
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
  const byConv = new Map<string, VerdictEvent[]>();
  for (const e of added) {
    const list = byConv.get(e.convKey);
    if (list) list.push(e);
    else byConv.set(e.convKey, [e]);
  }
  const rows = await db.conversations.bulkGet([...byConv.keys()]);
  const changedVerdicts: MergePlan['changedVerdicts'] = [];
  [...byConv.entries()].forEach(([convKey, events], i) => {
    const before = rows[i]?.current ?? null;
    const after = currentVerdict(before ? [before, ...events] : events)!;
    if (!before || after.id !== before.id) changedVerdicts.push({ convKey, before, after });
  });
  return { added, alreadyPresent, clashing, changedVerdicts };
}

/** Adds the events this log lacks and moves each conversation's projection, all in one transaction. */
export async function applyMerge(db: RecountDB, incoming: readonly VerdictEvent[]): Promise<MergePlan> {
  return db.transaction('rw', db.events, db.conversations, async () => {
    const plan = await planMerge(db, incoming);
    if (plan.clashing.length > 0) {
      throw new Error(`Not merged: ${plan.clashing.length} event(s) have the same id as events here but other contents (${plan.clashing.slice(0, 3).join(', ')}…)`);
    }
    await db.events.bulkAdd(plan.added);
    // The projection moves with what was added alone: a conversation's current verdict is the latest of its
    // events, and its row's current is already the latest of those it had (one pass, not one query per row).
    const addedByConv = new Map<string, VerdictEvent[]>();
    for (const e of plan.added) {
      const list = addedByConv.get(e.convKey);
      if (list) list.push(e);
      else addedByConv.set(e.convKey, [e]);
    }
    const keys = [...addedByConv.keys()];
    const rows = await db.conversations.bulkGet(keys);
    const updated: ConversationRecord[] = [];
    for (const [i, convKey] of keys.entries()) {
      const added = addedByConv.get(convKey)!;
      const row = rows[i];
      const current = currentVerdict(row?.current ? [row.current, ...added] : added)!;
      if (row && row.transcriptDigest !== '') {
        updated.push({ ...row, current });
      } else {
        // A conversation this browser never read: what the events say of it — the earliest and latest tag
        // times and the latest event's claim — so that the order of imports never matters.
        const times = added.map((e) => e.at);
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
          firstSeenAt: Math.min(row?.firstSeenAt ?? Infinity, ...times),
          lastSeenAt: Math.max(row?.lastSeenAt ?? -Infinity, ...times),
          suggestion: row?.suggestion ?? null,
          transcriptDigest: '',
          transcript: null,
          current,
        });
      }
    }
    await db.conversations.bulkPut(updated);
    return plan;
  });
}

export { compareEvents };
