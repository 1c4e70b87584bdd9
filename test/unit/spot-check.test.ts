import { describe, expect, it } from 'vitest';
import type { ConversationRecord, SpotCheckPlan } from '../../utils/db';
import { costPerGenuine, drawPlan, judge, projectedOverbilling, spotCheckStatus } from '../../utils/spot-check';
import { DRAW_ALGORITHM } from '../../utils/sampling';
import { wilsonInterval } from '../../utils/stats';
import type { Verdict } from '../../utils/verdict';

const members = [
  ...Array.from({ length: 1200 }, (_, i) => ({ id: String(100000 + i), stratum: 'assumed' })),
  ...Array.from({ length: 600 }, (_, i) => ({ id: String(200000 + i), stratum: 'confirmed' })),
  ...Array.from({ length: 200 }, (_, i) => ({ id: String(300000 + i), stratum: 'procedure_handoff' })),
];

describe('drawing a plan', () => {
  it('sizes the sample for ±5 points over 2,000 (323), allocates by stratum, and draws reproducibly', () => {
    const plan = drawPlan(members, { margin: 0.05, expectedRate: 0.5, seed: 'nov-audit' });
    expect(plan.total).toBe(2000);
    expect(plan.size).toBe(323);
    expect(plan.strata.map((s) => [s.stratum, s.population.length, s.sample.length])).toEqual([
      ['assumed', 1200, 194],
      ['confirmed', 600, 97],
      ['procedure_handoff', 200, 32],
    ]);
    expect(drawPlan([...members].reverse(), { margin: 0.05, expectedRate: 0.5, seed: 'nov-audit' }).strata).toEqual(plan.strata);
  });
});

function conv(id: string, verdict: Verdict | null, at: number): ConversationRecord {
  const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: '', url: `https://app.intercom.com/a/inbox/w/inbox/conversation/${id}` };
  return {
    convKey: `intercom:w:${id}`, vendor: 'intercom', workspace: 'w', conversationId: id, agentName: 'Fin', claim, messageCounts: { customer: 0, ai_agent: 0, teammate: 0, note: 0 },
    billingNote: null, billing: null, firstSeenAt: at, lastSeenAt: at, suggestion: null, transcriptDigest: '', transcript: null,
    current: verdict ? { id: `e${id}`, convKey: `intercom:w:${id}`, vendor: 'intercom', workspace: 'w', conversationId: id, verdict, reason: verdict === 'false' ? 'other' : null, note: '', reviewer: 'Ana', at, claim, suggested: null, chain: 'c', seq: 1, prevHash: '', hash: '' } : null,
  };
}

describe('working the queue', () => {
  const plan: SpotCheckPlan = {
    id: 'p', name: 'Nov', createdAt: 1000, vendor: 'intercom', workspace: 'w', source: { kind: 'seen' }, seed: 's', algorithm: DRAW_ALGORITHM, margin: 0.05, expectedRate: 0.5,
    strata: [
      { stratum: 'assumed', population: ['1', '2', '3', '4', '5', '6'], sample: ['1', '2', '3'] },
      { stratum: 'confirmed', population: ['7', '8'], sample: ['7'] },
    ],
  };
  it('counts reviews made since the plan; unsure and older tags stay in the queue', () => {
    const status = spotCheckStatus(plan, [conv('1', 'false', 2000), conv('2', 'genuine', 2000), conv('3', 'unsure', 2000), conv('7', 'genuine', 500)]);
    expect(status.sampled).toBe(4);
    expect(status.reviewed).toBe(2);
    expect(status.queue.map((q) => [q.id, q.verdict])).toEqual([['1', 'false'], ['2', 'genuine'], ['3', null], ['7', null]]);
    expect(status.queue[3].url).toBe('https://app.intercom.com/a/inbox/w/inbox/conversation/7');
    expect(status.result.strata.map((s) => [s.stratum, s.reviewed, s.falseCount])).toEqual([['assumed', 2, 1], ['confirmed', 0, 0]]);
    expect(status.result.rate).toBeCloseTo(0.5);
  });
  it('links a sampled id never opened in Recount straight to the inbox', () => {
    const status = spotCheckStatus(plan, []);
    expect(status.queue[0].url).toBe('https://app.intercom.com/a/inbox/w/inbox/conversation/1');
  });
});

describe('judging the result', () => {
  it('passes only when the upper bound is within the tolerable rate (ISA 530)', () => {
    expect(judge(wilsonInterval(0, 100), 0.05, 100)).toMatchObject({ pass: true });
    expect(judge(wilsonInterval(2, 100), 0.05, 100)).toMatchObject({ pass: false, words: expect.stringMatching(/^Fail: the upper 95% bound \(7\.0%\) is above the tolerable 5\.0%\.$/) });
    expect(judge(wilsonInterval(12, 100), 0.05, 100)?.words).toMatch(/and so is the estimate itself \(12\.0%\)/);
    expect(judge(wilsonInterval(0, 0), 0.05, 0)).toBeNull();
  });
  it('projects over-billing and the cost per genuine resolution with their intervals', () => {
    const i = wilsonInterval(12, 100);
    expect(projectedOverbilling(i, 2000, 0.99)).toEqual({ estimate: 237.6, low: Math.round(i.low * 2000 * 0.99 * 100) / 100, high: Math.round(i.high * 2000 * 0.99 * 100) / 100 });
    expect(costPerGenuine(i, 0.99).estimate).toBeCloseTo(1.13, 2);
    expect(costPerGenuine({ rate: 1, low: 1, high: 1 }, 1).estimate).toBe(Infinity);
  });
});
