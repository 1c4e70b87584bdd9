// The notes' index, moved by every write: a search of it checked against a hand-worked table, and against the
// dashboard's other path (every conversation read and matched one by one with the filter's own predicate) after
// random reads, tags, note changes, merges, folds, compactions and a deletion. Runs under each test time zone.
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './databases';
import { recordConversationSeen, recordVerdict, allEvents } from '../../utils/store/tagging';
import { updateSettings } from '../../utils/store/settings';
import { applyMerge } from '../../utils/store/merge';
import { deleteWhere } from '../../utils/store/deletion';
import { countsAreBuilt, foldTallyDeltas, readTallies, rebuildTallies } from '../../utils/store/tallies';
import { compactNotesIfGrown, noteLogSize, readNoteIndex, NOTE_BASE, NOTE_LOG } from '../../utils/store/notes';
import { readConversations } from '../../utils/store/event-only';
import { matchesAfter, searchNotes } from '../../utils/analysis/note-search';
import { viewFromTallies } from '../../utils/analysis/tally-view';
import { createViewBuilder } from '../../utils/analysis/view';
import { EMPTY_FILTER, matchesConversation, type Filter } from '../../utils/analysis/filters';
import { isRelevant } from '../../utils/model/tally';
import { VENDORS, type ResolutionKind, type Vendor, type Verdict, type VerdictEvent } from '../../utils/model/verdict';
import type { RecountDB, TallyRow } from '../../utils/store/db';

const freshDb = freshDatabases('notes');
const PRICES = Object.fromEntries(VENDORS.map((v) => [v, v === 'salesforce' ? 2 : 0.99])) as Record<Vendor, number>;
const claimOf = (resolution: ResolutionKind) => ({ state: 'closed' as const, resolution, resolutionLabel: resolution, url: 'https://example.test/x' });
const key = (conversationId: string, vendor: Vendor = 'intercom', workspace = 'w') => ({ vendor, workspace, conversationId });

async function seen(db: RecountDB, id: string, resolution: ResolutionKind, at: number, vendor: Vendor = 'intercom', workspace = 'w') {
  await recordConversationSeen(db, { key: key(id, vendor, workspace), claim: claimOf(resolution), agentName: 'Fin', messages: [], billingNote: null }, null, at);
}
async function tag(db: RecountDB, id: string, verdict: Verdict, at: number, note: string, vendor: Vendor = 'intercom', workspace = 'w') {
  await recordVerdict(db, { key: key(id, vendor, workspace), verdict, reason: verdict === 'false' ? 'other' : null, note, claim: claimOf('assumed'), suggested: null }, { now: at, id: crypto.randomUUID() });
}
async function theirLog(reviewer: string, tags: Array<[string, Verdict, number, string]>): Promise<VerdictEvent[]> {
  const db = freshDb();
  await updateSettings(db, { reviewerName: reviewer });
  for (const [id, verdict, at, note] of tags) await tag(db, id, verdict, at, note);
  return allEvents(db);
}

async function search(db: RecountDB, filter: Filter) {
  const index = await readNoteIndex(db, countsAreBuilt);
  if (!index) throw new Error('index not built');
  return searchNotes(index, filter);
}

/** The other path: every conversation read, matched by the filter's own predicate (text included), counted one by one. */
async function oneByOne(db: RecountDB, filter: Filter) {
  const conversations = (await readConversations(db)).filter((c) => isRelevant(c));
  const builder = createViewBuilder(filter, PRICES, new Map());
  for (const c of conversations) builder.add(c);
  const { figures, charts } = builder.finish();
  const inFilter = conversations.filter((c) => matchesConversation(c, filter)).sort((a, b) => b.lastSeenAt - a.lastSeenAt || (a.convKey < b.convKey ? 1 : -1));
  return { figures, charts, keys: inFilter.map((c) => c.convKey) };
}

const T1 = Date.parse('2026-10-01T12:00:00Z');
const T2 = Date.parse('2026-10-02T02:00:00Z');
const T3 = Date.parse('2026-10-02T03:00:00Z');

describe('the notes’ index', () => {
  it('answers a hand-worked table, and follows a note changed, cleared and merged', async () => {
    const db = freshDb();
    await updateSettings(db, { reviewerName: 'Ana' });
    await seen(db, 'A', 'assumed', T1);
    await tag(db, 'A', 'false', T2, 'Refund NOT fixed, customer came back');
    await tag(db, 'B', 'genuine', T1, 'Fixed on first reply');
    await tag(db, 'C', 'unsure', T1, '');
    await applyMerge(db, await theirLog('Bo', [['D', 'false', T1, 'not fixed either']]));
    // By hand:            A (false, Ana)   B (genuine, Ana)   C (unsure, no note)   D (false, Bo, events only)
    //   "fix"               yes              yes                no                    yes        → 3: 1 genuine, 2 false
    //   "not fixed"         yes              no                 no                    yes        → 2 false
    //   "came back"         yes              no                 no                    no         → 1 false
    //   "first", Bo only    —                —                  —                     no         → 0
    const figures = async (filter: Filter) => viewFromTallies((await search(db, filter)).days, { ...filter, text: '' }, PRICES).figures;
    expect(await figures({ ...EMPTY_FILTER, text: 'fix' })).toMatchObject({ tagged: 3, genuine: 1, false: 2, unsure: 0 });
    expect(await figures({ ...EMPTY_FILTER, text: 'NOT FIXED' })).toMatchObject({ tagged: 2, genuine: 0, false: 2 });
    expect(await figures({ ...EMPTY_FILTER, text: 'came back' })).toMatchObject({ tagged: 1, false: 1 });
    expect(await figures({ ...EMPTY_FILTER, text: 'first', reviewer: 'Bo' })).toMatchObject({ tagged: 0 });
    expect((await search(db, { ...EMPTY_FILTER, text: 'fix' })).searched).toBe(3); // A, B, D have notes
    // The table's conversations for "fix" by Ana, newest seen first: A was last seen at T1 (a tag does not move
    // that), B was first met by its tag at T1: equal times, the greater key first — B, then A.
    const ana = await search(db, { ...EMPTY_FILTER, text: 'fix', reviewer: 'Ana' });
    expect(matchesAfter(ana, null, 10).map((m) => m.convKey)).toEqual(['intercom:w:B', 'intercom:w:A']);
    expect(matchesAfter(ana, null, 1).map((m) => m.convKey)).toEqual(['intercom:w:B']);
    // A's note is cleared, B's rewritten, D's replaced by a later merged verdict with another note.
    await tag(db, 'A', 'false', T3, '');
    await tag(db, 'B', 'genuine', T3, 'customer thanked us');
    await applyMerge(db, await theirLog('Bo', [['D', 'genuine', T3, 'ok now']]));
    //   "fix" → none; "customer" → B; "ok now" → D (genuine)
    expect(await figures({ ...EMPTY_FILTER, text: 'fix' })).toMatchObject({ tagged: 0 });
    expect(await figures({ ...EMPTY_FILTER, text: 'customer' })).toMatchObject({ tagged: 1, genuine: 1 });
    expect(await figures({ ...EMPTY_FILTER, text: 'ok now' })).toMatchObject({ tagged: 1, genuine: 1 });
    expect((await search(db, { ...EMPTY_FILTER, text: 'o' })).searched).toBe(2);
  });

  it('a merge replacing the latest event of conversations known only from events moves counts and notes without reading it', async () => {
    // Hand-worked. First merge (Bo), conversations known only from these events:
    //   P false "not fixed" T1 · Q genuine "fixed" T1 · R unsure (no note) T1
    // Second merge (Cy), later verdicts on each: P genuine, no note · Q false "still broken" · R genuine "thanks"
    //   "fix" → none; "broken" → Q (false); "thanks" → R (genuine); the figures: 3 tagged, 2 genuine, 1 false.
    const db = freshDb();
    await rebuildTallies(db);
    await applyMerge(db, await theirLog('Bo', [['P', 'false', T1, 'Not fixed'], ['Q', 'genuine', T1, 'Fixed'], ['R', 'unsure', T1, '']]));
    const second = await theirLog('Cy', [['P', 'genuine', T2, ''], ['Q', 'false', T2, 'Still broken'], ['R', 'genuine', T2, 'Thanks']]);
    const reads: string[][] = [];
    const bulkGet = db.events.bulkGet.bind(db.events);
    db.events.bulkGet = ((keys: string[]) => (reads.push([...keys]), bulkGet(keys))) as typeof db.events.bulkGet;
    await applyMerge(db, second);
    // The first merge's events were never read back: what they counted for came from the index.
    const firstIds = new Set((await db.events.toArray()).filter((e) => e.reviewer === 'Bo').map((e) => e.id));
    expect(firstIds.size).toBe(3);
    expect(reads.flat().filter((id) => firstIds.has(id))).toEqual([]);
    for (const text of ['fix', 'broken', 'thanks']) {
      const filter = { ...EMPTY_FILTER, text };
      expect(matchesAfter(await search(db, filter), null, 10).map((m) => m.convKey)).toEqual((await oneByOne(db, filter)).keys);
    }
    expect(matchesAfter(await search(db, { ...EMPTY_FILTER, text: 'fix' }), null, 10)).toEqual([]);
    expect(matchesAfter(await search(db, { ...EMPTY_FILTER, text: 'broken' }), null, 10).map((m) => m.convKey)).toEqual(['intercom:w:Q']);
    expect(matchesAfter(await search(db, { ...EMPTY_FILTER, text: 'thanks' }), null, 10).map((m) => m.convKey)).toEqual(['intercom:w:R']);
    const days = (await readTallies(db))!;
    expect(viewFromTallies(days, EMPTY_FILTER, PRICES).figures).toMatchObject({ tagged: 3, genuine: 2, false: 1 });
    expect(viewFromTallies(days, EMPTY_FILTER, PRICES).figures).toEqual((await oneByOne(db, EMPTY_FILTER)).figures);
  });

  it('an index written before it kept what each event counts for: the replaced events are read, and the result is the same', async () => {
    const db = freshDb();
    await rebuildTallies(db);
    await applyMerge(db, await theirLog('Bo', [['P', 'false', T1, 'Not fixed'], ['Q', 'genuine', T1, 'Fixed']]));
    // As an earlier version wrote its chunks: keys, times and ids only.
    for (const row of await db.eventOnly.toArray()) {
      if (!('convKeys' in row)) continue;
      const { tallies, tallyKeys, units, noted, ...old } = row;
      void [tallies, tallyKeys, units, noted];
      await db.eventOnly.put(old);
    }
    await applyMerge(db, await theirLog('Cy', [['P', 'genuine', T2, ''], ['Q', 'false', T2, 'Still broken']]));
    expect(matchesAfter(await search(db, { ...EMPTY_FILTER, text: 'fix' }), null, 10)).toEqual([]);
    expect(matchesAfter(await search(db, { ...EMPTY_FILTER, text: 'broken' }), null, 10).map((m) => m.convKey)).toEqual(['intercom:w:Q']);
    expect(viewFromTallies((await readTallies(db))!, EMPTY_FILTER, PRICES).figures).toEqual((await oneByOne(db, EMPTY_FILTER)).figures);
  });

  it('equals the one-by-one match after random reads, tags, merges, folds, compactions and a deletion', async () => {
    const db = freshDb();
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const ids = Array.from({ length: 40 }, (_, i) => String(i));
    const day0 = Date.parse('2026-09-28T00:00:00Z');
    const when = () => day0 + Math.floor(random() * 6 * 24) * 3_600_000 + Math.floor(random() * 60) * 60_000;
    const NOTES = ['', '', 'Not fixed', 'fixed by hand', 'Customer came back', 'refund NOT FIXED again', 'ok'];
    const texts = ['fix', 'not fixed', 'customer', 'ok', 'zzz', 'o'];
    const filters: Filter[] = texts.flatMap((text) => [
      { ...EMPTY_FILTER, text },
      { ...EMPTY_FILTER, text, verdict: 'false' as const },
      { ...EMPTY_FILTER, text, reviewer: 'Bo' },
      { ...EMPTY_FILTER, text, vendor: 'zendesk' as const, from: '2026-09-30', to: '2026-10-01' },
    ]);
    let matchedSomething = 0;
    const check = async () => {
      for (const filter of filters) {
        const found = await search(db, filter);
        const other = await oneByOne(db, filter);
        const view = viewFromTallies(found.days, { ...filter, text: '' }, PRICES);
        expect(view.figures, JSON.stringify(filter)).toEqual(other.figures);
        expect(view.charts.perDay, JSON.stringify(filter)).toEqual(other.charts.perDay);
        expect(view.charts.byReason).toEqual(other.charts.byReason);
        // Pages of 3 after the cursor, concatenated: the whole filter in the table's order.
        const paged: string[] = [];
        for (let page = matchesAfter(found, null, 3); page.length > 0; page = matchesAfter(found, page[page.length - 1], 3)) paged.push(...page.map((m) => m.convKey));
        expect(paged, JSON.stringify(filter)).toEqual(other.keys);
        matchedSomething += other.keys.length > 0 ? 1 : 0;
      }
    };
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 25; i++) {
        const id = pick(ids);
        const vendor = pick(['intercom', 'zendesk'] as const);
        if (random() < 0.3) await seen(db, id, pick(['assumed', 'confirmed'] as ResolutionKind[]), when(), vendor);
        else await tag(db, id, pick(['genuine', 'false', 'unsure'] as const), when(), pick(NOTES), vendor);
      }
      await applyMerge(db, await theirLog(pick(['Bo', 'Cy']), Array.from({ length: 12 }, () => [pick(ids), pick(['genuine', 'false'] as const), when(), pick(NOTES)] as [string, Verdict, number, string])));
      await check();
      if (round % 2 === 1) {
        await foldTallyDeltas(db);
        expect(await db.tallies.where(':id').startsWith('delta:').count()).toBe(0);
        await check();
        const unsettled = (await readNoteIndex(db, countsAreBuilt))!.unsettled;
        expect(unsettled).toBeGreaterThan(0);
        // The log's size from its keys alone: every unsettled entry is in a log row (the deltas were folded above).
        expect(await noteLogSize(db)).toBe(unsettled);
        expect(await db.transaction('rw', db.tallies, () => compactNotesIfGrown(db, true))).toBe(true);
        expect((await readNoteIndex(db, countsAreBuilt))!.unsettled).toBe(0);
        expect(await noteLogSize(db)).toBe(0);
        expect(await db.tallies.where(':id').startsWith(NOTE_LOG).count()).toBe(0);
        expect(await db.tallies.where(':id').startsWith(NOTE_BASE).count()).toBeGreaterThan(0);
        await check();
      }
    }
    await deleteWhere(db, (e) => e.conversationId < '15', (c) => c.conversationId < '15');
    await check();
    await rebuildTallies(db);
    await check();
    expect(matchedSomething).toBeGreaterThan(filters.length); // the texts do match, round after round
  });

  it('is rebuilt with the day counts on a database whose counts came before it', async () => {
    const db = freshDb();
    await tag(db, 'A', 'false', T1, 'Not fixed');
    // A meta row from before the index (no notes flag): not built, so the dashboard has both rebuilt.
    await db.tallies.put({ key: 'meta', zone: Intl.DateTimeFormat().resolvedOptions().timeZone } as TallyRow);
    expect(await readNoteIndex(db, countsAreBuilt)).toBeNull();
    await rebuildTallies(db);
    expect(matchesAfter(await search(db, { ...EMPTY_FILTER, text: 'fixed' }), null, 100).map((m) => m.convKey)).toEqual(['intercom:w:A']);
  });

  it('reads only the rows it has not read before', async () => {
    const db = freshDb();
    await tag(db, 'A', 'false', T1, 'first note');
    const first = await readNoteIndex(db, countsAreBuilt);
    await tag(db, 'B', 'false', T1, 'second note');
    const second = await readNoteIndex(db, countsAreBuilt, first);
    expect(second!.noted).toBe(2);
    // The row of A's tag is the very array read the first time.
    const shared = [...first!.rows.entries()].filter(([k, v]) => second!.rows.get(k) === v && v.convKeys.length > 0);
    expect(shared.map(([, v]) => v.convKeys)).toEqual([['intercom:w:A']]);
  });
});
