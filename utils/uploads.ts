// Large requests (an import of 100,000 events, a backup) arrive in parts: the browser refuses any one extension
// message over 64 MiB, which 100,000 events already pass. The background keeps the parts in memory until the
// request that uses them, so the write itself stays one all-or-nothing transaction.
import { browser } from 'wxt/browser';
import { isWriteProgress, request, type RequestOf, type ResponseMap } from './protocol';

/** Rows per part: ~5,000 events are ~3 MB, far below the limit, and frequent enough for a progress bar. */
export const ROWS_PER_PART = 5000;
const PARTS_IN_FLIGHT = 2;
/** An upload nobody finished is dropped after this long without a part (a closed dashboard, a crash). */
const ABANDONED_AFTER_MS = 10 * 60_000;

interface Upload {
  parts: number;
  received: Map<number, { table: string; rows: unknown[] }>;
  touchedAt: number;
}

export class UploadStore {
  #uploads = new Map<string, Upload>();

  add(part: RequestOf<'upload/part'>, now = Date.now()): { received: number; parts: number } {
    for (const [id, upload] of this.#uploads) if (now - upload.touchedAt > ABANDONED_AFTER_MS) this.#uploads.delete(id);
    let upload = this.#uploads.get(part.uploadId);
    if (!upload) this.#uploads.set(part.uploadId, (upload = { parts: part.parts, received: new Map(), touchedAt: now }));
    if (upload.parts !== part.parts) throw new Error(`Upload ${part.uploadId}: part ${part.part} says ${part.parts} parts, the first said ${upload.parts}`);
    if (part.part >= part.parts) throw new Error(`Upload ${part.uploadId}: part ${part.part} of ${part.parts} does not exist`);
    upload.received.set(part.part, { table: part.table, rows: part.rows });
    upload.touchedAt = now;
    return { received: upload.received.size, parts: upload.parts };
  }

  /** Every part's rows by table, in part order; the upload is forgotten. Refuses an upload with a part missing. */
  take(uploadId: string): Record<string, unknown[]> {
    const upload = this.#uploads.get(uploadId);
    if (!upload) throw new Error(`Nothing written: upload ${uploadId} is unknown (the browser may have restarted Recount's background; try again)`);
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
  return pieces.map((piece, part) => ({ type: 'upload/part', uploadId, part, parts: pieces.length, ...piece }));
}

/**
 * Sends a large request from an extension page: its rows in parts, then the request naming the upload.
 * `onProgress` hears the parts going out, then the background's write (write/progress messages).
 */
export async function requestInParts<T extends 'events/import' | 'db/restore'>(
  tables: Record<string, readonly unknown[]>,
  finish: (uploadId: string) => RequestOf<T>,
  onProgress: (phase: 'sending' | 'writing', done: number, total: number) => void = () => undefined,
): Promise<ResponseMap[T]> {
  const uploadId = crypto.randomUUID();
  const parts = uploadParts(uploadId, tables);
  const total = parts.reduce((sum, p) => sum + p.rows.length, 0);
  let sent = 0;
  onProgress('sending', 0, total);
  // Two parts in flight: this page encodes the next part while the background decodes the last one (one at a
  // time, each side waited for the other; ~10% of a 100,000-event import).
  const inFlight: Array<Promise<unknown>> = [];
  try {
    for (const part of parts) {
      inFlight.push(
        request(part).then(() => {
          sent += part.rows.length;
          onProgress('sending', sent, total);
        }),
      );
      if (inFlight.length >= PARTS_IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
  } catch (error) {
    for (const sending of inFlight) sending.catch(() => undefined); // the first failure is the answer
    throw error;
  }
  const listener = (message: unknown) => {
    if (isWriteProgress(message) && message.uploadId === uploadId) onProgress('writing', message.done, message.total);
  };
  browser.runtime.onMessage.addListener(listener);
  try {
    return await request(finish(uploadId));
  } finally {
    browser.runtime.onMessage.removeListener(listener);
  }
}
