// A page outline: the STRUCTURE of a vendor page (tags, ids, classes, a few attributes, open shadow roots),
// for writing a vendor profile or fixing an adapter when reading a page fails. The user copies it and sends
// it, so it must say nothing about the customer: no text nodes, no form values, no free-text attributes,
// no query strings or fragments, every digit run masked and every token holding an @ dropped.

interface PageOutlineOptions {
  /** Elements deeper than this are shown as one "…" line (default 40). */
  maxDepth?: number;
  /** Size limit in UTF-8 bytes, header and cut line included (default 50,000). */
  maxBytes?: number;
  /** The page's address for the header (default: the document's own). Only host and path are shown. */
  url?: URL;
  /** The date for the header (default: now). */
  now?: Date;
}

const DEFAULT_MAX_DEPTH = 40;
const DEFAULT_MAX_BYTES = 50_000;
/** Runs of at least this many same-shape siblings are shown as their first two and a count. */
const COLLAPSE_RUN = 4;
const COLLAPSE_KEEP = 2;

/** Elements left out of the outline, with everything inside them. */
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript']);
/** Elements shown as one line, without what is inside them. */
const OPAQUE_TAGS = new Set(['svg', 'math', 'template']);

/** Attributes whose values are free text a person wrote or reads: only their names are shown. */
const FREE_TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'aria-placeholder',
  'aria-roledescription',
  'title',
  'alt',
  'placeholder',
  'value',
]);

const DIGITS = /\p{Nd}+/gu;
const HIDDEN_VALUE = '…';

/** Every run of digits becomes one "#". */
function maskDigits(value: string): string {
  return value.replace(DIGITS, '#');
}

const hasAt = (value: string) => value.includes('@') || /%40/i.test(value);

/** "a capitalised word not containing - or _": Maya, Duarte (and, harmlessly, Open or ISO). */
const looksLikeName = (value: string) => /^\p{Lu}[^\s_-]*$/u.test(value);

/**
 * The children the outline (and the profile suggestion) walk: an open shadow root first, then the element
 * children, without scripts, styles and noscript. Opaque elements (svg, math, template) have none.
 */
export function outlineChildren(node: ParentNode): Array<Element | ShadowRoot> {
  const items: Array<Element | ShadowRoot> = [];
  if (isElement(node)) {
    if (OPAQUE_TAGS.has(tagOf(node))) return items;
    // Open roots only: a closed root's shadowRoot is null.
    if (node.shadowRoot) items.push(node.shadowRoot);
  }
  for (const child of node.children) if (!SKIPPED_TAGS.has(tagOf(child))) items.push(child);
  return items;
}

function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

function tagOf(el: Element): string {
  return el.localName || el.tagName.toLowerCase();
}

/** A value safe to show for an identifier-like attribute, or "…" when it may be something a person wrote. */
function identifierValue(value: string): string {
  if (value === '') return '';
  if (hasAt(value)) return HIDDEN_VALUE;
  if (/^(https?:|\/)/i.test(value)) return reducedUrl(value);
  if (/\s/.test(value) || value.length > 40 || looksLikeName(value)) return HIDDEN_VALUE;
  // A dotted value may be a handle or a domain (maya.lopez, example.com); a query-like one may hold anything.
  if (/[.?=&:+,;'"<>\\]/.test(value)) return HIDDEN_VALUE;
  return maskDigits(value);
}

/** One path segment of a URL, as the outline shows it. */
function pathSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Keep the raw segment.
  }
  if (decoded === '') return '';
  if (hasAt(decoded) || /\s/.test(decoded) || decoded.length > 40 || looksLikeName(decoded)) return HIDDEN_VALUE;
  return maskDigits(decoded);
}

/** A path with its digit runs masked and its segments checked; no query string, no fragment. */
function maskedPath(pathname: string): string {
  return pathname.split('/').map(pathSegment).join('/');
}

/** href: its path only (no host, query or fragment), digits masked; other schemes by name only. */
function reducedUrl(href: string): string {
  const trimmed = href.trim();
  if (trimmed === '') return '';
  if (trimmed.startsWith('#')) return '#…';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') return `${scheme}:…`;
  let url: URL;
  try {
    url = new URL(trimmed, 'https://outline.invalid/');
  } catch {
    return HIDDEN_VALUE;
  }
  return maskedPath(url.pathname);
}

function attributeText(el: Element, tag: string): { text: string; names: string[] } {
  const parts: string[] = [];
  const names: string[] = [];
  for (const attr of el.attributes) {
    const name = attr.name.toLowerCase();
    let shown: string | null = null;
    if (FREE_TEXT_ATTRIBUTES.has(name)) shown = attr.value === '' ? '' : HIDDEN_VALUE;
    else if (name === 'href') shown = reducedUrl(attr.value);
    else if (name === 'role' || name === 'contenteditable' || (name === 'type' && tag === 'input')) {
      shown = identifierValue(attr.value);
    } else if (name.startsWith('data-') || name.startsWith('aria-')) shown = identifierValue(attr.value);
    if (shown === null) continue;
    // Attribute names are the page's code, not the customer's: digits still masked, @ still dropped.
    if (hasAt(name)) continue;
    const shownName = maskDigits(name);
    names.push(shownName);
    parts.push(`${shownName}="${shown.replace(/"/g, '&quot;')}"`);
  }
  return { text: parts.join(' '), names };
}

function safeTokens(tokens: Iterable<string>): string[] {
  const safe: string[] = [];
  for (const token of tokens) if (token && !hasAt(token)) safe.push(maskDigits(token));
  return safe;
}

interface Line {
  text: string;
  /** Same shape = same tag, classes and attribute names (ids and values may differ). */
  shape: string;
}

function elementLine(el: Element): Line {
  const tag = tagOf(el);
  const id = el.getAttribute('id');
  const idText = id && !hasAt(id) && !/\s/.test(id) ? `#${maskDigits(id)}` : '';
  const classes = safeTokens(el.classList);
  const classText = classes.map((c) => `.${c}`).join('');
  const { text: attrs, names } = attributeText(el, tag);
  const hidden = el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
  const text = `${tag}${idText}${classText}${attrs ? ` ${attrs}` : ''}${hidden ? ' [hidden]' : ''}`;
  const shape = `${tag}${classText} ${[...names].sort().join(' ')}${hidden ? ' [hidden]' : ''}${el.shadowRoot ? ' #shadow' : ''}`;
  return { text, shape };
}

function itemLine(item: Element | ShadowRoot): Line {
  if (isElement(item)) return elementLine(item);
  return { text: '#shadow-root (open)', shape: '#shadow-root' };
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function formatKb(bytes: number): string {
  return `${Number((bytes / 1000).toFixed(1))} KB`;
}

function documentUrl(root: Element | Document): URL | null {
  const doc = isElement(root) ? root.ownerDocument : root;
  try {
    return new URL(doc.URL);
  } catch {
    return null;
  }
}

/**
 * The outline of a page or region: one line per element, indented by depth, with open shadow roots shown as
 * "#shadow-root (open)". Nothing a customer wrote or is (text, values, names, emails, numbers) is in it.
 */
export function pageOutline(root: Element | Document, options: PageOutlineOptions = {}): string {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const url = options.url ?? documentUrl(root);
  const now = options.now ?? new Date();
  const cutLine = `… outline cut at ${formatKb(maxBytes)}`;
  const reserve = utf8Length(cutLine) + 1;

  const lines: string[] = [];
  let bytes = 0;
  let cut = false;
  const emit = (depth: number, text: string): boolean => {
    if (cut) return false;
    const line = `${'  '.repeat(depth)}${text}`;
    const size = utf8Length(line) + (lines.length > 0 ? 1 : 0);
    if (bytes + size + reserve > maxBytes) {
      cut = true;
      return false;
    }
    lines.push(line);
    bytes += size;
    return true;
  };

  const host = url && /^https?:$/.test(url.protocol) ? url.host : url?.protocol.replace(/:$/, '') || 'unknown host';
  const path = url ? maskedPath(url.pathname) || '/' : '/';
  emit(0, `Recount page outline · ${host} · ${path} · ${now.toISOString()}`);

  const renderItems = (items: Array<Element | ShadowRoot>, depth: number): void => {
    if (items.length === 0 || cut) return;
    if (depth > maxDepth) {
      emit(depth, '…');
      return;
    }
    const lineOf = items.map(itemLine);
    for (let i = 0; i < items.length && !cut; ) {
      let end = i + 1;
      while (end < items.length && lineOf[end].shape === lineOf[i].shape) end++;
      const run = end - i;
      const shown = run >= COLLAPSE_RUN ? COLLAPSE_KEEP : run;
      for (let k = i; k < i + shown && !cut; k++) renderItem(items[k], lineOf[k], depth);
      if (run > shown) emit(depth, `… ×${run - shown} more like this`);
      i = end;
    }
  };

  const renderItem = (item: Element | ShadowRoot, line: Line, depth: number): void => {
    if (!emit(depth, line.text)) return;
    renderItems(outlineChildren(item), depth + 1);
  };

  if (isElement(root)) {
    if (!SKIPPED_TAGS.has(tagOf(root))) renderItem(root, elementLine(root), 0);
  } else if (root.documentElement) {
    renderItem(root.documentElement, elementLine(root.documentElement), 0);
  }

  if (cut) lines.push(cutLine);
  return lines.join('\n');
}
