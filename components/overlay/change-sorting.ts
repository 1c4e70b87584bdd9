// Sorting a batch of page changes: on a busy page most are elsewhere (a list ticking over), so the controller
// re-reads only when a change touches what the adapter reads, or the URL moved — at once, so the bar follows the
// conversation within its frame; otherwise once per frame when elements came, or not at all.
import { addsElements, type MutationTriage } from '../../utils/adapters/dom';
import type { VendorAdapter } from '../../utils/adapters/types';

export function createChangeSorter(
  adapter: VendorAdapter,
  state: {
    /** A conversation is (or may be) on screen: changes to it matter. */
    reading: () => boolean;
    /** Markers are missing: the containers cannot be trusted to hold what comes. */
    waitingForMarkers: () => boolean;
    navigated: () => boolean;
  },
) {
  // The conversation's containers, looked up again only when elements came or one of them left the page: an
  // inbox beside the open conversation changes many times a second.
  let roots: Element[] | null = null;
  /** true/false when the adapter can tell whether the changes touch the conversation; null when it cannot. */
  const touchesConversation = (records: readonly MutationRecord[]): boolean | null => {
    if (!adapter.contentRoots || state.waitingForMarkers()) return null;
    if (!roots || roots.some((root) => !root.isConnected) || addsElements(records)) roots = adapter.contentRoots(document);
    const found = roots;
    if (found.length === 0) return null;
    return records.some((r) => found.some((root) => root.contains(r.target) || r.target.contains(root)));
  };
  const triage: MutationTriage = (records) => {
    if (state.navigated()) return 'now';
    if (state.reading()) {
      const touches = touchesConversation(records);
      if (touches) return 'now';
      if (touches === null) return 'frame'; // can't tell: read once per frame, as the fallback
    }
    return addsElements(records) ? 'frame' : 'skip';
  };
  return { touchesConversation, triage };
}
