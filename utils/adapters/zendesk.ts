// Zendesk Agent Workspace (AI agents). Facts and markers: docs/vendors.md, "Zendesk".
// Markers are third-party hypotheses; each is exercised by test/fixtures/zendesk/*.html.
import { bestShown, labelWords, listLinkRule, outermost, readText, valuesBesideLabel } from './dom';
import { DEFAULT_LABELS, isAgentName, lookUpWord, type ReadingLabels } from './labels';
import type { ConversationKey, ConversationState, ResolutionKind } from '../model/verdict';
import type { PageRead, VendorAdapter } from './types';
import type { AuthorKind, TranscriptMessage } from '../model/transcript';
import { formatTime } from '../model/format';

export const ZENDESK_SELECTORS = {
  /** Agents keep many tickets open as tabs; only the active pane is the ticket on screen. */
  activePane: '.ticket-panes-grid-layout[data-is-active="true"]',
  anyPane: '.ticket-panes-grid-layout',
  activeTab: '[data-test-id="header-tab"][aria-selected="true"]',
  statusControl: '[data-test-id="ticket-status-dropdown"]',
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

/**
 * Zendesk counts a ticket AI agent's automated resolution this many hours after the ticket's first message arrived
 * (docs/vendors.md, "Zendesk": "72 hours after the first message arrived").
 */
const ZENDESK_AR_DELAY_HOURS = 72;

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

const STATUS_WORDS: Record<string, ConversationState> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  on_hold: 'on_hold',
  hold: 'on_hold',
  solved: 'solved',
  closed: 'closed',
};

export function parseZendeskStatus(text: string, extraWords: Record<string, ConversationState> = {}): ConversationState {
  const extra = lookUpWord(extraWords, text);
  if (extra) return extra;
  const word = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return STATUS_WORDS[word] ?? 'unknown';
}

/** Words in a message's attributes or badges that say who wrote it (Zendesk marks end users and agents). */
const CUSTOMER_HINT = /(^|[^a-z])(end[-_ ]?users?|requester|customer|visitor)([^a-z]|$)/i;
const TEAMMATE_HINT = /(^|[^a-z])(agents?|admins?|staff|teammate|light[-_ ]?agent)([^a-z]|$)/i;
const AI_HINT = /(^|[^a-z])(ai[-_ ]?agent|bot|answer[-_ ]?bot|automated)([^a-z]|$)/i;
const NOTE_HINT = /(^|[^a-z])(internal[-_ ]?note|is[-_ ]?internal|private[-_ ]?(note|comment))([^a-z]|$)/i;
const HINT_ATTRIBUTES = ['class', 'aria-label', 'title', 'alt', 'data-sender-role', 'data-role', 'data-author-role', 'data-user-role', 'data-test-id'];

/**
 * What a message says about its sender, outside the message text (the customer may type anything there):
 * attribute values and the short badge texts of the article, its header and avatar.
 */
function senderHints(article: Element): string[] {
  const hints: string[] = [];
  const text = article.querySelector(ZENDESK_SELECTORS.messageText);
  for (const el of [article, ...article.querySelectorAll('*')]) {
    if (text && (text === el || text.contains(el))) continue;
    for (const name of HINT_ATTRIBUTES) {
      const value = el.getAttribute(name);
      // The test ids Zendesk puts on every message say nothing about its sender.
      if (value && !/omni-log-item-(sender|message)|omni-log-container/.test(value)) hints.push(value);
    }
    for (const attr of el.attributes) if (attr.name.startsWith('data-') && /role|type|kind|public|internal/.test(attr.name)) hints.push(`${attr.name}=${attr.value}`);
    if (el.children.length === 0 && !el.matches(ZENDESK_SELECTORS.sender)) {
      const leaf = readText(el);
      if (leaf.length > 0 && leaf.length <= 30) hints.push(leaf);
    }
  }
  return hints;
}

function isInternalNote(article: Element, labels: ReadingLabels, hints: readonly string[]): boolean {
  if (hints.some((h) => labelWords(h) === labelWords(labels.internalNoteLabel))) return true;
  if (hints.some((h) => NOTE_HINT.test(h) || /^data-(is-)?public=false$/i.test(h))) return true;
  return false;
}

/** The requester shown in the ticket's fields (label "Requester"), or null when the pane does not show one. */
function requesterOf(pane: Element, labels: ReadingLabels): string | null {
  const log = pane.querySelector(ZENDESK_SELECTORS.messageLog);
  const value = valuesBesideLabel(pane, labels.requesterLabel, (el) => Boolean(log?.contains(el)))[0];
  if (value) return value.replace(/\s*<[^>]*>\s*$/, '').trim();
  const field = pane.querySelector('[data-test-id*="requester" i] input, input[data-test-id*="requester" i]') as HTMLInputElement | null;
  return field?.value.trim() || null;
}

/**
 * Authors, from what the page says about each sender, never from order alone (in messaging the AI agent
 * often greets first): an internal-note label → note; the AI agent's name or mark → the AI agent; a sender
 * marked end user / agent → customer / teammate; the requester field's name → customer; failing all of those,
 * the first sender who is neither the AI agent nor a note's author is the customer.
 */
function readZendeskMessages(log: Element, labels: ReadingLabels = DEFAULT_LABELS.zendesk, requester: string | null = null): TranscriptMessage[] {
  const articles = outermost([...log.querySelectorAll(ZENDESK_SELECTORS.message)]);
  const read = articles.map((article) => {
    const authorName = readText(article.querySelector(ZENDESK_SELECTORS.sender));
    const hints = senderHints(article);
    let author: AuthorKind | null = null;
    if (isInternalNote(article, labels, hints)) author = 'note';
    else if (isAgentName(labels, authorName, true) || hints.some((h) => AI_HINT.test(h))) author = 'ai_agent';
    else if (hints.some((h) => CUSTOMER_HINT.test(h))) author = 'customer';
    else if (hints.some((h) => TEAMMATE_HINT.test(h))) author = 'teammate';
    else if (requester && authorName.toLowerCase() === requester.toLowerCase()) author = 'customer';
    const time = article.querySelector(ZENDESK_SELECTORS.time)?.getAttribute('datetime');
    const at = time ? Date.parse(time) : NaN;
    const textEl = article.querySelector(ZENDESK_SELECTORS.messageText);
    return { author, authorName, at: Number.isFinite(at) ? at : null, text: readText(textEl) };
  });
  const known = read.find((m) => m.author === 'customer')?.authorName;
  const customer = requester ?? known ?? read.find((m) => m.author === null)?.authorName ?? null;
  return read.map((m) => ({
    ...m,
    author: m.author ?? (customer !== null && m.authorName.toLowerCase() === customer.toLowerCase() ? 'customer' : 'teammate'),
  }));
}

/** An automated-resolution candidate: solved or closed, and the AI agent alone answered. */
function zendeskResolution(state: ConversationState, messages: readonly TranscriptMessage[]): ResolutionKind {
  // No AI agent in the conversation: nothing of the vendor's to claim.
  if (state !== 'solved' && state !== 'closed') return 'none';
  if (!messages.some((m) => m.author === 'ai_agent')) return 'none';
  return messages.some((m) => m.author === 'teammate') ? 'handled_by_teammate' : 'automated_resolution';
}

/**
 * The 72 h rule in words, naming what starts the clock — the ticket's first message (docs/vendors.md) — and when
 * it ends, so neither time can be read as the other next to the messages' own times. Both in the reader's own
 * time zone, formatted by the one helper every time on the bar uses. The 72 h are elapsed hours, the same in every
 * zone (no Luxon here: its minified build alone is ~24 KB gzipped, over a content script's 20 KB budget), so across
 * a change of the clocks the end's wall time reads an hour apart from the start's. A message shown without a time
 * may have come first: then the clock started no later than the earliest time shown.
 */
export function zendeskBillingNote(messages: readonly TranscriptMessage[], now = Date.now()): string {
  const times = messages.map((m) => m.at).filter((t): t is number => t !== null);
  if (times.length === 0) {
    return `Zendesk counts a ticket AI agent's automated resolution ${ZENDESK_AR_DELAY_HOURS} h after the ticket's first message arrived; this page shows no message time.`;
  }
  const startedAt = Math.min(...times);
  const countsAt = startedAt + ZENDESK_AR_DELAY_HOURS * 3600e3;
  const bound = times.length < messages.length ? 'no later than ' : '';
  return (
    `Zendesk's ${ZENDESK_AR_DELAY_HOURS} h clock started at this ticket's first message, ${bound}${formatTime(startedAt)} (your time): ` +
    `billable as an automated resolution ${countsAt <= now ? 'since' : 'from'} ${bound}${formatTime(countsAt)}.`
  );
}

/** Something in the pane that describes another ticket: a link to one, or an element carrying another ticket's id. */
function describesOtherTicket(el: Element, ticketId: string, pane: Element): boolean {
  for (let node: Element | null = el; node && node !== pane; node = node.parentElement) {
    if (node.matches(ZENDESK_SELECTORS.ticketLink)) return true;
    for (const name of ['data-entity-id', 'data-ticket-id']) {
      const id = node.getAttribute(name);
      if (id && id !== ticketId) return true;
    }
  }
  return false;
}

/**
 * The pane of the ticket on screen: the active one, shown. Two shown active panes (a tab closing) cannot be
 * told apart, and are reported, not read.
 */
function activePaneOf(doc: Document): Element | { missing: string } {
  let panes = bestShown([...doc.querySelectorAll(ZENDESK_SELECTORS.activePane)]);
  if (panes.length === 0) {
    // Some layouts mark only the inactive panes: one shown pane not marked inactive is the ticket on screen.
    panes = bestShown([...doc.querySelectorAll(ZENDESK_SELECTORS.anyPane)]).filter((p) => p.getAttribute('data-is-active') !== 'false');
  }
  panes = outermost(panes);
  if (panes.length === 0) return { missing: 'active ticket pane' };
  if (panes.length > 1) return { missing: 'one active ticket pane' };
  return panes[0];
}

export function readZendeskPage(doc: Document, url: URL, labels: ReadingLabels = DEFAULT_LABELS.zendesk): PageRead {
  const key = zendeskTicketKey(url);
  if (!key) return { status: 'not-conversation' };
  const found = activePaneOf(doc);
  if ('missing' in found) return { status: 'missing-markers', key, missing: [found.missing] };
  const pane = found;
  const missing: string[] = [];
  const own = (el: Element) => !describesOtherTicket(el, key.conversationId, pane);
  const log = [...pane.querySelectorAll(ZENDESK_SELECTORS.messageLog)].find(own) ?? null;
  // The ticket's own status: not a badge in the requester's other tickets, nor words inside a message.
  const badges = [...pane.querySelectorAll(ZENDESK_SELECTORS.statusBadge)].filter((b) => own(b) && !(log && log.contains(b)) && !b.closest('article'));
  // The status control's own badge, not the choices of its open menu.
  const inControl = badges.filter((b) => b.closest(ZENDESK_SELECTORS.statusControl) && !b.closest('[role="listbox"], [role="menu"], [role="option"], [role="menuitem"]'));
  const chosen = inControl.length > 0 ? inControl : badges;
  const statusTexts = [...new Set(chosen.map((b) => readText(b)))];
  if (chosen.length === 0) missing.push('status badge');
  else if (statusTexts.length > 1) missing.push('one status badge');
  if (!log) missing.push('message log');
  if (log && !log.querySelector(ZENDESK_SELECTORS.message)) missing.push('messages');
  // Tab switches change the URL a moment before the pane: the active tab says which ticket is on screen.
  const activeTickets = bestShown([...doc.querySelectorAll(ZENDESK_SELECTORS.activeTab)]).map((tab) => tab.getAttribute('data-entity-id'));
  if (activeTickets.some((id) => id && id !== key.conversationId)) missing.push('active ticket for this URL');
  const paneTicket = pane.getAttribute('data-entity-id') ?? pane.getAttribute('data-ticket-id');
  if (paneTicket && paneTicket !== key.conversationId) missing.push('active ticket for this URL');
  if (missing.length > 0) return { status: 'missing-markers', key, missing: [...new Set(missing)] };

  const messages = readZendeskMessages(log!, labels, requesterOf(pane, labels));
  const statusText = statusTexts[0];
  const state = parseZendeskStatus(statusText, labels.stateWords);
  const resolution = zendeskResolution(state, messages);
  const agentName = messages.find((m) => m.author === 'ai_agent')?.authorName || 'AI agent';
  return {
    status: 'conversation',
    region: pane,
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
  contentRoots: (doc) => [
    ...doc.querySelectorAll(ZENDESK_SELECTORS.anyPane),
    ...[...doc.querySelectorAll(ZENDESK_SELECTORS.activeTab)].flatMap((tab) => (tab.parentElement ? [tab.parentElement] : [])),
  ],
  ...listLinkRule(ZENDESK_SELECTORS.ticketLink, ZENDESK_SELECTORS.activePane),
};
