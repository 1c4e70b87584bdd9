// The records of a few conversations named by key (those several reviewers tagged), read again whenever the map
// naming them changes: what the figures need of them beside the day counts, without a pass over every
// conversation.
import { useEffect, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import type { ConversationRecord } from '../../utils/model/records';
import { conversationsByKey } from '../../utils/store/conversation-pages';

/** null until the first read is in. */
export function useRecordsOf(db: RecountDB, keys: ReadonlyMap<string, unknown>): Map<string, ConversationRecord> | null {
  const [records, setRecords] = useState<{ keys: ReadonlyMap<string, unknown>; records: Map<string, ConversationRecord> } | null>(null);
  useEffect(() => {
    let alive = true;
    conversationsByKey(db, [...keys.keys()])
      .then((found) => alive && setRecords({ keys, records: found }))
      .catch((error) => console.error('[Recount] could not read the conversations several reviewers tagged', error));
    return () => {
      alive = false;
    };
  }, [db, keys]);
  // The previous answer stands until the next is in (the keys change as tags arrive).
  return records?.records ?? null;
}
