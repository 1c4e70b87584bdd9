// Per-row badges in conversation lists (Intercom inbox list, Zendesk views). One observer drives them (the
// controller's); each pass reads the list's links, asks the background once for the rows it has not seen,
// and touches the DOM only where a badge changes. No listener on any row.
import type { VendorAdapter } from '../../utils/adapters/types';
import type { RowStatus } from '../../utils/store/tagging';
import { conversationKeyString, type Verdict } from '../../utils/model/verdict';

const BADGE_ATTR = 'data-recount-badge';

interface BadgeLook {
  state: string;
  text: string;
  title: string;
  color: string;
}

const TAGGED: Record<Verdict, BadgeLook> = {
  genuine: { state: 'genuine', text: '✓ Genuine', title: 'Recount: tagged genuine', color: '#1e8a3e' },
  false: { state: 'false', text: '✗ False', title: 'Recount: tagged false resolution', color: '#c62828' },
  unsure: { state: 'unsure', text: '? Unsure', title: 'Recount: tagged unsure', color: '#8a6d00' },
};

export function badgeFor(status: RowStatus | undefined): BadgeLook | null {
  if (!status) return null;
  if (status.verdict) return TAGGED[status.verdict];
  if (!status.billable) return null;
  if (status.suggested === 'false') {
    return { state: 'suggest-false', text: '⚑ Check: likely false', title: 'Recount: billed, not tagged; signals suggest a false resolution', color: '#b45309' };
  }
  return { state: 'untagged', text: '● Not tagged', title: 'Recount: billed, not tagged yet', color: '#3b4cca' };
}

export function createListBadges(
  adapter: VendorAdapter,
  fetchStatuses: (convKeys: string[]) => Promise<Record<string, RowStatus>>,
) {
  const keyByHref = new Map<string, string | null>();
  const statuses = new Map<string, RowStatus | undefined>(); // undefined: asked, Recount has not read it
  let inFlight = false;

  const keyOf = (link: HTMLAnchorElement): string | null => {
    const href = link.href;
    let key = keyByHref.get(href);
    if (key === undefined) {
      let parsed: ReturnType<VendorAdapter['conversationKeyFromUrl']> = null;
      try {
        parsed = adapter.conversationKeyFromUrl(new URL(href));
      } catch {
        parsed = null;
      }
      key = parsed ? conversationKeyString(parsed) : null;
      keyByHref.set(href, key);
    }
    return key;
  };

  // What each row shows now, so a pass over a long list touches (or even queries) only rows that change.
  const shown = new WeakMap<HTMLAnchorElement, { state: string | null; badge: HTMLElement | null }>();
  const render = (link: HTMLAnchorElement, look: BadgeLook | null) => {
    const was = shown.get(link);
    const state = look?.state ?? null;
    if (was && was.state === state && (state === null || was.badge?.parentNode === link)) return;
    let badge = was?.badge?.parentNode === link ? was.badge : link.querySelector<HTMLElement>(`:scope > [${BADGE_ATTR}]`);
    shown.set(link, { state, badge: look ? badge : null });
    if (!look) {
      badge?.remove();
      return;
    }
    if (badge?.getAttribute(BADGE_ATTR) === look.state) return;
    if (!badge) {
      badge = document.createElement('span');
      badge.style.cssText =
        'all:initial;display:inline-block;align-self:flex-start;width:max-content;margin-left:6px;padding:0 6px;border-radius:8px;font:600 11px/16px system-ui,sans-serif;border:1px solid currentColor;white-space:nowrap;';
      link.append(badge);
      shown.set(link, { state, badge });
    }
    badge.setAttribute(BADGE_ATTR, look.state);
    badge.textContent = look.text;
    badge.title = look.title;
    badge.setAttribute('aria-label', look.title);
    badge.style.color = look.color;
  };

  /** Links in nodes a change added: only those need a look after an ordinary change. */
  const linksIn = (records: readonly MutationRecord[]): Set<HTMLAnchorElement> => {
    const found = new Set<HTMLAnchorElement>();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node instanceof HTMLAnchorElement) found.add(node);
        for (const a of node.querySelectorAll('a[href]')) found.add(a as HTMLAnchorElement);
      }
    }
    return found;
  };

  // Which links show which conversation: a tag or a read then touches its own rows only.
  const linksByKey = new Map<string, Set<HTMLAnchorElement>>();
  const show = (link: HTMLAnchorElement, unknown: Set<string>) => {
    const key = keyOf(link);
    if (!key) return;
    let links = linksByKey.get(key);
    if (!links) linksByKey.set(key, (links = new Set()));
    links.add(link);
    if (!statuses.has(key)) unknown.add(key);
    render(link, badgeFor(statuses.get(key)));
  };

  const ask = (unknown: Set<string>) => {
    if (unknown.size === 0 || inFlight) return;
    inFlight = true;
    const keys = [...unknown];
    fetchStatuses(keys)
      .then((found) => {
        for (const key of keys) statuses.set(key, found[key]);
      })
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        update();
      });
  };

  // A full pass over a long list runs in slices, yielding between them: no long task on a 2,000-row inbox.
  const SLICE = 250;
  let pass = 0;
  const fullPass = () => {
    const token = ++pass;
    const links = adapter.listLinks!(document);
    const unknown = new Set<string>();
    let i = 0;
    const slice = () => {
      if (token !== pass) return; // a newer pass took over
      for (const end = Math.min(links.length, i + SLICE); i < end; i++) show(links[i], unknown);
      if (i < links.length) setTimeout(slice, 0);
      else ask(unknown);
    };
    slice();
  };

  /** A full pass without records; with them, only the links the changes added (that the adapter lists). */
  function update(records?: readonly MutationRecord[]) {
    if (!adapter.listLinks) return;
    if (!records) return fullPass();
    const added = linksIn(records);
    if (added.size === 0) return;
    // Each added link checked alone: listing every row of a long list per change was most of the cost.
    const unknown = new Set<string>();
    for (const link of added) if (adapter.isListLink?.(link)) show(link, unknown);
    ask(unknown);
  }

  /** After a read or a tag, so the row's badge follows without asking the background again. */
  function set(convKey: string, patch: Partial<RowStatus>) {
    const previous = statuses.get(convKey) ?? { billable: false, verdict: null, suggested: null };
    const status = { ...previous, ...patch };
    statuses.set(convKey, status);
    for (const link of linksByKey.get(convKey) ?? []) {
      if (link.isConnected) render(link, badgeFor(status));
      else linksByKey.get(convKey)!.delete(link);
    }
  }

  /** Forget every status (after a deletion or restore): the next pass asks the background again. */
  function reset() {
    statuses.clear();
  }

  return { update, set, reset };
}
