// Large requests (an import of 100,000 events, a backup) arrive in parts: the browser refuses any one extension
// message over 64 MiB, which 100,000 events already pass. The background keeps the parts in memory until the
// request that uses them, so the write itself stays one all-or-nothing transaction. An import does not wait for
// the last part: it starts writing with the first, and its transaction waits for each next part (see PartStream).
import { browser } from 'wxt/browser';
import { isWriteProgress, request, sendRequest, type RequestOf, type ResponseMap } from './protocol';
import { PART_WAIT_MS, type PartStream } from '../store/merge';

/** Rows per part: ~5,000 events are ~3 MB, far below the limit, and frequent enough for a progress bar. */
const ROWS_PER_PART = 5000;
const PARTS_IN_FLIGHT = 2;
/** A part the background has not acknowledged by then is refused (a worker that died holding it never answers). */
const PART_TIMEOUT_MS = 60_000;
/** An upload nobody finished is dropped after this long without a part (a closed dashboard, a crash). */
const ABANDONED_AFTER_MS = 10 * 60_000;

interface Upload {
  parts: number;
  totalRows: number;
  received: Map<number, { table: string; rows: unknown[] }>;
  touchedAt: number;
  /** Why the sending page gave up (a part refused), if it did. */
  abandoned: string | null;
  /** Told of each part that arrives and of abandonment (PartStream.whenPart and complete wait on them). */
  listeners: Set<() => void>;
  /** A request is reading it (its later parts still land here): no second request may. */
  streaming: boolean;
}

export class UploadStore {
  #uploads = new Map<string, Upload>();

  add(part: RequestOf<'upload/part'>, now = Date.now()): { received: number; parts: number } {
    for (const [id, upload] of this.#uploads) if (now - upload.touchedAt > ABANDONED_AFTER_MS) this.#uploads.delete(id);
    let upload = this.#uploads.get(part.uploadId);
    if (!upload) this.#uploads.set(part.uploadId, (upload = { parts: part.parts, totalRows: part.totalRows, received: new Map(), touchedAt: now, abandoned: null, listeners: new Set(), streaming: false }));
    if (upload.parts !== part.parts) throw new Error(`Upload ${part.uploadId}: part ${part.part} says ${part.parts} parts, the first said ${upload.parts}`);
    if (part.part >= part.parts) throw new Error(`Upload ${part.uploadId}: part ${part.part} of ${part.parts} does not exist`);
    upload.received.set(part.part, { table: part.table, rows: part.rows });
    upload.touchedAt = now;
    for (const listener of upload.listeners) listener();
    return { received: upload.received.size, parts: upload.parts };
  }

  /** The sending page gave up (one of its parts was refused): a merge reading this upload stops, nothing written. */
  abandon(uploadId: string, reason: string): void {
    const upload = this.#uploads.get(uploadId);
    if (!upload) return;
    upload.abandoned = reason;
    for (const listener of upload.listeners) listener();
  }

  /** An upload no request has read yet. */
  #unread(uploadId: string): Upload {
    const upload = this.#uploads.get(uploadId);
    if (!upload || upload.streaming) throw new Error(`Nothing written: upload ${uploadId} is unknown (the browser may have restarted Recount's background; try again)`);
    return upload;
  }

  /** The request reading this upload is done. */
  forget(uploadId: string): void {
    this.#uploads.delete(uploadId);
  }

  /** Reads an upload of `table`'s rows alone as its parts arrive. */
  stream(uploadId: string, table: string): PartStream {
    const upload = this.#unread(uploadId);
    upload.streaming = true; // kept here for its later parts; forget() when the request is done
    const check = () => {
      if (upload.abandoned !== null) throw new Error(`Nothing written: the upload was abandoned (${upload.abandoned})`);
    };
    /** `ready()`'s answer once it has one, tried again as each part arrives; rejects on abandonment or time-out. */
    const waitFor = <T>(ready: () => T | undefined, timeoutMs: number, late: () => string) =>
      new Promise<T>((resolve, reject) => {
        const settle = (timedOut = false) => {
          try {
            const value = ready();
            if (value === undefined && !timedOut) return; // more to come
            if (value === undefined) throw new Error(`Nothing written: ${late()}`);
            resolve(value);
          } catch (error) {
            reject(error);
          }
          clearTimeout(timer);
          upload.listeners.delete(listener);
        };
        const listener = () => settle();
        const timer = setTimeout(() => settle(true), timeoutMs);
        upload.listeners.add(listener);
        settle();
      });
    const stream: PartStream = {
      parts: upload.parts,
      totalRows: upload.totalRows,
      part(i) {
        check();
        const part = upload.received.get(i);
        if (part && part.table !== table) throw new Error(`Nothing written: part ${i} holds ${part.table}, this upload should hold ${table} alone`);
        return part?.rows;
      },
      whenPart(i, timeoutMs = PART_WAIT_MS) {
        return waitFor(() => stream.part(i), timeoutMs, () => `part ${i + 1} of ${upload.parts} did not arrive within ${Math.round(timeoutMs / 1000)} s (was the page sending it closed?)`);
      },
      complete(timeoutMs = PART_WAIT_MS) {
        return waitFor(
          () => {
            if (upload.received.size < upload.parts) return undefined;
            const rows: unknown[] = [];
            for (let i = 0; i < upload.parts; i++) for (const row of stream.part(i)!) rows.push(row);
            return rows;
          },
          timeoutMs,
          () => `only ${upload.received.size} of ${upload.parts} parts arrived`,
        );
      },
    };
    return stream;
  }

  /** Every part's rows by table, in part order; the upload is forgotten. Refuses an upload with a part missing. */
  take(uploadId: string): Record<string, unknown[]> {
    const upload = this.#unread(uploadId);
    this.#uploads.delete(uploadId);
    const missing = Array.from({ length: upload.parts }, (_, i) => i).filter((i) => !upload.received.has(i));
    if (missing.length > 0) throw new Error(`Nothing written: upload ${uploadId} lacks part(s) ${missing.slice(0, 5).join(', ')} of ${upload.parts}`);
    const tables: Record<string, unknown[]> = {};
    for (let i = 0; i < upload.parts; i++) {
      const { table, rows } = upload.received.get(i)!;
      const into = (tables[table] ??= []);
      for (const row of rows) into.push(row);
    }
    return tables;
  }
}

/** Splits tables of rows into upload parts of at most `rowsPerPart` rows (an empty table still gets a part). */
export function uploadParts(uploadId: string, tables: Record<string, readonly unknown[]>, rowsPerPart = ROWS_PER_PART): RequestOf<'upload/part'>[] {
  const pieces: Array<{ table: string; rows: unknown[] }> = [];
  for (const [table, rows] of Object.entries(tables)) {
    if (rows.length === 0) pieces.push({ table, rows: [] });
    for (let i = 0; i < rows.length; i += rowsPerPart) pieces.push({ table, rows: rows.slice(i, i + rowsPerPart) });
  }
  const totalRows = pieces.reduce((sum, piece) => sum + piece.rows.length, 0);
  return pieces.map((piece, part) => ({ type: 'upload/part', uploadId, part, parts: pieces.length, totalRows, ...piece }));
}

/**
 * How an extension page hands a part to the background. Where the background is a service worker (Chromium), by
 * `postMessage` with a reply port: the rows are structured-cloned, whereas an extension message is JSON text the
 * page writes and the worker parses again (~0.6 s of a 100,000-event import). Elsewhere (Firefox's background
 * page, unit tests), the extension message.
 */
export async function partSender(): Promise<(part: RequestOf<'upload/part'>) => Promise<ResponseMap['upload/part']>> {
  const worker = (await globalThis.navigator?.serviceWorker?.getRegistration?.().catch(() => undefined))?.active;
  if (!worker) return (part) => request(part);
  return (part) =>
    sendRequest(
      (message) =>
        new Promise((resolve, reject) => {
          const { port1, port2 } = new MessageChannel();
          const timer = setTimeout(() => {
            port1.close();
            reject(new Error(`Recount background did not acknowledge part ${part.part} of ${part.parts} within ${PART_TIMEOUT_MS / 1000} s`));
          }, PART_TIMEOUT_MS);
          port1.onmessage = (event) => {
            clearTimeout(timer);
            port1.close();
            resolve(event.data);
          };
          worker.postMessage(message, [port2]);
        }),
      part,
    );
}

/**
 * Sends a large request from an extension page: its rows in parts, and the request naming the upload.
 * `writeWhileSending` (an import): the request goes as soon as the first part is acknowledged, and the background
 * writes while the other parts come; otherwise (a restore, which reads all its tables first) after the last part.
 * `onProgress` hears the parts going out and the background's write (write/progress messages).
 */
export async function requestInParts<T extends 'events/import' | 'db/restore' | 'billed/import'>(
  tables: Record<string, readonly unknown[]>,
  finish: (uploadId: string) => RequestOf<T>,
  onProgress: (phase: 'sending' | 'writing', done: number, total: number) => void = () => undefined,
  { writeWhileSending = false }: { writeWhileSending?: boolean } = {},
): Promise<ResponseMap[T]> {
  const uploadId = crypto.randomUUID();
  const parts = uploadParts(uploadId, tables);
  const total = parts[0]?.totalRows ?? 0;
  let sent = 0;
  let writing = false; // once the write reports, the bar follows it alone (the last parts may still be going out)
  const listener = (message: unknown) => {
    if (!isWriteProgress(message) || message.uploadId !== uploadId) return;
    writing = true;
    onProgress('writing', message.done, message.total);
  };
  browser.runtime.onMessage.addListener(listener);
  let finishing: Promise<ResponseMap[T]> | null = null;
  const startFinishing = () => {
    finishing = request(finish(uploadId));
    finishing.catch(() => undefined); // awaited below; a failed part may be the answer instead
  };
  // Two parts in flight: this page encodes the next part while the background decodes the last one (one at a
  // time, each side waited for the other; ~10% of a 100,000-event import).
  const inFlight: Array<Promise<unknown>> = [];
  try {
    onProgress('sending', 0, total);
    const send = await partSender();
    try {
      for (const part of parts) {
        inFlight.push(
          send(part).then(() => {
            sent += part.rows.length;
            if (!writing) onProgress('sending', sent, total);
          }),
        );
        if (writeWhileSending && !finishing) {
          await inFlight.shift(); // the upload exists in the background once its first part is there
          startFinishing();
        } else if (inFlight.length >= PARTS_IN_FLIGHT) await inFlight.shift();
      }
      await Promise.all(inFlight);
    } catch (error) {
      for (const sending of inFlight) sending.catch(() => undefined); // the first failure is the answer
      // A write already started waits for parts that will not come: stop it, nothing written.
      if (finishing) await request({ type: 'upload/abandon', uploadId, reason: (error as Error).message }).catch(() => undefined);
      throw error;
    }
    if (!finishing) startFinishing();
    return await finishing!;
  } finally {
    browser.runtime.onMessage.removeListener(listener);
  }
}

/** Merges events into the background's log: in parts, the write starting with the first (see requestInParts). */
export function importInParts(
  events: readonly unknown[],
  onProgress?: (phase: 'sending' | 'writing', done: number, total: number) => void,
): Promise<ResponseMap['events/import']> {
  return requestInParts({ events }, (uploadId) => ({ type: 'events/import', uploadId }), onProgress, { writeWhileSending: true });
}
