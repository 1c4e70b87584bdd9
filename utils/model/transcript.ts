// What a conversation is once read from a page: its messages and the billing signals seen, whatever the vendor.
import type { ConversationKey, VendorClaim } from './verdict';

export const AUTHOR_KINDS = ['customer', 'ai_agent', 'teammate', 'note'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];

export interface TranscriptMessage {
  author: AuthorKind;
  authorName: string;
  /** Milliseconds since the epoch, or null when the page shows no machine-readable time. */
  at: number | null;
  text: string;
}

/** Everything an adapter could read about the conversation on screen. */
export interface ConversationRead {
  key: ConversationKey;
  claim: VendorClaim;
  /** The vendor's name for its AI agent, e.g. "Fin". */
  agentName: string;
  messages: TranscriptMessage[];
  /** The vendor's billing rule as it applies here, in words (e.g. Zendesk's 72 h rule); null when none. */
  billingNote: string | null;
  /** Billed units seen on the page, where the vendor bills per window or per action. */
  billing?: BillingSignals;
}

export interface BillingSignals {
  /** Agentforce: 24 h conversation windows the transcript spans. */
  windows?: number;
  /** Windows opened only because the customer came back after the previous one ended. */
  reopenedWindows?: number;
  /** Agent actions the page shows (per-action billing). */
  actions?: number;
}

/** How long a row's opening line may be before it is cut (with an ellipsis). */
export const OPENING_LENGTH = 120;

/**
 * What a person recognises a conversation by: the customer's name and their first message, from the kept
 * transcript. Null parts when there is no transcript (not kept, or a teammate's merged verdict) or no customer
 * message in it.
 */
export function conversationOpening(transcript: readonly TranscriptMessage[] | null): { customer: string | null; opening: string | null } {
  const first = transcript?.find((m) => m.author === 'customer');
  if (!first) return { customer: null, opening: null };
  const text = first.text.replace(/\s+/g, ' ').trim();
  const opening = text.length > OPENING_LENGTH ? `${text.slice(0, OPENING_LENGTH - 1).trimEnd()}…` : text;
  return { customer: first.authorName.trim() || null, opening: opening || null };
}
