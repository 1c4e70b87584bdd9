// Exports of any size: events are read in pages and written as Blob parts, so the page holds one page of
// events at a time, and a progress callback can drive a progress bar. The bytes are exactly those of
// eventsToCsv / eventsToJson / eventsToNdjson (tested), so the verifier treats them the same.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { ChainSummary, Tombstone } from '../model/chain.mjs';
import type { RecountDB } from '../store/db';
import { csvHeader, csvLines, eventToRow, EXPORT_FORMAT, EXPORT_VERSION, NDJSON_FORMAT, type ExportKind, type ExportOptions } from './export';
import type { VerdictEvent } from '../model/verdict';
import { nextTurn } from '../model/next-turn';
import { blobParts, type BlobParts } from './blob-parts';

export interface EventSource {
  /** How many events will be read (before filtering), for the progress bar. */
  total: number;
  /** Pages of events in time order, already filtered. `read` counts events read so far, filtered or not. */
  pages(): AsyncIterable<{ events: VerdictEvent[]; read: number }>;
}

/** The `chains` summary of an export, built page by page (the same figures verifyChains reports). */
function chainSummary() {
  const chains = new Map<string, ChainSummary & { tombstoneOnlyTail?: boolean }>();
  const add = (chain: string, seq: number, hash: string, counts: boolean) => {
    const c = chains.get(chain) ?? { count: 0, lastSeq: 0, head: '' };
    if (counts) c.count++;
    if (seq >= c.lastSeq) {
      c.lastSeq = seq;
      c.head = hash;
    }
    chains.set(chain, c);
  };
  return {
    event: (e: VerdictEvent) => add(e.chain, e.seq, e.hash, true),
    tombstone: (t: Tombstone) => add(t.chain, t.seq, t.hash, false),
    result: () => Object.fromEntries([...chains].map(([id, { count, lastSeq, head }]) => [id, { count, lastSeq, head }])),
  };
}

/**
 * `JSON.stringify(object, null, 2)` written in pieces, for an object whose last property is an array written
 * item by item (the events of an export, the conversations of an evidence bundle): the same bytes.
 * `object` carries that array empty; the pieces are `open`, each `item`, then `closeArray` and `\n}`.
 */
export function prettyJsonPieces(object: object) {
  const empty = JSON.stringify(object, null, 2);
  return {
    open: empty.slice(0, empty.length - '[]\n}'.length),
    item: (value: unknown, index: number) => `${index === 0 ? '[\n    ' : ',\n    '}${JSON.stringify(value, null, 2).replace(/\n/g, '\n    ')}`,
    closeArray: (count: number) => (count === 0 ? '[]' : '\n  ]'),
  };
}

/**
 * A page's events in slices, one event-loop turn apart. Formatting a page of 1,000 events at once took one task of
 * about 30 ms, and over 50 ms when a garbage collection or not-yet-optimised code fell in it: the page stuttered.
 */
const SLICE = 250;
async function* slicesOf<T>(items: readonly T[]): AsyncGenerator<readonly T[]> {
  for (let from = 0; from < items.length; from += SLICE) {
    if (from > 0) await nextTurn();
    yield items.slice(from, from + SLICE);
  }
}

export async function streamEventsExport(
  kind: ExportKind,
  source: EventSource,
  options: ExportOptions,
  onProgress: (read: number, total: number) => void = () => undefined,
  makeParts: () => BlobParts | Promise<BlobParts> = blobParts,
): Promise<Blob> {
  const parts = await makeParts();
  try {
    return await writeExport(kind, source, options, onProgress, parts);
  } catch (error) {
    parts.discard();
    throw error;
  }
}

async function writeExport(
  kind: ExportKind,
  source: EventSource,
  options: ExportOptions,
  onProgress: (read: number, total: number) => void,
  parts: BlobParts,
): Promise<Blob> {
  const type = kind === 'csv' ? 'text/csv;charset=utf-8' : kind === 'json' ? 'application/json' : 'application/x-ndjson';
  if (kind === 'csv') {
    parts.push(csvHeader());
    for await (const { events, read } of source.pages()) {
      for await (const slice of slicesOf(events)) parts.push(csvLines(slice.map(eventToRow)));
      parts.endPage();
      onProgress(read, source.total);
    }
    return parts.blob(type);
  }

  // JSON and NDJSON open with the chains' summary, so a first pass reads the chain fields.
  const summary = chainSummary();
  for (const t of options.deleted ?? []) summary.tombstone(t);
  for await (const { events, read } of source.pages()) {
    for (const e of events) summary.event(e);
    onProgress(read / 2, source.total);
  }
  const filter = options.filter ?? null;
  const header = {
    format: kind === 'json' ? EXPORT_FORMAT : NDJSON_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(options.exportedAt ?? Date.now()).toISOString(),
    partial: filter !== null,
    filter,
    chains: summary.result(),
    deleted: options.deleted ?? [],
  };
  const hasher = sha256.create();
  const emit = (text: string) => {
    parts.push(text);
    hasher.update(utf8ToBytes(text));
  };

  if (kind === 'ndjson') {
    emit(`${JSON.stringify(header)}\n`);
    for await (const { events, read } of source.pages()) {
      for await (const slice of slicesOf(events)) emit(`${slice.map((e) => JSON.stringify(e)).join('\n')}\n`);
      parts.endPage();
      onProgress(source.total / 2 + read / 2, source.total);
    }
    const digest = bytesToHex(hasher.digest());
    parts.push(`${JSON.stringify({ digest })}\n`);
    if (options.sign) parts.push(`${JSON.stringify({ signature: await options.sign(digest, header.chains) })}\n`);
    return parts.blob(type);
  }

  // JSON: JSON.stringify(body, null, 2) written piece by piece; the digest goes in before the closing brace.
  const json = prettyJsonPieces({ ...header, events: [] });
  let count = 0;
  emit(json.open);
  for await (const { events, read } of source.pages()) {
    for await (const slice of slicesOf(events)) for (const e of slice) emit(json.item(e, count++));
    parts.endPage();
    onProgress(source.total / 2 + read / 2, source.total);
  }
  // The digest is of the file without it; in the file it comes before the closing brace.
  hasher.update(utf8ToBytes(`${json.closeArray(count)}\n}`));
  parts.push(json.closeArray(count));
  const digest = bytesToHex(hasher.digest());
  // Signed: the signature follows the digest, which covers everything before it (signature.mjs).
  const signature = options.sign ? await options.sign(digest, header.chains) : null;
  parts.push(`,\n  "digest": "${digest}"${signature ? `,\n  "signature": ${JSON.stringify(signature, null, 2).replace(/\n/g, '\n  ')}` : ''}\n}\n`);
  return parts.blob(type);
}


/**
 * Pages of the log in time order, filtered, for streamEventsExport. Keyset pagination on the `at` index (each
 * page starts where the last ended), so every page costs the same: an offset would re-walk the index each time.
 * Events sharing the boundary millisecond are told apart by id (the index orders equal keys by id).
 * The next page is asked for as soon as this one arrives, before the caller formats this one: the database
 * reads while the page formats (that overlap is most of what separates us from one big toArray).
 */
export function pagedEvents(db: RecountDB, matches: (e: VerdictEvent) => boolean, total: number, pageSize = 1000): EventSource {
  const fetchPage = (from: number, skip: ReadonlySet<string>) =>
    db.events
      .where('at')
      .aboveOrEqual(from)
      .limit(pageSize + skip.size)
      .toArray()
      .then((page) => page.filter((e) => !(e.at === from && skip.has(e.id))).slice(0, pageSize));
  return {
    total,
    async *pages() {
      let read = 0;
      let lastAt = -Infinity;
      let seenAtLast = new Set<string>();
      let next: Promise<VerdictEvent[]> | null = fetchPage(lastAt, seenAtLast);
      while (next) {
        const slice: VerdictEvent[] = await next;
        if (slice.length === 0) return;
        read += slice.length;
        const newLast = slice[slice.length - 1].at;
        const atBoundary = slice.filter((e) => e.at === newLast).map((e) => e.id);
        seenAtLast = newLast === lastAt ? new Set([...seenAtLast, ...atBoundary]) : new Set(atBoundary);
        lastAt = newLast;
        next = slice.length < pageSize ? null : fetchPage(lastAt, seenAtLast);
        yield { events: slice.filter(matches), read: Math.min(total, read) };
      }
    },
  };
}
