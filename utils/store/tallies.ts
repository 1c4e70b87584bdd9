// The dashboard's figures kept at write time: per local day, how many relevant conversations have each
// combination of vendor, workspace, claim, verdict, reason and reviewer (and their billed units). Every write that
// moves a conversation (a read, a tag, a merge) moves these counts in its own transaction, so they are always the
// counts of what is stored, and the dashboard reads a row per day instead of every conversation.
//
// Days are local days, so the counts belong to one time zone (the meta row says which). Counted in another zone,
// or never counted (a database from before them), they are built again from the conversations: `rebuildTallies`.
//
// A tag does not read the counts: reading them first would add a round trip to the one an agent waits on. It
// appends its change as a delta row in the same transaction; readers add the deltas in, and the background folds
// them into the days once tags pause (`scheduleFold`).
import type { ConversationRecord } from '../model/records';
import { contributionOf, contributionOfEither, localZone, moveCounts, type Contribution, type CountedAs, type DayCounts } from '../model/tally';
import type { RecountDB, TallyRow } from './db';
import { conversationsFromEvents } from './event-only';
import { compactNotesIfGrown, noteColumnsOf, noteLogRow, rebuildNoteBase } from './notes';
import { emptyColumns, type NoteColumns } from '../model/note-index';

const META = 'meta';
const dayRowKey = (day: string) => `day:${day}`;

type DayRow = Extract<TallyRow, { day: string }>;
type DeltaRow = Extract<TallyRow, { days: Record<string, DayCounts> }>;
type MetaRow = Extract<TallyRow, { key: 'meta' }>;

const isMeta = (row: TallyRow | undefined): row is MetaRow => row !== undefined && row.key === META && 'zone' in row;
/** Counted here, in this time zone, with the notes' index (a meta row from before the index has it built). */
export const countsAreBuilt = (row: TallyRow | undefined): row is MetaRow => isMeta(row) && row.zone === localZone() && row.notes === 1;
/** The meta row of counts built now. */
export const builtMeta = (): TallyRow => ({ key: META, zone: localZone(), notes: 1 });
let deltaSerial = 0;

/** A conversation's change, before and after a write (undefined or null: not there, or not counted). */
/** A conversation before (its record, or what it counted for) and after a write. */
export type ConversationChange = [before: ConversationRecord | CountedAs | null | undefined, after: ConversationRecord | null | undefined];

/**
 * Moves the counts by these changes, inside the caller's transaction (which must include `db.tallies`). Counts
 * not built yet, or built in another time zone, are left alone: the dashboard has them built again.
 */
export async function moveTallies(db: RecountDB, changes: Iterable<ConversationChange>): Promise<void> {
  const list = [...changes];
  const delta = deltaOf(list);
  const notes = noteColumnsOf(list);
  if (delta.size === 0 && !notes) return;
  const days = [...delta.keys()];
  const [meta, ...rows] = await db.tallies.bulkGet([META, ...days.map(dayRowKey)]);
  if (!countsAreBuilt(meta)) return;
  const written: TallyRow[] = days.map((day, i) => addedUp(day, rows[i] as DayRow | undefined, [delta.get(day)!]));
  if (notes) written.push(noteLogRow(notes));
  await db.tallies.bulkPut(written);
}

function deltaOf(changes: Iterable<ConversationChange>): Map<string, DayCounts> {
  const delta = new Map<string, DayCounts>();
  for (const [before, after] of changes) {
    const b = contributionOfEither(before);
    const a = contributionOf(after);
    if (!sameContribution(b, a)) moveCounts(delta, b, a);
  }
  return delta;
}

/** A day's row with these changes added (an entry that comes to nothing leaves). */
function addedUp(day: string, row: DayRow | undefined, changes: readonly DayCounts[]): DayRow {
  const counts: DayCounts = { ...(row?.counts ?? {}) };
  for (const change of changes) {
    for (const [key, [n, units]] of Object.entries(change)) {
      const there = counts[key] ?? [0, 0];
      const sum: [number, number] = [there[0] + n, there[1] + units];
      if (sum[0] === 0 && sum[1] === 0) delete counts[key];
      else counts[key] = sum;
    }
  }
  return { key: dayRowKey(day), day, counts };
}

/**
 * A tag's change as a row to add in its own transaction (no read first), or null if the counts do not move.
 * Keys sort in the order they were made here; the order does not matter to a sum anyway.
 */
export function tallyDelta(changes: Iterable<ConversationChange>): TallyRow | null {
  const list = [...changes];
  const delta = deltaOf(list);
  const notes = noteColumnsOf(list);
  if (delta.size === 0 && !notes) return null;
  const key = `delta:${Date.now().toString(36).padStart(9, '0')}:${(deltaSerial++).toString(36)}:${Math.random().toString(36).slice(2, 8)}`;
  return { key, zone: localZone(), days: Object.fromEntries(delta), ...(notes ? { notes } : {}) };
}

/** Folds the deltas into their days (one transaction); deltas of counts that must be rebuilt anyway just go. */
export async function foldTallyDeltas(db: RecountDB): Promise<number> {
  return db.transaction('rw', db.tallies, async () => {
    const deltas = (await db.tallies.where(':id').between('delta:', 'delta:\uffff').toArray()) as DeltaRow[];
    if (deltas.length === 0) return (await compactNotesIfGrown(db)) ? 1 : 0;
    const meta = await db.tallies.get(META);
    const keys = deltas.map((d) => d.key);
    if (!countsAreBuilt(meta)) {
      await db.tallies.bulkDelete(keys);
      return deltas.length;
    }
    // The tags' note entries go to the log whole (each keeps its stamp, so the order they are read in is free).
    const notes: NoteColumns = emptyColumns();
    for (const d of deltas) if (d.notes) for (const column of Object.keys(notes) as Array<keyof NoteColumns>) (notes[column] as unknown[]).push(...d.notes[column]);
    const byDay = new Map<string, DayCounts[]>();
    for (const d of deltas) {
      if (d.zone !== meta.zone) continue;
      for (const [day, counts] of Object.entries(d.days)) byDay.set(day, [...(byDay.get(day) ?? []), counts]);
    }
    const days = [...byDay.keys()];
    const rows = await db.tallies.bulkGet(days.map(dayRowKey));
    const written = days.map((day, i) => addedUp(day, rows[i] as DayRow | undefined, byDay.get(day)!));
    if (notes.convKeys.length > 0) written.push(noteLogRow(notes) as DayRow);
    await db.tallies.bulkPut(written);
    await db.tallies.bulkDelete(keys);
    await compactNotesIfGrown(db);
    return deltas.length;
  });
}

const FOLD_AFTER_MS = 2_000;
const FOLD_AT_DELTAS = 200;
const folds = new WeakMap<RecountDB, { timer: ReturnType<typeof setTimeout> | null; pending: number }>();

/** After a tag: fold the deltas once tags pause for FOLD_AFTER_MS, or at once past FOLD_AT_DELTAS of them. */
export function scheduleFold(db: RecountDB): void {
  let state = folds.get(db);
  if (!state) folds.set(db, (state = { timer: null, pending: 0 }));
  const s = state;
  s.pending++;
  if (s.timer) clearTimeout(s.timer);
  const fold = () => {
    s.timer = null;
    s.pending = 0;
    foldTallyDeltas(db).catch((error) => console.error('[Recount] could not fold the figures\' counts', error));
  };
  if (s.pending >= FOLD_AT_DELTAS) fold();
  else s.timer = setTimeout(fold, FOLD_AFTER_MS);
}

function sameContribution(a: Contribution | null, b: Contribution | null): boolean {
  if (!a || !b) return a === b;
  return a.at === b.at && a.vendor === b.vendor && a.workspace === b.workspace && a.resolution === b.resolution && a.billable === b.billable && a.verdict === b.verdict && a.reason === b.reason && a.reviewer === b.reviewer && a.units === b.units;
}

/**
 * Counts everything again from the conversations (their rows, and those known only from events), replacing what
 * was there: after a deletion or a restore, on the first open after an upgrade, or in another time zone.
 * Inside the caller's transaction if there is one (it must include events, conversations, eventOnly, tallies).
 */
export async function rebuildTallies(db: RecountDB): Promise<{ days: number; zone: string }> {
  return db.transaction('rw', [db.events, db.conversations, db.eventOnly, db.tallies], async () => {
    const rows = await db.conversations.toArray();
    const counts = new Map<string, DayCounts>();
    for (const row of rows) moveCounts(counts, null, contributionOf(row));
    const records: ConversationRecord[] = rows;
    if ((await db.eventOnly.count()) > 0) {
      const read = new Set(rows.map((r) => r.convKey));
      for (const record of conversationsFromEvents(await db.events.toArray(), (k) => read.has(k)).values()) {
        moveCounts(counts, null, contributionOf(record));
        records.push(record);
      }
    }
    const zone = localZone();
    await db.tallies.clear();
    await db.tallies.bulkPut([builtMeta(), ...[...counts].map(([day, c]) => ({ key: dayRowKey(day), day, counts: c }))]);
    await rebuildNoteBase(db, records);
    return { days: counts.size, zone };
  });
}

/** The counts per local day, oldest first, or null if they must be built (never built, or in another zone). */
export async function readTallies(db: RecountDB): Promise<Array<{ day: string; counts: DayCounts }> | null> {
  return db.transaction('r', db.tallies, async () => {
    const [meta, rows, deltas] = await Promise.all([
      db.tallies.get(META),
      db.tallies.where(':id').between('day:', 'day:\uffff').toArray() as Promise<DayRow[]>,
      db.tallies.where(':id').between('delta:', 'delta:\uffff').toArray() as Promise<DeltaRow[]>,
    ]);
    if (!countsAreBuilt(meta)) return null;
    if (deltas.length === 0) return rows.map(({ day, counts }) => ({ day, counts }));
    const byDay = new Map<string, DayCounts[]>();
    for (const d of deltas) {
      if (d.zone !== meta.zone) continue;
      for (const [day, counts] of Object.entries(d.days)) byDay.set(day, [...(byDay.get(day) ?? []), counts]);
    }
    const found = new Map(rows.map((r) => [r.day, r]));
    for (const [day, changes] of byDay) found.set(day, addedUp(day, found.get(day), changes));
    return [...found.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)).map(({ day, counts }) => ({ day, counts }));
  });
}
