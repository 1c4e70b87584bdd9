// A running pull tells tabs of its changes at most once a second, and the rest when it ends.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { gatheredChanges } from '../../utils/transport/change-notices';
import type { Broadcast } from '../../utils/transport/protocol';
import type { VerdictEvent } from '../../utils/model/verdict';
import { freshDatabases } from './databases';

const freshDb = freshDatabases('change-notices');

/** Just enough of an event for the notice: which conversation, and when (a later one wins). */
const change = (conversation: number, at: number) => {
  const convKey = `intercom:w:${conversation}`;
  return { convKey, after: { id: `e-${conversation}-${at}`, convKey, at, verdict: 'genuine' } as unknown as VerdictEvent };
};

describe('changes gathered while a pull runs', () => {
  // Real timers, a 300 ms interval: a notice is never early, and each check waits for what it expects.
  const EVERY = 300;
  const told = (sent: Broadcast[]) => sent.map((m) => (m.type === 'verdict/changed' ? `${m.convKey}@${m.current?.at}` : m.type));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('tells the first page at once, gathers the pages of the next interval into one notice, and the rest at the end', async () => {
    const sent: Broadcast[] = [];
    const notices = gatheredChanges(freshDb(), (m) => sent.push(m), EVERY);
    const t0 = Date.now();
    notices.add([change(1, 10)]);
    await vi.waitFor(() => expect(told(sent)).toEqual(['intercom:w:1@10']));
    // Two more pages within the interval: held (conversation 2 twice: its later verdict only).
    notices.add([change(2, 20), change(3, 30)]);
    notices.add([change(2, 25)]);
    await sleep(EVERY / 3);
    if (Date.now() - t0 < EVERY) expect(sent).toHaveLength(1);
    // Once the interval is over: one notice with both pages.
    await vi.waitFor(() => expect(told(sent).slice(1).sort()).toEqual(['intercom:w:2@25', 'intercom:w:3@30']));
    const second = Date.now();
    expect(second - t0).toBeGreaterThanOrEqual(EVERY - 5);
    // A page soon after waits; the pull ends: told now, not an interval later.
    notices.add([change(4, 40)]);
    notices.flush();
    await vi.waitFor(() => expect(told(sent).slice(3)).toEqual(['intercom:w:4@40']));
    if (Date.now() - second < EVERY) expect(sent).toHaveLength(4);
    // Nothing is told twice, and nothing is left for a timer.
    await sleep(EVERY * 2);
    notices.flush();
    await sleep(50);
    expect(sent).toHaveLength(4);
  });

  it('tells many changes as one "read again"', async () => {
    const sent: Broadcast[] = [];
    const notices = gatheredChanges(freshDb(), (m) => sent.push(m), EVERY);
    notices.add(Array.from({ length: 40 }, (_, i) => change(i, 1)));
    await vi.waitFor(() => expect(sent).toHaveLength(40));
    sent.length = 0;
    // 30 + 30 within the interval: 60 conversations in the next notice, over the 50 told one by one.
    notices.add(Array.from({ length: 30 }, (_, i) => change(100 + i, 2)));
    notices.add(Array.from({ length: 30 }, (_, i) => change(200 + i, 2)));
    await vi.waitFor(() => expect(sent).toEqual([{ type: 'data/changed' }]));
  });
});
