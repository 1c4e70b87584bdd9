/**
 * Variations suite: base pages and mutated variants of them, per vendor.
 *
 * This suite is written INDEPENDENTLY from the public, third-party-observed vendor markers (the "vendor facts":
 * Intercom inbox data-intercom-target / inbox2__ classes, Zendesk Agent Workspace data-test-id markers, Salesforce
 * Lightning record fields and the SLDS chat blueprint), NOT from the adapter code. Neither the adapters
 * (utils/adapters/*), utils/adapters/dom.ts, utils/adapters/profiles.ts nor test/fixtures/ were read to write it, so the pages and
 * expectations here test the adapters rather than mirror them. Where the facts leave a detail open (the exact markup of
 * a sidebar attribute row, of the Zendesk requester field, where Salesforce mounts the transcript), the pages pick a
 * plausible form and the mutations vary it.
 *
 * Each mutation loads `base` (a path under test/variations/pages), applies `mutate`, reads the page as `url` and checks
 * `expect`:
 *   - `read`: the adapter MUST return this conversation, claim and messages;
 *   - `unreadable`: the page is genuinely ambiguous; the adapter must return status 'missing-markers';
 *   - `readOrUnreadable`: either this exact read or 'missing-markers'; never a different read.
 * `messages`, when given, is the complete list of messages in order (same length; each author equal; text includes).
 */
import { attachDeclarativeShadowRoots } from '../unit/fixtures';

export type Vendor = 'intercom' | 'zendesk' | 'salesforce';
export type Author = 'customer' | 'ai_agent' | 'teammate' | 'note';
export interface MessageExpect {
  author: Author;
  textIncludes?: string;
}
export interface ReadExpect {
  conversationId: string;
  resolution: string;
  state?: string;
  /** Any of these states is acceptable (used where the state marker was removed or left only indirectly). */
  stateOneOf?: string[];
  messages?: MessageExpect[];
  authorsInOrder?: Author[];
}
export type Expectation = { read: ReadExpect } | { unreadable: true } | { readOrUnreadable: ReadExpect };
export interface Mutation {
  name: string;
  base: string;
  url: string;
  mutate(doc: Document): void | Promise<void>;
  expect: Expectation;
  /** The read's `billing` must equal the read of the unmutated base page (e.g. hidden earlier pages add no windows). */
  billingAsBase?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// DOM helpers (shadow-root aware)

/** Every element matching `selector` in `root` and in every shadow root below it, in tree order. */
export function deepAll(root: ParentNode, selector: string): Element[] {
  const out: Element[] = [];
  const visit = (r: ParentNode) => {
    for (const el of [...r.querySelectorAll('*')]) {
      if (el.matches(selector)) out.push(el);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(root);
  return out;
}

function one(root: ParentNode, selector: string, index = 0): Element {
  const found = deepAll(root, selector)[index];
  if (!found) throw new Error(`mutation setup: no element ${selector} [${index}]`);
  return found;
}

function last(root: ParentNode, selector: string): Element {
  const all = deepAll(root, selector);
  if (!all.length) throw new Error(`mutation setup: no element ${selector}`);
  return all[all.length - 1];
}

/** Parses markup (declarative shadow roots included) into nodes owned by `doc`. */
function nodes(doc: Document, markup: string): Node[] {
  const box = doc.createElement('div');
  box.innerHTML = markup;
  attachDeclarativeShadowRoots(box);
  return [...box.childNodes];
}

function insert(target: Element, where: 'before' | 'after' | 'prepend' | 'append', markup: string): Element[] {
  const list = nodes(target.ownerDocument, markup);
  if (where === 'before') target.before(...list);
  else if (where === 'after') target.after(...list);
  else if (where === 'prepend') target.prepend(...list);
  else target.append(...list);
  return list.filter((n): n is Element => n.nodeType === 1);
}

function wrap(el: Element, tag = 'div', attrs: Record<string, string> = {}): Element {
  const w = el.ownerDocument.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) w.setAttribute(k, v);
  el.parentNode!.insertBefore(w, el);
  w.appendChild(el);
  return w;
}

/** Wraps the element in `depth` nested wrappers of alternating tags. */
function wrapDeep(el: Element, depth = 3): void {
  const tags = ['div', 'section', 'div', 'span'];
  for (let i = 0; i < depth; i++) wrap(el, tags[i % tags.length], { class: `wrapper-${i}` });
}

function wrapContents(el: Element, tag = 'span'): Element {
  const w = el.ownerDocument.createElement(tag);
  while (el.firstChild) w.appendChild(el.firstChild);
  el.appendChild(w);
  return w;
}

function removeAll(root: ParentNode, selector: string): void {
  for (const el of deepAll(root, selector)) el.remove();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const pad = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------------------------
// Intercom

const IC_LABEL = 'Fin AI Agent resolution state';
const IC_PART = '[data-intercom-target="conversation-stream-content-part"]';

const IC_A = {
  base: 'intercom/closed-assumed.html',
  id: '215467890123456',
  url: 'https://app.intercom.com/a/inbox/k7x2pq9m/inbox/shared/all/conversation/215467890123456',
};
const IC_A_MSGS: MessageExpect[] = [
  { author: 'customer', textIncludes: 'order #4471 has not arrived' },
  { author: 'ai_agent', textIncludes: 'it shipped yesterday' },
  { author: 'customer', textIncludes: 'Great, thanks for checking' },
  { author: 'ai_agent', textIncludes: 'Glad I could help' },
];
const icA = (over: Partial<ReadExpect> = {}): ReadExpect => ({
  conversationId: IC_A.id,
  resolution: 'assumed',
  state: 'closed',
  messages: IC_A_MSGS,
  ...over,
});

const IC_S = {
  base: 'intercom/shadow-confirmed.html',
  id: '330019887712345',
  url: 'https://app.intercom.com/a/inbox/q3w8e1r5/inbox/conversation/330019887712345',
};
const IC_S_MSGS: MessageExpect[] = [
  { author: 'customer', textIncludes: 'export button in reports' },
  { author: 'ai_agent', textIncludes: 'Reports permission' },
  { author: 'customer', textIncludes: 'that fixed it' },
  { author: 'note', textIncludes: 'enterprise trial' },
];
const icS = (over: Partial<ReadExpect> = {}): ReadExpect => ({
  conversationId: IC_S.id,
  resolution: 'confirmed',
  state: 'open',
  messages: IC_S_MSGS,
  ...over,
});

const IC_U = {
  base: 'intercom/snoozed-unbilled.html',
  id: '440001234599999',
  url: 'https://app.intercom.com/a/inbox/z9y8x7w6/inbox/admin/5512345/conversation/440001234599999',
};
const IC_U_MSGS: MessageExpect[] = [
  { author: 'customer', textIncludes: 'charged twice' },
  { author: 'teammate', textIncludes: 'check with billing' },
];
const icU = (over: Partial<ReadExpect> = {}): ReadExpect => ({
  conversationId: IC_U.id,
  resolution: 'none',
  state: 'snoozed',
  messages: IC_U_MSGS,
  ...over,
});

function icPart(kind: 'customer' | 'admin' | 'note', name: string, text: string, iso = '2025-03-11T10:00:00.000Z'): string {
  const cls = { customer: 'inbox2__user-email-part', admin: 'inbox2__admin-email-part', note: 'inbox2__note-part' }[kind];
  const who =
    kind === 'customer'
      ? `<span class="inbox2__part-author">${name}</span>`
      : `<span data-testid="admin-avatar-name">${name}</span>`;
  return (
    `<div data-intercom-target="conversation-stream-content-part"><div class="${cls}">${who}` +
    `<time datetime="${iso}">10:00 AM</time><div class="intercom-interblocks-html"><p>${text}</p></div></div></div>`
  );
}

function icRow(doc: Document): Element {
  const row = deepAll(doc, '.inbox2__attribute-row').find(
    (r) => r.querySelector('.inbox2__attribute-label')?.textContent?.trim().startsWith(IC_LABEL),
  );
  if (!row) throw new Error('mutation setup: no resolution row');
  return row;
}
const icLabel = (doc: Document) => icRow(doc).querySelector('.inbox2__attribute-label')!;
const icValue = (doc: Document) => icRow(doc).querySelector('.inbox2__attribute-value')!;
const icSidebar = (doc: Document) => one(doc, '.inbox2__conversation-details-sidebar');
const icSpace = (doc: Document) => one(doc, '[data-intercom-target="conversation-space"]');
const icStateLabel = (doc: Document) => one(doc, '.inbox2__conversation-state');
function icAppendPart(doc: Document, markup: string): void {
  insert(last(doc, IC_PART), 'after', markup);
}

/** A copy of base A's conversation layout turned into ANOTHER conversation (Confirmed Resolution, other texts). */
function icOtherLayout(doc: Document, otherId: string | null): Element {
  const layout = one(doc, '.inbox2__conversation-layout').cloneNode(true) as Element;
  layout.querySelectorAll('.intercom-interblocks-html').forEach((el, i) => {
    el.innerHTML = `<p>Other conversation ${otherId ?? ''} message ${i}: my parcel is lost</p>`;
  });
  layout.querySelectorAll('[data-testid="admin-avatar-name"]').forEach((el) => (el.textContent = 'Kai Brenner'));
  const value = [...layout.querySelectorAll('.inbox2__attribute-row')].find((r) =>
    r.textContent!.includes(IC_LABEL),
  )!.querySelector('.inbox2__attribute-value')!;
  value.textContent = 'Confirmed Resolution';
  layout.querySelector('.inbox2__conversation-state')!.textContent = 'Open';
  layout.querySelector('[data-intercom-target="inbox-header"] button')!.textContent = 'Close';
  if (otherId) {
    layout.querySelector('[data-intercom-target="conversation-space"]')!.setAttribute('data-conversation-id', otherId);
    const idValue = layout.querySelector('.inbox2__attribute-value')!;
    idValue.textContent = otherId;
  }
  return layout;
}

const IC_PREVIEW_CARD = (otherId: string) => `
  <div class="inbox2__conversation-preview-card" role="dialog" data-conversation-id="${otherId}">
    <a href="/a/inbox/k7x2pq9m/inbox/shared/all/conversation/${otherId}">Open conversation</a>
    <div data-intercom-target="conversation-stream-content-part"><div class="inbox2__admin-email-part">
      <span data-testid="admin-avatar-name">Fin</span><time datetime="2025-03-10T08:00:00.000Z">Mar 10</time>
      <div class="intercom-interblocks-html"><p>Your refund has been issued to the original card.</p></div></div></div>
    <div class="inbox2__attribute-row"><div class="inbox2__attribute-label">${IC_LABEL}</div><div class="inbox2__attribute-value">Confirmed Resolution</div></div>
    <span class="inbox2__conversation-state">Closed</span>
  </div>`;

const icA_ = (name: string, mutate: Mutation['mutate'], expect: Expectation = { read: icA() }, extra: Partial<Mutation> = {}): Mutation => ({
  name,
  base: IC_A.base,
  url: IC_A.url,
  mutate,
  expect,
  ...extra,
});
const icS_ = (name: string, mutate: Mutation['mutate'], expect: Expectation = { read: icS() }): Mutation => ({
  name,
  base: IC_S.base,
  url: IC_S.url,
  mutate,
  expect,
});
const icU_ = (name: string, mutate: Mutation['mutate'], expect: Expectation = { read: icU() }): Mutation => ({
  name,
  base: IC_U.base,
  url: IC_U.url,
  mutate,
  expect,
});

const intercom: Mutation[] = [
  // --- base pages
  icA_('base: closed, Assumed Resolution', () => {}),
  icS_('base: stream in #teammate-app-react shadow root, Confirmed Resolution, note', () => {}),
  icU_('base: snoozed, no resolution row (not billed)', () => {}),

  // --- resolution values
  icA_('value Confirmed Resolution', (d) => void (icValue(d).textContent = 'Confirmed Resolution'), { read: icA({ resolution: 'confirmed' }) }),
  icA_('value Routed to team → escalated', (d) => void (icValue(d).textContent = 'Routed to team'), { read: icA({ resolution: 'escalated' }) }),
  icA_('value Escalated', (d) => void (icValue(d).textContent = 'Escalated'), { read: icA({ resolution: 'escalated' }) }),
  icA_('value Procedure handoff', (d) => void (icValue(d).textContent = 'Procedure handoff'), { read: icA({ resolution: 'procedure_handoff' }) }),
  icA_('API-style value assumed_resolution', (d) => void (icValue(d).textContent = 'assumed_resolution'), { read: icA() }),
  icA_('API-style value confirmed_resolution', (d) => void (icValue(d).textContent = 'confirmed_resolution'), { read: icA({ resolution: 'confirmed' }) }),
  icA_('value in odd case with whitespace', (d) => void (icValue(d).textContent = '\n   assumed   RESOLUTION \n '), { read: icA() }),
  icA_('unknown value → none', (d) => void (icValue(d).textContent = 'Awaiting review'), { read: icA({ resolution: 'none' }) }),
  icA_('empty value', (d) => void (icValue(d).textContent = ''), { readOrUnreadable: icA({ resolution: 'none' }) }),

  // --- authors
  icA_('AI agent named "Fin AI Agent"', (d) => {
    for (const el of deepAll(d, '[data-testid="admin-avatar-name"]')) el.textContent = 'Fin AI Agent';
  }),
  icA_('customer whose display name is "Fin"', (d) => {
    for (const el of deepAll(d, '.inbox2__part-author')) el.textContent = 'Fin';
  }),
  icA_(
    'teammate reply after Fin',
    (d) => icAppendPart(d, icPart('admin', 'Jonas Berg', 'Jonas here, I added a voucher to your account.')),
    { read: icA({ messages: [...IC_A_MSGS, { author: 'teammate', textIncludes: 'added a voucher' }] }) },
  ),
  icA_(
    'internal note by a teammate',
    (d) => icAppendPart(d, icPart('note', 'Jonas Berg', 'Checked with the warehouse, all fine.')),
    { read: icA({ messages: [...IC_A_MSGS, { author: 'note', textIncludes: 'Checked with the warehouse' }] }) },
  ),

  // --- state label
  icA_(
    'state Open with a Close button',
    (d) => {
      icStateLabel(d).textContent = 'Open';
      one(d, '[data-intercom-target="inbox-header"] button').textContent = 'Close';
    },
    { read: icA({ state: 'open' }) },
  ),
  icA_('state Snoozed', (d) => void (icStateLabel(d).textContent = 'Snoozed'), { read: icA({ state: 'snoozed' }) }),
  icA_('state label missing, Reopen button kept', (d) => icStateLabel(d).remove(), {
    readOrUnreadable: icA({ state: undefined, stateOneOf: ['unknown', 'closed'] }),
  }),
  icA_(
    'state label and button missing',
    (d) => {
      icStateLabel(d).remove();
      one(d, '[data-intercom-target="inbox-header"] button').remove();
    },
    { readOrUnreadable: icA({ state: 'unknown' }) },
  ),

  // --- other conversations on the page
  icA_('list rows carry resolution label text and other ids', (d) => {
    insert(one(d, '.inbox2__conversation-list'), 'append', `
      <a class="inbox2__conversation-list-item" href="/a/inbox/k7x2pq9m/inbox/shared/all/conversation/215467890100003" data-conversation-id="215467890100003">
        <span class="inbox2__list-item-name">Rui Sousa</span><span class="inbox2__list-item-state">Open</span>
        <span class="inbox2__list-item-preview">Fin AI Agent resolution state: Confirmed Resolution</span></a>
      <a class="inbox2__conversation-list-item" href="/a/inbox/k7x2pq9m/inbox/shared/all/conversation/215467890100004" data-conversation-id="215467890100004">
        <span class="inbox2__list-item-name">Lea Vogel</span><span class="inbox2__list-item-state">Open</span>
        <span class="inbox2__list-item-preview">Routed to team</span></a>`);
  }),
  icA_('preview card of another conversation with its own resolution row (portal at body end)', (d) => {
    insert(d.body, 'append', IC_PREVIEW_CARD('215467890100001'));
  }),
  icA_('preview card of another conversation inside the list (before the open conversation)', (d) => {
    insert(one(d, '.inbox2__conversation-list-item'), 'append', IC_PREVIEW_CARD('215467890100001'));
  }),
  icA_('preview pane with a details sidebar of another conversation, before the open one', (d) => {
    insert(one(d, '.inbox2__conversation-list'), 'after', `
      <div class="inbox2__preview-pane" data-conversation-id="215467890100002">
        <div class="inbox2__conversation-details-sidebar">
          <div class="inbox2__attribute-row"><div class="inbox2__attribute-label">${IC_LABEL}</div><div class="inbox2__attribute-value">Confirmed Resolution</div></div>
        </div>
      </div>`);
  }),
  icA_('open conversation carries its own data-conversation-id', (d) => {
    icSpace(d).setAttribute('data-conversation-id', IC_A.id);
  }),
  icA_(
    'open conversation carries ANOTHER data-conversation-id (stale render after navigation)',
    (d) => void icSpace(d).setAttribute('data-conversation-id', '215467890100001'),
    { unreadable: true },
  ),
  icA_(
    'split view: two conversations, no way to tell which is in the URL',
    (d) => {
      const layout = one(d, '.inbox2__conversation-layout');
      layout.after(icOtherLayout(d, null));
    },
    { unreadable: true },
  ),
  icA_('split view: two conversations with ids, the first is another conversation', (d) => {
    const layout = one(d, '.inbox2__conversation-layout');
    icSpace(d).setAttribute('data-conversation-id', IC_A.id);
    layout.before(icOtherLayout(d, '215467890100001'));
  }),
  icA_('hidden earlier conversation (display:none) before the visible one', (d) => {
    const layout = one(d, '.inbox2__conversation-layout');
    const hidden = d.createElement('div');
    hidden.setAttribute('style', 'display:none');
    hidden.append(icOtherLayout(d, '215467890100001'));
    layout.before(hidden);
  }),
  icA_('hidden earlier conversation ([hidden]) after the visible one', (d) => {
    const layout = one(d, '.inbox2__conversation-layout');
    const other = icOtherLayout(d, '215467890100001');
    other.setAttribute('hidden', '');
    layout.after(other);
  }),
  icA_('closing conversation (aria-hidden) before the visible one, no id', (d) => {
    const layout = one(d, '.inbox2__conversation-layout');
    const other = icOtherLayout(d, null);
    other.setAttribute('aria-hidden', 'true');
    other.setAttribute('style', 'display: none;');
    layout.before(other);
  }),

  // --- wrappers
  icA_('wrappers around the conversation area', (d) => wrapDeep(icSpace(d), 3)),
  icA_('wrappers around the sidebar', (d) => wrapDeep(icSidebar(d), 3)),
  icA_('wrappers around every part', (d) => {
    for (const p of deepAll(d, IC_PART)) wrapDeep(p, 2);
  }),
  icA_('wrappers inside every part (around author, time, text)', (d) => {
    for (const el of deepAll(d, `${IC_PART} [data-testid="admin-avatar-name"], ${IC_PART} time, ${IC_PART} .intercom-interblocks-html`))
      wrap(el, 'span');
  }),
  icA_('wrappers around every attribute row', (d) => {
    for (const r of deepAll(d, '.inbox2__attribute-row')) wrapDeep(r, 2);
  }),
  icA_('label text wrapped in span > strong', (d) => {
    const inner = wrapContents(icLabel(d), 'span');
    wrapContents(inner, 'strong');
  }),
  icA_('value wrapped in nested spans', (d) => {
    const inner = wrapContents(icValue(d), 'span');
    wrapContents(inner, 'span');
  }),
  icA_('label and value each wrapped in a div', (d) => {
    wrap(icLabel(d), 'div');
    wrap(icValue(d), 'div');
  }),

  // --- sidebar placement and timing
  icA_('sidebar before the stream in source order', (d) => {
    const sidebar = icSidebar(d);
    icSpace(d).before(sidebar);
  }),
  icA_('sidebar inside the conversation area, before the header', (d) => {
    const sidebar = icSidebar(d);
    icSpace(d).prepend(sidebar);
  }),
  icA_('sidebar added late (async)', async (d) => {
    const sidebar = icSidebar(d);
    const parent = sidebar.parentElement!;
    sidebar.remove();
    await sleep(20);
    parent.append(sidebar);
  }),
  icA_('sidebar not rendered yet', (d) => icSidebar(d).remove(), { unreadable: true }),
  icA_('attribute rows reversed', (d) => {
    const section = one(d, '.inbox2__sidebar-section');
    for (const r of [...section.querySelectorAll('.inbox2__attribute-row')].reverse()) section.append(r);
  }),

  // --- label text variations
  icA_('label with extra white space and newlines', (d) => {
    icLabel(d).textContent = '\n    Fin AI Agent\n      resolution   state\n  ';
  }),
  icA_('label in lower case', (d) => void (icLabel(d).textContent = 'fin ai agent resolution state')),
  icA_('label with a trailing colon', (d) => void (icLabel(d).textContent = 'Fin AI Agent resolution state:')),
  icA_('svg tooltip icon inside the label', (d) => {
    insert(icLabel(d), 'append', '<svg class="interface-icon" width="12" height="12" aria-hidden="true"><path d="M0 0h12v12H0z"></path></svg>');
  }),
  icA_('ⓘ tooltip span between label and value', (d) => {
    insert(icLabel(d), 'after', '<span aria-hidden="true" class="tooltip-icon">ⓘ</span>');
  }),

  // --- class names and markers
  icA_('class names with extra modifiers', (d) => {
    icSpace(d).className = 'inbox2__conversation-page inbox2__conversation-page--wide';
    icSidebar(d).className = 'inbox2__conversation-details-sidebar inbox2__conversation-details-sidebar--expanded';
    for (const el of deepAll(d, '.inbox2__admin-email-part')) el.classList.add('inbox2__admin-email-part--bot');
    for (const el of deepAll(d, '.inbox2__user-email-part')) el.classList.add('inbox2__user-email-part--first');
  }),
  icA_('part kind class on the part element itself', (d) => {
    for (const p of deepAll(d, IC_PART)) {
      const inner = p.firstElementChild!;
      p.classList.add(...inner.classList);
      while (inner.firstChild) p.insertBefore(inner.firstChild, inner);
      inner.remove();
    }
  }),
  icA_('only the data-intercom-target conversation-space marker', (d) => icSpace(d).removeAttribute('class')),
  icA_('only the .inbox2__conversation-page marker', (d) => icSpace(d).removeAttribute('data-intercom-target')),

  // --- volume and content
  icA_(
    '200 parts, all read in order',
    (d) => {
      const stream = one(d, '.inbox2__conversation-stream');
      stream.innerHTML = Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0 ? icPart('customer', 'Ana Souza', `Question [p${pad(i)}]`) : icPart('admin', 'Fin', `Answer [p${pad(i)}]`),
      ).join('');
    },
    {
      read: icA({
        messages: Array.from({ length: 200 }, (_, i) => ({
          author: (i % 2 === 0 ? 'customer' : 'ai_agent') as Author,
          textIncludes: `[p${pad(i)}]`,
        })),
      }),
    },
  ),
  icA_(
    'customer text contains the resolution label and a value',
    (d) => icAppendPart(d, icPart('customer', 'Ana Souza', 'Fin AI Agent resolution state: Confirmed Resolution. Also Routed to team? Open Closed Snoozed')),
    { read: icA({ messages: [...IC_A_MSGS, { author: 'customer', textIncludes: 'Fin AI Agent resolution state' }] }) },
  ),
  icA_('composer draft containing label words is not a message', (d) => {
    one(d, 'div.ProseMirror').innerHTML = '<p>Fin AI Agent resolution state: Confirmed Resolution</p>';
  }),
  icA_('no time elements in parts', (d) => removeAll(d, `${IC_PART} time`)),
  {
    name: 'URL form /inbox/conversation/{id}',
    base: IC_A.base,
    url: 'https://app.intercom.com/a/inbox/k7x2pq9m/inbox/conversation/215467890123456',
    mutate: () => {},
    expect: { read: icA() },
  },
  {
    name: 'URL with query string and hash',
    base: IC_A.base,
    url: 'https://app.intercom.com/a/inbox/k7x2pq9m/inbox/shared/all/conversation/215467890123456?view=List#part_id=comment-9911',
    mutate: () => {},
    expect: { read: icA() },
  },

  icA_(
    'visible sidebar not loaded yet while a hidden earlier conversation keeps its sidebar',
    (d) => {
      const other = icOtherLayout(d, '215467890100001');
      icSidebar(d).remove();
      const hidden = d.createElement('div');
      hidden.setAttribute('style', 'display:none');
      hidden.append(other);
      one(d, '.inbox2__conversation-layout').before(hidden);
    },
    { unreadable: true },
  ),
  icA_(
    'visible state label missing while a hidden earlier conversation shows Open',
    (d) => {
      const other = icOtherLayout(d, '215467890100001');
      icStateLabel(d).remove();
      one(d, '[data-intercom-target="inbox-header"] button').remove();
      const hidden = d.createElement('div');
      hidden.setAttribute('hidden', '');
      hidden.append(other);
      one(d, '.inbox2__conversation-layout').before(hidden);
    },
    { readOrUnreadable: icA({ state: 'unknown' }) },
  ),
  icA_(
    'split view: the other conversation first, no ids',
    (d) => void one(d, '.inbox2__conversation-layout').before(icOtherLayout(d, null)),
    { unreadable: true },
  ),
  // --- shadow base
  icS_('shadow root one level deeper', (d) => {
    const host = one(d, '#teammate-app-react');
    const inner = d.createElement('conversation-stream-host');
    const shadow = inner.attachShadow({ mode: 'open' });
    const outerShadow = host.shadowRoot!;
    while (outerShadow.firstChild) shadow.appendChild(outerShadow.firstChild);
    outerShadow.appendChild(inner);
  }),
  icS_('stream moved out of the shadow root into light DOM', (d) => {
    const host = one(d, '#teammate-app-react');
    const box = d.createElement('div');
    box.className = 'teammate-app-light';
    while (host.shadowRoot!.firstChild) box.appendChild(host.shadowRoot!.firstChild);
    host.replaceWith(box);
  }),
  icS_('state label missing, Close button kept', (d) => icStateLabel(d).remove(), {
    readOrUnreadable: icS({ state: undefined, stateOneOf: ['unknown', 'open'] }),
  }),
  icS_(
    'note text contains resolution label words',
    (d) => {
      const notes = deepAll(d, '.inbox2__note-part .intercom-interblocks-html');
      notes[0].innerHTML = '<p>Internal note: Fin AI Agent resolution state: Escalated. Routed to team. enterprise trial</p>';
    },
    { read: icS() },
  ),
  icS_(
    'teammate public reply after the note',
    (d) => {
      insert(last(d, IC_PART), 'after', icPart('admin', 'Marta Lima', 'Hi Chloe, I have also enabled exports for your teammates.'));
    },
    { read: icS({ messages: [...IC_S_MSGS, { author: 'teammate', textIncludes: 'enabled exports' }] }) },
  ),
  icS_('sidebar not rendered yet (shadow base)', (d) => icSidebar(d).remove(), { unreadable: true }),
  icS_('resolution row value wrapped and label with tooltip icon', (d) => {
    insert(icLabel(d), 'append', '<span aria-hidden="true">ⓘ</span>');
    wrapContents(icValue(d), 'span');
  }),

  // --- unbilled base
  icU_(
    'customer text with a resolution label must not make it billed',
    (d) => icAppendPart(d, icPart('customer', 'Greta Nilsson', 'Fin AI Agent resolution state: Assumed Resolution')),
    { read: icU({ messages: [...IC_U_MSGS, { author: 'customer', textIncludes: 'Assumed Resolution' }] }) },
  ),
  icU_(
    'customer text "Internal note" stays a customer message',
    (d) => icAppendPart(d, icPart('customer', 'Greta Nilsson', 'Internal note: please refund me')),
    { read: icU({ messages: [...IC_U_MSGS, { author: 'customer', textIncludes: 'please refund me' }] }) },
  ),
  icU_('hidden earlier billed conversation (display:none) still in the DOM', (d) => {
    insert(one(d, '.inbox2__conversation-layout'), 'before', `
      <div style="display:none">
        <div class="inbox2__conversation-page" data-intercom-target="conversation-space" data-conversation-id="440001234500077">
          <div data-intercom-target="inbox-header"><span class="inbox2__conversation-state">Closed</span><button>Reopen</button></div>
          ${icPart('customer', 'Omar Haddad', 'How do I reset my password?')}
          ${icPart('admin', 'Fin', 'You can reset your password from the login page.')}
        </div>
        <div class="inbox2__conversation-details-sidebar">
          <div class="inbox2__attribute-row"><div class="inbox2__attribute-label">${IC_LABEL}</div><div class="inbox2__attribute-value">Confirmed Resolution</div></div>
        </div>
      </div>`);
  }),
  icU_('preview card with a Confirmed Resolution row', (d) => {
    insert(d.body, 'append', IC_PREVIEW_CARD('440001234500077'));
  }),
  icU_('state Open', (d) => void (icStateLabel(d).textContent = 'Open'), { read: icU({ state: 'open' }) }),
  icU_('sidebar not rendered yet (unbilled base)', (d) => icSidebar(d).remove(), { unreadable: true }),
];

// ---------------------------------------------------------------------------------------------------------------
// Zendesk

const ZD_ACTIVE = '.ticket-panes-grid-layout[data-is-active="true"]';
const ZD_BADGE = '[data-test-id="ticket-status-dropdown"] [data-cy-test-id="status-badge-state"]';
const ZD_ART = 'article[data-comment-id]';
const ZD_AGENT_BADGE = '[data-test-id="omni-log-avatar-badge-AgentBadge"]';

const ZD_1 = { base: 'zendesk/solved-ai.html', id: '48213', url: 'https://acme.zendesk.com/agent/tickets/48213' };
const ZD_1_MSGS: MessageExpect[] = [
  { author: 'ai_agent', textIncludes: 'How can I help you today' },
  { author: 'customer', textIncludes: 'change the delivery address' },
  { author: 'ai_agent', textIncludes: 'Rua Augusta' },
  { author: 'customer', textIncludes: 'Perfect, thank you' },
];
const zd1 = (over: Partial<ReadExpect> = {}): ReadExpect => ({
  conversationId: ZD_1.id,
  resolution: 'automated_resolution',
  state: 'solved',
  messages: ZD_1_MSGS,
  ...over,
});

const ZD_2 = { base: 'zendesk/closed-no-hints.html', id: '51007', url: 'https://globex.zendesk.com/agent/tickets/51007' };
const ZD_2_MSGS: MessageExpect[] = [
  { author: 'ai_agent', textIncludes: "I'm Answer Bot" },
  { author: 'customer', textIncludes: 'forgot my password' },
  { author: 'ai_agent', textIncludes: 'spam folder' },
  { author: 'customer', textIncludes: 'Found it in spam' },
];
const zd2 = (over: Partial<ReadExpect> = {}): ReadExpect => ({
  conversationId: ZD_2.id,
  resolution: 'automated_resolution',
  state: 'closed',
  messages: ZD_2_MSGS,
  ...over,
});

const ZD_3 = { base: 'zendesk/teammate-reply.html', id: '60321', url: 'https://initech.zendesk.com/agent/tickets/60321' };
const ZD_3_MSGS: MessageExpect[] = [
  { author: 'customer', textIncludes: 'will not turn on' },
  { author: 'ai_agent', textIncludes: 'power button' },
  { author: 'customer', textIncludes: 'talk to a person' },
  { author: 'note', textIncludes: 'Warranty valid' },
  { author: 'teammate', textIncludes: 'bring it to the IT desk' },
  { author: 'customer', textIncludes: 'Got the new one' },
];
const zd3 = (over: Partial<ReadExpect> = {}): ReadExpect => ({
  conversationId: ZD_3.id,
  resolution: 'handled_by_teammate',
  state: 'solved',
  messages: ZD_3_MSGS,
  ...over,
});

interface ZdArticle {
  id: string;
  sender: string;
  text: string;
  badge?: boolean;
  note?: boolean;
  iso?: string;
}
function zdArticle(a: ZdArticle): string {
  return (
    `<article data-test-id="omni-log-comment-item" data-comment-id="${a.id}">` +
    (a.badge ? `<div class="avatar"><svg data-test-id="omni-log-avatar-badge-AgentBadge" aria-hidden="true"></svg></div>` : '') +
    `<span data-test-id="omni-log-item-sender"><a href="/agent/users/1${a.id}"><strong>${a.sender}</strong></a></span>` +
    (a.note ? `<span class="internal-label">Internal note</span>` : '') +
    `<time datetime="${a.iso ?? '2025-06-02T10:00:00.000Z'}">10:00</time>` +
    `<div data-test-id="omni-log-item-message">${a.text}</div></article>`
  );
}
const zdActive = (d: Document) => one(d, ZD_ACTIVE);
const zdBadge = (d: Document) => one(zdActive(d), ZD_BADGE);
const zdLog = (d: Document) => one(zdActive(d), '[data-test-id="omni-log-container"]');
const zdAppend = (d: Document, a: ZdArticle): void => void insert(zdLog(d), 'append', zdArticle(a));
function zdSetSender(d: Document, from: string, to: string): void {
  for (const s of deepAll(zdActive(d), '[data-test-id="omni-log-item-sender"]')) {
    const target = s.querySelector('strong') ?? s;
    if (target.textContent!.trim() === from) target.textContent = to;
  }
}
function zdOtherPane(id: string, status: string, requester = 'Maria Lopez'): { tab: string; pane: string } {
  return {
    tab: `<div role="tab" data-test-id="header-tab" data-entity-type="ticket" data-entity-id="${id}" aria-selected="false"><span>Other ticket ${id}</span></div>`,
    pane: `<div class="ticket-panes-grid-layout" data-is-active="false">
      <div class="ticket-properties"><div class="property" data-test-id="ticket-requester-field"><label>Requester</label><div class="property-value">${requester}</div></div>
      <div data-test-id="ticket-status-dropdown"><span data-cy-test-id="status-badge-state">${status}</span></div></div>
      <input data-test-id="omni-header-subject" value="Other ticket ${id}">
      <div data-test-id="omni-log-container">
        ${zdArticle({ id: `${id}1`, sender: 'AI agent', text: `Hello from ticket ${id}, how can I help?`, badge: true })}
        ${zdArticle({ id: `${id}2`, sender: requester, text: `Ticket ${id}: where is my refund?` })}
        ${zdArticle({ id: `${id}3`, sender: 'AI agent', text: `Ticket ${id}: refund sent.`, badge: true })}
      </div></div>`,
  };
}

const zd1_ = (name: string, mutate: Mutation['mutate'], expect: Expectation = { read: zd1() }): Mutation => ({
  name,
  base: ZD_1.base,
  url: ZD_1.url,
  mutate,
  expect,
});
const zd2_ = (name: string, mutate: Mutation['mutate'], expect: Expectation = { read: zd2() }): Mutation => ({
  name,
  base: ZD_2.base,
  url: ZD_2.url,
  mutate,
  expect,
});
const zd3_ = (name: string, mutate: Mutation['mutate'], expect: Expectation = { read: zd3() }): Mutation => ({
  name,
  base: ZD_3.base,
  url: ZD_3.url,
  mutate,
  expect,
});
const setStatus = (s: string) => (d: Document) => void (zdBadge(d).textContent = s);

const zendesk: Mutation[] = [
  // --- base pages
  zd1_('base: Solved, AI agent greets first, role badges, requester field, other tab', () => {}),
  zd2_('base: Closed, Answer Bot greets first, no role hints', () => {}),
  zd3_('base: Solved, human teammate replied publicly, internal note, three tabs', () => {}),

  // --- status words
  zd1_('status Closed', setStatus('Closed'), { read: zd1({ state: 'closed' }) }),
  zd1_('status Open → none', setStatus('Open'), { read: zd1({ state: 'open', resolution: 'none' }) }),
  zd1_('status Pending → none', setStatus('Pending'), { read: zd1({ state: 'pending', resolution: 'none' }) }),
  zd1_('status On-hold → none', setStatus('On-hold'), { read: zd1({ state: 'on_hold', resolution: 'none' }) }),
  zd1_('status New → none', setStatus('New'), { read: zd1({ state: 'new', resolution: 'none' }) }),
  zd1_('status badge missing', (d) => zdBadge(d).remove(), { unreadable: true }),
  zd1_('status badge missing while an inactive pane shows Solved', (d) => {
    zdBadge(d).remove();
    one(d, '.ticket-panes-grid-layout[data-is-active="false"] [data-cy-test-id="status-badge-state"]').textContent = 'Solved';
  }, { unreadable: true }),
  zd1_('status text lower case with white space', setStatus('\n  solved  \n')),
  zd1_('status badge with an svg icon inside', (d) => {
    insert(zdBadge(d), 'prepend', '<svg aria-hidden="true" width="8" height="8"><circle cx="4" cy="4" r="4"></circle></svg>');
  }),
  zd1_('status dropdown and badge wrapped', (d) => {
    wrapDeep(one(zdActive(d), '[data-test-id="ticket-status-dropdown"]'), 2);
    wrap(zdBadge(d), 'span', { class: 'badge-wrap' });
  }),

  // --- other tickets on the page
  zd1_(
    'Open ticket while the requester\'s other tickets show Solved badges (before the status control)',
    (d) => {
      zdBadge(d).textContent = 'Open';
      const props = one(zdActive(d), '.ticket-properties');
      insert(props, 'prepend', `
        <div class="requester-tickets">
          <a href="/agent/tickets/47001"><span data-cy-test-id="status-badge-state">Solved</span> Wrong size returned</a>
          <a href="/agent/tickets/47002"><span data-cy-test-id="status-badge-state">Closed</span> Late parcel</a>
        </div>`);
    },
    { read: zd1({ state: 'open', resolution: 'none' }) },
  ),
  zd1_('context panel previews other tickets\' last AI message', (d) => {
    insert(one(d, '.interaction-history'), 'append', `
      <a href="/agent/tickets/47100" class="history-item"><span data-cy-test-id="status-badge-state">Solved</span>
        <span data-test-id="omni-log-item-sender">AI agent</span><span>Your refund was approved.</span></a>`);
  }),
  zd1_(
    'Open ticket next to an inactive pane that is Solved and AI-only',
    (d) => {
      zdBadge(d).textContent = 'Open';
      const { pane } = zdOtherPane('48190', 'Solved');
      one(d, '.ticket-panes-grid-layout[data-is-active="false"]').remove();
      insert(zdActive(d), 'after', pane);
    },
    { read: zd1({ state: 'open', resolution: 'none' }) },
  ),
  zd1_('five more tabs with inactive Solved AI-only panes', (d) => {
    for (const id of ['48001', '48002', '48003', '48004', '48005']) {
      const { tab, pane } = zdOtherPane(id, 'Solved');
      insert(one(d, '[role="tablist"]'), 'append', tab);
      insert(one(d, '.main-panes'), id < '48003' ? 'prepend' : 'append', pane);
    }
  }),
  zd1_('active pane first in source order', (d) => {
    one(d, '.main-panes').prepend(zdActive(d));
  }),
  zd1_('tabs reordered', (d) => {
    const list = one(d, '[role="tablist"]');
    for (const t of [...list.children].reverse()) list.append(t);
  }),
  zd1_(
    'two panes marked active, no way to tell which is the URL ticket',
    (d) => {
      one(d, '.ticket-panes-grid-layout[data-is-active="false"]').setAttribute('data-is-active', 'true');
      one(d, '[data-entity-id="48190"]').setAttribute('aria-selected', 'true');
    },
    { unreadable: true },
  ),
  zd1_(
    'closing tab: its pane is still marked active while the URL ticket pane is active',
    (d) => {
      one(d, '[data-entity-id="48190"]').remove();
      const closing = one(d, '.ticket-panes-grid-layout[data-is-active="false"]');
      closing.setAttribute('data-is-active', 'true');
      closing.querySelector('[data-cy-test-id="status-badge-state"]')!.textContent = 'Closed';
    },
    { readOrUnreadable: zd1() },
  ),
  zd1_(
    'URL ticket not yet rendered: another ticket\'s tab and pane are the selected ones',
    (d) => {
      one(d, '[data-entity-id="48213"]').setAttribute('aria-selected', 'false');
      one(d, '[data-entity-id="48190"]').setAttribute('aria-selected', 'true');
      const [a, b] = deepAll(d, '.ticket-panes-grid-layout');
      a.setAttribute('data-is-active', 'true');
      b.setAttribute('data-is-active', 'false');
      // make the shown ticket a tempting read
      a.querySelector('[data-cy-test-id="status-badge-state"]')!.textContent = 'Solved';
    },
    { unreadable: true },
  ),
  zd1_('pane class names with extra modifiers', (d) => {
    for (const p of deepAll(d, '.ticket-panes-grid-layout')) p.classList.add('ticket-panes-grid-layout--with-context', 'sc-1x2y3z');
  }),

  zd1_(
    'open status menu lists every status word while the ticket is Open',
    (d) => {
      zdBadge(d).textContent = 'Open';
      insert(one(zdActive(d), '[data-test-id="ticket-status-dropdown"]'), 'append', `
        <ul role="listbox">
          <li role="option"><span data-cy-test-id="status-badge-state">New</span> New</li>
          <li role="option" aria-selected="true"><span data-cy-test-id="status-badge-state">Open</span> Open</li>
          <li role="option"><span data-cy-test-id="status-badge-state">Pending</span> Pending</li>
          <li role="option"><span data-cy-test-id="status-badge-state">On-hold</span> On-hold</li>
          <li role="option"><span data-cy-test-id="status-badge-state">Solved</span> Solved</li>
        </ul>`);
    },
    { read: zd1({ state: 'open', resolution: 'none' }) },
  ),
  zd1_(
    '"Submit as Solved" button on an Open ticket',
    (d) => {
      zdBadge(d).textContent = 'Open';
      insert(zdActive(d), 'append', `<footer class="ticket-footer"><button type="button" data-test-id="submit_button-button">Submit as <strong>Solved</strong></button></footer>`);
    },
    { read: zd1({ state: 'open', resolution: 'none' }) },
  ),
  // --- wrappers
  zd1_('wrappers around every article', (d) => {
    for (const a of deepAll(zdActive(d), ZD_ART)) wrapDeep(a, 2);
  }),
  zd1_('wrappers around the log container', (d) => wrapDeep(zdLog(d), 3)),
  zd1_('sender name and message text wrapped', (d) => {
    for (const s of deepAll(zdActive(d), '[data-test-id="omni-log-item-sender"] strong')) wrapContents(s, 'span');
    for (const m of deepAll(zdActive(d), '[data-test-id="omni-log-item-message"]')) wrapContents(wrapContents(m, 'div'), 'p');
  }),
  zd1_('requester field wrapped, label with a trailing colon', (d) => {
    const field = one(zdActive(d), '[data-test-id="ticket-requester-field"]');
    field.querySelector('label')!.textContent = 'Requester:';
    wrapContents(field.querySelector('.property-value')!, 'span');
    wrapDeep(field, 2);
  }),

  // --- content with label words
  zd1_(
    'customer text containing "Solved" and "Internal note"',
    (d) => zdAppend(d, { id: '881005', sender: 'Maria Lopez', text: 'Is this Solved? I saw "Internal note" and "AI agent" on my receipt.' }),
    { read: zd1({ messages: [...ZD_1_MSGS, { author: 'customer', textIncludes: 'Is this Solved?' }] }) },
  ),
  zd1_(
    'Open ticket whose customer writes "Solved" must not become billed',
    (d) => {
      zdBadge(d).textContent = 'Open';
      zdAppend(d, { id: '881005', sender: 'Maria Lopez', text: 'Status: Solved. Closed.' });
    },
    { read: zd1({ state: 'open', resolution: 'none', messages: [...ZD_1_MSGS, { author: 'customer', textIncludes: 'Status: Solved' }] }) },
  ),

  // --- role hints and requester field
  zd1_('no role badges (requester field kept)', (d) => removeAll(d, ZD_AGENT_BADGE)),
  zd1_('no requester field (role badges kept)', (d) => removeAll(d, '[data-test-id="ticket-requester-field"]')),
  zd1_('no role badges and no requester field', (d) => {
    removeAll(d, ZD_AGENT_BADGE);
    removeAll(d, '[data-test-id="ticket-requester-field"]');
  }),
  zd2_('no requester field, no role hints, AI greets first', (d) => {
    one(d, '.ticket-fields .field').remove();
  }),
  zd2_('role badges added to the bot', (d) => {
    for (const a of deepAll(d, ZD_ART)) if (a.textContent!.includes('Answer Bot')) insert(a, 'prepend', `<svg data-test-id="omni-log-avatar-badge-AgentBadge"></svg>`);
  }),
  zd2_('requester field shows name and email', (d) => {
    one(d, '.ticket-fields .field .value').textContent = 'Kenji Watanabe <kenji@example.com>';
  }),
  zd2_('status closed in lower case', (d) => void (one(d, '[data-cy-test-id="status-badge-state"]').textContent = 'closed')),

  // --- AI agent names
  zd1_('AI agent named "Answer Bot"', (d) => zdSetSender(d, 'AI agent', 'Answer Bot')),
  zd1_('AI agent named "Zendesk Bot"', (d) => zdSetSender(d, 'AI agent', 'Zendesk Bot')),

  // --- who answered
  zd1_(
    'human teammate public reply → handled_by_teammate',
    (d) => zdAppend(d, { id: '881005', sender: 'Sofia Romano', text: 'Hi Maria, Sofia here: I double-checked the new address.', badge: true }),
    { read: zd1({ resolution: 'handled_by_teammate', messages: [...ZD_1_MSGS, { author: 'teammate', textIncludes: 'double-checked' }] }) },
  ),
  zd1_(
    'internal note by a human does not count as a reply',
    (d) => zdAppend(d, { id: '881005', sender: 'Sofia Romano', text: 'Address change verified in the OMS.', badge: true, note: true }),
    { read: zd1({ messages: [...ZD_1_MSGS, { author: 'note', textIncludes: 'verified in the OMS' }] }) },
  ),
  zd1_(
    'no AI agent message: a human answered everything → none',
    (d) => zdSetSender(d, 'AI agent', 'Sofia Romano'),
    {
      read: zd1({
        resolution: 'none',
        messages: ZD_1_MSGS.map((m) => (m.author === 'ai_agent' ? { ...m, author: 'teammate' as Author } : m)),
      }),
    },
  ),
  zd3_('teammate ticket: no role badges (requester field kept)', (d) => removeAll(d, ZD_AGENT_BADGE)),
  zd3_('teammate ticket: no role badges and no requester field', (d) => {
    removeAll(d, ZD_AGENT_BADGE);
    removeAll(d, '[data-test-id="ticket-requester-field"]');
  }, { readOrUnreadable: zd3() }),
  zd3_('teammate ticket: status Closed', (d) => void (zdBadge(d).textContent = 'Closed'), { read: zd3({ state: 'closed' }) }),
  zd3_('teammate ticket: status Open → none', (d) => void (zdBadge(d).textContent = 'Open'), { read: zd3({ state: 'open', resolution: 'none' }) }),
  zd3_('internal note label wrapped with a lock icon', (d) => {
    const label = one(zdActive(d), '.internal-label');
    insert(label, 'prepend', '<svg aria-hidden="true"></svg>');
    wrap(label, 'div', { class: 'note-header' });
  }),
  zd3_(
    'teammate wrote only an internal note → automated_resolution',
    (d) => {
      const reply = deepAll(zdActive(d), ZD_ART).find((a) => a.textContent!.includes('bring it to the IT desk'))!;
      reply.remove();
    },
    {
      read: zd3({
        resolution: 'automated_resolution',
        messages: ZD_3_MSGS.filter((m) => m.author !== 'teammate'),
      }),
    },
  ),

  // --- volume, timing, URL
  zd1_(
    '200 messages, all read in order',
    (d) => {
      zdLog(d).innerHTML = Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? zdArticle({ id: `9${pad(i)}`, sender: 'AI agent', text: `Bot line [z${pad(i)}]`, badge: true })
          : zdArticle({ id: `9${pad(i)}`, sender: 'Maria Lopez', text: `Customer line [z${pad(i)}]` }),
      ).join('');
    },
    {
      read: zd1({
        messages: Array.from({ length: 200 }, (_, i) => ({
          author: (i % 2 === 0 ? 'ai_agent' : 'customer') as Author,
          textIncludes: `[z${pad(i)}]`,
        })),
      }),
    },
  ),
  zd1_('message log rendered late (async)', async (d) => {
    const log = zdLog(d);
    const parent = log.parentElement!;
    log.remove();
    await sleep(20);
    parent.append(log);
  }),
  zd1_('message log not rendered yet', (d) => zdLog(d).remove(), { unreadable: true }),
  zd1_('no time elements', (d) => removeAll(zdActive(d), 'time')),
  {
    name: 'URL with query string and hash',
    base: ZD_1.base,
    url: 'https://acme.zendesk.com/agent/tickets/48213?ref=views#comments',
    mutate: () => {},
    expect: { read: zd1() },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Salesforce

const SF_1 = {
  base: 'salesforce/session-agentforce.html',
  id: '0Mw5g00000AbCdECAV',
  url: 'https://acme.lightning.force.com/lightning/r/MessagingSession/0Mw5g00000AbCdECAV/view',
};
const SF_1_MSGS: MessageExpect[] = [
  { author: 'customer', textIncludes: 'Where is my order 5521' },
  { author: 'ai_agent', textIncludes: 'ships tomorrow' },
  { author: 'customer', textIncludes: 'Thanks, that is all' },
  { author: 'ai_agent', textIncludes: 'have a nice day' },
];
const sf1 = (over: Partial<ReadExpect> = {}): ReadExpect => ({
  conversationId: SF_1.id,
  resolution: 'conversation_window',
  state: 'closed',
  messages: SF_1_MSGS,
  ...over,
});

const SF_2 = {
  base: 'salesforce/session-handoff.html',
  id: '0Mw5g00000XyZ12CAF',
  url: 'https://acme.lightning.force.com/lightning/r/MessagingSession/0Mw5g00000XyZ12CAF/view',
};
const SF_2_MSGS: MessageExpect[] = [
  { author: 'customer', textIncludes: 'card was declined' },
  { author: 'ai_agent', textIncludes: 'billing specialist' },
  { author: 'customer', textIncludes: 'Is someone there' },
  { author: 'teammate', textIncludes: 'reversed the duplicate charge' },
];
const sf2 = (over: Partial<ReadExpect> = {}): ReadExpect => ({
  conversationId: SF_2.id,
  resolution: 'conversation_window',
  state: 'closed',
  messages: SF_2_MSGS,
  ...over,
});

const SF_3 = {
  base: 'salesforce/case-human.html',
  id: '5005g00000QrStUAAV',
  url: 'https://acme.lightning.force.com/lightning/r/Case/5005g00000QrStUAAV/view',
};
const SF_3_MSGS: MessageExpect[] = [
  { author: 'customer', textIncludes: 'arrived crushed' },
  { author: 'teammate', textIncludes: 'replacement is on its way' },
];
const sf3 = (over: Partial<ReadExpect> = {}): ReadExpect => ({
  conversationId: SF_3.id,
  resolution: 'none',
  state: 'closed',
  messages: SF_3_MSGS,
  ...over,
});

function sfMsg(dir: 'inbound' | 'outbound', name: string, text: string, time = '10:05 AM'): string {
  return (
    `<li class="slds-chat-listitem slds-chat-listitem_${dir}"><div class="slds-chat-message"><div class="slds-chat-message__body">` +
    `<div class="slds-chat-message__text slds-chat-message__text_${dir}"><span>${text}</span></div>` +
    `<div class="slds-chat-message__meta" aria-label="said ${name} at ${time}">${name} • ${time}</div>` +
    `</div></div></li>`
  );
}
const sfEvent = (text: string) =>
  `<li class="slds-chat-listitem slds-chat-listitem_event"><div class="slds-chat-event"><div class="slds-chat-event__body"><p>${text}</p></div></div></li>`;
const sfBookend = (text: string, stop = false) =>
  `<li class="slds-chat-listitem slds-chat-listitem_bookend"><div class="slds-chat-bookend${stop ? ' slds-chat-bookend_stop' : ''}"><span class="slds-chat-bookend__text">${text}</span></div></li>`;

const SF_EARLIER_ITEMS =
  sfBookend('Chat started by <b>Joana Pires</b> • 8:00 AM') +
  sfMsg('inbound', 'Joana Pires', 'EARLIER session: please cancel my subscription', '8:00 AM') +
  sfEvent('Agentforce ran action: Cancel Subscription') +
  sfMsg('outbound', 'Agentforce', 'EARLIER session: your subscription is cancelled', '8:01 AM') +
  sfMsg('outbound', 'Rafael Costa', 'EARLIER session: Rafael following up on the cancellation', '8:30 AM') +
  sfBookend('Chat ended • 8:31 AM', true);

/** A complete earlier MessagingSession record page (as Lightning leaves it in the DOM after in-app navigation). */
function sfPage(opts: { attrs?: string; status?: string; items?: string; title?: string } = {}): string {
  const status = opts.status ?? 'Active';
  return `
  <div class="windowViewMode-normal oneContent" ${opts.attrs ?? ''}>
    <one-record-home-flexipage2>
      <template shadowrootmode="open">
        <records-lwc-highlights-panel><template shadowrootmode="open">
          <div class="slds-page-header"><h1><span class="slds-page-header__title">${opts.title ?? 'MS-0000999'}</span></h1></div>
        </template></records-lwc-highlights-panel>
        <records-record-layout-section><template shadowrootmode="open">
          <records-record-layout-item field-label="Status" data-target-selection-name="sfdc:RecordField.MessagingSession.Status">
            <div class="slds-form-element"><span class="test-id__field-label">Status</span><div class="slds-form-element__control"><lightning-formatted-text>${status}</lightning-formatted-text></div></div>
          </records-record-layout-item>
        </template></records-record-layout-section>
        <runtime_service-conversation-transcript><template shadowrootmode="open">
          <section role="log" class="slds-chat"><ul class="slds-chat-list">${opts.items ?? SF_EARLIER_ITEMS}</ul></section>
        </template></runtime_service-conversation-transcript>
      </template>
    </one-record-home-flexipage2>
  </div>`;
}
/** The visible record page container. */
const sfVisible = (d: Document) => one(d, '.windowViewMode-normal.oneContent');
const sfList = (d: Document) => one(d, 'ul.slds-chat-list');
/** The transcript component host (its tag has an underscore, which happy-dom's selector parser rejects). */
const sfTranscriptHost = (d: Document) => {
  const host = deepAll(d, '*').find((el) => el.localName === 'runtime_service-conversation-transcript');
  if (!host) throw new Error('mutation setup: no transcript host');
  return host;
};
const sfStatusItem = (d: Document) => one(d, '[data-target-selection-name$=".Status"]');
const sfStatusValue = (d: Document) => one(sfStatusItem(d), 'lightning-formatted-text');

const sf1_ = (name: string, mutate: Mutation['mutate'], expect: Expectation = { read: sf1() }, extra: Partial<Mutation> = {}): Mutation => ({
  name,
  base: SF_1.base,
  url: SF_1.url,
  mutate,
  expect,
  ...extra,
});
const sf2_ = (name: string, mutate: Mutation['mutate'], expect: Expectation = { read: sf2() }, extra: Partial<Mutation> = {}): Mutation => ({
  name,
  base: SF_2.base,
  url: SF_2.url,
  mutate,
  expect,
  ...extra,
});
const sf3_ = (name: string, mutate: Mutation['mutate'], expect: Expectation = { read: sf3() }, extra: Partial<Mutation> = {}): Mutation => ({
  name,
  base: SF_3.base,
  url: SF_3.url,
  mutate,
  expect,
  ...extra,
});
// The hiding attribute goes on a wrapper: a second class attribute on the page container would be dropped by
// the parser, leaving the "hidden" page shown.
const hiddenEarlier = (attrs: string, where: 'before' | 'after' = 'before') => (d: Document) =>
  void insert(sfVisible(d), where, `<div ${attrs}>${sfPage()}</div>`);
const BILL = { billingAsBase: true };

const salesforce: Mutation[] = [
  // --- base pages
  sf1_('base: Agentforce-only session, Ended, bookends and an action event', () => {}, {
    read: sf1({ authorsInOrder: ['customer', 'ai_agent', 'customer', 'ai_agent'] }),
  }),
  sf2_('base: Agentforce then transfer to a human, status in highlights panel', () => {}),
  sf3_('base: Case, human-only chat, Closed', () => {}),

  // --- hidden earlier pages after in-app navigation
  sf1_('hidden earlier session (display:none) before the visible one', hiddenEarlier('style="display:none"'), { read: sf1() }, BILL),
  sf1_('hidden earlier session ([hidden])', hiddenEarlier('hidden'), { read: sf1() }, BILL),
  sf1_('hidden earlier session (aria-hidden="true")', hiddenEarlier('aria-hidden="true"'), { read: sf1() }, BILL),
  sf1_('hidden earlier session (slds-hide)', hiddenEarlier('class="slds-hide"'), { read: sf1() }, BILL),
  sf1_('hidden earlier session after the visible one (display: none;)', hiddenEarlier('style="display: none;"', 'after'), { read: sf1() }, BILL),
  sf1_('hidden earlier console tab (ancestor section with slds-hide)', (d) => {
    const tab = one(d, 'section.tabContent');
    insert(tab, 'before', `<section class="tabContent oneConsoleTab slds-hide" role="tabpanel"><div class="split-right">${sfPage()}</div></section>`);
  }, { read: sf1() }, BILL),
  sf1_('hidden earlier session hidden inside its own shadow tree', (d) => {
    insert(sfVisible(d), 'before', `
      <div class="windowViewMode-normal oneContent">
        <one-record-home-flexipage2><template shadowrootmode="open">
          <div class="record-page" hidden>
            <records-record-layout-section><template shadowrootmode="open">
              <records-record-layout-item field-label="Status" data-target-selection-name="sfdc:RecordField.MessagingSession.Status">
                <span class="test-id__field-label">Status</span><lightning-formatted-text>Active</lightning-formatted-text>
              </records-record-layout-item></template></records-record-layout-section>
            <runtime_service-conversation-transcript><template shadowrootmode="open">
              <ul class="slds-chat-list">${SF_EARLIER_ITEMS}</ul></template></runtime_service-conversation-transcript>
          </div>
        </template></one-record-home-flexipage2>
      </div>`);
    // the visible page must come second; make sure the first (hidden) one is not what gets read
  }, { read: sf1() }, BILL),
  sf1_(
    'visible Status missing while a hidden earlier session shows Active',
    (d) => {
      sfStatusItem(d).remove();
      insert(sfVisible(d), 'before', sfPage({ attrs: 'style="display:none"' }));
    },
    { readOrUnreadable: sf1({ state: 'unknown' }) },
  ),
  sf2_('hidden earlier Agentforce-only session with different messages', (d) => {
    insert(sfVisible(d), 'before', `<div class="slds-hide">${sfPage({
      status: 'Ended',
      items: sfMsg('inbound', 'Joana Pires', 'EARLIER: hi', '8:00 AM') + sfMsg('outbound', 'Agentforce', 'EARLIER: hello Joana', '8:00 AM'),
    })}</div>`);
  }, { read: sf2() }, BILL),
  sf3_('hidden earlier Agentforce session must not make the Case billed', hiddenEarlier('style="display:none"'), { read: sf3() }, BILL),
  sf1_('two visible sessions (split view), no way to tell which is in the URL', hiddenEarlier(''), { unreadable: true }),

  // --- shadow depth and wrappers
  sf1_('transcript one shadow root deeper', (d) => {
    const host = sfTranscriptHost(d);
    const inner = d.createElement('lightning-conversation-body');
    const shadow = inner.attachShadow({ mode: 'open' });
    while (host.shadowRoot!.firstChild) shadow.appendChild(host.shadowRoot!.firstChild);
    host.shadowRoot!.appendChild(inner);
  }),
  sf1_('Status field one shadow root deeper', (d) => {
    const item = sfStatusItem(d);
    const host = d.createElement('records-record-layout-row');
    item.replaceWith(host);
    host.attachShadow({ mode: 'open' }).appendChild(item);
  }),
  sf1_('wrappers around every chat list item content and the list', (d) => {
    for (const li of deepAll(d, 'li.slds-chat-listitem')) wrapContents(li, 'div');
    wrapDeep(sfList(d), 2);
  }),
  sf1_('message text and meta wrapped in extra spans', (d) => {
    for (const el of deepAll(d, '.slds-chat-message__text, .slds-chat-message__meta')) wrapContents(el, 'span');
  }),
  sf1_('chat classes with extra modifiers', (d) => {
    for (const li of deepAll(d, 'li.slds-chat-listitem')) li.classList.add('slds-chat-listitem_has-avatar');
    for (const t of deepAll(d, '.slds-chat-message__text')) t.classList.add('slds-chat-message__text_has-link');
  }),
  sf1_('message text without the _inbound/_outbound modifier', (d) => {
    for (const t of deepAll(d, '.slds-chat-message__text')) t.className = 'slds-chat-message__text';
  }),

  // --- Status field
  sf1_('Status found by field-label only', (d) => sfStatusItem(d).removeAttribute('data-target-selection-name')),
  sf1_('Status found by data-target-selection-name only', (d) => sfStatusItem(d).removeAttribute('field-label')),
  sf1_('Status field missing', (d) => sfStatusItem(d).remove(), { readOrUnreadable: sf1({ state: 'unknown' }) }),
  sf1_('Status Closed', (d) => void (sfStatusValue(d).textContent = 'Closed')),
  sf1_('Status New', (d) => void (sfStatusValue(d).textContent = 'New'), { read: sf1({ state: 'new' }) }),
  sf1_('Status label with a help-text icon and white space', (d) => {
    const label = one(sfStatusItem(d), '.test-id__field-label');
    label.textContent = '\n   Status  \n';
    insert(label, 'after', '<lightning-helptext><svg aria-hidden="true"></svg><span class="slds-assistive-text">Help Status</span></lightning-helptext>');
  }),
  sf1_('Status value wrapped in nested spans', (d) => void wrapContents(wrapContents(sfStatusValue(d), 'span'), 'span')),
  sf2_('Status Escalated (session still conversation_window)', (d) => void (sfStatusValue(d).textContent = 'Escalated'), {
    read: sf2({ state: undefined }),
  }),
  sf3_('Case Status Working', (d) => void (sfStatusValue(d).textContent = 'Working'), { read: sf3({ state: undefined }) }),

  sf1_(
    'visible transcript not rendered while a hidden earlier session keeps its transcript',
    (d) => {
      sfTranscriptHost(d).remove();
      insert(sfVisible(d), 'before', sfPage({ attrs: 'style="display:none"', status: 'Ended' }));
    },
    { unreadable: true },
  ),
  sf3_(
    'Case status path lists every status while the Case is Working',
    (d) => {
      sfStatusValue(d).textContent = 'Working';
      insert(one(d, 'records-lwc-highlights-panel'), 'after', `
        <records-path><template shadowrootmode="open">
          <div class="slds-path"><ul class="slds-path__nav" role="listbox">
            <li class="slds-path__item slds-is-complete" role="presentation"><a role="option"><span class="slds-path__title">New</span></a></li>
            <li class="slds-path__item slds-is-current slds-is-active" role="presentation"><a role="option" aria-selected="true"><span class="slds-path__title">Working</span></a></li>
            <li class="slds-path__item slds-is-incomplete" role="presentation"><a role="option"><span class="slds-path__title">Escalated</span></a></li>
            <li class="slds-path__item slds-is-incomplete" role="presentation"><a role="option"><span class="slds-path__title">Closed</span></a></li>
          </ul></div>
        </template></records-path>`);
    },
    { read: sf3({ state: undefined, stateOneOf: ['new', 'open', 'pending', 'on_hold', 'unknown'] }) },
  ),
  // --- bookends and events
  sf1_('bookends removed', (d) => removeAll(d, 'li.slds-chat-listitem_bookend')),
  sf1_('several action events between messages', (d) => {
    const items = deepAll(d, 'li.slds-chat-listitem_outbound');
    insert(items[0], 'before', sfEvent('Agentforce ran action: Check Inventory') + sfEvent('Agentforce ran action: Get Shipping Estimate'));
    insert(items[1], 'after', sfEvent('Agentforce ran action: Close Session'));
  }, { read: sf1({ authorsInOrder: ['customer', 'ai_agent', 'customer', 'ai_agent'] }) }),
  sf1_('event item carrying chat-message markup is still not a message', (d) => {
    insert(one(d, 'li.slds-chat-listitem_event'), 'after', `
      <li class="slds-chat-listitem slds-chat-listitem_event"><div class="slds-chat-event">
        <div class="slds-chat-message__text">Agentforce ran action: Update Address</div>
        <div class="slds-chat-message__meta">Agentforce • 10:01 AM</div></div></li>`);
  }),
  sf1_('bookend naming Agentforce is not a message', (d) => {
    one(d, 'li.slds-chat-listitem_bookend').innerHTML = '<div class="slds-chat-bookend"><span class="slds-chat-bookend__text">Chat started by <b>Agentforce</b> • 10:00 AM</span><span class="slds-chat-message__meta">Agentforce • 10:00 AM</span></div>';
  }),
  sf2_(
    'Agentforce only appears in the transfer event → none',
    (d) => deepAll(d, 'li.slds-chat-listitem_outbound')[0].remove(),
    { read: sf2({ resolution: 'none', messages: SF_2_MSGS.filter((m) => m.author !== 'ai_agent') }) },
  ),

  // --- customer text with label words
  sf3_(
    'customer text "Agentforce • 9:00 AM" must not make the Case billed',
    (d) => void insert(last(d, 'li.slds-chat-listitem_outbound'), 'after', sfMsg('inbound', 'Beatriz Nunes', 'Agentforce • 9:00 AM told me something else', '11:05 AM')),
    { read: sf3({ messages: [SF_3_MSGS[0], SF_3_MSGS[1], { author: 'customer', textIncludes: 'told me something else' }] }) },
  ),
  sf1_(
    'customer text quoting an action event and meta',
    (d) => void insert(last(d, 'li.slds-chat-listitem_outbound'), 'after', sfMsg('inbound', 'Ines Duarte', 'Agentforce ran action: Look Up Order — said Agentforce at 9:00 AM?', '10:03 AM')),
    { read: sf1({ messages: [...SF_1_MSGS, { author: 'customer', textIncludes: 'Agentforce ran action' }] }) },
  ),
  sf1_(
    'customer named like the status',
    (d) => {
      for (const m of deepAll(d, 'li.slds-chat-listitem_inbound .slds-chat-message__meta')) {
        m.textContent = m.textContent!.replace('Ines Duarte', 'Status Closed');
        m.setAttribute('aria-label', m.getAttribute('aria-label')!.replace('Ines Duarte', 'Status Closed'));
      }
    },
  ),

  // --- meta variants
  sf1_('author only in the meta aria-label', (d) => {
    for (const m of deepAll(d, '.slds-chat-message__meta')) m.textContent = m.textContent!.replace(/^.*•\s*/, '');
  }),
  sf1_('author only in the meta text (no aria-label)', (d) => {
    for (const m of deepAll(d, '.slds-chat-message__meta')) m.removeAttribute('aria-label');
  }),
  sf2_('Agentforce-only session has no teammate message', (d) => {
    for (const li of deepAll(d, 'li.slds-chat-listitem_outbound')) if (li.textContent!.includes('Rafael')) li.remove();
  }, {
    read: sf2({ messages: SF_2_MSGS.filter((m) => m.author !== 'teammate'), authorsInOrder: ['customer', 'ai_agent', 'customer'] }),
  }),
  sf3_(
    'Agentforce message on a Case → conversation_window',
    (d) => void insert(one(d, 'li.slds-chat-listitem_inbound'), 'after', sfMsg('outbound', 'Agentforce', 'I can arrange a replacement for you.', '11:01 AM')),
    {
      read: sf3({
        resolution: 'conversation_window',
        messages: [SF_3_MSGS[0], { author: 'ai_agent', textIncludes: 'arrange a replacement' }, SF_3_MSGS[1]],
      }),
    },
  ),

  // --- volume, timing, URLs
  sf1_(
    '200 chat items with events in between, all messages read in order',
    (d) => {
      let markup = sfBookend('Chat started • 9:00 AM');
      for (let i = 0; i < 200; i++) {
        markup += i % 2 === 0 ? sfMsg('inbound', 'Ines Duarte', `Question [s${pad(i)}]`) : sfMsg('outbound', 'Agentforce', `Answer [s${pad(i)}]`);
        if (i % 50 === 1) markup += sfEvent('Agentforce ran action: Look Up Order');
      }
      sfList(d).innerHTML = markup + sfBookend('Chat ended', true);
    },
    {
      read: sf1({
        messages: Array.from({ length: 200 }, (_, i) => ({
          author: (i % 2 === 0 ? 'customer' : 'ai_agent') as Author,
          textIncludes: `[s${pad(i)}]`,
        })),
      }),
    },
  ),
  sf1_('transcript rendered late (async)', async (d) => {
    const list = sfList(d);
    const parent = list.parentNode!;
    list.remove();
    await sleep(20);
    parent.appendChild(list);
  }),
  sf1_('transcript not rendered yet', (d) => sfTranscriptHost(d).remove(), { unreadable: true }),
  sf1_('record title changed', (d) => void (one(d, '.slds-page-header__title').textContent = 'Ines Duarte – Web Chat')),
  {
    name: '15-character record id in the URL',
    base: SF_1.base,
    url: 'https://acme.lightning.force.com/lightning/r/MessagingSession/0Mw5g00000AbCdE/view',
    mutate: () => {},
    expect: { read: sf1({ conversationId: '0Mw5g00000AbCdE' }) },
  },
  {
    name: 'URL with query string',
    base: SF_1.base,
    url: 'https://acme.lightning.force.com/lightning/r/MessagingSession/0Mw5g00000AbCdECAV/view?ws=%2Flightning%2Fr%2FCase%2F5005g00000QrStUAAV%2Fview',
    mutate: () => {},
    expect: { read: sf1() },
  },
];

export const mutations: Record<Vendor, Mutation[]> = { intercom, zendesk, salesforce };
