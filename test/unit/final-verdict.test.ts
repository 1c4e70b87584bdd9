// A lead's final verdict: an ordinary event whose note names the verdicts it settles. The disagreement is settled
// while that event is the conversation's latest and names every other reviewer's latest verdict. Expected values
// worked by hand in the tables.
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './databases';
import { finalVerdictNote, settledIds } from '../../utils/model/final-verdict';
import { isDisagreed, isSettled, readReviewerVerdicts, reviewerVerdictsOf } from '../../utils/analysis/reviewer-verdicts';
import { recordVerdict } from '../../utils/store/tagging';
import { updateSettings } from '../../utils/store/settings';
import type { Verdict } from '../../utils/model/verdict';

const newDb = freshDatabases('final-verdict');

describe('the note of a final verdict', () => {
  const settled = [
    { id: 'ana-1', reviewer: 'Ana', verdict: 'genuine' as const },
    { id: 'bo-2', reviewer: 'Bo', verdict: 'false' as const },
  ];

  it('names the settled ids, who said what, then the lead’s words; and reads back to the ids', () => {
    const note = finalVerdictNote(settled, '  Customer wrote again the next day  ');
    expect(note).toBe('Final verdict settling [ana-1, bo-2] (Ana: genuine; Bo: false) — Customer wrote again the next day');
    expect(settledIds(note)).toEqual(['ana-1', 'bo-2']);
  });

  it('without words of the lead (empty or blank), no dash', () => {
    expect(finalVerdictNote(settled, '')).toBe('Final verdict settling [ana-1, bo-2] (Ana: genuine; Bo: false)');
    expect(finalVerdictNote(settled, '   ')).toBe('Final verdict settling [ana-1, bo-2] (Ana: genuine; Bo: false)');
  });

  it('round-trips event ids as recordVerdict makes them (UUIDs), three of them', () => {
    const ids = ['0b6f3c52-6a3e-4f0e-9a43-5d1f7c1e2a90', '9d7e1a4b-2c3d-4e5f-8a9b-0c1d2e3f4a5b', 'ffffffff-0000-4000-8000-000000000000'];
    const note = finalVerdictNote(ids.map((id, i) => ({ id, reviewer: `R${i}`, verdict: 'unsure' as Verdict })), 'x');
    expect(settledIds(note)).toEqual(ids);
  });

  it.each([
    ['an empty note', ''],
    ['an ordinary note', 'Customer came back next day'],
    ['one that mentions it', 'Final verdict: genuine, see the thread'],
    ['the phrase not at the start', 'As agreed: Final verdict settling [ana-1, bo-2] (Ana: genuine; Bo: false)'],
    ['lower case', 'final verdict settling [ana-1, bo-2]'],
    ['one id only (a final settles two or more verdicts)', 'Final verdict settling [ana-1] (Ana: genuine)'],
    ['ids not separated by ", "', 'Final verdict settling [ana-1,bo-2]'],
    ['an id with characters event ids never have', 'Final verdict settling [ana_1, bo-2]'],
    ['no closing bracket', 'Final verdict settling [ana-1, bo-2'],
  ])('%s is not a final verdict: null', (_what, note) => {
    expect(settledIds(note)).toBeNull();
  });
});

describe('disagreement and its settling', () => {
  const T0 = Date.parse('2026-11-20T10:00:00Z');
  const ev = (reviewer: string, verdict: Verdict, minute: number, id: string, note = '') => ({
    id,
    convKey: 'intercom:w:1',
    reviewer,
    verdict,
    reason: verdict === 'false' ? ('wrong_answer' as const) : null,
    at: T0 + minute * 60e3,
    note,
  });
  const final = (minute: number, settles: Array<{ id: string; reviewer: string; verdict: Verdict }>) => ev('Lead', 'false', minute, `lead-${minute}`, finalVerdictNote(settles, ''));
  const ana1 = ev('Ana', 'genuine', 1, 'ana-1');
  const bo2 = ev('Bo', 'false', 2, 'bo-2');
  const ofConversation = (events: ReturnType<typeof ev>[]) => reviewerVerdictsOf(events).get('intercom:w:1')!;

  // case | events (reviewer verdict @minute)                              | latest overall | final names every other latest? | disagreed | settled
  // a    | Ana genuine @1, Bo false @2                                    | bo-2           | no final                         | yes       | no
  // b    | a + Lead final false @3 settling [ana-1, bo-2]                 | lead-3         | Ana's ana-1 ✓, Bo's bo-2 ✓        | no        | yes
  // c    | b + Ana genuine @4                                             | ana-4          | latest is not the final          | yes       | no
  // d1   | a + Lead final @3 naming only ana-1 (one id: not a final note) | lead-3         | settles = null                   | yes       | no
  // d2   | Bo false @0.5 (bo-0), a, Lead final @3 settling [ana-1, bo-0]  | lead-3         | Bo's latest is bo-2, not named   | yes       | no
  // e    | b + Bo false @4 (bo-4)                                         | bo-4           | latest is not the final          | yes       | no
  // f    | a + Ana's own final genuine @3 settling [ana-1, bo-2]          | ana-3          | Bo's bo-2 ✓ (Ana's latest is it) | no        | yes
  // g    | Ana genuine @1, Bo genuine @2 (agree, no final)                | bo-2           | no final                         | no        | no
  it.each([
    ['a', [ana1, bo2], true, false],
    ['b', [ana1, bo2, final(3, [ana1, bo2])], false, true],
    ['c', [ana1, bo2, final(3, [ana1, bo2]), ev('Ana', 'genuine', 4, 'ana-4')], true, false],
    ['d1', [ana1, bo2, final(3, [ana1])], true, false],
    ['d2', [ev('Bo', 'false', 0.5, 'bo-0'), ana1, bo2, final(3, [ana1, ev('Bo', 'false', 0.5, 'bo-0')])], true, false],
    ['e', [ana1, bo2, final(3, [ana1, bo2]), ev('Bo', 'false', 4, 'bo-4')], true, false],
    ['f', [ana1, bo2, ev('Ana', 'genuine', 3, 'ana-3', finalVerdictNote([ana1, bo2], ''))], false, true],
    ['g', [ana1, ev('Bo', 'genuine', 2, 'bo-2')], false, false],
  ] as const)('case %s: disagreed %s, settled %s', (_case, events, disagreed, settled) => {
    const verdicts = ofConversation([...events]);
    expect(isDisagreed(verdicts)).toBe(disagreed);
    expect(isSettled(verdicts)).toBe(settled);
  });

  it('the order events arrive in does not matter (a merged log is not in time order)', () => {
    // Case b reversed: still settled.
    const verdicts = ofConversation([final(3, [ana1, bo2]), bo2, ana1]);
    expect([isDisagreed(verdicts), isSettled(verdicts)]).toEqual([false, true]);
  });
});

describe('through the database', () => {
  // Ana tags genuine @1, Bo false @2 (disagreed), then Lead records false @3 with a final note settling both
  // (settled: the latest, naming Ana's and Bo's latest).
  it('two reviewers disagree, the lead’s final event settles it', async () => {
    const db = newDb();
    const T0 = Date.parse('2026-11-20T10:00:00Z');
    const key = { vendor: 'intercom' as const, workspace: 'w', conversationId: '1' };
    const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };
    const tagAs = async (reviewer: string, verdict: Verdict, minute: number, id: string, note = '') => {
      await updateSettings(db, { reviewerName: reviewer });
      return (await recordVerdict(db, { key, verdict, reason: verdict === 'false' ? 'wrong_answer' : null, note, claim, suggested: null }, { now: T0 + minute * 60e3, id })).event;
    };
    const ana = await tagAs('Ana', 'genuine', 1, 'ana-1');
    const bo = await tagAs('Bo', 'false', 2, 'bo-2');
    const before = (await readReviewerVerdicts(db)).get('intercom:w:1')!;
    expect(before.map((v) => [v.reviewer, v.verdict])).toEqual([['Ana', 'genuine'], ['Bo', 'false']]);
    expect(isDisagreed(before)).toBe(true);

    await tagAs('Lead', 'false', 3, 'lead-3', finalVerdictNote([ana, bo], 'came back next day'));
    const after = (await readReviewerVerdicts(db)).get('intercom:w:1')!;
    expect(after.map((v) => [v.reviewer, v.verdict, v.settles])).toEqual([
      ['Ana', 'genuine', null],
      ['Bo', 'false', null],
      ['Lead', 'false', ['ana-1', 'bo-2']],
    ]);
    expect(isDisagreed(after)).toBe(false);
    expect(isSettled(after)).toBe(true);
  });
});
