import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJsonExport } from '../../utils/model/chain.mjs';
import { RecountDB } from '../../utils/store/db';
import { deleteWhere } from '../../utils/store/deletion';
import { allEvents, recordVerdict } from '../../utils/store/tagging';
import { eventsToCsv, eventsToJson, eventsToNdjson } from '../../utils/io/export';
import { sha256hex } from '../../utils/model/hash';
import { pagedEvents, streamEventsExport } from '../../utils/io/stream-export';

const db = new RecountDB('stream');
beforeAll(async () => {
  const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
  for (let i = 0; i < 23; i++) {
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: String(i) }, verdict: i % 3 === 0 ? 'false' : 'genuine', reason: i % 3 === 0 ? 'other' : null, note: i === 5 ? '=SUM(A1)\nline "two"' : `n${i}`, claim, suggested: null }, { now: 1_000 + i });
  }
  await deleteWhere(db, (e) => e.conversationId === '7', (c) => c.conversationId === '7');
});
afterAll(() => db.delete());

describe('streamed exports are byte for byte the in-memory ones', () => {
  const opts = async (filtered: boolean) => ({ exportedAt: 5, filter: filtered ? { verdict: 'false' } : null, deleted: await db.tombstones.toArray() });
  it.each([
    ['csv', false],
    ['json', false],
    ['ndjson', false],
    ['json', true],
    ['ndjson', true],
    ['csv', true],
  ] as const)('%s (filtered: %s), pages of 4', async (kind, filtered) => {
    const matches = (e: { verdict: string }) => !filtered || e.verdict === 'false';
    const events = (await allEvents(db)).filter(matches);
    const options = await opts(filtered);
    const expected = kind === 'csv' ? eventsToCsv(events) : kind === 'json' ? eventsToJson(events, options) : eventsToNdjson(events, options);
    const progress: number[] = [];
    const blob = await streamEventsExport(kind, pagedEvents(db, matches, await db.events.count(), 4), options, (read) => progress.push(read));
    expect(await blob.text()).toBe(expected);
    expect(progress.at(-1)).toBe(22);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('an empty view exports and verifies', async () => {
    const blob = await streamEventsExport('json', pagedEvents(db, () => false, await db.events.count(), 4), { exportedAt: 5, filter: { verdict: 'unsure' } });
    const text = await blob.text();
    expect(text).toBe(eventsToJson([], { exportedAt: 5, filter: { verdict: 'unsure' } }));
    expect(verifyJsonExport(text, sha256hex).ok).toBe(true);
  });
});

describe('paging through events that share a millisecond', () => {
  it('keeps every event once, in order, across page boundaries', async () => {
    const tied = new RecountDB('stream-ties');
    const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
    for (let i = 0; i < 11; i++) {
      await recordVerdict(tied, { key: { vendor: 'intercom', workspace: 'w', conversationId: String(i) }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: i < 9 ? 5_000 : 6_000 });
    }
    const blob = await streamEventsExport('csv', pagedEvents(tied, () => true, await tied.events.count(), 4), {});
    expect(await blob.text()).toBe(eventsToCsv(await allEvents(tied)));
    await tied.delete();
  });
});

/** `count` events (the log's, repeated) served from memory in pages of `pageSize`, and the in-memory export of them. */
async function inMemory(count: number, pageSize: number) {
  const some = await allEvents(db);
  const events = Array.from({ length: count }, (_, i) => some[i % some.length]);
  const source = {
    total: events.length,
    async *pages() {
      for (let at = 0; at < events.length; at += pageSize) yield { events: events.slice(at, at + pageSize), read: Math.min(at + pageSize, events.length) };
    },
  };
  const expected = (kind: 'csv' | 'json' | 'ndjson') =>
    kind === 'csv' ? eventsToCsv(events) : kind === 'json' ? eventsToJson(events, { exportedAt: 5 }) : eventsToNdjson(events, { exportedAt: 5 });
  return { source, expected };
}

describe('a large page is formatted over several turns of the event loop', () => {
  // One page of 600 events from memory: without slicing the whole export would run in one go, before any other
  // message is handled. A message ping-pong beside it counts the turns the export left to other work.
  it.each(['csv', 'ndjson', 'json'] as const)('%s: other work runs in between, and the bytes are unchanged', async (kind) => {
    const { source, expected } = await inMemory(600, 600);
    let turns = 0;
    let running = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      turns++;
      if (running) channel.port2.postMessage(null);
    };
    channel.port2.postMessage(null);
    const blob = await streamEventsExport(kind, source, { exportedAt: 5 });
    const turnsDuringExport = turns;
    running = false;
    channel.port1.close();
    expect(await blob.text()).toBe(expected(kind));
    // 600 events are three slices of 250: two turns between them.
    expect(turnsDuringExport).toBeGreaterThanOrEqual(2);
  });
});

describe('many pages', () => {
  // 70 pages of 3 events: page Blobs are gathered 32 at a time; the order of the bytes must survive that.
  it.each(['csv', 'ndjson', 'json'] as const)('%s: 70 pages give the same bytes as one', async (kind) => {
    const { source, expected } = await inMemory(210, 3);
    const blob = await streamEventsExport(kind, source, { exportedAt: 5 });
    expect(await blob.text()).toBe(expected(kind));
  });
});
