// A vendor profile draft suggested from the live page (the same walk as the page outline, through open
// shadow roots). The user confirms every field with the live preview afterwards. Nothing the customer wrote
// is copied into the profile: selectors come from the page's classes and data attributes (never digits),
// the URL gives only its host and the shape of its path, and the only names copied are authors that read
// as a bot (the vendor's own agent names).
// Long because drafting a profile is one chain of inferences over an outline (messages, authors, region, resolved
// marker), each feeding the next.
import { collectRoots, queryAllRoots, readText } from './dom';
import { outlineChildren } from './page-outline';
import type { VendorProfile } from './profiles';

export interface ProfileSuggestion {
  fields: Partial<VendorProfile>;
  why: Partial<Record<keyof VendorProfile, string>>;
}

const BOT_NAME = /\b(bot|ai|assistant|agent|virtual)\b/i;
const STATUS_WORDS = ['Resolved', 'Closed', 'Solved', 'Done', 'Completed'] as const;
const MESSAGE_WORDS = new Set([
  'message', 'messages', 'msg', 'part', 'parts', 'comment', 'comments', 'chat', 'chats', 'bubble', 'bubbles',
  'turn', 'turns', 'entry', 'entries', 'listitem', 'utterance', 'reply', 'replies',
]);
const TEXT_WORDS = new Set(['text', 'body', 'content', 'contents', 'message', 'msg', 'markdown']);
const AUTHOR_WORDS = new Set(['author', 'sender', 'from', 'name', 'username', 'displayname', 'fullname', 'nickname', 'byline']);
const RESOLVED_WORDS = new Set(['resolved', 'closed', 'solved']);
/** Attributes meant to stay put across releases: preferred when several features pick the same elements. */
const TEST_ATTRIBUTES = /^data-(testid|test-id|test|qa|cy|intercom-target|component|element|role|type|kind)$/;
/** Common public-suffix pairs (co.uk, com.au): the vendor's name is the label before them. */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ltd', 'plc']);
const ID_SEGMENT_WORDS = /^(conversations?|tickets?|chats?|sessions?|threads?|cases?|transcripts?|interactions?|messages?)$/i;
const ID_QUERY_KEY = /^(conversation|ticket|chat|session|thread|case|transcript|interaction)([_-]?id)?$/i;

/** Words of a class, attribute name or value: chat-turn__author → chat, turn, author; ChatMessage → chat, message. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

const hasWord = (name: string, words: Set<string>) => wordsOf(name).some((w) => words.has(w));

/** A class or value usable in a selector: letters, dashes and underscores only (no digits, no hashes). */
const STABLE_TOKEN = /^-?[A-Za-z_][A-Za-z_-]*$/;
function stableToken(token: string): boolean {
  if (!STABLE_TOKEN.test(token) || token.length > 60) return false;
  // CSS-in-JS and state classes change from build to build or from moment to moment.
  if (/^(css|sc|jsx|emotion|svelte|tw)-/i.test(token)) return false;
  return !/^(is-|has-)?(active|selected|hover|focus|focused|open|visible|hidden|expanded|collapsed|disabled)$/i.test(token);
}

/** A feature two sibling elements can share: a class, a data attribute (with or without its value), a role. */
interface Feature {
  selector: string;
  /** The names a person would read: class, attribute name and value. */
  names: string[];
  /** Lower is preferred when two features select the same elements. */
  rank: number;
}

function featuresOf(el: Element): Feature[] {
  const features: Feature[] = [];
  for (const token of el.classList) {
    if (stableToken(token)) features.push({ selector: `.${token}`, names: [token], rank: hasWord(token, MESSAGE_WORDS) ? 1 : 3 });
  }
  for (const attr of el.attributes) {
    const name = attr.name.toLowerCase();
    if (name === 'role' && /^[a-z]+$/.test(attr.value)) {
      features.push({ selector: `[role="${attr.value}"]`, names: [attr.value], rank: 2 });
      continue;
    }
    if (!name.startsWith('data-') || !/^data-[a-z_-]+$/.test(name)) continue;
    const value = attr.value;
    if (STABLE_TOKEN.test(value) && value.length <= 40 && !/^\p{Lu}[^_-]*$/u.test(value)) {
      features.push({ selector: `[${name}="${value}"]`, names: [name, value], rank: TEST_ATTRIBUTES.test(name) ? 0 : 4 });
    }
    features.push({ selector: `[${name}]`, names: [name], rank: 5 });
  }
  const tag = el.localName;
  if (['li', 'article', 'tr', 'section', 'blockquote'].includes(tag)) features.push({ selector: tag, names: [tag], rank: 6 });
  return features;
}

function isValidSelector(doc: Document, selector: string): boolean {
  try {
    doc.querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

interface Walked {
  /** Every element reached, with the open shadow hosts above it (outermost first). */
  hosts: Map<Element, Element[]>;
  /** Every parent (element or root) with its element children, in document order. */
  parents: Array<{ parent: ParentNode; children: Element[] }>;
}

function walk(doc: Document): Walked {
  const hosts = new Map<Element, Element[]>();
  const parents: Walked['parents'] = [];
  const visit = (node: ParentNode, chain: Element[]) => {
    const children: Element[] = [];
    for (const item of outlineChildren(node)) {
      if (item.nodeType === 1) {
        const el = item as Element;
        children.push(el);
        hosts.set(el, chain);
        visit(el, chain);
      } else {
        visit(item as ShadowRoot, [...chain, (item as ShadowRoot).host]);
      }
    }
    if (children.length > 0) parents.push({ parent: node, children });
  };
  if (doc.documentElement) {
    hosts.set(doc.documentElement, []);
    visit(doc.documentElement, []);
  }
  return { hosts, parents };
}

// ── id, name, host ────────────────────────────────────────────────────────────────────────────────────────

function vendorLabel(hostname: string): string {
  const labels = hostname.toLowerCase().split('.').filter(Boolean);
  if (labels.length === 1) return labels[0];
  let index = labels.length - 2;
  if (labels.length >= 3 && labels[labels.length - 1].length === 2 && SECOND_LEVEL.has(labels[labels.length - 2])) index--;
  return labels[Math.max(0, index)];
}

function profileId(hostname: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  const valid = (s: string) => /^[a-z0-9][a-z0-9-]{1,39}$/.test(s);
  const label = clean(vendorLabel(hostname));
  if (valid(label)) return label;
  const whole = clean(hostname.replace(/\./g, '-'));
  return valid(whole) ? whole : 'vendor';
}

function profileName(id: string): string {
  return id
    .split('-')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

// ── conversation id ───────────────────────────────────────────────────────────────────────────────────────

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A literal path segment in a pattern: digit runs become \d+ so other conversations match too. */
const segmentPattern = (segment: string) => segment.split(/(\d+)/).map((part, i) => (i % 2 ? '\\d+' : escapeRegExp(part))).join('');

function suggestIdPattern(url: URL): { pattern: string; id: string; why: string } | null {
  const subject = url.pathname + url.search + url.hash;
  const works = (pattern: string, id: string) => {
    try {
      return new RegExp(pattern).exec(subject)?.[1] === id;
    } catch {
      return false;
    }
  };
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const idClass = (id: string) => (/^[A-Za-z0-9_-]+$/.test(id) ? '[A-Za-z0-9_-]+' : '[^/?#&]+');
  // Path segments, then a hash route's (#/conversation/42), each with what comes before them.
  const routes = [url.pathname.split('/')];
  if (/^#!?\//.test(url.hash)) routes.push(url.hash.replace(/^#!?/, '').split(/[/?]/));
  for (const segments of routes) {
    for (let i = segments.length - 2; i >= 0; i--) {
      const id = segments[i + 1];
      if (!ID_SEGMENT_WORDS.test(segments[i]) || !id || ID_SEGMENT_WORDS.test(id)) continue;
      const pattern = `/${escapeRegExp(segments[i])}/(${idClass(decode(id))})`;
      if (works(pattern, id)) return { pattern, id, why: `the segment after /${segments[i]}/ in the address` };
    }
  }
  for (const [key, value] of url.searchParams) {
    if (!ID_QUERY_KEY.test(key) || !value) continue;
    const pattern = `[?&]${escapeRegExp(key)}=(${idClass(value)})`;
    if (works(pattern, value)) return { pattern, id: value, why: `the ${key}= parameter of the address` };
  }
  // The segment holding the longest digit run, anchored on the segment before it.
  let best: { index: number; run: number; segments: string[] } | null = null;
  for (const segments of routes) {
    segments.forEach((segment, index) => {
      const run = Math.max(0, ...(segment.match(/\d+/g) ?? []).map((d) => d.length));
      if (run > 0 && (!best || run > best.run)) best = { index, run, segments };
    });
  }
  if (best) {
    const { index, segments } = best as { index: number; run: number; segments: string[] };
    const id = segments[index];
    const before = segments[index - 1];
    const anchor = before ? `/${hasAtOrSpace(before) ? '[^/]+' : segmentPattern(before)}/` : '^/';
    const capture = `(${idClass(decode(id))})`;
    for (const pattern of [`${anchor}${capture}`, `${anchor}${capture}(?:[/?#]|$)`]) {
      if (works(pattern, id)) return { pattern, id, why: `the longest number in the address, after ${before ? `/${before.replace(/\d+/g, '#')}/` : 'the host'}` };
    }
  }
  return null;
}

const hasAtOrSpace = (s: string) => /[@\s%]/.test(s);

// ── messages ──────────────────────────────────────────────────────────────────────────────────────────────

interface InsideFeature {
  selector: string;
  /** Messages holding it (with text). */
  found: number;
  rank: number;
}

interface Held {
  feature: Feature;
  /** Indexes of the messages holding it with text. */
  members: Set<number>;
  /** Its elements in those messages. */
  elements: Element[];
}

/** Every descendant feature of the messages that `accept` takes, with the messages holding it (with text). */
function heldFeatures(members: Element[], accept: (f: Feature) => boolean): Held[] {
  const held = new Map<string, Held>();
  members.forEach((member, index) => {
    for (const el of member.querySelectorAll('*')) {
      if (!readText(el)) continue;
      for (const f of featuresOf(el)) {
        if (!accept(f)) continue;
        const entry = held.get(f.selector) ?? { feature: f, members: new Set<number>(), elements: [] };
        if (!entry.members.has(index)) {
          entry.members.add(index);
          entry.elements.push(el);
        }
        held.set(f.selector, entry);
      }
    }
  });
  return [...held.values()];
}

const byCoverage = (a: Held, b: Held) =>
  b.members.size - a.members.size || a.feature.rank - b.feature.rank || a.feature.selector.length - b.feature.selector.length;

/**
 * The author's element: a feature named author, sender, from or name held by the messages. Vendors often mark
 * authors by kind ([data-testid="user-avatar-name"] and "admin-avatar-name"): up to three such features are
 * joined into one selector list when each adds messages the others miss. Held by at least half the messages.
 */
function authorFeature(members: Element[]): InsideFeature | null {
  const held = heldFeatures(members, (f) => f.names.some((n) => hasWord(n, AUTHOR_WORDS))).sort(byCoverage);
  const chosen: Held[] = [];
  const covered = new Set<number>();
  for (let round = 0; round < 3; round++) {
    const next = held
      .filter((h) => !chosen.includes(h))
      .map((h) => ({ h, adds: [...h.members].filter((i) => !covered.has(i)).length }))
      .filter((x) => x.adds > 0)
      .sort((a, b) => b.adds - a.adds || byCoverage(a.h, b.h))[0];
    if (!next) break;
    chosen.push(next.h);
    for (const i of next.h.members) covered.add(i);
  }
  if (chosen.length === 0 || covered.size * 2 < members.length) return null;
  return { selector: chosen.map((h) => h.feature.selector).join(', '), found: covered.size, rank: chosen[0].feature.rank };
}

const STRONG_TEXT_WORDS = new Set(['text', 'body', 'content', 'contents', 'markdown']);

/**
 * The text's element: a feature named text, body, content or message, not the author's and not holding it;
 * "text" or "body" over "message"; held by at least half the messages.
 */
function textFeature(members: Element[], author: InsideFeature | null): InsideFeature | null {
  const held = heldFeatures(
    members,
    (f) => f.names.some((n) => hasWord(n, TEXT_WORDS)) && !f.names.some((n) => hasWord(n, AUTHOR_WORDS)),
  ).filter((h) => h.members.size * 2 >= members.length && !(author && h.elements.some((el) => el.querySelector(author.selector))));
  const strong = (h: Held) => (h.feature.names.some((n) => hasWord(n, STRONG_TEXT_WORDS)) ? 1 : 0);
  held.sort((a, b) => b.members.size - a.members.size || strong(b) - strong(a) || byCoverage(a, b));
  const best = held[0];
  return best ? { selector: best.feature.selector, found: best.members.size, rank: best.feature.rank } : null;
}

interface Candidate {
  parent: ParentNode;
  members: Element[];
  feature: Feature;
  score: number;
  author: InsideFeature | null;
  text: InsideFeature | null;
  authorNames: string[];
}

function messageCandidates(walked: Walked, isBot: (name: string) => boolean): Candidate[] {
  const candidates: Candidate[] = [];
  for (const { parent, children } of walked.parents) {
    if (children.length < 2) continue;
    const position = new Map(children.map((child, i) => [child, i]));
    const bySelector = new Map<string, { feature: Feature; members: Element[] }>();
    for (const child of children) {
      for (const f of featuresOf(child)) {
        const entry = bySelector.get(f.selector) ?? { feature: f, members: [] };
        entry.members.push(child);
        bySelector.set(f.selector, entry);
      }
    }
    // One candidate per set of elements: the widest feature, then the steadiest.
    const bySet = new Map<string, { feature: Feature; members: Element[] }>();
    const hasText = new Map(children.map((child) => [child, readText(child) !== '']));
    for (const entry of bySelector.values()) {
      const withText = entry.members.filter((m) => hasText.get(m)).length;
      if (entry.members.length < 2 || withText < 2 || withText < entry.members.length * 0.8) continue;
      const key = entry.members.map((m) => position.get(m)).join(',');
      const other = bySet.get(key);
      if (!other || entry.feature.rank < other.feature.rank) bySet.set(key, entry);
    }
    for (const { feature, members } of bySet.values()) {
      const shared = featuresOf(members[0]).filter((f) => members.every((m) => safeMatches(m, f.selector)));
      const keyword = shared.some((f) => f.names.some((n) => hasWord(n, MESSAGE_WORDS)));
      const author = authorFeature(members);
      const text = textFeature(members, author);
      const authorNames = author ? members.map((m) => readText(m.querySelector(author.selector))).filter(Boolean) : [];
      const bot = authorNames.some(isBot);
      const score =
        (keyword ? 4 : 0) + (author ? 3 : 0) + (text ? 2 : 0) + (bot ? 3 : 0) + (feature.rank <= 5 ? 1 : 0) + Math.min(members.length, 50) / 100;
      candidates.push({ parent, members, feature, score, author, text, authorNames });
    }
  }
  // A repeated element inside a message (its paragraphs) is not the message.
  const holders = new Map<Element, Candidate[]>();
  for (const o of candidates) for (const m of o.members) holders.set(m, [...(holders.get(m) ?? []), o]);
  const nested = candidates.filter((c) => {
    for (let at = c.parent.nodeType === 1 ? (c.parent as Element) : null; at; at = at.parentElement) {
      if (holders.get(at)?.some((o) => o !== c && o.score >= c.score - 1)) return true;
    }
    return false;
  });
  for (const c of nested) c.score -= 3;
  return candidates.sort((a, b) => b.score - a.score || b.members.length - a.members.length);
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

function describeParent(parent: ParentNode): string {
  if (parent.nodeType !== 1) return parent.nodeType === 11 ? 'a shadow root' : 'the page';
  const el = parent as Element;
  const f = featuresOf(el)[0];
  return f ? f.selector : el.localName;
}

/** Selectors for the element: its own features, or its tag. */
function qualifiers(el: Element): string[] {
  const own = featuresOf(el)
    .filter((f) => f.rank <= 4)
    .sort((a, b) => a.rank - b.rank)
    .map((f) => f.selector);
  const id = el.getAttribute('id');
  if (id && STABLE_TOKEN.test(id)) own.push(`#${id}`);
  return own;
}

/** The message selector: the feature alone when it picks exactly the messages, else qualified by an ancestor. */
function messageSelectorFor(doc: Document, roots: ParentNode[], c: Candidate): { selector: string; extra: number } {
  const wanted = new Set(c.members);
  const extraOf = (selector: string) => {
    if (!isValidSelector(doc, selector)) return Infinity;
    const found = queryAllRoots(roots, selector);
    if (!c.members.every((m) => found.includes(m))) return Infinity;
    return found.filter((el) => !wanted.has(el)).length;
  };
  const base = c.feature.selector;
  let best = { selector: base, extra: extraOf(base) };
  if (best.extra === 0) return best;
  for (let el = c.parent.nodeType === 1 ? (c.parent as Element) : null, level = 0; el && level < 6; el = el.parentElement, level++) {
    for (const q of qualifiers(el)) {
      const selector = `${q} ${base}`;
      const extra = extraOf(selector);
      if (extra < best.extra) best = { selector, extra };
      if (extra === 0) return best;
    }
  }
  return best;
}

/** Selectors of the open shadow hosts above the element: the tag, narrowed by a class when it is not a custom element. */
function hostSelectors(hosts: Element[]): string[] {
  return hosts.map((host) => {
    const tag = host.localName;
    if (tag.includes('-')) return tag;
    const q = qualifiers(host)[0];
    return q ? `${tag}${q}` : tag;
  });
}

// ── resolved marker ───────────────────────────────────────────────────────────────────────────────────────

function resolvedFeature(el: Element): Feature | null {
  // Disclosure widgets (Radix's data-state="closed", details, dialogs) are closed without anything resolved.
  const tag = el.localName;
  if (['button', 'details', 'dialog', 'summary', 'select', 'option'].includes(tag) || el.hasAttribute('aria-expanded')) return null;
  const score = (name: string) => {
    const words = wordsOf(name);
    if (words.some((w) => w === 'not' || w === 'non' || w === 'un')) return 0;
    if (words.includes('resolved') || words.includes('solved')) return 2;
    return words.includes('closed') ? 1 : 0;
  };
  let best: { feature: Feature; score: number } | null = null;
  for (const f of featuresOf(el)) {
    if (f.selector.startsWith('[data-state')) continue;
    if (f.selector.startsWith('[') && !f.selector.includes('=')) {
      // [data-resolved] alone only when it does not read false.
      const value = el.getAttribute(f.names[0]) ?? '';
      if (/^(false|no|0)$/i.test(value)) continue;
    }
    const s = Math.max(0, ...f.names.map(score));
    if (s > 0 && (!best || s > best.score || (s === best.score && f.rank < best.feature.rank))) best = { feature: f, score: s };
  }
  return best?.feature ?? null;
}

// ── the suggestion ────────────────────────────────────────────────────────────────────────────────────────

/** A vendor profile draft for the page at `url`, with the reason for each field. Fields it could not find are left out. */
export function suggestProfileFromPage(doc: Document, url: URL): ProfileSuggestion {
  const fields: Partial<VendorProfile> = {};
  const why: ProfileSuggestion['why'] = {};

  const hostname = url.hostname.toLowerCase();
  fields.hostPattern = `https://${hostname}/*`;
  why.hostPattern = `this page's host, ${hostname}`;
  fields.id = profileId(hostname);
  fields.name = profileName(fields.id);
  why.id = `from the host name ${hostname}`;
  why.name = why.id;

  const idPattern = suggestIdPattern(url);
  if (idPattern) {
    fields.conversationIdPattern = idPattern.pattern;
    why.conversationIdPattern = `${idPattern.why}`;
  } else {
    why.conversationIdPattern = 'no conversation id found in this address: open one conversation and try again';
  }

  const walked = walk(doc);
  // The vendor's own name as an author ("Sierra") is its agent too.
  const vendorWords = new Set(wordsOf(fields.name));
  const isBot = (n: string) => BOT_NAME.test(n) || wordsOf(n).some((w) => vendorWords.has(w));
  const candidates = messageCandidates(walked, isBot);
  const chosen = candidates[0];
  fields.teammateAuthorNames = [];
  why.teammateAuthorNames = 'add the names of human teammates; everyone else who is not the AI counts as the customer';
  if (!chosen) {
    fields.shadowHosts = [];
    why.messageSelector = 'no element repeats with text on this page: open a conversation with at least two messages';
    why.shadowHosts = 'no messages found';
    suggestResolved(doc, walked, new Set(), [], fields, why);
    return { fields, why };
  }

  const shadowHosts = uniq(hostSelectors(walked.hosts.get(chosen.members[0]) ?? []));
  const roots = collectRoots(doc, shadowHosts);
  const message = messageSelectorFor(doc, roots, chosen);
  fields.shadowHosts = shadowHosts;
  why.shadowHosts =
    shadowHosts.length > 0 ? `the messages are inside the open shadow root of ${shadowHosts.join(' › ')}` : 'the messages are in the page itself, not in a shadow root';
  if (Number.isFinite(message.extra)) {
    fields.messageSelector = message.selector;
    why.messageSelector =
      `${chosen.members.length} elements ${chosen.feature.selector} repeat under ${describeParent(chosen.parent)}` +
      (message.extra > 0 ? ` (the selector also picks ${message.extra} other element${message.extra === 1 ? '' : 's'})` : '');
  } else {
    why.messageSelector = `${chosen.members.length} elements ${chosen.feature.selector} repeat, but no selector picks them all`;
  }

  // Built from valid pieces, checked all the same: a broken selector would throw in every page it runs on.
  if (chosen.author && !isValidSelector(doc, chosen.author.selector)) chosen.author = null;
  if (chosen.text && !isValidSelector(doc, chosen.text.selector)) chosen.text = null;
  if (chosen.author) {
    fields.authorSelector = chosen.author.selector;
    why.authorSelector = `${chosen.author.found} of ${chosen.members.length} messages hold ${chosen.author.selector}`;
  } else {
    why.authorSelector = "no element inside the messages is named author, sender, from or name: pick the author's element";
  }
  fields.textSelector = chosen.text?.selector ?? '';
  why.textSelector = chosen.text
    ? `${chosen.text.found} of ${chosen.members.length} messages hold ${chosen.text.selector}`
    : 'no element inside the messages is named text, body or content: the whole message is read';

  const names = uniq(chosen.authorNames);
  const bots = names.filter((n) => isBot(n) && n.length <= 120).slice(0, 50);
  if (bots.length > 0) {
    fields.aiAuthorNames = bots;
    why.aiAuthorNames = `author name${bots.length === 1 ? '' : 's'} that read as a bot or as ${fields.name}, out of ${names.length} on this page`;
  } else {
    why.aiAuthorNames = names.length > 0 ? `none of the ${names.length} author names reads as a bot: name the AI agent` : 'no author names found: name the AI agent';
  }

  suggestResolved(doc, walked, new Set(chosen.members), shadowHosts, fields, why);
  return { fields, why };
}

const CONTROLS = 'a, button, nav, label, select, option, [role="tab"], [role="option"], [role="menuitem"], [role="button"], [role="link"]';

function suggestResolved(
  doc: Document,
  walked: Walked,
  messages: Set<Element>,
  shadowHosts: string[],
  fields: Partial<VendorProfile>,
  why: ProfileSuggestion['why'],
): void {
  const inMessage = (el: Element) => {
    for (let at: Element | null = el; at; at = at.parentElement) if (messages.has(at)) return true;
    return false;
  };
  let selector: { feature: Feature; el: Element } | null = null;
  let label: { word: string; el: Element } | null = null;
  for (const el of walked.hosts.keys()) {
    if (inMessage(el)) continue;
    const f = resolvedFeature(el);
    if (f && isValidSelector(doc, f.selector) && (!selector || f.rank < selector.feature.rank)) selector = { feature: f, el };
    // A leaf label, not a filter tab or a link ("Closed" conversations in the sidebar).
    if (!label && el.children.length === 0 && !el.closest(CONTROLS)) {
      const text = readText(el).toLowerCase();
      const word = STATUS_WORDS.find((w) => w.toLowerCase() === text);
      if (word) label = { word, el };
    }
  }
  if (!selector && !label) {
    why.resolvedSelector = 'nothing on this page reads resolved, closed or solved: open a resolved conversation and try again';
    return;
  }
  // The marker's shadow hosts join the messages' so the profile reaches it.
  for (const found of [selector?.el, label?.el]) {
    if (!found) continue;
    for (const h of hostSelectors(walked.hosts.get(found) ?? [])) if (!shadowHosts.includes(h)) shadowHosts.push(h);
  }
  fields.shadowHosts = shadowHosts;
  const roots = collectRoots(doc, shadowHosts);
  fields.resolvedSelector = '';
  fields.resolvedText = '';
  if (selector && queryAllRoots(roots, selector.feature.selector).length > 0) {
    fields.resolvedSelector = selector.feature.selector;
    why.resolvedSelector = `${selector.feature.selector} is on this page (outside the messages): check it is absent on an open conversation`;
  } else {
    why.resolvedSelector = 'no class or data attribute reads resolved, closed or solved';
  }
  if (label) {
    fields.resolvedText = label.word;
    why.resolvedText = `a label reads exactly "${label.word}" outside the messages: check it is absent on an open conversation`;
  } else {
    why.resolvedText = `no label reads exactly ${STATUS_WORDS.join(', ')}`;
  }
}

function uniq<T>(items: T[]): T[] {
  return [...new Set(items)];
}
