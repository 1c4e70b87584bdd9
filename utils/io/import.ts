// Reading Recount exports from other agents (JSON, NDJSON or CSV) before a merge: every event is checked field
// by field (a bad one is named by line and field), and the file is verified byte for byte and chain by chain.
import * as v from 'valibot';
import { eventHash, verifyChains, verifyJsonExport, verifyNdjsonExport, type ChainVerification, type FileVerification, type Tombstone } from '../model/chain.mjs';
import { CSV_COLUMNS, eventsToCsv, EXPORT_FORMAT, EXPORT_VERSION, NDJSON_FORMAT, unguardCell } from './export';
import { lineCounter, parseCsvLines } from './csv-lines';
import { sha256hex } from '../model/hash';
import { depthProblem } from '../model/json-limits';
import {
  CONVERSATION_STATES,
  conversationKeyString,
  FALSE_REASONS,
  RESOLUTION_KINDS,
  VENDORS,
  VERDICTS,
  type VerdictEvent,
} from '../model/verdict';

const HEX64 = /^[0-9a-f]{64}$/;
const str = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** JavaScript's last representable date, in ms: a time beyond it cannot be shown or compared. */
export const LAST_DATE_MS = 8.64e15;

export const ImportedEventSchema = v.pipe(
  // Strict: a field Recount never writes is not covered by the hash, so it would ride into the log unchecked.
  v.strictObject({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    convKey: v.string(),
    vendor: v.picklist(VENDORS),
    workspace: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    conversationId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    verdict: v.picklist(VERDICTS),
    reason: v.nullable(v.picklist(FALSE_REASONS)),
    note: str(10_000),
    reviewer: str(120),
    at: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LAST_DATE_MS, 'beyond the last date JavaScript can hold (8.64e15 ms)')),
    claim: v.strictObject({
      state: v.picklist(CONVERSATION_STATES),
      resolution: v.picklist(RESOLUTION_KINDS),
      resolutionLabel: str(200),
      url: str(4000),
    }),
    suggested: v.nullable(v.picklist(VERDICTS)),
    chain: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    seq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
    prevHash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
    hash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
  }),
  v.check((e) => e.convKey === `${e.vendor}:${e.workspace}:${e.conversationId}`, 'convKey: does not match vendor, workspace and conversation id'),
  v.check((e) => (e.verdict === 'false') === (e.reason !== null), 'reason: a false verdict needs a reason, others none'),
);

/** What stays of a deleted event (its chain position and hashes), as exports and backups carry it. */
export const TombstoneSchema = v.strictObject({
  chain: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  seq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  prevHash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
  hash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
  deletedAt: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LAST_DATE_MS)),
});

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

const MAX_ERRORS = 50;

/** A chain problem in words: the event by its position in the file, or the deleted event's tombstone. */
export function describeChainProblem(p: ChainVerification['problems'][number]): string {
  if (p.index >= 0) return `event ${p.index + 1} (id ${p.id}, seq ${p.seq}): ${p.problem}`;
  return p.chain ? `deleted event (chain ${p.chain}, seq ${p.seq}): ${p.problem}` : `the list of deleted events: ${p.problem}`;
}

/**
 * For the background: every event well formed, no id twice, every chain link present verifies. Other
 * installations' chains may have gaps (an agent may have sent a filtered export); `wholeChain` — this
 * installation's own, in a backup — must be complete, deleted events accounted for by their tombstones.
 */
export function validateImportedEvents(
  raw: unknown[],
  deleted: readonly Tombstone[] = [],
  wholeChain: string | null = null,
): { events: VerdictEvent[]; errors: string[] } {
  const errors: string[] = [];
  const events = checkEvents(raw, (i) => `event ${i + 1}`, errors);
  if (errors.length === 0 && wholeChain) {
    const own = events.filter((e) => e.chain === wholeChain);
    for (const p of verifyChains(own, sha256hex, { deleted: deleted.filter((t) => t.chain === wholeChain) }).problems.slice(0, MAX_ERRORS)) {
      errors.push(describeChainProblem({ ...p, index: p.index < 0 ? -1 : events.indexOf(own[p.index]) }));
    }
  }
  if (errors.length === 0) {
    for (const p of verifyChains(events, sha256hex, { partial: true, deleted }).problems.slice(0, MAX_ERRORS)) {
      errors.push(describeChainProblem(p));
    }
  }
  return { events, errors };
}

/**
 * The same checks as validateImportedEvents, a slice at a time, so that a merge can check one slice while the
 * database writes the one before (checking 100,000 events is ~1.3 s of hashing and parsing in the worker, ~15%
 * of writing them). `slice` returns the well-formed events, or null at the first problem; `links` checks the
 * chains' links once every slice passed. On a refusal, validateImportedEvents names the problems.
 */
export function sliceChecker(): { slice: (raw: readonly unknown[]) => VerdictEvent[] | null; links: (events: readonly VerdictEvent[]) => boolean } {
  const seen = new Set<string>();
  return {
    slice(raw) {
      const events: VerdictEvent[] = [];
      for (const candidate of raw) {
        const result = v.safeParse(ImportedEventSchema, candidate);
        if (!result.success || seen.has(result.output.id)) return null;
        const event = result.output as VerdictEvent;
        if (eventHash(event, sha256hex) !== event.hash) return null;
        seen.add(event.id);
        events.push(event);
      }
      return events;
    },
    links: (events) => verifyChains(events, sha256hex, { partial: true, hashesChecked: true }).ok,
  };
}

function checkEvents(raw: unknown[], whereOf: (index: number) => string, errors: string[]): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  const seen = new Set<string>();
  raw.forEach((candidate, index) => {
    if (errors.length >= MAX_ERRORS) return;
    const result = v.safeParse(ImportedEventSchema, candidate);
    if (!result.success) {
      const issue = result.issues[0];
      const path = v.getDotPath(issue);
      errors.push(`${whereOf(index)}: ${path ? `${path}: ` : ''}${issue.message}`);
      return;
    }
    if (seen.has(result.output.id)) {
      errors.push(`${whereOf(index)}: id: ${result.output.id} appears twice in this file`);
      return;
    }
    seen.add(result.output.id);
    events.push(result.output as VerdictEvent);
  });
  return events;
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

export { conversationKeyString };
