// Zendesk Agent Workspace (AI agents). Facts and markers: shared/vendors.md, "Zendesk — AI agents".
// Markers are third-party hypotheses; each is exercised by test/fixtures/zendesk/*.html.
import { hasLeafText, listLinkRule, readText } from '../dom';
import type { ConversationKey, ConversationState, ResolutionKind } from '../verdict';
import type { AuthorKind, PageRead, TranscriptMessage, VendorAdapter } from './types';
import { formatTime } from '../format';

export const ZENDESK_SELECTORS = {
  /** Agents keep many tickets open as tabs; only the active pane is the ticket on screen. */
  activePane: '.ticket-panes-grid-layout[data-is-active="true"]',
  activeTab: '[data-test-id="header-tab"][aria-selected="true"]',
  subject: 'input[data-test-id="omni-header-subject"]',
  statusBadge: '[data-cy-test-id="status-badge-state"]',
  messageLog: '[data-test-id="omni-log-container"]',
  message: 'article[data-comment-id]',
  sender: '[data-test-id="omni-log-item-sender"]',
  messageText: '[data-test-id="omni-log-item-message"]',
  time: 'time[datetime]',
  /** Ticket links in views and lists, for badges. */
  ticketLink: 'a[href*="/agent/tickets/"], a[href*="#/tickets/"]',
} as const;

/** No public marker tells the AI agent's messages apart: its display name does. Zendesk's default names. */
export const ZENDESK_AI_AGENT_NAME = /\b(ai agent|answer ?bot|zendesk bot|bot)\b/i;
const INTERNAL_NOTE_LABEL = 'internal note';
/** Zendesk counts an automated resolution once the conversation has been quiet this long. */
export const ZENDESK_AR_DELAY_MS = 72 * 3600e3;

const HOST = /^([a-z0-9][a-z0-9-]*)\.zendesk\.com$/i;
const TICKET_PATH = /^\/agent\/tickets\/(\d+)(?:\/[a-z_]*)?\/?$/;
const LEGACY_HASH = /^#\/tickets\/(\d+)\/?$/;

export function zendeskTicketKey(url: URL): ConversationKey | null {
  const host = HOST.exec(url.hostname);
  if (!host) return null;
  const match = TICKET_PATH.exec(url.pathname) ?? (url.pathname === '/agent/' || url.pathname === '/agent' ? LEGACY_HASH.exec(url.hash) : null);
  if (!match) return null;
  return { vendor: 'zendesk', workspace: host[1].toLowerCase(), conversationId: match[1] };
}

export function parseZendeskStatus(text: string): ConversationState {
  const word = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const known: Record<string, ConversationState> = {
    new: 'new',
    open: 'open',
    pending: 'pending',
    on_hold: 'on_hold',
    hold: 'on_hold',
    solved: 'solved',
    closed: 'closed',
  };
  return known[word] ?? 'unknown';
}

/**
 * Authors: an "Internal note" label → note; an AI agent name → the AI agent; the requester (who opened the
 * ticket, so wrote first) → customer; anyone else → a teammate.
 */
export function readZendeskMessages(log: Element): TranscriptMessage[] {
  const articles = [...log.querySelectorAll(ZENDESK_SELECTORS.message)];
  const requester = readText(articles[0]?.querySelector(ZENDESK_SELECTORS.sender));
  return articles.map((article) => {
    const authorName = readText(article.querySelector(ZENDESK_SELECTORS.sender));
    let author: AuthorKind;
    if (hasLeafText([article], INTERNAL_NOTE_LABEL)) author = 'note';
    else if (ZENDESK_AI_AGENT_NAME.test(authorName)) author = 'ai_agent';
    else if (authorName === requester) author = 'customer';
    else author = 'teammate';
    const time = article.querySelector(ZENDESK_SELECTORS.time)?.getAttribute('datetime');
    const at = time ? Date.parse(time) : NaN;
    const textEl = article.querySelector(ZENDESK_SELECTORS.messageText);
    return { author, authorName, at: Number.isFinite(at) ? at : null, text: readText(textEl) };
  });
}

/** An automated-resolution candidate: solved or closed, and the AI agent alone answered. */
export function zendeskResolution(state: ConversationState, messages: readonly TranscriptMessage[]): ResolutionKind {
  if (state !== 'solved' && state !== 'closed') return 'none';
  if (messages.some((m) => m.author === 'teammate')) return 'handled_by_teammate';
  return messages.some((m) => m.author === 'ai_agent') ? 'automated_resolution' : 'none';
}


/** The 72 h rule in words, from the last message's time. */
export function zendeskBillingNote(messages: readonly TranscriptMessage[], now = Date.now()): string {
  const times = messages.map((m) => m.at).filter((t): t is number => t !== null);
  const rule = 'Counts as an automated resolution after 72 h unless the customer returns';
  if (times.length === 0) return `${rule}.`;
  const countsAt = Math.max(...times) + ZENDESK_AR_DELAY_MS;
  return countsAt <= now ? `${rule} — counted since ${formatTime(countsAt)}.` : `${rule} — counts at ${formatTime(countsAt)}.`;
}

export function readZendeskPage(doc: Document, url: URL): PageRead {
  const key = zendeskTicketKey(url);
  if (!key) return { status: 'not-conversation' };
  const pane = doc.querySelector(ZENDESK_SELECTORS.activePane);
  const missing: string[] = [];
  if (!pane) missing.push('active ticket pane');
  const badge = pane?.querySelector(ZENDESK_SELECTORS.statusBadge);
  const log = pane?.querySelector(ZENDESK_SELECTORS.messageLog);
  if (pane && !badge) missing.push('status badge');
  if (pane && !log) missing.push('message log');
  if (log && !log.querySelector(ZENDESK_SELECTORS.message)) missing.push('messages');
  // Tab switches change the URL a moment before the pane: the active tab says which ticket is on screen.
  const activeTicket = doc.querySelector(ZENDESK_SELECTORS.activeTab)?.getAttribute('data-entity-id');
  if (activeTicket && activeTicket !== key.conversationId) missing.push('active ticket for this URL');
  if (missing.length > 0) return { status: 'missing-markers', key, missing };

  const messages = readZendeskMessages(log!);
  const statusText = readText(badge);
  const state = parseZendeskStatus(statusText);
  const resolution = zendeskResolution(state, messages);
  const agentName = messages.find((m) => m.author === 'ai_agent')?.authorName || 'AI agent';
  return {
    status: 'conversation',
    conversation: {
      key,
      agentName: `Zendesk ${agentName.replace(/^zendesk\s+/i, '')}`,
      claim: { state, resolution, resolutionLabel: statusText, url: url.href },
      messages,
      billingNote: resolution === 'automated_resolution' ? zendeskBillingNote(messages) : null,
    },
  };
}

export const zendeskAdapter: VendorAdapter = {
  vendor: 'zendesk',
  label: 'Zendesk',
  matchesHost: (hostname) => HOST.test(hostname),
  conversationKeyFromUrl: zendeskTicketKey,
  shadowHosts: [],
  read: readZendeskPage,
  contentRoots: (doc) =>
    [doc.querySelector(ZENDESK_SELECTORS.activePane), doc.querySelector(ZENDESK_SELECTORS.activeTab)?.parentElement ?? null].filter(
      (el): el is Element => el !== null,
    ),
  ...listLinkRule(ZENDESK_SELECTORS.ticketLink, ZENDESK_SELECTORS.activePane),
};
