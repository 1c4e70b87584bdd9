// The dashboard's figures and charts from the day counts the store keeps (utils/store/tallies.ts): one pass over
// a row per day, whatever the number of conversations. Free text in notes is not in the counts; a filter with
// text is answered from the conversations themselves (view.ts).
import { tallyFields, type DayCounts, type TallyFields } from '../model/tally';
import type { Vendor } from '../model/verdict';
import { addTo as add, figuresAccumulator, sortedBars, type Bar, type Figures, type Filter } from './filters';

export interface TallyView {
  figures: Figures;
  charts: { perDay: Bar[]; byReason: Bar[]; byReviewer: Bar[]; byClaim: Bar[] };
  reviewers: string[];
  workspaces: string[];
}

/** Whether the counts can answer this filter (they hold everything but the notes' text). */
export const talliesAnswer = (filter: Filter) => filter.text === '';

const fieldsOf = new Map<string, TallyFields>();
function fields(key: string): TallyFields {
  let f = fieldsOf.get(key);
  if (!f) {
    if (fieldsOf.size > 50_000) fieldsOf.clear();
    fieldsOf.set(key, (f = tallyFields(key)));
  }
  return f;
}

function matches(f: TallyFields, filter: Filter): boolean {
  if (filter.vendor && f.vendor !== filter.vendor) return false;
  if (filter.workspace && f.workspace !== filter.workspace) return false;
  if (filter.claim && f.resolution !== filter.claim) return false;
  if (filter.verdict === 'untagged' ? f.verdict !== 'untagged' : filter.verdict && f.verdict !== filter.verdict) return false;
  if (filter.reason && f.reason !== filter.reason) return false;
  if (filter.reviewer && f.reviewer !== filter.reviewer) return false;
  return true;
}

/** Figures, charts (by reviewer: each conversation by its latest verdict) and the filter's choices, for a filter without text. */
export function viewFromTallies(days: ReadonlyArray<{ day: string; counts: DayCounts }>, filter: Filter, prices: Record<Vendor, number>): TallyView {
  const figures = figuresAccumulator(prices);
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
      if (!inDays || !matches(f, filter)) continue;
      if (f.billable) figures.addBilled(f.vendor, f.verdict, n, units);
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
