// Figures for what the day counts cannot answer (free text in notes): a pass over every conversation, a page at a
// time with a pause between (the page stays responsive), stopped as soon as the filter changes. Nothing of the
// conversations is kept but the counts.
import { useEffect, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import type { Filter } from '../../utils/analysis/filters';
import type { ReviewerVerdict } from '../../utils/analysis/reviewer-verdicts';
import { createViewBuilder, type DashboardView } from '../../utils/analysis/view';
import { scanConversations } from '../../utils/store/conversation-pages';
import type { Vendor } from '../../utils/model/verdict';

/** Lets the page handle input and paint before the next page (scheduler.yield where the browser has it). */
const pause = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};

/**
 * The view of `filter` counted one by one, when `wanted`; counted again when `version` changes (the day counts
 * moved: something was written). The last answer for this filter stands while the next is counted.
 */
export function useScannedView(
  db: RecountDB,
  filter: Filter,
  prices: Record<Vendor, number>,
  several: ReadonlyMap<string, ReviewerVerdict[]>,
  wanted: boolean,
  version: unknown,
): { view: DashboardView; filter: Filter; counted: number } | null {
  const [answer, setAnswer] = useState<{ view: DashboardView; filter: Filter; counted: number } | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let alive = true;
    void (async () => {
      const builder = createViewBuilder(filter, prices, several, { keepRows: false });
      let counted = 0;
      const done = await scanConversations(
        db,
        async (page) => {
          for (const c of page) builder.add(c);
          counted += page.length;
          await pause();
        },
        () => !alive,
      );
      if (done && alive) setAnswer({ view: builder.finish(), filter, counted });
    })().catch((error) => console.error('[Recount] could not count the conversations for this filter', error));
    return () => {
      alive = false;
    };
  }, [db, filter, prices, several, wanted, version]);
  return wanted && answer?.filter === filter ? answer : null;
}
