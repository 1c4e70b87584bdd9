// Intercom inbox (Fin AI Agent). Facts and markers: shared/vendors.md, "Intercom — Fin AI Agent".
// Every marker is a hypothesis from third-party code; each is exercised by test/fixtures/intercom/*.html.
import { collectRoots, listLinkRule, queryAllRoots, queryRoots, readText, valueBesideLabel } from '../dom';
import type { ConversationKey, ConversationState, ResolutionKind } from '../verdict';
import type { AuthorKind, PageRead, TranscriptMessage, VendorAdapter } from './types';

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
  /** Rows of the inbox list link to their conversation. */
  conversationLink: 'a[href*="/conversation/"]',
} as const;

export const INTERCOM_PART_CLASSES = {
  note: 'inbox2__note-part',
  customer: 'inbox2__user-email-part',
  teammate: 'inbox2__admin-email-part',
} as const;

/** The details-sidebar attribute that carries Fin's outcome. */
export const FIN_RESOLUTION_LABEL = 'Fin AI Agent resolution state';

/** Display names Intercom shows for its AI agent's messages. */
const FIN_AUTHOR_NAMES = /^fin( ai agent)?$/i;

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
 * "Assumed Resolution", "assumed_resolution", "Routed to team", …
 */
export function parseFinResolution(label: string | null): ResolutionKind {
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

/** The header shows a state label ("Open", "Closed", "Snoozed") or, failing that, the button that changes it. */
export function parseConversationState(header: Element | null): ConversationState {
  if (!header) return 'unknown';
  const texts = new Set<string>();
  for (const el of header.querySelectorAll('*')) {
    if (el.children.length === 0) texts.add(readText(el).toLowerCase());
  }
  if (texts.has('closed') || texts.has('resolved')) return 'closed';
  if (texts.has('snoozed')) return 'snoozed';
  if (texts.has('open')) return 'open';
  if (texts.has('reopen')) return 'closed';
  if (texts.has('close')) return 'open';
  return 'unknown';
}

function authorOf(part: Element): { author: AuthorKind; authorName: string } {
  const teammateName = readText(part.querySelector(INTERCOM_SELECTORS.teammateName));
  if (part.classList.contains(INTERCOM_PART_CLASSES.note)) return { author: 'note', authorName: teammateName };
  if (FIN_AUTHOR_NAMES.test(teammateName)) return { author: 'ai_agent', authorName: teammateName };
  if (teammateName || part.classList.contains(INTERCOM_PART_CLASSES.teammate)) {
    return { author: 'teammate', authorName: teammateName };
  }
  return { author: 'customer', authorName: readText(part.querySelector('[data-testid="user-avatar-name"]')) };
}

function readMessage(part: Element): TranscriptMessage {
  const time = part.querySelector(INTERCOM_SELECTORS.time)?.getAttribute('datetime');
  const at = time ? Date.parse(time) : NaN;
  const textEl = part.querySelector(INTERCOM_SELECTORS.messageText);
  return { ...authorOf(part), at: Number.isFinite(at) ? at : null, text: readText(textEl ?? part) };
}

export function readIntercomPage(doc: Document, url: URL): PageRead {
  const key = intercomConversationKey(url);
  if (!key) return { status: 'not-conversation' };
  const roots = collectRoots(doc, [INTERCOM_SELECTORS.appShadowHost]);
  const area = queryRoots(roots, INTERCOM_SELECTORS.conversationArea);
  const sidebar = queryRoots(roots, INTERCOM_SELECTORS.detailsSidebar);
  const parts = queryAllRoots(roots, INTERCOM_SELECTORS.messagePart);
  const missing: string[] = [];
  if (!area) missing.push('conversation area');
  if (!sidebar) missing.push('details sidebar');
  if (parts.length === 0) missing.push('message parts');
  // Single-page navigation: the URL changes before the new conversation renders. Where the page says
  // which conversation it shows, a mismatch means the old one is still on screen.
  const rendered = queryRoots(roots, INTERCOM_SELECTORS.renderedConversationId)?.getAttribute('data-conversation-id');
  if (rendered && rendered !== key.conversationId) missing.push('conversation for this URL');
  if (missing.length > 0) return { status: 'missing-markers', key, missing };

  const resolutionLabel = valueBesideLabel(sidebar!, FIN_RESOLUTION_LABEL) ?? '';
  return {
    status: 'conversation',
    conversation: {
      key,
      agentName: 'Fin',
      claim: {
        state: parseConversationState(queryRoots(roots, INTERCOM_SELECTORS.header)),
        resolution: parseFinResolution(resolutionLabel),
        resolutionLabel,
        url: url.href,
      },
      messages: parts.map(readMessage),
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
    return [INTERCOM_SELECTORS.conversationArea, INTERCOM_SELECTORS.detailsSidebar, INTERCOM_SELECTORS.header]
      .map((selector) => queryRoots(roots, selector))
      .filter((el): el is Element => el !== null);
  },
  // Inbox list rows are links to conversations; the open conversation's own links don't count.
  ...listLinkRule(INTERCOM_SELECTORS.conversationLink, INTERCOM_SELECTORS.conversationArea),
};
