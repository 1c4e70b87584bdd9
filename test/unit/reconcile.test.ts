// Reconciliation on crafted months. Every expected value is worked by hand in the table beside it.
import { describe, expect, it } from 'vitest';
import type { BilledItem } from '../../utils/model/records';
import type { ConversationRecord } from '../../utils/model/records';
import { isAcknowledgement, reconcile } from '../../utils/analysis/reconcile';
import { DEFAULT_CONTRACTS } from '../../utils/model/contracts';
import type { FalseReason, ResolutionKind, Verdict } from '../../utils/model/verdict';
import type { TranscriptMessage } from '../../utils/model/transcript';

const S = 1000;
const DAY = 24 * 3600e3;
const T0 = Date.parse('2026-11-01T10:00:00Z');
const customer = (at: number, text = 'help'): TranscriptMessage => ({ author: 'customer', authorName: '', at: T0 + at, text });
const fin = (at: number, text = 'answer'): TranscriptMessage => ({ author: 'ai_agent', authorName: 'Fin', at: T0 + at, text });
function conv(id: string, resolution: ResolutionKind, verdict: Verdict | null, reason: FalseReason | null = null, transcript: TranscriptMessage[] = [customer(0), fin(S)], vendor: 'intercom' | 'zendesk' | 'salesforce' = 'intercom'): ConversationRecord {
  const claim = { state: 'closed' as const, resolution, resolutionLabel: resolution, url: `https://app.intercom.com/a/inbox/w/inbox/conversation/${id}` };
  const workspace = 'w';
  return {
    convKey: `${vendor}:${workspace}:${id}`, vendor, workspace, conversationId: id, agentName: 'Fin', claim,
    messageCounts: { customer: 1, ai_agent: 1, teammate: 0, note: 0 }, billingNote: null, billing: null, firstSeenAt: transcript[0]?.at ?? T0, lastSeenAt: T0, suggestion: null, transcriptDigest: 'd',
    transcript,
    current: verdict ? { id: `e${id}`, convKey: `${vendor}:${workspace}:${id}`, vendor, workspace, conversationId: id, verdict, reason, note: verdict === 'unsure' ? 'ask Ana' : '', reviewer: 'Bo', at: T0, claim, suggested: null, chain: 'c', seq: 1, prevHash: '', hash: '' } : null,
  };
}
const item = (id: string, line: number, at: number | null = T0, vendor: BilledItem['vendor'] = 'intercom', customerId: string | null = null): BilledItem => ({ vendor, conversationId: id, billedAt: at, units: 1, kind: 'assumed', customerId, line });

describe('an Intercom month', () => {
  // id | what the transcript and tag say                                   | line(s)  | category
  //  1 | answered, tagged genuine                                         | 2, 8     | genuine; 8 billed twice (same conversation as 2)
  //  2 | tagged false, wrong answer                                       | 3        | false: "Incorrect or unhelpful answer" (words, not the code)
  //  3 | page showed "escalated"                                          | 4        | not billable
  //  4 | customer back 2 days after Fin's last answer, "it did not work"  | 5        | deducted (Intercom: no time limit)
  //  5 | tagged unsure, note "ask Ana"                                    | 6        | unsure
  //  8 | never opened                                                     | 7        | untagged, never opened
  //  7 | tagged genuine, customer back 30 days after Fin's last answer    | 9        | deducted, and the genuine tag shown (conflict)
  //  9 | a follow-up 40 s in, *before* Fin's last answer                  | 10       | untagged, read (no return: the billed start time is no cut-off)
  // 10 | customer says "thanks!" after Fin's answer                       | 11       | untagged, read (a thanks is the outcome, not a return)
  //  6 | tagged genuine, started in the bill's period, not billed         | —        | tagged billable, missing from the bill
  // 11 | tagged genuine, started 60 days before the bill's period         | —        | not listed as missing
  const conversations = [
    conv('1', 'assumed', 'genuine'),
    conv('2', 'assumed', 'false', 'wrong_answer'),
    conv('3', 'escalated', null),
    conv('4', 'assumed', null, null, [customer(0), fin(S), customer(2 * DAY, 'it did not work')]),
    conv('5', 'assumed', 'unsure'),
    conv('6', 'confirmed', 'genuine'),
    conv('7', 'assumed', 'genuine', null, [customer(0), fin(S), customer(30 * DAY, 'it did not work')]),
    conv('9', 'assumed', null, null, [customer(0), fin(10 * S), customer(40 * S, 'and how do I export?'), fin(50 * S)]),
    conv('10', 'confirmed', null, null, [customer(0), fin(S), customer(20 * S, 'thanks!')]),
    conv('11', 'assumed', 'genuine', null, [customer(-60 * DAY), fin(-60 * DAY + S)]),
  ];
  const billed = [item('1', 2), item('2', 3), item('3', 4), item('4', 5), item('5', 6), item('8', 7), item('1', 8), item('7', 9), item('9', 10), item('10', 11)];
  const result = reconcile(billed, conversations, DEFAULT_CONTRACTS.intercom, { vendor: 'intercom', workspace: 'w' });

  it('puts every billed line in exactly one category, with its reason in words', () => {
    expect(result.items.map((r) => [r.item.line, r.category, r.detail, r.conflict])).toEqual([
      [2, 'billed_genuine', '', false],
      [3, 'billed_false', 'Incorrect or unhelpful answer', false],
      [4, 'billed_not_billable', 'the page showed "escalated"', false],
      [5, 'deducted_after_return', "the customer came back on 2026-11-03 10:00 UTC after the AI agent's last answer (Intercom deducts a return to the same conversation, with no time limit)", false],
      [6, 'billed_unsure', 'ask Ana', false],
      [7, 'billed_untagged', 'never opened in Recount', false],
      [8, 'billed_twice', 'same conversation as line 2', false],
      [9, 'deducted_after_return', "the customer came back on 2026-12-01 10:00 UTC after the AI agent's last answer (Intercom deducts a return to the same conversation, with no time limit); the reviewer Bo tagged it genuine", true],
      [10, 'billed_untagged', 'read, not tagged', false],
      [11, 'billed_untagged', 'read, not tagged', false],
    ]);
  });

  it('totals: 10 lines at $0.99 = $9.90; disputed lines 3, 4, 5, 8, 9 = $4.95', () => {
    expect(result.billed).toEqual({ items: 10, units: 10, money: 9.9 });
    expect(result.disputed).toEqual({ items: 5, units: 5, money: 4.95 });
    expect(result.totals.deducted_after_return).toEqual({ items: 2, units: 2, money: 1.98 });
  });

  it('lists what was tagged billable in the bill’s period but is not on it (not a tag from two months before)', () => {
    expect(result.period).toEqual({ from: T0, to: T0 });
    expect(result.taggedNotBilled.map((c) => c.conversationId)).toEqual(['6']);
  });

  it('prices the month under the other models at the contract’s prices, and says what is incomplete', () => {
    // 9 distinct conversations billed (1, 2, 3, 4, 5, 8, 7, 9, 10); 8 of them read, 1 (#8) never opened.
    expect(result.models.per_resolution).toEqual({ units: 9, money: 8.91, known: true, price: 0.99, unread: 1 });
    expect(result.models.per_conversation_window).toEqual({ units: 9, money: 18, known: false, price: 2, unread: 1 });
    expect(result.models.per_action.known).toBe(false);
    const cheaper = reconcile(billed, conversations, { ...DEFAULT_CONTRACTS.intercom, unitPrice: 0.79, comparisonPrices: { per_conversation_window: 1.5 } }, { vendor: 'intercom', workspace: 'w' });
    expect(cheaper.models.per_resolution).toMatchObject({ price: 0.79, money: 7.11 });
    expect(cheaper.models.per_conversation_window).toMatchObject({ price: 1.5, money: 13.5 });
  });

  it('a conversation an earlier bill already charged is billed twice', () => {
    const r = reconcile([item('1', 2), item('2', 3)], conversations, DEFAULT_CONTRACTS.intercom, {
      vendor: 'intercom',
      workspace: 'w',
      earlierBills: [{ name: 'february.csv', items: [item('9', 3), item('2', 4)] }],
    });
    expect(r.items.map((x) => [x.item.line, x.category, x.detail])).toEqual([
      [2, 'billed_genuine', ''],
      [3, 'billed_twice', 'already billed on february.csv, line 4'],
    ]);
  });

  it('a contract that does not bill assumed resolutions makes them disputable', () => {
    const strict = { ...DEFAULT_CONTRACTS.intercom, billableClaims: ['confirmed', 'procedure_handoff'] as ResolutionKind[] };
    expect(reconcile([item('1', 2)], conversations, strict, { vendor: 'intercom', workspace: 'w' }).items[0].category).toBe('billed_not_billable');
  });
});

describe('another per-resolution vendor: the contract’s re-contact term', () => {
  // Zendesk, contract term 3 days: back 2 days after the AI agent's answer → deducted; back 5 days after → not.
  const zd = (id: string, backAfter: number) => conv(id, 'automated_resolution', 'genuine', null, [customer(0), fin(S), customer(S + backAfter, 'still broken')], 'zendesk');
  it('deducts within the term, labelled as the contract’s, and not after it', () => {
    const r = reconcile([item('21', 2, T0, 'zendesk'), item('22', 3, T0, 'zendesk')], [zd('21', 2 * DAY), zd('22', 5 * DAY)], DEFAULT_CONTRACTS.zendesk, { vendor: 'zendesk', workspace: 'w' });
    expect(r.items.map((x) => [x.item.line, x.category])).toEqual([
      [2, 'deducted_after_return'],
      [3, 'billed_genuine'],
    ]);
    expect(r.items[0].detail).toMatch(/within your contract's 3-day re-contact term/);
  });
});

describe('Agentforce: billed windows', () => {
  const sfConv = (id: string, transcript: TranscriptMessage[]) => conv(id, 'conversation_window', null, null, transcript, 'salesforce');
  const sf = (id: string, line: number, at: number, customerId: string | null = null) => item(id, line, at, 'salesforce', customerId);
  const H = 3600e3;

  it('the same conversation billed at 10:00 and at 12:00 is one window billed twice; the next day is a new window', () => {
    const r = reconcile([sf('0Mw5g00000XyZ01', 2, T0), sf('0Mw5g00000XyZ01', 3, T0 + 2 * H), sf('0Mw5g00000XyZ01', 4, T0 + 30 * H)], [], DEFAULT_CONTRACTS.salesforce, { vendor: 'salesforce', workspace: null });
    expect(r.items.map((x) => [x.item.line, x.category, x.detail])).toEqual([
      [2, 'billed_untagged', 'never opened in Recount'],
      [3, 'billed_twice', 'same conversation and 24 h window as line 2'],
      [4, 'billed_untagged', 'never opened in Recount'],
    ]);
    expect(r.billed.money).toBe(6);
  });

  it('same customer, windows at 0 h, 20 h, 40 h: only the 20 h one repeats, whatever the file’s order (every permutation)', () => {
    // Windows by time: 0 h opens one, 20 h is inside it (flagged), 40 h opens the next (40 − 0 ≥ 24).
    const lines = [
      { id: '0Mw5g00000AAAP0', at: T0 },
      { id: '0Mw5g00000AAAQ0', at: T0 + 20 * H },
      { id: '0Mw5g00000AAAR0', at: T0 + 40 * H },
    ];
    const permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for (const order of permutations) {
      // A file in this order: line numbers follow it.
      const file = order.map((k, position) => sf(lines[k].id, position + 2, lines[k].at, 'c1'));
      const r = reconcile(file, [], DEFAULT_CONTRACTS.salesforce, { vendor: 'salesforce', workspace: null });
      const flagged = r.items.filter((x) => x.category === 'billed_twice').map((x) => x.item.conversationId);
      expect(flagged, `order ${order}`).toEqual(['0Mw5g00000AAAQ0']);
    }
  });

  it('a customer who comes back opens a new window: never "should be deducted", but evidence on the earlier one', () => {
    const c = sfConv('MessagingSession/0Mw5g00000BBB01', [customer(0), fin(S), customer(26 * H, 'the replacement never came')]);
    const r = reconcile([sf('0Mw5g00000BBB01', 2, T0)], [c], DEFAULT_CONTRACTS.salesforce, { vendor: 'salesforce', workspace: null });
    expect(r.items[0].category).toBe('billed_untagged');
    expect(r.items[0].detail).toBe('read, not tagged; the customer came back on 2026-11-02 12:00 UTC, after this window (a new billed window): evidence for "Came back about the same issue"');
  });
});

describe('what counts as a thanks, not a return', () => {
  it.each(['thanks!', 'Thank you so much', 'ok', 'OK thanks 👍', 'that worked', 'great, thanks', 'perfect!'])('%s', (text) => expect(isAcknowledgement(text)).toBe(true));
  it.each(['thanks but it still fails', 'it did not work', 'and how do I export?', 'no it does not'])('%s is a return', (text) => expect(isAcknowledgement(text)).toBe(false));
});
