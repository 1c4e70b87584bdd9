// User-defined vendor profiles: Sierra, Decagon, Ada, or any helpdesk without a built-in adapter.
// A profile says where conversations live (host, id in the URL), how to tell one was resolved, and how to
// read its messages. Access to its host is asked at runtime (optional host permissions), never up front.
import { bestShown, collectRoots, containsAcross, isWithinAny, labelWords, outermost, parentAcross, queryAllRoots, queryWithin, readText, shownRank } from './dom';
import type { PageRead, VendorAdapter } from './types';
import type { AuthorKind, TranscriptMessage } from '../model/transcript';
import type { ResolutionKind } from '../model/verdict';
import { MAX_PATTERN_LENGTH, patternHazard } from './safe-pattern';

export interface VendorProfile {
  /** Short id, used in conversation keys: custom:<id>:<conversation id>. */
  id: string;
  name: string;
  /** A match pattern naming one host (a leading "*." for subdomains is fine), e.g. https://console.sierra.example/* */
  hostPattern: string;
  /** A regular expression run on the URL's path, query and hash; its first group is the conversation id. */
  conversationIdPattern: string;
  /** The resolved marker: an element that exists only when resolved, and/or a label text shown then. */
  resolvedSelector: string;
  resolvedText: string;
  /** Each message of the transcript. */
  messageSelector: string;
  /** Inside a message: its author's name. */
  authorSelector: string;
  /** Inside a message: its text (empty = the whole message). */
  textSelector: string;
  /** Author names that are the AI agent (one per line in the form; compared case-insensitively). */
  aiAuthorNames: string[];
  /** Author names that are human teammates; everyone else is the customer. */
  teammateAuthorNames: string[];
  /** Elements whose open shadow roots hold the content (empty when the page has none). */
  shadowHosts: string[];
}

/**
 * Every claim a profile's page can report (readProfilePage): its resolved marker, or nothing. A profile's contract
 * can bill only these, so its billable-claims choice lists only them.
 */
export const PROFILE_RESOLUTION_KINDS = ['resolved', 'none'] as const satisfies readonly ResolutionKind[];

export const PROFILE_FIELDS = [
  'id',
  'name',
  'hostPattern',
  'conversationIdPattern',
  'resolvedSelector',
  'resolvedText',
  'messageSelector',
  'authorSelector',
  'textSelector',
  'aiAuthorNames',
  'teammateAuthorNames',
  'shadowHosts',
] as const satisfies readonly (keyof VendorProfile)[];

export type ProfileErrors = Partial<Record<keyof VendorProfile, string>>;

/**
 * https://host/path where host is one name or *.name: never *, <all_urls> or an IP wildcard. Only https: helpdesk
 * consoles are served over TLS, and the manifest's optional hosts ask for no plain-http site.
 */
export const HOST_PATTERN = /^(https):\/\/(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?\/.*$/i;

/** True when a host pattern such as https://*.sierra.example/* covers the URL. */
export function hostPatternMatches(hostPattern: string, url: URL): boolean {
  const match = HOST_PATTERN.exec(hostPattern);
  if (!match) return false;
  const [, scheme, wildcard, host] = match;
  if (url.protocol !== `${scheme.toLowerCase()}:`) return false;
  const hostname = url.hostname.toLowerCase();
  const base = host.toLowerCase();
  return hostname === base || (Boolean(wildcard) && hostname.endsWith(`.${base}`));
}

/** The longest path + query + hash a conversation-id pattern is run on: a longer address is not read. */
export const MAX_ID_SUBJECT_LENGTH = 2000;

/** Compiled patterns (null: refused or invalid), so a page of links does not check and compile one per link. */
const compiledPatterns = new Map<string, RegExp | null>();

/**
 * A profile's pattern, compiled only when it passes the slow-matching check (utils/adapters/safe-pattern.ts): a profile
 * saved by an older version, restored from a backup or sent by a page may never have been checked, and a pattern
 * that backtracks catastrophically would freeze the helpdesk tab it runs in.
 */
function compiledIdPattern(source: unknown): RegExp | null {
  if (typeof source !== 'string' || source.length > MAX_PATTERN_LENGTH) return null;
  if (compiledPatterns.has(source)) return compiledPatterns.get(source)!;
  let pattern: RegExp | null = null;
  try {
    pattern = patternHazard(source) === null ? new RegExp(source) : null;
  } catch {
    pattern = null;
  }
  if (compiledPatterns.size >= 64) compiledPatterns.clear();
  compiledPatterns.set(source, pattern);
  return pattern;
}

export function profileConversationId(profile: VendorProfile, url: URL): string | null {
  if (!hostPatternMatches(profile.hostPattern, url)) return null;
  const subject = url.pathname + url.search + url.hash;
  if (subject.length > MAX_ID_SUBJECT_LENGTH) return null;
  const pattern = compiledIdPattern(profile.conversationIdPattern);
  if (!pattern) return null;
  const id = pattern.exec(subject)?.[1];
  return id && id.length <= 200 ? id : null;
}

/**
 * A profile names no region, so the conversation's region is worked out: the messages' nearest common ancestor,
 * widened while it holds no link to *another* conversation (an inbox list's rows), with its siblings that hold
 * none either — the header and its resolved marker beside the transcript come in, the list does not. Messages and markers inside such links, hidden ones,
 * and words inside the messages themselves (a customer typing "Resolved") are never read.
 */
export function readProfilePage(profile: VendorProfile, doc: Document, url: URL): PageRead {
  const conversationId = profileConversationId(profile, url);
  if (!conversationId) return { status: 'not-conversation' };
  const key = { vendor: 'custom' as const, workspace: profile.id, conversationId };
  const roots = collectRoots(doc, profile.shadowHosts);
  const otherLinks = queryAllRoots<HTMLAnchorElement>(roots, 'a[href]').filter((a) => {
    let target: URL;
    try {
      target = new URL(a.getAttribute('href') ?? '', url);
    } catch {
      return false;
    }
    const id = profileConversationId(profile, target);
    return id !== null && id !== conversationId;
  });
  const others = new Set<Node>(otherLinks);
  const aboutOther = (el: Element) => others.size > 0 && isWithinAny(el, others);
  const parts = bestShown(outermost(queryAllRoots(roots, profile.messageSelector))).filter((el) => !aboutOther(el));
  if (parts.length === 0) return { status: 'missing-markers', key, missing: [`messages (${profile.messageSelector})`] };
  let region = commonAncestor(parts);
  let boundary: Element | null = null;
  for (let up = parentAcross(region); up; up = parentAcross(up)) {
    if (otherLinks.some((a) => containsAcross(up!, a))) {
      boundary = up;
      break;
    }
    region = up;
  }
  // Where the list and the conversation share a parent, the conversation's header is a sibling of its transcript:
  // every child of that parent that holds no link to another conversation belongs with it.
  const areas = boundary ? [...boundary.children].filter((child) => child === region || !otherLinks.some((a) => containsAcross(child, a))) : [region];
  const ai = new Set(profile.aiAuthorNames.map((n) => n.toLowerCase()));
  const teammates = new Set(profile.teammateAuthorNames.map((n) => n.toLowerCase()));
  const messages: TranscriptMessage[] = parts.map((part) => {
    const authorName = readText(part.querySelector(profile.authorSelector));
    const name = authorName.toLowerCase();
    const author: AuthorKind = ai.has(name) ? 'ai_agent' : teammates.has(name) ? 'teammate' : 'customer';
    const time = part.querySelector('time[datetime]')?.getAttribute('datetime');
    const at = time ? Date.parse(time) : NaN;
    const textEl = profile.textSelector ? part.querySelector(profile.textSelector) : part;
    return { author, authorName, at: Number.isFinite(at) ? at : null, text: readText(textEl) };
  });
  const inMessages = new Set<Node>(parts);
  const memo = new Map<Element, 0 | 1 | 2>();
  const marker = (el: Element) => !aboutOther(el) && !isWithinAny(el, inMessages) && shownRank(el, memo) > 0;
  const resolvedText = labelWords(profile.resolvedText);
  const resolved =
    (profile.resolvedSelector !== '' && areas.some((area) => queryWithin(area, profile.resolvedSelector).some(marker))) ||
    (resolvedText !== '' && areas.some((area) => queryWithin(area, '*').some((el) => el.children.length === 0 && labelWords(readText(el)) === resolvedText && marker(el))));
  const agentSpoke = messages.some((m) => m.author === 'ai_agent');
  return {
    status: 'conversation',
    region,
    conversation: {
      key,
      agentName: profile.name,
      claim: {
        state: resolved ? 'closed' : 'open',
        // Pay-on-resolution vendors bill a resolution the AI agent took part in.
        resolution: (resolved && agentSpoke ? 'resolved' : 'none') satisfies (typeof PROFILE_RESOLUTION_KINDS)[number],
        resolutionLabel: resolved ? profile.resolvedText || 'Resolved' : '',
        url: url.href,
      },
      messages,
      billingNote: null,
    },
  };
}

/** The nearest element holding all of `elements`, across shadow roots. */
function commonAncestor(elements: readonly Element[]): Element {
  let common: Element = elements[0];
  for (const el of elements.slice(1)) {
    while (!containsAcross(common, el)) {
      const up = parentAcross(common);
      if (!up) return common;
      common = up;
    }
  }
  return common;
}

export function createProfileAdapter(profile: VendorProfile): VendorAdapter {
  return {
    vendor: 'custom',
    label: profile.name,
    matchesHost: (hostname) => hostPatternMatches(profile.hostPattern, new URL(`https://${hostname}/`)),
    conversationKeyFromUrl: (url) => {
      const conversationId = profileConversationId(profile, url);
      return conversationId ? { vendor: 'custom', workspace: profile.id, conversationId } : null;
    },
    shadowHosts: profile.shadowHosts,
    read: (doc, url) => readProfilePage(profile, doc, url),
  };
}

/** What the live preview says: "found 14 messages, 9 by the AI, state: Resolved". */
export interface ProfilePreview {
  url: string;
  conversationId: string | null;
  messages: number;
  aiMessages: number;
  state: string;
  missing: string[];
}

export function previewProfile(profile: VendorProfile, doc: Document, url: URL): ProfilePreview {
  const read = readProfilePage(profile, doc, url);
  if (read.status === 'not-conversation') {
    return { url: url.href, conversationId: null, messages: 0, aiMessages: 0, state: 'not a conversation URL', missing: ['conversation id in the URL'] };
  }
  if (read.status === 'missing-markers') {
    return { url: url.href, conversationId: read.key?.conversationId ?? null, messages: 0, aiMessages: 0, state: 'unreadable', missing: read.missing };
  }
  const c = read.conversation;
  return {
    url: url.href,
    conversationId: c.key.conversationId,
    messages: c.messages.length,
    aiMessages: c.messages.filter((m) => m.author === 'ai_agent').length,
    state: c.claim.resolution === 'resolved' ? 'Resolved' : 'Not resolved',
    missing: [],
  };
}

export function describePreview(p: ProfilePreview): string {
  if (p.missing.length > 0) return `Can't read it yet: missing ${p.missing.join(', ')} (${p.url})`;
  return `Found ${p.messages} message${p.messages === 1 ? '' : 's'}, ${p.aiMessages} by the AI, state: ${p.state} (conversation ${p.conversationId})`;
}

/** Starting points shipped with Recount. Their markers are placeholders to adapt: these vendors publish none. */
export const EXAMPLE_PROFILES: readonly VendorProfile[] = [
  {
    id: 'sierra',
    name: 'Sierra',
    hostPattern: 'https://console.sierra.example/*',
    conversationIdPattern: '/conversations/([\\w-]+)',
    resolvedSelector: '[data-status="resolved"]',
    resolvedText: 'Resolved',
    messageSelector: '.transcript .message',
    authorSelector: '.message-author',
    textSelector: '.message-body',
    aiAuthorNames: ['Sierra', 'Agent'],
    teammateAuthorNames: [],
    shadowHosts: [],
  },
  {
    id: 'decagon',
    name: 'Decagon',
    hostPattern: 'https://*.decagon.example/*',
    conversationIdPattern: '/conversation/([\\w-]+)',
    resolvedSelector: '',
    resolvedText: 'Resolved by AI',
    messageSelector: '[role="log"] [role="article"]',
    authorSelector: '[data-author]',
    textSelector: '',
    aiAuthorNames: ['Decagon', 'AI Agent'],
    teammateAuthorNames: [],
    shadowHosts: [],
  },
  {
    id: 'ada',
    name: 'Ada',
    hostPattern: 'https://*.ada.example/*',
    conversationIdPattern: '[?&]conversation_id=([\\w-]+)',
    resolvedSelector: '',
    resolvedText: 'Automated resolution',
    messageSelector: '.chat-message',
    authorSelector: '.chat-message__sender',
    textSelector: '.chat-message__text',
    aiAuthorNames: ['Ada'],
    teammateAuthorNames: [],
    shadowHosts: [],
  },
];
