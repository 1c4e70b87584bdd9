// The table's conversations for a filter, a page at a time by index (newest first), never all of them: the first
// page at once, the next on "Show more". After a write the pages shown are read again (writes that come while a
// read waits go in that read), so the table follows tags made elsewhere without a pass over the log. With free
// text, the notes' search names the conversations (and follows the writes itself): only those are read.
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import type { ConversationRecord } from '../../utils/model/records';
import { conversationsByKey, cursorOf, newestConversations, type PageCursor } from '../../utils/store/conversation-pages';
import { matchesAfter, type NoteSearch } from '../../utils/analysis/note-search';
import { matchesConversation, type Filter } from '../../utils/analysis/filters';
import { isRelevant } from '../../utils/model/tally';
import { afterWritesTo, serialQueue } from './follow-writes';

/** Rows per page: enough to fill the table's viewport and then some. */
export const ROW_PAGE = 50;

export interface RowPages {
  /** The filter these rows are for. */
  filter: Filter;
  rows: ConversationRecord[];
  /** No conversation of the filter is left unread. */
  complete: boolean;
}

type PageOf = (limit: number, after: PageCursor | null) => Promise<ConversationRecord[] | null>;

/** A page of the conversations the notes' search named, read by key (each checked against the filter again). */
function pageOfSearch(db: RecountDB, search: NoteSearch, keep: (c: ConversationRecord) => boolean, cancelled: () => boolean): PageOf {
  return async (limit, after) => {
    const rows: ConversationRecord[] = [];
    let cursor = after;
    while (rows.length < limit) {
      const next = matchesAfter(search, cursor, limit - rows.length);
      if (next.length === 0) break;
      const found = await conversationsByKey(db, next.map((m) => m.convKey));
      if (cancelled()) return null;
      for (const m of next) {
        const c = found.get(m.convKey);
        if (c && keep(c)) rows.push(c);
      }
      cursor = next[next.length - 1];
    }
    return rows;
  };
}

/**
 * The rows read for this filter (null until its first page is in), and "Show more". A filter with free text
 * waits for its notes' search.
 */
export function useRowPages(db: RecountDB, filter: Filter, search: NoteSearch | null = null): { pages: RowPages | null; more: () => void; loadingMore: boolean } {
  const [pages, setPages] = useState<RowPages | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const moreRef = useRef<() => void>(() => undefined);
  // How many rows are shown, kept when the same filter's search is answered again after a write.
  const shownRef = useRef<{ filter: Filter; count: number } | null>(null);
  // A layout effect: the read starts as the filter is rendered, not a frame later (when effects run).
  useLayoutEffect(() => {
    let alive = true;
    let current: RowPages | null = null;
    const cancelled = () => !alive;
    const keep = (c: ConversationRecord) => isRelevant(c) && matchesConversation(c, filter);
    const bySearch = filter.text !== '';
    if (bySearch && search?.filter !== filter) return;
    const pageOf: PageOf = bySearch ? pageOfSearch(db, search!, keep, cancelled) : (limit, after) => newestConversations(db, keep, limit, { after, cancelled });
    const enqueue = serialQueue('the table');
    const show = (next: RowPages) => {
      current = next;
      shownRef.current = { filter, count: next.rows.length };
      if (alive) setPages(next);
    };
    // The first page, or as many rows as are shown (after a write).
    const readShown = async () => {
      const before = current?.rows.length ?? (shownRef.current?.filter === filter ? shownRef.current.count : 0);
      const shown = Math.max(ROW_PAGE, before);
      const rows = await pageOf(shown, null);
      if (rows) show({ filter, rows, complete: rows.length < shown });
    };
    enqueue(readShown);
    // With free text the search is answered again after writes, and this reads again with it.
    const stop = bySearch ? () => undefined : afterWritesTo(db, ['conversations', 'events'], () => alive && enqueue(readShown));
    moreRef.current = () =>
      enqueue(async () => {
        const shown = current;
        if (!alive || !shown || shown.complete || shown.rows.length === 0) return;
        setLoadingMore(true);
        try {
          const next = await pageOf(ROW_PAGE, cursorOf(shown.rows[shown.rows.length - 1]));
          if (next) show({ filter, rows: [...shown.rows, ...next], complete: next.length < ROW_PAGE });
        } finally {
          if (alive) setLoadingMore(false);
        }
      });
    return () => {
      alive = false;
      stop();
    };
  }, [db, filter, search]);
  const more = useCallback(() => moreRef.current(), []);
  return { pages: pages?.filter === filter ? pages : null, more, loadingMore };
}
