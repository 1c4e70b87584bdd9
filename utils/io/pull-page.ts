// One page of a team pull, from the server's bytes to the log: read, checked whole (nothing written if any of it
// is refused), then written when the pull says so. Where a browser allows it, this runs in a worker of its own
// (pull-worker.ts, started by an offscreen document): the background's thread then only fetches and answers
// tags, which never wait behind a page's parsing, hashing or garbage. Elsewhere (Firefox, the unit tests) the
// same steps run in the background, paced so that a tag is answered between them.
// Long because both places share one protocol, and the two ends of it read best side by side.
import type { RecountDB } from '../store/db';
import { applyMerge, checkBatchPositions, PULL_PACE, type MergePace } from '../store/merge';
import { sliceChecker, validateImportedEvents } from '../model/event-schema';
import type { VerdictEvent } from '../model/verdict';
import { readChangesPage, readFoundDocs } from './couch';
import { checkSignatureDocuments, isSignatureDocument, type VerifiedChainSignature } from './team-signatures';
import { nextTurn } from '../model/next-turn';
import { newLatestEventsMemo, type LatestEventsMemo } from '../store/event-only';

/** A page's answer as fetched: `_changes` (all events) or `_find` (a date range; `skipIds` were read at its start). */
export type FetchedPage = { kind: 'changes'; bytes: ArrayBuffer; serverUrl: string } | { kind: 'find'; bytes: ArrayBuffer; serverUrl: string; skipIds: string[] };

/** Where the feed stands after a page: what the next page's request needs, known before the page is checked. */
export type PageMeta = ({ kind: 'changes'; lastSeq: string | number; pending: number | null; rows: number } | { kind: 'find'; found: Array<{ id: string; at: unknown }> }) & {
  /** Documents to merge (events and signatures). */
  count: number;
};

export interface PageMerged {
  read: number;
  added: number;
  alreadyPresent: number;
  deletedHere: number;
  changedVerdicts: Array<{ convKey: string; after: VerdictEvent }>;
  /** Agents' signatures over their chains' heads that this page carried and that verified. */
  verified: VerifiedChainSignature[];
}

/** One page in the helper's hands. `checked` rejects with the refusal (nothing of the page written). */
export interface PageJob {
  meta: Promise<PageMeta>;
  checked: Promise<void>;
  /** Writes the checked page (one transaction per slice, all-or-nothing as a merge). */
  write(): Promise<PageMerged>;
  /** The pull stopped: the page is forgotten unwritten. */
  drop(): void;
}

export interface PullHelper {
  /** Where the pages are checked, for the pull's result and the tests. */
  readonly where: 'worker' | 'background';
  take(page: FetchedPage): PageJob;
  close(): void;
}

/** A server document → the event it carries. Only `_id` (which must be the event id) and `_rev` are the server's. */
export function eventOfDocument(doc: Record<string, unknown>): unknown {
  const { _id, _rev, ...event } = doc;
  if (_id !== event.id) throw new Error(`document ${String(_id).slice(0, 100)} from the server: its _id is not its event id`);
  void _rev;
  return event;
}

function readPage(page: FetchedPage): { meta: PageMeta; docs: Array<Record<string, unknown>> } {
  if (page.kind === 'changes') {
    const { docs, lastSeq, pending, rows } = readChangesPage(page.bytes, page.serverUrl);
    return { meta: { kind: 'changes', lastSeq, pending, rows, count: docs.length }, docs };
  }
  const found = readFoundDocs(page.bytes, page.serverUrl);
  const skip = new Set(page.skipIds);
  const docs = found.filter((d) => !skip.has(String(d._id)));
  return { meta: { kind: 'find', found: found.map((d) => ({ id: String(d._id), at: d.at })), count: docs.length }, docs };
}

interface CheckPace {
  /** Events hashed between pauses. */
  slice: number;
  pause(): Promise<void>;
}

/** Checks a page whole, like a merged file: fields, ids, hashes, links, chain positions, signatures. */
async function checkPage(db: RecountDB, pageDocs: readonly Record<string, unknown>[], pace: CheckPace): Promise<{ events: VerdictEvent[]; verified: VerifiedChainSignature[] }> {
  const signatures = pageDocs.filter(isSignatureDocument);
  const docs = pageDocs.filter((d) => !isSignatureDocument(d));
  let raw: unknown[];
  try {
    raw = docs.map(eventOfDocument);
  } catch (error) {
    throw new Error(`Refused, nothing of this batch merged: ${(error as Error).message}`);
  }
  const check = sliceChecker();
  let events: VerdictEvent[] | null = [];
  for (let i = 0; i < raw.length && events; i += pace.slice) {
    const slice = check.slice(raw.slice(i, i + pace.slice));
    if (slice) events.push(...slice);
    else events = null;
    await pace.pause();
  }
  if (!events || !check.links(events)) {
    const { errors } = validateImportedEvents(raw);
    // "event 3 (id …)" or "event 3: field: …" → the document by its id: a position in a batch means nothing to a reader.
    const named = errors.slice(0, 3).map((e) =>
      e.replace(/^event (\d+)(?: \(id [^,]*, (seq \d+)\))?/, (_, n: string, seq?: string) => `event ${String((raw[Number(n) - 1] as { id?: unknown } | null)?.id ?? `#${n}`).slice(0, 100)}${seq ? ` (${seq})` : ''}`),
    );
    throw new Error(`Refused, nothing of this batch merged: the server sent ${named.length > 0 ? named.join('; ') : 'events that did not pass their checks'}`);
  }
  const positions = await checkBatchPositions(db, events);
  if (positions.length > 0) throw new Error(`Refused, nothing of this batch merged: ${positions.slice(0, 3).join('; ')}`);
  const signed = await checkSignatureDocuments(db, signatures, events);
  if (signed.problem) throw new Error(`Refused, nothing of this batch merged: ${signed.problem}`);
  return { events, verified: signed.verified };
}

async function writePage(db: RecountDB, events: readonly VerdictEvent[], verified: VerifiedChainSignature[], pace: MergePace | undefined, memo: LatestEventsMemo): Promise<PageMerged> {
  let merged;
  try {
    merged = await applyMerge(db, events, undefined, undefined, undefined, pace, memo);
  } catch (error) {
    throw new Error(`Refused: ${(error as Error).message}`);
  }
  return {
    read: events.length,
    added: merged.added.length,
    alreadyPresent: merged.alreadyPresent,
    deletedHere: merged.deletedHere,
    changedVerdicts: merged.changedVerdicts.map(({ convKey, after }) => ({ convKey, after })),
    verified,
  };
}

/**
 * The steps of one page, wherever they run. `memo`: the event-only index as the pull's pages so far left it (one
 * per pull), so a page's conversations are not looked up one by one.
 */
function pageSteps(db: RecountDB, page: FetchedPage, checkPace: CheckPace, writePace: MergePace | undefined, memo: LatestEventsMemo) {
  const read = (async () => readPage(page))();
  const checked = read.then(({ docs }) => checkPage(db, docs, checkPace));
  return {
    meta: read.then((r) => r.meta),
    checked,
    write: async () => {
      const { events, verified } = await checked;
      return writePage(db, events, verified, writePace, memo);
    },
  };
}

/** Events hashed between pauses in the background: a tag message waits for one slice's hashing (about 5 ms), not a page's. */
export const BACKGROUND_CHECK_SLICE = 64;

/** The pages checked and written here, in the background, a slice at a time. */
export function backgroundPullHelper(db: RecountDB): PullHelper {
  const memo = newLatestEventsMemo();
  return {
    where: 'background',
    take(page) {
      const steps = pageSteps(db, page, { slice: BACKGROUND_CHECK_SLICE, pause: nextTurn }, PULL_PACE, memo);
      const checked = steps.checked.then(() => undefined);
      checked.catch(() => undefined); // the pull awaits it; a page dropped unawaited is not an unhandled refusal
      return { meta: steps.meta, checked, write: steps.write, drop: () => undefined };
    },
    close: () => undefined,
  };
}

// The protocol between the background (HelperClient) and the worker (servePullHelper), over a MessagePort.
type ToWorker = { type: 'take'; job: number; page: FetchedPage } | { type: 'write'; job: number } | { type: 'drop'; job: number };
type FromWorker =
  | { type: 'hello' }
  | { type: 'meta'; job: number; meta: PageMeta }
  | { type: 'checked'; job: number }
  | { type: 'merged'; job: number; merged: PageMerged }
  | { type: 'failed'; job: number; stage: 'meta' | 'checked' | 'merged'; message: string };

/** How long the background waits for a worker's first word before it checks the pages itself. */
export const WORKER_HELLO_MS = 10_000;

/**
 * The background's end: pages go to the worker (their bytes transferred, not copied); each step's answer
 * settles that page's promise. A step not answered within `stallMs` of being asked fails (a worker the browser
 * stopped never answers): the pull stops, the pages merged before stay, and the next pull resumes.
 */
export function workerPullHelper(port: MessagePort, close: () => void, stallMs = 120_000): PullHelper {
  let nextJob = 1;
  const waiting = new Map<string, { resolve(value: unknown): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> }>();
  const expect = <T,>(job: number, stage: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(`${job}:${stage}`);
        reject(new Error('Pull stopped: the page checker stopped answering; what was merged stays, pull again to go on.'));
      }, stallMs);
      waiting.set(`${job}:${stage}`, { resolve: resolve as (value: unknown) => void, reject, timer });
    });
  const settle = (job: number, stage: string, outcome: { value: unknown } | { error: Error }) => {
    const entry = waiting.get(`${job}:${stage}`);
    if (!entry) return;
    waiting.delete(`${job}:${stage}`);
    clearTimeout(entry.timer);
    if ('error' in outcome) entry.reject(outcome.error);
    else entry.resolve(outcome.value);
  };
  port.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.type === 'meta') settle(message.job, 'meta', { value: message.meta });
    else if (message.type === 'checked') settle(message.job, 'checked', { value: undefined });
    else if (message.type === 'merged') settle(message.job, 'merged', { value: message.merged });
    else if (message.type === 'failed') {
      // A step that failed fails the steps after it too.
      const stages = ['meta', 'checked', 'merged'].slice(['meta', 'checked', 'merged'].indexOf(message.stage));
      for (const stage of stages) settle(message.job, stage, { error: new Error(message.message) });
    }
  };
  const send = (message: ToWorker, transfer: Transferable[] = []) => port.postMessage(message, transfer);
  return {
    where: 'worker',
    take(page) {
      const job = nextJob++;
      const meta = expect<PageMeta>(job, 'meta');
      const checked = expect<void>(job, 'checked');
      for (const step of [meta, checked]) step.catch(() => undefined); // awaited by the pull, or dropped
      send({ type: 'take', job, page }, [page.bytes]);
      return {
        meta,
        checked,
        write() {
          const merged = expect<PageMerged>(job, 'merged');
          send({ type: 'write', job });
          return merged;
        },
        drop: () => send({ type: 'drop', job }),
      };
    },
    close() {
      for (const [key, entry] of waiting) {
        clearTimeout(entry.timer);
        entry.reject(new Error('Pull stopped.'));
        waiting.delete(key);
      }
      port.close();
      close();
    },
  };
}

/** Waits for the worker's first word on `port`; false if it never comes (the background then checks pages itself). */
export function workerAnswers(port: MessagePort, ms = WORKER_HELLO_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    port.onmessage = (event: MessageEvent<FromWorker>) => {
      if (event.data?.type !== 'hello') return;
      clearTimeout(timer);
      resolve(true);
    };
  });
}

/** The worker's end: checks pages as fast as it can (nothing here waits on it) and writes them when told. */
export function servePullHelper(port: MessagePort, db: RecountDB): void {
  const jobs = new Map<number, ReturnType<typeof pageSteps>>();
  const memo = newLatestEventsMemo();
  const reply = (message: FromWorker) => port.postMessage(message);
  const failed = (job: number, stage: 'meta' | 'checked' | 'merged') => (error: unknown) =>
    reply({ type: 'failed', job, stage, message: error instanceof Error ? error.message : String(error) });
  port.onmessage = (event: MessageEvent<ToWorker>) => {
    const message = event.data;
    if (message.type === 'take') {
      const steps = pageSteps(db, message.page, { slice: Infinity, pause: async () => undefined }, undefined, memo);
      jobs.set(message.job, steps);
      steps.meta.then((meta) => reply({ type: 'meta', job: message.job, meta }), failed(message.job, 'meta'));
      steps.meta.then(() => steps.checked.then(() => reply({ type: 'checked', job: message.job }), failed(message.job, 'checked')), () => undefined);
    } else if (message.type === 'write') {
      const steps = jobs.get(message.job);
      jobs.delete(message.job);
      if (!steps) return reply({ type: 'failed', job: message.job, stage: 'merged', message: 'Refused: that page is not here any more' });
      steps.write().then((merged) => reply({ type: 'merged', job: message.job, merged }), failed(message.job, 'merged'));
    } else if (message.type === 'drop') jobs.delete(message.job);
  };
  reply({ type: 'hello' });
}
