// Merging other agents' logs: an idempotent union of events by id, in one all-or-nothing transaction.
// Importing the same file twice changes nothing; the order of imports does not matter.
// Long because the slice checks, the chain-position checks and the writes interleave inside one transaction;
// apart, that order would be hidden.
import Dexie from 'dexie';
import type { RecountDB } from './db';
import type { ConversationRecord } from '../model/records';
import { addLatestEvents, countedAs, foldEvent, foldLatest, latestCountOf, latestEventsFor, type LatestEvents, type LatestEventsMemo } from './event-only';
import { compareEvents, currentVerdict, type VerdictEvent } from '../model/verdict';
import type { Tombstone } from '../model/chain.mjs';
import { moveTallies, type ConversationChange } from './tallies';
import { conversationRowsOf } from './conversation-pages';
import { asBulkWrite } from './tag-memory';

/** An upload read while its parts still arrive: the import's transaction starts with the first part. */
export interface PartStream {
  readonly parts: number;
  /** Rows in all parts together (each part says), for progress. */
  readonly totalRows: number;
  /** The rows of part `i`, undefined while it has not arrived; throws if the page abandoned the upload. */
  part(i: number): unknown[] | undefined;
  /** The rows of part `i` once it has arrived; rejects, naming it, if it has not within `timeoutMs`. */
  whenPart(i: number, timeoutMs?: number): Promise<unknown[]>;
  /** Every part's rows in order, once they have all arrived (outside a transaction: this waits on messages). */
  complete(timeoutMs?: number): Promise<unknown[]>;
}

/** How long a merge waits for a part that has not come (a closed dashboard, a crashed page). */
export const PART_WAIT_MS = 30_000;

export interface MergePlan {
  added: VerdictEvent[];
  alreadyPresent: number;
  /** Same id, different contents: the file disagrees with this log about an event. Refuses the merge. */
  clashing: string[];
  /** Chain positions the file disagrees with this log about (forks, claims on this installation's chain). Refuse it. */
  positionProblems: string[];
  /** Events deleted here (a tombstone with their hash holds their position): left out, not brought back. */
  deletedHere: number;
  /** Conversations whose current verdict the merge would change, from what to what. */
  changedVerdicts: Array<{ convKey: string; before: VerdictEvent | null; after: VerdictEvent }>;
}

/** What a merge did: the current verdicts it moved, to which event (read back by the broadcast that follows). */
interface MergeResult {
  added: VerdictEvent[];
  alreadyPresent: number;
  /** Events deleted here, left out. */
  deletedHere: number;
  changedVerdicts: Array<{ convKey: string; after: VerdictEvent }>;
}

/** Where an event sits in its chain: the key of the [chain+seq] index, as one string. */
const positionKey = (chain: string, seq: number) => `${chain}\u0000${seq}`;

/** What a merge found about chain positions: refusals in words, and events deleted here (skipped). */
interface PositionCheck {
  problems: string[];
  deletedHere: Set<string>;
}

/**
 * Compares the chain positions of `events` with this log's. A chain is one installation's record in order:
 * two different events at one position are a fork, and only this installation writes its own chain, so an
 * event claiming a position there that this log does not hold (as an event or a deleted event's tombstone)
 * was never recorded here. Links across the boundary — this log's event just before or after an incoming
 * one — must hold as well. `incoming` maps every position of the whole merge so far to its event.
 */
async function checkPositions(
  db: RecountDB,
  events: readonly VerdictEvent[],
  incoming: ReadonlyMap<string, VerdictEvent>,
  ownChain: string | null,
  found: PositionCheck = { problems: [], deletedHere: new Set() },
): Promise<PositionCheck> {
  const ranges = new Map<string, { min: number; max: number }>();
  for (const e of events) {
    const range = ranges.get(e.chain);
    if (!range) ranges.set(e.chain, { min: e.seq, max: e.seq });
    else {
      range.min = Math.min(range.min, e.seq);
      range.max = Math.max(range.max, e.seq);
    }
  }
  const say = (problem: string) => {
    if (found.problems.length < 20) found.problems.push(problem);
  };
  // Every chain's reads at once, then every neighbour at once: two round trips, not a few per chain. Dexie's own
  // promises throughout (Dexie.Promise.all over its queries, no async functions): a transaction stays open across
  // those, not across native ones.
  const chains = [...ranges];
  const reads = await Dexie.Promise.all(
    chains.map(([chain, { min, max }]) => {
      const between = [[chain, min - 1], [chain, max + 1], true, true] as const;
      return Dexie.Promise.all([
        db.events.where('[chain+seq]').between(...between).keys() as PromiseLike<unknown[]>,
        db.events.where('[chain+seq]').between(...between).primaryKeys(),
        db.tombstones.where('[chain+seq]').between(...between).toArray(),
      ]);
    }),
  );
  // What this log holds at each position of each range: an event (its id) or a deleted event's tombstone.
  const helds = chains.map(([chain], c) => {
    const [keys, ids, tombstones] = reads[c];
    const held = new Map<number, { id: string } | { tombstone: Tombstone }>();
    keys.forEach((key, i) => held.set((key as [string, number])[1], { id: ids[i] }));
    for (const t of tombstones) held.set(t.seq, { tombstone: t });
    return held;
  });
  const neighbourIds = chains.flatMap(([chain], c) =>
    [...helds[c]].filter(([seq, h]) => 'id' in h && incoming.get(positionKey(chain, seq))?.id !== h.id).map(([, h]) => (h as { id: string }).id),
  );
  const neighbours = new Map(neighbourIds.length === 0 ? [] : (await db.events.bulkGet(neighbourIds)).map((e) => [positionKey(e!.chain, e!.seq), e!]));
  for (const [c, [chain]] of chains.entries()) {
    const held = helds[c];
    for (const [seq, h] of held) {
      const mine = incoming.get(positionKey(chain, seq));
      const here = 'id' in h ? neighbours.get(positionKey(chain, seq)) : h.tombstone;
      const name = 'id' in h ? `event ${h.id}` : 'an event deleted here';
      if (mine && 'id' in h && mine.id === h.id) continue; // the same event (already here, or written by this merge)
      if (mine && 'tombstone' in h && mine.hash === h.tombstone.hash) {
        found.deletedHere.add(mine.id);
        continue;
      }
      if (mine) {
        say(`event ${mine.id} claims position ${seq} of chain ${chain}, which ${name} holds here (a fork: refused)`);
        continue;
      }
      if (!here) continue;
      const after = incoming.get(positionKey(chain, seq + 1));
      if (after && after.prevHash !== here.hash) say(`event ${after.id} (chain ${chain}, seq ${seq + 1}) does not link to ${name} before it here`);
      const before = incoming.get(positionKey(chain, seq - 1));
      if (before && here.prevHash !== before.hash) say(`event ${before.id} (chain ${chain}, seq ${seq - 1}) is not the event ${name} after it here links to`);
    }
    if (chain === ownChain) {
      for (const e of events) {
        if (e.chain === chain && !held.has(e.seq)) {
          say(`event ${e.id} claims position ${e.seq} of this installation's own chain, but this installation never recorded it (refused)`);
        }
      }
    }
  }
  return found;
}

/** This installation's chain id, if it has recorded anything yet. */
async function ownChainOf(db: RecountDB): Promise<string | null> {
  const row = await db.settings.get('install');
  return row?.key === 'install' ? row.value.chainId : null;
}

/**
 * The chain-position problems of these (checked) events against this log, in words, read without writing: a
 * pull checks a whole page this way before writing it in slices.
 */
export async function checkBatchPositions(db: RecountDB, events: readonly VerdictEvent[]): Promise<string[]> {
  return db.transaction('r', [db.events, db.tombstones, db.settings], async () => {
    const positions = new Map(events.map((e) => [positionKey(e.chain, e.seq), e]));
    return (await checkPositions(db, events, positions, await ownChainOf(db))).problems;
  });
}

export async function planMerge(db: RecountDB, incoming: readonly VerdictEvent[]): Promise<MergePlan> {
  const existing = await db.events.bulkGet(incoming.map((e) => e.id));
  const added: VerdictEvent[] = [];
  const clashing: string[] = [];
  let alreadyPresent = 0;
  const positions = new Map(incoming.map((e) => [positionKey(e.chain, e.seq), e]));
  const { problems: positionProblems, deletedHere } = await checkPositions(db, incoming, positions, await ownChainOf(db));
  incoming.forEach((event, i) => {
    const there = existing[i];
    if (deletedHere.has(event.id)) return;
    if (!there) added.push(event);
    else if (there.hash === event.hash) alreadyPresent++;
    else clashing.push(event.id);
  });
  const byConv = byConversation(added);
  const rows = await db.conversations.bulkGet([...byConv.keys()]);
  // Conversations known only from events: their latest event, by the id the event-only index keeps.
  const latest = await latestEventsFor(db, [...byConv.keys()]);
  const eventOnlyIds = [...byConv.keys()].filter((k, i) => !rows[i] && latest.has(k)).map((k) => latest.get(k)!.id);
  const eventOnlyBefore = new Map((await db.events.bulkGet(eventOnlyIds)).filter((e) => e).map((e) => [e!.convKey, e!]));
  const changedVerdicts: MergePlan['changedVerdicts'] = [];
  [...byConv.entries()].forEach(([convKey, events], i) => {
    const before = rows[i] ? rows[i].current : (eventOnlyBefore.get(convKey) ?? null);
    const after = currentVerdict(before ? [before, ...events] : events)!;
    if (!before || after.id !== before.id) changedVerdicts.push({ convKey, before, after });
  });
  return { added, alreadyPresent, clashing, positionProblems, deletedHere: deletedHere.size, changedVerdicts };
}

const MERGE_SLICE = 5000;
/** Write requests with the database at once when a merge writes in chunks (see addSlice in applyMerge). */
const CHUNKS_IN_FLIGHT = 4;

/** How many events a merge writes per request, and how many conversations it looks up per batch. */
export interface MergePace {
  writeChunk: number;
  lookupBatch: number;
}
const WHOLE_SLICES: MergePace = { writeChunk: MERGE_SLICE, lookupBatch: Infinity };
/** A team pull's pace: small requests, so a tag is answered between them. */
export const PULL_PACE: MergePace = { writeChunk: 50, lookupBatch: 100 };

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

/** How a merge checks what it is given, a slice at a time (see sliceChecker in import.ts). */
interface MergeCheck {
  /** The slice's events, well formed and hashed right, or null: the merge is refused. */
  slice: (raw: readonly unknown[]) => VerdictEvent[] | null;
  /** Once every slice passed: the chains' links. */
  links: (events: readonly VerdictEvent[]) => boolean;
}

/** Events already checked (tests, events this installation wrote). */
const CHECKED: MergeCheck = { slice: (raw) => raw as VerdictEvent[], links: () => true };

/** A slice failed its check: nothing was written (the transaction was aborted). The caller names why. */
export class MergeRefused extends Error {}

/** Events at hand, as parts of MERGE_SLICE. */
function partsOf(events: readonly unknown[]): PartStream {
  const part = (i: number) => events.slice(i * MERGE_SLICE, (i + 1) * MERGE_SLICE);
  return { parts: Math.ceil(events.length / MERGE_SLICE), totalRows: events.length, part, whenPart: async (i) => part(i), complete: async () => [...events] };
}

/**
 * Adds the events this log lacks and moves each conversation's projection, all in one transaction.
 * Every event is added straight away: an id already here fails on its own (the database's key check), and
 * only those are read back and compared. Asking first for every id cost as much as a fifth of the writes.
 * Each slice is checked while the database writes the slice before it; a refused slice aborts everything.
 */
export async function applyMerge(
  db: RecountDB,
  incoming: readonly unknown[] | PartStream,
  onProgress: (done: number, total: number) => void = () => undefined,
  check: MergeCheck = CHECKED,
  partWaitMs = PART_WAIT_MS,
  /**
   * Events per write request and conversations per lookup batch. A whole slice at once is fastest; a team pull,
   * which runs while agents tag, goes a few dozen at a time (PULL_PACE) so that the worker's thread (which issues
   * every request) answers a tag in between.
   */
  pace: MergePace = WHOLE_SLICES,
  /** The event-only index's keys as known from one merge to the next, when merges come one after another (a team pull). */
  memo?: LatestEventsMemo,
): Promise<MergeResult> {
  const writeChunk = pace.writeChunk;
  const source = Array.isArray(incoming) ? partsOf(incoming) : (incoming as PartStream);
  // A bulk write: a tag that comes meanwhile goes to the journal rather than wait for it (tag-journal.ts).
  return asBulkWrite(db, () => db.transaction('rw', [db.events, db.conversations, db.eventOnly, db.settings, db.tombstones, db.tallies], async () => {
    // In slices, for a progress bar: the events are nearly all the work (the conversations' side is a few rows).
    const total = source.totalRows;
    const ownChain = await ownChainOf(db);
    const positions = new Map<string, VerdictEvent>();
    const found: PositionCheck = { problems: [], deletedHere: new Set() };
    const present: number[] = [];
    const checked: VerdictEvent[] = [];
    // A Dexie promise throughout (not an async function's native one): awaiting it keeps the transaction's zone
    // even once it has settled, so the next slice can be checked against the log while this one is written.
    const addChunk = (slice: VerdictEvent[], start: number, from: number): PromiseLike<void> =>
      db.events.bulkAdd(slice.slice(from, from + writeChunk)).then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof Dexie.BulkError)) throw error;
          const failures = Object.entries(error.failuresByPos);
          const other = failures.find(([, e]) => e.name !== 'ConstraintError');
          if (other) throw other[1];
          for (const [pos] of failures) present.push(start + from + Number(pos));
        },
      );
    // In chunks of `writeChunk`, a few with the database at a time: issuing a write holds the worker's thread for
    // as long as its events take to copy (about 50 µs each here).
    const addSlice = (slice: VerdictEvent[], start: number): PromiseLike<void> => {
      const chunks: PromiseLike<void>[] = [];
      for (let from = 0, i = 0; from < slice.length; from += writeChunk, i++) {
        // The first ones now, not a microtask later: the next slice's check runs right after this returns, and the
        // database writes meanwhile only what was already asked of it.
        chunks.push(i < CHUNKS_IN_FLIGHT ? addChunk(slice, start, from) : chunks[i - CHUNKS_IN_FLIGHT].then(() => addChunk(slice, start, from)));
      }
      return Dexie.Promise.all(chunks).then(() => onProgress(Math.round((start + slice.length) * 0.95), total));
    };
    let writing: PromiseLike<void> = Dexie.Promise.resolve();
    const refuse = () => new MergeRefused('refused by its check');
    for (let i = 0; i < source.parts; i++) {
      // A part still on its way (an upload): Dexie.waitFor keeps the transaction open meanwhile with reads of
      // its own (IndexedDB commits a transaction the moment nothing is pending). Parts come far faster than
      // slices are written, so this rarely waits at all.
      const raw = source.part(i) ?? (await Dexie.waitFor(source.whenPart(i, partWaitMs), partWaitMs + 1000));
      const checkedSlice = check.slice(raw); // while the previous slice is written
      if (!checkedSlice) throw refuse();
      for (const e of checkedSlice) positions.set(positionKey(e.chain, e.seq), e);
      // Its positions against this log's, while the slice before is written (its reads queue after that write,
      // so the slices before count as held).
      await checkPositions(db, checkedSlice, positions, ownChain, found);
      if (found.problems.length > 0) throw new Error(`Not merged, nothing written: ${found.problems.slice(0, 5).join('; ')}`);
      const slice = found.deletedHere.size === 0 ? checkedSlice : checkedSlice.filter((e) => !found.deletedHere.has(e.id));
      await writing;
      const start = checked.length;
      for (const e of slice) checked.push(e);
      writing = addSlice(slice, start);
      Promise.resolve(writing).catch(() => undefined); // awaited below; if the loop throws first (a refusal), its error is the answer
    }
    if (!check.links(checked)) throw refuse();
    // What is known of these conversations so far — their rows, or the event-only index's entries in their key
    // range — asked for while the last slice is written (for every conversation of the file: a superset).
    const allKeys = [...new Set(checked.map((e) => e.convKey))];
    const lookups = Promise.all([conversationRowsOf(db, allKeys), latestEventsFor(db, allKeys, new Set(checked.map((e) => e.id)), pace.lookupBatch, memo)]);
    lookups.catch(() => undefined); // if the write fails, that is the error to report
    await writing;
    const there = present.length > 0 ? await db.events.bulkGet(present.map((i) => checked[i].id)) : [];
    const clashing = present.filter((pos, i) => there[i]?.hash !== checked[pos].hash).map((pos) => checked[pos].id);
    if (clashing.length > 0) {
      // Thrown inside the transaction: the events added above are rolled back with it.
      throw new Error(`Not merged: ${clashing.length} event(s) have the same id as events here but other contents (${clashing.slice(0, 3).join(', ')}…)`);
    }
    const presentSet = new Set(present);
    const added = presentSet.size === 0 ? checked : checked.filter((_, i) => !presentSet.has(i));
    // The projection moves with what was added alone: a conversation's current verdict is the latest of its
    // events, and what is known of its latest so far is either its row (read here) or the event-only index.
    const addedByConv = byConversation(added);
    const [allRows, latest] = await lookups;
    // Events of this merge that were here already count as stored before it (a lookup by key left them out).
    for (const pos of present) foldLatest(latest, checked[pos].convKey, { at: checked[pos].at, id: checked[pos].id, counts: latestCountOf(checked[pos]) });
    const rowOf = new Map(allKeys.map((k, i) => [k, allRows[i]]));
    const updated: ConversationRecord[] = [];
    const changedVerdicts: MergeResult['changedVerdicts'] = [];
    const movedLatest: LatestEvents = new Map();
    // The figures' counts move with each conversation: from its row, or from its latest event so far (read below).
    const tallied: ConversationChange[] = [];
    // Conversations known only from events whose latest this merge replaces: what that event counted for is kept in
    // the index beside it (event-only.ts); only an entry without it (an older index) has its event read.
    const replacedLatest: Array<{ id: string; before: ConversationChange[0]; after: ConversationRecord }> = [];
    for (const [convKey, addedHere] of addedByConv) {
      const newest = currentVerdict(addedHere)!;
      const row = rowOf.get(convKey);
      const before = row ? row.current : (latest.get(convKey) ?? null);
      if (before && compareEvents(before, newest) >= 0) continue; // what it had stays the latest
      changedVerdicts.push({ convKey, after: newest });
      if (row && row.transcriptDigest === '') {
        // A row that was never a read (an earlier version's merge, a tag before its read): its events speak.
        const next = addedHere.reduce(foldEvent, row);
        updated.push(next);
        tallied.push([row, next]);
      } else if (row) {
        const next = { ...row, current: newest };
        updated.push(next);
        tallied.push([row, next]);
      } else {
        movedLatest.set(convKey, { at: newest.at, id: newest.id, counts: latestCountOf(newest) });
        const entry = before ? latest.get(convKey) : undefined;
        if (before) replacedLatest.push({ id: before.id, before: entry ? countedAs(convKey, entry) : null, after: foldEvent(undefined, newest) });
        else tallied.push([null, foldEvent(undefined, newest)]);
      }
    }
    const unknown = replacedLatest.filter((r) => !r.before);
    if (unknown.length > 0) {
      const previous = await db.events.bulkGet(unknown.map((r) => r.id));
      unknown.forEach((r, i) => (r.before = previous[i] ? foldEvent(undefined, previous[i]) : null));
    }
    for (const r of replacedLatest) tallied.push([r.before, r.after]);
    await Promise.all([db.conversations.bulkPut(updated), addLatestEvents(db, movedLatest, memo), moveTallies(db, tallied)]);
    onProgress(total, total);
    return { added, alreadyPresent: present.length, deletedHere: found.deletedHere.size, changedVerdicts };
  }));
}

export { compareEvents };
