// A small single-page inbox with the Intercom markers Recount's adapter reads (shared/vendors.md):
// pushState navigation, conversations that render late inside a shadow root, a details sidebar.
// Every string goes in with textContent, like a careful real app.
(() => {
  const APP_ID = 'demo';
  const BASE = `/a/inbox/${APP_ID}/inbox/shared/all`;
  const conversations = window.DEMO_CONVERSATIONS;
  const startedAt = Date.now();
  const params = new URLSearchParams(location.search);
  // ?delay=ms sets how late a conversation renders after navigation (the old one stays on screen meanwhile).
  const renderDelay = Number(params.get('delay') ?? 250);

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    node.append(...children.filter(Boolean));
    return node;
  };

  const host = document.getElementById('teammate-app-react');
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.append(el('link', { rel: 'stylesheet', href: '/__demo__/styles.css' }));
  const page = el('div', { class: 'shadow-layout' });
  shadow.append(page);

  const list = document.getElementById('list');
  for (const conv of conversations) {
    const link = el('a', { href: `${BASE}/conversation/${conv.id}`, 'data-id': conv.id },
      el('strong', { text: conv.customer }),
      el('span', { class: 'preview', text: conv.parts[0].text }),
      el('span', { class: 'meta', text: `${conv.state} · ${conv.fin ?? 'No Fin'}` }));
    link.addEventListener('click', (e) => {
      e.preventDefault();
      history.pushState({}, '', link.getAttribute('href'));
      route();
    });
    list.append(el('li', {}, link));
  }

  const timeOf = (conv, minutes) => new Date(startedAt - conv.ago + minutes * 60e3);

  function part(conv, p) {
    const cls = { user: 'inbox2__user-email-part', fin: 'inbox2__admin-email-part', admin: 'inbox2__admin-email-part', note: 'inbox2__note-part' }[p.author];
    const at = timeOf(conv, p.m);
    const author = p.author === 'user'
      ? el('span', { 'data-testid': 'user-avatar-name', text: conv.customer })
      : el('span', { 'data-testid': 'admin-avatar-name', text: p.author === 'fin' ? 'Fin' : p.name });
    return el('div', { 'data-intercom-target': 'conversation-stream-content-part', class: `part ${cls}` },
      el('div', { class: 'part-head' }, author, el('time', { datetime: at.toISOString(), text: at.toLocaleString() })),
      el('div', { class: 'intercom-interblocks-html' }, el('p', { text: p.text })));
  }

  function renderConversation(conv) {
    const stateLabel = el('span', { class: `state state--${conv.state.toLowerCase()}`, text: conv.state });
    const toggle = el('button', { type: 'button', text: conv.state === 'Closed' ? 'Reopen' : 'Close' });
    const rows = [['Channel', 'Messenger'], ['Fin AI Agent resolution state', conv.fin], ['Customer', conv.customer]];
    // For the overlay-latency benchmark: when this conversation reached the page.
    window.__renderedAt = performance.now();
    page.replaceChildren(
      el('div', { class: 'inbox2__conversation-page', 'data-intercom-target': 'conversation-space' },
        el('div', { 'data-intercom-target': 'inbox-header', class: 'header' },
          el('h2', { text: conv.customer }), stateLabel, toggle),
        el('div', { class: 'stream' }, ...conv.parts.map((p) => part(conv, p))),
        // Like the vendor's: the reply box with its Send button at the bottom right.
        el('div', { class: 'composer-row' },
          el('div', { class: 'ProseMirror composer', contenteditable: 'true', 'aria-label': 'Reply' }),
          el('button', { type: 'button', class: 'send', text: 'Send' }))),
      el('aside', { class: 'inbox2__conversation-details-sidebar' },
        el('h3', { text: 'Conversation attributes' }),
        ...rows.filter(([, v]) => v).map(([label, value]) =>
          el('div', { class: 'attribute-row' }, el('span', { class: 'label', text: label }), el('span', { class: 'value', text: value })))));
  }

  let pending;
  function route() {
    const match = /\/conversation\/(\d+)/.exec(location.pathname);
    for (const a of list.querySelectorAll('a')) a.classList.toggle('active', a.dataset.id === match?.[1]);
    clearTimeout(pending);
    const conv = match && conversations.find((x) => x.id === match[1]);
    if (!conv) {
      page.replaceChildren(el('p', { class: 'empty', text: 'Select a conversation.' }));
      return;
    }
    // Like the real inbox, the new conversation renders a moment after the URL changes.
    pending = setTimeout(() => renderConversation(conv), renderDelay);
  }

  // A tiny keyboard shortcut like the vendor's: "r" focuses the reply box. Recount's keys must not trigger it.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'r' && !e.altKey && !e.ctrlKey && !e.metaKey && !(e.target instanceof HTMLElement && e.target.isContentEditable)) {
      window.__demoShortcutFired = (window.__demoShortcutFired ?? 0) + 1;
    }
  });
  window.addEventListener('popstate', route);
  if (!location.pathname.includes('/conversation/')) history.replaceState({}, '', `${BASE}/conversation/${conversations[0].id}`);
  route();
})();
