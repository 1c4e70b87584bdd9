// Reading an export file picked in the dashboard: refused at once past the size limit, and an NDJSON file (the
// format for large logs) read as a stream, line by line, so memory grows with the events kept, not with the
// file's text, and a bad line is named as soon as it is read. Runs in a worker (import-worker.ts) or, where there
// is none, in the page, yielding between chunks.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { eventHash, verifyChains } from '../model/chain.mjs';
import { NDJSON_FORMAT } from './export';
import { sha256hex } from '../model/hash';
import { headerProblem, readRecountExport, type ImportRead } from './import';
import { describeChainProblem, ImportedEventSchema } from '../model/event-schema';
import { depthProblem } from '../model/json-limits';
import * as v from 'valibot';
import type { VerdictEvent } from '../model/verdict';

/**
 * The largest file Recount reads: the page keeps every event of a merge until it is written (~1.5 KB each in
 * memory), and 200 MiB of NDJSON is ~300,000 events. Larger logs are exported in parts (a filter per period)
 * and picked together.
 */
export const MAX_IMPORT_BYTES = 200 * 2 ** 20;
/** One line of NDJSON: an event is a few KB at most (a note is at most 10,000 characters). */
const MAX_EVENT_LINE = 100_000;
const MAX_ERRORS = 50;

export type ReadProgress = (share: number) => void;

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function sizeProblem(size: number): string | null {
  return size > MAX_IMPORT_BYTES
    ? `the file is ${megabytes(size)}; Recount reads at most ${megabytes(MAX_IMPORT_BYTES)} (about 300,000 events) in one file — export the log in parts (filter by period) and pick the parts together`
    : null;
}

/** Reads and checks one export file. Never throws for what the file holds: every problem is in `errors`. */
export async function readExportFile(file: Blob, onProgress: ReadProgress = () => undefined): Promise<ImportRead> {
  const tooBig = sizeProblem(file.size);
  if (tooBig) return { format: 'json', events: [], errors: [tooBig], verification: null };
  onProgress(0);
  const head = (await file.slice(0, 4096).text()).replace(/^\uFEFF/, '').trimStart();
  if (/^\{[^\n]*"format":"recount-events-ndjson"/.test(head)) return readNdjsonStream(file, onProgress);
  const text = await file.text();
  onProgress(0.5);
  const read = readRecountExport(text);
  onProgress(1);
  return read;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * NDJSON as Recount writes it: a header line, one event per line, a digest line with the SHA-256 of every byte
 * before it. Each line is checked as it arrives (canonical bytes, fields, hash); links and the digest at the end.
 */
async function readNdjsonStream(file: Blob, onProgress: ReadProgress): Promise<ImportRead> {
  const errors: string[] = [];
  const events: VerdictEvent[] = [];
  const seen = new Set<string>();
  const hasher = sha256.create();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const refuse = (problem: string): ImportRead => ({ format: 'ndjson', events: [], errors: [problem], verification: null });
  let header: { partial: boolean; deleted: unknown[] } | null = null;
  let lineNumber = 0;
  /** The last complete line: hashed only once another follows (the digest line is not part of its own digest). */
  let held: string | null = null;
  let rest = '';
  let read = 0;

  const line = (text: string): string | null => {
    lineNumber++;
    const where = `line ${lineNumber}`;
    if (held !== null) hasher.update(utf8ToBytes(`${held}\n`));
    held = text;
    if (lineNumber === 1) {
      const deep = depthProblem(text, 'the header');
      if (deep) return deep;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return `${where}: not valid JSON (${(error as Error).message})`;
      }
      if (JSON.stringify(value) !== text) return `${where}: its bytes differ from what Recount wrote`;
      const bad = headerProblem(value, where);
      if (bad) return bad;
      if ((value as { format: string }).format !== NDJSON_FORMAT) return `${where}: not a Recount NDJSON export`;
      header = value as { partial: boolean; deleted: unknown[] };
      return null;
    }
    return null; // events are checked once the next line shows this one is not the digest
  };

  const eventLine = (text: string, number: number) => {
    const where = `line ${number}`;
    if (errors.length >= MAX_ERRORS) return;
    if (text.length > MAX_EVENT_LINE) return void errors.push(`${where}: ${text.length.toLocaleString('en')} characters, longer than any event (at most ${MAX_EVENT_LINE.toLocaleString('en')})`);
    const deep = depthProblem(text, 'the line', 8);
    if (deep) return void errors.push(`${where}: ${deep.replace(/^line 1, /, '')}`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return void errors.push(`${where}: not valid JSON (${(error as Error).message})`);
    }
    if (JSON.stringify(value) !== text) return void errors.push(`${where}: its bytes differ from what Recount wrote`);
    const result = v.safeParse(ImportedEventSchema, value);
    if (!result.success) {
      const issue = result.issues[0];
      const path = v.getDotPath(issue);
      return void errors.push(`${where}: ${path ? `${path}: ` : ''}${issue.message}`);
    }
    const event = result.output as VerdictEvent;
    if (seen.has(event.id)) return void errors.push(`${where}: id: ${event.id} appears twice in this file`);
    if (eventHash(event, sha256hex) !== event.hash) return void errors.push(`${where} (id ${event.id}, seq ${event.seq}): its contents do not match its hash (edited)`);
    seen.add(event.id);
    events.push(event);
  };

  // Lines are checked one behind: the line before the last is an event, the last one is the digest.
  let pendingEvent: { text: string; number: number } | null = null;
  const take = (text: string): string | null => {
    const problem = line(text);
    if (problem) return problem;
    if (pendingEvent) eventLine(pendingEvent.text, pendingEvent.number);
    pendingEvent = lineNumber > 1 ? { text, number: lineNumber } : null;
    return null;
  };

  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      let chunk: string;
      try {
        chunk = decoder.decode(value, { stream: true });
      } catch {
        return refuse(`line ${lineNumber + 1 + (rest.match(/\n/g)?.length ?? 0)}: not UTF-8 text (a Recount export is UTF-8)`);
      }
      if (read <= value.byteLength) chunk = chunk.replace(/^\uFEFF/, '');
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      if (rest.length > MAX_EVENT_LINE * 2 && lineNumber > 0) return refuse(`line ${lineNumber + 1}: longer than any line Recount writes`);
      for (const text of lines) {
        const problem = take(text);
        if (problem) return refuse(problem);
        if (errors.length >= MAX_ERRORS) break;
      }
      if (errors.length >= MAX_ERRORS) break;
      onProgress(read / Math.max(1, file.size));
      await pause(); // the page stays responsive, the progress bar moves
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  if (errors.length > 0) return { format: 'ndjson', events: [], errors, verification: null };
  if (rest !== '') return refuse(`line ${lineNumber + 1}: the file does not end with a newline (cut short?)`);
  const head = header as { partial: boolean; deleted: unknown[] } | null; // set inside line()
  if (lineNumber < 2 || !head) return refuse('the file has no header or no digest line');
  // The held line is the digest line; the pending event before it was checked when it was taken.
  let digest: unknown;
  try {
    digest = (JSON.parse(held!) as { digest?: unknown }).digest;
  } catch (error) {
    return refuse(`line ${lineNumber}: the digest line is not JSON (${(error as Error).message})`);
  }
  const chains = verifyChains(events, sha256hex, { partial: head.partial, deleted: head.deleted as never, hashesChecked: true });
  const fileProblem = typeof digest === 'string' && digest === bytesToHex(hasher.digest()) ? null : 'its digest does not match its contents';
  onProgress(1);
  return { format: 'ndjson', events, errors, verification: { ...chains, ok: chains.ok && !fileProblem, fileProblem } };
}
