// A small Zendesk-like workspace: a view of tickets, tickets opening as tabs, only the active pane counts.
// The URL changes at once on a tab switch; the pane follows a moment later, as in the real workspace.
(() => {
  const H = 3600e3;
  const now = Date.now();
  const tickets = [
    { id: '1201', subject: 'Where is my parcel?', status: 'Solved', ago: 80 * H, log: [
      ['Dana Price', 'Where is my parcel? Order 7781, it was due Monday.', 0],
      ['AI agent', 'Order 7781 left our warehouse on Nov 19 and arrives by Nov 21. Tracking: ZX-99812.', 0.1]] },
    { id: '1202', subject: 'Change delivery address', status: 'Solved', ago: 30 * H, log: [
      ['Marco Bianchi', 'Can I change the delivery address for order 7790?', 0],
      ['AI agent', 'Yes — I have updated order 7790 to ship to your new address.', 0.1],
      ['Marco Bianchi', 'Perfect, thank you!', 2]] },
    { id: '1310', subject: '2FA codes rejected', status: 'Solved', ago: 50 * H, log: [
      ['Kofi Mensah', 'My 2FA codes are not accepted.', 0],
      ['AI agent', "Check that your phone's clock is set automatically.", 0.1],
      ['Kofi Mensah', 'It is. Still rejected, can a person help?', 3],
      ['Alex Kim', "I've reset your 2FA; please enrol again.", 12]] },
    { id: '1400', subject: 'Invoice copy', status: 'Open', ago: 2 * H, log: [
      ['Lena Vogel', 'Please send me a copy of invoice 2026-118.', 0]] },
  ];
  const params = new URLSearchParams(location.search);
  const paneDelay = Number(params.get('delay') ?? 200);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    node.append(...children);
    return node;
  };
  const open = []; // ticket ids open as tabs
  let active = null;

  const rows = document.getElementById('rows');
  for (const t of tickets) {
    const link = el('a', { href: `/agent/tickets/${t.id}` }, `#${t.id} ${t.subject}`);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      go(t.id);
    });
    rows.append(el('tr', { 'data-test-id': 'generic-table-row' }, el('td', {}, link), el('td', { text: t.status })));
  }

  function pane(t) {
    const articles = t.log.map(([sender, text, hours], i) => {
      const at = new Date(now - t.ago + hours * H);
      return el('article', { 'data-comment-id': `${t.id}${i}` },
        el('div', { class: 'sender-row' }, el('span', { 'data-test-id': 'omni-log-item-sender', text: sender }),
          el('time', { datetime: at.toISOString(), text: at.toLocaleString() })),
        el('div', { 'data-test-id': 'omni-log-item-message', text }));
    });
    return el('div', { class: 'ticket-panes-grid-layout', 'data-is-active': 'false', 'data-ticket': t.id },
      el('input', { 'data-test-id': 'omni-header-subject', value: t.subject }),
      el('div', { 'data-test-id': 'ticket-status-dropdown' }, el('span', { 'data-cy-test-id': 'status-badge-state', text: t.status })),
      el('div', { 'data-test-id': 'omni-log-container' }, ...articles));
  }

  function renderTabs() {
    const tabs = document.getElementById('tabs');
    tabs.replaceChildren(...open.map((id) => {
      const t = tickets.find((x) => x.id === id);
      const tab = el('div', { role: 'tab', 'data-test-id': 'header-tab', 'data-entity-id': id, 'aria-selected': String(id === active), tabindex: '0' }, `#${id} ${t.subject}`);
      tab.addEventListener('click', () => go(id));
      return tab;
    }));
  }

  let pending;
  function show(id) {
    const t = tickets.find((x) => x.id === id);
    if (!t) return;
    if (!open.includes(id)) {
      open.push(id);
      document.getElementById('panes').append(pane(t));
    }
    clearTimeout(pending);
    // URL first; the active tab and pane follow a moment later.
    pending = setTimeout(() => {
      active = id;
      renderTabs();
      for (const p of document.querySelectorAll('.ticket-panes-grid-layout')) p.dataset.isActive = String(p.dataset.ticket === id);
    }, paneDelay);
  }

  function go(id) {
    history.pushState({}, '', `/agent/tickets/${id}${location.search}`);
    show(id);
  }

  window.addEventListener('popstate', () => {
    const id = /\/tickets\/(\d+)/.exec(location.pathname)?.[1];
    if (id) show(id);
  });
  const initial = /\/tickets\/(\d+)/.exec(location.pathname)?.[1];
  if (initial) show(initial);
})();
