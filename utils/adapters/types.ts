import type { ConversationKey, Vendor, VendorClaim } from '../model/verdict';
import type { ReadingLabels } from './labels';
import type { ConversationRead } from '../model/transcript';
import type { Suggestion } from '../model/suggest';

export type PageRead =
  /** The URL is not a conversation: nothing to show. */
  | { status: 'not-conversation' }
  /** A conversation URL whose page markers are (not yet) there: names of the missing markers. */
  | { status: 'missing-markers'; key: ConversationKey | null; missing: string[] }
  /**
   * `region` is the element the read came from (the conversation's pane or record page): the page controller
   * stores nothing read from a region that is no longer connected and shown.
   */
  | { status: 'conversation'; conversation: ConversationRead; region?: Element };

/** One vendor's helpdesk UI. Each adapter file exports one of these, and its content script uses it. */
export interface VendorAdapter {
  vendor: Vendor;
  /** Shown to the user, e.g. "Intercom". */
  label: string;
  matchesHost(hostname: string): boolean;
  /** Conversation key from the URL alone, or null when the URL is not a conversation. */
  conversationKeyFromUrl(url: URL): ConversationKey | null;
  /** Selectors of elements whose (open) shadow roots hold the content, searched level by level. */
  shadowHosts: readonly string[];
  /** `labels`: the page words to read by (Settings › Page labels); each adapter has its defaults. */
  read(doc: Document, url: URL, labels?: ReadingLabels): PageRead;
  /**
   * The elements whose changes can change what `read` returns (conversation, sidebar, header…). Changes
   * elsewhere on a busy page (a list ticking over) then cost no re-read. Omitted: every change re-reads.
   */
  contentRoots?(doc: Document): Element[];
  /** Links to conversations in list views (inbox list, ticket views), for the per-row badges. */
  listLinks?(doc: Document): HTMLAnchorElement[];
  /** Whether one link is such a list link, so what a change added is checked alone (`listLinkRule` gives both). */
  isListLink?(link: Element): boolean;
  /** Vendor-specific signals checked before the generic suggestion rules (e.g. a re-opened billing window). */
  suggest?(conversation: ConversationRead): Suggestion | null;
}
