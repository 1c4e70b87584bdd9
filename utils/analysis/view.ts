// Everything the dashboard shows for a filter, counted one conversation at a time: what the day counts cannot
// answer (free text in notes) is counted this way by a pass a page at a time with a pause between
// (components/dashboard/useScannedView.ts), so no single task holds the page.
import type { ConversationRecord } from '../model/records';
import type { Vendor } from '../model/verdict';
import { isRelevant } from '../model/tally';
import { chartsAccumulator, figuresAccumulator, matchesConversation, type Bar, type Figures, type Filter } from './filters';
import { isDisagreed, type ReviewerVerdict } from './reviewer-verdicts';

export interface DashboardView {
  /** Conversations in the filter, in the order given (newest first). */
  rows: ConversationRecord[];
  figures: Figures;
  charts: { perDay: Bar[]; byReason: Bar[]; byReviewer: Bar[]; byClaim: Bar[] };
  /** Conversations in the filter whose reviewers' own latest verdicts differ. */
  disagreed: Map<string, ReviewerVerdict[]>;
  /** Every reviewer and workspace of the relevant conversations, whatever the filter (the filter's choices). */
  reviewers: string[];
  workspaces: string[];
}

export { isRelevant };

/**
 * `keepRows: false` counts without keeping the rows (a pass over every conversation keeps none of them).
 * `profilePrices`: each vendor profile's own unit price, by profile id (profileUnitPrices of the settings).
 */
export function createViewBuilder(
  filter: Filter,
  prices: Record<Vendor, number>,
  several: ReadonlyMap<string, ReviewerVerdict[]>,
  { keepRows = true, profilePrices }: { keepRows?: boolean; profilePrices?: Readonly<Record<string, number>> } = {},
) {
  const rows: ConversationRecord[] = [];
  const reviewers = new Set<string>();
  const workspaces = new Set<string>();
  const figures = figuresAccumulator(prices, profilePrices);
  const charts = chartsAccumulator(several);
  const disagreed = new Map<string, ReviewerVerdict[]>();
  return {
    add(c: ConversationRecord): void {
      if (!isRelevant(c)) return;
      if (c.current?.reviewer) reviewers.add(c.current.reviewer);
      if (c.workspace) workspaces.add(c.workspace);
      if (!matchesConversation(c, filter)) return;
      if (keepRows) rows.push(c);
      figures.add(c);
      charts.add(c);
      const verdicts = several.get(c.convKey);
      if (verdicts && isDisagreed(verdicts)) disagreed.set(c.convKey, verdicts);
    },
    finish(): DashboardView {
      return { rows, figures: figures.result(), charts: charts.result(), disagreed, reviewers: [...reviewers].sort(), workspaces: [...workspaces].sort() };
    },
  };
}
