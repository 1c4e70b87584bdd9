// The table's conversations for a filter, a page at a time by index (newest first), never all of them: the first
// page at once, the next on "Show more". After a write the pages shown are read again (writes that come while a
// read waits go in that read), so the table follows tags made elsewhere without a pass over the log.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import type { ConversationRecord } from '../../utils/model/records';
import { cursorOf, newestConversations } from '../../utils/store/conversation-pages';
import { matchesConversation, type Filter } from '../../utils/analysis/filters';
import { isRelevant } from '../../utils/model/tally';
import { onWrites, serialQueue } from './follow-writes';

/** Rows per page: enough to fill the table's viewport and then some. */
export const ROW_PAGE = 50;
/** How long a write waits for others before the shown pages are read again. */
const READ_GAP_MS = 150;

export interface RowPages {
  /** The filter these rows are for. */
  filter: Filter;
  rows: ConversationRecord[];
  /** No conversation of the filter is left unread. */
  complete: boolean;
}

/** The rows read for this filter (null until its first page is in), and "Show more". */
export function useRowPages(db: RecountDB, filter: Filter): { pages: RowPages | null; more: () => void; loadingMore: boolean } {
  const [pages, setPages] = useState<RowPages | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const moreRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    let alive = true;
    let current: RowPages | null = null;
    const cancelled = () => !alive;
    const keep = (c: ConversationRecord) => isRelevant(c) && matchesConversation(c, filter);
    const enqueue = serialQueue('the table');
    const show = (next: RowPages) => {
      current = next;
      if (alive) setPages(next);
    };
    // The first page, or as many rows as are shown (after a write).
    const readShown = async () => {
      const shown = Math.max(ROW_PAGE, current?.rows.length ?? 0);
      const rows = await newestConversations(db, keep, shown, { cancelled });
      if (rows) show({ filter, rows, complete: rows.length < shown });
    };
    enqueue(readShown);
    let waiting = false;
    const stop = onWrites(db, (touched) => {
      const rows = touched('conversations');
      const events = touched('events');
      if ((rows !== 'all' && rows.length === 0 && events !== 'all' && events.length === 0) || waiting) return;
      waiting = true;
      setTimeout(() => {
        waiting = false;
        if (alive) enqueue(readShown);
      }, READ_GAP_MS);
    });
    moreRef.current = () =>
      enqueue(async () => {
        const shown = current;
        if (!alive || !shown || shown.complete || shown.rows.length === 0) return;
        setLoadingMore(true);
        try {
          const next = await newestConversations(db, keep, ROW_PAGE, { after: cursorOf(shown.rows[shown.rows.length - 1]), cancelled });
          if (next) show({ filter, rows: [...shown.rows, ...next], complete: next.length < ROW_PAGE });
        } finally {
          if (alive) setLoadingMore(false);
        }
      });
    return () => {
      alive = false;
      stop();
    };
  }, [db, filter]);
  const more = useCallback(() => moreRef.current(), []);
  return { pages: pages?.filter === filter ? pages : null, more, loadingMore };
}
