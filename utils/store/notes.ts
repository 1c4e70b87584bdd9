// The notes' index as stored (see model/note-index.ts), in the day counts' table so every write that moves the
// counts can move it in the same transaction: a tag puts its entry in its delta row (no read first), a read or
// a merge appends a log row, the background folds the deltas into a log row and, once the log has grown, compacts
// everything into base rows that hold each noted conversation once. Row keys carry their entry counts, so how
// much the log holds is known from the keys alone.
import { addNoteChanges, columnsSize, copyEntry, emptyColumns, liveEntries, nextStamp, type NoteColumns } from '../model/note-index';
import type { ConversationRecord } from '../model/records';
import type { CountedAs } from '../model/tally';
import type { RecountDB, TallyRow } from './db';

export const NOTE_LOG = 'noteLog:';
export const NOTE_BASE = 'noteBase:';
const BASE_ROW = 5_000;
/** The log is compacted past this many entries, or past a quarter of the base, whichever is more. */
const COMPACT_AT_ENTRIES = 5_000;
const COMPACT_AT_ROWS = 64;

const stampKey = (stamp: number) => stamp.toString(36).padStart(12, '0');
const sizeOfKey = (key: string) => Number(key.slice(key.lastIndexOf(':') + 1)) || 0;
const rangeOf = (prefix: string) => [prefix, `${prefix}\uffff`] as const;

type NoteRow = { key: string; notes: NoteColumns };

/** The entries these changes make, or null if no conversation's note entry moves. */
export function noteColumnsOf(changes: Iterable<readonly [ConversationRecord | CountedAs | null | undefined, ConversationRecord | null | undefined]>): NoteColumns | null {
  const columns = emptyColumns();
  addNoteChanges(columns, changes, nextStamp());
  return columnsSize(columns) > 0 ? columns : null;
}

/** A log row for these entries (inside the caller's transaction on db.tallies). */
export function noteLogRow(columns: NoteColumns): TallyRow {
  return { key: `${NOTE_LOG}${stampKey(nextStamp())}:${columnsSize(columns)}`, notes: columns } as TallyRow;
}

/** Base rows holding these entries (each conversation once), BASE_ROW entries a row. */
function baseRows(columns: NoteColumns): TallyRow[] {
  const stamp = stampKey(nextStamp());
  const rows: TallyRow[] = [];
  for (let from = 0, n = 0; from < columnsSize(columns) || n === 0; from += BASE_ROW, n++) {
    const part = emptyColumns();
    for (let i = from; i < Math.min(from + BASE_ROW, columnsSize(columns)); i++) copyEntry(columns, i, part);
    rows.push({ key: `${NOTE_BASE}${stamp}:${String(n).padStart(5, '0')}:${columnsSize(part)}`, notes: part } as TallyRow);
  }
  return rows;
}

/** The base for these conversations, replacing whatever the index held (inside a transaction on db.tallies). */
export async function rebuildNoteBase(db: RecountDB, records: Iterable<ConversationRecord>): Promise<void> {
  const columns = emptyColumns();
  const stamp = nextStamp();
  addNoteChanges(columns, (function* () {
    for (const r of records) yield [null, r] as const;
  })(), stamp);
  await deleteRange(db, NOTE_LOG);
  await deleteRange(db, NOTE_BASE);
  await db.tallies.bulkPut(baseRows(columns));
}

const deleteRange = (db: RecountDB, prefix: string) => db.tallies.where(':id').between(...rangeOf(prefix)).delete();

/**
 * Compacts the log into a new base when it has grown (inside the caller's transaction on db.tallies). Answers
 * whether it did.
 */
export async function compactNotesIfGrown(db: RecountDB, force = false): Promise<boolean> {
  const [logKeys, baseKeys] = await Promise.all([
    db.tallies.where(':id').between(...rangeOf(NOTE_LOG)).primaryKeys() as Promise<string[]>,
    db.tallies.where(':id').between(...rangeOf(NOTE_BASE)).primaryKeys() as Promise<string[]>,
  ]);
  if (logKeys.length === 0) return false;
  const logEntries = logKeys.reduce((n, k) => n + sizeOfKey(k), 0);
  const baseEntries = baseKeys.reduce((n, k) => n + sizeOfKey(k), 0);
  if (!force && logKeys.length < COMPACT_AT_ROWS && logEntries < Math.max(COMPACT_AT_ENTRIES, baseEntries / 4)) return false;
  const [base, log] = await Promise.all([db.tallies.bulkGet(baseKeys), db.tallies.bulkGet(logKeys)]);
  const segments = [...base, ...log].map((row) => (row as NoteRow).notes);
  const live = liveEntries(segments, base.length);
  const standing = emptyColumns();
  segments.forEach((seg, s) => live[s].forEach((on, i) => on && copyEntry(seg, i, standing)));
  await db.tallies.bulkDelete([...baseKeys, ...logKeys]);
  await db.tallies.bulkPut(baseRows(standing));
  return true;
}

/** Past this many entries outside the base, the dashboard asks the background to compact (merges leave it be). */
export const COMPACT_WHEN_READ_AT = COMPACT_AT_ENTRIES;

/** Compacts the log now if it has grown (the dashboard asks after reading a long one). */
export function compactNotes(db: RecountDB): Promise<boolean> {
  return db.transaction('rw', db.tallies, () => compactNotesIfGrown(db));
}

/** How many entries the log holds, from its keys alone (no entry is read). */
export async function noteLogSize(db: RecountDB): Promise<number> {
  const keys = (await db.tallies.where(':id').between(...rangeOf(NOTE_LOG)).primaryKeys()) as string[];
  return keys.reduce((n, k) => n + sizeOfKey(k), 0);
}

/** The index as read: its segments (the base first) and which entries stand. */
export interface NoteIndex {
  segments: NoteColumns[];
  live: Uint8Array[];
  /** How many conversations have a note. */
  noted: number;
  /** Entries outside the compacted base (a long log is compacted when the dashboard asks: `compactNotes`). */
  unsettled: number;
  /** The rows read, by key, for the next read to reuse (every row is written once and never changed). */
  rows: ReadonlyMap<string, NoteColumns>;
}

/**
 * The index now, or null when it is not built (the day counts are missing or from another time zone: the
 * dashboard has them rebuilt, which builds this too). Rows already in `previous` are not read again.
 */
export async function readNoteIndex(db: RecountDB, isBuilt: (meta: TallyRow | undefined) => boolean, previous?: NoteIndex | null): Promise<NoteIndex | null> {
  return db.transaction('r', db.tallies, async () => {
    const [meta, baseKeys, logKeys, deltaKeys] = await Promise.all([
      db.tallies.get('meta'),
      db.tallies.where(':id').between(...rangeOf(NOTE_BASE)).primaryKeys() as Promise<string[]>,
      db.tallies.where(':id').between(...rangeOf(NOTE_LOG)).primaryKeys() as Promise<string[]>,
      db.tallies.where(':id').between(...rangeOf('delta:')).primaryKeys() as Promise<string[]>,
    ]);
    if (!isBuilt(meta)) return null;
    const known = previous?.rows ?? new Map<string, NoteColumns>();
    const wanted = [...baseKeys, ...logKeys, ...deltaKeys];
    const missing = wanted.filter((k) => !known.has(k));
    const read = missing.length > 0 ? await db.tallies.bulkGet(missing) : [];
    const rows = new Map<string, NoteColumns>();
    const empty = emptyColumns();
    for (const k of wanted) {
      const there = known.get(k);
      if (there) rows.set(k, there);
    }
    missing.forEach((k, i) => rows.set(k, (read[i] as Partial<NoteRow> | undefined)?.notes ?? empty));
    const segments = wanted.map((k) => rows.get(k)!);
    const live = liveEntries(segments, baseKeys.length);
    let noted = 0;
    for (const l of live) for (let i = 0; i < l.length; i++) noted += l[i];
    const unsettled = segments.slice(baseKeys.length).reduce((n, seg) => n + seg.convKeys.length, 0);
    return { segments, live, noted, unsettled, rows };
  });
}
