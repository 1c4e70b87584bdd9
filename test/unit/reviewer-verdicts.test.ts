// Two reviewers on one conversation: never hidden by "latest wins". Expected values worked by hand in the tables.
import { describe, expect, it } from 'vitest';
import { RecountDB } from '../../utils/store/db';
import { groupForCharts } from '../../utils/analysis/filters';
import { isDisagreed, readReviewerVerdicts, reviewerVerdictsOf } from '../../utils/analysis/reviewer-verdicts';
import type { ConversationRecord } from '../../utils/model/records';
import type { Verdict } from '../../utils/model/verdict';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const ev = (convKey: string, reviewer: string, verdict: Verdict, minute: number, id = `${convKey}-${reviewer}-${minute}`) => ({
  id,
  convKey,
  reviewer,
  verdict,
  reason: verdict === 'false' ? ('wrong_answer' as const) : null,
  at: T0 + minute * 60e3,
  note: '',
});

describe('each reviewer’s own latest verdict', () => {
  // conversation | events (reviewer verdict @minute)                 | kept?                       | disagreed?
  // a            | Ana genuine @1, Bo false @2                       | Ana genuine, Bo false       | yes
  // b            | Ana false @1, Ana genuine @3, Bo genuine @2       | Ana genuine (her latest), Bo genuine | no
  // c            | Ana genuine @1, Ana false @2                      | one reviewer: not kept      | —
  // d            | Ana unsure @1, Bo genuine @2                      | Ana unsure, Bo genuine      | yes
  const events = [ev('a', 'Ana', 'genuine', 1), ev('a', 'Bo', 'false', 2), ev('b', 'Ana', 'false', 1), ev('b', 'Ana', 'genuine', 3), ev('b', 'Bo', 'genuine', 2), ev('c', 'Ana', 'genuine', 1), ev('c', 'Ana', 'false', 2), ev('d', 'Ana', 'unsure', 1), ev('d', 'Bo', 'genuine', 2)];
  const several = reviewerVerdictsOf(events);

  it('keeps conversations with two or more reviewers, each reviewer’s latest', () => {
    expect([...several.keys()].sort()).toEqual(['a', 'b', 'd']);
    expect(several.get('b')!.map((v) => [v.reviewer, v.verdict])).toEqual([['Ana', 'genuine'], ['Bo', 'genuine']]);
  });
  it('disagreed where their verdicts differ', () => {
    expect(['a', 'b', 'd'].map((k) => isDisagreed(several.get(k)!))).toEqual([true, false, true]);
  });
  it('reads them from the database: only conversations with two or more events are read', async () => {
    const db = new RecountDB(`reviewers-${Math.random()}`);
    await db.events.bulkAdd(events.map((e) => ({ ...e, vendor: 'intercom', workspace: 'w', conversationId: e.convKey })) as never);
    const fromDb = await readReviewerVerdicts(db);
    expect([...fromDb.keys()].sort()).toEqual(['a', 'b', 'd']);
    expect(fromDb.get('a')!.map((v) => [v.reviewer, v.verdict])).toEqual([['Ana', 'genuine'], ['Bo', 'false']]);
    db.close();
  });

  it('reads a log where thousands of conversations have several reviewers page by page, with the same result', async () => {
    // 3,000 conversations (more than are read by key) tagged by Ana then Bo, every third one Bo disagreeing; 1,000
    // more tagged by Ana alone. Counted by hand: 3,000 kept, 1,000 of them disagreed.
    const many = [];
    for (let i = 0; i < 3000; i++) {
      many.push(ev(`m${i}`, 'Ana', 'genuine', 1, `m${i}-ana`));
      many.push(ev(`m${i}`, 'Bo', i % 3 === 0 ? 'false' : 'genuine', 2, `m${i}-bo`));
    }
    for (let i = 0; i < 1000; i++) many.push(ev(`s${i}`, 'Ana', 'genuine', 1, `s${i}-ana`));
    // An earlier tag by Ana on m0 (her latest stays @1): one event more moves the read's first page (5,000 events
    // in key order) to end inside a conversation, whose events must then be read whole.
    many.push(ev('m0', 'Ana', 'false', 0, 'm0-ana-first'));
    const db = new RecountDB(`reviewers-${Math.random()}`);
    await db.events.bulkAdd(many.map((e) => ({ ...e, vendor: 'intercom', workspace: 'w', conversationId: e.convKey })) as never);
    const fromDb = await readReviewerVerdicts(db);
    expect(fromDb.size).toBe(3000);
    expect([...fromDb.values()].filter(isDisagreed).length).toBe(1000);
    expect(fromDb.get('m3')!.map((v) => [v.reviewer, v.verdict, v.id])).toEqual([['Ana', 'genuine', 'm3-ana'], ['Bo', 'false', 'm3-bo']]);
    db.close();
  });
});

describe('"by reviewer" counts each reviewer’s own verdicts; the other charts count a conversation once', () => {
  // Conversation a: current = Bo false (latest); Ana said genuine. Conversation e: only Ana, false.
  // By reviewer: Ana 2 tagged (a genuine, e false) → 1 false of 2 decided; Bo 1 tagged (a false) → 1 of 1.
  // Per claim (once each, latest): 2 tagged, 2 false.
  const conv = (convKey: string, reviewer: string, verdict: Verdict): ConversationRecord =>
    ({ convKey, claim: { resolution: 'assumed' }, current: { reviewer, verdict, reason: verdict === 'false' ? 'wrong_answer' : null, at: T0 } }) as unknown as ConversationRecord;
  it('two conversations, one with two reviewers', () => {
    const charts = groupForCharts([conv('a', 'Bo', 'false'), conv('e', 'Ana', 'false')], reviewerVerdictsOf([ev('a', 'Ana', 'genuine', 1), ev('a', 'Bo', 'false', 2)]));
    expect(charts.byReviewer).toEqual([
      { label: 'Ana', total: 2, false: 1, decided: 2 },
      { label: 'Bo', total: 1, false: 1, decided: 1 },
    ]);
    expect(charts.byClaim).toEqual([{ label: 'assumed', total: 2, false: 2, decided: 2 }]);
  });
});
