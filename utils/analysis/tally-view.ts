// The dashboard's figures and charts from the day counts the store keeps (utils/store/tallies.ts): one pass over
// a row per day, whatever the number of conversations. Free text in notes is not in the counts; a filter with
// text is answered from the conversations themselves (view.ts).
import { tallyFields, type DayCounts, type TallyFields } from '../model/tally';
import type { Vendor } from '../model/verdict';
import { addTo as add, figuresAccumulator, matchesConversation, sortedBars, type Bar, type Figures, type Filter } from './filters';
import { isRelevant } from '../model/tally';
import type { ConversationRecord } from '../model/records';
import { isDisagreed, type ReviewerVerdict } from './reviewer-verdicts';

export interface TallyView {
  figures: Figures;
  charts: { perDay: Bar[]; byReason: Bar[]; byReviewer: Bar[]; byClaim: Bar[] };
  reviewers: string[];
  workspaces: string[];
}

/** Whether the counts can answer this filter (they hold everything but the notes' text). */
export const talliesAnswer = (filter: Filter) => filter.text === '';

const fieldsOf = new Map<string, TallyFields>();
/** A count's fields from its key (parsed once per key). */
export function fields(key: string): TallyFields {
  let f = fieldsOf.get(key);
  if (!f) {
    if (fieldsOf.size > 50_000) fieldsOf.clear();
    fieldsOf.set(key, (f = tallyFields(key)));
  }
  return f;
}

/** Whether a count's fields pass the filter (all but its dates and text). */
export function fieldsMatch(f: TallyFields, filter: Filter): boolean {
  if (filter.vendor && f.vendor !== filter.vendor) return false;
  if (filter.workspace && f.workspace !== filter.workspace) return false;
  if (filter.claim && f.resolution !== filter.claim) return false;
  if (filter.verdict === 'untagged' ? f.verdict !== 'untagged' : filter.verdict && f.verdict !== filter.verdict) return false;
  if (filter.reason && f.reason !== filter.reason) return false;
  if (filter.reviewer && f.reviewer !== filter.reviewer) return false;
  return true;
}

/**
 * Figures, charts (by reviewer: each conversation by its latest verdict) and the filter's choices, for a filter without
 * text. `profilePrices`: each vendor profile's own unit price, by profile id (the counts' workspace for vendor custom).
 */
export function viewFromTallies(days: ReadonlyArray<{ day: string; counts: DayCounts }>, filter: Filter, prices: Record<Vendor, number>, profilePrices?: Readonly<Record<string, number>>): TallyView {
  const figures = figuresAccumulator(prices, profilePrices);
  const perDay = new Map<string, Bar>();
  const byReason = new Map<string, Bar>();
  const byClaim = new Map<string, Bar>();
  const byReviewer = new Map<string, Bar>();
  const reviewers = new Set<string>();
  const workspaces = new Set<string>();
  for (const { day, counts } of days) {
    const inDays = (!filter.from || day >= filter.from) && (!filter.to || day <= filter.to);
    for (const key in counts) {
      const [n, units] = counts[key];
      if (n === 0) continue;
      const f = fields(key);
      if (f.reviewer) reviewers.add(f.reviewer);
      if (f.workspace) workspaces.add(f.workspace);
      if (!inDays || !fieldsMatch(f, filter)) continue;
      if (f.billable) figures.addBilled(f.vendor, f.workspace, f.verdict, n, units);
      if (f.verdict === 'untagged') continue;
      add(perDay, day, f.verdict, n);
      if (f.reason) add(byReason, f.reason, 'false', n);
      add(byClaim, f.resolution, f.verdict, n);
      add(byReviewer, f.reviewer, f.verdict, n);
    }
  }
  return {
    figures: figures.result(),
    charts: {
      perDay: [...perDay.values()].sort((a, b) => a.label.localeCompare(b.label)),
      byReason: sortedBars(byReason),
      byReviewer: sortedBars(byReviewer),
      byClaim: sortedBars(byClaim),
    },
    reviewers: [...reviewers].sort(),
    workspaces: [...workspaces].sort(),
  };
}

/** The conversations several reviewers tagged that are in the filter, by the records the dashboard read of them. */
function inFilter(several: ReadonlyMap<string, ReviewerVerdict[]>, records: ReadonlyMap<string, ConversationRecord>, filter: Filter) {
  const found: Array<[ConversationRecord, ReviewerVerdict[]]> = [];
  for (const [convKey, verdicts] of several) {
    const c = records.get(convKey);
    if (c?.current && isRelevant(c) && matchesConversation(c, filter)) found.push([c, verdicts]);
  }
  return found;
}

/**
 * "By reviewer" from the day counts (each conversation under its latest verdict's reviewer), with the conversations
 * several reviewers tagged counted as the one-by-one path counts them: each reviewer's own latest verdict.
 */
export function withEachReviewer(bars: readonly Bar[], several: ReadonlyMap<string, ReviewerVerdict[]>, records: ReadonlyMap<string, ConversationRecord>, filter: Filter): Bar[] {
  if (several.size === 0) return [...bars];
  const byReviewer = new Map(bars.map((b) => [b.label, { ...b }]));
  for (const [c, verdicts] of inFilter(several, records, filter)) {
    add(byReviewer, c.current!.reviewer, c.current!.verdict, -1);
    for (const v of verdicts) add(byReviewer, v.reviewer, v.verdict);
  }
  for (const [label, bar] of byReviewer) if (bar.total <= 0) byReviewer.delete(label);
  return sortedBars(byReviewer);
}

/** The conversations in the filter whose reviewers' own latest verdicts differ. */
export function disagreedIn(several: ReadonlyMap<string, ReviewerVerdict[]>, records: ReadonlyMap<string, ConversationRecord>, filter: Filter): Map<string, ReviewerVerdict[]> {
  return new Map(inFilter(several, records, filter).filter(([, verdicts]) => isDisagreed(verdicts)).map(([c, verdicts]) => [c.convKey, verdicts]));
}
