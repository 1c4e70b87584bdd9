// Merging agents' logs: an idempotent, commutative union of events by id, all or nothing.
import { describe, expect, it } from 'vitest';
import { eventHash, verifyChains } from '../../utils/model/chain.mjs';
import type { RecountDB } from '../../utils/store/db';
import { allEvents, recordConversationSeen, recordVerdict } from '../../utils/store/tagging';
import { sha256hex } from '../../utils/model/hash';
import { readConversations } from '../../utils/store/event-only';
import { handleMessage, type Platform } from '../../utils/transport/handlers';
import { sliceChecker } from '../../utils/model/event-schema';
import { applyMerge, MergeRefused, planMerge } from '../../utils/store/merge';
import { chainOf } from './chains';
import { freshDatabases } from './databases';
import type { VerdictEvent, Verdict } from '../../utils/model/verdict';

const freshDb = freshDatabases('merge');

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };
async function agentLog(tags: Array<[string, Verdict, number]>): Promise<VerdictEvent[]> {
  const db = freshDb();
  for (const [conversationId, verdict, at] of tags) {
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId }, verdict, reason: verdict === 'false' ? 'other' : null, note: '', claim, suggested: null }, { now: at });
  }
  return allEvents(db);
}

async function snapshot(db: RecountDB) {
  const events = (await db.events.toArray()).sort((a, b) => a.id.localeCompare(b.id));
  // As every reader sees them: rows of conversations read here, the rest derived from their events.
  const conversations = (await readConversations(db)).sort((a, b) => a.convKey.localeCompare(b.convKey));
  return { events, conversations };
}

describe('merge', () => {
  it('is idempotent: the same file twice changes nothing the second time', async () => {
    const a = await agentLog([['1', 'false', 10], ['2', 'genuine', 20]]);
    const db = freshDb();
    const first = await applyMerge(db, a);
    expect(first.added).toHaveLength(2);
    const after = await snapshot(db);
    const second = await applyMerge(db, a);
    expect(second).toMatchObject({ added: [], alreadyPresent: 2, changedVerdicts: [] });
    expect(await snapshot(db)).toEqual(after);
  });

  it('adds only what is new from a file that partly overlaps this log', async () => {
    const a = await agentLog([['1', 'false', 10], ['2', 'genuine', 20], ['3', 'unsure', 30]]);
    const db = freshDb();
    await applyMerge(db, [a[1]]);
    const result = await applyMerge(db, a);
    expect(result.added.map((e) => e.id)).toEqual([a[0].id, a[2].id]);
    expect(result.alreadyPresent).toBe(1);
    expect(result.changedVerdicts.map((c) => c.convKey)).toEqual(['intercom:w:1', 'intercom:w:3']);
    expect((await allEvents(db)).map((e) => e.id)).toEqual(a.map((e) => e.id));
    expect(await readConversations(db)).toHaveLength(3);
    // None of them was read here: no row each, their events speak for them.
    expect(await db.conversations.count()).toBe(0);
  });

  it('a large import (past the key-scan threshold) keeps what this browser read of known conversations', async () => {
    const db = freshDb();
    // Two conversations this browser read (one holds a verdict already), among 1,200 new ones.
    for (const id of ['5', '600']) {
      await recordConversationSeen(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: id }, claim, agentName: 'Fin', messages: [{ author: 'customer', authorName: 'C', at: null, text: 'hi' }], billingNote: null }, null, 1);
    }
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: '600' }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: 2_000_000 });
    const base = (await allEvents(db))[0];
    const incoming: VerdictEvent[] = Array.from({ length: 1200 }, (_, i) => ({
      ...base,
      id: `big-${i}`,
      convKey: `intercom:w:${i}`,
      conversationId: String(i),
      at: 1_000_000 + i,
      chain: 'other',
      seq: i + 1,
      hash: i.toString(16).padStart(64, '0'),
    }));
    const result = await applyMerge(db, incoming);
    expect(result.added).toHaveLength(1200);
    expect(await db.conversations.count()).toBe(2); // only the two read here have rows
    expect(await readConversations(db)).toHaveLength(1200);
    const [five, six] = await db.conversations.bulkGet(['intercom:w:5', 'intercom:w:600']);
    expect(five).toMatchObject({ agentName: 'Fin', messageCounts: { customer: 1 }, current: { id: 'big-5' } });
    expect(five!.transcriptDigest).not.toBe('');
    // Ours is later than the imported one: it stays current, and the merge says nothing changed there.
    expect(six).toMatchObject({ agentName: 'Fin', current: { id: base.id } });
    expect(result.changedVerdicts.map((c) => c.convKey)).not.toContain('intercom:w:600');
    const fresh = (await readConversations(db)).find((c) => c.convKey === 'intercom:w:7');
    expect(fresh).toMatchObject({ agentName: '', transcriptDigest: '', firstSeenAt: 1_000_007, lastSeenAt: 1_000_007, current: { id: 'big-7' } });
  });

  it('is commutative: A then B equals B then A, events and current verdicts alike', async () => {
    const a = await agentLog([['1', 'false', 10], ['2', 'genuine', 20], ['3', 'unsure', 35]]);
    const b = await agentLog([['1', 'genuine', 15], ['3', 'false', 30], ['4', 'genuine', 40]]);
    const ab = freshDb();
    await applyMerge(ab, a);
    await applyMerge(ab, b);
    const ba = freshDb();
    await applyMerge(ba, b);
    await applyMerge(ba, a);
    expect(await snapshot(ab)).toEqual(await snapshot(ba));
    const current = Object.fromEntries((await readConversations(ab)).map((c) => [c.conversationId, c.current?.verdict]));
    expect(current).toEqual({ '1': 'genuine', '2': 'genuine', '3': 'unsure', '4': 'genuine' });
  });

  it('keeps each agent’s chain verifiable after the merge', async () => {
    const a = await agentLog([['1', 'false', 10], ['2', 'genuine', 20]]);
    const b = await agentLog([['1', 'genuine', 15]]);
    const db = freshDb();
    await applyMerge(db, a);
    await applyMerge(db, b);
    const result = verifyChains(await allEvents(db), sha256hex);
    expect(result.ok).toBe(true);
    expect(Object.keys(result.chains)).toHaveLength(2);
  });

  it('previews what is new, already present, and which current verdicts would change', async () => {
    const db = freshDb();
    await recordConversationSeen(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: '1' }, claim, agentName: 'Fin', messages: [], billingNote: null }, null, 1);
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: '1' }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: 5 });
    const mine = await allEvents(db);
    const theirs = await agentLog([['1', 'false', 10], ['9', 'genuine', 11]]);
    const plan = await planMerge(db, [...mine, ...theirs]);
    expect(plan.added.map((e) => e.conversationId)).toEqual(['1', '9']);
    expect(plan.alreadyPresent).toBe(1);
    expect(plan.changedVerdicts.map((c) => [c.convKey, c.before?.verdict ?? null, c.after.verdict])).toEqual([
      ['intercom:w:1', 'genuine', 'false'],
      ['intercom:w:9', null, 'genuine'],
    ]);
    expect(await db.events.count()).toBe(1); // a plan writes nothing
  });

  it('refuses a file whose event shares an id with ours but not its contents, and writes nothing', async () => {
    const db = freshDb();
    const a = await agentLog([['1', 'false', 10], ['2', 'genuine', 20]]);
    await applyMerge(db, [a[0]]);
    const before = await snapshot(db);
    const forged = { ...a[0], note: 'changed', hash: 'e'.repeat(64) };
    await expect(applyMerge(db, [forged, a[1]])).rejects.toThrow(/same id as events here but other contents/);
    expect(await snapshot(db)).toEqual(before);
  });

  describe('checked slice by slice while the slices before are written', () => {
    const platform: Platform = { broadcast: () => undefined, hasHostAccess: async () => true, syncProfileScripts: async () => undefined, previewInTab: async () => { throw new Error('no tab'); } };
    it('merges every slice of a valid log', async () => {
      const db = freshDb();
      const reply = await handleMessage(db, { type: 'events/import', events: chainOf(12_000) }, platform);
      expect(reply).toMatchObject({ ok: true, data: { added: 12_000, changedVerdicts: 12_000 } });
      expect(await db.events.count()).toBe(12_000);
      expect(verifyChains(await allEvents(db), sha256hex).ok).toBe(true);
    });

    for (const [name, spoil, message] of [
      ['an edited event in the last slice', (events: VerdictEvent[]) => { events[11_000] = { ...events[11_000], note: 'edited' }; }, /event 11001 \(id e-11000, seq 11001\): its contents do not match its hash/],
      ['a malformed field in the last slice', (events: VerdictEvent[]) => { events[10_500] = { ...events[10_500], at: -5 }; }, /event 10501: at: /],
      ['an id twice, in two slices', (events: VerdictEvent[]) => { events[11_999] = { ...events[11_999], id: 'e-3' }; }, /event 12000: id: e-3 appears twice/],
      ['a broken link (every hash right)', (events: VerdictEvent[]) => {
        const e = { ...events[9_000], prevHash: 'a'.repeat(64) };
        e.hash = eventHash(e, sha256hex);
        events[9_000] = e;
      }, /event 9001 \(id e-9000, seq 9001\): its prevHash is not the previous event's hash/],
    ] as const) {
      it(`refuses ${name} after earlier slices were written, and nothing stays`, async () => {
        const db = freshDb();
        await applyMerge(db, await agentLog([['1', 'false', 10]]));
        const before = await snapshot(db);
        const indexBefore = await db.eventOnly.toArray();
        const events = chainOf(12_000);
        spoil(events);
        const reply = await handleMessage(db, { type: 'events/import', events }, platform);
        expect(reply).toMatchObject({ ok: false });
        expect((reply as { error: string }).error).toMatch(/^Not merged, nothing written: /);
        expect((reply as { error: string }).error).toMatch(message);
        expect(await snapshot(db)).toEqual(before);
        expect(await db.eventOnly.toArray()).toEqual(indexBefore); // the index as it was, not the refused merge's
      });
    }

    it('refuses through its check without the handler too (MergeRefused), writing nothing', async () => {
      const db = freshDb();
      const events = chainOf(6_000);
      events[5_999] = { ...events[5_999], hash: 'f'.repeat(64) };
      await expect(applyMerge(db, events, undefined, sliceChecker())).rejects.toBeInstanceOf(MergeRefused);
      expect(await db.events.count()).toBe(0);
    });
  });
});
