// Reading Recount exports from other agents (JSON, NDJSON or CSV) before a merge: every event is checked field
// by field (a bad one is named by line and field), and the file is verified byte for byte and chain by chain.
import * as v from 'valibot';
import { verifyChains, verifyJsonExport, verifyNdjsonExport, type FileVerification } from '../model/chain.mjs';
import { CSV_COLUMNS, eventsToCsv, EXPORT_FORMAT, EXPORT_VERSION, NDJSON_FORMAT, unguardCell } from './export';
import { lineCounter, parseCsvLines } from './csv-lines';
import { sha256hex } from '../model/hash';
import { depthProblem } from '../model/json-limits';
import { checkEvents, TombstoneSchema } from '../model/event-schema';
import type { VerdictEvent } from '../model/verdict';

/** The header of a JSON or NDJSON export (everything but its events and digest). */
const ExportHeaderSchema = v.looseObject({
  format: v.picklist([EXPORT_FORMAT, NDJSON_FORMAT]),
  version: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(EXPORT_VERSION, `made by a newer Recount (this one reads versions up to ${EXPORT_VERSION})`)),
  partial: v.boolean(),
  deleted: v.pipe(v.array(TombstoneSchema), v.maxLength(10_000_000)),
});

/** The first problem of an export's header, named by field, or null. */
export function headerProblem(header: unknown, where: string): string | null {
  const result = v.safeParse(ExportHeaderSchema, header);
  if (result.success) return null;
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return `${where}: ${path ? `${path}: ` : ''}${issue.message}`;
}

export interface ImportRead {
  format: 'json' | 'ndjson' | 'csv';
  events: VerdictEvent[];
  /** Bad rows, each naming its line and field. Any one refuses the whole file. */
  errors: string[];
  verification: FileVerification | null;
}

function readCsv(text: string, errors: string[]): { events: VerdictEvent[]; verification: FileVerification | null } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parsed = parseCsvLines(body, { maxColumns: CSV_COLUMNS.length, maxCellChars: 20_000, what: 'a Recount events CSV' });
  if (parsed.error) {
    errors.push(`line ${parsed.error.line}: ${parsed.error.message}`);
    return { events: [], verification: null };
  }
  const [head, ...rows] = parsed.rows;
  const missing = CSV_COLUMNS.filter((c, i) => head?.cells[i] !== c);
  if (missing.length > 0 || head.cells.length !== CSV_COLUMNS.length) {
    errors.push(`line 1: not a Recount events CSV: expected the ${CSV_COLUMNS.length} columns ${CSV_COLUMNS.join(', ')} (first mismatch: ${missing[0] ?? `column ${CSV_COLUMNS.length + 1}`})`);
    return { events: [], verification: null };
  }
  const raw = rows.map(({ cells }) => {
    const cell = (name: (typeof CSV_COLUMNS)[number]) => unguardCell(cells[CSV_COLUMNS.indexOf(name)] ?? '');
    // Only the export's own spelling of a time: Date.parse also reads "1 2 3" and rolls 30 February over.
    const at = ISO_INSTANT.test(cell('tagged_at')) ? Date.parse(cell('tagged_at')) : NaN;
    return {
      id: cell('event_id'),
      convKey: `${cell('vendor')}:${cell('workspace')}:${cell('conversation_id')}`,
      vendor: cell('vendor'),
      workspace: cell('workspace'),
      conversationId: cell('conversation_id'),
      verdict: cell('verdict'),
      reason: cell('reason') || null,
      note: cell('note'),
      reviewer: cell('reviewer'),
      at: Number.isFinite(at) && new Date(at).toISOString() === cell('tagged_at') ? at : cell('tagged_at'),
      claim: {
        state: cell('vendor_state'),
        resolution: cell('vendor_resolution'),
        resolutionLabel: cell('vendor_resolution_label'),
        url: cell('conversation_url'),
      },
      suggested: cell('suggested') || null,
      chain: cell('chain'),
      seq: /^\d{1,16}$/.test(cell('seq')) ? Number(cell('seq')) : cell('seq'),
      prevHash: cell('prev_hash'),
      hash: cell('hash'),
    };
  });
  const wrongWidth = rows.find((row) => row.cells.length !== CSV_COLUMNS.length);
  if (wrongWidth) {
    errors.push(`line ${wrongWidth.line}: ${wrongWidth.cells.length} cell(s) where the header has ${CSV_COLUMNS.length} (cut short or edited)`);
    return { events: [], verification: null };
  }
  const events = checkEvents(raw, (i) => `line ${rows[i].line}`, errors);
  if (errors.length > 0) return { events, verification: null };
  // CSV has no digest: it must be byte for byte what Recount writes for these events, and the chains verify.
  const chains = verifyChains(events, sha256hex, { partial: true });
  // Browsers drop a UTF-8 BOM when they decode a file (File.text()), so the BOM is not part of the comparison.
  const fileProblem =
    eventsToCsv(events) === `\uFEFF${body}` ? null : 'its bytes differ from what Recount wrote for these events (edited)';
  return { events, verification: { ...chains, ok: chains.ok && !fileProblem, fileProblem } };
}

/** How the CSV export writes a time (Date.prototype.toISOString), e.g. 2026-11-03T09:14:02.000Z. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The 1-based line each event of a JSON export starts on, counted in the text (any formatting). */
function eventStartLines(text: string, count: number): number[] {
  // The events are the objects one level inside the "events" array: found by a scan outside strings.
  const starts: number[] = [];
  const eventsKey = text.indexOf('"events"');
  if (eventsKey < 0) return starts;
  const lineAt = lineCounter(text);
  let depth = 0;
  let inString = false;
  let arrayDepth = -1;
  for (let i = eventsKey + 8; i < text.length && starts.length < count; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (arrayDepth < 0 && c === '[') arrayDepth = depth + 1;
      else if (depth === arrayDepth && c === '{') starts.push(lineAt(i));
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth < arrayDepth) break;
    }
  }
  return starts;
}

export function readRecountExport(text: string): ImportRead {
  const errors: string[] = [];
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const refuse = (format: ImportRead['format'], problem: string): ImportRead => ({ format, events: [], errors: [problem], verification: null });
  if (trimmed.startsWith('{') && !/^\{[^\n]*"format":"recount-events-ndjson"/.test(trimmed)) {
    const deep = depthProblem(text);
    if (deep) return refuse('json', deep);
    const verification = verifyJsonExport(text, sha256hex);
    if (verification.fileProblem?.startsWith('not ')) return refuse('json', verification.fileProblem);
    const { events: raw, ...head } = JSON.parse(text) as { events: unknown[] };
    const badHeader = headerProblem(head, 'the file');
    if (badHeader) return refuse('json', badHeader);
    const starts = eventStartLines(text, raw.length);
    const events = checkEvents(raw, (i) => (starts[i] ? `line ${starts[i]} (event ${i + 1})` : `event ${i + 1}`), errors);
    return { format: 'json', events, errors, verification: errors.length ? null : verification };
  }
  if (trimmed.startsWith('{')) {
    const deep = depthProblem(text);
    if (deep) return refuse('ndjson', deep);
    const verification = verifyNdjsonExport(text, sha256hex);
    if (!verification.events) return refuse('ndjson', verification.fileProblem ?? 'unreadable');
    const badHeader = headerProblem(verification.header, 'line 1');
    if (badHeader) return refuse('ndjson', badHeader);
    const events = checkEvents(verification.events, (i) => `line ${i + 2}`, errors);
    return { format: 'ndjson', events, errors, verification: errors.length ? null : verification };
  }
  const { events, verification } = readCsv(text, errors);
  return { format: 'csv', events, errors, verification };
}

