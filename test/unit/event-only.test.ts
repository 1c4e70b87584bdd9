// Conversations known only from merged events have no row: every reader derives them from their events, and
// the event-only index (latest event per such conversation) lets the next merge count what it changes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backupBlob, decodeBackup } from '../../utils/io/backup';
import { RecountDB } from '../../utils/store/db';
import { restoreBackup } from '../../utils/store/restore';
import { deleteWhere } from '../../utils/store/deletion';
import { allEvents, currentVerdictFor, recordConversationSeen, recordVerdict, rowStatuses } from '../../utils/store/tagging';
import { eventsOfConversations, newLatestEventsMemo, readConversations, readLatestEvents } from '../../utils/store/event-only';
import { applyMerge, planMerge } from '../../utils/store/merge';
import type { Verdict, VerdictEvent } from '../../utils/model/verdict';

const dbs: RecountDB[] = [];
let n = 0;
const freshDb = () => {
  const db = new RecountDB(`event-only-${++n}`);
  dbs.push(db);
  return db;
};
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };
const key = (conversationId: string) => ({ vendor: 'intercom' as const, workspace: 'w', conversationId });
const tagIn = (db: RecountDB, id: string, verdict: Verdict, at: number) =>
  recordVerdict(db, { key: key(id), verdict, reason: verdict === 'false' ? 'other' : null, note: '', claim, suggested: null }, { now: at });

/** Another agent's log: these tags, in their own database. */
async function agentLog(tags: Array<[string, Verdict, number]>): Promise<VerdictEvent[]> {
  const db = freshDb();
  for (const [id, verdict, at] of tags) await tagIn(db, id, verdict, at);
  return allEvents(db);
}

const read = (db: RecountDB, id: string, at: number) =>
  recordConversationSeen(db, { key: key(id), claim, agentName: 'Fin', messages: [{ author: 'customer', authorName: 'C', at: null, text: 'hi' }], billingNote: null }, null, at);

describe('conversations known only from merged events', () => {
  it('get no row: readers derive them from the events, and the index keeps each one’s latest event', async () => {
    const log = await agentLog([['1', 'false', 10], ['1', 'genuine', 30], ['2', 'unsure', 20]]);
    const db = freshDb();
    const result = await applyMerge(db, log);
    expect(result.changedVerdicts.map((c) => [c.convKey, c.after.verdict])).toEqual([['intercom:w:1', 'genuine'], ['intercom:w:2', 'unsure']]);
    expect(await db.conversations.count()).toBe(0);
    const conversations = await readConversations(db);
    expect(conversations.map((c) => [c.conversationId, c.current?.verdict, c.firstSeenAt, c.lastSeenAt])).toEqual([
      ['1', 'genuine', 10, 30],
      ['2', 'unsure', 20, 20],
    ]);
    expect(conversations[0]).toMatchObject({ vendor: 'intercom', workspace: 'w', claim, agentName: '', transcriptDigest: '', transcript: null });
    const latest = await readLatestEvents(db);
    // Beside each latest event, what it counts for in the figures (tally.ts's key, fields joined by tabs: vendor,
    // workspace, claim, billable, verdict, reason, reviewer), so that a merge replacing it need not read it.
    expect([...latest.entries()]).toEqual([
      ['intercom:w:1', { at: 30, id: log.find((e) => e.at === 30)!.id, counts: { tallyKey: 'intercom\tw\tassumed\t1\tgenuine\t\tunnamed reviewer', units: 1, noted: false } }],
      ['intercom:w:2', { at: 20, id: log.find((e) => e.at === 20)!.id, counts: { tallyKey: 'intercom\tw\tassumed\t1\tunsure\t\tunnamed reviewer', units: 1, noted: false } }],
    ]);
  });

  it('a later merge counts exactly what it changes: an older event changes nothing, a newer one does', async () => {
    const db = freshDb();
    const first = await agentLog([['1', 'genuine', 30], ['2', 'genuine', 30]]);
    await applyMerge(db, first);
    const second = await agentLog([['1', 'false', 10], ['2', 'false', 40], ['3', 'false', 5]]);
    const plan = await planMerge(db, second);
    expect(plan.changedVerdicts.map((c) => [c.convKey, c.before?.verdict ?? null, c.after.verdict]).sort()).toEqual([
      ['intercom:w:2', 'genuine', 'false'],
      ['intercom:w:3', null, 'false'],
    ]);
    const result = await applyMerge(db, second);
    expect(result.changedVerdicts.map((c) => c.convKey).sort()).toEqual(['intercom:w:2', 'intercom:w:3']);
    const current = Object.fromEntries((await readConversations(db)).map((c) => [c.conversationId, c.current?.verdict]));
    expect(current).toEqual({ '1': 'genuine', '2': 'false', '3': 'false' });
    expect((await readLatestEvents(db)).get('intercom:w:1')?.at).toBe(30);
  });

  it('read here for the first time: the new row starts from the merged latest verdict', async () => {
    const db = freshDb();
    await applyMerge(db, await agentLog([['1', 'false', 10], ['1', 'genuine', 20]]));
    const row = await read(db, '1', 100);
    expect(row.current).toMatchObject({ verdict: 'genuine', at: 20 });
    expect(row).toMatchObject({ agentName: 'Fin', firstSeenAt: 100, lastSeenAt: 100 });
    expect(await currentVerdictFor(db, key('1'))).toMatchObject({ verdict: 'genuine' });
    // The row now speaks for it; the dashboard shows it once.
    expect((await readConversations(db)).filter((c) => c.conversationId === '1')).toHaveLength(1);
  });

  it('tagged here before any read: the new row keeps the merged events’ times, and the later verdict wins', async () => {
    const db = freshDb();
    await applyMerge(db, await agentLog([['1', 'false', 10], ['2', 'false', 500]]));
    const mine = await tagIn(db, '1', 'genuine', 50);
    expect(mine.current.id).toBe(mine.event.id);
    expect(await db.conversations.get('intercom:w:1')).toMatchObject({ firstSeenAt: 10, lastSeenAt: 50, current: { verdict: 'genuine' } });
    // An earlier tag of ours than what was merged does not take over the current verdict.
    const older = await tagIn(db, '2', 'genuine', 100);
    expect(older.current.verdict).toBe('false');
    expect(await db.conversations.get('intercom:w:2')).toMatchObject({ firstSeenAt: 100, lastSeenAt: 500, current: { at: 500 } });
  });

  it('answers the overlay and the list badges from the events', async () => {
    const db = freshDb();
    await applyMerge(db, await agentLog([['1', 'false', 10], ['1', 'genuine', 20]]));
    await read(db, '7', 5);
    expect(await currentVerdictFor(db, key('1'))).toMatchObject({ verdict: 'genuine', at: 20 });
    expect(await currentVerdictFor(db, key('9'))).toBeNull();
    expect(await rowStatuses(db, ['intercom:w:1', 'intercom:w:7', 'intercom:w:9'])).toEqual({
      'intercom:w:1': { billable: true, verdict: 'genuine', suggested: null },
      'intercom:w:7': { billable: true, verdict: null, suggested: null },
    });
  });

  it('a deletion moves a conversation back to its remaining latest event, or removes it with its last event', async () => {
    const db = freshDb();
    const log = await agentLog([['1', 'false', 10], ['1', 'genuine', 20], ['2', 'genuine', 30]]);
    await applyMerge(db, log);
    const deleted = await deleteWhere(db, (e) => e.verdict === 'genuine', (c) => c.current?.verdict === 'genuine');
    expect(deleted).toEqual({ events: 2, conversations: 1 });
    const conversations = await readConversations(db);
    expect(conversations.map((c) => [c.conversationId, c.current?.verdict])).toEqual([['1', 'false']]);
    expect([...(await readLatestEvents(db)).entries()]).toEqual([['intercom:w:1', { at: 10, id: log[0].id, counts: { tallyKey: 'intercom\tw\tassumed\t1\tfalse\tother\tunnamed reviewer', units: 1, noted: false } }]]);
  });

  it('a backup leaves the index out and a restore builds it again from the events', async () => {
    const db = freshDb();
    await read(db, '5', 1);
    await tagIn(db, '5', 'genuine', 2);
    await applyMerge(db, await agentLog([['1', 'false', 10], ['2', 'genuine', 30]]));
    const expected = await readConversations(db);
    const latest = await readLatestEvents(db);
    const backup = await decodeBackup(await backupBlob(db), db.name);
    expect(Object.keys(backup.tables)).not.toContain('eventOnly');
    const target = freshDb();
    await tagIn(target, '9', 'false', 99); // replaced by the restore
    // Three conversations restored: one read here (a row), two known from their events.
    expect(await restoreBackup(target, backup, () => [])).toMatchObject({ events: 3, conversations: 3 });
    expect(await readConversations(target)).toEqual(expected);
    expect(await readLatestEvents(target)).toEqual(latest);
  });

  it('is kept in one chunk per merge: a merge reads only chunks whose key range meets its own, the latest entry wins', async () => {
    const db = freshDb();
    await applyMerge(db, await agentLog([['10', 'genuine', 30], ['11', 'genuine', 30]]));
    await applyMerge(db, await agentLog([['10', 'false', 40]]));
    expect((await db.eventOnly.toArray()).filter((r) => 'convKeys' in r)).toHaveLength(2);
    expect((await readLatestEvents(db)).get('intercom:w:10')?.at).toBe(40);
    expect((await readLatestEvents(db, { min: 'intercom:w:11', max: 'intercom:w:11' })).size).toBe(1);
    // Conversations 5 and 6 sort after every chunk's range ('intercom:w:5' > 'intercom:w:11'): no chunk is read.
    const chunkReads = vi.spyOn(db.eventOnly, 'bulkGet');
    const result = await applyMerge(db, await agentLog([['5', 'false', 50], ['6', 'false', 50]]));
    expect(result.changedVerdicts).toHaveLength(2);
    expect(chunkReads).not.toHaveBeenCalled();
    chunkReads.mockRestore();
    expect((await readConversations(db)).map((c) => c.conversationId).sort()).toEqual(['10', '11', '5', '6']);
  });

  it('reads every event of the conversations asked for, each once, whatever the order or repeats of the keys', async () => {
    const db = freshDb();
    // By hand: conversation 1 has events at 10 and 30, 2 at 20, 3 at 5; 4 has none.
    const log = await agentLog([['1', 'false', 10], ['2', 'genuine', 20], ['1', 'genuine', 30], ['3', 'unsure', 5]]);
    await applyMerge(db, log);
    const events = await eventsOfConversations(db, ['intercom:w:4', 'intercom:w:1', 'intercom:w:3', 'intercom:w:1']);
    expect(events.map((e) => [e.convKey, e.at]).sort()).toEqual([
      ['intercom:w:1', 10],
      ['intercom:w:1', 30],
      ['intercom:w:3', 5],
    ]);
    expect(await eventsOfConversations(db, [])).toEqual([]);
  });

  it('merges its chunks into one past 32 merges, losing nothing', async () => {
    const db = freshDb();
    const log = await agentLog(Array.from({ length: 34 }, (_, i) => [String(100 + i), 'genuine', 1_000 + i] as [string, Verdict, number]));
    for (const event of log) await applyMerge(db, [event]);
    const chunks = (await db.eventOnly.toArray()).filter((r) => 'convKeys' in r);
    expect(chunks.length).toBeLessThanOrEqual(3);
    const latest = await readLatestEvents(db);
    expect(latest.size).toBe(34);
    expect(latest.get('intercom:w:133')).toMatchObject({ at: 1_033, id: log[33].id });
  });
});

// A team pull merges page after page; the index is held in memory from one page to the next (a memo) rather than
// its conversations looked up page by page. It must answer exactly as the index would.
describe('the event-only index held from one merge to the next', () => {
  const currentOf = async (db: RecountDB) => Object.fromEntries((await readConversations(db)).map((c) => [c.conversationId, c.current?.verdict]));
  const tallies = async (db: RecountDB) => (await db.tallies.toArray()).filter((r) => r.key.startsWith('day:'));
  const changedIn = (result: Awaited<ReturnType<typeof applyMerge>>) => result.changedVerdicts.map((c) => c.convKey.split(':')[2]).sort();

  it('answers each page as the index does, and looks up none of a page’s new conversations', async () => {
    // By hand: page 1 brings 1 genuine@10 and 2 false@20 (both new). Page 2: 1 false@30 (newer: changes),
    // 2 genuine@15 (older than 20: no change), 3 unsure@5 (new). Page 3: 3 genuine@50 (newer), 1 genuine@25
    // (older than 30: no change). Changed: [1,2], [1,3], [3]. At the end: 1 false, 2 false, 3 genuine.
    const pages = [
      await agentLog([['1', 'genuine', 10], ['2', 'false', 20]]),
      await agentLog([['1', 'false', 30], ['2', 'genuine', 15], ['3', 'unsure', 5]]),
      await agentLog([['3', 'genuine', 50], ['1', 'genuine', 25]]),
    ];
    const withMemo = freshDb();
    const without = freshDb();
    const memo = newLatestEventsMemo();
    const changed: string[][] = [];
    for (const [i, page] of pages.entries()) {
      changed.push(changedIn(await applyMerge(withMemo, page, undefined, undefined, undefined, undefined, memo)));
      expect(changedIn(await applyMerge(without, page))).toEqual(changed[i]);
    }
    expect(changed).toEqual([['1', '2'], ['1', '3'], ['3']]);
    expect(await currentOf(withMemo)).toEqual({ '1': 'false', '2': 'false', '3': 'genuine' });
    expect(await tallies(withMemo)).toEqual(await tallies(without));
    // A page of conversations the index does not hold: neither the index's chunks nor the events by conversation
    // are read for them.
    const chunkReads = vi.spyOn(withMemo.eventOnly, 'bulkGet');
    const eventReads = vi.spyOn(withMemo.events, 'where');
    // ('intercom:w:15' and ':25' sort inside the index's range, between ':1' and ':3': without the filter its chunks are read.)
    const fresh = await agentLog([['15', 'genuine', 60], ['25', 'false', 60]]);
    expect(changedIn(await applyMerge(withMemo, fresh, undefined, undefined, undefined, undefined, memo))).toEqual(['15', '25']);
    expect(chunkReads).not.toHaveBeenCalled();
    expect(eventReads.mock.calls.filter(([index]) => (index as unknown) === 'convKey')).toEqual([]);
    chunkReads.mockRestore();
    eventReads.mockRestore();
    await applyMerge(without, fresh);
    expect(await tallies(withMemo)).toEqual(await tallies(without));
  });

  it('is read again when something else changed the index meanwhile (another merge, a deletion)', async () => {
    // By hand: 1 genuine@10 through the memo; then another merge (no memo) brings 1 false@30; then 1 unsure@20
    // through the memo changes nothing, because 30 is the latest. A memo that missed the other merge would take
    // 20 for the latest and count conversation 1 twice in the figures.
    const db = freshDb();
    const twin = freshDb();
    const memo = newLatestEventsMemo();
    const first = await agentLog([['1', 'genuine', 10]]);
    const other = await agentLog([['1', 'false', 30]]);
    const third = await agentLog([['1', 'unsure', 20], ['2', 'genuine', 40]]);
    await applyMerge(db, first, undefined, undefined, undefined, undefined, memo);
    await applyMerge(db, other);
    const result = await applyMerge(db, third, undefined, undefined, undefined, undefined, memo);
    expect(changedIn(result)).toEqual(['2']);
    expect(await currentOf(db)).toEqual({ '1': 'false', '2': 'genuine' });
    for (const log of [first, other, third]) await applyMerge(twin, log);
    expect(await tallies(db)).toEqual(await tallies(twin));
    // A deletion rewrites the index: conversation 1's later events go, 10 is its latest again; 1 genuine@12
    // then changes it (the memo, left at 30, would have said no).
    await deleteWhere(db, (e) => e.convKey === 'intercom:w:1' && e.at > 10, () => false);
    await deleteWhere(twin, (e) => e.convKey === 'intercom:w:1' && e.at > 10, () => false);
    const fourth = await agentLog([['1', 'false', 12]]);
    expect(changedIn(await applyMerge(db, fourth, undefined, undefined, undefined, undefined, memo))).toEqual(['1']);
    await applyMerge(twin, fourth);
    expect(await currentOf(db)).toEqual({ '1': 'false', '2': 'genuine' });
    expect(await tallies(db)).toEqual(await tallies(twin));
  });

  it('is given up past its bound, and the merges go on answering right', async () => {
    const db = freshDb();
    const memo = newLatestEventsMemo(3);
    await applyMerge(db, await agentLog([['1', 'genuine', 10], ['2', 'genuine', 10]]), undefined, undefined, undefined, undefined, memo);
    expect(memo.keys?.added).toBe(2);
    await applyMerge(db, await agentLog([['3', 'genuine', 10], ['4', 'genuine', 10]]), undefined, undefined, undefined, undefined, memo);
    expect(memo).toMatchObject({ givenUp: true, keys: null });
    const result = await applyMerge(db, await agentLog([['1', 'false', 5], ['4', 'false', 20]]), undefined, undefined, undefined, undefined, memo);
    expect(changedIn(result)).toEqual(['4']);
    expect(await currentOf(db)).toEqual({ '1': 'genuine', '2': 'genuine', '3': 'genuine', '4': 'false' });
  });
});
