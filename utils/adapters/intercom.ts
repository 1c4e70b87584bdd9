// Intercom inbox (Fin AI Agent). Facts and markers: docs/vendors.md, "Intercom".
// Every marker is a hypothesis from third-party code; each is exercised by test/fixtures/intercom/*.html.
import {
  bestShown,
  collectRoots,
  containsAcross,
  innermost,
  listLinkRule,
  nearestTo,
  outermost,
  parentAcross,
  queryAllRoots,
  queryWithin,
  readText,
  shownRank,
  valuesBesideLabel,
} from './dom';
import { DEFAULT_LABELS, isAgentName, lookUpWord, type ReadingLabels } from './labels';
import type { ConversationKey, ConversationState, ResolutionKind } from '../model/verdict';
import type { PageRead, VendorAdapter } from './types';
import type { AuthorKind, TranscriptMessage } from '../model/transcript';

export const INTERCOM_SELECTORS = {
  /** One report says the message stream renders inside this element's shadow root. */
  appShadowHost: '#teammate-app-react',
  conversationArea: '[data-intercom-target="conversation-space"], .inbox2__conversation-page',
  header: '[data-intercom-target="inbox-header"]',
  detailsSidebar: '.inbox2__conversation-details-sidebar',
  messagePart: '[data-intercom-target="conversation-stream-content-part"]',
  teammateName: '[data-testid="admin-avatar-name"]',
  messageText: '.intercom-interblocks-html',
  time: 'time[datetime]',
  /** Not a documented marker: used only when present, to refuse a stale render after navigation. */
  renderedConversationId: '[data-conversation-id]',
  /** A region still loading says so (ARIA), or shows a placeholder. */
  loading: '[aria-busy="true"], [role="progressbar"], [class*="skeleton"]',
  /** Rows of the inbox list link to their conversation. */
  conversationLink: 'a[href*="/conversation/"]',
} as const;

const INTERCOM_PART_CLASSES = {
  note: 'inbox2__note-part',
  customer: 'inbox2__user-email-part',
  teammate: 'inbox2__admin-email-part',
} as const;

const HOSTS = new Set(['app.intercom.com', 'app.eu.intercom.com', 'app.au.intercom.com']);

// /a/inbox/{appId}/inbox/<any view path>/conversation/{id}, and the legacy /a/apps/{appId}/conversations/{id}.
const INBOX_PATH = /^\/a\/inbox\/([^/]+)\/inbox(?:\/[^/]+)*\/conversation\/(\d+)\/?$/;
const LEGACY_PATH = /^\/a\/apps\/([^/]+)\/conversations\/(\d+)\/?$/;

export function intercomConversationKey(url: URL): ConversationKey | null {
  if (!HOSTS.has(url.hostname)) return null;
  const match = INBOX_PATH.exec(url.pathname) ?? LEGACY_PATH.exec(url.pathname);
  if (!match) return null;
  return { vendor: 'intercom', workspace: decodeURIComponent(match[1]), conversationId: match[2] };
}

/**
 * Both API-version vocabularies (v2.11–2.14 and v2.15+), as the sidebar or a report shows them:
 * "Assumed Resolution", "assumed_resolution", "Routed to team", … plus a workspace's own words.
 */
export function parseFinResolution(label: string | null, extraWords: Record<string, ResolutionKind> = {}): ResolutionKind {
  const extra = lookUpWord(extraWords, label ?? '');
  if (extra) return extra;
  const words = (label ?? '').toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
  // Exact labels only: a cut or altered label ("Confirmed Res") must not count as a billed outcome.
  if (!words) return 'none';
  if (words === 'assumed resolution' || words === 'assumed' || words === 'soft resolution') return 'assumed';
  if (words === 'confirmed resolution' || words === 'confirmed' || words === 'hard resolution') return 'confirmed';
  if (words === 'procedure handoff') return 'procedure_handoff';
  if (words === 'routed to team' || words === 'escalated') return 'escalated';
  if (words === 'abandoned') return 'abandoned';
  if (words === 'negative feedback') return 'negative_feedback';
  return 'none';
}

const STATE_WORDS: Record<string, ConversationState> = { closed: 'closed', resolved: 'closed', snoozed: 'snoozed', open: 'open' };

/** The header shows a state label ("Open", "Closed", "Snoozed") or, failing that, the button that changes it. */
export function parseConversationState(header: Element | null, extraWords: Record<string, ConversationState> = {}): ConversationState {
  if (!header) return 'unknown';
  const found = new Set<ConversationState>();
  let button: ConversationState = 'unknown';
  for (const el of queryWithin(header, '*')) {
    if (el.children.length !== 0) continue;
    const text = readText(el);
    const state = lookUpWord(extraWords, text) ?? lookUpWord(STATE_WORDS, text);
    if (state) found.add(state);
    // The button offers the other state: "Reopen" on a closed conversation, "Close" on an open one.
    const word = text.toLowerCase();
    if (word === 'reopen') button = 'closed';
    else if (word === 'close' && button === 'unknown') button = 'open';
  }
  // Two different state labels in one header: we cannot tell which is this conversation's.
  if (found.size > 1) return 'unknown';
  return found.size === 1 ? [...found][0] : button;
}

/** A part's kind, by class on the part or on a wrapper inside it (never inside the message text itself). */
function partIs(part: Element, className: string): boolean {
  if (part.classList.contains(className)) return true;
  const inner = part.querySelector(`.${className}`);
  return inner !== null && !inner.closest(INTERCOM_SELECTORS.messageText);
}

function authorOf(part: Element, labels: ReadingLabels): { author: AuthorKind; authorName: string } {
  const teammateName = readText(part.querySelector(INTERCOM_SELECTORS.teammateName));
  if (partIs(part, INTERCOM_PART_CLASSES.note)) return { author: 'note', authorName: teammateName };
  if (isAgentName(labels, teammateName)) return { author: 'ai_agent', authorName: teammateName };
  if (teammateName || partIs(part, INTERCOM_PART_CLASSES.teammate)) {
    return { author: 'teammate', authorName: teammateName };
  }
  return { author: 'customer', authorName: readText(part.querySelector('[data-testid="user-avatar-name"]')) };
}

function readMessage(part: Element, labels: ReadingLabels): TranscriptMessage {
  const time = part.querySelector(INTERCOM_SELECTORS.time)?.getAttribute('datetime');
  const at = time ? Date.parse(time) : NaN;
  const textEl = part.querySelector(INTERCOM_SELECTORS.messageText);
  return { ...authorOf(part, labels), at: Number.isFinite(at) ? at : null, text: readText(textEl ?? part) };
}

/** Where a region says which conversation it shows: itself or an ancestor, else a descendant outside its messages and links. */
function renderedIdOf(region: Element): string | null {
  for (let el: Element | null = region; el; el = parentAcross(el)) {
    const id = el.getAttribute('data-conversation-id');
    if (id) return id;
  }
  for (const el of queryWithin(region, INTERCOM_SELECTORS.renderedConversationId)) {
    if (el.closest(`${INTERCOM_SELECTORS.messagePart}, a, nav, [role="list"], ul`)) continue;
    return el.getAttribute('data-conversation-id');
  }
  return null;
}

/** Something that describes another conversation: a link to one, or an element carrying another id. */
function describesOther(el: Element, conversationId: string, region: Element | null): boolean {
  for (let node: Element | null = el; node && node !== region; node = parentAcross(node)) {
    const id = node.getAttribute('data-conversation-id');
    if (id && id !== conversationId) return true;
    if (node.matches(INTERCOM_SELECTORS.conversationLink)) return true;
  }
  return false;
}

interface IntercomRegion {
  /** The conversation's own area: stream, header and (often) the sidebar are inside. */
  area: Element;
  roots: ParentNode[];
}

/**
 * The one conversation area the URL describes. Areas hidden by the app are dropped; of several shown, the one
 * that says it is this conversation; a stale area (another conversation's id) or two that cannot be told
 * apart is reported as missing, never read.
 */
function findArea(doc: Document, conversationId: string): IntercomRegion | { missing: string } {
  const roots = collectRoots(doc, [INTERCOM_SELECTORS.appShadowHost]);
  const all = queryAllRoots(roots, INTERCOM_SELECTORS.conversationArea);
  // Nested markers (a conversation-space inside a conversation page) are one area: keep the outer one that
  // holds a single inner one, so the header and sidebar beside the stream are inside it.
  const inner = innermost(all);
  const areas = bestShown(inner).map((el) => {
    let area = el;
    for (const outer of all) {
      if (outer !== area && containsAcross(outer, area) && inner.filter((i) => containsAcross(outer, i)).length === 1) area = outer;
    }
    return area;
  });
  if (areas.length === 0) return { missing: 'conversation area' };
  const ids = areas.map(renderedIdOf);
  const matching = areas.filter((_, i) => ids[i] === conversationId);
  if (matching.length === 1) return { area: matching[0], roots };
  if (areas.length > 1) return { missing: 'one conversation on screen' };
  // Single-page navigation: the URL changes before the new conversation renders. Where the area says which
  // conversation it shows, a mismatch means the old one is still on screen.
  if (ids[0] && ids[0] !== conversationId) return { missing: 'conversation for this URL' };
  return { area: areas[0], roots };
}

export function readIntercomPage(doc: Document, url: URL, labels: ReadingLabels = DEFAULT_LABELS.intercom): PageRead {
  const key = intercomConversationKey(url);
  if (!key) return { status: 'not-conversation' };
  const found = findArea(doc, key.conversationId);
  if ('missing' in found) {
    // Name every marker the page lacks, so a redesign is diagnosed in one look.
    const roots = collectRoots(doc, [INTERCOM_SELECTORS.appShadowHost]);
    const missing = [found.missing];
    if (found.missing === 'conversation area') {
      if (queryAllRoots(roots, INTERCOM_SELECTORS.detailsSidebar).length === 0) missing.push('details sidebar');
      if (queryAllRoots(roots, INTERCOM_SELECTORS.messagePart).length === 0) missing.push('message parts');
    }
    return { status: 'missing-markers', key, missing };
  }
  const { area, roots } = found;
  const mine = (el: Element) => !describesOther(el, key.conversationId, null) || containsAcross(area, el);
  const otherAreas = queryAllRoots(roots, INTERCOM_SELECTORS.conversationArea).filter((a) => !containsAcross(a, area) && !containsAcross(area, a));
  const belongs = (el: Element) => mine(el) && !otherAreas.some((other) => containsAcross(other, el));
  const sidebar = nearestTo(area, bestShown(queryAllRoots(roots, INTERCOM_SELECTORS.detailsSidebar).filter(belongs)));
  const parts = outermost(queryWithin(area, INTERCOM_SELECTORS.messagePart));
  const missing: string[] = [];
  if (!sidebar) missing.push('details sidebar');
  if (parts.length === 0) missing.push('message parts');
  if (missing.length > 0) return { status: 'missing-markers', key, missing };

  // Only the sidebar's own rows: a preview card of another conversation inside it has its own.
  const values = [...new Set(valuesBesideLabel(sidebar!, labels.resolutionLabel, (el) => describesOther(el, key.conversationId, sidebar)))];
  if (values.length > 1) return { status: 'missing-markers', key, missing: [`one "${labels.resolutionLabel}" value`] };
  const resolutionLabel = values[0] ?? '';
  // No outcome row yet while the sidebar says it is still loading: wait, rather than read "no resolution".
  if (!resolutionLabel && queryWithin(sidebar!, INTERCOM_SELECTORS.loading).some((el) => shownRank(el) > 0)) {
    return { status: 'missing-markers', key, missing: ['details sidebar (still loading)'] };
  }
  const header = nearestTo(area, bestShown(queryAllRoots(roots, INTERCOM_SELECTORS.header).filter(belongs)));
  return {
    status: 'conversation',
    region: area,
    conversation: {
      key,
      agentName: labels.aiAgentNames[0] || 'Fin',
      claim: {
        state: parseConversationState(header, labels.stateWords),
        resolution: parseFinResolution(resolutionLabel, labels.resolutionWords),
        resolutionLabel,
        url: url.href,
      },
      messages: parts.map((part) => readMessage(part, labels)),
      billingNote: null,
    },
  };
}

export const intercomAdapter: VendorAdapter = {
  vendor: 'intercom',
  label: 'Intercom',
  matchesHost: (hostname) => HOSTS.has(hostname),
  conversationKeyFromUrl: intercomConversationKey,
  shadowHosts: [INTERCOM_SELECTORS.appShadowHost],
  read: readIntercomPage,
  contentRoots: (doc) => {
    const roots = collectRoots(doc, [INTERCOM_SELECTORS.appShadowHost]);
    return [INTERCOM_SELECTORS.conversationArea, INTERCOM_SELECTORS.detailsSidebar, INTERCOM_SELECTORS.header].flatMap((selector) =>
      queryAllRoots(roots, selector),
    );
  },
  // Inbox list rows are links to conversations; the open conversation's own links don't count.
  ...listLinkRule(INTERCOM_SELECTORS.conversationLink, INTERCOM_SELECTORS.conversationArea),
};
