// Two witnesses to the vendor's claim: what the page shows and what the vendor's API says. Where both speak,
// the API's word is the one stored (it does not depend on our reading of the DOM), and a disagreement is
// shown, never smoothed over.
import type { ConversationRead } from '../../utils/model/transcript';
import type { ApiConversationClaim } from '../../utils/io/intercom-api';
import type { ConversationKey } from '../../utils/model/verdict';

/** What the bar says about the second witness. */
export interface WitnessNote {
  text: string;
  disagree: boolean;
}

/** "assumed_resolution" → "Assumed resolution"; no state → "no resolution". */
export function apiStateWords(state: string | null): string {
  if (!state) return 'no resolution';
  const words = state.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const apiResolution = (claim: ApiConversationClaim) => (claim.aiAgentParticipated ? claim.resolution : 'none');

/** The page's reading with the API's claim in its place, and what the bar says of the two. */
export function withApiWitness(read: ConversationRead, api: ApiConversationClaim): { conversation: ConversationRead; note: WitnessNote } {
  const apiWords = api.aiAgentParticipated ? apiStateWords(api.resolutionState) : 'Fin did not take part';
  const pageWords = read.claim.resolutionLabel || 'no resolution';
  const disagree = apiResolution(api) !== read.claim.resolution;
  const resolutionLabel = (disagree ? `${apiWords} (Intercom API; page: ${pageWords})` : `${apiWords} (Intercom API)`).slice(0, 200);
  return {
    conversation: { ...read, claim: { ...read.claim, resolution: apiResolution(api), resolutionLabel, state: api.state === 'unknown' ? read.claim.state : api.state } },
    note: disagree
      ? { text: `Page says ${pageWords}, API says ${apiWords}: the API's claim is the one recorded.`, disagree: true }
      : { text: `Intercom's API agrees: ${apiWords}.`, disagree: false },
  };
}

/** A conversation the page could not be read for, from the API alone: no transcript, so no suggestion. */
export function readFromApi(key: ConversationKey, api: ApiConversationClaim, url: string, missing: readonly string[]): { conversation: ConversationRead; note: WitnessNote } {
  const apiWords = api.aiAgentParticipated ? apiStateWords(api.resolutionState) : 'Fin did not take part';
  return {
    conversation: {
      key,
      agentName: 'Fin',
      claim: { state: api.state, resolution: apiResolution(api), resolutionLabel: `${apiWords} (Intercom API; page unreadable)`.slice(0, 200), url },
      messages: [],
      billingNote: null,
    },
    note: { text: `Read from Intercom's API: the page could not be read (missing: ${missing.join(', ')}), so suggestions are unavailable.`, disagree: false },
  };
}
