// Reading Recount exports from other agents (JSON, NDJSON or CSV) before a merge: every event is checked field
// by field (a bad one is named by line and field), and the file is verified byte for byte and chain by chain.
import Papa from 'papaparse';
import * as v from 'valibot';
import { eventHash, verifyChains, verifyJsonExport, verifyNdjsonExport, type FileVerification, type Tombstone } from './chain.mjs';
import { CSV_COLUMNS, eventsToCsv } from './export';
import { sha256hex } from './hash';
import {
  CONVERSATION_STATES,
  conversationKeyString,
  FALSE_REASONS,
  RESOLUTION_KINDS,
  VENDORS,
  VERDICTS,
  type VerdictEvent,
} from './verdict';

const HEX64 = /^[0-9a-f]{64}$/;
const str = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const ImportedEventSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    convKey: v.string(),
    vendor: v.picklist(VENDORS),
    workspace: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    conversationId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    verdict: v.picklist(VERDICTS),
    reason: v.nullable(v.picklist(FALSE_REASONS)),
    note: str(10_000),
    reviewer: str(120),
    at: v.pipe(v.number(), v.integer(), v.minValue(0)),
    claim: v.object({
      state: v.picklist(CONVERSATION_STATES),
      resolution: v.picklist(RESOLUTION_KINDS),
      resolutionLabel: str(200),
      url: str(4000),
    }),
    suggested: v.nullable(v.picklist(VERDICTS)),
    chain: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
    prevHash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
    hash: v.pipe(v.string(), v.regex(HEX64, '64 hex digits')),
  }),
  v.check((e) => e.convKey === `${e.vendor}:${e.workspace}:${e.conversationId}`, 'convKey: does not match vendor, workspace and conversation id'),
  v.check((e) => (e.verdict === 'false') === (e.reason !== null), 'reason: a false verdict needs a reason, others none'),
);

export interface ImportRead {
  format: 'json' | 'ndjson' | 'csv';
  events: VerdictEvent[];
  /** Bad rows, each naming its line and field. Any one refuses the whole file. */
  errors: string[];
  verification: FileVerification | null;
}

const MAX_ERRORS = 50;

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
  const events = checkEvents(raw, (i) => i + 1, errors);
  if (errors.length === 0 && wholeChain) {
    const own = events.filter((e) => e.chain === wholeChain);
    for (const p of verifyChains(own, sha256hex, { deleted: deleted.filter((t) => t.chain === wholeChain) }).problems.slice(0, MAX_ERRORS)) {
      errors.push(`event ${events.indexOf(own[Math.max(0, p.index)]) + 1} (${p.id}): ${p.problem}`);
    }
  }
  if (errors.length === 0) {
    for (const p of verifyChains(events, sha256hex, { partial: true, deleted }).problems.slice(0, MAX_ERRORS)) {
      errors.push(`event ${p.index + 1} (${p.id}): ${p.problem}`);
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

function checkEvents(raw: unknown[], lineOf: (index: number) => number, errors: string[]): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  const seen = new Set<string>();
  raw.forEach((candidate, index) => {
    if (errors.length >= MAX_ERRORS) return;
    const result = v.safeParse(ImportedEventSchema, candidate);
    if (!result.success) {
      const issue = result.issues[0];
      const path = v.getDotPath(issue);
      errors.push(`line ${lineOf(index)}: ${path ? `${path}: ` : ''}${issue.message}`);
      return;
    }
    if (seen.has(result.output.id)) {
      errors.push(`line ${lineOf(index)}: id: ${result.output.id} appears twice in this file`);
      return;
    }
    seen.add(result.output.id);
    events.push(result.output as VerdictEvent);
  });
  return events;
}

/** Undo the CSV export's formula guard: a leading apostrophe before = + - @ tab or CR. */
function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function readCsv(text: string, errors: string[]): { events: VerdictEvent[]; verification: FileVerification | null } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    errors.push(`line ${(e.row ?? 0) + 1}: ${e.message}`);
    return { events: [], verification: null };
  }
  const [head, ...rows] = parsed.data;
  const missing = CSV_COLUMNS.filter((c, i) => head?.[i] !== c);
  if (missing.length > 0) {
    errors.push(`line 1: not a Recount events CSV: expected the columns ${CSV_COLUMNS.join(', ')} (first mismatch: ${missing[0]})`);
    return { events: [], verification: null };
  }
  const raw = rows.map((row) => {
    const cell = (name: (typeof CSV_COLUMNS)[number]) => unguard(row[CSV_COLUMNS.indexOf(name)] ?? '');
    const at = Date.parse(cell('tagged_at'));
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
      at: Number.isFinite(at) ? at : cell('tagged_at'),
      claim: {
        state: cell('vendor_state'),
        resolution: cell('vendor_resolution'),
        resolutionLabel: cell('vendor_resolution_label'),
        url: cell('conversation_url'),
      },
      suggested: cell('suggested') || null,
      chain: cell('chain'),
      seq: /^\d+$/.test(cell('seq')) ? Number(cell('seq')) : cell('seq'),
      prevHash: cell('prev_hash'),
      hash: cell('hash'),
    };
  });
  const events = checkEvents(raw, (i) => i + 2, errors);
  if (errors.length > 0) return { events, verification: null };
  // CSV has no digest: it must be byte for byte what Recount writes for these events, and the chains verify.
  const chains = verifyChains(events, sha256hex, { partial: true });
  // Browsers drop a UTF-8 BOM when they decode a file (File.text()), so the BOM is not part of the comparison.
  const fileProblem =
    eventsToCsv(events) === `\uFEFF${body}` ? null : 'its bytes differ from what Recount wrote for these events (edited)';
  return { events, verification: { ...chains, ok: chains.ok && !fileProblem, fileProblem } };
}

export function readRecountExport(text: string): ImportRead {
  const errors: string[] = [];
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') && !/^\{[^\n]*"format":"recount-events-ndjson"/.test(trimmed)) {
    const verification = verifyJsonExport(text, sha256hex);
    if (verification.fileProblem?.startsWith('not ')) return { format: 'json', events: [], errors: [verification.fileProblem], verification: null };
    const raw = (JSON.parse(text) as { events: unknown[] }).events;
    // Line numbers: each event starts on a line of its own in the canonical form.
    const lines = text.split('\n');
    const starts: number[] = [];
    lines.forEach((line, i) => {
      if (line === '    {') starts.push(i + 1);
    });
    const events = checkEvents(raw, (i) => starts[i] ?? 0, errors);
    return { format: 'json', events, errors, verification: errors.length ? null : verification };
  }
  if (trimmed.startsWith('{')) {
    const verification = verifyNdjsonExport(text, sha256hex);
    if (!verification.events) return { format: 'ndjson', events: [], errors: [verification.fileProblem ?? 'unreadable'], verification: null };
    const events = checkEvents(verification.events, (i) => i + 2, errors);
    return { format: 'ndjson', events, errors, verification: errors.length ? null : verification };
  }
  const { events, verification } = readCsv(text, errors);
  return { format: 'csv', events, errors, verification };
}

export { conversationKeyString };

