// The vendor's billed list: what the invoice says was charged, read from the vendor's own exports. Every row
// is either an item, skipped with a reason (not a billed outcome), or an error naming its line; a file with any
// error is refused whole.
import Papa from 'papaparse';
import { parseFinResolution } from './adapters/intercom';
import { parseZonedTime, zoneOfHeader } from './zoned-time';
import type { ResolutionKind, Vendor } from './verdict';

export interface BilledItem {
  vendor: Vendor;
  conversationId: string;
  /** When the outcome was billed (or the conversation/window started), ms since the epoch; null if not given. */
  billedAt: number | null;
  /** Billed units on this row (Agentforce: OutcomeCount; otherwise 1). */
  units: number;
  /** The vendor's outcome, normalised where it maps onto Recount's kinds. */
  kind: ResolutionKind;
  /** The customer (contact) id, where the export gives one: for "billed twice for the same customer". */
  customerId: string | null;
  /** 1-based line (CSV) or position (JSON) in the file. */
  line: number;
}

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
}

/** A CSV that does not end with a line break may have lost the end of its last row. */
export function endWarning(endsWithLineBreak: boolean, read: BilledRead): string[] {
  if (endsWithLineBreak || read.items.length + read.skipped.length === 0) return [];
  const last = Math.max(...read.items.map((i) => i.line), ...read.skipped.map((s) => s.line));
  return [`line ${last}: the file ends without a line break — if it was cut short, this last row may be incomplete`];
}

const MAX_ERRORS = 100;
const BILLABLE_FIN: ReadonlySet<ResolutionKind> = new Set(['confirmed', 'assumed', 'procedure_handoff']);

/** Which of our formats a file is, from its header row (CSV) or its shape (JSON). */
export function detectBilledFormat(text: string): BilledFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'intercom-api-json';
  const header = start.split(/\r?\n/, 1)[0].toLowerCase();
  if (header.includes('fin ai agent resolution state') && header.includes('conversation id')) return 'intercom-csv';
  if (header.includes('billingoutcometext') || (header.includes('conversationid') && header.includes('billingwindowstartdatetime'))) return 'salesforce-cbo-csv';
  if (header.includes('automated_resolution_classification')) return 'ada-csv';
  if (header.includes('ticket id') && header.includes('automated resolution')) return 'zendesk-csv';
  return 'mapped-csv';
}

/**
 * A time from a billed list: Unix seconds or ms, a date with its own offset, or a wall-clock time — read as UTC
 * when the file names no zone (never in the zone of the machine reading it, which would make the same file
 * reconcile differently in Tokyo and New York).
 */
function parseTime(value: string | number | null | undefined): number | null | 'bad' {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value; // Unix seconds or ms
  if (/^\d{9,10}$/.test(value.trim())) return Number(value) * 1000;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return Date.parse(`${value.trim()}T00:00:00Z`);
  const zoned = parseZonedTime(value, 'UTC');
  if (!('error' in zoned)) return zoned.at;
  // Other spellings with their own zone ("Tue, 03 Nov 2026 09:14:02 GMT"): Date.parse reads those exactly.
  const t = /(?:GMT|UTC|Z|[+-]\d{2}:?\d{2})\s*$/i.test(value.trim()) ? Date.parse(value) : NaN;
  return Number.isFinite(t) ? t : 'bad';
}

export function readBilledList(text: string, format: BilledFormat = detectBilledFormat(text), mapping?: ColumnMapping): BilledRead {
  const errors: string[] = [];
  const skipped: BilledRead['skipped'] = [];
  const items: BilledItem[] = [];
  const add = (item: BilledItem) => items.push(item);
  const fail = (line: number, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push(`line ${line}: ${message}`);
  };

  if (format === 'intercom-api-json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      return { format, items, skipped, errors: [`not valid JSON: ${(error as Error).message}`], columns: [] };
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { conversations?: unknown })?.conversations;
    if (!Array.isArray(list)) return { format, items, skipped, errors: ['expected a list of conversations (or { "conversations": [...] })'], columns: [] };
    list.forEach((raw, i) => {
      const line = i + 1;
      const c = raw as {
        id?: unknown;
        created_at?: unknown;
        updated_at?: unknown;
        statistics?: { last_close_at?: unknown };
        ai_agent?: { resolution_state?: unknown; source_type?: unknown } | null;
        contacts?: { contacts?: Array<{ id?: unknown }> };
      };
      if (!c || typeof c !== 'object') return fail(line, 'conversation: not an object');
      if (typeof c.id !== 'string' && typeof c.id !== 'number') return fail(line, 'id: missing');
      const source = c.ai_agent?.source_type;
      // Intercom's reporting leaves out Fin previews: they are not billed.
      if (source === 'fin_preview' || source === 'workflow_preview') return void skipped.push({ line, reason: `source_type ${source} (a preview)` });
      const state = c.ai_agent?.resolution_state;
      if (state !== null && state !== undefined && typeof state !== 'string') return fail(line, 'ai_agent.resolution_state: not a string');
      const kind = parseFinResolution((state as string | null | undefined) ?? null);
      if (!BILLABLE_FIN.has(kind)) return void skipped.push({ line, reason: `resolution_state ${state ?? 'null'} is not billed` });
      const at = parseTime((c.statistics?.last_close_at ?? c.updated_at ?? c.created_at) as number | string | undefined);
      if (at === 'bad') return fail(line, 'updated_at: not a time');
      const contact = c.contacts?.contacts?.[0]?.id;
      add({ vendor: 'intercom', conversationId: String(c.id), billedAt: at, units: 1, kind, customerId: contact ? String(contact) : null, line });
    });
    return { format, items, skipped, errors, columns: [] };
  }

  const reader = createBilledCsvReader(format, mapping);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  reader.parseErrors(parsed.errors);
  reader.push(parsed.data);
  const result = reader.result();
  return { ...result, warnings: [...(result.warnings ?? []), ...endWarning(/[\r\n]\s*$/.test(text), result)] };
}

type RowReader = (row: Row) => void;

interface Row {
  line: number;
  get(column: string): string;
}

/**
 * Reads a billed-list CSV a batch of rows at a time, so a file of hundreds of thousands of rows can be parsed
 * as a stream (Papa.parse's chunk callback) with a progress bar; the first row pushed is the header.
 */
export function createBilledCsvReader(format: BilledFormat, mapping?: ColumnMapping) {
  const errors: string[] = [];
  const warnings: string[] = [];
  const skipped: BilledRead['skipped'] = [];
  const items: BilledItem[] = [];
  let columns: string[] | null = null;
  let index = new Map<string, number>();
  let readRow: RowReader | null = null;
  let nextLine = 1;
  const fail = (line: number, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push(`line ${line}: ${message}`);
  };
  const find = (column: string) => {
    const wanted = column.toLowerCase();
    if (index.has(wanted)) return index.get(wanted)!;
    // "Conversation started at (<TZ>)" and the like: match on the prefix.
    for (const [name, i] of index) if (name.startsWith(wanted)) return i;
    return -1;
  };
  const need = (...wanted: string[]) => {
    const missing = wanted.filter((c) => find(c) < 0);
    if (missing.length > 0) errors.push(`line 1: a ${FORMAT_LABELS[format]} needs the column(s) ${missing.map((m) => `"${m}"`).join(', ')}`);
    return missing.length === 0;
  };

  const readers: Record<Exclude<BilledFormat, 'intercom-api-json'>, () => RowReader | null> = {
    'intercom-csv': () => {
      if (!need('Conversation ID', 'Fin AI Agent resolution state')) return null;
      // The start time is in the zone its header names; without one, UTC (never the reading browser's zone).
      const startedHeader = columns?.find((c) => c.toLowerCase().startsWith('conversation started at')) ?? '';
      const named = zoneOfHeader(startedHeader);
      if (named && 'error' in named) {
        errors.push(`line 1: ${startedHeader}: ${named.error}`);
        return null;
      }
      const zone = named?.zone ?? 'UTC';
      if (startedHeader && !named) warnings.push(`line 1: "${startedHeader}" names no time zone: its times are read as UTC`);
      return (row) => {
            const id = row.get('Conversation ID');
            if (!/^\d+$/.test(id)) return fail(row.line, `Conversation ID: "${id}" is not an Intercom conversation id`);
            const label = row.get('Fin AI Agent resolution state');
            const kind = parseFinResolution(label);
            if (!BILLABLE_FIN.has(kind)) return void skipped.push({ line: row.line, reason: `"${label || 'no resolution'}" is not billed` });
            const started = row.get('Conversation started at');
            let at: number | null = null;
            if (started) {
              const read = parseZonedTime(started, zone);
              if ('error' in read) return fail(row.line, `Conversation started at: ${read.error}`);
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
            const at = /^(yes|true|1)$/i.test(value) ? null : parseTime(value);
            if (at === 'bad') return fail(row.line, `Automated resolution: "${value}" is neither yes/no nor a date`);
            items.push({ vendor: 'zendesk', conversationId: id, billedAt: at, units: 1, kind: 'automated_resolution', customerId: row.get('Requester ID') || null, line: row.line });
          }
        : null,
    'ada-csv': () => {
      const idColumn = columns!.find((c) => /^(conversation_?id|_id|id)$/i.test(c));
      if (!idColumn) errors.push('line 1: an Ada export needs a conversation id column ("conversation_id")');
      if (!need('automated_resolution_classification') || !idColumn) return null;
      return (row) => {
        const id = row.get(idColumn);
        if (!id) return fail(row.line, `${idColumn}: empty`);
        const classification = row.get('automated_resolution_classification');
        if (classification.toLowerCase() !== 'resolved') return void skipped.push({ line: row.line, reason: `classified "${classification || 'none'}"` });
        const at = parseTime(row.get('date_created') || row.get('created_at'));
        if (at === 'bad') return fail(row.line, 'date_created: not a date');
        items.push({ vendor: 'custom', conversationId: id, billedAt: at, units: 1, kind: 'resolved', customerId: row.get('chatter_id') || null, line: row.line });
      };
    },
    'salesforce-cbo-csv': () =>
      need('ConversationId', 'BillingWindowStartDateTime')
        ? (row) => {
            const id = row.get('ConversationId');
            if (!id) return fail(row.line, 'ConversationId: empty');
            const at = parseTime(row.get('BillingWindowStartDateTime'));
            if (at === 'bad' || at === null) return fail(row.line, `BillingWindowStartDateTime: "${row.get('BillingWindowStartDateTime')}" is not a date`);
            const countText = row.get('OutcomeCount') || '1';
            if (!/^\d+$/.test(countText)) return fail(row.line, `OutcomeCount: "${countText}" is not a whole number`);
            items.push({ vendor: 'salesforce', conversationId: id, billedAt: at, units: Number(countText), kind: 'conversation_window', customerId: null, line: row.line });
          }
        : null,
    'mapped-csv': () => {
      if (!mapping) {
        errors.push('line 1: this CSV is not one Recount knows: map its columns (conversation id at least)');
        return null;
      }
      if (!mapping.conversationId || !columns!.includes(mapping.conversationId)) {
        errors.push(`line 1: the conversation id column "${mapping.conversationId}" is not in this file`);
        return null;
      }
      return (row) => {
        const id = row.get(mapping.conversationId);
        if (!id) return fail(row.line, `${mapping.conversationId}: empty`);
        const at = mapping.billedAt ? parseTime(row.get(mapping.billedAt)) : null;
        if (at === 'bad') return fail(row.line, `${mapping.billedAt}: "${row.get(mapping.billedAt)}" is not a date`);
        const unitsText = mapping.units ? row.get(mapping.units) || '1' : '1';
        if (!/^\d+(\.\d+)?$/.test(unitsText)) return fail(row.line, `${mapping.units}: "${unitsText}" is not a number`);
        items.push({ vendor: mapping.vendor, conversationId: id, billedAt: at, units: Number(unitsText), kind: 'resolved', customerId: (mapping.customerId && row.get(mapping.customerId)) || null, line: row.line });
      };
    },
  };

  return {
    parseErrors(list: ReadonlyArray<{ row?: number; message: string }>) {
      for (const e of list.slice(0, 5)) errors.push(`line ${(e.row ?? 0) + 2}: ${e.message}`);
    },
    push(rows: readonly string[][]) {
      for (const cells of rows) {
        const line = nextLine++;
        if (columns === null) {
          columns = cells.map((h) => h.trim());
          index = new Map(columns.map((c, i) => [c.toLowerCase(), i]));
          readRow = format === 'intercom-api-json' ? null : readers[format]();
          continue;
        }
        if (!readRow || errors.length >= MAX_ERRORS) continue;
        // A row with fewer or more fields than the header is cut or damaged: never guess which column is which.
        if (cells.length !== columns.length) {
          fail(line, `has ${cells.length} field(s) where the header has ${columns.length} (cut short or damaged)`);
          continue;
        }
        readRow({ line, get: (column) => (find(column) >= 0 ? (cells[find(column)] ?? '').trim() : '') });
      }
    },
    result(): BilledRead {
      return { format, items, skipped, errors, columns: columns ?? [], warnings: warnings.slice(0, MAX_ERRORS) };
    },
  };
}
