// Second, independent round of page variations for the Intercom, Zendesk and Salesforce adapters.
// Base pages live in ./pages/<vendor>/; each case loads one, optionally mutates it, and states what a
// correct reading of the page is. Written from the public vendor facts only.
import { attachDeclarativeShadowRoots } from '../../unit/fixtures';

export type Vendor = 'intercom' | 'zendesk' | 'salesforce';
export type Author = 'customer' | 'ai_agent' | 'teammate' | 'note';

export interface ReadExpect {
  conversationId: string;
  resolution: string;
  state?: string;
  authors?: Author[];
  messageCount?: number;
}

export type Expect = { read: ReadExpect } | { unreadable: true } | { readOrUnreadable: ReadExpect };

export interface Case {
  name: string;
  /** Page file relative to ./pages, e.g. 'intercom/portal-sidebar.html'. */
  base: string;
  url: string;
  mutate?(doc: Document): void;
  expect: Expect;
}

// ---------------------------------------------------------------------------------------------
// helpers (walk open shadow roots, build markup)

function* roots(root: Document | ShadowRoot | Element): Generator<ParentNode> {
  yield root;
  const all = root.querySelectorAll('*');
  for (const el of all) if (el.shadowRoot) yield* roots(el.shadowRoot);
}

export function deepAll<T extends Element = HTMLElement>(root: Document | ShadowRoot | Element, selector: string): T[] {
  const out: T[] = [];
  for (const r of roots(root)) out.push(...r.querySelectorAll<T>(selector));
  return out;
}

export function deep<T extends Element = HTMLElement>(root: Document | ShadowRoot | Element, selector: string): T {
  const found = deepAll<T>(root, selector)[0];
  if (!found) throw new Error(`test page has no ${selector}`);
  return found;
}

function frag(doc: Document, markup: string): DocumentFragment {
  const t = doc.createElement('template');
  t.innerHTML = markup.trim();
  const f = t.content;
  // declarative shadow roots inside inserted markup
  const holder = doc.createElement('div');
  holder.append(f.cloneNode(true));
  attachDeclarativeShadowRoots(holder);
  const out = doc.createDocumentFragment();
  out.append(...holder.childNodes);
  return out;
}

function el(doc: Document, markup: string): HTMLElement {
  const f = frag(doc, markup);
  const first = f.firstElementChild as HTMLElement | null;
  if (!first) throw new Error('no element in markup');
  return first;
}

function setText(node: Element, text: string): void {
  node.textContent = text;
}

// =============================================================================================
// Intercom
// =============================================================================================

const IC_APP = 'qz81mpw3';
const IC_A = '215470001234'; // portal-sidebar.html
const IC_B = '215470002468'; // shadow-stream.html
const IC_C = '215470003579'; // tooltip-spans.html
const icUrl = (id: string, host = 'app.intercom.com') => `https://${host}/a/inbox/${IC_APP}/inbox/shared/all/conversation/${id}`;
const A = 'intercom/portal-sidebar.html';
const B = 'intercom/shadow-stream.html';
const C = 'intercom/tooltip-spans.html';

const A_AUTHORS: Author[] = ['customer', 'ai_agent', 'customer', 'ai_agent'];
const B_AUTHORS: Author[] = ['customer', 'ai_agent', 'customer', 'ai_agent', 'customer'];
const C_AUTHORS: Author[] = ['customer', 'ai_agent', 'customer', 'ai_agent', 'note', 'teammate'];

const aResolution = (doc: Document) => deep(doc, '[data-testid="attribute-fin-resolution-state"] dd');
const aState = (doc: Document) => deep(doc, '[data-testid="conversation-state-pill"]');
const aStream = (doc: Document) => deep(doc, '[data-testid="conversation-stream"] > .ember-view');

function aPart(doc: Document, kind: 'user' | 'user-email' | 'fin' | 'admin' | 'admin-email' | 'note', name: string, text: string): HTMLElement {
  const cls = {
    user: 'inbox2__user-comment-part',
    'user-email': 'inbox2__user-email-part',
    fin: 'inbox2__admin-comment-part',
    admin: 'inbox2__admin-comment-part',
    'admin-email': 'inbox2__admin-email-part',
    note: 'inbox2__note-part',
  }[kind];
  const who =
    kind === 'user' || kind === 'user-email'
      ? `<span class="inbox2__part-author">${name}</span>`
      : `<span data-testid="admin-avatar-name">${name}</span>${kind === 'note' ? ' <span class="o__pill">Note</span>' : ''}`;
  return el(
    doc,
    `<div data-intercom-target="conversation-stream-content-part" class="inbox2__part ${cls}" data-part-id="${Math.floor(Math.random() * 1e9)}">
       <div class="flex gap-2"><span class="avatar" aria-hidden="true">${name.slice(0, 2).toUpperCase()}</span>
         <div class="inbox2__part-bubble"><div class="inbox2__part-meta">${who} <time datetime="2024-05-14T09:20:00Z">9:20 AM</time></div>
           <div class="intercom-interblocks-html"><p>${text}</p></div></div></div></div>`,
  );
}

function staleAsideA(doc: Document, value: string, hide: 'style' | 'hidden'): HTMLElement {
  return el(
    doc,
    `<div class="portal-layer" ${hide === 'style' ? 'style="display:none"' : 'hidden'}>
       <aside class="inbox2__conversation-details-sidebar" aria-label="Conversation details">
         <dl class="o__attribute-list">
           <div class="o__attribute-row"><dt>ID</dt><dd>215470001199</dd></div>
           <div class="o__attribute-row"><dt>Fin AI Agent resolution state</dt><dd>${value}</dd></div>
         </dl>
       </aside>
     </div>`,
  );
}

function withAValue(value: string): (doc: Document) => void {
  return (doc) => setText(aResolution(doc), value);
}

export const intercomCases: Case[] = [
  {
    name: 'portal sidebar, shared/all URL, Assumed Resolution, Open',
    base: A,
    url: icUrl(IC_A),
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open', authors: A_AUTHORS, messageCount: 4 } },
  },
  {
    name: 'short /inbox/conversation/{id} URL',
    base: A,
    url: `https://app.intercom.com/a/inbox/${IC_APP}/inbox/conversation/${IC_A}`,
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open', authors: A_AUTHORS } },
  },
  {
    name: 'admin inbox URL with ?view=List',
    base: A,
    url: `https://app.intercom.com/a/inbox/${IC_APP}/inbox/admin/5512093/conversation/${IC_A}?view=List`,
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open' } },
  },
  {
    name: 'team inbox URL with #part_id fragment',
    base: A,
    url: `https://app.intercom.com/a/inbox/${IC_APP}/inbox/inbox/77001/conversation/${IC_A}#part_id=comment-17743210004`,
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open' } },
  },
  {
    name: 'EU regional host',
    base: A,
    url: icUrl(IC_A, 'app.eu.intercom.com'),
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open', messageCount: 4 } },
  },
  {
    name: 'AU regional host',
    base: A,
    url: icUrl(IC_A, 'app.au.intercom.com'),
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open', messageCount: 4 } },
  },
  {
    name: 'value as API word assumed_resolution',
    base: A,
    url: icUrl(IC_A),
    mutate: withAValue('assumed_resolution'),
    expect: { read: { conversationId: IC_A, resolution: 'assumed' } },
  },
  {
    name: 'value as API word confirmed_resolution',
    base: A,
    url: icUrl(IC_A),
    mutate: withAValue('confirmed_resolution'),
    expect: { read: { conversationId: IC_A, resolution: 'confirmed' } },
  },
  {
    name: 'value as API word routed_to_team',
    base: A,
    url: icUrl(IC_A),
    mutate: withAValue('routed_to_team'),
    expect: { read: { conversationId: IC_A, resolution: 'escalated' } },
  },
  {
    name: 'Confirmed Resolution and header Closed with Reopen button',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      setText(aResolution(doc), 'Confirmed Resolution');
      setText(aState(doc), 'Closed');
      setText(deep(doc, '[data-testid="close-conversation-button"]'), 'Reopen');
    },
    expect: { read: { conversationId: IC_A, resolution: 'confirmed', state: 'closed', authors: A_AUTHORS } },
  },
  {
    name: 'Routed to team counts as escalated',
    base: A,
    url: icUrl(IC_A),
    mutate: withAValue('Routed to team'),
    expect: { read: { conversationId: IC_A, resolution: 'escalated', state: 'open' } },
  },
  {
    name: 'Escalated',
    base: A,
    url: icUrl(IC_A),
    mutate: withAValue('Escalated'),
    expect: { read: { conversationId: IC_A, resolution: 'escalated' } },
  },
  {
    name: 'Procedure handoff',
    base: A,
    url: icUrl(IC_A),
    mutate: withAValue('Procedure handoff'),
    expect: { read: { conversationId: IC_A, resolution: 'procedure_handoff' } },
  },
  {
    name: 'header state Snoozed (Close button still shown)',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      setText(aState(doc), 'Snoozed');
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'snoozed' } },
  },
  {
    name: 'sidebar portal not rendered yet while Fin has answered',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      deep(doc, '#react-portal-root').replaceChildren();
    },
    expect: { unreadable: true },
  },
  {
    name: 'sidebar rendered but attributes still loading (skeleton)',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      deep(doc, '[data-testid="sidebar-section-details"] .inbox2__sidebar-section-body').replaceChildren(
        el(doc, '<div class="o__skeleton" aria-busy="true" aria-label="Loading attributes"><div class="o__skeleton-line"></div><div class="o__skeleton-line"></div></div>'),
      );
    },
    expect: { unreadable: true },
  },
  {
    name: 'lazy render: skeleton, then parts in two batches, then the sidebar portal',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      const stream = aStream(doc);
      const parts = [...stream.children];
      const portal = deep(doc, '#react-portal-root');
      const layer = portal.firstElementChild!;
      layer.remove();
      const skeleton = el(doc, '<div class="o__stream-skeleton" aria-busy="true">Loading conversation…</div>');
      stream.replaceChildren(skeleton);
      stream.append(...parts.slice(0, 3));
      stream.append(...parts.slice(3));
      skeleton.remove();
      portal.append(layer);
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open', authors: A_AUTHORS, messageCount: 4 } },
  },
  {
    name: 'stale sidebar of previous conversation kept with style display:none before the live one',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      deep(doc, '#react-portal-root').prepend(staleAsideA(doc, 'Escalated', 'style'));
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed' } },
  },
  {
    name: 'stale sidebar of previous conversation kept with hidden attribute before the live one',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      deep(doc, '#react-portal-root').prepend(staleAsideA(doc, 'Confirmed Resolution', 'hidden'));
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed' } },
  },
  {
    name: 'stale hidden conversation space (teammate-only thread) before the live one',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      const live = deep(doc, 'main[data-intercom-target="conversation-space"]');
      const stale = el(
        doc,
        `<div class="inbox2__conversation-page" data-intercom-target="conversation-space" style="display:none" aria-hidden="true">
           <div data-intercom-target="inbox-header"><h1>Bob Tanaka</h1><span>Closed</span></div>
           <div class="stream"></div>
         </div>`,
      );
      stale.querySelector('.stream')!.append(aPart(doc, 'user', 'Bob Tanaka', 'My export is empty.'), aPart(doc, 'admin', 'Dana Whitfield', 'Fixed on our side, try again.'));
      live.before(stale);
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open', authors: A_AUTHORS, messageCount: 4 } },
  },
  {
    name: 'command palette open, listing other conversations with their resolution states',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      const dlg = deep(doc, '#cmdk-dialog');
      dlg.removeAttribute('style');
      dlg.setAttribute('aria-hidden', 'false');
      // palette mounts before the portal layer in DOM order
      deep(doc, '#react-portal-root').before(dlg);
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open', authors: A_AUTHORS, messageCount: 4 } },
  },
  {
    name: 'attribute help tooltip portal visible before the sidebar',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      deep(doc, '#react-portal-root').prepend(
        el(doc, '<div class="tooltip-layer"><div role="tooltip" class="o__tooltip">Fin AI Agent resolution state: Confirmed Resolution means the customer said the answer helped.</div></div>'),
      );
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed' } },
  },
  {
    name: 'teammate note appended after Fin',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      aStream(doc).append(aPart(doc, 'note', 'Dana Whitfield', 'Customer confirmed, nothing to do.'));
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed', authors: [...A_AUTHORS, 'note'], messageCount: 5 } },
  },
  {
    name: 'teammate reply appended after Fin',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      aStream(doc).append(aPart(doc, 'admin', 'Dana Whitfield', 'Hi Marta, just checking the new invoice looks right.'));
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed', authors: [...A_AUTHORS, 'teammate'], messageCount: 5 } },
  },
  {
    name: 'teammate email part and customer email part appended',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      aStream(doc).append(
        aPart(doc, 'admin-email', 'Dana Whitfield', 'Following up by email with the corrected invoice attached.'),
        aPart(doc, 'user-email', 'Marta Ruiz', 'Received, thank you.'),
      );
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed', authors: [...A_AUTHORS, 'teammate', 'customer'], messageCount: 6 } },
  },
  {
    name: 'customer types resolution words in her message',
    base: A,
    url: icUrl(IC_A),
    mutate(doc) {
      aStream(doc).append(aPart(doc, 'user', 'Marta Ruiz', 'Is this Escalated now or a Confirmed Resolution? Please Close it.'));
    },
    expect: { read: { conversationId: IC_A, resolution: 'assumed', state: 'open', authors: [...A_AUTHORS, 'customer'] } },
  },
  {
    name: 'value API word abandoned',
    base: A,
    url: icUrl(IC_A),
    mutate: withAValue('abandoned'),
    expect: { read: { conversationId: IC_A, resolution: 'abandoned' } },
  },
  {
    name: 'attribute present but empty (dash) after Fin answered',
    base: A,
    url: icUrl(IC_A),
    mutate: withAValue('—'),
    expect: { readOrUnreadable: { conversationId: IC_A, resolution: 'none' } },
  },

  // ---- shadow-stream.html
  {
    name: 'stream in #teammate-app-react shadow root, table sidebar, Confirmed, Closed (title contains "open")',
    base: B,
    url: icUrl(IC_B),
    expect: { read: { conversationId: IC_B, resolution: 'confirmed', state: 'closed', authors: B_AUTHORS, messageCount: 5 } },
  },
  {
    name: 'table sidebar value shown as an editable <button>',
    base: B,
    url: icUrl(IC_B),
    mutate(doc) {
      deep(doc, 'tr[data-attribute="fin_ai_agent_resolution_state"] td').replaceChildren(
        el(doc, '<button type="button" class="attr-edit" aria-haspopup="listbox" aria-expanded="false"><span>Confirmed Resolution</span><svg aria-hidden="true"></svg></button>'),
      );
    },
    expect: { read: { conversationId: IC_B, resolution: 'confirmed', state: 'closed' } },
  },
  {
    name: 'table sidebar value as <input readonly value="Routed to team">',
    base: B,
    url: icUrl(IC_B),
    mutate(doc) {
      deep(doc, 'tr[data-attribute="fin_ai_agent_resolution_state"] td').replaceChildren(
        el(doc, '<input type="text" readonly value="Routed to team" aria-label="Fin AI Agent resolution state" class="attr-input">'),
      );
    },
    expect: { read: { conversationId: IC_B, resolution: 'escalated' } },
  },
  {
    name: 'shadow header reopened: state Open with Close button',
    base: B,
    url: icUrl(IC_B),
    mutate(doc) {
      setText(deep(doc, '[data-testid="state-badge"]'), 'Open');
      setText(deep(doc, '[data-testid="reopen-conversation-button"]'), 'Close');
    },
    expect: { read: { conversationId: IC_B, resolution: 'confirmed', state: 'open', authors: B_AUTHORS } },
  },
  {
    name: 'shadow stream, short URL on EU host',
    base: B,
    url: `https://app.eu.intercom.com/a/inbox/${IC_APP}/inbox/conversation/${IC_B}`,
    expect: { read: { conversationId: IC_B, resolution: 'confirmed', state: 'closed', messageCount: 5 } },
  },
  {
    name: 'shadow stream parts arrive after the sidebar (lazy, three steps)',
    base: B,
    url: icUrl(IC_B),
    mutate(doc) {
      const stream = deep(doc, '.stream');
      const parts = [...stream.children];
      stream.setAttribute('aria-busy', 'true');
      stream.replaceChildren();
      stream.append(parts[0]!, parts[1]!);
      stream.append(parts[2]!, parts[3]!);
      stream.append(...parts.slice(4));
      stream.setAttribute('aria-busy', 'false');
    },
    expect: { read: { conversationId: IC_B, resolution: 'confirmed', state: 'closed', authors: B_AUTHORS, messageCount: 5 } },
  },

  // ---- tooltip-spans.html
  {
    name: 'label / info button / value spans, Escalated, Snoozed, note and teammate',
    base: C,
    url: `https://app.intercom.com/a/inbox/${IC_APP}/inbox/admin/5512093/conversation/${IC_C}`,
    expect: { read: { conversationId: IC_C, resolution: 'escalated', state: 'snoozed', authors: C_AUTHORS, messageCount: 6 } },
  },
  {
    name: 'info tooltip open between label and value',
    base: C,
    url: icUrl(IC_C),
    mutate(doc) {
      deep(doc, '#tooltip-fin-res').removeAttribute('hidden');
      deep(doc, '.attr__info').setAttribute('aria-expanded', 'true');
    },
    expect: { read: { conversationId: IC_C, resolution: 'escalated', state: 'snoozed' } },
  },
  {
    name: 'unsnoozed: header state Open',
    base: C,
    url: icUrl(IC_C),
    mutate(doc) {
      setText(deep(doc, '.inbox2__header-state'), 'Open');
      deep(doc, '.inbox2__header-snooze-until').remove();
      deep(doc, '[data-testid="unsnooze-button"]').remove();
    },
    expect: { read: { conversationId: IC_C, resolution: 'escalated', state: 'open', authors: C_AUTHORS } },
  },
  {
    name: 'Fin never took part: no Fin parts, no resolution attribute row',
    base: C,
    url: icUrl(IC_C),
    mutate(doc) {
      for (const name of deepAll(doc, '[data-testid="admin-avatar-name"]')) {
        if (name.textContent?.trim() === 'Fin') name.closest('[data-intercom-target="conversation-stream-content-part"]')!.remove();
      }
      for (const row of deepAll(doc, '[data-testid="attr-row"]')) {
        if (row.textContent?.includes('Fin AI Agent')) row.remove();
      }
      for (const ev of deepAll(doc, '.inbox2__event')) if (ev.textContent?.includes('Fin')) ev.remove();
    },
    expect: { readOrUnreadable: { conversationId: IC_C, resolution: 'none', authors: ['customer', 'customer', 'note', 'teammate'] } },
  },
  {
    name: 'Procedure handoff in the value span, list rows mention Routed to team',
    base: C,
    url: icUrl(IC_C),
    mutate(doc) {
      setText(deep(doc, '[data-testid="attr-value"]'), 'Procedure handoff');
    },
    expect: { read: { conversationId: IC_C, resolution: 'procedure_handoff', state: 'snoozed' } },
  },
];

// =============================================================================================
// Zendesk
// =============================================================================================

const ZD = 'https://northwind.zendesk.com/agent/tickets/';
const MT = 'zendesk/multi-tab.html';
const SM = 'zendesk/single-messaging.html';
const EN = 'zendesk/email-notes.html';

const MT_AUTHORS: Author[] = ['ai_agent', 'customer', 'ai_agent', 'customer'];
const SM_AUTHORS: Author[] = ['ai_agent', 'customer', 'ai_agent', 'customer', 'teammate'];
const EN_AUTHORS: Author[] = ['customer', 'ai_agent', 'note'];

const activePane = (doc: Document) => deep(doc, '.ticket-panes-grid-layout[data-is-active="true"]');
const zStatus = (root: Document | Element) => deep(root, '[data-test-id="ticket-status-dropdown"] [data-cy-test-id="status-badge-state"]');
const zLog = (root: Document | Element) => deep(root, '[data-test-id="omni-log-container"]');

function zArticle(doc: Document, id: number, sender: string, text: string, note = false): HTMLElement {
  return el(
    doc,
    `<article data-comment-id="${id}" aria-label="Message from ${sender}" class="sc-log-item${note ? ' sc-log-item--internal' : ''}">
       <div class="sc-log-item-header"><div data-test-id="omni-log-item-sender">${sender}</div>${note ? '<span class="sc-tag">Internal note</span>' : ''}<time datetime="2024-05-14T08:30:00Z">08:30</time></div>
       <div data-test-id="omni-log-item-message"><p>${text}</p></div>
     </article>`,
  );
}

function mtSwitchTo(doc: Document, id: string): void {
  const tabs = deepAll(doc, '[data-test-id="header-tab"]');
  const panes = deepAll(doc, '.ticket-panes-grid-layout');
  tabs.forEach((tab, i) => {
    const on = tab.getAttribute('data-entity-id') === id;
    tab.setAttribute('aria-selected', String(on));
    const pane = panes[i]!;
    pane.setAttribute('data-is-active', String(on));
    pane.removeAttribute('hidden');
    pane.removeAttribute('aria-hidden');
    if (on) pane.removeAttribute('style');
    else pane.setAttribute('style', 'display:none');
  });
}

/** Renames a sender everywhere the article shows it (sender line and the article's aria-label). */
function renameSender(pane: Element, from: string, to: string): void {
  for (const art of deepAll(pane, 'article[data-comment-id]')) {
    const sender = art.querySelector('[data-test-id="omni-log-item-sender"]');
    if (sender?.textContent?.trim() !== from) continue;
    setText(sender, to);
    art.setAttribute('aria-label', `Message from ${to}`);
  }
}

function setMtStatus(label: string): (doc: Document) => void {
  return (doc) => setText(zStatus(activePane(doc)), label);
}

export const zendeskCases: Case[] = [
  {
    name: 'three tabs, middle selected; AI agent greets first, Solved',
    base: MT,
    url: ZD + '4812',
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', state: 'solved', authors: MT_AUTHORS, messageCount: 4 } },
  },
  {
    name: 'AI only, Closed',
    base: MT,
    url: ZD + '4812',
    mutate: setMtStatus('Closed'),
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', state: 'closed', authors: MT_AUTHORS } },
  },
  {
    name: 'AI only, Pending',
    base: MT,
    url: ZD + '4812',
    mutate: setMtStatus('Pending'),
    expect: { read: { conversationId: '4812', resolution: 'none', state: 'pending' } },
  },
  {
    name: 'AI only, On-hold',
    base: MT,
    url: ZD + '4812',
    mutate: setMtStatus('On-hold'),
    expect: { read: { conversationId: '4812', resolution: 'none', state: 'on_hold' } },
  },
  {
    name: 'AI only, Open',
    base: MT,
    url: ZD + '4812',
    mutate: setMtStatus('Open'),
    expect: { read: { conversationId: '4812', resolution: 'none', state: 'open' } },
  },
  {
    name: 'AI only, New',
    base: MT,
    url: ZD + '4812',
    mutate: setMtStatus('New'),
    expect: { read: { conversationId: '4812', resolution: 'none', state: 'new' } },
  },
  {
    name: 'human agent also replied publicly, Solved',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      zLog(activePane(doc)).append(zArticle(doc, 910005, 'Priya Nair', 'Hi Marta, I also added a note to your account so the courier calls ahead.'));
    },
    expect: { read: { conversationId: '4812', resolution: 'handled_by_teammate', state: 'solved', authors: [...MT_AUTHORS, 'teammate'], messageCount: 5 } },
  },
  {
    name: 'human agent added only an internal note, Solved',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      zLog(activePane(doc)).append(zArticle(doc, 910005, 'Priya Nair', 'Checked the carrier, all fine.', true));
    },
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', state: 'solved', authors: [...MT_AUTHORS, 'note'], messageCount: 5 } },
  },
  {
    name: 'switched to tab 4811 (Open, human only)',
    base: MT,
    url: ZD + '4811',
    mutate: (doc) => mtSwitchTo(doc, '4811'),
    expect: { read: { conversationId: '4811', resolution: 'none', state: 'open', authors: ['customer', 'teammate'], messageCount: 2 } },
  },
  {
    name: 'switched to tab 4815 (Solved, AI then human)',
    base: MT,
    url: ZD + '4815',
    mutate: (doc) => mtSwitchTo(doc, '4815'),
    expect: { read: { conversationId: '4815', resolution: 'handled_by_teammate', state: 'solved', authors: ['ai_agent', 'customer', 'ai_agent', 'teammate'], messageCount: 4 } },
  },
  {
    name: 'URL already says 4811 but the DOM still shows 4812 selected and active',
    base: MT,
    url: ZD + '4811',
    expect: { unreadable: true },
  },
  {
    name: 'mid-transition: no pane marked active yet, 4812 still visible',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      for (const p of deepAll(doc, '.ticket-panes-grid-layout')) p.setAttribute('data-is-active', 'false');
    },
    expect: { readOrUnreadable: { conversationId: '4812', resolution: 'automated_resolution', state: 'solved' } },
  },
  {
    name: 'log not rendered yet (loader only)',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      zLog(activePane(doc)).replaceChildren(el(doc, '<div data-garden-id="loaders.dots" role="progressbar" aria-busy="true" aria-label="Loading conversation"></div>'));
    },
    expect: { unreadable: true },
  },
  {
    name: 'lazy: loader, then articles one by one, then loader removed',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      const log = zLog(activePane(doc));
      const items = [...log.children];
      const loader = el(doc, '<div data-garden-id="loaders.dots" role="progressbar" aria-busy="true"></div>');
      log.replaceChildren(loader);
      for (const item of items) loader.before(item);
      loader.remove();
    },
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', state: 'solved', authors: MT_AUTHORS, messageCount: 4 } },
  },
  {
    name: 'AI agent shown as "Zendesk Bot"',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      renameSender(activePane(doc), 'AI agent', 'Zendesk Bot');
    },
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', authors: MT_AUTHORS } },
  },
  {
    name: 'AI agent shown as "Answer Bot"',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      renameSender(activePane(doc), 'AI agent', 'Answer Bot');
    },
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', authors: MT_AUTHORS } },
  },
  {
    name: 'active pane moved first in DOM (panes no longer in tab order)',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      const pane = activePane(doc);
      pane.parentElement!.prepend(pane);
    },
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', state: 'solved', authors: MT_AUTHORS } },
  },
  {
    name: 'tab hover card for 4811 with its own status badge rendered in a portal before the panes',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      deep(doc, '[data-test-id="main-panes"]').before(
        el(
          doc,
          `<div data-garden-id="tooltips.tooltip" role="tooltip" class="sc-hovercard">
             <strong>#4811 Printer keeps going offline</strong>
             <div data-test-id="ticket-status-dropdown"><span data-cy-test-id="status-badge-state">Open</span></div>
             <p>Last message from Priya Nair</p>
           </div>`,
        ),
      );
    },
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', state: 'solved', authors: MT_AUTHORS } },
  },
  {
    name: 'status dropdown opened: option list (New/Open/Pending/On-hold/Solved) rendered inside it',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      const dd = deep(activePane(doc), '[data-test-id="ticket-status-dropdown"]');
      dd.querySelector('button')!.setAttribute('aria-expanded', 'true');
      dd.append(
        el(
          doc,
          `<ul role="listbox" aria-label="Status" data-garden-id="dropdowns.menu">
             <li role="option" aria-selected="false">New</li><li role="option" aria-selected="false">Open</li>
             <li role="option" aria-selected="false">Pending</li><li role="option" aria-selected="false">On-hold</li>
             <li role="option" aria-selected="true">Solved</li></ul>`,
        ),
      );
    },
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', state: 'solved' } },
  },
  {
    name: 'customer asks "are you an AI agent?" in her message',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      const msgs = deepAll(activePane(doc), '[data-test-id="omni-log-item-message"]');
      msgs[1]!.innerHTML = '<p>Are you an AI agent or Zendesk Bot? Where is my order #A-77812?</p>';
    },
    expect: { read: { conversationId: '4812', resolution: 'automated_resolution', authors: MT_AUTHORS } },
  },
  {
    name: 'Solved but only a human agent answered',
    base: MT,
    url: ZD + '4812',
    mutate(doc) {
      renameSender(activePane(doc), 'AI agent', 'Priya Nair');
    },
    expect: { read: { conversationId: '4812', resolution: 'none', state: 'solved', authors: ['teammate', 'customer', 'teammate', 'customer'] } },
  },

  // ---- single-messaging.html
  {
    name: 'Answer Bot hands over to a human, Open; requester in <dl> with info button and chip',
    base: SM,
    url: ZD + '5120',
    expect: { read: { conversationId: '5120', resolution: 'none', state: 'open', authors: SM_AUTHORS, messageCount: 5 } },
  },
  {
    name: 'Answer Bot and human both replied, Solved',
    base: SM,
    url: ZD + '5120',
    mutate: (doc) => setText(zStatus(doc), 'Solved'),
    expect: { read: { conversationId: '5120', resolution: 'handled_by_teammate', state: 'solved', authors: SM_AUTHORS } },
  },
  {
    name: 'Answer Bot only (human reply gone), Solved',
    base: SM,
    url: ZD + '5120',
    mutate(doc) {
      setText(zStatus(doc), 'Solved');
      deep(doc, 'article[data-comment-id="1200005"]').remove();
    },
    expect: { read: { conversationId: '5120', resolution: 'automated_resolution', state: 'solved', authors: SM_AUTHORS.slice(0, 4), messageCount: 4 } },
  },
  {
    name: 'human wrote an internal note instead of a reply, Solved',
    base: SM,
    url: ZD + '5120',
    mutate(doc) {
      setText(zStatus(doc), 'Solved');
      const art = deep(doc, 'article[data-comment-id="1200005"]');
      art.querySelector('.sc-item-meta')!.append(el(doc, '<span class="sc-badge sc-badge--note">Internal note</span>'));
    },
    expect: { read: { conversationId: '5120', resolution: 'automated_resolution', state: 'solved', authors: ['ai_agent', 'customer', 'ai_agent', 'customer', 'note'] } },
  },
  {
    name: 'Pending after handover',
    base: SM,
    url: ZD + '5120',
    mutate: (doc) => setText(zStatus(doc), 'Pending'),
    expect: { read: { conversationId: '5120', resolution: 'none', state: 'pending', authors: SM_AUTHORS } },
  },

  // ---- email-notes.html
  {
    name: 'email ticket Closed: customer, Zendesk Bot, internal note; requester as readonly input in a table',
    base: EN,
    url: ZD + '5233',
    expect: { read: { conversationId: '5233', resolution: 'automated_resolution', state: 'closed', authors: EN_AUTHORS, messageCount: 3 } },
  },
  {
    name: 'email ticket: agent also replied publicly',
    base: EN,
    url: ZD + '5233',
    mutate(doc) {
      zLog(activePane(doc)).append(zArticle(doc, 1300004, 'Omar Haddad', 'Hi Greta, attaching the PDF here as well.'));
    },
    expect: { read: { conversationId: '5233', resolution: 'handled_by_teammate', state: 'closed', authors: [...EN_AUTHORS, 'teammate'], messageCount: 4 } },
  },
  {
    name: 'email ticket: switched to the 5101 tab (Pending, Zendesk Bot answered)',
    base: EN,
    url: ZD + '5101',
    mutate(doc) {
      const tabs = deepAll(doc, '[data-test-id="header-tab"]');
      for (const t of tabs) t.setAttribute('aria-selected', String(t.getAttribute('data-entity-id') === '5101'));
      const [p5101, p5233] = deepAll(doc, '.ticket-panes-grid-layout');
      p5101!.setAttribute('data-is-active', 'true');
      p5101!.removeAttribute('style');
      p5101!.removeAttribute('aria-hidden');
      p5233!.setAttribute('data-is-active', 'false');
      p5233!.setAttribute('aria-hidden', 'true');
      p5233!.style.display = 'none';
    },
    expect: { read: { conversationId: '5101', resolution: 'none', state: 'pending', authors: ['customer', 'ai_agent'], messageCount: 2 } },
  },
];

// =============================================================================================
// Salesforce
// =============================================================================================

const SF = 'https://acme-support.lightning.force.com/lightning/r/';
const MS = 'salesforce/messaging-session.html';
const CR = 'salesforce/case-record.html';
const CT = 'salesforce/console-tabs.html';
const MS_ID = '0Mw8d000000XyZaCAK';
const MS_ID15 = '0Mw8d000000XyZa';
const MS_STALE = '0Mw8d000000QrStCAA';
const CASE_ID = '5008d00000AbCdEAAV';
const CASE_ID15 = '5008d00000AbCdE';
const CT_MS = '0Mw8d000000LmNoCAE';
const CT_CASE = '5008d00000FgHiJAA3';

const MS_AUTHORS: Author[] = ['customer', 'ai_agent', 'customer', 'ai_agent', 'teammate'];
const CR_AUTHORS: Author[] = ['customer', 'teammate', 'customer', 'teammate'];
const CT_AUTHORS: Author[] = ['ai_agent', 'customer', 'ai_agent', 'customer'];

const msPages = (doc: Document) => deepAll(doc, '.oneCenterStage > .oneContent');
const livePage = (doc: Document) => msPages(doc)[1]!;
const msStatusValue = (root: Document | Element) =>
  deep(root, '[data-target-selection-name="sfdc:RecordField.MessagingSession.Status"] lightning-formatted-text');

function outbound(doc: Document, who: string, text: string, time: string): HTMLElement {
  return el(
    doc,
    `<li class="slds-chat-listitem slds-chat-listitem_outbound"><div class="slds-chat-message"><div class="slds-chat-message__body">
       <div class="slds-chat-message__text slds-chat-message__text_outbound"><span>${text}</span></div>
       <div class="slds-chat-message__meta" aria-label="said ${who} at ${time}">${who} • ${time}</div></div></div></li>`,
  );
}

function removeAgentforceMessages(root: Document | Element): void {
  for (const meta of deepAll(root, '.slds-chat-message__meta')) {
    if (meta.textContent?.trim().startsWith('Agentforce')) meta.closest('li')!.remove();
  }
}

export const salesforceCases: Case[] = [
  {
    name: 'MessagingSession 18-char id, Ended, Agentforce then human; stale record page hidden before it',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', state: 'closed', authors: MS_AUTHORS, messageCount: 5 } },
  },
  {
    name: 'MessagingSession 15-char id in URL',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID15}/view`,
    expect: { read: { conversationId: `MessagingSession/${MS_ID15}`, resolution: 'conversation_window', state: 'closed', messageCount: 5 } },
  },
  {
    name: 'console URL with ?ws= workspace parameter naming a Case',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view?ws=%2Flightning%2Fr%2FCase%2F${CASE_ID}%2Fview`,
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', state: 'closed' } },
  },
  {
    name: 'Status value Closed',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate: (doc) => setText(msStatusValue(livePage(doc)), 'Closed'),
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', state: 'closed' } },
  },
  {
    name: 'Status Active (session still running)',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate: (doc) => setText(msStatusValue(livePage(doc)), 'Active'),
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', authors: MS_AUTHORS } },
  },
  {
    name: 'no Agentforce message; bookend/event still name Agentforce',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate: (doc) => removeAgentforceMessages(livePage(doc)),
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'none', state: 'closed', authors: ['customer', 'customer', 'teammate'], messageCount: 3 } },
  },
  {
    name: 'exactly one Agentforce message',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate(doc) {
      const af = deepAll(livePage(doc), '.slds-chat-message__meta').filter((m) => m.textContent?.startsWith('Agentforce'));
      af[1]!.closest('li')!.remove();
    },
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', authors: ['customer', 'ai_agent', 'customer', 'teammate'], messageCount: 4 } },
  },
  {
    name: 'navigated back: earlier page shown again, later page hidden',
    base: MS,
    url: `${SF}MessagingSession/${MS_STALE}/view`,
    mutate(doc) {
      const [old, cur] = msPages(doc);
      old!.removeAttribute('style');
      old!.removeAttribute('aria-hidden');
      old!.classList.add('active');
      cur!.setAttribute('style', 'display: none;');
      cur!.classList.remove('active');
    },
    expect: { read: { conversationId: `MessagingSession/${MS_STALE}`, resolution: 'none', authors: ['customer', 'teammate'], messageCount: 2 } },
  },
  {
    name: 'Agentforce wrote only on the hidden earlier page, not on the live one',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate(doc) {
      const [old, cur] = msPages(doc);
      removeAgentforceMessages(cur!);
      deepAll(old!, 'ul.slds-chat-list')[0]!.append(outbound(doc, 'Agentforce', 'Anything else I can help with?', '9:42 AM'));
    },
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'none', state: 'closed', authors: ['customer', 'customer', 'teammate'], messageCount: 3 } },
  },
  {
    name: 'earlier page hidden with the hidden attribute instead of inline style',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate(doc) {
      const old = msPages(doc)[0]!;
      old.removeAttribute('style');
      old.removeAttribute('aria-hidden');
      old.setAttribute('hidden', '');
    },
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', state: 'closed', authors: MS_AUTHORS } },
  },
  {
    name: 'transcript component not rendered yet (spinner)',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate(doc) {
      // (happy-dom's selector parser rejects '_' in a type selector, so match the tag name by hand)
      const body = deepAll(livePage(doc), '*').find((e) => e.localName === 'runtime_service_omnichannel-conversation-body')!;
      body.shadowRoot!.replaceChildren(el(doc, '<lightning-spinner alternative-text="Loading" size="small"><div role="status" class="slds-spinner"><span class="slds-assistive-text">Loading</span></div></lightning-spinner>'));
    },
    expect: { unreadable: true },
  },
  {
    name: 'Status field not rendered yet, transcript present',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate(doc) {
      deep(livePage(doc), '[data-target-selection-name="sfdc:RecordField.MessagingSession.Status"]').remove();
    },
    expect: { readOrUnreadable: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', authors: MS_AUTHORS } },
  },
  {
    name: 'lazy transcript: list items appended in three steps',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate(doc) {
      const list = deepAll(livePage(doc), 'ul.slds-chat-list')[0]!;
      const items = [...list.children];
      list.replaceChildren();
      list.append(...items.slice(0, 2));
      list.append(...items.slice(2, 5));
      list.append(...items.slice(5));
    },
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', state: 'closed', authors: MS_AUTHORS, messageCount: 5 } },
  },
  {
    name: 'Status field marked by records-record-layout-item[field-label] only',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate(doc) {
      const item = deep(livePage(doc), '[data-target-selection-name="sfdc:RecordField.MessagingSession.Status"]');
      const wrapper = doc.createElement('records-record-layout-item');
      wrapper.setAttribute('field-label', 'Status');
      wrapper.className = 'slds-form__item';
      item.replaceWith(wrapper);
      wrapper.append(...item.childNodes);
    },
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', state: 'closed' } },
  },
  {
    name: 'error toast about another session placed before the record pages',
    base: MS,
    url: `${SF}MessagingSession/${MS_ID}/view`,
    mutate(doc) {
      deep(doc, '.viewport').before(
        el(doc, '<div class="forceToastMessage slds-notify slds-notify_toast" role="alert"><span>MS-0000004799: Status changed to Active. Agentforce • 10:09 AM</span></div>'),
      );
    },
    expect: { read: { conversationId: `MessagingSession/${MS_ID}`, resolution: 'conversation_window', state: 'closed', authors: MS_AUTHORS } },
  },

  // ---- case-record.html
  {
    name: 'Case, Status Closed in dl inside shadow item, human-only chat, status path lists all stages',
    base: CR,
    url: `${SF}Case/${CASE_ID}/view`,
    expect: { read: { conversationId: `Case/${CASE_ID}`, resolution: 'none', state: 'closed', authors: CR_AUTHORS, messageCount: 4 } },
  },
  {
    name: 'Case 15-char id',
    base: CR,
    url: `${SF}Case/${CASE_ID15}/view`,
    expect: { read: { conversationId: `Case/${CASE_ID15}`, resolution: 'none', state: 'closed' } },
  },
  {
    name: 'Case chat where Agentforce answered first',
    base: CR,
    url: `${SF}Case/${CASE_ID}/view`,
    mutate(doc) {
      const firstInbound = deepAll(doc, 'li.slds-chat-listitem_inbound')[0]!;
      firstInbound.after(outbound(doc, 'Agentforce', 'Sorry about that! I can arrange an exchange. A colleague will confirm.', '3:12 PM'));
    },
    expect: { read: { conversationId: `Case/${CASE_ID}`, resolution: 'conversation_window', state: 'closed', authors: ['customer', 'ai_agent', 'teammate', 'customer', 'teammate'], messageCount: 5 } },
  },
  {
    name: 'Case Status Working',
    base: CR,
    url: `${SF}Case/${CASE_ID}/view`,
    mutate(doc) {
      const item = deep(doc, 'records-record-layout-item[field-label="Status"]');
      setText(item.shadowRoot!.querySelector('lightning-formatted-text')!, 'Working');
    },
    expect: { read: { conversationId: `Case/${CASE_ID}`, resolution: 'none', authors: CR_AUTHORS } },
  },
  {
    name: 'Case Status in inline-edit mode: combobox <button> shows the value',
    base: CR,
    url: `${SF}Case/${CASE_ID}/view`,
    mutate(doc) {
      const item = deep(doc, 'records-record-layout-item[field-label="Status"]');
      item.shadowRoot!.querySelector('dd')!.replaceChildren(
        el(
          doc,
          `<lightning-combobox class="slds-form-element"><div class="slds-combobox_container"><div class="slds-combobox slds-dropdown-trigger">
             <button type="button" role="combobox" class="slds-combobox__input" aria-label="Status" aria-expanded="false" data-value="Closed"><span class="slds-truncate">Closed</span></button>
           </div></div></lightning-combobox>`,
        ),
      );
    },
    expect: { read: { conversationId: `Case/${CASE_ID}`, resolution: 'none', state: 'closed' } },
  },
  {
    name: 'Case Status shown as a readonly input',
    base: CR,
    url: `${SF}Case/${CASE_ID}/view`,
    mutate(doc) {
      const item = deep(doc, 'records-record-layout-item[field-label="Status"]');
      item.shadowRoot!.querySelector('dd')!.replaceChildren(el(doc, '<input type="text" class="slds-input" readonly value="Closed" aria-label="Status">'));
    },
    expect: { read: { conversationId: `Case/${CASE_ID}`, resolution: 'none', state: 'closed' } },
  },

  // ---- console-tabs.html
  {
    name: 'console: MessagingSession tab active, Case tab wrapper hidden before it; Agentforce greets first',
    base: CT,
    url: `${SF}MessagingSession/${CT_MS}/view`,
    expect: { read: { conversationId: `MessagingSession/${CT_MS}`, resolution: 'conversation_window', authors: CT_AUTHORS, messageCount: 4 } },
  },
  {
    name: 'console: switched to the Case workspace tab',
    base: CT,
    url: `${SF}Case/${CT_CASE}/view`,
    mutate(doc) {
      const [caseTab, msTab] = deepAll(doc, '.oneWorkspaceTabWrapper');
      caseTab!.removeAttribute('hidden');
      caseTab!.classList.add('active');
      msTab!.setAttribute('hidden', '');
      msTab!.classList.remove('active');
    },
    expect: { read: { conversationId: `Case/${CT_CASE}`, resolution: 'conversation_window', authors: ['customer', 'ai_agent', 'customer'], messageCount: 3 } },
  },
  {
    name: 'console: both workspace tabs hidden during the switch',
    base: CT,
    url: `${SF}MessagingSession/${CT_MS}/view`,
    mutate(doc) {
      for (const w of deepAll(doc, '.oneWorkspaceTabWrapper')) w.setAttribute('hidden', '');
    },
    expect: { unreadable: true },
  },
  {
    name: 'console: URL already names the Case but the MessagingSession tab is still the visible one',
    base: CT,
    url: `${SF}Case/${CT_CASE}/view`,
    expect: { unreadable: true },
  },
  {
    name: 'console: Status Ended with the help tooltip open between label and value',
    base: CT,
    url: `${SF}MessagingSession/${CT_MS}/view`,
    mutate(doc) {
      const item = deepAll(doc, '[data-target-selection-name="sfdc:RecordField.MessagingSession.Status"]')[0]!;
      setText(item.shadowRoot!.querySelector('lightning-formatted-text')!, 'Ended');
      const tip = item.shadowRoot!.querySelector('lightning-helptext')!.shadowRoot!.querySelector<HTMLElement>('[role="tooltip"]')!;
      tip.removeAttribute('style');
      tip.classList.remove('slds-fall-into-ground');
      tip.classList.add('slds-rise-from-ground');
      setText(tip.querySelector('.slds-popover__body')!, 'Active means an agent is connected');
    },
    expect: { read: { conversationId: `MessagingSession/${CT_MS}`, resolution: 'conversation_window', state: 'closed', authors: CT_AUTHORS } },
  },
  {
    name: 'console: Agentforce only greeted, then a human took over',
    base: CT,
    url: `${SF}MessagingSession/${CT_MS}/view`,
    mutate(doc) {
      const msWrap = deepAll(doc, '.oneWorkspaceTabWrapper')[1]!;
      const metas = deepAll(msWrap, '.slds-chat-message__meta');
      metas[2]!.closest('li')!.replaceWith(outbound(doc, 'Nadia Brooks', 'Hi Mia, Nadia here — I can cancel it for you.', '11:31 AM'));
    },
    expect: { read: { conversationId: `MessagingSession/${CT_MS}`, resolution: 'conversation_window', authors: ['ai_agent', 'customer', 'teammate', 'customer'], messageCount: 4 } },
  },
];

export const cases: Record<Vendor, Case[]> = {
  intercom: intercomCases,
  zendesk: zendeskCases,
  salesforce: salesforceCases,
};
