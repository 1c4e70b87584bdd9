// Conversations known only from their events: merged in from other agents' logs, never read in this browser.
// A merge writes their events and no row per conversation (a row per new conversation doubled the cost of an
// import: IndexedDB charges per row, whatever its size). What a row would hold is derived from the events —
// the latest one gives the verdict and the vendor's claim — and a small index remembers each such
// conversation's latest event, so the next merge can tell what it changes without reading events again.
// A conversation read here has its own row, which always wins: it holds what was read, and its `current`.
//
// The index is kept in chunks, one per merge (sorted keys, their range in a directory row): a merge reads only
// the chunks whose key range meets its own and adds one chunk, so its cost does not grow with every
// conversation ever merged. A key in several chunks takes its latest entry. Past MAX_CHUNKS they are merged.
// Long because the index, what a run of merges keeps of it and the records derived from events are one subject.
import Dexie from 'dexie';
import type { ChunkEntry, EventOnlyRow, RecountDB } from './db';
import type { ConversationRecord } from '../model/records';
import { compareEvents, currentVerdict, type VerdictEvent } from '../model/verdict';
import { contributionOf, tallyFields, tallyKey, type CountedAs } from '../model/tally';
import { addKey, mayHold, newKeyFilter, type KeyFilter } from './key-filter';

/** What a conversation's latest event counts for in the figures (with its time, all of its contribution). */
export interface LatestCount {
  tallyKey: string;
  units: number;
  noted: boolean;
}

/**
 * The latest event's time and id of each conversation known only from events, and what it counts for where known:
 * a merge that replaces it then moves the figures without reading it.
 */
export type LatestEvents = Map<string, LatestEntry>;
export type LatestEntry = { at: number; id: string; counts?: LatestCount };

/** What this event counts for as the latest of a conversation known only from events (foldEvent's record). */
export function latestCountOf(event: VerdictEvent): LatestCount | undefined {
  const contribution = contributionOf(foldEvent(undefined, event));
  return contribution ? { tallyKey: tallyKey(contribution), units: contribution.units, noted: event.note !== '' } : undefined;
}

/** The conversation as counted by its latest entry, or null when the entry does not say. */
export function countedAs(convKey: string, entry: LatestEntry): CountedAs | null {
  if (!entry.counts) return null;
  return { convKey, contribution: { ...tallyFields(entry.counts.tallyKey), at: entry.at, units: entry.counts.units }, noted: entry.counts.noted };
}

type Directory = Extract<EventOnlyRow, { key: 'directory' }>;
type Chunk = Extract<EventOnlyRow, { convKeys: string[] }>;

const DIRECTORY = 'directory';
/** The stamp of an index with nothing in it (no directory row). */
const NO_INDEX = 'none';
/** Chunks beyond this many are merged into as few as possible (each of at most CHUNK_SIZE keys). */
const MAX_CHUNKS = 32;
const CHUNK_SIZE = 50_000;

async function readDirectory(db: RecountDB): Promise<Directory> {
  const row = await db.eventOnly.get(DIRECTORY);
  return row && 'chunks' in row ? row : { key: DIRECTORY, next: 1, chunks: [], stamp: NO_INDEX };
}

/**
 * What a run of merges one after the other (a team pull, page after page) knows of the index: which keys it holds,
 * as a filter that says for certain when a key is not there. A page's new conversations — most of a pull into a
 * log that lacks them — are then answered without a lookup each; only keys the filter may hold are looked up. The
 * filter is read from the index once, then given each merge's own keys. It answers only while the directory's
 * stamp is the one it last saw: whatever else changes the index (another merge, a deletion, a restore) writes a
 * new stamp, and the filter is read again. Past `most` keys (LATEST_MEMO_MOST unless said) it is given up: its
 * "not there" would hold still, but it would say "may be" of nearly everything.
 */
export interface LatestEventsMemo {
  stamp: string | null;
  keys: KeyFilter | null;
  /** The index grew past `most` keys: the memo is no longer used. */
  givenUp: boolean;
  most: number;
}

export const LATEST_MEMO_MOST = 250_000;

export function newLatestEventsMemo(most = LATEST_MEMO_MOST): LatestEventsMemo {
  return { stamp: null, keys: null, givenUp: false, most };
}

/** The memo's filter, read again first if the index changed since; null when the memo is not used. */
async function currentMemo(db: RecountDB, directory: Directory, memo: LatestEventsMemo): Promise<KeyFilter | null> {
  if (memo.givenUp) return null;
  if (memo.keys && directory.stamp !== undefined && memo.stamp === directory.stamp) return memo.keys;
  const entries = directory.chunks.reduce((n, c) => n + c.size, 0);
  if (entries > memo.most) return giveUp(memo);
  const keys = newKeyFilter(memo.most);
  for (const chunk of (await db.eventOnly.bulkGet(directory.chunks.map((c) => c.key))) as Array<Chunk | undefined>) {
    for (const convKey of chunk?.convKeys ?? []) addKey(keys, convKey);
  }
  memo.keys = keys;
  // An index written before stamps: read again next time too, until a merge stamps it.
  memo.stamp = directory.stamp ?? null;
  return keys;
}

function giveUp(memo: LatestEventsMemo): null {
  memo.givenUp = true;
  memo.keys = null;
  memo.stamp = null;
  return null;
}

/** The index changed from stamp `before` to `after` by adding `added`: a memo that was current takes them. */
function moveMemo(memo: LatestEventsMemo | undefined, before: string | undefined, after: string, added: Iterable<string>): void {
  if (!memo?.keys || memo.givenUp || before === undefined || memo.stamp !== before) return;
  for (const convKey of added) addKey(memo.keys, convKey);
  memo.stamp = after;
  if (memo.keys.added > memo.most) giveUp(memo);
}

/** Folds entries in, keeping each key's latest. */
export function foldLatest(into: LatestEvents, convKey: string, entry: LatestEntry): void {
  const there = into.get(convKey);
  if (!there || compareEvents(entry, there) > 0) into.set(convKey, entry);
}

/** The index's entries, all of them or those whose key lies within [min, max]. */
export async function readLatestEvents(db: RecountDB, within?: { min: string; max: string }): Promise<LatestEvents> {
  const directory = await readDirectory(db);
  const wanted = directory.chunks.filter((c) => !within || (c.min <= within.max && c.max >= within.min));
  const latest: LatestEvents = new Map();
  if (wanted.length === 0) return latest;
  for (const chunk of (await db.eventOnly.bulkGet(wanted.map((c) => c.key))) as Array<Chunk | undefined>) {
    if (!chunk) continue;
    const { tallies, tallyKeys, units, noted } = chunk;
    chunk.convKeys.forEach((convKey, i) => {
      if (within && (convKey < within.min || convKey > within.max)) return;
      const t = tallies?.[i] ?? -1;
      const counts = t >= 0 && tallyKeys && units && noted ? { tallyKey: tallyKeys[t], units: units[i], noted: noted[i] === 1 } : undefined;
      foldLatest(latest, convKey, counts ? { at: chunk.ats[i], id: chunk.ids[i], counts } : { at: chunk.ats[i], id: chunk.ids[i] });
    });
  }
  return latest;
}

/** A lookup by key costs about as much as reading this many of the index's entries in bulk (measured order). */
const ENTRIES_PER_KEY_LOOKUP = 4;
/** Batches of lookups with the database at once (see latestEventsFor). */
const LOOKUPS_IN_FLIGHT = 4;

/**
 * The latest stored event (time and id) of each of these conversations known only from events, leaving out the
 * events `excluding` names (a merge's own, already written in its transaction). Whichever is cheaper: the index's
 * chunks that meet the keys' range, or — when those hold far more entries than there are keys, as in page after
 * page of a team pull over a large log — a lookup per key in the events' conversation index. Either way the
 * answer is the same; conversations with a row of their own may be answered too (callers use the row instead).
 */
export async function latestEventsFor(
  db: RecountDB,
  convKeys: readonly string[],
  excluding: ReadonlySet<string> = new Set(),
  /** Lookups issued together, LOOKUPS_IN_FLIGHT batches at a time; all at once by default (fastest). */
  lookupBatch = convKeys.length,
  /** What a run of merges knows of the index's keys (a pull's pages): keys it never held are not looked up. */
  memo?: LatestEventsMemo,
): Promise<LatestEvents> {
  const range = keyRange(convKeys);
  if (!range) return new Map();
  const directory = await readDirectory(db);
  const known = memo ? await currentMemo(db, directory, memo) : null;
  if (known) {
    // Only the keys the index may hold are looked up (a false "may" costs a lookup, never a wrong answer).
    const maybe = convKeys.filter((k) => mayHold(known, k));
    if (maybe.length < convKeys.length) return maybe.length === 0 ? new Map() : latestEventsFor(db, maybe, excluding, lookupBatch);
  }
  const entries = directory.chunks.reduce((n, c) => (c.min <= range.max && c.max >= range.min ? n + c.size : n), 0);
  // The index is as it was before the merge: a merge adds its chunk last.
  if (entries <= convKeys.length * ENTRIES_PER_KEY_LOOKUP) return readLatestEvents(db, range);
  // In batches when asked (a team pull): issuing thousands of lookups at once held the worker's thread (and every
  // message waiting for it, a tag's among them) for 150–200 ms.
  const batches: PromiseLike<unknown[]>[] = [];
  for (let from = 0, i = 0; from < convKeys.length; from += Math.max(1, lookupBatch), i++) {
    const batch = () => Dexie.Promise.all(convKeys.slice(from, from + Math.max(1, lookupBatch)).map((k) => db.events.where('convKey').equals(k).primaryKeys()));
    batches.push(i < LOOKUPS_IN_FLIGHT ? batch() : batches[i - LOOKUPS_IN_FLIGHT].then(batch));
  }
  const idLists = (await Dexie.Promise.all(batches)).flat();
  const stored = idLists.flatMap((ids) => (ids as string[]).filter((id) => !excluding.has(id)));
  const latest: LatestEvents = new Map();
  if (stored.length === 0) return latest;
  for (const e of await db.events.bulkGet(stored)) if (e) foldLatest(latest, e.convKey, { at: e.at, id: e.id, counts: latestCountOf(e) });
  return latest;
}

function chunkOf(key: string, entries: Array<[string, LatestEntry]>): { chunk: Chunk; entry: ChunkEntry } {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // Each distinct tally key once per chunk (a few hundred at most), the entries by number.
  const tallyKeys: string[] = [];
  const tallyIds = new Map<string, number>();
  const chunk: Required<Chunk> = { key, convKeys: [], ats: [], ids: [], tallies: [], tallyKeys, units: [], noted: [] };
  for (const [convKey, { at, id, counts }] of entries) {
    chunk.convKeys.push(convKey);
    chunk.ats.push(at);
    chunk.ids.push(id);
    let t = -1;
    if (counts) {
      t = tallyIds.get(counts.tallyKey) ?? -1;
      if (t < 0) tallyIds.set(counts.tallyKey, (t = tallyKeys.push(counts.tallyKey) - 1));
    }
    chunk.tallies.push(t);
    chunk.units.push(counts?.units ?? 0);
    chunk.noted.push(counts?.noted ? 1 : 0);
  }
  return { chunk, entry: { key, min: chunk.convKeys[0], max: chunk.convKeys[chunk.convKeys.length - 1], size: entries.length } };
}

/**
 * Replaces the whole index (after a deletion or a restore). An empty index leaves the table empty. Answers the
 * index's new stamp.
 */
export async function replaceLatestEvents(db: RecountDB, latest: LatestEvents): Promise<string> {
  await db.eventOnly.clear();
  if (latest.size === 0) return NO_INDEX;
  const sorted = [...latest].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const directory: Directory = { key: DIRECTORY, next: 1, chunks: [], stamp: crypto.randomUUID() };
  const chunks: Chunk[] = [];
  for (let i = 0; i < sorted.length; i += CHUNK_SIZE) {
    const { chunk, entry } = chunkOf(`chunk:${directory.next++}`, sorted.slice(i, i + CHUNK_SIZE));
    chunks.push(chunk);
    directory.chunks.push(entry);
  }
  await db.eventOnly.bulkPut([...chunks, directory]);
  return directory.stamp!;
}

/**
 * Adds what a merge moved (each entry newer than any the index has for its key) as one more chunk; a memo that
 * was current takes the same entries.
 */
export async function addLatestEvents(db: RecountDB, changed: LatestEvents, memo?: LatestEventsMemo): Promise<void> {
  if (changed.size === 0) return;
  const directory = await readDirectory(db);
  if (directory.chunks.length >= MAX_CHUNKS) {
    const all = await readLatestEvents(db);
    for (const [convKey, entry] of changed) foldLatest(all, convKey, entry);
    const stamp = await replaceLatestEvents(db, all);
    // The same keys as before and the merge's: a memo that was current stays so.
    moveMemo(memo, directory.stamp, stamp, changed.keys());
    return;
  }
  const { chunk, entry } = chunkOf(`chunk:${directory.next}`, [...changed]);
  const next: Directory = { ...directory, next: directory.next + 1, chunks: [...directory.chunks, entry], stamp: crypto.randomUUID() };
  await db.eventOnly.bulkPut([chunk, next]);
  moveMemo(memo, directory.stamp, next.stamp!, changed.keys());
}

/** The smallest and largest of some keys (for readLatestEvents' `within`); null for none. */
export function keyRange(keys: Iterable<string>): { min: string; max: string } | null {
  let range: { min: string; max: string } | null = null;
  for (const k of keys) {
    if (!range) range = { min: k, max: k };
    else if (k < range.min) range.min = k;
    else if (k > range.max) range.max = k;
  }
  return range;
}

/**
 * Every event of these conversations: one request per conversation, all sent at once. (Dexie's `anyOf` walks one
 * cursor from key to key, a round trip each: 50 conversations took 22–34 ms against 4–8 ms this way, at 100,000
 * events on the eleventh session's machine.)
 */
export async function eventsOfConversations(db: RecountDB, convKeys: readonly string[]): Promise<VerdictEvent[]> {
  const lists = await Dexie.Promise.all([...new Set(convKeys)].map((k) => db.events.where('convKey').equals(k).toArray()));
  return lists.flat();
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
 * events (`fromEvents` names those). The events are read only when some conversation is known from them alone.
 */
export async function readConversationsAndOrigin(db: RecountDB): Promise<{ conversations: ConversationRecord[]; fromEvents: Set<string> }> {
  return db.transaction('r', db.conversations, db.events, db.eventOnly, async () => {
    const [rows, eventOnly] = await Promise.all([db.conversations.orderBy('lastSeenAt').reverse().toArray(), db.eventOnly.count()]);
    if (eventOnly === 0) return { conversations: rows, fromEvents: new Set<string>() };
    const read = new Set(rows.map((r) => r.convKey));
    const derived = conversationsFromEvents(await db.events.toArray(), (k) => read.has(k));
    return { conversations: [...rows, ...derived.values()].sort(byLastSeen), fromEvents: new Set(derived.keys()) };
  });
}

export async function readConversations(db: RecountDB): Promise<ConversationRecord[]> {
  return (await readConversationsAndOrigin(db)).conversations;
}

/** The latest event of one conversation, from its events (for a conversation without a row). */
export async function latestEventOf(db: RecountDB, convKey: string): Promise<VerdictEvent | null> {
  return currentVerdict(await db.events.where('convKey').equals(convKey).toArray());
}
