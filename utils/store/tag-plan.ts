// What a tag writes, planned from what was read (or remembered) before it: the event at the next position of this
// installation's chain, and the conversation's row with its current verdict moved. Shared by every way a tag is
// recorded (utils/store/tagging.ts) and by the journal's fold (utils/store/tag-journal.ts).
import { eventHash, GENESIS } from '../model/chain.mjs';
import { sha256hex } from '../model/hash';
import type { ConversationRecord } from '../model/records';
import { DEFAULT_SETTINGS } from '../model/settings';
import type { TagInput } from '../model/tag-intake';
import { compareEvents, conversationKeyString, UNNAMED_REVIEWER, type VerdictEvent } from '../model/verdict';
import type { SettingsRow } from './db';
import { foldEvent } from './event-only';
import { mergeSettings } from './settings';

export type SettingsRowValue = Extract<SettingsRow, { key: 'settings' }>['value'] | undefined;

/**
 * The conversation row after a tag: its current verdict is the later of the row's and the tag's. Without a row,
 * what the conversation's events (merged from other logs) say of it, if it has any.
 */
export function projectTag(event: VerdictEvent, conversation: ConversationRecord | undefined, fromEvents?: ConversationRecord): ConversationRecord {
  if (!conversation) return foldEvent(fromEvents, event); // tagged before any read reached us
  const current = conversation.current && compareEvents(conversation.current, event) > 0 ? conversation.current : event;
  return { ...conversation, current };
}

/** The event and the conversation row a tag writes. */
export function planTag(
  input: TagInput,
  options: { now?: number; id?: string },
  settingsValue: SettingsRowValue,
  chain: string,
  head: { seq: number; hash: string } | undefined,
  conversation: ConversationRecord | undefined,
  /** Without a row: what the conversation's events (merged from other logs) say of it, if it has any. */
  fromEvents?: ConversationRecord,
): { event: VerdictEvent; current: VerdictEvent; row: ConversationRecord } {
  const settings = mergeSettings(DEFAULT_SETTINGS, settingsValue ?? {});
  const convKey = conversationKeyString(input.key);
  const unhashed: Omit<VerdictEvent, 'hash'> = {
    id: options.id ?? crypto.randomUUID(),
    convKey,
    ...input.key,
    verdict: input.verdict,
    reason: input.verdict === 'false' ? input.reason : null,
    note: input.note,
    reviewer: settings.reviewerName || UNNAMED_REVIEWER,
    at: options.now ?? Date.now(),
    claim: input.claim,
    suggested: input.suggested,
    chain,
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? GENESIS,
  };
  const event: VerdictEvent = { ...unhashed, hash: eventHash(unhashed as VerdictEvent, sha256hex) };
  const row = projectTag(event, conversation, fromEvents);
  return { event, current: row.current!, row };
}
