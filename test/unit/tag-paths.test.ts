// A tag recorded in one round from what the last tag remembered must be exactly the tag the careful path
// (read, then write) would record — and anything that changed in between sends it the careful way.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChains } from '../../utils/model/chain.mjs';
import { RecountDB } from '../../utils/store/db';
import { deleteWhere } from '../../utils/store/deletion';
import { allEvents, recordConversationSeen, recordVerdict, tagPaths } from '../../utils/store/tagging';
import { updateSettings } from '../../utils/store/settings';
import { sha256hex } from '../../utils/model/hash';
import { UNNAMED_REVIEWER, type Verdict } from '../../utils/model/verdict';

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
const key = (id: string) => ({ vendor: 'intercom' as const, workspace: 'w', conversationId: id });
let db: RecountDB;
let n = 0;
const seen = (id: string) =>
  recordConversationSeen(db, { key: key(id), claim, agentName: 'Fin', billingNote: null, messages: [{ author: 'customer', authorName: 'C', at: 1, text: `hello ${id}` }] }, null);
const tag = (id: string, verdict: Verdict = 'genuine', eventId: string = crypto.randomUUID()) =>
  recordVerdict(db, { key: key(id), verdict, reason: verdict === 'false' ? 'other' : null, note: `on ${id}`, claim, suggested: null }, { id: eventId });
const paths = () => ({ ...tagPaths });
const delta = (before: typeof tagPaths) => ({ oneRound: tagPaths.oneRound - before.oneRound, readFirst: tagPaths.readFirst - before.readFirst });

beforeEach(() => {
  db = new RecountDB(`tag-paths-${++n}`);
});
afterEach(() => db.delete());

describe('tags in one round', () => {
  it('after the first tag, tags on conversations the agent opened go in one round, and the chain is whole', async () => {
    await seen('1');
    await seen('2');
    const before = paths();
    await tag('1');
    await tag('2', 'false');
    await tag('1', 'unsure');
    const last = await tag('2');
    expect(delta(before)).toEqual({ oneRound: 3, readFirst: 1 });
    const events = await allEvents(db);
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]); // tags in one millisecond share a time
    expect(verifyChains(events, sha256hex)).toMatchObject({ ok: true });
    expect(last.event.reviewer).toBe(UNNAMED_REVIEWER);
    const rows = await db.conversations.bulkGet(['intercom:w:1', 'intercom:w:2']);
    expect(rows.map((r) => r?.current?.verdict)).toEqual(['unsure', 'genuine']);
    // What the agent's read stored is kept beside the verdict.
    expect(rows[0]).toMatchObject({ agentName: 'Fin', messageCounts: { customer: 1 } });
    expect(rows[0]!.transcript).toHaveLength(1);
  });

  it('a settings change in between is noticed: the tag carries the new reviewer', async () => {
    await seen('1');
    await tag('1');
    await updateSettings(db, { reviewerName: 'Ana' });
    const before = paths();
    const { event } = await tag('1');
    expect(event.reviewer).toBe('Ana');
    expect(delta(before)).toEqual({ oneRound: 0, readFirst: 1 });
    expect(verifyChains(await allEvents(db), sha256hex)).toMatchObject({ ok: true });
  });

  it('the same tag sent twice (a retry) is recorded once, whichever way', async () => {
    await seen('1');
    await tag('1');
    const id = crypto.randomUUID();
    const first = await tag('1', 'false', id);
    const again = await tag('1', 'false', id);
    expect(again.event).toEqual(first.event);
    expect((await allEvents(db)).filter((e) => e.id === id)).toHaveLength(1);
  });

  it('a conversation deleted in between gets its row back from the careful path', async () => {
    await seen('1');
    await tag('1');
    await deleteWhere(db, () => true, (c) => c.convKey === 'intercom:w:1');
    expect(await db.conversations.get('intercom:w:1')).toBeUndefined();
    const before = paths();
    const { event } = await tag('1');
    expect(delta(before)).toEqual({ oneRound: 0, readFirst: 1 });
    expect(event.seq).toBe(2); // after the deleted event's tombstone
    expect((await db.conversations.get('intercom:w:1'))?.current?.id).toBe(event.id);
    expect(verifyChains(await allEvents(db), sha256hex, { deleted: await db.tombstones.toArray() })).toMatchObject({ ok: true });
  });

  it('a write it did not make (another tag of this chain) sends it the careful way, and nothing forks', async () => {
    await seen('1');
    await tag('1');
    // Another writer appends to the chain behind the remembered head's back.
    const other = new RecountDB(db.name);
    await recordVerdict(other, { key: key('9'), verdict: 'genuine', reason: null, note: '', claim, suggested: null });
    other.close();
    const before = paths();
    const { event } = await tag('1');
    expect(delta(before)).toEqual({ oneRound: 0, readFirst: 1 });
    const events = await allEvents(db);
    expect(event.seq).toBe(3);
    expect(new Set(events.map((e) => e.seq)).size).toBe(events.length);
    expect(verifyChains(events, sha256hex)).toMatchObject({ ok: true });
  });

  it('a conversation re-read in between is tagged on its new read', async () => {
    await seen('1');
    await tag('1');
    await recordConversationSeen(db, { key: key('1'), claim, agentName: 'Fin', billingNote: null, messages: [{ author: 'customer', authorName: 'C', at: 1, text: 'a' }, { author: 'customer', authorName: 'C', at: 2, text: 'b' }] }, null);
    await tag('1', 'false');
    const row = await db.conversations.get('intercom:w:1');
    expect(row).toMatchObject({ messageCounts: { customer: 2 }, current: { verdict: 'false' } });
  });

  it('a conversation with a very long transcript is not remembered: its tags read first', async () => {
    await seen('1');
    await tag('1');
    await recordConversationSeen(db, { key: key('2'), claim, agentName: 'Fin', billingNote: null, messages: [{ author: 'customer', authorName: 'C', at: 1, text: 'x'.repeat(250_000) }] }, null);
    const before = paths();
    await tag('2');
    await tag('2', 'false');
    expect(delta(before)).toEqual({ oneRound: 0, readFirst: 2 });
    expect((await db.conversations.get('intercom:w:2'))?.current?.verdict).toBe('false');
  });
});
