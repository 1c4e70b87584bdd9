// Export of the event log. CSV: UTF-8 with a BOM (Excel reads it as UTF-8), RFC 4180 quoting and CRLF,
// and no cell that a spreadsheet would run as a formula.
import type { ExportSignature } from '../model/signature.mjs';
import Papa from 'papaparse';
import { serializeJsonExport, serializeNdjsonExport, verifyChains, type ChainSummary, type Tombstone } from '../model/chain.mjs';
import { sha256hex } from '../model/hash';
import type { VerdictEvent } from '../model/verdict';

export const CSV_COLUMNS = [
  'event_id',
  'tagged_at',
  'vendor',
  'workspace',
  'conversation_id',
  'verdict',
  'reason',
  'note',
  'reviewer',
  'vendor_state',
  'vendor_resolution',
  'vendor_resolution_label',
  'conversation_url',
  'suggested',
  'chain',
  'seq',
  'prev_hash',
  'hash',
] as const;

export function eventToRow(e: VerdictEvent): string[] {
  return [
    e.id,
    new Date(e.at).toISOString(),
    e.vendor,
    e.workspace,
    e.conversationId,
    e.verdict,
    e.reason ?? '',
    e.note,
    e.reviewer,
    e.claim.state,
    e.claim.resolution,
    e.claim.resolutionLabel,
    e.claim.url,
    e.suggested ?? '',
    e.chain,
    String(e.seq),
    e.prevHash,
    e.hash,
  ];
}

const BOM = '\uFEFF';

/**
 * Cells starting with = + - @ tab or CR get a leading apostrophe (OWASP's advice for CSV injection).
 * papaparse's own `escapeFormulae: true` uses /^[=+\-@\t\r].*$/, which misses a formula followed by a
 * newline (`.` stops at it), so we hand it a start-only pattern. A cell that already starts with apostrophes
 * before such a character gets one more, so reading strips exactly one and every cell round-trips (a note
 * "'=x" is written "''=x"). quotes: true quotes every cell, so leading spaces and newlines survive every reader.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The inverse of the guard: one apostrophe off a cell the guard would have prefixed. */
export function unguardCell(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

const CSV_OPTIONS = { quotes: true, escapeFormulae: FORMULA_START, newline: '\r\n' } as const;

/** Rows as CSV lines, each ending in CRLF (none for no rows). */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return rows.length === 0 ? '' : `${Papa.unparse(rows as string[][], CSV_OPTIONS)}\r\n`;
}

function csvFile(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return BOM + csvLines([columns]) + csvLines(rows);
}

export function eventsToCsv(events: readonly VerdictEvent[]): string {
  return csvFile(CSV_COLUMNS, events.map(eventToRow));
}

export function csvHeader(): string {
  return BOM + csvLines([CSV_COLUMNS]);
}

export const EXPORT_FORMAT = 'recount-events';
export const NDJSON_FORMAT = 'recount-events-ndjson';
export const EXPORT_VERSION = 2;

export interface ExportOptions {
  exportedAt?: number;
  /** Tombstones of deleted events, so the chains still verify across them. */
  deleted?: readonly Tombstone[];
  /** The dashboard filter the events were chosen with; null for the whole log. */
  filter?: Record<string, unknown> | null;
  /** Signs the file's digest and chain heads with this installation's key (streamed exports; see signature.mjs). */
  sign?: (digest: string, chains: Record<string, ChainSummary>) => Promise<ExportSignature>;
}

function header(format: string, events: readonly VerdictEvent[], options: ExportOptions) {
  const filter = options.filter ?? null;
  return {
    format,
    version: EXPORT_VERSION,
    exportedAt: new Date(options.exportedAt ?? Date.now()).toISOString(),
    // A filtered export has gaps in its chains by design; every present link still verifies.
    partial: filter !== null,
    filter,
    chains: verifyChains(events, sha256hex, { partial: true, deleted: options.deleted ?? [] }).chains,
    deleted: options.deleted ?? [],
  };
}

/** JSON in one canonical byte form with a digest: the verifier can tell any edited byte. */
export function eventsToJson(events: readonly VerdictEvent[], options: ExportOptions = {}): string {
  return serializeJsonExport({ ...header(EXPORT_FORMAT, events, options), events }, sha256hex);
}

export function eventsToNdjson(events: readonly VerdictEvent[], options: ExportOptions = {}): string {
  return serializeNdjsonExport(header(NDJSON_FORMAT, events, options), events, sha256hex);
}

export const CURRENT_COLUMNS = [
  'vendor',
  'workspace',
  'conversation_id',
  'vendor_resolution',
  'verdict',
  'reason',
  'note',
  'reviewer',
  'tagged_at',
  'conversation_url',
  'event_id',
] as const;

/** One row per conversation: its current verdict (the latest event). A view of the log, not evidence. */
export function currentVerdictsToCsv(current: readonly VerdictEvent[]): string {
  return csvFile(
    CURRENT_COLUMNS,
    current.map((e) => [
      e.vendor,
      e.workspace,
      e.conversationId,
      e.claim.resolution,
      e.verdict,
      e.reason ?? '',
      e.note,
      e.reviewer,
      new Date(e.at).toISOString(),
      e.claim.url,
      e.id,
    ]),
  );
}

export type ExportKind = 'csv' | 'json' | 'ndjson';

export function exportFileName(kind: ExportKind, what: 'events' | 'current' = 'events', now = new Date()): string {
  return `recount-${what}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${kind}`;
}
