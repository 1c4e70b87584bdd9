// The figures' day counts, moved by every write: checked against a hand-worked table, and against the dashboard's
// other path (every conversation read and counted one by one, view.ts) after random writes of every kind.
// Runs under UTC and again under Asia/Tokyo and America/New_York (vitest projects): days are local days.
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './databases';
import { recordConversationSeen, recordVerdict, allEvents } from '../../utils/store/tagging';
import { updateSettings } from '../../utils/store/settings';
import { applyMerge } from '../../utils/store/merge';
import { deleteWhere } from '../../utils/store/deletion';
import { foldTallyDeltas, moveTallies, readTallies, rebuildTallies } from '../../utils/store/tallies';
import { readConversations } from '../../utils/store/event-only';
import { conversationsByKey, cursorOf, newestConversations, scanConversations } from '../../utils/store/conversation-pages';
import type { ConversationRecord } from '../../utils/model/records';
import { isRelevant } from '../../utils/model/tally';
import { disagreedIn, viewFromTallies, withEachReviewer } from '../../utils/analysis/tally-view';
import { readReviewerVerdicts } from '../../utils/analysis/reviewer-verdicts';
import { createViewBuilder } from '../../utils/analysis/view';
import { EMPTY_FILTER, matchesConversation, type Filter } from '../../utils/analysis/filters';
import { VENDORS, type ResolutionKind, type Vendor, type Verdict, type VerdictEvent } from '../../utils/model/verdict';
import type { RecountDB, TallyRow } from '../../utils/store/db';

const freshDb = freshDatabases('tallies');
const PRICES = Object.fromEntries(VENDORS.map((v) => [v, v === 'salesforce' ? 2 : 0.99])) as Record<Vendor, number>;
const claimOf = (resolution: ResolutionKind) => ({ state: 'closed' as const, resolution, resolutionLabel: resolution, url: 'https://example.test/x' });
const key = (conversationId: string, vendor: Vendor = 'intercom', workspace = 'w') => ({ vendor, workspace, conversationId });

async function seen(db: RecountDB, id: string, resolution: ResolutionKind, at: number, vendor: Vendor = 'intercom', workspace = 'w', windows?: number) {
  await recordConversationSeen(db, { key: key(id, vendor, workspace), claim: claimOf(resolution), agentName: 'Fin', messages: [], billingNote: null, ...(windows ? { billing: { windows } } : {}) }, null, at);
}
async function tag(db: RecountDB, id: string, verdict: Verdict, at: number, vendor: Vendor = 'intercom', workspace = 'w', note = '') {
  await recordVerdict(db, { key: key(id, vendor, workspace), verdict, reason: verdict === 'false' ? 'other' : null, note, claim: claimOf('assumed'), suggested: null }, { now: at, id: crypto.randomUUID() });
}
/** Another agent's log: their own database, their name on each tag. */
async function theirLog(reviewer: string, tags: Array<[string, Verdict, number]>): Promise<VerdictEvent[]> {
  const db = freshDb();
  await updateSettings(db, { reviewerName: reviewer });
  for (const [id, verdict, at] of tags) await tag(db, id, verdict, at);
  return allEvents(db);
}

/** What the dashboard's other path shows: every conversation read and counted one by one. */
async function countedOneByOne(db: RecountDB, filter: Filter) {
  const builder = createViewBuilder(filter, PRICES, new Map());
  for (const c of await readConversations(db)) builder.add(c);
  const { figures, charts, reviewers, workspaces } = builder.finish();
  return { figures, charts, reviewers, workspaces };
}

async function fromTallies(db: RecountDB, filter: Filter) {
  const days = await readTallies(db);
  if (!days) throw new Error('counts not built');
  return viewFromTallies(days, filter, PRICES);
}

const T1 = Date.parse('2026-10-01T12:00:00Z');
const T2 = Date.parse('2026-10-02T02:00:00Z');
const T3 = Date.parse('2026-10-02T03:00:00Z');
const T4 = Date.parse('2026-10-01T20:00:00Z');

describe('the figures kept per day', () => {
  it('match a hand-worked table after reads, tags, a retag and two merges', async () => {
    const db = freshDb();
    await rebuildTallies(db);
    await updateSettings(db, { reviewerName: 'Ana' });
    await seen(db, 'A', 'assumed', T1); // billed, untagged for now
    await seen(db, 'C', 'escalated', T1); // neither billed nor tagged: not counted
    await tag(db, 'A', 'genuine', T2);
    await tag(db, 'B', 'false', T4); // tagged before any read
    await tag(db, 'A', 'false', T3); // A changes its mind
    await seen(db, 'S', 'confirmed', T1, 'salesforce', 'sf', 3);
    await tag(db, 'S', 'false', T1, 'salesforce', 'sf');
    await applyMerge(db, await theirLog('Bo', [['D', 'genuine', T1], ['E', 'false', T1]]));
    await applyMerge(db, await theirLog('Bo', [['E', 'genuine', T2]])); // E, known from events only, moves
    // By hand: A false (Ana, T3), B false (Ana, T4), S false (Ana, T1, 3 windows), D genuine (Bo, T1), E genuine (Bo, T2).
    // Billed 5; genuine 2, false 3, unsure 0; money 0.99 + 0.99 + 3 × 2 = 7.98; false rate 3 ÷ 5.
    const all = await fromTallies(db, EMPTY_FILTER);
    expect(all.figures).toMatchObject({ billed: 5, tagged: 5, genuine: 2, false: 3, unsure: 0, moneyAtStake: 7.98 });
    expect(all.figures.falseRate.rate).toBeCloseTo(0.6, 10);
    expect(all.charts.byReviewer).toEqual([
      { label: 'Ana', total: 3, false: 3, decided: 3 },
      { label: 'Bo', total: 2, false: 0, decided: 2 },
    ]);
    expect(all.reviewers).toEqual(['Ana', 'Bo']);
    expect(all.workspaces).toEqual(['sf', 'w']);
    // Days by zone, by hand: T1 12:00Z, T2 02:00Z next day, T3 03:00Z next day, T4 20:00Z.
    //   UTC:      Oct 1 = B, D, S (2 false); Oct 2 = A, E (1 false)
    //   Tokyo +9: Oct 1 = D, S (1 false);     Oct 2 = A, B, E (2 false)  (T4 is 05:00 on Oct 2)
    //   New York −4: every one on Oct 1 (T2 22:00, T3 23:00 on Oct 1)
    const byZone: Record<string, Array<{ label: string; total: number; false: number; decided: number }>> = {
      UTC: [{ label: '2026-10-01', total: 3, false: 2, decided: 3 }, { label: '2026-10-02', total: 2, false: 1, decided: 2 }],
      'Asia/Tokyo': [{ label: '2026-10-01', total: 2, false: 1, decided: 2 }, { label: '2026-10-02', total: 3, false: 2, decided: 3 }],
      'America/New_York': [{ label: '2026-10-01', total: 5, false: 3, decided: 5 }],
    };
    const zone = process.env.TZ || 'UTC';
    expect(byZone[zone], `no hand-worked days for ${zone}`).toBeDefined();
    expect(all.charts.perDay).toEqual(byZone[zone]);
    const oct2 = await fromTallies(db, { ...EMPTY_FILTER, from: '2026-10-02', to: '2026-10-02' });
    expect(oct2.figures.billed).toBe(byZone[zone].find((d) => d.label === '2026-10-02')?.total ?? 0);
    const untagged = await fromTallies(db, { ...EMPTY_FILTER, verdict: 'untagged' });
    expect(untagged.figures.billed).toBe(0); // A was the only untagged billed conversation, and it was tagged
  });

  it('equal the one-by-one count after random reads, tags, merges and a deletion, for every kind of filter', async () => {
    const db = freshDb();
    await rebuildTallies(db);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const ids = Array.from({ length: 30 }, (_, i) => String(i));
    const day0 = Date.parse('2026-09-28T00:00:00Z');
    const when = () => day0 + Math.floor(random() * 6 * 24) * 3_600_000 + Math.floor(random() * 60) * 60_000;
    const filters: Filter[] = [
      EMPTY_FILTER,
      { ...EMPTY_FILTER, vendor: 'zendesk' },
      { ...EMPTY_FILTER, verdict: 'untagged' },
      { ...EMPTY_FILTER, verdict: 'false', reason: 'other' },
      { ...EMPTY_FILTER, reviewer: 'Bo' },
      { ...EMPTY_FILTER, claim: 'assumed', workspace: 'w2' },
      { ...EMPTY_FILTER, from: '2026-09-30', to: '2026-10-01' },
    ];
    const check = async () => {
      for (const filter of filters) {
        const oneByOne = await countedOneByOne(db, filter);
        const tallied = await fromTallies(db, filter);
        expect(tallied.figures, JSON.stringify(filter)).toEqual(oneByOne.figures);
        expect(tallied.charts, JSON.stringify(filter)).toEqual(oneByOne.charts);
        expect(tallied.reviewers).toEqual(oneByOne.reviewers);
        expect(tallied.workspaces).toEqual(oneByOne.workspaces);
        // Where several reviewers tagged one conversation: "by reviewer" and the disagreements from the counts and
        // those conversations' records alone, as the one-by-one pass (given every reviewer's verdicts) has them.
        const several = await readReviewerVerdicts(db);
        const builder = createViewBuilder(filter, PRICES, several);
        for (const c of await readConversations(db)) builder.add(c);
        const full = builder.finish();
        const records = await conversationsByKey(db, [...several.keys()]);
        expect(withEachReviewer(tallied.charts.byReviewer, several, records, filter), JSON.stringify(filter)).toEqual(full.charts.byReviewer);
        expect(disagreedIn(several, records, filter)).toEqual(full.disagreed);
        severalSeen = Math.max(severalSeen, several.size);
        disagreedSeen = Math.max(disagreedSeen, full.disagreed.size);
      }
    };
    let severalSeen = 0;
    let disagreedSeen = 0;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 25; i++) {
        const vendor = pick(['intercom', 'zendesk', 'salesforce'] as const);
        const workspace = pick(['w', 'w2']);
        const id = pick(ids);
        if (random() < 0.4) await seen(db, id, pick(['assumed', 'confirmed', 'escalated', 'unresolved'] as ResolutionKind[]), when(), vendor, workspace, vendor === 'salesforce' ? 1 + Math.floor(random() * 3) : undefined);
        else await tag(db, id, pick(['genuine', 'false', 'unsure'] as const), when(), vendor, workspace);
      }
      await applyMerge(db, await theirLog(pick(['Bo', 'Cy']), Array.from({ length: 10 }, () => [pick(ids), pick(['genuine', 'false', 'unsure'] as const), when()] as [string, Verdict, number])));
      await check();
      // Tags append their changes as deltas; folded into the days (every other round), the counts stay the same.
      if (round % 2 === 1) {
        expect(await foldTallyDeltas(db)).toBeGreaterThan(0);
        expect(await db.tallies.where(':id').startsWith('delta:').count()).toBe(0);
        await check();
      }
    }
    await deleteWhere(db, (e) => e.conversationId < '10', (c) => c.conversationId < '10');
    await check();
    // The random writes did make conversations several reviewers tagged, some in disagreement.
    expect(severalSeen).toBeGreaterThan(3);
    expect(disagreedSeen).toBeGreaterThan(1);
  });

  it('start complete in a new database: a first merge and a tag are counted without any rebuild', async () => {
    const db = freshDb();
    expect(await readTallies(db)).toEqual([]);
    await applyMerge(db, await theirLog('Bo', [['1', 'false', T1], ['2', 'genuine', T2]]));
    await updateSettings(db, { reviewerName: 'Ana' });
    await tag(db, '3', 'unsure', T3);
    // By hand: Bo's false (1) and genuine (2), Ana's unsure (3); tagged conversations, none seen here (not billed).
    expect((await fromTallies(db, EMPTY_FILTER)).figures).toMatchObject({ tagged: 3, genuine: 1, false: 1, unsure: 1 });
    expect((await fromTallies(db, EMPTY_FILTER)).figures).toEqual((await countedOneByOne(db, EMPTY_FILTER)).figures);
  });

  it('are left alone when counted in another time zone, and built again on request', async () => {
    const db = freshDb();
    // A database from before the counts (upgraded, not made new): nothing counted yet.
    await db.tallies.clear();
    await updateSettings(db, { reviewerName: 'Ana' });
    await tag(db, '1', 'false', T1);
    expect(await readTallies(db)).toBeNull(); // never built: the dashboard asks for them
    await rebuildTallies(db);
    await db.tallies.put({ key: 'meta', zone: 'Pacific/Chatham' } as TallyRow);
    await tag(db, '2', 'genuine', T1);
    expect(await readTallies(db)).toBeNull();
    await rebuildTallies(db);
    expect((await fromTallies(db, EMPTY_FILTER)).figures).toMatchObject({ billed: 2, genuine: 1, false: 1 });
    // A change that moves nothing writes nothing.
    const before = JSON.stringify(await db.tallies.toArray());
    await db.transaction('rw', db.tallies, () => moveTallies(db, [[null, null]]));
    expect(JSON.stringify(await db.tallies.toArray())).toBe(before);
  });
});

describe('the newest conversations of a filter, read by index', () => {
  it('are the first of the full read in its order, rows and conversations known from events alike, across event pages and equal times', async () => {
    const db = freshDb();
    await updateSettings(db, { reviewerName: 'Ana' });
    const base = Date.parse('2026-10-01T00:00:00Z');
    // Conversations read here (some tagged), and 1,500 events of 700 conversations known only from another log,
    // many sharing a time (every third event at the same minute as the one before).
    for (let i = 0; i < 60; i++) {
      await seen(db, `r${i}`, i % 4 === 0 ? 'escalated' : 'assumed', base + i * 7_000_000);
      if (i % 3 === 0) await tag(db, `r${i}`, i % 2 ? 'false' : 'genuine', base + i * 7_000_000 + 1000);
    }
    const theirs: Array<[string, Verdict, number]> = Array.from({ length: 1500 }, (_, i) => [`e${(i * 7) % 700}`, (['genuine', 'false', 'unsure'] as const)[i % 3], base + (i - (i % 3 === 2 ? 1 : 0)) * 300_000]);
    await applyMerge(db, await theirLog('Bo', theirs));
    const filters: Filter[] = [EMPTY_FILTER, { ...EMPTY_FILTER, verdict: 'false' }, { ...EMPTY_FILTER, reviewer: 'Ana' }, { ...EMPTY_FILTER, verdict: 'untagged' }];
    for (const filter of filters) {
      const builder = createViewBuilder(filter, PRICES, new Map());
      for (const c of await readConversations(db)) builder.add(c);
      const expected = builder.finish().rows.slice(0, 40);
      const keep = (c: ConversationRecord) => isRelevant(c) && matchesConversation(c, filter);
      const found = (await newestConversations(db, keep, 40))!;
      expect(found.map((c) => [c.convKey, c.current?.id ?? null]), JSON.stringify(filter)).toEqual(expected.map((c) => [c.convKey, c.current?.id ?? null]));
      expect(found.length).toBeGreaterThan(0);
      // Page after page by the cursor (pages of 23: they end inside runs of equal times) gives the whole list.
      const all = builder.finish().rows;
      const paged: ConversationRecord[] = [];
      for (let page = (await newestConversations(db, keep, 23))!; page.length > 0; page = (await newestConversations(db, keep, 23, { after: cursorOf(paged[paged.length - 1]) }))!) {
        paged.push(...page);
        expect(paged.length).toBeLessThanOrEqual(all.length);
      }
      expect(paged.map((c) => [c.convKey, c.current?.id ?? null]), `paged ${JSON.stringify(filter)}`).toEqual(all.map((c) => [c.convKey, c.current?.id ?? null]));
    }
    // Every conversation once by the page-at-a-time pass, and by key, as the full read has them.
    const everything = await readConversations(db);
    const scanned: ConversationRecord[] = [];
    expect(await scanConversations(db, (page) => void scanned.push(...page))).toBe(true);
    const byKey = (list: ConversationRecord[]) => [...list].sort((a, b) => a.convKey.localeCompare(b.convKey));
    expect(byKey(scanned)).toEqual(byKey(everything));
    const some = everything.filter((_, i) => i % 9 === 0).map((c) => c.convKey);
    const found = await conversationsByKey(db, [...some, 'intercom:w:nowhere']);
    expect([...found.keys()].sort()).toEqual([...some].sort());
    for (const k of some) expect(found.get(k)).toEqual(everything.find((c) => c.convKey === k));
    // Stopped between pages: no answer rather than a part of one.
    expect(await newestConversations(db, () => false, 10, { cancelled: () => true })).toBeNull();
    expect(await scanConversations(db, () => undefined, () => true)).toBe(false);
  });
});

describe('the rows of read conversations, a page at a time', () => {
  it('go newest first and, within one time, by key from the greatest, with pages ending inside a run of equal times', async () => {
    const db = freshDb();
    // 4 times × 5 conversations, written in a shuffled order. By hand, the order the table shows: time 4000 first,
    // its keys from the greatest as strings (r9, r8, r7, r6, r5... for r5–r9), then 3000, 2000, 1000.
    const written = [7, 2, 19, 11, 0, 15, 4, 9, 13, 1, 18, 6, 10, 3, 16, 8, 12, 5, 17, 14];
    const timeOf = (i: number) => 1000 * (1 + Math.floor(i / 5));
    for (const i of written) await seen(db, `r${i}`, 'assumed', timeOf(i));
    const expected = [
      'r19', 'r18', 'r17', 'r16', 'r15', // 4000
      'r14', 'r13', 'r12', 'r11', 'r10', // 3000
      'r9', 'r8', 'r7', 'r6', 'r5', // 2000
      'r4', 'r3', 'r2', 'r1', 'r0', // 1000
    ].map((id) => `intercom:w:${id}`);
    const everyRow = () => true;
    expect((await newestConversations(db, everyRow, 50))!.map((c) => c.convKey)).toEqual(expected);
    // Pages of 3 (each ends inside a run of 5 equal times, so the next starts among that time's other keys).
    const paged: string[] = [];
    let after: ConversationRecord | null = null;
    for (;;) {
      const page: ConversationRecord[] = (await newestConversations(db, everyRow, 3, { after: after && cursorOf(after) }))!;
      if (page.length === 0) break;
      paged.push(...page.map((c) => c.convKey));
      after = page[page.length - 1];
      expect(paged.length).toBeLessThanOrEqual(expected.length);
    }
    expect(paged).toEqual(expected);
    // A filter that keeps few: still every kept row once, in order.
    const odd = (c: ConversationRecord) => Number(c.convKey.slice('intercom:w:r'.length)) % 2 === 1;
    const oddPaged: string[] = [];
    after = null;
    for (;;) {
      const page: ConversationRecord[] = (await newestConversations(db, odd, 2, { after: after && cursorOf(after) }))!;
      if (page.length === 0) break;
      oddPaged.push(...page.map((c) => c.convKey));
      after = page[page.length - 1];
      expect(oddPaged.length).toBeLessThanOrEqual(10);
    }
    expect(oddPaged).toEqual(expected.filter((k) => Number(k.slice('intercom:w:r'.length)) % 2 === 1));
  });
});

describe('a merge over a large index of conversations known from events', () => {
  it('looks the few conversations it touches up by key, and moves exactly the verdicts the full read says moved', async () => {
    const db = freshDb();
    await rebuildTallies(db);
    const base = Date.parse('2026-10-01T00:00:00Z');
    const a = await theirLog('Bo', Array.from({ length: 300 }, (_, i) => [`c${i}`, i % 2 ? 'genuine' : 'false', base + i * 60_000] as [string, Verdict, number]));
    await applyMerge(db, a);
    // 300 entries in the index against 10 keys: the lookup goes by key (entries > 4 × keys).
    const b = await theirLog('Cy', [
      ['c10', 'genuine', base + 10 * 60_000 + 1], // later than Bo's: moves
      ['c11', 'false', base + 11 * 60_000 - 1], // earlier than Bo's: stays
      ['c200', 'unsure', base + 400 * 60_000], // later: moves
      ['new1', 'false', base], // new conversations
      ['new2', 'genuine', base],
    ]);
    const before = new Map((await readConversations(db)).map((c) => [c.convKey, c.current?.id]));
    // Four of Bo's events again (already here), one of them c11's: Cy's earlier c11 must still not move it.
    const merged = await applyMerge(db, [...a.slice(0, 3), a[11], ...b]);
    const after = new Map((await readConversations(db)).map((c) => [c.convKey, c.current?.id]));
    const moved = [...after].filter(([k, id]) => before.get(k) !== id).map(([k]) => k).sort();
    expect(moved).toEqual(['intercom:w:c10', 'intercom:w:c200', 'intercom:w:new1', 'intercom:w:new2']);
    expect(merged.changedVerdicts.map((c) => c.convKey).sort()).toEqual(moved);
    expect(merged.alreadyPresent).toBe(4);
    for (const filter of [EMPTY_FILTER, { ...EMPTY_FILTER, reviewer: 'Cy' }]) {
      expect((await fromTallies(db, filter)).figures).toEqual((await countedOneByOne(db, filter)).figures);
    }
  });
});
