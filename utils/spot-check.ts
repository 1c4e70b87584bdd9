// A spot check from plan to verdict: who is in the population, what was drawn, how far the review has got, and
// what the reviewed sample says against the contract's tolerable rate.
import type { ConversationRecord, SpotCheckPlan } from './db';
import { billedIdOf } from './reconcile';
import { allocate, DRAW_ALGORITHM, sampleSize, seededDraw, stratifiedEstimate, type StratifiedResult } from './sampling';
import type { Interval } from './stats';
import type { Vendor, Verdict } from './verdict';

export interface PopulationMember {
  /** The conversation id as the vendor writes it (see billedIdOf). */
  id: string;
  stratum: string;
}

export function drawPlan(
  members: readonly PopulationMember[],
  options: { margin: number; expectedRate: number; seed: string },
): { total: number; size: number; strata: SpotCheckPlan['strata'] } {
  const byStratum = new Map<string, string[]>();
  for (const m of members) byStratum.set(m.stratum, [...(byStratum.get(m.stratum) ?? []), m.id]);
  for (const [k, ids] of byStratum) byStratum.set(k, [...new Set(ids)].sort());
  const total = [...byStratum.values()].reduce((s, ids) => s + ids.length, 0);
  const size = sampleSize(total, options.margin, options.expectedRate);
  const allocation = allocate(size, Object.fromEntries([...byStratum].map(([k, ids]) => [k, ids.length])));
  const strata = [...byStratum.keys()].sort().map((stratum) => ({
    stratum,
    population: byStratum.get(stratum)!,
    sample: seededDraw(byStratum.get(stratum)!, allocation[stratum], options.seed, stratum),
  }));
  return { total, size, strata };
}

export { DRAW_ALGORITHM };

export interface SpotCheckStatus {
  reviewed: number;
  sampled: number;
  result: StratifiedResult;
  /** Each sampled conversation: its current verdict (null: not reviewed yet) and where to open it. */
  queue: Array<{ stratum: string; id: string; verdict: Verdict | null; url: string | null; conversation: ConversationRecord | null }>;
}

/** The conversation's page: what Recount read, or, for an Intercom id never opened, the inbox URL. */
export function conversationUrlFor(vendor: Vendor, workspace: string, id: string, conversation: ConversationRecord | null): string | null {
  if (conversation) return conversation.claim.url;
  if (vendor === 'intercom' && workspace) return `https://app.intercom.com/a/inbox/${encodeURIComponent(workspace)}/inbox/conversation/${encodeURIComponent(id)}`;
  if (vendor === 'zendesk' && workspace) return `https://${workspace}.zendesk.com/agent/tickets/${encodeURIComponent(id)}`;
  return null;
}

/** Reviews count from the moment the plan was made (an older tag was not part of this check's review). */
export function spotCheckStatus(plan: SpotCheckPlan, conversations: readonly ConversationRecord[]): SpotCheckStatus {
  const byId = new Map(
    conversations.filter((c) => c.vendor === plan.vendor && (!plan.workspace || c.workspace === plan.workspace)).map((c) => [billedIdOf(c), c]),
  );
  const queue: SpotCheckStatus['queue'] = [];
  const strata = plan.strata.map((s) => {
    let reviewed = 0;
    let falseCount = 0;
    for (const id of s.sample) {
      const conversation = byId.get(id) ?? null;
      const current = conversation?.current && conversation.current.at >= plan.createdAt ? conversation.current : null;
      // "Unsure" is not a review result: the item stays in the queue.
      const verdict = current?.verdict === 'unsure' ? null : (current?.verdict ?? null);
      if (verdict) reviewed++;
      if (verdict === 'false') falseCount++;
      queue.push({ stratum: s.stratum, id, verdict, url: conversationUrlFor(plan.vendor, plan.workspace, id, conversation), conversation });
    }
    return { stratum: s.stratum, population: s.population.length, sampled: s.sample.length, reviewed, falseCount };
  });
  return { reviewed: strata.reduce((a, s) => a + s.reviewed, 0), sampled: strata.reduce((a, s) => a + s.sampled, 0), result: stratifiedEstimate(strata), queue };
}

export interface Judgement {
  pass: boolean;
  words: string;
}

/** ISA 530: judge the upper confidence limit against the tolerable rate. */
export function judge(interval: Interval, tolerable: number, reviewed: number): Judgement | null {
  if (reviewed === 0) return null;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return interval.high <= tolerable
    ? { pass: true, words: `Pass: even at the upper 95% bound (${pct(interval.high)}) the false-resolution rate is within the tolerable ${pct(tolerable)}.` }
    : { pass: false, words: `Fail: the upper 95% bound (${pct(interval.high)}) is above the tolerable ${pct(tolerable)}${interval.rate > tolerable ? `, and so is the estimate itself (${pct(interval.rate)})` : ''}.` };
}

/** Over-billing projected onto the whole population: rate × units × price, with the interval's ends. */
export function projectedOverbilling(interval: Interval, populationUnits: number, unitPrice: number) {
  const money = (r: number) => Math.round(r * populationUnits * unitPrice * 100) / 100;
  return { estimate: money(interval.rate), low: money(interval.low), high: money(interval.high) };
}

/** What one genuine resolution really cost: price / (1 − false rate), with the interval's ends. */
export function costPerGenuine(interval: Interval, unitPrice: number) {
  const cost = (r: number) => (r >= 1 ? Infinity : Math.round((unitPrice / (1 - r)) * 100) / 100);
  return { estimate: cost(interval.rate), low: cost(interval.low), high: cost(interval.high) };
}
