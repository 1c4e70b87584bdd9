// Reconciliation categories on a crafted month.
import { describe, expect, it } from 'vitest';
import type { BilledItem } from '../../utils/billed-list';
import type { ConversationRecord } from '../../utils/db';
import { DEFAULT_CONTRACTS, reconcile } from '../../utils/reconcile';
import type { FalseReason, ResolutionKind, Verdict } from '../../utils/verdict';

const DAY = 24 * 3600e3;
const T0 = Date.parse('2026-11-01T10:00:00Z');
function conv(id: string, resolution: ResolutionKind, verdict: Verdict | null, reason: FalseReason | null = null, customerReturnsAfter?: number): ConversationRecord {
  const claim = { state: 'closed' as const, resolution, resolutionLabel: resolution, url: `https://app.intercom.com/a/inbox/w/inbox/conversation/${id}` };
  return {
    convKey: `intercom:w:${id}`, vendor: 'intercom', workspace: 'w', conversationId: id, agentName: 'Fin', claim,
    messageCounts: { customer: 1, ai_agent: 1, teammate: 0, note: 0 }, billingNote: null, billing: null, firstSeenAt: T0, lastSeenAt: T0, suggestion: null, transcriptDigest: 'd',
    transcript: [
      { author: 'customer', authorName: '', at: T0, text: 'help' },
      { author: 'ai_agent', authorName: 'Fin', at: T0 + 1000, text: 'answer' },
      ...(customerReturnsAfter !== undefined ? [{ author: 'customer' as const, authorName: '', at: T0 + customerReturnsAfter, text: 'it did not work' }] : []),
    ],
    current: verdict ? { id: `e${id}`, convKey: `intercom:w:${id}`, vendor: 'intercom', workspace: 'w', conversationId: id, verdict, reason, note: verdict === 'unsure' ? 'ask Ana' : '', reviewer: 'Bo', at: T0, claim, suggested: null, chain: 'c', seq: 1, prevHash: '', hash: '' } : null,
  };
}
const item = (id: string, line: number, at = T0): BilledItem => ({ vendor: 'intercom', conversationId: id, billedAt: at, units: 1, kind: 'assumed', customerId: null, line });

describe('reconciling a month', () => {
  const conversations = [
    conv('1', 'assumed', 'genuine'),
    conv('2', 'assumed', 'false', 'wrong_answer'),
    conv('3', 'escalated', null), // the page showed Fin handed over, yet it was billed
    conv('4', 'assumed', null, null, 2 * DAY), // customer came back two days later in the same conversation
    conv('5', 'assumed', 'unsure'),
    conv('6', 'confirmed', 'genuine'), // tagged, not on the bill
    conv('7', 'assumed', 'genuine', null, 30 * DAY), // came back after the re-contact window: not deducted
  ];
  const billed = [item('1', 2), item('2', 3), item('3', 4), item('4', 5), item('5', 6), item('8', 7), item('1', 8), item('7', 9)];
  const result = reconcile(billed, conversations, DEFAULT_CONTRACTS.intercom, { vendor: 'intercom', workspace: 'w' });

  it('puts every billed line in exactly one category, with its reason', () => {
    expect(result.items.map((r) => [r.item.line, r.category, r.detail])).toEqual([
      [2, 'billed_genuine', ''],
      [3, 'billed_false', 'wrong_answer'],
      [4, 'billed_not_billable', 'the page showed "escalated"'],
      [5, 'deducted_after_return', `the customer wrote again on ${new Date(T0 + 2 * DAY).toISOString()}`],
      [6, 'billed_unsure', 'ask Ana'],
      [7, 'billed_untagged', 'never opened in Recount'],
      [8, 'billed_twice', 'same conversation as line 2'],
      [9, 'billed_genuine', ''],
    ]);
  });

  it('totals units and money under the contract, and the disputed part', () => {
    expect(result.billed).toEqual({ items: 8, units: 8, money: 7.92 });
    expect(result.disputed).toEqual({ items: 4, units: 4, money: 3.96 });
    expect(result.totals.billed_false).toEqual({ items: 1, units: 1, money: 0.99 });
    expect(result.totals.billed_genuine.items).toBe(2);
  });

  it('lists what was tagged billable but is not on the bill', () => {
    expect(result.taggedNotBilled.map((c) => c.conversationId)).toEqual(['6']);
  });

  it('shows the same month under the other pricing models', () => {
    expect(result.models.per_resolution).toEqual({ units: 7, money: 6.93, known: true });
    expect(result.models.per_conversation_window.units).toBe(7);
    expect(result.models.per_action.known).toBe(false);
  });

  it('a contract that does not bill assumed resolutions makes them disputable', () => {
    const strict = { ...DEFAULT_CONTRACTS.intercom, billableClaims: ['confirmed', 'procedure_handoff'] as ResolutionKind[] };
    const r = reconcile([item('1', 2)], conversations, strict, { vendor: 'intercom', workspace: 'w' });
    expect(r.items[0].category).toBe('billed_not_billable');
  });

  it('Agentforce: one line per window; a second window for the same customer within 24 h is billed twice', () => {
    const sf = (line: number, at: number, customerId: string): BilledItem => ({ vendor: 'salesforce', conversationId: `0Mw5g00000${line}XyZCAU`, billedAt: at, units: 1, kind: 'conversation_window', customerId, line });
    const r = reconcile([sf(2, T0, 'c1'), sf(3, T0 + 2 * 3600e3, 'c1'), sf(4, T0 + 3 * DAY, 'c1')], [], DEFAULT_CONTRACTS.salesforce, { vendor: 'salesforce', workspace: null });
    expect(r.items.map((x) => x.category)).toEqual(['billed_untagged', 'billed_twice', 'billed_untagged']);
    expect(r.billed.money).toBe(6);
  });
});
