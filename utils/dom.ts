// DOM helpers shared by every adapter: vendor apps render late and inside shadow roots.

/**
 * The document plus every open shadow root reachable through the given host selectors,
 * searched level by level (a host inside a shadow root is found once its parent root is).
 */
export function collectRoots(doc: Document, shadowHostSelectors: readonly string[]): ParentNode[] {
  const roots: ParentNode[] = [doc];
  if (shadowHostSelectors.length === 0) return roots;
  const selector = shadowHostSelectors.join(',');
  for (let i = 0; i < roots.length; i++) {
    for (const host of roots[i].querySelectorAll(selector)) {
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

/** True when some element without children under these roots reads exactly `text` (ignoring case). */
export function hasLeafText(roots: readonly ParentNode[], text: string): boolean {
  const wanted = text.toLowerCase();
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      if (el.children.length === 0 && readText(el).toLowerCase() === wanted) return true;
    }
  }
  return false;
}

/**
 * Finds the value shown beside a label, e.g. a details-sidebar row "Fin AI Agent resolution state: Assumed".
 * Vendors rarely mark these rows, so we go by the label's text, then take the next element's text.
 */
export function valueBesideLabel(container: Element | ShadowRoot, label: string): string | null {
  const wanted = label.toLowerCase();
  const walker = container.ownerDocument!.createTreeWalker(container, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if ((node.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase() !== wanted) continue;
    // Climb from the label until an ancestor has a following sibling: that sibling holds the value.
    for (let el = node.parentElement; el && el !== container; el = el.parentElement) {
      const value = el.nextElementSibling;
      if (value) return readText(value);
    }
  }
  return null;
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
    attributeFilter: ['data-conversation-id', 'datetime'],
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
