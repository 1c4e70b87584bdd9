// Every conversation of a view, for what needs them all at once (the current-verdicts export, an evidence
// bundle's transcripts): read on demand by a pass a page at a time, never held by the dashboard.
import type { RecountDB } from '../store/db';
import type { ConversationRecord } from '../model/records';
import { isRelevant } from '../model/tally';
import { byLastSeen } from '../store/event-only';
import { scanConversations } from '../store/conversation-pages';
import { matchesConversation, type Filter } from './filters';

/** The conversations in the filter, newest first (the table's order). */
export async function conversationsInView(db: RecountDB, filter: Filter): Promise<ConversationRecord[]> {
  const found: ConversationRecord[] = [];
  await scanConversations(db, (page) => {
    for (const c of page) if (isRelevant(c) && matchesConversation(c, filter)) found.push(c);
  });
  return found.sort(byLastSeen);
}
