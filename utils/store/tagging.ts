// What a helpdesk tab writes: the conversation as read, and each tag as the next event of this installation's
// chain, in one round when the row was remembered, or to the journal while a bulk write holds the log
// (tag-journal.ts); and what it reads back (current verdicts, list-row badges).
// Long because the one-round tag and the read-first tag share one plan of what a tag writes, and are read side by
// side.
import type { ConversationRecord } from '../model/records';
import { conversationsFromEvents, eventsOfConversations, foldEvent, latestEventOf } from './event-only';
import type { ConversationRead, TranscriptMessage } from '../model/transcript';
import type { Suggestion } from '../model/suggest';
import { compareEvents, conversationKeyString, isBillableClaim, type ConversationKey, type Verdict, type VerdictEvent } from '../model/verdict';
import type { TagInput } from '../model/tag-intake';
import type { RecountDB } from './db';
import { installChainId } from './db';
import { moveTallies, tallyDelta } from './tallies';
import { chainHead, dropTabJournalEntry, foldJournalLeftovers, writeToJournal } from './tag-journal';
import { planTag, type SettingsRowValue } from './tag-plan';
import { bulkWriteRunning, forgetRow, forgetTagMemory, rememberRow, rowMemory, tagMemory, type TagMemory } from './tag-memory';
import type { SettingsRow } from './db';
import { getSettings } from './settings';
import { writeInOneTransaction } from './native-transaction';

export async function transcriptDigest(messages: readonly TranscriptMessage[]): Promise<string> {
  const canonical = JSON.stringify(messages.map((m) => [m.author, m.authorName, m.at, m.text]));
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function countMessages(messages: readonly TranscriptMessage[]): ConversationRecord['messageCounts'] {
  const counts = { customer: 0, ai_agent: 0, teammate: 0, note: 0 };
  for (const m of messages) counts[m.author]++;
  return counts;
}

/** Stores what the adapter read; keeps the first-seen time and the verdict projection. */
export async function recordConversationSeen(
  db: RecountDB,
  read: ConversationRead,
  suggestion: Suggestion | null,
  now = Date.now(),
): Promise<ConversationRecord> {
  const digest = await transcriptDigest(read.messages); // outside the transaction: it awaits non-Dexie work
  return db.transaction('rw', [db.conversations, db.settings, db.events, db.tallies], async () => {
    const convKey = conversationKeyString(read.key);
    const [existing, settings] = await Promise.all([db.conversations.get(convKey), getSettings(db)]);
    // Read here for the first time: it may already have events (merged from another agent's log).
    const current = existing ? existing.current : await latestEventOf(db, convKey);
    const record: ConversationRecord = {
      convKey,
      ...read.key,
      agentName: read.agentName,
      claim: read.claim,
      messageCounts: countMessages(read.messages),
      billingNote: read.billingNote,
      billing: read.billing ?? null,
      firstSeenAt: existing?.firstSeenAt ?? now,
      lastSeenAt: now,
      suggestion,
      transcriptDigest: digest,
      transcript: settings.keepTranscripts ? [...read.messages] : null,
      current,
    };
    await Promise.all([db.conversations.put(record), moveTallies(db, [[existing ?? (current ? foldEvent(undefined, current) : null), record]])]);
    rememberRow(db, record); // the next tag on it can skip reading it (checked there)
    return record;
  });
}

/** What a tag says, as the request and the tab's journal entry carry it. */
export type VerdictInput = TagInput;

/** How recent tags were recorded: in one round on what was remembered, by reading first, or to the journal. For tests. */
export const tagPaths = { oneRound: 0, readFirst: 0, journal: 0 };

/** Answers to tags saved to the journal, by event id: the same tag sent again (a lost answer) is answered so. */
const journalAnswers = new WeakMap<RecountDB, Map<string, { event: VerdictEvent; current: VerdictEvent }>>();
const REMEMBERED_ANSWERS = 50;

/** Every store a tag reads or writes. */
const TAG_STORES = ['events', 'conversations', 'settings', 'tombstones', 'tallies'] as const;

class MemoryOutdated extends Error {}

/**
 * Appends one event and moves the projection forward, in one transaction: the caller acks only after commit.
 * Nothing is overwritten: a changed verdict is a new event.
 *
 * A tag is what an agent waits on, and each round of IndexedDB requests costs a round trip. When this database
 * remembers the last tag's reads and the conversation's row, the tag is planned from them and its reads and
 * writes go out together; the reads (issued first, so they see the state before the writes) must then equal
 * what was remembered, or the transaction is aborted — nothing written — and the tag is recorded the careful
 * way: read, then write.
 */
export async function recordVerdict(
  db: RecountDB,
  input: VerdictInput,
  options: { now?: number; id?: string } = {},
): Promise<{ event: VerdictEvent; current: VerdictEvent }> {
  const convKey = conversationKeyString(input.key);
  const memory = tagMemory.get(db);
  const rowJson = rowMemory.get(db)?.get(convKey);
  if (memory && options.id && bulkWriteRunning(db)) {
    const answered = journalAnswers.get(db)?.get(options.id);
    if (answered) return answered;
    tagPaths.journal++;
    return recordInJournal(db, input, options, memory, rowJson);
  }
  if (memory && rowJson !== undefined && options.id) {
    try {
      const result = await recordInOneRound(db, input, options, memory, rowJson);
      tagPaths.oneRound++;
      dropTabJournalEntry(db, options.id);
      return result;
    } catch (error) {
      if (!(error instanceof MemoryOutdated)) throw error;
    }
  }
  tagPaths.readFirst++;
  await foldJournalLeftovers(db);
  const result = await recordReadingFirst(db, input, options);
  if (options.id) dropTabJournalEntry(db, options.id);
  return result;
}

/**
 * While a bulk write holds the log: the tag is planned from what the last tag left (its chain head and settings,
 * and the conversation's row if remembered), saved to the journal and answered; its fold follows the bulk write's
 * current transaction (tag-journal.ts).
 */
async function recordInJournal(
  db: RecountDB,
  input: VerdictInput,
  options: { now?: number; id?: string },
  memory: TagMemory,
  rowJson: string | undefined,
): Promise<{ event: VerdictEvent; current: VerdictEvent }> {
  const remembered = rowJson === undefined ? undefined : (JSON.parse(rowJson) as ConversationRecord);
  const settingsValue = JSON.parse(memory.settingsJson) as SettingsRowValue | null;
  const { event, current } = planTag(input, options, settingsValue ?? undefined, memory.chain, memory.head, remembered);
  // Taken before the write: a tag that comes meanwhile is planned after this one.
  tagMemory.set(db, { ...memory, head: { seq: event.seq, hash: event.hash } });
  forgetRow(db, event.convKey); // the fold decides the row; the next tag on it reads it
  try {
    await writeToJournal(db, event);
  } catch (error) {
    forgetTagMemory(db);
    throw error;
  }
  let answers = journalAnswers.get(db);
  if (!answers) journalAnswers.set(db, (answers = new Map()));
  answers.set(event.id, { event, current });
  if (answers.size > REMEMBERED_ANSWERS) answers.delete(answers.keys().next().value!);
  return { event, current };
}

async function recordInOneRound(
  db: RecountDB,
  input: VerdictInput,
  options: { now?: number; id?: string },
  memory: TagMemory,
  rowJson: string,
): Promise<{ event: VerdictEvent; current: VerdictEvent }> {
  const convKey = conversationKeyString(input.key);
  const remembered = JSON.parse(rowJson) as ConversationRecord;
  const settingsValue = JSON.parse(memory.settingsJson) as SettingsRowValue | null;
  const { event, current, row } = planTag(input, options, settingsValue ?? undefined, memory.chain, memory.head, remembered);
  // The figures' counts move by a delta row written with the rest: no read of them first (see tallies.ts).
  const delta = tallyDelta([[remembered, row]]);
  const ofChain = IDBKeyRange.bound([memory.chain, -Infinity], [memory.chain, []]);
  const committed = await writeInOneTransaction(
    db,
    TAG_STORES,
    // No read of the event's id: an id already there (a retry) makes the add fail, which aborts the same way.
    [
      (tx) => tx.objectStore('settings').get('settings'),
      (tx) => tx.objectStore('settings').get('install'),
      (tx) => tx.objectStore('conversations').get(convKey),
      (tx) => tx.objectStore('events').index('[chain+seq]').openCursor(ofChain, 'prev'),
      (tx) => tx.objectStore('tombstones').openCursor(ofChain, 'prev'),
    ],
    [
      { table: 'events', kind: 'add', value: event },
      { table: 'conversations', kind: 'put', value: row },
      ...(delta ? [{ table: 'tallies', kind: 'add' as const, value: delta }] : []),
    ],
    ([settingsRow, installRow, conversationNow, lastEvent, lastTombstone]) => {
      const last = lastEvent as VerdictEvent | undefined;
      const tombstone = lastTombstone as { seq: number; hash: string } | undefined;
      const headNow = (tombstone?.seq ?? 0) > (last?.seq ?? 0) ? tombstone : last;
      const install = installRow as SettingsRow | undefined;
      const settings = settingsRow as SettingsRow | undefined;
      return (
        install?.key === 'install' &&
        install.value.chainId === memory.chain &&
        JSON.stringify(settings?.key === 'settings' ? settings.value : null) === memory.settingsJson &&
        conversationNow !== undefined &&
        JSON.stringify(conversationNow) === rowJson &&
        headNow?.seq === memory.head?.seq &&
        headNow?.hash === memory.head?.hash
      );
    },
  );
  if (!committed) throw new MemoryOutdated(); // nothing was written: the careful way decides (e.g. a retry's id is there)
  tagMemory.set(db, { ...memory, head: { seq: event.seq, hash: event.hash } });
  rememberRow(db, row);
  return { event, current };
}

async function recordReadingFirst(
  db: RecountDB,
  input: VerdictInput,
  options: { now?: number; id?: string },
): Promise<{ event: VerdictEvent; current: VerdictEvent }> {
  return db.transaction('rw', [db.events, db.conversations, db.settings, db.tombstones, db.tallies], async () => {
    const convKey = conversationKeyString(input.key);
    // Every read a tag needs, issued at once. The chain head is read with the chain id of the last tag; the
    // install row read in this same transaction tells whether that guess still holds (a restore can change it).
    const guessedChain = tagMemory.get(db)?.chain;
    const [already, [settingsRow, installRow], conversation, guessedHead] = await Promise.all([
      options.id ? db.events.get(options.id) : undefined,
      db.settings.bulkGet(['settings', 'install']),
      db.conversations.get(convKey),
      guessedChain ? chainHead(db, guessedChain) : undefined,
    ]);
    // The same tag sent twice (a retry after a lost answer) is recorded once.
    if (already) {
      const ofIt = already.convKey === convKey ? conversation : await db.conversations.get(already.convKey);
      return { event: already, current: ofIt?.current ?? already };
    }
    const settingsValue = settingsRow?.key === 'settings' ? settingsRow.value : undefined;
    const chain = installRow?.key === 'install' ? installRow.value.chainId : await installChainId(db);
    const head = chain === guessedChain ? guessedHead : await chainHead(db, chain);
    const fromEvents = conversation ? undefined : conversationsFromEvents(await eventsFor(db, convKey), () => false).get(convKey);
    const { event, current, row } = planTag(input, options, settingsValue, chain, head, conversation, fromEvents);
    // Both writes in flight together; the transaction commits when both are done.
    const delta = tallyDelta([[conversation ?? fromEvents, row]]);
    await Promise.all([db.events.add(event), db.conversations.put(row), delta ? db.tallies.add(delta) : undefined]);
    tagMemory.set(db, { settingsJson: JSON.stringify(settingsValue ?? null), chain, head: { seq: event.seq, hash: event.hash } });
    rememberRow(db, row);
    return { event, current };
  });
}

export async function currentVerdictFor(db: RecountDB, key: ConversationKey): Promise<VerdictEvent | null> {
  const convKey = conversationKeyString(key);
  return db.transaction('r', db.conversations, db.events, async () => {
    const row = await db.conversations.get(convKey);
    return row ? row.current : latestEventOf(db, convKey);
  });
}

export async function eventsFor(db: RecountDB, convKey: string): Promise<VerdictEvent[]> {
  return (await db.events.where('convKey').equals(convKey).toArray()).sort(compareEvents);
}

/** The whole event log in time order, for export. */
export async function allEvents(db: RecountDB): Promise<VerdictEvent[]> {
  return db.events.orderBy('at').toArray();
}

export interface RowStatus {
  billable: boolean;
  verdict: Verdict | null;
  suggested: Verdict | null;
}

/** Badge data for list rows: conversations Recount has read or has merged events of (it cannot know the rest). */
export async function rowStatuses(db: RecountDB, convKeys: readonly string[]): Promise<Record<string, RowStatus>> {
  const [rows, eventOnly] = await db.transaction('r', db.conversations, db.events, db.eventOnly, async () => {
    const [found, anyEventOnly] = await Promise.all([db.conversations.bulkGet([...convKeys]), db.eventOnly.count()]);
    const missing = convKeys.filter((_, i) => !found[i]);
    // Only when some conversation is known from merged events alone: an agent's own log never needs this read.
    const events = anyEventOnly > 0 && missing.length > 0 ? await eventsOfConversations(db, missing) : [];
    return [found, conversationsFromEvents(events, () => false)] as const;
  });
  const statuses: Record<string, RowStatus> = {};
  for (const row of [...rows, ...eventOnly.values()]) {
    if (!row) continue;
    statuses[row.convKey] = {
      billable: isBillableClaim(row.claim),
      verdict: row.current?.verdict ?? null,
      suggested: row.suggestion?.verdict ?? null,
    };
  }
  return statuses;
}
