// The log's size counted a time slice at a time (utils/store/event-count.ts): every event in exactly one slice,
// whatever the times — the expected totals are the numbers of events written, known by construction. And the
// conversations' rows read by a key scan first (conversation-pages.ts), against reading each key.
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './databases';
import { countEventsInSlices } from '../../utils/store/event-count';
import type { RecountDB } from '../../utils/store/db';
import type { VerdictEvent } from '../../utils/model/verdict';
import type { ConversationRecord } from '../../utils/model/records';
import { conversationRowsOf } from '../../utils/store/conversation-pages';

const newDb = freshDatabases('event-count');

/** Events stored raw (the count reads only the time index): ids e-0…, at the given times. */
async function withEventsAt(db: RecountDB, times: number[]): Promise<void> {
  await db.events.bulkAdd(times.map((at, i) => ({ id: `e-${i}`, convKey: `intercom:w:${i % 7}`, at, chain: 'c', seq: i + 1 }) as unknown as VerdictEvent));
}

describe('countEventsInSlices', () => {
  it('an empty log holds 0', async () => {
    expect(await countEventsInSlices(newDb())).toBe(0);
  });

  it('a small log (1,000 events) is counted at once, with no pause', async () => {
    const db = newDb();
    await withEventsAt(db, Array.from({ length: 1000 }, (_, i) => i * 31_500_000));
    let pauses = 0;
    expect(await countEventsInSlices(db, async () => void pauses++)).toBe(1000);
    expect(pauses).toBe(0);
  });

  it('counts 25,000 events over a year in slices, the first and the last time included (the slices are half-open)', async () => {
    const db = newDb();
    const start = Date.parse('2026-01-01T00:00:00Z');
    // 25,000 events 21 min apart: the last at start + 24,999 × 1,260,000 ms.
    await withEventsAt(db, Array.from({ length: 25_000 }, (_, i) => start + i * 1_260_000));
    let pauses = 0;
    expect(await countEventsInSlices(db, async () => void pauses++)).toBe(25_000);
    expect(pauses).toBeGreaterThan(0);
  });

  it('every event at one millisecond: one slice holds them all (300)', async () => {
    const db = newDb();
    await withEventsAt(db, Array(300).fill(1_700_000_000_000));
    expect(await countEventsInSlices(db)).toBe(300);
  });

  it('dense slices are narrowed and sparse ones widened; the total stays whole; a pause comes between slices', async () => {
    const db = newDb();
    // 45,000 events: 40,000 at t = 0..39,999 ms (one a millisecond) and 5,000 at 100,000,000 + 0..4,999.
    const times = [...Array.from({ length: 40_000 }, (_, i) => i), ...Array.from({ length: 5_000 }, (_, i) => 100_000_000 + i)];
    await withEventsAt(db, times);
    let pauses = 0;
    expect(await countEventsInSlices(db, async () => void pauses++)).toBe(45_000);
    // First span ceil(100,005,000 / 32) = 3,125,157 ms: the first slice holds all 40,000 (twice SLICE_EVENTS), the
    // span halves; the next slices are empty and widen fourfold until the last cluster: a handful of slices.
    expect(pauses).toBeGreaterThan(1);
    expect(pauses).toBeLessThan(32);
  });
});

describe('conversationRowsOf: the same rows as reading each key', () => {
  it('where the range holds few other rows (a key scan, then only the rows there) and where it holds many (by key)', async () => {
    const db = newDb();
    // Rows for conversations 000…199 (every one), asked: 10 keys of which 5 have rows.
    const row = (n: number) => ({ convKey: `intercom:w:${String(n).padStart(3, '0')}`, lastSeenAt: n }) as unknown as ConversationRecord;
    await db.conversations.bulkAdd(Array.from({ length: 200 }, (_, n) => row(n)));
    const keysOf = (ns: number[]) => ns.map((n) => `intercom:w:${String(n).padStart(3, '0')}`);
    // Sparse: 195…199 there and 200…204 not — the range [195, 204] holds 5 rows, fewer than 4 per key asked.
    const sparse = keysOf([204, 195, 200, 199, 196, 201, 197, 202, 198, 203]);
    expect(await conversationRowsOf(db, sparse)).toEqual(await db.conversations.bulkGet(sparse));
    // Dense: 3 keys spanning 0…199 — 200 rows in the range, past 4 × 3: read by key.
    const dense = keysOf([0, 150, 250]);
    expect(await conversationRowsOf(db, dense)).toEqual(await db.conversations.bulkGet(dense));
    expect((await conversationRowsOf(db, dense)).map((r) => r?.lastSeenAt ?? null)).toEqual([0, 150, null]);
    expect(await conversationRowsOf(db, [])).toEqual([]);
  });
});
