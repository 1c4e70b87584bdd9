// The dashboard's export of the log (all of it, or the filtered view), as one function that runs where it is
// called: in the export worker (events-export-worker.ts) or, where no worker starts, in the page
// (events-export-off-page.ts decides). Both ends of the worker's protocol are typed here.
import type { RecountDB } from '../store/db';
import type { ExportKind, ExportOptions } from '../io/export';
import type { BlobParts } from '../io/blob-parts';
import { pagedEvents, streamEventsExport } from '../io/stream-export';
import { isEmptyFilter, matchesEvent, type Filter } from './filters';
import type { VerdictEvent } from '../model/verdict';

export interface EventsExported {
  blob: Blob;
  /** Events in the file. */
  exported: number;
}

/**
 * Every event matching `filter`, read page by page and written as `kind`; signed with `sign` (JSON and NDJSON).
 * The tombstones are read here too, so the file's chains verify across deleted events.
 */
export async function exportEventsHere(
  db: RecountDB,
  kind: ExportKind,
  filter: Filter,
  sign: ExportOptions['sign'],
  onProgress: (share: number) => void,
  makeParts?: () => BlobParts | Promise<BlobParts>,
): Promise<EventsExported> {
  const filtered = !isEmptyFilter(filter);
  let matched = 0;
  const matches = (e: VerdictEvent) => {
    const keep = matchesEvent(e, filter);
    if (keep) matched++;
    return keep;
  };
  const options: ExportOptions = { filter: filtered ? { ...filter } : null, deleted: await db.tombstones.toArray(), sign };
  const blob = await streamEventsExport(kind, pagedEvents(db, matches, await db.events.count()), options, (read, total) => onProgress(total ? read / total : 1), makeParts);
  // JSON and NDJSON read the log twice (the chains' summary first, then the events).
  return { blob, exported: kind === 'csv' ? matched : matched / 2 };
}

/** What the page asks the worker, and answers its requests for a signature with. */
export type ExportWorkerRequest =
  | { type: 'export'; database: string; kind: ExportKind; filter: Filter; signed: boolean }
  | { type: 'signed'; id: number; signature: Awaited<ReturnType<NonNullable<ExportOptions['sign']>>> }
  | { type: 'not-signed'; id: number; message: string };

/** What the worker tells the page: it started, how far it is, a digest to sign (the key is the background's), the end. */
export type ExportWorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; share: number }
  | { type: 'sign'; id: number; digest: string; chains: Parameters<NonNullable<ExportOptions['sign']>>[1] }
  | { type: 'done'; blob: Blob; exported: number }
  | { type: 'failed'; message: string };
