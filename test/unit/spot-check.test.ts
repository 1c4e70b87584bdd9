import { describe, expect, it } from 'vitest';
import type { ConversationRecord, SpotCheckPlan } from '../../utils/model/records';
import { billedUnitsOf, costPerGenuine, drawPlan, judge, projectedOverbilling, provisionalWords, spotCheckStatus } from '../../utils/analysis/spot-check';
import { DRAW_ALGORITHM, stratifiedEstimate } from '../../utils/analysis/sampling';
import { wilsonInterval } from '../../utils/analysis/stats';
import type { Verdict } from '../../utils/model/verdict';

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
  it('counts reviews made since the plan (unsure is a review); older tags stay in the queue; the queue goes round the strata', () => {
    const status = spotCheckStatus(plan, [conv('1', 'false', 2000), conv('2', 'genuine', 2000), conv('3', 'unsure', 2000), conv('7', 'genuine', 500)]);
    expect(status).toMatchObject({ sampled: 4, reviewed: 3, unsure: 1, complete: false });
    // Round-robin: the 1st of each stratum, then the 2nd of each…
    expect(status.queue.map((q) => [q.id, q.verdict])).toEqual([['1', 'false'], ['7', null], ['2', 'genuine'], ['3', 'unsure']]);
    expect(status.queue[1].url).toBe('https://app.intercom.com/a/inbox/w/inbox/conversation/7');
    // Unsure as false: assumed 2 of 3; confirmed not reviewed, so the whole is not estimable yet.
    expect(status.result.strata.map((s) => [s.stratum, s.reviewed, s.falseCount])).toEqual([['assumed', 3, 2], ['confirmed', 0, 0]]);
    expect(status.result.estimable).toBe(false);
    // Unsure left out: assumed 1 of 2.
    expect(status.withoutUnsure.strata.map((s) => [s.stratum, s.reviewed, s.falseCount])).toEqual([['assumed', 2, 1], ['confirmed', 0, 0]]);
    // The worst case: #7 not reviewed counts as false — assumed 2 of 3, confirmed 1 of 1.
    expect(status.worstCase?.strata.map((s) => [s.stratum, s.reviewed, s.falseCount])).toEqual([['assumed', 3, 2], ['confirmed', 1, 1]]);
  });
  it('no judgement before the sample is complete, and the provisional words say why', () => {
    const status = spotCheckStatus(plan, [conv('1', 'genuine', 2000), conv('2', 'genuine', 2000), conv('3', 'genuine', 2000)]);
    expect(judge(status, 0.05)).toBeNull();
    expect(provisionalWords(status, 0.05)).toMatch(/^Provisional — 3 of 4 reviewed; no judgement until every sampled conversation is\. Counting every one not reviewed yet as false/);
    const done = spotCheckStatus(plan, [conv('1', 'genuine', 2000), conv('2', 'genuine', 2000), conv('3', 'genuine', 2000), conv('7', 'genuine', 2000)]);
    expect(done.complete).toBe(true);
    expect(provisionalWords(done, 0.05)).toBeNull();
    expect(judge(done, 0.05)).not.toBeNull();
  });
  it('links a sampled id never opened in Recount straight to the inbox', () => {
    const status = spotCheckStatus(plan, []);
    expect(status.queue[0].url).toBe('https://app.intercom.com/a/inbox/w/inbox/conversation/1');
  });
});

describe('judging the result', () => {
  // One stratum of 100, complete: the exact one-sided 95% upper limit (scipy's beta.ppf(0.95, k + 1, n − k)):
  // 0 false → 2.95%, 2 false → 6.16% (beta.ppf(0.95, 3, 98)), 12 false → 18.72% (test/oracles/spot_check.json).
  const complete = (falseCount: number) => ({
    complete: true,
    result: stratifiedEstimate([{ stratum: 'all', population: 2000, sampled: 100, reviewed: 100, falseCount }]),
  });
  it('judges the one-sided 95% upper limit against the tolerable rate (ISA 530), in words naming it', () => {
    expect(judge(complete(0), 0.05)).toEqual({ pass: true, words: 'Pass: the one-sided 95% upper limit of the false-resolution rate (3.0%) is within the tolerable 5.0%.' });
    expect(judge(complete(2), 0.05)).toEqual({ pass: false, words: 'Fail: the one-sided 95% upper limit (6.2%) is above the tolerable 5.0%.' });
    expect(judge(complete(12), 0.05)?.words).toBe('Fail: the one-sided 95% upper limit (18.7%) is above the tolerable 5.0%, and so is the estimate itself (12.0%).');
    expect(judge({ complete: false, result: complete(0).result }, 0.05)).toBeNull();
  });
  it('projects over-billing and the cost per genuine resolution with their intervals', () => {
    const i = wilsonInterval(12, 100);
    expect(projectedOverbilling(i, 2000, 0.99)).toEqual({ estimate: 237.6, low: Math.round(i.low * 2000 * 0.99 * 100) / 100, high: Math.round(i.high * 2000 * 0.99 * 100) / 100 });
    expect(costPerGenuine(i, 0.99).estimate).toBeCloseTo(1.13, 2);
    expect(costPerGenuine({ rate: 1, low: 1, high: 1 }, 1).estimate).toBe(Infinity);
  });
});

describe("the README's worked example", () => {
  it('2,000 billed, 113 / 162 / 48 reviewed with 9 / 3 / 2 false: 4.34%, upper limit 6.70%, Fail at 5%, $85.90 ($47.38–$141.98)', () => {
    // Sample size and allocation: test/oracles/spot_check.json; the arithmetic step by step: README, "Worked example".
    const members = [
      ...Array.from({ length: 700 }, (_, i) => ({ id: String(100000 + i), stratum: 'assumed' })),
      ...Array.from({ length: 1000 }, (_, i) => ({ id: String(200000 + i), stratum: 'confirmed' })),
      ...Array.from({ length: 300 }, (_, i) => ({ id: String(300000 + i), stratum: 'procedure_handoff' })),
    ];
    expect(drawPlan(members, { margin: 0.05, expectedRate: 0.5, seed: 'readme' }).strata.map((s) => s.sample.length)).toEqual([113, 162, 48]);
    const result = stratifiedEstimate([
      { stratum: 'assumed', population: 700, sampled: 113, reviewed: 113, falseCount: 9 },
      { stratum: 'confirmed', population: 1000, sampled: 162, reviewed: 162, falseCount: 3 },
      { stratum: 'procedure_handoff', population: 300, sampled: 48, reviewed: 48, falseCount: 2 },
    ]);
    expect(result.rate.toFixed(4)).toBe('0.0434');
    expect(result.upper95.toFixed(4)).toBe('0.0670');
    expect(judge({ complete: true, result }, 0.05)?.words).toBe('Fail: the one-sided 95% upper limit (6.7%) is above the tolerable 5.0%.');
    expect(projectedOverbilling(result.interval, 2000, 0.99)).toEqual({ estimate: 85.9, low: 47.38, high: 141.98 });
  });
});

describe('money for Agentforce', () => {
  it('projects over the billed windows and repeated lines, not the distinct conversations', () => {
    // A bill of 4 lines: conversation A with OutcomeCount 3 (three windows), B once, B again (billed twice), C once:
    // 3 distinct conversations, 3 + 1 + 1 + 1 = 6 billed units. At a 50% false rate and $2 a window: 0.5 × 6 × $2 = $6.
    const lines = [{ units: 3 }, { units: 1 }, { units: 1 }, { units: 1 }];
    expect(billedUnitsOf(lines)).toBe(6);
    expect(projectedOverbilling({ rate: 0.5, low: 0.25, high: 0.75 }, billedUnitsOf(lines), 2)).toEqual({ estimate: 6, low: 3, high: 9 });
  });
});
