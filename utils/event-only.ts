// Conversations known only from their events: merged in from other agents' logs, never read in this browser.
// A merge writes their events and no row per conversation (a row per new conversation doubled the cost of an
// import: IndexedDB charges per row, whatever its size). What a row would hold is derived from the events —
// the latest one gives the verdict and the vendor's claim — and one small row remembers each such
// conversation's latest event, so the next merge can tell what it changes without reading the events again.
// A conversation read here has its own row, which always wins: it holds what was read, and its `current`.
import type { ConversationRecord, RecountDB } from './db';
import { compareEvents, currentVerdict, type VerdictEvent } from './verdict';

/** The latest event's time and id of each conversation known only from events. */
export type LatestEvents = Map<string, { at: number; id: string }>;

/** How the record is stored: parallel arrays clone faster than an object with 100,000 keys. */
export interface EventOnlyRow {
  key: 'latest';
  convKeys: string[];
  ats: number[];
  ids: string[];
}

export async function readLatestEvents(db: RecountDB): Promise<LatestEvents> {
  const row = await db.eventOnly.get('latest');
  const latest: LatestEvents = new Map();
  if (row) row.convKeys.forEach((convKey, i) => latest.set(convKey, { at: row.ats[i], id: row.ids[i] }));
  return latest;
}

export async function writeLatestEvents(db: RecountDB, latest: LatestEvents): Promise<void> {
  if (latest.size === 0) {
    await db.eventOnly.delete('latest');
    return;
  }
  const row: EventOnlyRow = { key: 'latest', convKeys: [], ats: [], ids: [] };
  for (const [convKey, { at, id }] of latest) {
    row.convKeys.push(convKey);
    row.ats.push(at);
    row.ids.push(id);
  }
  await db.eventOnly.put(row);
}

/** The record of a conversation known from this event alone, or `record` moved on by one more of its events. */
export function foldEvent(record: ConversationRecord | undefined, event: VerdictEvent): ConversationRecord {
  if (!record) {
    return {
      convKey: event.convKey,
      vendor: event.vendor,
      workspace: event.workspace,
      conversationId: event.conversationId,
      agentName: '',
      claim: event.claim,
      messageCounts: { customer: 0, ai_agent: 0, teammate: 0, note: 0 },
      billingNote: null,
      billing: null,
      firstSeenAt: event.at,
      lastSeenAt: event.at,
      suggestion: null,
      transcriptDigest: '',
      transcript: null,
      current: event,
    };
  }
  const later = !record.current || compareEvents(event, record.current) > 0;
  return {
    ...record,
    ...(later ? { vendor: event.vendor, workspace: event.workspace, conversationId: event.conversationId, claim: event.claim, current: event } : {}),
    firstSeenAt: Math.min(record.firstSeenAt, event.at),
    lastSeenAt: Math.max(record.lastSeenAt, event.at),
  };
}

/** Records of the conversations these events belong to, except those `hasRow` says were read here. */
export function conversationsFromEvents(events: Iterable<VerdictEvent>, hasRow: (convKey: string) => boolean): Map<string, ConversationRecord> {
  const derived = new Map<string, ConversationRecord>();
  for (const event of events) {
    if (hasRow(event.convKey)) continue;
    derived.set(event.convKey, foldEvent(derived.get(event.convKey), event));
  }
  return derived;
}

/** Newest first, as `orderBy('lastSeenAt').reverse()` returns them (equal times: greater key first). */
export function byLastSeen(a: ConversationRecord, b: ConversationRecord): number {
  return b.lastSeenAt - a.lastSeenAt || (a.convKey < b.convKey ? 1 : a.convKey > b.convKey ? -1 : 0);
}

/**
 * Every conversation Recount knows, newest first: the rows of those read here, and the rest derived from their
 * events. The events are read only when some conversation is known from them alone.
 */
export async function readConversations(db: RecountDB): Promise<ConversationRecord[]> {
  return db.transaction('r', db.conversations, db.events, db.eventOnly, async () => {
    const [rows, eventOnly] = await Promise.all([db.conversations.orderBy('lastSeenAt').reverse().toArray(), db.eventOnly.count()]);
    if (eventOnly === 0) return rows;
    const read = new Set(rows.map((r) => r.convKey));
    const derived = conversationsFromEvents(await db.events.toArray(), (k) => read.has(k));
    return [...rows, ...derived.values()].sort(byLastSeen);
  });
}

/** The latest event of one conversation, from its events (for a conversation without a row). */
export async function latestEventOf(db: RecountDB, convKey: string): Promise<VerdictEvent | null> {
  return currentVerdict(await db.events.where('convKey').equals(convKey).toArray());
}
