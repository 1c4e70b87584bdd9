// Export of the event log. CSV: UTF-8 with a BOM (Excel reads it as UTF-8), RFC 4180 quoting and CRLF,
// and no cell that a spreadsheet would run as a formula.
import Papa from 'papaparse';
import type { VerdictEvent } from './verdict';

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
  ];
}

const BOM = '\uFEFF';

/**
 * Cells starting with = + - @ tab or CR get a leading apostrophe (OWASP's advice for CSV injection).
 * papaparse's own `escapeFormulae: true` uses /^[=+\-@\t\r].*$/, which misses a formula followed by a
 * newline (`.` stops at it), so we hand it a start-only pattern. quotes: true quotes every cell, so leading
 * spaces and newlines in notes survive every reader.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

export function eventsToCsv(events: readonly VerdictEvent[]): string {
  return (
    BOM +
    Papa.unparse(
      { fields: [...CSV_COLUMNS], data: events.map(eventToRow) },
      { quotes: true, escapeFormulae: FORMULA_START, newline: '\r\n' },
    ) +
    '\r\n'
  );
}

export const EXPORT_FORMAT = 'recount-events';
export const EXPORT_VERSION = 1;

export function eventsToJson(events: readonly VerdictEvent[], exportedAt = Date.now()): string {
  return JSON.stringify(
    { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(exportedAt).toISOString(), events },
    null,
    2,
  );
}

export function exportFileName(kind: 'csv' | 'json', now = new Date()): string {
  return `recount-events-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${kind}`;
}
