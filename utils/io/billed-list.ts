// The vendor's billed list: what the invoice says was charged, read from the vendor's own exports. Every row
// is either an item, skipped with a reason (not a billed outcome), or an error naming its line; a file with any
// error is refused whole (no item is returned with an error).
//
// "Line" in every message is the file's physical line, as an editor numbers it: blank lines count, a quoted
// cell counts its own line breaks, and CRLF, LF and a lone CR each end one line.
// Long because it holds one reader per vendor format, each a few rules over the same row reader and time parsing.
import { tooDeep, MAX_JSON_DEPTH } from '../model/json-limits';
import { createCsvSplitter } from './csv-lines';
import { parseFinResolution } from '../adapters/intercom';
import { DateTime } from 'luxon';
import { parseZonedTime, zoneOfHeader } from '../model/zoned-time';
import type { BilledItem } from '../model/records';
import type { ResolutionKind, Vendor } from '../model/verdict';

export const BILLED_FORMATS = ['intercom-csv', 'intercom-api-json', 'zendesk-csv', 'ada-csv', 'salesforce-cbo-csv', 'mapped-csv'] as const;
export type BilledFormat = (typeof BILLED_FORMATS)[number];

export const FORMAT_LABELS: Record<BilledFormat, string> = {
  'intercom-csv': 'Intercom report CSV',
  'intercom-api-json': 'Intercom API JSON (conversations)',
  'zendesk-csv': 'Zendesk automated resolutions CSV',
  'ada-csv': 'Ada data export CSV',
  'salesforce-cbo-csv': 'Salesforce Conversation Billing Outcome CSV',
  'mapped-csv': 'Other CSV (column mapping)',
};

export interface ColumnMapping {
  vendor: Vendor;
  conversationId: string;
  billedAt: string;
  units: string;
  customerId: string;
}

export interface BilledRead {
  format: BilledFormat;
  items: BilledItem[];
  skipped: Array<{ line: number; reason: string }>;
  errors: string[];
  /** The CSV's header row, for the mapping form. */
  columns: string[];
  /** Things that do not stop the import but the user should see (e.g. a file that may be cut short). */
  warnings?: string[];
  /**
   * An "Other CSV" read with its header only, because no conversation id column is chosen yet: not a refusal, the
   * user's next step (the header is in `columns`; no row was read).
   */
  mappingNeeded?: boolean;
}

/** A CSV that does not end with a line break may have lost the end of its last row. */
function endWarning(endsWithLineBreak: boolean, read: BilledRead): string[] {
  if (endsWithLineBreak || read.items.length + read.skipped.length === 0) return [];
  const last = Math.max(...read.items.map((i) => i.line), ...read.skipped.map((s) => s.line));
  return [`line ${last}: the file ends without a line break — if it was cut short, this last row may be incomplete`];
}

const MAX_ERRORS = 100;
const BILLABLE_FIN: ReadonlySet<ResolutionKind> = new Set(['confirmed', 'assumed', 'procedure_handoff']);

/** A billed list names a handful of columns; vendors' exports have a few dozen. More is not a billed list. */
export const MAX_CSV_COLUMNS = 500;
/** Ids, dates and counts are short; the longest honest cell is an answer text quoted in a report. */
export const MAX_CELL_CHARS = 100_000;
/**
 * Units one row may bill. An Agentforce row is one conversation's 24-hour window: 10,000 outcomes in it would be
 * one every 8.6 seconds all day, for one customer. Anything above is a damaged cell, never a bill.
 */
export const MAX_UNITS_PER_ROW = 10_000;
/** Decimal places a mapped units column may have: with at most 10,000 units, every such number reads back exactly. */
const MAX_UNIT_DECIMALS = 6;
/** The last instant a JavaScript Date can hold, +275760-09-13T00:00:00Z: beyond it every date is "Invalid Date". */
const LAST_DATE_MS = 8.64e15;
/** Below this a number of the Unix epoch is seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_BELOW = 1e11;

/** Which of our formats a file is, from its header row (CSV) or its shape (JSON). */
export function detectBilledFormat(text: string): BilledFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'intercom-api-json';
  const header = start.split(/\r\n|\r|\n/, 1)[0].toLowerCase();
  if (header.includes('fin ai agent resolution state') && header.includes('conversation id')) return 'intercom-csv';
  if (header.includes('billingoutcometext') || (header.includes('conversationid') && header.includes('billingwindowstartdatetime'))) return 'salesforce-cbo-csv';
  if (header.includes('automated_resolution_classification')) return 'ada-csv';
  if (header.includes('ticket id') && header.includes('automated resolution')) return 'zendesk-csv';
  return 'mapped-csv';
}

// ---------------------------------------------------------------------------------------------------------------
// Times

/** A time refused for a reason more precise than "not a date" (the caller adds the field). */
interface TimeRefusal {
  refused: string;
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function monthNumber(word: string): number {
  const lower = word.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return 0;
  return MONTH_NAMES.findIndex((name) => name.startsWith(lower)) + 1;
}

/**
 * Why the calendar date written in `text` does not exist ("February 2026 has no day 30"), or null. JavaScript's
 * Date rolls 30 February over into 2 March without a word; Luxon refuses it but says only "not a date".
 */
function calendarProblem(text: string): string | null {
  const iso = /^([+-]\d{6}|\d{4})-(\d\d)-(\d\d)(?!\d)/.exec(text);
  const rfc = iso ? null : /\b(\d{1,2}) ([A-Za-z]{3}) (\d{4})\b/.exec(text); // "Tue, 03 Nov 2026 09:14:02 GMT"
  let year: number, month: number, day: number;
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (rfc && monthNumber(rfc[2]) > 0) [year, month, day] = [Number(rfc[3]), monthNumber(rfc[2]), Number(rfc[1])];
  else return null;
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const name = MONTH_NAMES[month - 1][0].toUpperCase() + MONTH_NAMES[month - 1].slice(1);
  if (day < 1 || day > daysInMonth(year, month)) return `${name} ${year} has no day ${day}`;
  return null;
}

/** Why an instant (ms) cannot be a billed time, or null. */
function instantProblem(ms: number): string | null {
  if (!Number.isFinite(ms)) return 'is not a finite time';
  if (ms < 0) return 'is before 1970-01-01: no bill holds such a time (a damaged cell or a negative Unix time)';
  if (ms > LAST_DATE_MS) return 'is beyond the last date a JavaScript Date can hold (+275760-09-13)';
  return null;
}

/** A Unix time given as a JSON number: whole seconds (or ms), never negative, never beyond a Date's range. */
function unixTime(value: number, written: string): number | TimeRefusal {
  if (!Number.isFinite(value)) return { refused: `${written} is not a finite number` };
  if (!Number.isInteger(value)) return { refused: `${written} is not a whole number of ${value < SECONDS_BELOW ? 'seconds' : 'milliseconds'}` };
  const ms = value < SECONDS_BELOW ? value * 1000 : value;
  const problem = instantProblem(ms);
  return problem ? { refused: `${written} ${problem}` } : ms || 0; // -0 is 0
}

/**
 * A time from a billed list: Unix seconds or ms, a date with its own offset, or a wall-clock time — read as UTC
 * when the file names no zone (never in the zone of the machine reading it, which would make the same file
 * reconcile differently in Tokyo and New York). 'bad' when it cannot be read at all (the caller says what was
 * expected); a refusal when it can be read but is no real time (30 February, beyond a Date's range).
 */
function parseTime(value: string | number | null | undefined, written?: string): number | null | 'bad' | TimeRefusal {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return unixTime(value, written ?? String(value));
  const text = value.trim();
  if (/^\d{9,10}$/.test(text)) return Number(text) * 1000;
  const calendar = calendarProblem(text);
  if (calendar) return { refused: `"${value}" is not a date: ${calendar}` };
  let at: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) at = Date.parse(`${text}T00:00:00Z`);
  else {
    const zoned = parseZonedTime(text, 'UTC');
    const utcWords = /^(\d{4}-\d\d-\d\d[ T][\d:.]+)\s*(?:UTC|GMT)$/i.exec(text); // "2026-11-22 12:00:00 UTC"
    const rfc = DateTime.fromRFC2822(text.replace(/\bUTC$/i, 'GMT'), { setZone: true }); // "Tue, 03 Nov 2026 09:14:02 GMT"
    const wallUtc = utcWords ? parseZonedTime(utcWords[1], 'UTC') : null;
    if (!('error' in zoned)) at = zoned.at;
    else if (wallUtc && !('error' in wallUtc)) at = wallUtc.at;
    else if (rfc.isValid) at = rfc.toMillis();
    else if (rfc.invalidReason === 'mismatched weekday') return { refused: `"${value}" is not a date: its weekday is not that day's` };
    // Date.parse is not asked: it reads 23:60 as 23:00 and guesses at 11/03/2026, whose day and month cannot be told apart.
    else return 'bad';
  }
  if (Number.isNaN(at)) return 'bad';
  const problem = instantProblem(at);
  return problem ? { refused: `"${value}" ${problem}` } : at;
}

function isRefusal(read: unknown): read is TimeRefusal {
  return typeof read === 'object' && read !== null && 'refused' in read;
}

// ---------------------------------------------------------------------------------------------------------------
// Intercom API JSON

/** Where one conversation of an API JSON starts, and the numbers among its own fields as written. */
interface JsonItemSource {
  line: number;
  /** Key → the number exactly as the text writes it (JSON.parse rounds 215467891234567890123 without a word). */
  writtenNumbers: Map<string, string>;
}

/**
 * The physical line each conversation of the list starts on, and how its numbers are written, from one linear
 * scan of a text JSON.parse has already accepted (so it is valid JSON). The list is the top-level array, or the
 * top-level object's "conversations" (the last one, as JSON.parse keeps the last of a repeated key).
 */
function locateConversations(text: string): JsonItemSource[] {
  interface Frame {
    isObject: boolean;
    role: 'top' | 'list' | 'item' | 'other';
    key: string | null;
    expectKey: boolean;
  }
  const stack: Frame[] = [];
  let items: JsonItemSource[] = [];
  let line = 1;
  let previousWasCR = false;
  const valueStarts = (parent: Frame | undefined) => {
    if (parent?.role === 'list') items.push({ line, writtenNumbers: new Map() });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) {
      if (c === 13 || !previousWasCR) line++;
      previousWasCR = c === 13;
      continue;
    }
    previousWasCR = false;
    if (c === 32 || c === 9 || c === 58 /* : */) continue;
    const parent = stack[stack.length - 1];
    if (c === 44 /* , */) {
      if (parent?.isObject) parent.expectKey = true;
    } else if (c === 34 /* " */) {
      let end = i + 1;
      while (text.charCodeAt(end) !== 34) end += text.charCodeAt(end) === 92 /* \ */ ? 2 : 1;
      if (parent?.isObject && parent.expectKey) {
        // Only the keys that locate the list and an item's own fields are decoded ("\u0069d" is "id").
        parent.key = parent.role === 'top' || parent.role === 'item' ? (JSON.parse(text.slice(i, end + 1)) as string) : null;
        parent.expectKey = false;
      } else valueStarts(parent);
      i = end;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      valueStarts(parent);
      const isObject = c === 123;
      let role: Frame['role'] = 'other';
      if (!parent) role = isObject ? 'top' : 'list';
      else if (parent.role === 'top' && parent.key === 'conversations' && !isObject) role = 'list';
      else if (parent.role === 'list' && isObject) role = 'item';
      if (role === 'list') items = [];
      stack.push({ isObject, role, key: null, expectKey: isObject });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
    } else {
      // A number, true, false or null.
      let end = i;
      while (end < text.length && !/[\s,\]}]/.test(text[end])) end++;
      valueStarts(parent);
      if (parent?.role === 'item' && parent.key !== null && c !== 116 && c !== 102 && c !== 110) {
        items[items.length - 1].writtenNumbers.set(parent.key, text.slice(i, end));
      }
      i = end - 1;
    }
  }
  return items;
}

/** Intercom conversation ids are ASCII digits (a JSON string, as the API writes them, or a safe JSON number). */
function intercomIdProblem(id: unknown, written: string | undefined): string | null {
  if (id === undefined || id === null) return 'missing';
  if (typeof id === 'string') {
    if (/^[0-9]{1,64}$/.test(id)) return null;
    return `"${id.length > 40 ? `${id.slice(0, 40)}…` : id}" is not an Intercom conversation id (ASCII digits 0-9 only)`;
  }
  if (typeof id !== 'number') return `${JSON.stringify(id)?.slice(0, 40) ?? typeof id} is not an Intercom conversation id`;
  const shown = written ?? String(id);
  if (!/^[0-9]+$/.test(shown) || !Number.isFinite(id) || id < 0 || !Number.isInteger(id)) return `${shown} is not an Intercom conversation id (ASCII digits 0-9 only)`;
  if (!Number.isSafeInteger(id)) {
    return `${shown} is larger than 2^53 (9007199254740991): a JSON number that large loses its last digits when read, so this id cannot be trusted — write ids as strings ("${shown}")`;
  }
  return null;
}

function readIntercomApiJson(text: string): BilledRead {
  const format = 'intercom-api-json';
  const errors: string[] = [];
  const skipped: BilledRead['skipped'] = [];
  const items: BilledItem[] = [];
  const refused = (message: string): BilledRead => ({ format, items: [], skipped: [], errors: [message], columns: [] });
  const body = text.replace(/^\uFEFF/, '');
  // JSON.parse recurses on some engines; a linear scan finds a 100,000-deep file first and names where.
  const deep = tooDeep(body);
  if (deep) return refused(`line ${deep.line}: the JSON nests deeper than ${MAX_JSON_DEPTH} levels at column ${deep.column} (refused unread: no Intercom conversation does)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const where = position ? ` (line ${physicalLineAt(body, Number(position[1]))})` : '';
    return refused(`not valid JSON${where}: ${message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { conversations?: unknown })?.conversations;
  if (!Array.isArray(list)) return refused('expected a list of conversations (or { "conversations": [...] })');
  const located = locateConversations(body);
  // The scan and JSON.parse read the same valid text; were they ever to disagree, positions still name each item.
  const sources = located.length === list.length ? located : null;
  list.forEach((raw, i) => {
    const position = i + 1;
    const source = sources?.[i];
    const fail = (field: string, message: string) => {
      if (errors.length < MAX_ERRORS) errors.push(`line ${source?.line ?? position}: ${field}: ${message} (item ${position} of the list)`);
    };
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('conversation', 'not an object');
    const c = raw as {
      id?: unknown;
      created_at?: unknown;
      updated_at?: unknown;
      statistics?: { last_close_at?: unknown } | null;
      ai_agent?: { resolution_state?: unknown; source_type?: unknown } | null;
      contacts?: { contacts?: Array<{ id?: unknown }> };
    };
    const idProblem = intercomIdProblem(c.id, source?.writtenNumbers.get('id'));
    if (idProblem) return fail('id', idProblem);
    const kindOfSource = c.ai_agent?.source_type;
    // Intercom's reporting leaves out Fin previews: they are not billed.
    if (kindOfSource === 'fin_preview' || kindOfSource === 'workflow_preview') return void skipped.push({ line: position, reason: `source_type ${kindOfSource} (a preview)` });
    const state = c.ai_agent?.resolution_state;
    if (state !== null && state !== undefined && typeof state !== 'string') return fail('ai_agent.resolution_state', 'not a string');
    const kind = parseFinResolution((state as string | null | undefined) ?? null);
    if (!BILLABLE_FIN.has(kind)) return void skipped.push({ line: position, reason: `resolution_state ${state ?? 'null'} is not billed` });
    // Billed at the close, else the last update, else the start; each time given is checked, used or not.
    const times: Array<[string, unknown, string | undefined]> = [
      ['statistics.last_close_at', c.statistics && typeof c.statistics === 'object' ? c.statistics.last_close_at : undefined, undefined],
      ['updated_at', c.updated_at, source?.writtenNumbers.get('updated_at')],
      ['created_at', c.created_at, source?.writtenNumbers.get('created_at')],
    ];
    let billedAt: number | null = null;
    for (const [field, value, written] of times) {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'number' && typeof value !== 'string') return fail(field, `${JSON.stringify(value).slice(0, 40)} is not a time`);
      const at = parseTime(value, written);
      if (at === 'bad') return fail(field, `${JSON.stringify(value).slice(0, 60)} is not a time (Unix seconds, or a date such as 2026-11-03T09:14:02Z)`);
      if (isRefusal(at)) return fail(field, at.refused);
      billedAt ??= at;
    }
    const contacts = c.contacts?.contacts;
    const contact = Array.isArray(contacts) ? contacts[0]?.id : undefined;
    if (contact !== undefined && contact !== null && typeof contact !== 'string' && !Number.isSafeInteger(contact)) return fail('contacts.contacts[0].id', 'not a contact id');
    items.push({ vendor: 'intercom', conversationId: String(c.id), billedAt, units: 1, kind, customerId: contact || contact === 0 ? String(contact) : null, line: position });
  });
  return { format, items: errors.length > 0 ? [] : items, skipped, errors, columns: [] };
}

/** The 1-based physical line of a character offset (CRLF, LF and a lone CR each end one line). */
function physicalLineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || (c === 10 && text.charCodeAt(i - 1) !== 13)) line++;
  }
  return line;
}

/** Reads a billed list held whole in memory: an API JSON, or a CSV (the same reader a streamed file goes through). */
export function readBilledList(text: string, format: BilledFormat = detectBilledFormat(text), mapping?: ColumnMapping): BilledRead {
  if (format === 'intercom-api-json') return readIntercomApiJson(text);
  const reader = createBilledCsvTextReader(format, mapping);
  reader.write(text);
  return reader.end();
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

type RowReader = (row: Row) => void;

interface Row {
  line: number;
  get(column: string): string;
}

/**
 * Reads a billed-list CSV a row at a time, so a file of hundreds of thousands of rows can be read as a stream;
 * the first row pushed is the header. Files go through `createBilledCsvTextReader`, which gives each row the
 * physical line it starts on.
 */
export function createBilledCsvReader(format: BilledFormat, mapping?: ColumnMapping) {
  const errors: string[] = [];
  const warnings: string[] = [];
  const skipped: BilledRead['skipped'] = [];
  const items: BilledItem[] = [];
  let columns: string[] | null = null;
  let headerLine = 1;
  let index = new Map<string, number>();
  let repeated = new Set<string>();
  const found = new Map<string, number>();
  let readRow: RowReader | null = null;
  let mappingNeeded = false;
  let nextLine = 1;
  const fail = (line: number, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push(`line ${line}: ${message}`);
  };
  const find = (column: string) => {
    const known = found.get(column);
    if (known !== undefined) return known;
    const wanted = column.toLowerCase();
    let at = index.get(wanted) ?? -1;
    // "Conversation started at (<TZ>)" and the like: match on the prefix.
    if (at < 0) {
      for (const [name, i] of index) {
        if (name.startsWith(wanted)) {
          at = i;
          break;
        }
      }
    }
    // Two columns of the same name: which one holds what was billed cannot be told, so the file is refused.
    if (at >= 0 && repeated.has(columns![at].toLowerCase())) {
      fail(headerLine, `the header has the column "${columns![at]}" more than once: which one was billed cannot be told`);
      readRow = null;
    }
    found.set(column, at);
    return at;
  };
  const need = (...wanted: string[]) => {
    const missing = wanted.filter((c) => find(c) < 0);
    if (missing.length > 0) errors.push(`line ${headerLine}: a ${FORMAT_LABELS[format]} needs the column(s) ${missing.map((m) => `"${m}"`).join(', ')}`);
    return missing.length === 0 && errors.length === 0;
  };
  /** A time cell: its instant, null when empty, undefined when refused (the refusal is recorded). */
  const timeCell = (row: Row, column: string, unreadable: string): number | null | undefined => {
    const read = parseTime(row.get(column));
    if (read === 'bad') return void fail(row.line, `${column}: ${unreadable}`);
    if (isRefusal(read)) return void fail(row.line, `${column}: ${read.refused}`);
    return read;
  };
  /** A units cell: its count, or undefined when refused (recorded). Never Infinity, never negative, never absurd. */
  const unitsCell = (row: Row, column: string, text: string, decimals: number): number | undefined => {
    const pattern = decimals > 0 ? new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`) : /^\d+$/;
    if (!pattern.test(text)) return void fail(row.line, `${column}: "${text.slice(0, 40)}" is not ${decimals > 0 ? `a number (digits, at most ${decimals} decimals)` : 'a whole number'}`);
    const units = Number(text);
    if (units > MAX_UNITS_PER_ROW) return void fail(row.line, `${column}: ${text.length > 24 ? `${text.slice(0, 24)}…` : text} units on one row is more than ${MAX_UNITS_PER_ROW.toLocaleString('en')} (a damaged cell: no bill has that many on one row)`);
    return units;
  };

  const readers: Record<Exclude<BilledFormat, 'intercom-api-json'>, () => RowReader | null> = {
    'intercom-csv': () => {
      if (!need('Conversation ID', 'Fin AI Agent resolution state')) return null;
      // The start time is in the zone its header names; without one, UTC (never the reading browser's zone).
      const startedHeader = columns?.find((c) => c.toLowerCase().startsWith('conversation started at')) ?? '';
      const named = zoneOfHeader(startedHeader);
      if (named && 'error' in named) {
        errors.push(`line ${headerLine}: ${startedHeader}: ${named.error}`);
        return null;
      }
      const zone = named?.zone ?? 'UTC';
      if (startedHeader && !named) warnings.push(`line ${headerLine}: "${startedHeader}" names no time zone: its times are read as UTC`);
      return (row) => {
        const id = row.get('Conversation ID');
        if (!/^\d+$/.test(id)) return fail(row.line, `Conversation ID: "${id}" is not an Intercom conversation id`);
        const label = row.get('Fin AI Agent resolution state');
        const kind = parseFinResolution(label);
        if (!BILLABLE_FIN.has(kind)) return void skipped.push({ line: row.line, reason: `"${label || 'no resolution'}" is not billed` });
        const started = row.get('Conversation started at');
        let at: number | null = null;
        if (started) {
          const calendar = calendarProblem(started);
          if (calendar) return fail(row.line, `Conversation started at: "${started}" is not a date: ${calendar}`);
          const read = parseZonedTime(started, zone);
          if ('error' in read) return fail(row.line, `Conversation started at: ${read.error}`);
          const problem = instantProblem(read.at);
          if (problem) return fail(row.line, `Conversation started at: "${started}" ${problem}`);
          if (read.ambiguous) warnings.push(`line ${row.line}: Conversation started at: "${started}" happened twice in ${zone} (the clocks went back): read as the first`);
          at = read.at;
        }
        items.push({ vendor: 'intercom', conversationId: id, billedAt: at, units: 1, kind, customerId: null, line: row.line });
      };
    },
    // No public column list for Zendesk's automated-resolution export: a "Ticket ID" and an
    // "Automated resolution" column (a date or yes/no) are what we read.
    'zendesk-csv': () =>
      need('Ticket ID', 'Automated resolution')
        ? (row) => {
            const id = row.get('Ticket ID');
            if (!/^\d+$/.test(id)) return fail(row.line, `Ticket ID: "${id}" is not a ticket number`);
            const value = row.get('Automated resolution');
            if (/^(no|false|0|)$/i.test(value)) return void skipped.push({ line: row.line, reason: 'not an automated resolution' });
            const at = /^(yes|true|1)$/i.test(value) ? null : timeCell(row, 'Automated resolution', `"${value}" is neither yes/no nor a date`);
            if (at === undefined) return;
            items.push({ vendor: 'zendesk', conversationId: id, billedAt: at, units: 1, kind: 'automated_resolution', customerId: row.get('Requester ID') || null, line: row.line });
          }
        : null,
    'ada-csv': () => {
      const idColumn = columns!.find((c) => /^(conversation_?id|_id|id)$/i.test(c));
      if (!idColumn) errors.push(`line ${headerLine}: an Ada export needs a conversation id column ("conversation_id")`);
      if (!need('automated_resolution_classification') || !idColumn) return null;
      return (row) => {
        const id = row.get(idColumn);
        if (!id) return fail(row.line, `${idColumn}: empty`);
        const classification = row.get('automated_resolution_classification');
        if (classification.toLowerCase() !== 'resolved') return void skipped.push({ line: row.line, reason: `classified "${classification || 'none'}"` });
        // date_created, or created_at where the export has that instead: the message names the one read.
        const dateColumn = !row.get('date_created') && find('created_at') >= 0 ? 'created_at' : 'date_created';
        const at = timeCell(row, dateColumn, 'not a date');
        if (at === undefined) return;
        items.push({ vendor: 'custom', conversationId: id, billedAt: at, units: 1, kind: 'resolved', customerId: row.get('chatter_id') || null, line: row.line });
      };
    },
    'salesforce-cbo-csv': () =>
      need('ConversationId', 'BillingWindowStartDateTime')
        ? (row) => {
            const id = row.get('ConversationId');
            if (!id) return fail(row.line, 'ConversationId: empty');
            const start = row.get('BillingWindowStartDateTime');
            const at = timeCell(row, 'BillingWindowStartDateTime', `"${start}" is not a date`);
            if (at === undefined) return;
            if (at === null) return fail(row.line, 'BillingWindowStartDateTime: empty (every billed window has a start)');
            // Not read, but a window ending on 30 February is a damaged row all the same.
            if (timeCell(row, 'BillingWindowEndDateTime', `"${row.get('BillingWindowEndDateTime')}" is not a date`) === undefined) return;
            const count = unitsCell(row, 'OutcomeCount', row.get('OutcomeCount') || '1', 0);
            if (count === undefined) return;
            // A window with no outcome charged nothing: set aside, said, rather than billed at zero.
            if (count === 0) return void skipped.push({ line: row.line, reason: 'OutcomeCount 0 (nothing billed in this window)' });
            items.push({ vendor: 'salesforce', conversationId: id, billedAt: at, units: count, kind: 'conversation_window', customerId: null, line: row.line });
          }
        : null,
    'mapped-csv': () => {
      if (!mapping) {
        errors.push(`line ${headerLine}: this CSV is not one Recount knows: map its columns (conversation id at least)`);
        return null;
      }
      // No id column chosen yet: the header is all the mapping form needs, and nothing is refused before a choice.
      if (!mapping.conversationId) {
        mappingNeeded = true;
        return null;
      }
      if (!columns!.includes(mapping.conversationId)) {
        errors.push(`line ${headerLine}: the conversation id column "${mapping.conversationId}" is not in this file`);
        return null;
      }
      return (row) => {
        const id = row.get(mapping.conversationId);
        if (!id) return fail(row.line, `${mapping.conversationId}: empty`);
        const at = mapping.billedAt ? timeCell(row, mapping.billedAt, `"${row.get(mapping.billedAt)}" is not a date`) : null;
        if (at === undefined) return;
        const units = mapping.units ? unitsCell(row, mapping.units, row.get(mapping.units) || '1', MAX_UNIT_DECIMALS) : 1;
        if (units === undefined) return;
        if (units === 0) return void skipped.push({ line: row.line, reason: `${mapping.units} 0 (nothing billed on this row)` });
        items.push({ vendor: mapping.vendor, conversationId: id, billedAt: at, units, kind: 'resolved', customerId: (mapping.customerId && row.get(mapping.customerId)) || null, line: row.line });
      };
    },
  };

  const reader = {
    /**
     * One row and the physical line it starts on; `fieldCount` is how many fields it had (a text reader keeps
     * no more cells than the header has, whatever a damaged row holds). False once reading further is pointless.
     */
    pushRow(cells: readonly string[], line: number, fieldCount = cells.length): boolean {
      if (columns === null) {
        columns = cells.map((h) => h.trim());
        headerLine = line;
        index = new Map();
        repeated = new Set();
        for (const [i, name] of columns.entries()) {
          const key = name.toLowerCase();
          if (index.has(key)) repeated.add(key);
          else index.set(key, i);
        }
        readRow = format === 'intercom-api-json' ? null : readers[format]();
        return readRow !== null;
      }
      if (!readRow || errors.length >= MAX_ERRORS) return false;
      // A row with fewer or more fields than the header is cut or damaged: never guess which column is which.
      if (fieldCount !== columns.length) fail(line, `has ${fieldCount} field(s) where the header has ${columns.length} (cut short or damaged)`);
      else readRow({ line, get: (column) => (find(column) >= 0 ? (cells[find(column)] ?? '').trim() : '') });
      return readRow !== null && errors.length < MAX_ERRORS;
    },
    /** Rows numbered one per line: only for rows known to have no blank line or line break between or in them. */
    push(rows: readonly string[][]) {
      for (const cells of rows) reader.pushRow(cells, nextLine++);
    },
    /** A problem with the file's shape (an unclosed quote, a cell too long), named by its physical line. */
    fail,
    hasHeader: () => columns !== null,
    result(): BilledRead {
      return {
        format,
        items: errors.length > 0 ? [] : items,
        skipped,
        errors,
        columns: columns ?? [],
        warnings: warnings.slice(0, MAX_ERRORS),
        ...(mappingNeeded ? { mappingNeeded } : {}),
      };
    },
  };
  return reader;
}

/**
 * Reads a billed-list CSV from successive pieces of text: `write` each piece as it comes (it says false once the
 * file is refused, so a stream can stop reading), then `end`. Reading the whole text in one piece or in any
 * number of pieces gives the same result, with every line named as the file's physical line.
 */
export function createBilledCsvTextReader(format: BilledFormat, mapping?: ColumnMapping) {
  const rows = createBilledCsvReader(format, mapping);
  const splitter = createCsvSplitter({
    limits: { maxColumns: MAX_CSV_COLUMNS, maxCellChars: MAX_CELL_CHARS, what: 'a billed list' },
    record: (cells, line, fieldCount) => rows.pushRow(cells, line, fieldCount),
    problem: (line, message) => rows.fail(line, message),
  });
  let endsWithLineBreak = false;
  return {
    write(piece: string): boolean {
      // Whether the file ends with a line break (spaces after it allowed): only the last piece can say.
      let last = piece.length;
      while (last > 0 && /\s/.test(piece[last - 1])) last--;
      if (last > 0) endsWithLineBreak = /[\r\n]/.test(piece.slice(last));
      else if (/[\r\n]/.test(piece)) endsWithLineBreak = true;
      return splitter.write(piece);
    },
    end(): BilledRead {
      splitter.end();
      if (!splitter.stopped() && !rows.hasHeader()) rows.fail(1, 'the file is empty: a billed list starts with a header row');
      const result = rows.result();
      // A read stopped early has not seen the file's end (and is refused anyway): nothing to say about it.
      if (splitter.stopped()) return result;
      return { ...result, warnings: [...(result.warnings ?? []), ...endWarning(endsWithLineBreak, result)] };
    },
  };
}

/** Bytes read from a file at a time: a progress step, and the most text held besides the rows read. */
export const BILLED_FILE_CHUNK_BYTES = 1_000_000;

/**
 * Reads a billed-list file (a File is a Blob) a chunk at a time, so a CSV of hundreds of megabytes never sits
 * whole in memory and a refused one stops being read at once. An API JSON is read whole: it is parsed whole.
 * Bytes are UTF-8 (a BOM dropped, a bad byte read as U+FFFD), decoded across chunk edges.
 */
export async function readBilledBlob(
  blob: Blob,
  format: BilledFormat,
  mapping?: ColumnMapping,
  { chunkBytes = BILLED_FILE_CHUNK_BYTES, onProgress }: { chunkBytes?: number; onProgress?: (share: number) => void } = {},
): Promise<BilledRead> {
  if (format === 'intercom-api-json') {
    const read = readBilledList(await blob.text(), format, mapping);
    onProgress?.(1);
    return read;
  }
  const reader = createBilledCsvTextReader(format, mapping);
  const decoder = new TextDecoder('utf-8');
  for (let offset = 0; offset < blob.size; offset += chunkBytes) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + chunkBytes).arrayBuffer());
    const going = reader.write(decoder.decode(bytes, { stream: true }));
    onProgress?.(Math.min(1, (offset + chunkBytes) / blob.size));
    if (!going) break; // refused: the rest of the file is not read
  }
  reader.write(decoder.decode());
  onProgress?.(1);
  return reader.end();
}
