// Blind double review in a spot check: which sampled conversations every named reviewer judges, what each of
// them may see before saving their own verdict, when an item is settled (all agree, or the arbiter decided),
// and how far the reviewers agree. The answer to "your reviewers are biased".
import type { DoubleReview } from '../model/records';
import { compareEvents, type FalseReason, type Verdict, type VerdictEvent } from '../model/verdict';
import { agreementOf, type Agreement } from './agreement';
import { seededDraw } from './sampling';

/** The name the double-review draw is seeded under (the strata use their claim's name). */
export const DOUBLE_REVIEW_STRATUM = 'double review';

export const DOUBLE_REVIEW_ALGORITHM =
  'Items under blind double review: every sampled id of every stratum together, drawn with the same algorithm and seed under the stratum name "double review"; ceil(share × number of sampled ids) of them.';

/** A seeded share of the whole sample (ids of every stratum together), reproducible like the sample itself. */
export function drawDoubleReview(sample: readonly string[], share: number, seed: string): string[] {
  const ids = [...new Set(sample)];
  return seededDraw(ids, Math.ceil(share * ids.length - 1e-9), seed, DOUBLE_REVIEW_STRATUM);
}

export type ReviewEvent = Pick<VerdictEvent, 'id' | 'reviewer' | 'verdict' | 'reason' | 'note' | 'at'>;

export interface ItemReview {
  /** Each named reviewer's latest verdict since the plan, in the plan's order; absent ones left out. */
  reviews: ReviewEvent[];
  /**
   * waiting: not every named reviewer has judged it; agreed: all gave the same verdict; disagreed: they differ and
   * the arbiter has not decided since the last of them; arbitrated: the arbiter's later verdict settles it.
   */
  state: 'waiting' | 'agreed' | 'disagreed' | 'arbitrated';
  /** The verdict the spot check counts: null while waiting or disagreed. */
  final: Verdict | null;
  finalReason: FalseReason | null;
  arbitration: ReviewEvent | null;
}

function latestBy(events: readonly ReviewEvent[], reviewer: string, since: number): ReviewEvent | null {
  let latest: ReviewEvent | null = null;
  for (const e of events) if (e.reviewer === reviewer && e.at >= since && (!latest || compareEvents(e, latest) > 0)) latest = e;
  return latest;
}

/** One double-review item from its conversation's events (any order; events before the plan do not count). */
export function reviewItem(events: readonly ReviewEvent[], review: Pick<DoubleReview, 'reviewers' | 'arbiter'>, planCreatedAt: number): ItemReview {
  const reviews = review.reviewers.map((name) => latestBy(events, name, planCreatedAt)).filter((e): e is ReviewEvent => e !== null);
  const none = { reviews, final: null, finalReason: null, arbitration: null };
  if (reviews.length < review.reviewers.length) return { ...none, state: 'waiting' };
  const verdicts = new Set(reviews.map((r) => r.verdict));
  const reasons = new Set(reviews.map((r) => r.reason));
  if (verdicts.size === 1) return { ...none, state: 'agreed', final: reviews[0].verdict, finalReason: reasons.size === 1 ? reviews[0].reason : null };
  // The arbiter decides after seeing every verdict: only a verdict later than the last review counts.
  const lastReview = reviews.reduce((a, b) => (compareEvents(a, b) >= 0 ? a : b));
  const arbitration = latestBy(events, review.arbiter, planCreatedAt);
  if (arbitration && compareEvents(arbitration, lastReview) > 0) {
    return { reviews, state: 'arbitrated', final: arbitration.verdict, finalReason: arbitration.reason, arbitration };
  }
  return { ...none, state: 'disagreed' };
}

/**
 * What a reviewer may see of a conversation under blind review: nothing of another's verdict until their own
 * (since the plan) is saved. Only the plan's named reviewers are blind; the arbiter and a lead see everything.
 */
export function isHiddenFrom(viewer: string, events: readonly Pick<ReviewEvent, 'reviewer' | 'at'>[], review: Pick<DoubleReview, 'reviewers'>, planCreatedAt: number): boolean {
  if (!review.reviewers.includes(viewer)) return false;
  return !events.some((e) => e.reviewer === viewer && e.at >= planCreatedAt);
}

export interface DoubleReviewSummary {
  items: number;
  waiting: number;
  agreed: number;
  disagreed: number;
  arbitrated: number;
  /** Over the items every named reviewer has judged (before any arbiter: what the reviewers themselves said). */
  agreement: Agreement;
}

export function summariseDoubleReview(items: readonly ItemReview[]): DoubleReviewSummary {
  const count = (state: ItemReview['state']) => items.filter((i) => i.state === state).length;
  const judged = items.filter((i) => i.state !== 'waiting');
  return {
    items: items.length,
    waiting: count('waiting'),
    agreed: count('agreed'),
    disagreed: count('disagreed'),
    arbitrated: count('arbitrated'),
    agreement: agreementOf(judged.map((i) => new Map(i.reviews.map((r) => [r.reviewer, r.verdict])))),
  };
}
