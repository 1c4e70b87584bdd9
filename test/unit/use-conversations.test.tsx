// The dashboard's conversations follow every write by patching the rows it touched (a full re-read of 50,000
// rows after each tag held the page for ~450 ms), and read everything again after a clear or a restore.
import { cleanup, render, waitFor } from '@testing-library/preact';
import { RangeSet } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { byLastSeen, patchRows, touchedKeys, useConversations } from '../../components/dashboard/useConversations';
import { RecountDB } from '../../utils/store/db';
import { deleteWhere } from '../../utils/store/deletion';
import { allEvents, recordConversationSeen, recordVerdict } from '../../utils/store/tagging';
import { type ConversationRecord } from '../../utils/model/records';
import { applyMerge } from '../../utils/store/merge';

afterEach(cleanup);

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
const key = (id: string) => ({ vendor: 'intercom' as const, workspace: 'w', conversationId: id });
const row = (convKey: string, lastSeenAt: number) => ({ convKey, lastSeenAt }) as ConversationRecord;

describe('touchedKeys and patchRows', () => {
  it('lists single keys, and says "all" for a range', () => {
    expect(touchedKeys([new RangeSet().addKeys(['a', 'b']), undefined])).toEqual(['a', 'b']);
    expect(touchedKeys([new RangeSet('a', 'z')])).toBe('all');
    expect(touchedKeys([new RangeSet().addKeys(Array.from({ length: 501 }, (_, i) => `k${i}`))])).toBe('all');
  });

  it('replaces, adds and removes rows, newest first as the database orders them', () => {
    const list = [row('c', 30), row('b', 20), row('a', 10)];
    expect(patchRows(list, ['a', 'd', 'b'], [row('a', 40), row('d', 25), undefined]).map((r) => r.convKey)).toEqual(['a', 'c', 'd']);
    const ties = [row('x', 5), row('y', 5), row('w', 5)].sort(byLastSeen);
    expect(ties.map((r) => r.convKey)).toEqual(['y', 'x', 'w']);
  });

  it('gives what a full sort would, for random lists and changes (ties included)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const list = Array.from({ length: random(30) }, (_, i) => row(`k${i}`, random(10))).sort(byLastSeen);
      const keys = Array.from(new Set(Array.from({ length: random(6) }, () => `k${random(40)}`)));
      const rows = keys.map((k) => (random(4) === 0 ? undefined : row(k, random(10))));
      const naive = [...list.filter((r) => !keys.includes(r.convKey)), ...rows.filter((r) => r !== undefined)].sort(byLastSeen);
      expect(patchRows(list, keys, rows).map((r) => `${r.convKey}@${r.lastSeenAt}`)).toEqual(naive.map((r) => `${r.convKey}@${r.lastSeenAt}`));
    }
  });
});

function Probe({ db }: { db: RecountDB }) {
  const conversations = useConversations(db);
  return <output>{conversations === null ? 'loading' : conversations.map((c) => `${c.conversationId}:${c.current?.verdict ?? '-'}`).join(',')}</output>;
}

describe('useConversations', () => {
  it('shows what is there, then follows tags, new conversations and a clear', async () => {
    const db = new RecountDB(`use-conversations-${Math.random()}`);
    const seen = (id: string, at: number) => recordConversationSeen(db, { key: key(id), claim, agentName: 'Fin', billingNote: null, messages: [] }, null, at);
    await seen('1', 1);
    await seen('2', 2);
    const { container } = render(<Probe db={db} />);
    const shown = () => container.querySelector('output')!.textContent;
    await waitFor(() => expect(shown()).toBe('2:-,1:-'));
    const fullReads = vi.spyOn(db.conversations, 'orderBy');
    await recordVerdict(db, { key: key('1'), verdict: 'false', reason: 'other', note: '', claim, suggested: null });
    await waitFor(() => expect(shown()).toBe('2:-,1:false'));
    // A tag is patched in (its row and its event), not followed by reading everything again.
    expect(fullReads).not.toHaveBeenCalled();
    await seen('3', 3);
    await waitFor(() => expect(shown()).toBe('3:-,2:-,1:false'));
    await db.conversations.clear();
    await waitFor(() => expect(shown()).toBe(''));
    await db.delete();
  });

  it('follows conversations known only from merged events: merged in, tagged here, deleted', async () => {
    const other = new RecountDB(`use-conversations-other-${Math.random()}`);
    await recordVerdict(other, { key: key('8'), verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: 10 });
    await recordVerdict(other, { key: key('9'), verdict: 'unsure', reason: null, note: '', claim, suggested: null }, { now: 20 });
    const theirs = await allEvents(other);
    await other.delete();
    const db = new RecountDB(`use-conversations-${Math.random()}`);
    await recordConversationSeen(db, { key: key('1'), claim, agentName: 'Fin', billingNote: null, messages: [] }, null, 1);
    const { container } = render(<Probe db={db} />);
    const shown = () => container.querySelector('output')!.textContent;
    await waitFor(() => expect(shown()).toBe('1:-'));
    // Merged while the dashboard is open: folded in from the new events (no rows are written for them).
    await applyMerge(db, theirs);
    await waitFor(() => expect(shown()).toBe('9:unsure,8:genuine,1:-'));
    expect(await db.conversations.count()).toBe(1);
    // Tagged here: it gets a row, which replaces what the events said.
    await recordVerdict(db, { key: key('8'), verdict: 'false', reason: 'other', note: '', claim, suggested: null }, { now: 30 });
    await waitFor(() => expect(shown()).toBe('8:false,9:unsure,1:-'));
    // A deletion reads everything again: 9 goes with its only event.
    await deleteWhere(db, (e) => e.conversationId === '9', () => true);
    await waitFor(() => expect(shown()).toBe('8:false,1:-'));
    await db.delete();
  });
});
