// The records Recount keeps, as the store holds them and every layer reads them: a conversation as last read,
// a vendor's billed list and its items, a spot-check plan, an adapter's health.
import * as v from 'valibot';
import type { Suggestion } from './suggest';
import type { BillingSignals, ConversationRead, TranscriptMessage } from './transcript';
import { LAST_DATE_MS, RESOLUTION_KINDS, VENDORS, type ConversationKey, type Vendor, type VendorClaim, type VerdictEvent } from './verdict';

/** One line of a vendor's billed list, as read from its file and stored; checked wherever it comes in. */
export const BilledItemSchema = v.strictObject({
  vendor: v.picklist(VENDORS),
  conversationId: v.pipe(v.string(), v.minLength(1, 'expected a non-empty text'), v.maxLength(200, 'expected at most 200 characters')),
  /** When the outcome was billed (or the conversation/window started), ms since the epoch; null if not given. */
  billedAt: v.nullable(v.pipe(v.number(), v.integer('expected a whole number'), v.minValue(-LAST_DATE_MS, 'expected at least ' + -LAST_DATE_MS), v.maxValue(LAST_DATE_MS, 'expected at most ' + LAST_DATE_MS))),
  /** Billed units on this line (Agentforce: OutcomeCount; otherwise 1). 0 stays readable: earlier versions stored such lines. */
  units: v.pipe(v.number(), v.minValue(0, 'expected 0 or more (a line cannot bill a negative amount)'), v.maxValue(1_000_000, 'expected at most 1000000')),
  /** The vendor's outcome, normalised where it maps onto Recount's kinds. */
  kind: v.picklist(RESOLUTION_KINDS),
  /** The customer (contact) id, where the export gives one: for "billed twice for the same customer". */
  customerId: v.nullable(v.pipe(v.string(), v.maxLength(200, 'expected at most 200 characters'))),
  /** 1-based physical line the row starts on (CSV), or position in the list (JSON: an API pull is one line). */
  line: v.pipe(v.number(), v.integer('expected a whole number'), v.minValue(1, 'expected at least 1'), v.maxValue(1e9, 'expected at most 1000000000')),
});
export type BilledItem = v.InferOutput<typeof BilledItemSchema>;

export interface ConversationRecord {
  convKey: string;
  vendor: Vendor;
  workspace: string;
  conversationId: string;
  agentName: string;
  claim: VendorClaim;
  messageCounts: Record<TranscriptMessage['author'], number>;
  billingNote: string | null;
  billing: BillingSignals | null;
  firstSeenAt: number;
  lastSeenAt: number;
  suggestion: Suggestion | null;
  /** SHA-256 of the transcript as read: proves later what was on screen, even without the text. */
  transcriptDigest: string;
  /** Null when the user turned "keep transcripts" off. */
  transcript: TranscriptMessage[] | null;
  /**
   * Projection of the event log (latest event), kept in the same transaction as each append. A conversation
   * known only from merged events has no row: see event-only.ts.
   */
  current: VerdictEvent | null;
}

/** A billed list as imported: its items live in billedItems, keyed by listId. */
export interface BilledList {
  id: string;
  name: string;
  vendor: Vendor;
  /** The workspace the list is matched against (Intercom app id, Zendesk subdomain, …); '' for any. */
  workspace: string;
  format: string;
  importedAt: number;
  items: number;
  units: number;
  skipped: number;
}

const ReviewerName = v.pipe(v.string(), v.trim(), v.minLength(1, 'expected a name'), v.maxLength(120, 'expected at most 120 characters'));

/**
 * A second, blind review of part of a spot check's sample: every named reviewer judges each of `items` without
 * seeing the others' verdicts until their own is saved; where they differ, the arbiter's verdict is final.
 * `items`: a seeded draw of `share` of the sample (see DOUBLE_REVIEW_STRATUM), so the vendor can reproduce it.
 */
export const DoubleReviewSchema = v.pipe(
  v.strictObject({
    share: v.pipe(v.number(), v.minValue(0.01, 'expected at least 1%'), v.maxValue(1, 'expected at most 100%')),
    reviewers: v.pipe(
      v.array(ReviewerName),
      v.minLength(2, 'expected at least two reviewers'),
      v.maxLength(10, 'expected at most 10 reviewers'),
      v.check((names) => new Set(names).size === names.length, 'a reviewer is named twice'),
    ),
    arbiter: ReviewerName,
    items: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(500))), v.maxLength(1_000_000)),
  }),
  v.forward(
    v.check((d) => !d.reviewers.includes(d.arbiter), 'the arbiter cannot also be one of the blind reviewers'),
    ['arbiter'],
  ),
);
export type DoubleReview = v.InferOutput<typeof DoubleReviewSchema>;

/** What a helpdesk tab is told of a conversation under blind double review. */
export interface BlindNote {
  /** The spot check's name. */
  plan: string;
  /** This browser's reviewer is one of the blind reviewers and has not saved a verdict since the plan. */
  hidden: boolean;
  /** The other reviewers' (and the arbiter's) latest verdicts since the plan; always empty while hidden. */
  others: Array<Pick<VerdictEvent, 'reviewer' | 'verdict' | 'reason'>>;
}

/** A spot check: what was drawn, from what, with which seed, so anyone can reproduce it. */
export interface SpotCheckPlan {
  id: string;
  name: string;
  createdAt: number;
  vendor: Vendor;
  workspace: string;
  /** Where the population came from: a billed list, or the billed conversations Recount has seen. */
  source: { kind: 'billed-list'; listId: string; listName: string } | { kind: 'seen' };
  seed: string;
  algorithm: string;
  margin: number;
  expectedRate: number;
  strata: Array<{ stratum: string; population: string[]; sample: string[] }>;
  /**
   * The billed units the population stands for — every line of the bill, repeats included, and for Agentforce
   * its billed windows (OutcomeCount) — what an over-billing projection multiplies. Absent in older plans: one a
   * conversation.
   */
  populationUnits?: number;
  /** A blind second review of part of the sample; absent: one review per item. */
  doubleReview?: DoubleReview;
}

/** What an adapter last said about a host page: which marker failed, and when it last worked. */
export interface HealthRecord {
  id: string;
  vendor: Vendor;
  adapter: string;
  /** The page's path with ids folded, e.g. /a/inbox/:id/inbox/shared/all/conversation/:id */
  urlPattern: string;
  missing: string[];
  failures: number;
  lastFailureAt: number | null;
  lastWorkingAt: number | null;
  /** The failing page's outline (structure only, utils/adapters/page-outline.ts), taken when it failed. */
  outline?: string;
  /** The page words the adapter looked for when it last reported. */
  lookedFor?: string;
}
