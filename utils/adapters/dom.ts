// DOM helpers shared by every adapter: vendor apps render late and inside shadow roots.
// Long because it is the one set of scoped-reading helpers every adapter and profile shares (shadow roots,
// shown-ness, nearest region, label values).

/**
 * The document plus every open shadow root reachable through the given host selectors, searched level by level
 * (a host inside a shadow root is found once its parent root is). Inside a shadow root any element may host
 * another: vendor apps nest components, and a new release may add a level.
 */
export function collectRoots(doc: Document, shadowHostSelectors: readonly string[]): ParentNode[] {
  const roots: ParentNode[] = [doc];
  if (shadowHostSelectors.length === 0) return roots;
  const selector = shadowHostSelectors.join(',');
  for (let i = 0; i < roots.length; i++) {
    for (const host of roots[i].querySelectorAll(i === 0 ? selector : '*')) {
      if (host.shadowRoot && !roots.includes(host.shadowRoot)) roots.push(host.shadowRoot);
    }
  }
  return roots;
}

export function queryRoots<E extends Element = Element>(roots: readonly ParentNode[], selector: string): E | null {
  for (const root of roots) {
    const found = root.querySelector<E>(selector);
    if (found) return found;
  }
  return null;
}

export function queryAllRoots<E extends Element = Element>(roots: readonly ParentNode[], selector: string): E[] {
  const found: E[] = [];
  for (const root of roots) found.push(...root.querySelectorAll<E>(selector));
  return found;
}

/**
 * List links as an adapter describes them: links matching `selector` outside `outside` (the open
 * conversation's own links are not list rows). Both the whole list and a check of one link.
 */
export function listLinkRule(selector: string, outside: string) {
  return {
    listLinks: (doc: Document) => [...doc.querySelectorAll<HTMLAnchorElement>(selector)].filter((a) => !a.closest(outside)),
    isListLink: (link: Element) => link.matches(selector) && !link.closest(outside),
  };
}

/** Visible text with runs of white space folded, as a person reads it. */
export function readText(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * How urgent a batch of mutations is: `now` runs `onChange` at once (the conversation the agent is looking at
 * changed: the bar should follow within the same frame), `frame` once per animation frame (list rows came or
 * went), `skip` not at all (text ticking over in a list: nothing we read).
 */
export type MutationTriage = (records: readonly MutationRecord[]) => 'now' | 'frame' | 'skip';

/** True when a batch adds elements, not just text: the only changes that can bring list rows or shadow roots. */
export function addsElements(records: readonly MutationRecord[]): boolean {
  // Index loops: this runs for every batch on a busy page, and NodeList iterators allocate.
  for (let i = 0; i < records.length; i++) {
    const added = records[i].addedNodes;
    for (let j = 0; j < added.length; j++) if (added[j].nodeType === 1) return true;
  }
  return false;
}

/**
 * Calls `onChange` while the document or any of the adapter's shadow roots mutate: at once, once per frame
 * or never, as `triage` decides for each batch. One observer for everything: the helpdesk page is busy and we
 * must cost nothing felt, so the per-batch triage is the only work a busy list's churn pays for.
 */
export function observeRoots(
  doc: Document,
  shadowHostSelectors: readonly string[],
  onChange: (records: readonly MutationRecord[]) => void,
  triage: MutationTriage = () => 'frame',
): () => void {
  const observed = new WeakSet<Node>();
  let scheduled = false;
  // The frame's records go to the callback, so it can skip work the changes cannot affect.
  let pending: MutationRecord[] = [];
  const flush = () => {
    const records = pending;
    pending = [];
    // A new shadow root can only come with a new element; text churn needs no search for one.
    if (addsElements(records)) observeNewRoots();
    onChange(records);
  };
  const observer = new MutationObserver((records) => {
    const urgency = triage(records);
    if (urgency === 'skip') return;
    pending.push(...records);
    if (urgency === 'now') return flush();
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (pending.length > 0) flush();
    });
  });
  // Attributes only where an adapter reads them; hover and focus class churn would wake us for nothing.
  const options: MutationObserverInit = {
    childList: true,
    subtree: true,
    characterData: true,
    // …and the ones that say which region is shown (a tab or record page set aside stays in the DOM).
    attributeFilter: ['data-conversation-id', 'datetime', 'hidden', 'aria-hidden', 'data-is-active', 'aria-selected'],
  };
  const observeNewRoots = () => {
    for (const root of collectRoots(doc, shadowHostSelectors)) {
      const node = root === doc ? doc.documentElement : (root as Node);
      if (node && !observed.has(node)) {
        observed.add(node);
        observer.observe(node, options);
      }
    }
  };
  observeNewRoots();
  return () => observer.disconnect();
}

// ---- Scoped reading: every read is looked up inside the region it describes ----
// A helpdesk page holds far more than the conversation on screen: inbox lists and preview cards carrying other
// conversations' ids and labels, earlier record pages kept hidden, a closing tab. These helpers find the one
// region a read belongs to and refuse (null) when the page does not say which it is.

/** The parent element, stepping out of a shadow root to its host. */
export function parentAcross(node: Node): Element | null {
  if (node.parentElement) return node.parentElement;
  const parent = node.parentNode;
  return parent && (parent as ShadowRoot).host ? (parent as ShadowRoot).host : null;
}

/** Whether `inner` is `outer` or lies under it, across shadow roots. */
export function containsAcross(outer: Node, inner: Node): boolean {
  for (let node: Node | null = inner; node; node = parentAcross(node)) if (node === outer) return true;
  return false;
}

/** SLDS and common utility classes that hide an element through the vendor's own style sheet. */
const HIDING_CLASSES = ['slds-hide', 'slds-hidden', 'hidden', 'is-hidden', 'd-none'];

/** How an element itself (not its ancestors) hides, by its attributes: 0 hidden, 1 set aside for assistive technology, 2 not at all. */
function ownRank(node: Element): 0 | 1 | 2 {
  if (node.hasAttribute('hidden')) return 0;
  for (const name of HIDING_CLASSES) if (node.classList.contains(name)) return 0;
  const style = (node as HTMLElement).style;
  if (style && (style.display === 'none' || style.visibility === 'hidden')) return 0;
  return node.getAttribute('aria-hidden') === 'true' || node.hasAttribute('inert') ? 1 : 2;
}

/**
 * How shown an element is: 0 hidden (a `hidden`, `display: none`, `visibility: hidden` or hiding-class
 * ancestor, across shadow roots, or hidden by the page's style sheets), 1 only set aside for assistive
 * technology (`aria-hidden`, `inert`: a modal does this to the page it covers, so it is not proof of a stale
 * page), 2 shown. `memo` shares the ancestors' answers between the candidates of one read (200 message parts
 * share their ancestors); with `styles` the page's style sheets are asked too, through the browser's own
 * `checkVisibility` (one native walk of the flat tree instead of a computed style per ancestor). That makes the
 * browser compute the styles of what the app just rendered, at once: worth it where candidates compete or a
 * console keeps earlier pages hidden by its style sheets, not on every read.
 */
export function shownRank(el: Element, memo: Map<Element, 0 | 1 | 2> = new Map(), styles = true): 0 | 1 | 2 {
  const chain: Element[] = [];
  let rank: 0 | 1 | 2 = 2;
  for (let node: Element | null = el; node; node = parentAcross(node)) {
    const known = memo.get(node);
    if (known !== undefined) {
      rank = known;
      break;
    }
    chain.push(node);
  }
  // From the highest unknown ancestor down: an element is as hidden as its most hidden ancestor.
  for (let i = chain.length - 1; i >= 0; i--) {
    if (rank !== 0) {
      const own = ownRank(chain[i]);
      if (own < rank) rank = own;
    }
    memo.set(chain[i], rank);
  }
  if (styles && rank !== 0 && typeof el.checkVisibility === 'function' && !el.checkVisibility({ visibilityProperty: true })) return 0;
  return rank;
}

/**
 * The candidates best shown: hidden ones dropped, and aria-hidden ones only when nothing better is there. The
 * style sheets are asked when several candidates compete (or `styles` says so); a lone candidate is checked by
 * its attributes and classes.
 */
export function bestShown<E extends Element>(candidates: readonly E[], styles = candidates.length > 1): E[] {
  const memo = new Map<Element, 0 | 1 | 2>();
  let best = 0;
  const ranks = candidates.map((el) => {
    const rank = shownRank(el, memo, styles);
    if (rank > best) best = rank;
    return rank;
  });
  return best === 0 ? [] : candidates.filter((_, i) => ranks[i] === best);
}

/** Whether any of `nodes` is `el` itself or one of its ancestors (across shadow roots). */
export function isWithinAny(el: Node, nodes: ReadonlySet<Node>): boolean {
  for (let node: Node | null = el; node; node = parentAcross(node)) if (nodes.has(node)) return true;
  return false;
}

/** Drops candidates that lie inside another candidate (nested markers of one thing). */
export function outermost<E extends Element>(candidates: readonly E[]): E[] {
  const set = new Set<Node>(candidates);
  return candidates.filter((el) => {
    const parent = parentAcross(el);
    return !parent || !isWithinAny(parent, set);
  });
}

/** Drops candidates that contain another candidate, keeping the most specific. */
export function innermost<E extends Element>(candidates: readonly E[]): E[] {
  const holders = new Set<Node>();
  for (const el of candidates) for (let up = parentAcross(el); up && !holders.has(up); up = parentAcross(up)) holders.add(up);
  return candidates.filter((el) => !holders.has(el));
}

/** Every open shadow root under `root` (at any depth), with `root` first. */
function rootsWithin(root: Element | ShadowRoot): ParentNode[] {
  const roots: ParentNode[] = [root];
  if (root instanceof Element && root.shadowRoot) roots.push(root.shadowRoot);
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  return roots;
}

/** Elements matching `selector` inside `region` (itself included) and its shadow roots, in document order. */
export function queryWithin<E extends Element = Element>(region: Element | ShadowRoot, selector: string): E[] {
  const found: E[] = [];
  if (region instanceof Element && region.matches(selector)) found.push(region as E);
  for (const root of rootsWithin(region)) found.push(...root.querySelectorAll<E>(selector));
  return found;
}

/** The ancestors of a node up to the document, across shadow roots, nearest first. */
function ancestorsAcross(node: Node): Element[] {
  const chain: Element[] = [];
  for (let el = parentAcross(node); el; el = parentAcross(el)) chain.push(el);
  return chain;
}

/**
 * The candidate that belongs with `anchor`: one inside it, else the one whose nearest common ancestor with it
 * is deepest. Null when two are equally near: the page does not say which belongs to the anchor.
 */
export function nearestTo<E extends Element>(anchor: Element, candidates: readonly E[]): E | null {
  const inside = candidates.filter((el) => containsAcross(anchor, el));
  if (inside.length > 0) return inside[0];
  const anchorChain = [anchor, ...ancestorsAcross(anchor)];
  const distance = (el: Element) => {
    const chain = new Set([el, ...ancestorsAcross(el)]);
    const index = anchorChain.findIndex((a) => chain.has(a));
    return index < 0 ? Infinity : index;
  };
  let best: E | null = null;
  let bestDistance = Infinity;
  let tie = false;
  for (const el of candidates) {
    const d = distance(el);
    if (d < bestDistance) [best, bestDistance, tie] = [el, d, false];
    else if (d === bestDistance) tie = true;
  }
  return tie || bestDistance === Infinity ? null : best;
}

/** Label text as a person reads it: white space folded, case ignored, a trailing colon and info icons dropped. */
export function labelWords(text: string): string {
  return text
    .replace(/[\u24d8\u2139\u2753?*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*:$/, '')
    .toLowerCase();
}

/** Help icons, tooltips and screen-reader-only text sit between a label and its value; they are not the value. */
const NOT_A_VALUE = '.slds-assistive-text, .assistive-text, .sr-only, .visually-hidden, [aria-hidden="true"], [role="tooltip"], svg, lightning-helptext';

/** The value an input, select or text element shows, leaving out help icons and screen-reader-only text. */
function shownValue(el: Element): string {
  if (el.matches(NOT_A_VALUE)) return '';
  const field = el.matches('input, select, textarea') ? el : el.querySelector('input, select, textarea');
  if (field && 'value' in field && typeof (field as HTMLInputElement).value === 'string') {
    const value = (field as HTMLInputElement).value.replace(/\s+/g, ' ').trim();
    if (value) return value;
  }
  if (!el.querySelector(NOT_A_VALUE)) return readText(el);
  let text = '';
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest(NOT_A_VALUE)) text += ` ${node.textContent ?? ''}`;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Every value shown beside a label inside `container`, e.g. a details-sidebar row "Fin AI Agent resolution
 * state · Assumed". Vendors rarely mark these rows, so we go by the label's text (as a person reads it:
 * case, spacing, a trailing colon or an info icon do not matter), then take the next sibling that shows text.
 * `skip` leaves out labels inside elements that describe something else (a preview card of another conversation).
 */
export function valuesBesideLabel(container: Element | ShadowRoot, label: string, skip?: (el: Element) => boolean): string[] {
  const wanted = labelWords(label);
  const values: string[] = [];
  const labels = queryWithin(container, '*').filter((el) => labelWords(el.textContent ?? '') === wanted);
  for (const labelEl of innermost(labels)) {
    if (skip?.(labelEl)) continue;
    // Climb from the label until an ancestor has a following sibling showing text: that sibling holds the value.
    for (let el: Element | null = labelEl; el && el !== container; el = el.parentElement) {
      let value = '';
      for (let sibling = el.nextElementSibling; sibling && !value; sibling = sibling.nextElementSibling) {
        value = labelWords(shownValue(sibling)) ? shownValue(sibling) : '';
      }
      if (value) {
        values.push(value);
        break;
      }
    }
  }
  // "Label: value" in one piece of text.
  const prefix = new RegExp(`^\\s*${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}\\s*:\\s*(\\S.*)$`, 'i');
  for (const el of queryWithin(container, '*')) {
    if (el.children.length > 0 || skip?.(el)) continue;
    const match = prefix.exec(readText(el));
    if (match) values.push(match[1].trim());
  }
  return values;
}
