// The newest conversations of a filter, read by index without reading the rest: what the table shows while the
// dashboard's full read of the conversations is still going (opening it over a large log).
import { useEffect, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import type { ConversationRecord } from '../../utils/model/records';
import { newestConversations } from '../../utils/store/event-only';
import { matchesConversation, type Filter } from '../../utils/analysis/filters';
import { isRelevant } from '../../utils/model/tally';

/** Rows enough to fill the table's viewport and then some. */
export const FIRST_ROWS = 40;

/** Read only while `wanted` (the full view for this filter is not there yet); null until read for this filter. */
export function useFirstRows(db: RecountDB, filter: Filter, wanted: boolean): { rows: ConversationRecord[]; filter: Filter } | null {
  const [rows, setRows] = useState<{ rows: ConversationRecord[]; filter: Filter } | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let alive = true;
    newestConversations(db, (c) => isRelevant(c) && matchesConversation(c, filter), FIRST_ROWS)
      .then((found) => alive && setRows({ rows: found, filter }))
      .catch((error) => console.error('[Recount] could not read the newest conversations', error));
    return () => {
      alive = false;
    };
  }, [db, filter, wanted]);
  return wanted && rows?.filter === filter ? rows : null;
}
