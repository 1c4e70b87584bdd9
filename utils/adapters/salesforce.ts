// Salesforce Lightning (Agentforce). Facts and markers: shared/vendors.md, "Salesforce — Agentforce".
// Record pages are Lightning web components with nested shadow roots. No public marker exists for the
// messaging transcript: we read the SLDS chat blueprint's classes (slds-chat-*), a hypothesis to confirm.
import { billingWindows } from '../billing-windows';
import { collectRoots, queryAllRoots, queryRoots, readText, valueBesideLabel } from '../dom';
import type { Suggestion } from '../suggest';
import type { ConversationKey, ConversationState } from '../verdict';
import type { AuthorKind, ConversationRead, PageRead, TranscriptMessage, VendorAdapter } from './types';

export const SALESFORCE_SELECTORS = {
  /** Every element may host a shadow root in Lightning; we search them all, but only on record pages. */
  shadowHost: '*',
  statusField:
    '[data-target-selection-name="sfdc:RecordField.Case.Status"], [data-target-selection-name="sfdc:RecordField.MessagingSession.Status"], records-record-layout-item[field-label="Status"]',
  highlights: 'records-lwc-highlights-panel',
  title: '.slds-page-header__title',
  chatItem: '.slds-chat-listitem',
  inbound: 'slds-chat-listitem_inbound',
  outbound: 'slds-chat-listitem_outbound',
  event: 'slds-chat-listitem_event',
  messageText: '.slds-chat-message__text',
  messageMeta: '.slds-chat-message__meta',
  time: 'time[datetime]',
} as const;

/** The AI agent's display names (Agentforce's default persona names). */
export const AGENTFORCE_AGENT_NAME = /\b(agentforce|einstein|ai agent|bot)\b/i;
/** A chat event that records an agent action (billed per action under Flex Credits). */
const ACTION_EVENT = /\baction\b/i;

const HOST = /^([a-z0-9][a-z0-9-]*)\.lightning\.force\.com$/i;
const RECORD_PATH = /^\/lightning\/r\/(Case|MessagingSession)\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view\/?$/;

export function salesforceRecordKey(url: URL): ConversationKey | null {
  const host = HOST.exec(url.hostname);
  const match = RECORD_PATH.exec(url.pathname);
  if (!host || !match) return null;
  return { vendor: 'salesforce', workspace: host[1].toLowerCase(), conversationId: `${match[1]}/${match[2]}` };
}

export function parseSalesforceStatus(text: string): ConversationState {
  const word = text.trim().toLowerCase();
  if (word === 'new') return 'new';
  if (word === 'closed' || word === 'ended' || word === 'completed') return 'closed';
  if (word === 'on hold' || word === 'waiting') return 'on_hold';
  if (word === 'working' || word === 'active' || word === 'escalated' || word === 'open') return 'open';
  return 'unknown';
}

/** Meta text like "Agentforce • 10:02 AM": the name is what precedes the bullet. */
function authorNameFromMeta(meta: string): string {
  return meta.split(/\s+[•·]\s+/)[0]?.replace(/^said\s+/i, '').trim() ?? '';
}

export function readSalesforceTranscript(items: readonly Element[]): { messages: TranscriptMessage[]; actions: number } {
  const messages: TranscriptMessage[] = [];
  let actions = 0;
  for (const item of items) {
    if (item.classList.contains(SALESFORCE_SELECTORS.event)) {
      if (ACTION_EVENT.test(readText(item))) actions++;
      continue;
    }
    const authorName = authorNameFromMeta(readText(item.querySelector(SALESFORCE_SELECTORS.messageMeta)));
    let author: AuthorKind;
    if (item.classList.contains(SALESFORCE_SELECTORS.inbound)) author = 'customer';
    else author = AGENTFORCE_AGENT_NAME.test(authorName) ? 'ai_agent' : 'teammate';
    const time = item.querySelector(SALESFORCE_SELECTORS.time)?.getAttribute('datetime');
    const at = time ? Date.parse(time) : NaN;
    messages.push({
      author,
      authorName,
      at: Number.isFinite(at) ? at : null,
      text: readText(item.querySelector(SALESFORCE_SELECTORS.messageText)),
    });
  }
  return { messages, actions };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function readSalesforcePage(doc: Document, url: URL): PageRead {
  const key = salesforceRecordKey(url);
  if (!key) return { status: 'not-conversation' };
  const roots = collectRoots(doc, [SALESFORCE_SELECTORS.shadowHost]);
  const statusField = queryRoots(roots, SALESFORCE_SELECTORS.statusField);
  if (!statusField) return { status: 'missing-markers', key, missing: ['Status field'] };
  const statusText = valueBesideLabel(statusField.shadowRoot ?? statusField, 'Status') ?? '';
  const { messages, actions } = readSalesforceTranscript(queryAllRoots(roots, SALESFORCE_SELECTORS.chatItem));
  const agentSpoke = messages.some((m) => m.author === 'ai_agent');
  const windows = billingWindows(messages);
  const billingNote = agentSpoke
    ? [
        `${plural(windows.starts.length, 'billed conversation window')} of 24 h`,
        windows.reopenedByCustomer > 0 ? `${windows.reopenedByCustomer} opened because the customer came back` : '',
        actions > 0 ? plural(actions, 'agent action') : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : null;
  return {
    status: 'conversation',
    conversation: {
      key,
      agentName: 'Agentforce',
      claim: {
        state: parseSalesforceStatus(statusText),
        // Agentforce bills every window the agent took part in, resolved or not.
        resolution: agentSpoke ? 'conversation_window' : 'none',
        resolutionLabel: statusText,
        url: url.href,
      },
      messages,
      billingNote,
      billing: { windows: windows.starts.length, reopenedWindows: windows.reopenedByCustomer, actions },
    },
  };
}

/** A window opened because the customer came back about the same conversation is the buyer's to dispute. */
export function suggestForSalesforce(conversation: ConversationRead): Suggestion | null {
  const reopened = conversation.billing?.reopenedWindows ?? 0;
  if (reopened === 0) return null;
  return {
    verdict: 'false',
    reason: 'recontacted',
    because: [
      `The customer came back after the 24 h window ended: ${plural(reopened, 'more window')} billed for the same conversation.`,
    ],
    unverified: false,
  };
}

export const salesforceAdapter: VendorAdapter = {
  vendor: 'salesforce',
  label: 'Salesforce',
  matchesHost: (hostname) => HOST.test(hostname),
  conversationKeyFromUrl: salesforceRecordKey,
  shadowHosts: [SALESFORCE_SELECTORS.shadowHost],
  read: readSalesforcePage,
  suggest: suggestForSalesforce,
};
