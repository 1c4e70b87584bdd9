// A tag that comes while a merge (a team pull's page, an import) holds the log is saved to the journal and answered
// before the merge commits; it reaches the log right after, at the next position of the chain, and every read asked
// for after its answer sees it. Expected values are worked by hand in each test: the merged chain is 3,000 events
// in conversations 0…2,999 (test/unit/chains.ts), this installation's own tags are counted one by one.
import { describe, expect, it, vi } from 'vitest';
import { eventHash, verifyChains } from '../../utils/model/chain.mjs';
import { sha256hex } from '../../utils/model/hash';
import type { Verdict, VerdictEvent } from '../../utils/model/verdict';
import type { TagIntake } from '../../utils/model/tag-intake';
import { RecountDB } from '../../utils/store/db';
import { applyMerge } from '../../utils/store/merge';
import { updateSettings } from '../../utils/store/settings';
import { foldJournal, journalOf, useJournal } from '../../utils/store/tag-journal';
import { bulkWriteRunning } from '../../utils/store/tag-memory';
import { readTallies, rebuildTallies } from '../../utils/store/tallies';
import { allEvents, currentVerdictFor, recordConversationSeen, recordVerdict, tagPaths } from '../../utils/store/tagging';
import { chainOf } from './chains';
import { freshDatabases } from './databases';

const freshDb = freshDatabases('tag-journal');
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
const key = (id: string) => ({ vendor: 'intercom' as const, workspace: 'w', conversationId: id });
const seen = (db: RecountDB, id: string) =>
  recordConversationSeen(db, { key: key(id), claim, agentName: 'Fin', billingNote: null, messages: [{ author: 'customer', authorName: 'C', at: 1, text: `hello ${id}` }] }, null);
const tag = (db: RecountDB, id: string, verdict: Verdict = 'genuine', eventId: string = crypto.randomUUID()) =>
  recordVerdict(db, { key: key(id), verdict, reason: verdict === 'false' ? 'other' : null, note: `on ${id}`, claim, suggested: null }, { id: eventId });
const journalCount = () => tagPaths.journal;
const journalEntries = async (db: RecountDB) => (await journalOf(db).all()).length;

/** A merge of 3,000 events started and not awaited: it holds the log's stores until it commits. */
function mergeRunning(db: RecountDB): { done: () => boolean; finished: Promise<unknown> } {
  let settled = false;
  const finished = applyMerge(db, chainOf(3000)).finally(() => (settled = true));
  return { done: () => settled, finished };
}

describe('tags while a merge holds the log', () => {
  it('are answered before the merge commits, then reach the log after it at the next positions of the chain', async () => {
    const db = freshDb();
    await seen(db, 'a');
    await tag(db, 'a'); // own chain seq 1; the tag memory is set
    const before = journalCount();
    const merge = mergeRunning(db);
    expect(bulkWriteRunning(db)).toBe(true);
    const first = await tag(db, 'a', 'false');
    const second = await tag(db, 'b');
    expect(merge.done()).toBe(false); // answered while the merge still held the log
    expect(journalCount() - before).toBe(2);
    // Planned from the remembered head: seq 2 and 3 of this installation's chain.
    expect([first.event.seq, second.event.seq]).toEqual([2, 3]);
    expect(first.current.id).toBe(first.event.id);
    await merge.finished;
    // Asked after the answers: sees both tags (their fold was created before this read).
    expect((await db.events.get(first.event.id))?.hash).toBe(first.event.hash);
    expect((await currentVerdictFor(db, key('a')))?.id).toBe(first.event.id);
    expect((await currentVerdictFor(db, key('b')))?.id).toBe(second.event.id);
    const events = await allEvents(db);
    expect(events).toHaveLength(3000 + 3);
    expect(verifyChains(events, sha256hex)).toMatchObject({ ok: true });
    expect(await journalEntries(db)).toBe(0);
    // The figures' counts moved by the fold equal the counts rebuilt from the log afterwards.
    const kept = await readTallies(db);
    await rebuildTallies(db);
    expect(kept).toEqual(await readTallies(db));
  });

  it('a read asked right after the answer, with the merge still running, already sees the tag', async () => {
    const db = freshDb();
    await seen(db, 'a');
    await tag(db, 'a');
    const merge = mergeRunning(db);
    const { event } = await tag(db, 'a', 'unsure');
    expect(merge.done()).toBe(false);
    const [stored, current] = await Promise.all([db.events.get(event.id), currentVerdictFor(db, key('a'))]);
    expect(stored?.id).toBe(event.id);
    expect(current?.verdict).toBe('unsure');
    await merge.finished;
  });

  it('the same tag sent twice (a lost answer) is answered the same and recorded once', async () => {
    const db = freshDb();
    await seen(db, 'a');
    await tag(db, 'a');
    const merge = mergeRunning(db);
    const id = crypto.randomUUID();
    const once = await tag(db, 'a', 'false', id);
    const twice = await tag(db, 'a', 'false', id);
    expect(twice.event).toEqual(once.event);
    await merge.finished;
    expect((await allEvents(db)).filter((e) => e.id === id)).toHaveLength(1);
  });

  it('a settings change sends the next tag the careful way, with the new reviewer', async () => {
    const db = freshDb();
    await seen(db, 'a');
    await tag(db, 'a');
    await updateSettings(db, { reviewerName: 'Ana' });
    const before = journalCount();
    const merge = mergeRunning(db);
    const { event } = await tag(db, 'a');
    expect(journalCount() - before).toBe(0);
    expect(event.reviewer).toBe('Ana');
    await merge.finished;
    expect(verifyChains(await allEvents(db), sha256hex)).toMatchObject({ ok: true });
  });

  it('without a merge, tags go the usual ways and the journal stays empty', async () => {
    const db = freshDb();
    await seen(db, 'a');
    const before = journalCount();
    await tag(db, 'a');
    await tag(db, 'a', 'false');
    expect(journalCount() - before).toBe(0);
    expect(await journalEntries(db)).toBe(0);
  });
});

describe('folding the journal', () => {
  /** Three own tags made normally; returns the log's own chain id and its head. */
  async function ownLog(db: RecountDB): Promise<VerdictEvent[]> {
    await seen(db, 'a');
    for (const v of ['genuine', 'false', 'unsure'] as const) await tag(db, 'a', v);
    // In chain order: tags a millisecond apart or less share a time, and allEvents orders those by id.
    return (await allEvents(db)).sort((a, b) => a.seq - b.seq);
  }

  it('an entry planned at a position something else took meanwhile is moved to the next free one and hashed again', async () => {
    const db = freshDb();
    const [, , third] = await ownLog(db); // seq 1..3
    // Planned at seq 3 (stale: the log's head is 3 already).
    const { hash: _h, ...rest } = { ...third, id: 'late', convKey: 'intercom:w:z', conversationId: 'z', seq: 3, at: third.at + 1 };
    const stale = { ...rest, hash: eventHash(rest as VerdictEvent, sha256hex) } as VerdictEvent;
    await journalOf(db).add({ id: stale.id, event: stale });
    expect(await foldJournal(db)).toBe(1);
    const moved = await db.events.get('late');
    expect(moved?.seq).toBe(4);
    expect(moved?.prevHash).toBe(third.hash);
    expect(moved?.hash).not.toBe(stale.hash);
    expect(verifyChains(await allEvents(db), sha256hex)).toMatchObject({ ok: true });
    expect(await journalEntries(db)).toBe(0);
    expect((await db.conversations.get('intercom:w:z'))?.current?.id).toBe('late');
  });

  it('after a worker stop: what the journal holds goes in before the next tag, which follows it in the chain', async () => {
    const db = freshDb();
    const [, , third] = await ownLog(db);
    const { hash: _h, ...rest } = { ...third, id: 'saved-before-stop', seq: 4, prevHash: third.hash, at: third.at + 1, verdict: 'false' as const, reason: 'other' as const };
    const saved = { ...rest, hash: eventHash(rest as VerdictEvent, sha256hex) } as VerdictEvent;
    await journalOf(db).add({ id: saved.id, event: saved });
    // An entry whose fold committed but whose clean-up did not: skipped, and cleared.
    await journalOf(db).add({ id: third.id, event: third });
    // A new worker: a new database object, no memory of earlier tags.
    const restarted = new RecountDB(db.name);
    const { event } = await tag(restarted, 'a', 'genuine');
    expect(event.seq).toBe(5);
    expect(event.prevHash).toBe(saved.hash);
    const events = await allEvents(restarted);
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]); // tags in one millisecond share a time
    expect(verifyChains(events, sha256hex)).toMatchObject({ ok: true });
    expect(await journalEntries(restarted)).toBe(0);
    restarted.close();
  });
});

describe("a helpdesk tab's own journal entry", () => {
  // The tab keeps its tag in the journal, then sends the request with the same event id (components/overlay/
  // controller.ts). These write the entry as the tab does, with the tab's shape checked by its schema's type.
  const entryOf = (conversationId: string, at: number, over: Partial<TagIntake['input']> = {}, id: string = crypto.randomUUID()): TagIntake => ({
    id,
    at,
    input: { key: key(conversationId), verdict: 'genuine', reason: null, note: `on ${conversationId}`, claim, suggested: null, ...over },
  });
  const keep = (db: RecountDB, entry: TagIntake | Record<string, unknown>, id = String(entry.id)) => journalOf(db).add({ ...entry, id } as TagIntake);
  const request = (db: RecountDB, entry: TagIntake) => recordVerdict(db, entry.input, { id: entry.id });
  const droppedEntry = async (db: RecountDB) => {
    // The request's record drops the entry without waiting: give it its turn.
    for (let i = 0; i < 20 && (await journalEntries(db)) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    return journalEntries(db);
  };

  it('then its request: recorded once, under the entry id, at the next position, and the entry is dropped', async () => {
    const db = freshDb();
    await updateSettings(db, { reviewerName: 'Ana' });
    await seen(db, 'a');
    await tag(db, 'a'); // seq 1
    const entry = entryOf('a', Date.now(), { verdict: 'false', reason: 'recontacted' });
    await keep(db, entry);
    const { event, current } = await request(db, entry);
    expect(event.id).toBe(entry.id);
    expect([event.seq, event.reviewer, event.verdict, event.reason]).toEqual([2, 'Ana', 'false', 'recontacted']);
    expect(current.id).toBe(entry.id);
    expect(await droppedEntry(db)).toBe(0);
    expect(await allEvents(db)).toHaveLength(2);
  });

  it('whose request never came is folded by itself: planned at the head then, at the time the tab made it', async () => {
    const db = freshDb();
    await updateSettings(db, { reviewerName: 'Ana' });
    await seen(db, 'a');
    await tag(db, 'a'); // seq 1, remembered by the background
    await new Promise((resolve) => setTimeout(resolve, 5));
    const at = Date.now(); // after the first tag: it becomes the conversation's current verdict
    const entry = entryOf('a', at, { verdict: 'unsure', note: 'left behind' });
    await keep(db, entry);
    expect(await foldJournal(db, undefined, [entry.id])).toBe(1);
    const folded = await db.events.get(entry.id);
    // By hand: the chain held seq 1, so the entry is seq 2 after it, by the reviewer the settings name now.
    expect([folded?.seq, folded?.at, folded?.reviewer, folded?.verdict, folded?.note]).toEqual([2, at, 'Ana', 'unsure', 'left behind']);
    expect((await db.conversations.get('intercom:w:a'))?.current?.id).toBe(entry.id);
    expect(await journalEntries(db)).toBe(0);
    // The background's memory of its last tag is stale now: the next tag still follows in the chain.
    const next = await tag(db, 'a');
    expect(next.event.seq).toBe(3);
    expect(next.event.prevHash).toBe(folded?.hash);
    expect(verifyChains(await allEvents(db), sha256hex)).toMatchObject({ ok: true });
    const kept = await readTallies(db);
    await rebuildTallies(db);
    expect(kept).toEqual(await readTallies(db));
  });

  it('folded by itself before its late request came: the request is answered with the folded event, recorded once', async () => {
    const db = freshDb();
    await seen(db, 'a');
    await tag(db, 'a');
    const entry = entryOf('a', Date.now(), { verdict: 'unsure' });
    await keep(db, entry);
    await foldJournal(db, undefined, [entry.id]);
    const folded = await db.events.get(entry.id);
    const answer = await request(db, entry);
    expect(answer.event).toEqual(folded);
    expect((await allEvents(db)).filter((e) => e.id === entry.id)).toHaveLength(1);
    expect(await allEvents(db)).toHaveLength(2);
  });

  it('while a merge holds the log: the background plans it in the same entry, and it reaches the log once', async () => {
    const db = freshDb();
    await seen(db, 'a');
    await tag(db, 'a');
    const merge = mergeRunning(db);
    const entry = entryOf('a', Date.now(), { verdict: 'false', reason: 'other' });
    await keep(db, entry);
    const { event } = await request(db, entry);
    expect(merge.done()).toBe(false);
    expect(event.seq).toBe(2);
    await merge.finished;
    expect(await db.events.get(entry.id)).toEqual(event);
    expect(await journalEntries(db)).toBe(0);
    expect(await allEvents(db)).toHaveLength(3000 + 2);
  });

  it('a wrong entry is dropped with a warning naming its field, and nothing of it reaches the log', async () => {
    const db = freshDb();
    // Kept as the background keeps it, in a key-value store where an entry's key and its content can disagree.
    const stored = new Map<string, unknown>();
    useJournal(db, {
      add: async (entry) => void stored.set(entry.id, entry),
      all: async () => [...stored].map(([id, value]) => ({ id, value })),
      some: async (ids) => ids.filter((id) => stored.has(id)).map((id) => ({ id, value: stored.get(id) })),
      remove: async (ids) => ids.forEach((id) => stored.delete(id)),
    });
    await seen(db, 'a');
    const first = await tag(db, 'a');
    const warnings: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((message: string) => void warnings.push(message));
    const noReason = entryOf('a', Date.now(), { verdict: 'false', reason: null });
    const badVerdict = { ...entryOf('a', Date.now()), input: { ...entryOf('a', 0).input, verdict: 'maybe' } };
    const elsewhere = entryOf('a', Date.now());
    const good = entryOf('a', Date.now(), { verdict: 'unsure' });
    stored.set(noReason.id, noReason);
    stored.set(badVerdict.id, badVerdict);
    stored.set('0b0e3c1e-5d0c-4f57-9a62-3f6f2f0d9c11', elsewhere); // kept under another id than its own
    stored.set('not-a-tag', 'some text');
    stored.set(good.id, good);
    try {
      expect(await foldJournal(db)).toBe(1);
    } finally {
      warn.mockRestore();
    }
    expect((await allEvents(db)).map((e) => e.id).sort()).toEqual([first.event.id, good.id].sort());
    expect(stored.size).toBe(0);
    expect(warnings).toHaveLength(4);
    expect(warnings.find((w) => w.includes(noReason.id))).toMatch(/reason: a false verdict needs a reason/);
    expect(warnings.find((w) => w.includes(badVerdict.id))).toMatch(/input\.verdict: /);
    expect(warnings.find((w) => w.includes('0b0e3c1e'))).toMatch(/not the one it is kept under/);
    expect(warnings.find((w) => w.includes('not-a-tag'))).toMatch(/Invalid type/);
  });
});
