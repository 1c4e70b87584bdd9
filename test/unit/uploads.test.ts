// Large requests in parts: the browser refuses any one extension message over 64 MiB (100,000 events pass it).
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { RecountDB } from '../../utils/store/db';
import { allEvents, recordVerdict } from '../../utils/store/tagging';
import { handleMessage, type Platform } from '../../utils/transport/handlers';
import type { WriteProgress } from '../../utils/transport/protocol';
import { applyMerge } from '../../utils/store/merge';
import { requestInParts, UploadStore, uploadParts } from '../../utils/transport/uploads';
import { chainOf } from './chains';
import { freshDatabases } from './databases';

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
const freshDb = freshDatabases('uploads');

describe('UploadStore', () => {
  it('puts parts that arrived in any order back in order, table by table', () => {
    const store = new UploadStore();
    const parts = uploadParts('u1', { events: [1, 2, 3, 4, 5], settings: [] }, 2);
    expect(parts.every((p) => p.totalRows === 5)).toBe(true);
    expect(parts.map((p) => [p.table, p.part, p.parts, p.rows])).toEqual([
      ['events', 0, 4, [1, 2]],
      ['events', 1, 4, [3, 4]],
      ['events', 2, 4, [5]],
      ['settings', 3, 4, []],
    ]);
    for (const part of [parts[2], parts[0], parts[3], parts[1]]) store.add(part);
    expect(store.take('u1')).toEqual({ events: [1, 2, 3, 4, 5], settings: [] });
    expect(() => store.take('u1')).toThrow(/upload u1 is unknown/); // taken once, then forgotten
  });

  it('refuses an upload with a part missing, a part out of range, or parts that disagree', () => {
    const store = new UploadStore();
    const parts = uploadParts('u2', { events: [1, 2, 3] }, 1);
    store.add(parts[0]);
    store.add(parts[2]);
    expect(() => store.take('u2')).toThrow(/Nothing written: upload u2 lacks part\(s\) 1 of 3/);
    expect(() => store.add({ ...parts[0], uploadId: 'u3', part: 3 })).toThrow(/part 3 of 3 does not exist/);
    store.add({ ...parts[0], uploadId: 'u4' });
    expect(() => store.add({ ...parts[1], uploadId: 'u4', parts: 5 })).toThrow(/says 5 parts, the first said 3/);
  });

  it('drops an upload nobody finished after ten minutes', () => {
    const store = new UploadStore();
    const [a] = uploadParts('old', { events: [1] });
    store.add(a, 0);
    store.add(uploadParts('new', { events: [2] })[0], 10 * 60_000 + 1);
    expect(() => store.take('old')).toThrow(/unknown/);
    expect(store.take('new')).toEqual({ events: [2] });
  });
});

describe('an import in parts, through the background', () => {
  it('merges an uploaded log, telling extension pages how far the write is', async () => {
    const source = freshDb();
    for (let i = 0; i < 12; i++) {
      await recordVerdict(source, { key: { vendor: 'intercom', workspace: 'w', conversationId: String(i) }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: 1000 + i });
    }
    const events = await allEvents(source);
    const db = freshDb();
    const progress: WriteProgress[] = [];
    const platform: Platform = {
      broadcast: () => undefined,
      hasHostAccess: async () => false,
      syncProfileScripts: async () => undefined,
      previewInTab: async () => {
        throw new Error('no tab');
      },
      notifyPages: (message) => {
        if (message.type === 'write/progress') progress.push(message);
      },
    };
    for (const part of uploadParts('imp-1', { events }, 5)) {
      expect(await handleMessage(db, part, platform)).toMatchObject({ ok: true });
    }
    const reply = await handleMessage(db, { type: 'events/import', uploadId: 'imp-1' }, platform);
    expect(reply).toEqual({ ok: true, data: { added: 12, alreadyPresent: 0, deletedHere: 0, changedVerdicts: 12 } });
    expect((await allEvents(db)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(progress.at(-1)).toEqual({ type: 'write/progress', uploadId: 'imp-1', done: 12, total: 12 });
    // Neither both nor none: a request names its rows one way.
    expect(await handleMessage(db, { type: 'events/import' }, platform)).toMatchObject({ ok: false, error: expect.stringMatching(/one of the two/) });
    expect(await handleMessage(db, { type: 'events/import', uploadId: 'imp-1', events: [] }, platform)).toMatchObject({ ok: false });
    // An upload is used once.
    expect(await handleMessage(db, { type: 'events/import', uploadId: 'imp-1' }, platform)).toMatchObject({ ok: false, error: expect.stringMatching(/unknown/) });
  });

  it('tells tabs of a few changed verdicts one by one, of a large merge once', async () => {
    const source = freshDb();
    for (let i = 0; i < 60; i++) {
      await recordVerdict(source, { key: { vendor: 'intercom', workspace: 'w', conversationId: String(i) }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: 1000 + i });
    }
    const events = await allEvents(source);
    const sent: unknown[] = [];
    const platform = { broadcast: (m: unknown) => sent.push(m) } as unknown as Platform;
    const db = freshDb();
    await handleMessage(db, { type: 'events/import', events: events.slice(0, 3) }, platform);
    expect(sent.map((m) => (m as { type: string }).type)).toEqual(['verdict/changed', 'verdict/changed', 'verdict/changed']);
    sent.length = 0;
    await handleMessage(db, { type: 'events/import', events: events.slice(3) }, platform);
    expect(sent).toEqual([{ type: 'data/changed' }]);
  });

  it('refuses a part too large for one message', async () => {
    const reply = await handleMessage(freshDb(), { type: 'upload/part', uploadId: 'x', table: 'events', part: 0, parts: 1, totalRows: 20_001, rows: new Array(20_001).fill(0) }, {} as Platform);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/rows/) });
  });
});

describe('a merge reading an upload whose parts still arrive', () => {
  const upload = (store: UploadStore, id: string, events: unknown[]) => {
    const parts = uploadParts(id, { events }, 5000);
    store.add(parts[0]);
    return { parts, stream: store.stream(id, 'events') };
  };

  it('waits inside its transaction for parts that come later, then writes them all', async () => {
    const db = freshDb();
    const store = new UploadStore();
    const events = chainOf(12_000);
    const { parts, stream } = upload(store, 'late', events);
    setTimeout(() => store.add(parts[1]), 50);
    setTimeout(() => store.add(parts[2]), 150); // well after part 0 and 1 are written: the transaction must wait
    const result = await applyMerge(db, stream);
    expect(result.added).toHaveLength(12_000);
    expect(await db.events.count()).toBe(12_000);
    expect(await stream.complete()).toEqual(events);
  });

  it('a part that never comes: refused after the wait, with its number, nothing written', async () => {
    const db = freshDb();
    const store = new UploadStore();
    const { parts, stream } = upload(store, 'lost', chainOf(12_000));
    store.add(parts[2]);
    await expect(applyMerge(db, stream, undefined, undefined, 200)).rejects.toThrow(/part 2 of 3 did not arrive within 0 s/);
    expect(await db.events.count()).toBe(0);
    await expect(stream.complete(50)).rejects.toThrow(/only 2 of 3 parts arrived/);
  });

  it('abandoned by the page while waiting: nothing written, the reason told', async () => {
    const db = freshDb();
    const store = new UploadStore();
    const { stream } = upload(store, 'gone', chainOf(12_000));
    setTimeout(() => store.abandon('gone', 'part 1 refused'), 50);
    await expect(applyMerge(db, stream)).rejects.toThrow(/abandoned \(part 1 refused\)/);
    expect(await db.events.count()).toBe(0);
  });

  it('an import upload holds events alone; later parts still reach the stream; it is read once', async () => {
    const store = new UploadStore();
    const parts = uploadParts('mixed', { events: [1], settings: [2] }, 1);
    store.add(parts[0]);
    const stream = store.stream('mixed', 'events');
    expect(stream.part(1)).toBeUndefined();
    store.add(parts[1]);
    expect(() => stream.part(1)).toThrow(/part 1 holds settings, this upload should hold events alone/);
    expect(() => store.stream('mixed', 'events')).toThrow(/unknown/);
    expect(() => store.take('mixed')).toThrow(/unknown/);
  });
});

describe('requestInParts (an extension page sending)', () => {
  /** A background that answers after `delay` ms, counting how many parts were waiting for an answer at once. */
  function slowBackground(db: RecountDB, platform: Platform, delay: number, failPart = -1) {
    const seen = { inFlight: 0, most: 0, parts: 0 };
    fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (reply: unknown) => void) => {
      const part = (message as { type: string; part?: number }).type === 'upload/part' ? (message as { part: number }).part : null;
      if (part !== null) {
        seen.parts++;
        seen.most = Math.max(seen.most, ++seen.inFlight);
      }
      setTimeout(async () => {
        if (part !== null) seen.inFlight--;
        sendResponse(part === failPart ? { ok: false, error: `part ${part} refused` } : await handleMessage(db, message, platform));
      }, part !== null ? delay : 0);
      return true;
    });
    return seen;
  }
  const platform: Platform = { broadcast: () => undefined, hasHostAccess: async () => false, syncProfileScripts: async () => undefined, previewInTab: async () => { throw new Error('no tab'); } };

  it('keeps two parts in flight (this page encodes one while the background decodes the other), and all arrive', async () => {
    // 12,000 rows: three parts of 5,000 (a restore's tables; it asks for its write after the last part).
    const db = freshDb();
    const seen = slowBackground(db, platform, 20);
    const sending: number[] = [];
    const reply = await requestInParts({ events: [], other: new Array(12_000).fill(0) }, (uploadId) => ({ type: 'db/restore', uploadId }), (phase, done) => {
      if (phase === 'sending') sending.push(done);
    }).catch((e: Error) => e.message);
    expect(reply).toMatch(/^Not restored/); // filler rows: what matters here is how they travelled
    expect(seen).toMatchObject({ parts: 4, most: 2 });
    expect(sending.at(-1)).toBe(12_000);
  });

  it('an import asks for its write once the first part is there, and the background writes while the rest come', async () => {
    const db = freshDb();
    const events = chainOf(12_000);
    const order: string[] = [];
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
      const m = message as { type: string; part?: number };
      order.push(m.type === 'upload/part' ? `part ${m.part}` : m.type);
    });
    slowBackground(db, platform, 30);
    const reply = await requestInParts({ events }, (uploadId) => ({ type: 'events/import', uploadId }), undefined, { writeWhileSending: true });
    expect(reply).toEqual({ added: 12_000, alreadyPresent: 0, deletedHere: 0, changedVerdicts: 12_000 });
    expect(order.slice(0, 2)).toEqual(['part 0', 'events/import']); // before parts 1 and 2
    expect(order).toContain('part 2');
    expect((await allEvents(db)).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('a part refused while the write is under way: the write is abandoned, nothing written', async () => {
    const db = freshDb();
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: 'x' }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: 5 });
    const before = await db.events.toArray();
    const seen = slowBackground(db, platform, 5, 2);
    await expect(requestInParts({ events: chainOf(12_000) }, (uploadId) => ({ type: 'events/import', uploadId }), undefined, { writeWhileSending: true })).rejects.toThrow(/part 2 refused/);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the background's answer to the abandoned write
    expect(seen.parts).toBe(3);
    expect(await db.events.toArray()).toEqual(before);
  });

  it('fails with the background’s answer when a part is refused, and sends no request for the write', async () => {
    const db = freshDb();
    const seen = slowBackground(db, platform, 5, 1);
    await expect(requestInParts({ events: new Array(15_000).fill(0) }, (uploadId) => ({ type: 'events/import', uploadId }))).rejects.toThrow(/part 1 refused/);
    expect(seen.parts).toBeGreaterThanOrEqual(2);
    expect(await db.events.count()).toBe(0);
  });
});


describe('billed lists take the same path in parts', () => {
  const platform = { broadcast: () => undefined } as unknown as Platform;
  const item = (i: number) => ({ vendor: 'intercom', conversationId: String(1000 + i), billedAt: 1_762_160_000_000, units: 1, kind: 'assumed', customerId: null, line: i + 2 });
  const send = async (db: RecountDB, items: unknown[], uploadId: string) => {
    for (const part of uploadParts(uploadId, { items }, 4)) expect((await handleMessage(db, part, platform)).ok).toBe(true);
    return handleMessage(db, { type: 'billed/import', name: 'nov.csv', vendor: 'intercom', workspace: 'w', format: 'intercom-csv', skipped: 0, uploadId }, platform);
  };

  it('stores an uploaded list of 10 lines (three parts of at most 4) whole', async () => {
    const db = freshDb();
    const reply = await send(db, Array.from({ length: 10 }, (_, i) => item(i)), 'billed-1');
    expect(reply).toMatchObject({ ok: true, data: { items: 10 } });
    expect(await db.billedItems.count()).toBe(10);
  });

  it('checks every uploaded line as an inline one: the 7th with −5 units refuses the list, nothing stored', async () => {
    const db = freshDb();
    const items: unknown[] = Array.from({ length: 10 }, (_, i) => item(i));
    items[6] = { ...item(6), units: -5 };
    const reply = await send(db, items, 'billed-2');
    expect(reply).toEqual({ ok: false, error: 'Nothing imported: billed line 7: units: expected 0 or more (a line cannot bill a negative amount)' });
    expect([await db.billedLists.count(), await db.billedItems.count()]).toEqual([0, 0]);
  });
});
