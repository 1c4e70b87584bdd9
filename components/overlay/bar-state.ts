// What the verdict bar shows, worked out from what the page controller knows: a pure function, so every state
// the bar can be in is read in one place (and tested without a page).
import type { SpotCheckPosition } from '../../utils/analysis/spot-check-position';
import type { Settings } from '../../utils/model/settings';
import type { BlindNote } from '../../utils/model/records';
import type { Suggestion } from '../../utils/model/suggest';
import type { ConversationRead } from '../../utils/model/transcript';
import { conversationKeyString, describeClaim, isBillableClaim, type FalseReason, type Verdict, type VerdictEvent } from '../../utils/model/verdict';

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'saving'; verdict: Verdict }
  /** `tag`: the event id of the tag saved, so each save draws its own "Saved" (a repeated verdict too). */
  | { kind: 'saved'; tag?: string }
  | { kind: 'failed'; error: string };

export type BarState =
  | { kind: 'hidden' }
  | { kind: 'unreadable'; missing: string[] }
  | { kind: 'not-billed'; claimText: string; witness?: { text: string; disagree: boolean } | null }
  | {
      kind: 'billable';
      convKey: string;
      claimText: string;
      /** The vendor's billing rule as it applies here, e.g. Zendesk's 72 h rule. */
      billingNote?: string | null;
      /** What the vendor's API says beside the page (Intercom with a token set). */
      witness?: { text: string; disagree: boolean } | null;
      suggestion: Suggestion | null;
      current: VerdictEvent | null;
      /** Under a spot check's blind double review: whether others' verdicts are hidden, or what they said. */
      blind?: BlindNote | null;
      /** Part of a running spot check: its place in the queue and the next item. */
      spotCheck?: SpotCheckPosition | null;
      reviewerSet: boolean;
      save: SaveStatus;
      /** The team log's sync status in words; null when not in a team. */
      teamLine?: string | null;
    };

export interface TagRequest {
  verdict: Verdict;
  reason: FalseReason | null;
  note: string;
}

/** What the page controller knows that the bar depends on. */
export interface BarInputs {
  /** Markers missing for longer than the grace period: the "can't read" chip. */
  unreadable: string[] | null;
  conversation: ConversationRead | null;
  witnessNote: { text: string; disagree: boolean } | null;
  suggestion: Suggestion | null;
  /** undefined while the background has not answered for this conversation yet. */
  current: VerdictEvent | null | undefined;
  blind?: BlindNote | null;
  spotCheck?: SpotCheckPosition | null;
  settings: Settings | null;
  save: SaveStatus;
  teamLine?: string | null;
}

export function barStateOf({ unreadable, conversation, witnessNote, suggestion, current, blind = null, spotCheck = null, settings, save, teamLine = null }: BarInputs): BarState {
  if (unreadable) return { kind: 'unreadable', missing: unreadable };
  if (!conversation) return { kind: 'hidden' };
  const claimText = describeClaim(conversation.agentName, conversation.claim);
  // Only a billable claim gets a verdict prompt; anything else is a neutral chip.
  if (!isBillableClaim(conversation.claim)) {
    return conversation.claim.resolution === 'none' && !witnessNote?.disagree ? { kind: 'hidden' } : { kind: 'not-billed', claimText, witness: witnessNote };
  }
  return {
    kind: 'billable',
    convKey: conversationKeyString(conversation.key),
    claimText,
    billingNote: conversation.billingNote,
    witness: witnessNote,
    suggestion,
    current: current ?? null,
    blind,
    spotCheck,
    reviewerSet: settings ? settings.reviewerName !== '' : true,
    save,
    teamLine,
  };
}
