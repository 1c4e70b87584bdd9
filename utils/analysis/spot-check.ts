// A spot check from plan to verdict: who is in the population, what was drawn, how far the review has got, and
// what the reviewed sample says against the contract's tolerable rate.
import type { BilledItem } from '../model/records';
import type { ConversationRecord, SpotCheckPlan } from '../model/records';
import { billedIdOf } from './reconcile';
import { allocate, DRAW_ALGORITHM, sampleSize, seededDraw, stratifiedEstimate, type StratifiedResult } from './sampling';
import type { Interval } from './stats';
import type { Vendor, Verdict } from '../model/verdict';
import { reviewItem, summariseDoubleReview, type DoubleReviewSummary, type ItemReview, type ReviewEvent } from './double-review';

export interface PopulationMember {
  /** The conversation id as the vendor writes it (see billedIdOf). */
  id: string;
  stratum: string;
}

/**
 * What an over-billing projection multiplies: the billed units the population stands for — every line of a bill,
 * a line billed twice included, an Agentforce line's billed windows (OutcomeCount) — not the distinct
 * conversations the sample is drawn from.
 */
export function billedUnitsOf(lines: ReadonlyArray<Pick<BilledItem, 'units'>>): number {
  return lines.reduce((sum, line) => sum + line.units, 0);
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
  /** Sampled items with a verdict made since the plan (unsure included: it is a review's result). */
  reviewed: number;
  sampled: number;
  unsure: number;
  /** Every sampled item has a verdict: only then is a judgement shown. */
  complete: boolean;
  /** The judged figure: "unsure" counted as false, as ISA 530 treats an item that cannot be judged. */
  result: StratifiedResult;
  /** The same with "unsure" left out of the count and the base. */
  withoutUnsure: StratifiedResult;
  /** While the review is incomplete: every item not reviewed yet taken as false — the bound at its worst. */
  worstCase: StratifiedResult | null;
  /**
   * Each sampled conversation: its verdict since the plan (null: to review) and where to open it. Taken
   * round-robin across strata (1st of each, then 2nd of each…), so a review stopped early covers every stratum.
   */
  queue: Array<{ stratum: string; id: string; verdict: Verdict | null; url: string | null; conversation: ConversationRecord | null; double: ItemReview | null }>;
  /** The blind double review's progress and agreement; null when the plan has none. */
  double: DoubleReviewSummary | null;
}

/** The conversation's page: what Recount read, or, for an Intercom id never opened, the inbox URL. */
function conversationUrlFor(vendor: Vendor, workspace: string, id: string, conversation: ConversationRecord | null): string | null {
  if (conversation) return conversation.claim.url;
  if (vendor === 'intercom' && workspace) return `https://app.intercom.com/a/inbox/${encodeURIComponent(workspace)}/inbox/conversation/${encodeURIComponent(id)}`;
  if (vendor === 'zendesk' && workspace) return `https://${workspace}.zendesk.com/agent/tickets/${encodeURIComponent(id)}`;
  return null;
}

/**
 * Reviews count from the moment the plan was made (an older tag was not part of this check's review). An item
 * under blind double review counts once settled — every named reviewer agreed, or the arbiter decided — from
 * its conversation's events in `eventsById` (by the id as the plan holds it; missing: no review yet).
 */
export function spotCheckStatus(
  plan: SpotCheckPlan,
  conversations: readonly ConversationRecord[],
  eventsById: ReadonlyMap<string, readonly ReviewEvent[]> = new Map(),
): SpotCheckStatus {
  const byId = new Map(
    conversations.filter((c) => c.vendor === plan.vendor && (!plan.workspace || c.workspace === plan.workspace)).map((c) => [billedIdOf(c), c]),
  );
  const doubled = new Set(plan.doubleReview?.items ?? []);
  const perStratum = plan.strata.map((s) =>
    s.sample.map((id) => {
      const conversation = byId.get(id) ?? null;
      const url = conversationUrlFor(plan.vendor, plan.workspace, id, conversation);
      if (plan.doubleReview && doubled.has(id)) {
        const double = reviewItem(eventsById.get(id) ?? [], plan.doubleReview, plan.createdAt);
        return { stratum: s.stratum, id, verdict: double.final, url, conversation, double };
      }
      const current = conversation?.current && conversation.current.at >= plan.createdAt ? conversation.current : null;
      return { stratum: s.stratum, id, verdict: current?.verdict ?? null, url, conversation, double: null };
    }),
  );
  const queue: SpotCheckStatus['queue'] = [];
  for (let i = 0; perStratum.some((items) => i < items.length); i++) for (const items of perStratum) if (i < items.length) queue.push(items[i]);
  const counts = (unsure: 'false' | 'out' | 'worst') =>
    plan.strata.map((s, h) => {
      const items = perStratum[h];
      const falseCount = items.filter((q) => q.verdict === 'false' || (unsure !== 'out' && q.verdict === 'unsure') || (unsure === 'worst' && q.verdict === null)).length;
      const reviewed = unsure === 'worst' ? items.length : items.filter((q) => q.verdict !== null && (unsure !== 'out' || q.verdict !== 'unsure')).length;
      return { stratum: s.stratum, population: s.population.length, sampled: s.sample.length, reviewed, falseCount };
    });
  const reviewed = queue.filter((q) => q.verdict !== null).length;
  const complete = reviewed === queue.length;
  return {
    reviewed,
    sampled: queue.length,
    unsure: queue.filter((q) => q.verdict === 'unsure').length,
    complete,
    result: stratifiedEstimate(counts('false')),
    withoutUnsure: stratifiedEstimate(counts('out')),
    worstCase: complete ? null : stratifiedEstimate(counts('worst')),
    queue,
    double: plan.doubleReview ? summariseDoubleReview(queue.flatMap((q) => (q.double ? [q.double] : []))) : null,
  };
}

interface Judgement {
  pass: boolean;
  words: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * ISA 530: the one-sided 95% upper limit against the contract's tolerable rate — in words only on a complete
 * sample (a partial one is not the sample that was drawn). Unsure counts as false.
 */
export function judge(status: Pick<SpotCheckStatus, 'complete' | 'result'>, tolerable: number): Judgement | null {
  if (!status.complete || !status.result.estimable) return null;
  const { upper95, rate } = status.result;
  return upper95 <= tolerable
    ? { pass: true, words: `Pass: the one-sided 95% upper limit of the false-resolution rate (${pct(upper95)}) is within the tolerable ${pct(tolerable)}.` }
    : { pass: false, words: `Fail: the one-sided 95% upper limit (${pct(upper95)}) is above the tolerable ${pct(tolerable)}${rate > tolerable ? `, and so is the estimate itself (${pct(rate)})` : ''}.` };
}

/** While the review runs: what can honestly be said before the sample is complete. */
export function provisionalWords(status: SpotCheckStatus, tolerable: number): string | null {
  if (status.complete) return null;
  const worst = status.worstCase?.upper95 ?? 1;
  const head = `Provisional — ${status.reviewed} of ${status.sampled} reviewed; no judgement until every sampled conversation is.`;
  return worst <= tolerable
    ? `${head} Even if every one not reviewed yet were false, the one-sided 95% upper limit would be ${pct(worst)}, within the tolerable ${pct(tolerable)}.`
    : `${head} Counting every one not reviewed yet as false (the worst case), the one-sided 95% upper limit would be ${pct(worst)}.`;
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

/**
 * Against the buyer's own cost of a conversation a person handles: cheaper or dearer only when the whole 95%
 * interval of the cost per genuine resolution lies on one side of it; otherwise the sample cannot tell.
 */
export function againstHuman(cost: { low: number; high: number }, humanCost: number): 'cheaper' | 'dearer' | 'undecided' {
  if (cost.high < humanCost) return 'cheaper';
  if (cost.low > humanCost) return 'dearer';
  return 'undecided';
}
