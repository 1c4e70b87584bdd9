// The verdict model: what a buyer-side reviewer says about one conversation the vendor billed.
// Verdicts are an append-only log of events; the current verdict is the latest event.

export const VERDICTS = ['genuine', 'false', 'unsure'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const FALSE_REASONS = [
  'abandoned',
  'recontacted',
  'human_needed',
  'wrong_answer',
  'not_billable',
  'other',
] as const;
export type FalseReason = (typeof FALSE_REASONS)[number];

export const VERDICT_LABELS: Record<Verdict, string> = {
  genuine: 'Genuine',
  false: 'False resolution',
  unsure: 'Unsure',
};

export const REASON_LABELS: Record<FalseReason, string> = {
  abandoned: 'Customer gave up',
  recontacted: 'Came back about the same issue',
  human_needed: 'A teammate had to step in',
  wrong_answer: 'Incorrect or unhelpful answer',
  not_billable: 'Greeting only, spam, test or duplicate',
  other: 'Other',
};

/** `custom` covers every user-defined vendor profile; its workspace is the profile's id. */
export const VENDORS = ['intercom', 'zendesk', 'salesforce', 'custom'] as const;
export type Vendor = (typeof VENDORS)[number];

export const VENDOR_LABELS: Record<Vendor, string> = {
  intercom: 'Intercom',
  zendesk: 'Zendesk',
  salesforce: 'Salesforce',
  custom: 'Profile',
};

/** Identifies one conversation across vendors and workspaces. */
export interface ConversationKey {
  vendor: Vendor;
  /** Intercom app id, Zendesk subdomain, Salesforce org domain, … */
  workspace: string;
  conversationId: string;
}

export function conversationKeyString(key: ConversationKey): string {
  return `${key.vendor}:${key.workspace}:${key.conversationId}`;
}

/** What the vendor says it did with the conversation, in the vendor's own terms, normalised. */
export const RESOLUTION_KINDS = [
  // Intercom Fin
  'confirmed',
  'assumed',
  'procedure_handoff',
  'escalated',
  'abandoned',
  'negative_feedback',
  // Zendesk: solved with only the AI agent answering, which Zendesk counts after 72 h
  'automated_resolution',
  // Zendesk: solved, but a teammate answered
  'handled_by_teammate',
  // Salesforce Agentforce: every 24 h conversation window the agent took part in is billed
  'conversation_window',
  // A user-defined profile's "resolved" marker was found
  'resolved',
  'none',
] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

export const CONVERSATION_STATES = ['new', 'open', 'pending', 'on_hold', 'snoozed', 'solved', 'closed', 'unknown'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

export interface VendorClaim {
  state: ConversationState;
  resolution: ResolutionKind;
  /** The vendor's label as shown on the page, e.g. "Assumed Resolution". */
  resolutionLabel: string;
  url: string;
}

/** Claims the vendor bills as an outcome (Intercom: a resolution or a procedure handoff). */
const BILLABLE: ReadonlySet<ResolutionKind> = new Set([
  'confirmed',
  'assumed',
  'procedure_handoff',
  'automated_resolution',
  'conversation_window',
  'resolved',
]);

export function isBillableClaim(claim: Pick<VendorClaim, 'resolution'>): boolean {
  return BILLABLE.has(claim.resolution);
}

const CLAIM_WORDS: Record<ResolutionKind, string> = {
  confirmed: 'confirmed resolution',
  assumed: 'assumed resolution',
  procedure_handoff: 'procedure handoff',
  escalated: 'escalated to a teammate',
  abandoned: 'abandoned',
  negative_feedback: 'negative feedback',
  automated_resolution: 'automated resolution candidate',
  handled_by_teammate: 'handled by a teammate',
  conversation_window: 'billed conversation',
  resolved: 'resolved',
  none: 'no resolution',
};

export function describeClaim(vendorAgentName: string, claim: Pick<VendorClaim, 'resolution'>): string {
  return `${vendorAgentName}: ${CLAIM_WORDS[claim.resolution]}`;
}

export const UNNAMED_REVIEWER = 'unnamed reviewer';

export interface VerdictEvent {
  /** Unique id (UUID v4); merging logs is a union by id. */
  id: string;
  convKey: string;
  vendor: Vendor;
  workspace: string;
  conversationId: string;
  verdict: Verdict;
  /** Only for verdict "false". */
  reason: FalseReason | null;
  note: string;
  reviewer: string;
  /** Milliseconds since the epoch, when the reviewer tagged. */
  at: number;
  /** The vendor's claim as the reviewer saw it. */
  claim: VendorClaim;
  /** The suggestion shown at the time, if any: evidence of what the reviewer was told. */
  suggested: Verdict | null;
  /** Tamper evidence (utils/model/chain.mjs): the recording installation's chain, position, and hashes. */
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** Latest event wins; ties (same millisecond, two tabs) break on id so every context agrees. */
export function compareEvents(a: Pick<VerdictEvent, 'at' | 'id'>, b: Pick<VerdictEvent, 'at' | 'id'>): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function currentVerdict<E extends Pick<VerdictEvent, 'at' | 'id'>>(events: readonly E[]): E | null {
  let latest: E | null = null;
  for (const event of events) if (!latest || compareEvents(event, latest) > 0) latest = event;
  return latest;
}

/** JavaScript's last representable date, in ms: a time beyond it cannot be shown or compared. */
export const LAST_DATE_MS = 8.64e15;
