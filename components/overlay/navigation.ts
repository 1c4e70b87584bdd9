// Where the tab is: one record of the URL for the page controller. The per-batch look at mutations never reads
// `location`: from a content script that getter alone cost more than the rest of it (≈ 2 ms/s at 50 changes a
// second); navigation events say when the URL moved, and `sync` reads it then.
import type { VendorAdapter } from '../../utils/adapters/types';

export function createUrlTracker(adapter: VendorAdapter) {
  let href = location.href;
  let isConversation = adapter.conversationKeyFromUrl(new URL(href)) !== null;
  let navigated = false;
  return {
    get href() {
      return href;
    },
    /** Whether the URL names a conversation (as of the last sync). */
    get isConversation() {
      return isConversation;
    },
    /** A navigation event came and no sync has read the URL since. */
    get navigated() {
      return navigated;
    },
    markNavigated() {
      navigated = true;
    },
    /** Whether the URL moved since the last sync. */
    sync(): boolean {
      navigated = false;
      const next = location.href;
      if (next === href) return false;
      href = next;
      isConversation = adapter.conversationKeyFromUrl(new URL(next)) !== null;
      return true;
    },
  };
}
