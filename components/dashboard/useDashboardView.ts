// The dashboard's view of the conversations for a filter, rebuilt when they, the filter, the prices or the
// reviewers' verdicts change — in slices of SLICE conversations with a pause between, so the page answers
// throughout (an open dashboard follows every tag made elsewhere). A newer change stops an older rebuild.
import { useEffect, useState } from 'preact/hooks';
import type { ConversationRecord } from '../../utils/model/records';
import type { Filter } from '../../utils/analysis/filters';
import type { ReviewerVerdict } from '../../utils/analysis/reviewer-verdicts';
import { createViewBuilder, type DashboardView } from '../../utils/analysis/view';
import type { Vendor } from '../../utils/model/verdict';

const SLICE = 5_000;

/** Lets the page handle input and paint before the next slice (scheduler.yield where the browser has it). */
const pause = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};

export function useDashboardView(
  conversations: readonly ConversationRecord[] | null,
  filter: Filter,
  prices: Record<Vendor, number>,
  several: ReadonlyMap<string, ReviewerVerdict[]>,
): (DashboardView & { filter: Filter }) | null {
  const [view, setView] = useState<(DashboardView & { filter: Filter }) | null>(null);
  useEffect(() => {
    if (!conversations) return;
    let stale = false;
    void (async () => {
      const builder = createViewBuilder(filter, prices, several);
      for (let i = 0; i < conversations.length; i += SLICE) {
        if (i > 0) {
          await pause();
          if (stale) return;
        }
        const end = Math.min(conversations.length, i + SLICE);
        for (let j = i; j < end; j++) builder.add(conversations[j]);
      }
      if (!stale) setView({ ...builder.finish(), filter });
    })();
    return () => {
      stale = true;
    };
  }, [conversations, filter, prices, several]);
  return view;
}
