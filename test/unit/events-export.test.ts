// The dashboard's export: in the export worker (here its module run behind a stand-in Worker, messages passed
// as the browser would pass them) or, where no worker starts, in the page. Either way the bytes are the in-memory
// exporters' (export.test.ts ties those to the verifier), the count is the view's, and a worker that dies makes
// no file. The real worker in the real browser: test/e2e/dashboard.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyJsonExport, verifyNdjsonExport } from '../../utils/model/chain.mjs';
import { sha256hex } from '../../utils/model/hash';
import { RecountDB } from '../../utils/store/db';
import { deleteWhere } from '../../utils/store/deletion';
import { allEvents, recordVerdict } from '../../utils/store/tagging';
import { eventsToCsv, eventsToJson, type ExportOptions } from '../../utils/io/export';
import { exportEventsOffPage } from '../../utils/analysis/events-export-off-page';
import { EMPTY_FILTER } from '../../utils/analysis/filters';

const db = new RecountDB('events-export');
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
beforeAll(async () => {
  // 23 conversations, one verdict each; every third (0, 3, …, 21: eight) false. Conversation 7 (genuine) is
  // deleted: 22 events left, 8 of them false.
  for (let i = 0; i < 23; i++) {
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: String(i) }, verdict: i % 3 === 0 ? 'false' : 'genuine', reason: i % 3 === 0 ? 'other' : null, note: `n${i}`, claim, suggested: null }, { now: 1_000 + i });
  }
  await deleteWhere(db, (e) => e.conversationId === '7', (c) => c.conversationId === '7');
});
afterAll(() => db.delete());
afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

const signatures: string[] = [];
const sign: NonNullable<ExportOptions['sign']> = async (digest) => {
  signatures.push(digest);
  return { alg: 'ECDSA-P256-SHA256', keyId: 'k', publicKey: 'p', value: `signed:${digest}` } as unknown as Awaited<ReturnType<NonNullable<ExportOptions['sign']>>>;
};

/**
 * A stand-in for the browser's Worker that runs the export worker's module in this thread: each side's messages
 * reach the other a turn later, as a real worker's would. `dies` makes the worker fail once it has started.
 */
async function standInWorker(options: { dies?: boolean } = {}) {
  const scope: { onmessage: ((event: { data: unknown }) => void) | null; postMessage(message: unknown): void } = {
    onmessage: null,
    postMessage: (message) => {
      heard.push((message as { type: string }).type);
      setTimeout(() => page?.onmessage?.({ data: message }));
    },
  };
  const told: string[] = [];
  const heard: string[] = [];
  let page: { onmessage: ((event: { data: unknown }) => void) | null; onerror: ((event: { message: string; preventDefault(): void }) => void) | null } | null = null;
  class StandIn {
    onmessage = null;
    onerror = null;
    constructor() {
      page = this;
      // The worker's module says it is ready as it loads, as a worker's script does when it starts.
      void import('../../utils/analysis/events-export-worker');
    }
    postMessage(message: { type: string }) {
      told.push(message.type);
      if (options.dies && message.type === 'export') return void setTimeout(() => page?.onerror?.({ message: 'out of memory', preventDefault: () => undefined }));
      setTimeout(() => scope.onmessage?.({ data: message }));
    }
    terminate() {
      scope.onmessage = null;
    }
  }
  vi.stubGlobal('self', scope);
  return { start: () => new StandIn() as unknown as Worker, told, heard };
}

describe('the export, where no worker can start (the page exports itself)', () => {
  it('a filtered CSV: the view’s 8 events, the in-memory exporter’s bytes', async () => {
    const { blob, exported } = await exportEventsOffPage(db, 'csv', { ...EMPTY_FILTER, verdict: 'false' }, undefined);
    const expected = (await allEvents(db)).filter((e) => e.verdict === 'false');
    expect(exported).toBe(8);
    expect(await blob.text()).toBe(eventsToCsv(expected));
  });
});

describe('the export in its worker', () => {
  it('is the worker’s: the 22 events as signed NDJSON, the signature asked of the page, the file verifying', async () => {
    const worker = await standInWorker();
    signatures.length = 0;
    const progress: number[] = [];
    const { blob, exported } = await exportEventsOffPage(db, 'ndjson', EMPTY_FILTER, sign, (share) => progress.push(share), worker.start);
    // The page asked the worker to export and answered its request for a signature; the worker did the rest.
    expect(worker.told).toEqual(['export', 'signed']);
    expect(new Set(worker.heard)).toEqual(new Set(['ready', 'progress', 'sign', 'done']));
    expect(exported).toBe(22);
    const text = await blob.text();
    expect(text.trimEnd().split('\n')).toHaveLength(1 + 22 + 2); // header, events, digest, signature
    expect(verifyNdjsonExport(text, sha256hex).ok).toBe(true);
    expect(signatures).toHaveLength(1);
    expect(text).toContain(`signed:${signatures[0]}`);
    expect(progress.at(-1)).toBe(1);
  });

  it('a JSON of the whole log: the same bytes as the in-memory exporter’s, for the same time and tombstones', async () => {
    const worker = await standInWorker();
    vi.useFakeTimers({ toFake: ['Date'], now: 86_400_000 });
    try {
      const { blob } = await exportEventsOffPage(db, 'json', EMPTY_FILTER, undefined, undefined, worker.start);
      expect(worker.heard.at(-1)).toBe('done');
      const text = await blob.text();
      expect(text).toBe(eventsToJson(await allEvents(db), { exportedAt: 86_400_000, filter: null, deleted: await db.tombstones.toArray() }));
      expect(verifyJsonExport(text, sha256hex).ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a worker that dies after it started fails the export in words, with no file', async () => {
    const worker = await standInWorker({ dies: true });
    await expect(exportEventsOffPage(db, 'csv', EMPTY_FILTER, undefined, undefined, worker.start)).rejects.toThrow('the exporter stopped: out of memory; no file was made');
  });
});
