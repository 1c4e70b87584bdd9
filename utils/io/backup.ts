// Whole-database backups in dexie-export-import's format. Writing uses the library; reading does not: its reader
// revives each row's `$types` by following key paths the file chooses ("a.__proto__.b" assigns to
// Object.prototype), and it is slow (a 60 MB backup took 13 s, silently). Recount's rows are plain JSON, so the
// file is parsed here — bounded in depth, a row at a time, with progress — and the few `$types` entries a real
// backup holds are revived only after every path is checked. The tables are then checked row by row
// (backup-schema.ts), here for the user's sake and again in the background, which writes them all in one
// transaction.
// Long because the backup parser reads dexie-export-import's layout itself (a bounded scan, rows one by one,
// $types checked before revival), so no step trusts the file.
import { exportDB } from 'dexie-export-import';
import * as v from 'valibot';
import { BACKUP_TABLES, DB_NAME, RecountDB } from '../store/db';
import { checkBackup, describeIssue, NOT_RESTORED, progressPacer, rowName, versionProblem, type BackupProgress } from '../store/backup-schema';
import { depthProblem, MAX_JSON_DEPTH, PROTOTYPE_KEYS } from '../model/json-limits';

export type { BackupPhase, BackupProgress } from '../store/backup-schema';

export async function backupBlob(db: RecountDB): Promise<Blob> {
  // The event-only index and the counts are derived from the events (a restore builds them again); the signing
  // key is this browser's alone (a CryptoKey no file can hold: a restore elsewhere starts a new chain).
  return exportDB(db, { prettyJson: false, skipTables: ['eventOnly', 'tallies', 'keys'] });
}

interface DecodedBackup {
  tables: Record<string, unknown[]>;
  /** The schema version of the database the backup was made from. */
  databaseVersion: number;
}

/** Larger than any backup a browser tab can hold as text (V8 strings stop near 512 M characters). */
const MAX_BACKUP_BYTES = 400 * 1024 * 1024;
/** Bytes read (and characters scanned) between progress reports. */
const CHUNK = 4 * 1024 * 1024;
/** `$types` entries in one row: one per array (a settings row has ~10, a spot check two per stratum). */
const MAX_TYPED_PATHS = 100_000;

let runningVersion: number | undefined;
/** The schema version this Recount runs (the database is not opened for it). */
function currentVersion(): number {
  return (runningVersion ??= new RecountDB('recount-version-probe').verno);
}

/**
 * Reads a backup file and checks every table, row and field; throws naming what is wrong (nothing is written
 * here). `onProgress` hears each phase from its start, and at least every ~0.1 s of work after.
 */
export async function decodeBackup(
  file: Blob,
  databaseName = DB_NAME,
  onProgress?: BackupProgress,
  running = currentVersion(),
): Promise<DecodedBackup> {
  const backup = await readBackup(file, databaseName, onProgress, running);
  await checkBackup(backup.tables, { runningVersion: running, databaseVersion: backup.databaseVersion, onProgress });
  return backup;
}

const Envelope = v.strictObject({
  formatName: v.literal('dexie'),
  formatVersion: v.literal(1),
  data: v.strictObject({
    databaseName: v.string(),
    databaseVersion: v.number(),
    tables: v.array(v.strictObject({ name: v.string(), schema: v.pipe(v.string(), v.maxLength(1000)), rowCount: v.pipe(v.number(), v.integer(), v.minValue(0)) })),
    data: v.array(v.strictObject({ tableName: v.string(), inbound: v.literal(true), rows: v.array(v.unknown()) })),
  }),
});

/**
 * Parses a backup into its tables without checking the rows (checkBackup does): the file's structure, its
 * declared tables and row counts, its depth, and each row's `$types`. Exported for tests that hand hostile
 * tables to the background directly.
 */
export async function readBackup(file: Blob, databaseName = DB_NAME, onProgress?: BackupProgress, running = currentVersion()): Promise<DecodedBackup> {
  const tick = progressPacer(onProgress);
  await tick(0, 'reading', true);
  if (file.size > MAX_BACKUP_BYTES) throw new Error(`Not restorable: the file is ${Math.round(file.size / 2 ** 20)} MB, more than a browser can read at once (${MAX_BACKUP_BYTES / 2 ** 20} MB)`);
  const text = await readText(file, (share) => tick(share * 0.4, 'reading'));

  // One pass over the text: its depth, its brackets, and where each table's rows start and end.
  const scan = newScan();
  for (let at = 0; at < text.length; at += CHUNK) {
    if (!scanText(scan, text, Math.min(text.length, at + CHUNK))) break;
    await tick(0.4 + 0.2 * Math.min(1, (at + CHUNK) / text.length), 'reading');
  }
  if (scan.problem === 'deep') {
    const where = deepWhere(scan, text);
    throw new Error(`Not restorable: ${where ? `${where}: ` : ''}${depthProblem(text, 'the backup') ?? `the backup nests deeper than ${MAX_JSON_DEPTH} levels`}`);
  }
  if (text.charCodeAt(firstNonSpace(text)) !== 123 /* { */) throw new Error('Not a backup: it does not start as a Recount backup does (another file?)');
  if (scan.problem === 'mismatch') throw new Error(`Not a backup: not valid JSON: ${lineColumn(text, scan.i)}: a bracket that closes none open (edited or damaged)`);
  if (scan.inString || scan.stack.length > 0) throw new Error('Not a backup: it ends before the backup does (cut short?)');

  // The text around the rows: the header, each rows list replaced by a token no file can guess.
  const nonce = crypto.randomUUID();
  const pieces: string[] = [];
  const offsets: Array<{ envelope: number; text: number }> = [];
  let envelopeLength = 0;
  let from = 0;
  scan.splits.forEach((split, k) => {
    const keep = text.slice(from, split.start);
    offsets.push({ envelope: envelopeLength, text: from });
    pieces.push(keep, JSON.stringify(`${nonce}:${k}`));
    envelopeLength += keep.length + pieces[pieces.length - 1].length;
    from = split.end;
  });
  offsets.push({ envelope: envelopeLength, text: from });
  pieces.push(text.slice(from));
  let parsed: unknown;
  try {
    parsed = JSON.parse(pieces.join(''));
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const offset = position ? envelopeToText(offsets, Number(position[1])) : null;
    throw new Error(`Not a backup: not valid JSON${offset === null ? '' : ` at ${lineColumn(text, offset)}`}`);
  }
  // Each token back to a list (filled below), wherever the file put it: the checks then see a list there.
  const lists = new Map<unknown[], number>();
  replaceTokens(parsed, nonce, scan.splits.length, lists);

  const head = parsed as { formatName?: unknown; data?: { databaseName?: unknown; databaseVersion?: unknown } };
  if (head.formatName !== 'dexie' || !isObject(head.data) || head.data.databaseName !== databaseName) {
    throw new Error(`Not a backup of Recount: formatName must be "dexie" and databaseName "${databaseName}"`);
  }
  const tooNew = versionProblem(head.data.databaseVersion, running);
  if (tooNew) throw new Error(`${NOT_RESTORED}: ${tooNew}`);
  const envelope = v.safeParse(Envelope, parsed);
  if (!envelope.success) throw new Error(`Not restorable: the backup's header: ${describeIssue(envelope.issues[0])}`);
  const { tables: declared, data, databaseVersion } = envelope.output.data;

  // Each table declared once, with its rows once, all of them there.
  const known = BACKUP_TABLES as readonly string[];
  const unknown = [...new Set([...declared.map((t) => t.name), ...data.map((t) => t.tableName)])].filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`${NOT_RESTORED}: unknown table(s) ${unknown.map((n) => JSON.stringify(n.slice(0, 40))).join(', ')}`);
  const twice = (names: string[]) => names.find((name, i) => names.indexOf(name) !== i);
  const declaredTwice = twice(declared.map((t) => t.name));
  if (declaredTwice) throw new Error(`Not restorable: table ${declaredTwice} is declared twice`);
  const givenTwice = twice(data.map((t) => t.tableName));
  if (givenTwice) throw new Error(`Not restorable: the rows of table ${givenTwice} are given twice`);
  for (const table of declared) {
    const given = data.find((t) => t.tableName === table.name);
    if (!given) throw new Error(`Not restorable: table ${table.name} is declared but its rows are missing (cut short or edited)`);
    const k = lists.get((parsed as { data: { data: Array<{ rows: unknown[] }> } }).data.data[data.indexOf(given)].rows);
    const rows = k === undefined ? given.rows.length : scan.splits[k].spans.length / 2;
    if (rows !== table.rowCount) throw new Error(`Not restorable: table ${table.name} has ${rows} row(s) where the backup declares ${table.rowCount} (cut short or edited)`);
  }
  const undeclared = data.find((t) => !declared.some((d) => d.name === t.tableName));
  if (undeclared) throw new Error(`Not restorable: table ${undeclared.tableName} has rows but is not declared (edited)`);

  // The rows, one JSON text at a time, each row's `$types` checked before anything is revived.
  const totalRows = scan.splits.reduce((sum, s) => sum + s.spans.length / 2, 0) || 1;
  let done = 0;
  const tables: Record<string, unknown[]> = {};
  const rawLists = (parsed as { data: { data: Array<{ rows: unknown[] }> } }).data.data;
  for (let t = 0; t < data.length; t++) {
    const name = data[t].tableName;
    const rows = rawLists[t].rows;
    const k = lists.get(rows);
    // Rows the scan found are parsed one at a time; a list it did not (none, in a valid header) was parsed whole.
    const count = k === undefined ? rows.length : scan.splits[k].spans.length / 2;
    for (let i = 0; i < count; i++) {
      if (k !== undefined) {
        const [start, end] = [scan.splits[k].spans[2 * i], scan.splits[k].spans[2 * i + 1]];
        try {
          rows.push(JSON.parse(text.slice(start, end)));
        } catch (error) {
          const position = /position (\d+)/.exec((error as Error).message);
          throw new Error(`Not restorable: ${name} row ${i + 1}: not valid JSON${position ? ` at ${lineColumn(text, start + Number(position[1]))}` : ''}`);
        }
      }
      const problem = typesProblem(rows[i]);
      if (problem) throw new Error(`${NOT_RESTORED}: ${rowName(name, i, rows[i])}: $types: ${problem}`);
      if (++done % 200 === 0) await tick(0.6 + 0.4 * (done / totalRows), 'reading');
    }
    tables[name] = rows;
  }
  await tick(1, 'reading', true);
  return { tables, databaseVersion };
}

async function readText(file: Blob, progress: (share: number) => Promise<void>): Promise<string> {
  // Fatal: a file that is not UTF-8 is not a backup (Recount writes UTF-8). The BOM is kept, to be refused.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const parts: string[] = [];
  try {
    for (let at = 0; at < file.size; at += CHUNK) {
      parts.push(decoder.decode(new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer()), { stream: true }));
      await progress(Math.min(1, (at + CHUNK) / file.size));
    }
    parts.push(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError) throw new Error('Not a backup: it is not UTF-8 text (another file?)');
    throw error;
  }
  return parts.join('');
}

// ——— The scan: depth, brackets, and the rows' places, without recursion ———

interface Split {
  start: number;
  end: number;
  /** Start and end of each row's text, flat. */
  spans: number[];
}

interface Scan {
  i: number;
  inString: boolean;
  /** The open brackets (123 or 91) and where each opened. */
  stack: number[];
  opened: number[];
  /** The lists of rows: a list opened right inside an entry of data.data (or data.tables, which then fails). */
  splits: Split[];
  current: Split | null;
  elementStart: number;
  problem: 'deep' | 'mismatch' | null;
}

const newScan = (): Scan => ({ i: 0, inString: false, stack: [], opened: [], splits: [], current: null, elementStart: 0, problem: null });

/** Scans up to `end`; false when a problem stops it. */
function scanText(s: Scan, text: string, end: number): boolean {
  const { stack, opened } = s;
  for (; s.i < end; s.i++) {
    const c = text.charCodeAt(s.i);
    if (s.inString) {
      if (c === 92 /* \ */) s.i++;
      else if (c === 34 /* " */) s.inString = false;
      continue;
    }
    if (c === 34) s.inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (stack.length >= MAX_JSON_DEPTH) {
        s.problem = 'deep';
        return false;
      }
      // { "data": { "data": [ { "rows": [ ← this list, whatever its key (the header's checks name a wrong one).
      if (c === 91 && stack.length === 4 && stack[0] === 123 && stack[1] === 123 && stack[2] === 91 && stack[3] === 123) {
        s.current = { start: s.i, end: -1, spans: [] };
        s.elementStart = s.i + 1;
      }
      stack.push(c);
      opened.push(s.i);
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      const top = stack.pop();
      opened.pop();
      if (top === undefined || (c === 125) !== (top === 123)) {
        s.problem = 'mismatch';
        return false;
      }
      if (s.current && stack.length === 4) {
        const split = s.current;
        // An empty list has no row (JSON's whitespace alone between its brackets).
        if (split.spans.length > 0 || /[^ \t\n\r]/.test(text.slice(s.elementStart, s.i))) split.spans.push(s.elementStart, s.i);
        split.end = s.i + 1;
        s.splits.push(split);
        s.current = null;
      }
    } else if (c === 44 /* , */ && s.current && stack.length === 5) {
      s.current.spans.push(s.elementStart, s.i);
      s.elementStart = s.i + 1;
    }
  }
  return true;
}

/** Where a too-deep nesting is, as a table, a row and a field, when it is inside a row. */
function deepWhere(s: Scan, text: string): string | null {
  if (!s.current || s.opened.length < 6) return null;
  const header = text.slice(s.opened[3], Math.min(s.current.start, s.opened[3] + 2000));
  const table = /"tableName"\s*:\s*"([A-Za-z0-9_$]{1,40})"/.exec(header)?.[1] ?? 'a table';
  const row = s.current.spans.length / 2 + 1;
  let field = '';
  if (s.opened.length > 6) {
    const before = text.slice(Math.max(s.opened[5], s.opened[6] - 500), s.opened[6]);
    const key = /"((?:[^"\\]|\\.){0,200})"\s*:\s*$/.exec(before)?.[1];
    if (key !== undefined) {
      try {
        field = `, field ${JSON.parse(`"${key}"`)}`;
      } catch {
        /* an undecodable key: no field named */
      }
    }
  }
  return `${table} row ${row}${field}`;
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && /[ \t\n\r]/.test(text[i])) i++;
  return i;
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function envelopeToText(offsets: Array<{ envelope: number; text: number }>, position: number): number {
  let best = offsets[0];
  for (const o of offsets) if (o.envelope <= position) best = o;
  return best.text + (position - best.envelope);
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Replaces each rows token by a new list (own properties only; the header is at most MAX_JSON_DEPTH deep). */
function replaceTokens(root: unknown, nonce: string, count: number, lists: Map<unknown[], number>): void {
  if (count === 0) return;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      const value = (node as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.startsWith(`${nonce}:`)) {
        const list: unknown[] = [];
        lists.set(list, Number(value.slice(nonce.length + 1)));
        // Own data property, even for a key such as __proto__ (the header's checks refuse it then).
        Object.defineProperty(node, key, { value: list, enumerable: true, writable: true, configurable: true });
      } else stack.push(value);
    }
  }
}

// ——— `$types`: dexie-export-import's per-row type map ———

/**
 * The types a real Recount backup holds (see restore-hostile.test.ts, which makes one): "arrayNonindexKeys" on
 * every array (the library tags them all, and revives an array as itself; only an array written as an object
 * with extra keys would change, and Recount writes none: it is left an object, for the row's checks to refuse), "#" for a second reference to an object of the same row (a
 * conversation known only from its events shares its claim with its verdict), and "undef" for a field present
 * but undefined. Anything else (Date, Map, Blob, typed arrays, class instances…) Recount never stores.
 */
const REVIVED_TYPES = new Set(['arrayNonindexKeys', '#', 'undef']);

const unescapeSegment = (segment: string) => segment.replace(/~1/g, '.').replace(/~0/g, '~');

function pathSegments(path: string): string[] | string {
  if (path === '') return 'a type for the whole row (Recount rows are plain objects)';
  const segments = path.split('.').map(unescapeSegment);
  const reaching = segments.find((s) => PROTOTYPE_KEYS.has(s));
  if (reaching !== undefined) return `key path ${JSON.stringify(path.slice(0, 200))} goes through ${reaching} (refused: it would reach the prototype of every object)`;
  if (segments[0] === '$types') return `key path ${JSON.stringify(path.slice(0, 200))} points into $types itself`;
  return segments;
}

/** The value at `segments`, through own properties of plain objects and arrays only. */
function ownAt(root: unknown, segments: readonly string[]): { parent: Record<string, unknown>; key: string } | null {
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    if (node === null || typeof node !== 'object') return null;
    if (!Object.prototype.hasOwnProperty.call(node, segments[i])) return null;
    if (i === segments.length - 1) return { parent: node as Record<string, unknown>, key: segments[i] };
    node = (node as Record<string, unknown>)[segments[i]];
  }
  return null;
}

/**
 * Checks a row's `$types` in full — every key path (no prototype keys, own properties only), every type name —
 * and only then revives it and removes it. A problem is returned and the row is left as it was.
 */
function typesProblem(row: unknown): string | null {
  if (!isObject(row) || !Object.prototype.hasOwnProperty.call(row, '$types')) return null;
  const types = row.$types;
  if (!isObject(types) || Object.getPrototypeOf(types) !== Object.prototype) return 'not the map of key paths Recount writes';
  const entries = Object.entries(types);
  if (entries.length > MAX_TYPED_PATHS) return `${entries.length} typed key paths (no Recount row has more than ${MAX_TYPED_PATHS})`;
  const undefs: Array<{ parent: Record<string, unknown>; key: string }> = [];
  const refs: Array<{ at: { parent: Record<string, unknown>; key: string }; path: string; target: unknown; targetPath: string }> = [];
  for (const [path, type] of entries) {
    const segments = pathSegments(path);
    if (typeof segments === 'string') return segments;
    if (typeof type !== 'string' || !REVIVED_TYPES.has(type)) {
      return `${JSON.stringify(path.slice(0, 200))} is of type ${JSON.stringify(type)?.slice(0, 100)}, which Recount never writes`;
    }
    // Nothing to revive: an array is an array already, and anything else there is left for the row's checks
    // to refuse by its field (the library would have made an array of it).
    if (type === 'arrayNonindexKeys') continue;
    const at = ownAt(row, segments);
    if (!at) return `${JSON.stringify(path.slice(0, 200))}: no such field in the row`;
    const value = at.parent[at.key];
    if (type === 'undef') {
      if (value !== 0) return `${JSON.stringify(path.slice(0, 200))}: an undefined field is written as 0, not ${JSON.stringify(value)?.slice(0, 40)}`;
      undefs.push(at);
      continue;
    }
    if (typeof value !== 'string' || !value.startsWith('#')) return `${JSON.stringify(path.slice(0, 200))}: a reference is written "#key.path"`;
    const targetPath = value.slice(1);
    const targetSegments = pathSegments(targetPath);
    if (typeof targetSegments === 'string') return targetSegments;
    const target = ownAt(row, targetSegments);
    const targetValue = target?.parent[target.key];
    if (!target || targetValue === null || typeof targetValue !== 'object') return `${JSON.stringify(path.slice(0, 200))}: refers to ${JSON.stringify(targetPath.slice(0, 200))}, which is no object of the row`;
    refs.push({ at, path, target: targetValue, targetPath });
  }
  // A reference may not lead to another, nor into itself: no chains, no cycles (so no walk can blow up).
  for (const ref of refs) {
    for (const other of refs) {
      if (other.path === ref.targetPath || other.path.startsWith(`${ref.targetPath}.`)) {
        return `${JSON.stringify(ref.path.slice(0, 200))}: refers to ${JSON.stringify(ref.targetPath.slice(0, 200))}, which holds a reference itself`;
      }
    }
  }
  for (const { parent, key } of undefs) parent[key] = undefined;
  for (const { at, target } of refs) at.parent[at.key] = target;
  delete row.$types;
  return null;
}
