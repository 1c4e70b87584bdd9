// Salesforce Lightning (Agentforce). Facts and markers: docs/vendors.md, "Salesforce".
// Record pages are Lightning web components with nested shadow roots. No public marker exists for the
// messaging transcript: we read the SLDS chat blueprint's classes (slds-chat-*), a hypothesis to confirm.
import { billingWindows } from '../model/billing-windows';
import { bestShown, collectRoots, containsAcross, labelWords, outermost, parentAcross, queryAllRoots, queryWithin, readText, valuesBesideLabel } from './dom';
import { DEFAULT_LABELS, isAgentName, lookUpWord, type ReadingLabels } from './labels';
import type { Suggestion } from '../model/suggest';
import type { ConversationKey, ConversationState } from '../model/verdict';
import type { PageRead, VendorAdapter } from './types';
import type { AuthorKind, ConversationRead, TranscriptMessage } from '../model/transcript';

export const SALESFORCE_SELECTORS = {
  /** Every element may host a shadow root in Lightning; we search them all, but only on record pages. */
  shadowHost: '*',
  statusField:
    '[data-target-selection-name="sfdc:RecordField.Case.Status"], [data-target-selection-name="sfdc:RecordField.MessagingSession.Status"], records-record-layout-item[field-label="Status"]',
  highlights: 'records-lwc-highlights-panel',
  title: '.slds-page-header__title',
  chatList: '.slds-chat-list',
  chatItem: '.slds-chat-listitem',
  inbound: 'slds-chat-listitem_inbound',
  outbound: 'slds-chat-listitem_outbound',
  event: 'slds-chat-listitem_event',
  messageText: '.slds-chat-message__text',
  messageMeta: '.slds-chat-message__meta',
  time: 'time[datetime]',
} as const;

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

export function parseSalesforceStatus(text: string, extraWords: Record<string, ConversationState> = {}): ConversationState {
  const extra = lookUpWord(extraWords, text);
  if (extra) return extra;
  const word = text.trim().toLowerCase();
  if (word === 'new') return 'new';
  if (word === 'closed' || word === 'ended' || word === 'completed') return 'closed';
  if (word === 'on hold' || word === 'waiting') return 'on_hold';
  if (word === 'working' || word === 'active' || word === 'escalated' || word === 'open') return 'open';
  return 'unknown';
}

/** Meta text like "Agentforce • 10:02 AM", or its label "said Agentforce at 10:02 AM": the name. */
function authorNameOf(item: Element): string {
  const meta = item.querySelector(SALESFORCE_SELECTORS.messageMeta);
  const label = meta?.getAttribute('aria-label') ?? '';
  const said = /^said\s+(.+?)(?:\s+at\s+.*)?$/i.exec(label.trim());
  if (said) return said[1].trim();
  return readText(meta).split(/\s+[•·]\s+/)[0]?.replace(/^said\s+/i, '').trim() ?? '';
}

/**
 * Messages of an SLDS chat: only inbound (the customer) and outbound (the AI agent or a teammate) items that
 * hold a message. Bookends ("chat started", "chat ended") and events are not messages; an event naming an
 * action counts as one agent action.
 */
function readSalesforceTranscript(
  items: readonly Element[],
  labels: ReadingLabels = DEFAULT_LABELS.salesforce,
): { messages: TranscriptMessage[]; actions: number } {
  const messages: TranscriptMessage[] = [];
  let actions = 0;
  for (const item of items) {
    const inbound = item.classList.contains(SALESFORCE_SELECTORS.inbound);
    const outbound = item.classList.contains(SALESFORCE_SELECTORS.outbound);
    const text = item.querySelector(SALESFORCE_SELECTORS.messageText);
    if (!inbound && !outbound) {
      if (item.classList.contains(SALESFORCE_SELECTORS.event) && ACTION_EVENT.test(readText(item))) actions++;
      continue;
    }
    if (!text) continue;
    const authorName = authorNameOf(item);
    let author: AuthorKind;
    if (inbound) author = 'customer';
    else author = isAgentName(labels, authorName, true) ? 'ai_agent' : 'teammate';
    const time = item.querySelector(SALESFORCE_SELECTORS.time)?.getAttribute('datetime');
    const at = time ? Date.parse(time) : NaN;
    messages.push({ author, authorName, at: Number.isFinite(at) ? at : null, text: readText(text) });
  }
  return { messages, actions };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Record ids some Lightning components carry: where present, they must name the record in the URL. */
const RECORD_ID_ATTRIBUTES = ['data-recordid', 'data-record-id', 'record-id'];
const sameRecordId = (a: string, b: string) => a.slice(0, 15) === b.slice(0, 15);

/**
 * The record page on screen. Lightning keeps earlier record pages in the DOM, hidden, after in-app navigation:
 * only shown Status fields count, and the page's region is the largest ancestor of that field holding no
 * hidden page's field — so the transcript read is this record's alone.
 */
function recordRegion(roots: readonly ParentNode[], doc: Document): { field: Element; region: Element } | { missing: string } {
  const fields = outermost(queryAllRoots(roots, SALESFORCE_SELECTORS.statusField));
  // Lightning hides earlier record pages with its style sheets: always asked here, even for a lone field.
  const shown = bestShown(fields, true);
  if (shown.length === 0) return { missing: 'Status field' };
  const others = fields.filter((f) => !shown.includes(f));
  const regions = shown.map((field) => {
    let region: Element = field;
    for (let up = parentAcross(region); up && up !== doc.documentElement; up = parentAcross(up)) {
      if (others.some((other) => containsAcross(up!, other))) break;
      region = up;
    }
    return region;
  });
  const distinct = outermost([...new Set(regions)]);
  // Two shown records (a split view) and no way to tell which the URL names: say so, read neither.
  if (distinct.length > 1) return { missing: 'one record on screen' };
  if (shown.length > 1) {
    // A record may show its Status twice (highlights and details); two Status values, or two transcripts, are two records.
    const values = new Set(shown.map((f) => labelWords(statusOf(f, DEFAULT_LABELS.salesforce))));
    const transcripts = bestShown(outermost(queryAllRoots(roots, SALESFORCE_SELECTORS.chatList)));
    if (values.size > 1 || transcripts.length > 1) return { missing: 'one record on screen' };
  }
  return { field: shown[0], region: others.length === 0 ? doc.documentElement : distinct[0] };
}

function statusOf(field: Element, labels: ReadingLabels): string {
  return valuesBesideLabel(field.shadowRoot ?? field, labels.statusLabel)[0] ?? valuesBesideLabel(field, labels.statusLabel)[0] ?? '';
}

export function readSalesforcePage(doc: Document, url: URL, labels: ReadingLabels = DEFAULT_LABELS.salesforce): PageRead {
  const key = salesforceRecordKey(url);
  if (!key) return { status: 'not-conversation' };
  const roots = collectRoots(doc, [SALESFORCE_SELECTORS.shadowHost]);
  const found = recordRegion(roots, doc);
  if ('missing' in found) return { status: 'missing-markers', key, missing: [found.missing] };
  const { field, region } = found;
  const [objectName, recordId] = key.conversationId.split('/');
  // A Status field that names its object must name the URL's: a console can show another record's tab while
  // the URL already names this one.
  const fieldObject = /sfdc:RecordField\.(\w+)\.Status/.exec(field.getAttribute('data-target-selection-name') ?? '')?.[1];
  if (fieldObject && fieldObject !== objectName) return { status: 'missing-markers', key, missing: ['record for this URL'] };
  for (const name of RECORD_ID_ATTRIBUTES) {
    const ids = queryWithin(region, `[${name}]`).map((el) => el.getAttribute(name) ?? '');
    if (ids.length > 0 && !ids.some((id) => sameRecordId(id, recordId))) {
      return { status: 'missing-markers', key, missing: ['record for this URL'] };
    }
  }
  const statusText = statusOf(field, labels);
  // Chat items of this record only, and none hidden inside it (a collapsed earlier transcript).
  const items = bestShown(outermost(queryWithin(region, SALESFORCE_SELECTORS.chatItem)), true);
  const { messages, actions } = readSalesforceTranscript(items, labels);
  // A messaging session always has a transcript: none yet means it has not rendered, and without it we cannot
  // tell whether the AI agent took part. A Case may have none.
  if (key.conversationId.startsWith('MessagingSession/') && messages.length === 0) {
    return { status: 'missing-markers', key, missing: ['messaging transcript'] };
  }
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
    region: region === doc.documentElement ? field : region,
    conversation: {
      key,
      agentName: labels.aiAgentNames[0] || 'Agentforce',
      claim: {
        state: parseSalesforceStatus(statusText, labels.stateWords),
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
