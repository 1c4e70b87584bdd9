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
