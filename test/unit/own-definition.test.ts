// The buyer's own definition beside the vendor's count: a hand-worked bill, per month in this machine's zone
// (run again under Asia/Tokyo and America/New_York: one line is billed on 31 October at 20:00 UTC, which is
// 1 November in Tokyo).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { countByOwnDefinition, judgeByOwnDefinition } from '../../utils/analysis/own-definition';
import { reconcile } from '../../utils/analysis/reconcile';
import { DEFAULT_CONTRACTS, type OwnDefinition } from '../../utils/model/contracts';
import type { BilledItem, ConversationRecord } from '../../utils/model/records';
import type { TranscriptMessage } from '../../utils/model/transcript';
import type { Verdict, VerdictEvent } from '../../utils/model/verdict';

const H = 3600e3;
const D = 24 * H;
const at = (iso: string) => Date.parse(iso);

function conversation(id: string, billedAt: number, after: Array<[TranscriptMessage['author'], string, number]>, extra: Partial<ConversationRecord> = {}, verdict?: Verdict): ConversationRecord {
  const answer = billedAt - H;
  const transcript: TranscriptMessage[] = [
    { author: 'customer', authorName: 'C', at: answer - H, text: 'How do I reset my password?' },
    { author: 'ai_agent', authorName: 'Fin', at: answer, text: 'Use the reset link on the sign-in page.' },
    ...after.map(([author, text, offset]) => ({ author, authorName: author, at: answer + offset, text })),
  ];
  return {
    convKey: `intercom:w:${id}`,
    vendor: 'intercom',
    workspace: 'w',
    conversationId: id,
    agentName: 'Fin',
    claim: { state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution', url: `https://app.intercom.com/${id}` },
    messageCounts: { customer: 1, ai_agent: 1, teammate: 0, note: 0 },
    billingNote: null,
    billing: null,
    firstSeenAt: billedAt,
    lastSeenAt: billedAt,
    suggestion: null,
    transcriptDigest: 'd',
    transcript,
    current: verdict ? ({ verdict, reason: verdict === 'false' ? 'wrong_answer' : null, reviewer: 'Ana', at: billedAt, id: `e-${id}` } as VerdictEvent) : null,
    ...extra,
  };
}

const line = (n: number, id: string, iso: string): BilledItem => ({ vendor: 'intercom', conversationId: id, billedAt: at(iso), units: 1, kind: 'assumed', customerId: null, line: n });

// The bill (unit price $0.99), rule set: no return within 14 days, no negative rating/complaint, genuine when
// reviewed (teammate rule off).
//
// line conv  billed (UTC)       what the conversation shows                       judged
// L1   c1    2026-10-15 12:00   "thanks!" after the answer                        meets
// L2   c2    2026-10-31 20:00   a new question 3 days after the answer            fails: returned
// L3   c3    2026-11-02 12:00   a new question 20 days after (outside 14 days)    meets
// L4   c4    2026-11-03 12:00   "This is useless" 10 minutes after                fails: returned, negative
// L5   c5    2026-11-04 12:00   "thanks" — reviewed false                          fails: not genuine
// L6   c6    2026-11-05 12:00   a teammate answered after the AI (rule off)       meets
// L7   c7    2026-11-06 12:00   no transcript kept                                not judged
// L8   u8    2026-11-07 12:00   never read in Recount                             not judged
// L9   c1    2026-11-08 12:00   c1 billed again                                   (already counted)
//
// Totals: vendor 9 lines = $8.91; meets c1 c3 c6 = 3 → $2.97; not judged c7 u8 = 2 → $1.98;
// difference = 8.91 − (3 + 2) × 0.99 = $3.96. Failing: returned 2 (c2, c4), negative 1 (c4), not genuine 1 (c5).
// By month — UTC and New York: Oct = L1 L2: vendor 2 ($1.98), meets 1 ($0.99), not judged 0, difference $0.99;
//                             Nov = L3–L9: vendor 7 ($6.93), meets 2 ($1.98), not judged 2 ($1.98), difference $2.97.
//          — Tokyo (L2 is 1 Nov 05:00): Oct = L1: vendor 1 ($0.99), meets 1, difference $0;
//                             Nov = L2–L9: vendor 8 ($7.92), meets 2, not judged 2, difference $3.96.
const definition: OwnDefinition = { returnDays: 14, noNegative: true, noTeammateAfterAI: false, genuineWhenReviewed: true };
const conversations = [
  conversation('c1', at('2026-10-15T12:00:00Z'), [['customer', 'thanks!', 5 * 60e3]]),
  conversation('c2', at('2026-10-31T20:00:00Z'), [['customer', 'Also, how do I change my billing address?', 3 * D]]),
  conversation('c3', at('2026-11-02T12:00:00Z'), [['customer', 'Another question: where are my invoices?', 20 * D]]),
  conversation('c4', at('2026-11-03T12:00:00Z'), [['customer', 'This is useless', 10 * 60e3]]),
  conversation('c5', at('2026-11-04T12:00:00Z'), [['customer', 'thanks', 60e3]], {}, 'false'),
  conversation('c6', at('2026-11-05T12:00:00Z'), [['teammate', 'Let me check that for you.', 30 * 60e3]]),
  conversation('c7', at('2026-11-06T12:00:00Z'), [], { transcript: null }),
];
const items = [
  line(1, 'c1', '2026-10-15T12:00:00Z'),
  line(2, 'c2', '2026-10-31T20:00:00Z'),
  line(3, 'c3', '2026-11-02T12:00:00Z'),
  line(4, 'c4', '2026-11-03T12:00:00Z'),
  line(5, 'c5', '2026-11-04T12:00:00Z'),
  line(6, 'c6', '2026-11-05T12:00:00Z'),
  line(7, 'c7', '2026-11-06T12:00:00Z'),
  line(8, 'u8', '2026-11-07T12:00:00Z'),
  line(9, 'c1', '2026-11-08T12:00:00Z'),
];
const PRICE = 0.99;
const matched = () => reconcile(items, conversations, { ...DEFAULT_CONTRACTS.intercom, unitPrice: PRICE }, { vendor: 'intercom', workspace: 'w' }).items;

describe('your definition beside the vendor’s count (hand-worked bill)', () => {
  it('judges each conversation as the table says', () => {
    const byId = new Map(conversations.map((c) => [c.conversationId, c]));
    const judged = (id: string) => judgeByOwnDefinition(byId.get(id) ?? null, definition);
    expect(judged('c1')).toEqual({ meets: true });
    expect(judged('c2')).toEqual({ meets: false, failed: ['returned'] });
    expect(judged('c3')).toEqual({ meets: true });
    expect(judged('c4')).toEqual({ meets: false, failed: ['returned', 'negative'] });
    expect(judged('c5')).toEqual({ meets: false, failed: ['not_genuine'] });
    expect(judged('c6')).toEqual({ meets: true });
    expect(judged('c7')).toEqual({ meets: null, why: 'no transcript kept' });
    expect(judged('u8')).toEqual({ meets: null, why: 'never read' });
    // The teammate rule on: c6 fails it.
    expect(judgeByOwnDefinition(byId.get('c6')!, { ...definition, noTeammateAfterAI: true })).toEqual({ meets: false, failed: ['teammate'] });
    // Only "genuine when reviewed" on: a conversation without a transcript is judged by its verdict alone.
    expect(judgeByOwnDefinition(byId.get('c7')!, { returnDays: null, noNegative: false, noTeammateAfterAI: false, genuineWhenReviewed: true })).toEqual({ meets: true });
  });

  it('totals: vendor 9 lines $8.91, yours 3 ($2.97), 2 not judged ($1.98), difference $3.96', () => {
    const { total, failing } = countByOwnDefinition(matched(), definition, PRICE);
    expect(total).toEqual({
      period: 'total',
      vendor: { count: 9, units: 9, money: 8.91 },
      meets: { count: 3, money: 2.97 },
      unjudged: { count: 2, money: 1.98 },
      difference: 3.96,
    });
    expect(failing).toEqual({ returned: 2, negative: 1, teammate: 0, not_genuine: 1 });
  });

  const tokyo = process.env.TZ === 'Asia/Tokyo';
  it(`by month in this zone (${process.env.TZ ?? 'UTC'})`, () => {
    const { periods } = countByOwnDefinition(matched(), definition, PRICE);
    expect(periods).toEqual(
      tokyo
        ? [
            { period: '2026-10', vendor: { count: 1, units: 1, money: 0.99 }, meets: { count: 1, money: 0.99 }, unjudged: { count: 0, money: 0 }, difference: 0 },
            { period: '2026-11', vendor: { count: 8, units: 8, money: 7.92 }, meets: { count: 2, money: 1.98 }, unjudged: { count: 2, money: 1.98 }, difference: 3.96 },
          ]
        : [
            { period: '2026-10', vendor: { count: 2, units: 2, money: 1.98 }, meets: { count: 1, money: 0.99 }, unjudged: { count: 0, money: 0 }, difference: 0.99 },
            { period: '2026-11', vendor: { count: 7, units: 7, money: 6.93 }, meets: { count: 2, money: 1.98 }, unjudged: { count: 2, money: 1.98 }, difference: 2.97 },
          ],
    );
  });

  it('with every rule off, every read conversation meets it: the difference is only the repeated line', () => {
    const { total } = countByOwnDefinition(matched(), { returnDays: null, noNegative: false, noTeammateAfterAI: false, genuineWhenReviewed: false }, PRICE);
    // 7 read conversations meet, u8 not judged; 9 lines − 8 = the repeated c1 line: $0.99.
    expect(total).toMatchObject({ meets: { count: 7 }, unjudged: { count: 1 }, difference: 0.99 });
  });

  it('tools/own-definition.mjs, written apart from this code, judges the bundle’s conversations as the table says', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recount-own-'));
    writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ format: 'recount-conversations', version: 1, createdAt: 0, conversations }, null, 2));
    const tool = resolve(import.meta.dirname, '..', '..', 'tools', 'own-definition.mjs');
    const out = execFileSync(process.execPath, [tool, '--return-days', '14', '--no-negative', '--genuine-when-reviewed', join(dir, 'conversations.json')], { encoding: 'utf8' });
    expect(out.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      '  intercom:c1: meets',
      '  intercom:c2: fails: returned',
      '  intercom:c3: meets',
      '  intercom:c4: fails: returned, negative',
      '  intercom:c5: fails: not genuine',
      '  intercom:c6: meets',
      '  intercom:c7: not judged (no transcript kept)',
    ]);
    expect(out).toContain('meets 3, fails 3, not judged 1 of 7 conversation(s)');
    expect(out).toContain('failing by rule: returned 2, negative 1, not genuine 1');
    // The teammate rule on: c6 fails it too.
    expect(execFileSync(process.execPath, [tool, '--no-teammate', join(dir, 'conversations.json')], { encoding: 'utf8' })).toContain('  intercom:c6: fails: teammate');
  });
});
