import { beforeEach, describe, expect, it } from 'vitest';
import { pageOutline } from '../../utils/adapters/page-outline';
import { attachDeclarativeShadowRoots } from './fixtures';

const URL_WITH_SECRETS = new URL(
  'https://app.helpdesk.example/a/inbox/8812/conversation/215467891234567?token=abc&email=maya.lopez%40example.com#part-maya',
);
const NOW = new Date('2026-11-22T12:00:00.000Z');
const bytes = (s: string) => new TextEncoder().encode(s).length;
const body = (outline: string) => outline.split('\n').slice(1).join('\n');

/** One conversation's worth of customer data, as text, attributes, form values and links. */
const CUSTOMER_BITS = `
  <div class="message message--customer maya.lopez@example.com" data-intercom-target="conversation-stream-content-part"
       data-email="maya.lopez@example.com" data-customer="Maya" data-author-name="Maya Lopez" data-phone="+1 (555) 010-2233"
       data-card="4111111111111111" data-note="a very long free text note that is surely longer than forty characters"
       data-testid="admin-avatar-name" data-is-active="true" aria-label="Message from Maya Lopez (maya.lopez@example.com)"
       role="listitem" title="Ines Duarte">
    <span class="message-author">Maya Lopez</span>
    <a class="mail" href="mailto:maya.lopez@example.com">maya.lopez@example.com</a>
    <a class="phone" href="tel:+15550102233">+1 (555) 010-2233</a>
    <a class="link" href="/a/inbox/8812/conversation/215467891234567?token=abc&amp;email=maya.lopez%40example.com#part-maya">open</a>
    <a class="jump" href="#maya-lopez-note">jump</a>
    <p class="message-body">My card 4111 1111 1111 1111 was charged twice, call me on +1 (555) 010-2233. Ines Duarte agreed.</p>
    <img alt="Photo of Maya Lopez" src="/avatars/maya-lopez-215467.png">
    <input type="text" name="answer" value="secret answer" placeholder="Your mother's maiden name, Maya?">
    <textarea class="composer">Dear Maya Lopez, your refund of 4111111111111111 is on its way</textarea>
    <div class="editor" contenteditable="true">Draft to ines.duarte@example.com about card 4111111111111111</div>
    <!-- comment mentioning Maya Lopez -->
  </div>`;

const FORBIDDEN = [
  'maya',
  'lopez',
  'duarte',
  'example.com',
  '@',
  '%40',
  '4111',
  '555',
  '2233',
  '215467891234567',
  'secret',
  'answer',
  'token',
  'charged',
  'refund',
  'draft',
  'mother',
  'comment mentioning',
  'part-maya',
  'photo of',
];

function expectNoCustomerData(outline: string) {
  const lower = outline.toLowerCase();
  for (const word of FORBIDDEN) expect(lower, `outline contains ${word}`).not.toContain(word);
  expect(outline).not.toMatch(/\bInes\b/i);
  // The header's date and the "×N more" counts are ours; tag names (h1) aside, not even two digits in a row
  // survive anywhere else.
  const rest = body(outline).replace(/… ×\d+ more like this/g, '');
  expect(rest).not.toMatch(/\d{4,}/);
  expect(rest).not.toMatch(/\d{2,}/);
}

function buildPage() {
  document.body.innerHTML = `
    <div id="app-215467" class="inbox-shell">
      <nav class="conversation-list" role="list" aria-label="Conversations with Maya Lopez and Ines Duarte">
        <a class="conversation-row" role="listitem" data-conversation-id="215467891234567"
           href="https://app.helpdesk.example/a/inbox/8812/conversation/215467891234567?token=abc&amp;email=maya.lopez%40example.com#part-maya">Maya Lopez</a>
        <a class="conversation-row is-hidden" role="listitem" hidden href="/a/inbox/8812/conversation/99881">Ines Duarte</a>
      </nav>
      <h1 class="title">Conversation with Maya Lopez</h1>
      <section class="light-stream" data-intercom-target="conversation-stream">${CUSTOMER_BITS}</section>
      <script>window.customer = "maya.lopez@example.com"</script>
      <style>.maya-lopez { color: red }</style>
      <noscript><p class="noscript-maya">Maya Lopez</p></noscript>
      <template id="row-template"><div class="template-row" data-email="maya.lopez@example.com">Maya</div></template>
      <svg class="icon" viewBox="0 0 10 10"><path class="svg-path" d="M0 0L4111 4111"></path><title>Maya</title></svg>
      <sierra-app class="vendor-app">
        <template shadowrootmode="open">
          <div class="transcript" role="log" data-intercom-target="conversation-stream-content-part">
            ${CUSTOMER_BITS}
            <msg-bubble class="bubble" data-turn="customer">
              <template shadowrootmode="open">
                <div class="bubble-inner" role="article">${CUSTOMER_BITS}</div>
              </template>
            </msg-bubble>
          </div>
        </template>
      </sierra-app>
      <div class="earlier-page" aria-hidden="true"><div class="old-thread" data-email="ines.duarte@example.com">Ines Duarte</div></div>
    </div>`;
  attachDeclarativeShadowRoots(document.body);
  const closedHost = document.createElement('closed-widget');
  closedHost.attachShadow({ mode: 'closed' }).innerHTML = '<div class="closed-inside">Maya Lopez</div>';
  document.getElementById('app-215467')!.append(closedHost);
}

describe('page outline: structure without the customer', () => {
  beforeEach(buildPage);

  it('holds no names, emails, card or phone numbers, texts, values, queries or fragments (light DOM and shadow roots)', () => {
    const outline = pageOutline(document, { url: URL_WITH_SECRETS, now: NOW });
    expectNoCustomerData(outline);
    // The same region outlined on its own, from an element.
    expectNoCustomerData(pageOutline(document.querySelector('.light-stream')!, { url: URL_WITH_SECRETS, now: NOW }));
  });

  it('shows the structure a profile or adapter fixer needs', () => {
    const outline = pageOutline(document, { url: URL_WITH_SECRETS, now: NOW });
    expect(outline).toContain('data-intercom-target="conversation-stream-content-part"');
    expect(outline).toContain('data-intercom-target="conversation-stream"');
    expect(outline).toContain('div#app-#.inbox-shell');
    expect(outline).toContain('div.message.message--customer ');
    expect(outline).toContain('span.message-author');
    expect(outline).toContain('p.message-body');
    expect(outline).toContain('role="listitem"');
    expect(outline).toContain('role="log"');
    expect(outline).toContain('role="article"');
    expect(outline).toContain('data-testid="admin-avatar-name"');
    expect(outline).toContain('data-is-active="true"');
    expect(outline).toContain('data-conversation-id="#"');
    expect(outline).toContain('data-turn="customer"');
    expect(outline).toContain('input type="text" value="…" placeholder="…"');
    expect(outline).toContain('textarea.composer');
    expect(outline).toContain('div.editor contenteditable="true"');
  });

  it('writes free-text attribute values as "…" and keeps their names', () => {
    const outline = pageOutline(document, { url: URL_WITH_SECRETS, now: NOW });
    for (const attr of ['aria-label', 'title', 'alt', 'value', 'placeholder', 'data-email', 'data-author-name', 'data-phone', 'data-note', 'data-customer']) {
      expect(outline).toContain(`${attr}="…"`);
    }
    // Digits masked, not hidden: a card number in an identifier-like data value is one "#".
    expect(outline).toContain('data-card="#"');
  });

  it('reduces links to their path with digit runs masked; other schemes by name', () => {
    const outline = pageOutline(document, { url: URL_WITH_SECRETS, now: NOW });
    expect(outline).toContain('href="/a/inbox/#/conversation/#"');
    expect(outline).toContain('href="mailto:…"');
    expect(outline).toContain('href="tel:…"');
    expect(outline).toContain('href="#…"');
    expect(outline).not.toContain('helpdesk.example/a');
  });

  it('shows open shadow roots two levels deep, never closed ones', () => {
    const lines = pageOutline(document, { url: URL_WITH_SECRETS, now: NOW }).split('\n');
    const app = lines.findIndex((l) => l.trim().startsWith('sierra-app.vendor-app'));
    expect(app).toBeGreaterThan(0);
    const indent = (l: string) => l.length - l.trimStart().length;
    expect(lines[app + 1].trim()).toBe('#shadow-root (open)');
    expect(indent(lines[app + 1])).toBe(indent(lines[app]) + 2);
    expect(lines[app + 2].trim()).toMatch(/^div\.transcript role="log"/);
    expect(indent(lines[app + 2])).toBe(indent(lines[app]) + 4);
    const bubble = lines.findIndex((l) => l.trim().startsWith('msg-bubble.bubble'));
    expect(lines[bubble + 1].trim()).toBe('#shadow-root (open)');
    expect(lines[bubble + 2].trim()).toBe('div.bubble-inner role="article"');
    expect(lines.filter((l) => l.trim() === '#shadow-root (open)')).toHaveLength(2);
    expect(lines.some((l) => l.trim() === 'closed-widget')).toBe(true);
    expect(lines.join('\n')).not.toContain('closed-inside');
  });

  it('skips template content, scripts, styles, noscript and svg internals', () => {
    const outline = pageOutline(document, { url: URL_WITH_SECRETS, now: NOW });
    expect(outline).toContain('template#row-template');
    expect(outline).not.toContain('template-row');
    expect(outline).not.toMatch(/^\s*(script|style|noscript)\b/m);
    expect(outline).not.toContain('noscript-maya');
    expect(outline).toContain('svg.icon');
    expect(outline).not.toContain('svg-path');
  });

  it('outlines hidden elements and marks them', () => {
    const outline = pageOutline(document, { url: URL_WITH_SECRETS, now: NOW });
    expect(outline).toMatch(/a\.conversation-row\.is-hidden role="listitem" href="\/a\/inbox\/#\/conversation\/#" \[hidden\]/);
    expect(outline).toMatch(/div\.earlier-page aria-hidden="true" \[hidden\]\n\s+div\.old-thread data-email="…"/);
  });

  it('starts with a header: host, masked path, date; no query or fragment', () => {
    const [header] = pageOutline(document, { url: URL_WITH_SECRETS, now: NOW }).split('\n');
    expect(header).toBe('Recount page outline · app.helpdesk.example · /a/inbox/#/conversation/# · 2026-11-22T12:00:00.000Z');
    const nameInPath = pageOutline(document, { url: new URL('https://h.example/users/maya.lopez@example.com/Maya/tickets/12'), now: NOW });
    expect(nameInPath.split('\n')[0]).toBe('Recount page outline · h.example · /users/…/…/tickets/# · 2026-11-22T12:00:00.000Z');
  });

  it('emits no text nodes at all', () => {
    document.body.innerHTML = '<main class="m">hello <b>world</b> 123</main>';
    expect(body(pageOutline(document.querySelector('main')!, { now: NOW }))).toBe('main.m\n  b');
  });
});

describe('page outline: size and depth limits', () => {
  it('collapses a 5,000-row list into two rows and a count, well under 50 KB', () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `<li class="row row-${i}" id="row-${i}" data-conversation-id="${100000 + i}" aria-label="Maya Lopez ${i}"><span class="name">Maya Lopez</span><span class="email">maya${i}@example.com</span></li>`,
    ).join('');
    document.body.innerHTML = `<ul class="list" role="list">${rows}</ul><footer class="foot"></footer>`;
    const started = performance.now();
    const outline = pageOutline(document, { url: URL_WITH_SECRETS, now: NOW });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(bytes(outline)).toBeLessThanOrEqual(50_000);
    expect(outline).toContain('… ×4998 more like this');
    expect(outline.match(/li#row-#\.row\.row-#/g)).toHaveLength(2);
    expect(outline).toContain('footer.foot');
    expectNoCustomerData(outline);
  });

  it('collapses runs of four or more, not three', () => {
    document.body.innerHTML = `<div class="a">${'<p class="x"></p>'.repeat(3)}</div><div class="b">${'<p class="y"></p>'.repeat(4)}</div>`;
    const outline = pageOutline(document.body, { now: NOW });
    expect(outline.match(/p\.x/g)).toHaveLength(3);
    expect(outline.match(/p\.y/g)).toHaveLength(2);
    expect(outline).toContain('    … ×2 more like this');
  });

  it('cuts at 50 KB with a final line when even the collapsed outline is too big', () => {
    // Every row a different shape (class names from letters): nothing to collapse.
    const name = (i: number) => i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]);
    const rows = Array.from({ length: 5000 }, (_, i) => `<div class="row-${name(i)} cell"><span class="inner"></span></div>`).join('');
    document.body.innerHTML = `<main class="grid">${rows}</main>`;
    const outline = pageOutline(document, { now: NOW });
    expect(bytes(outline)).toBeLessThanOrEqual(50_000);
    expect(bytes(outline)).toBeGreaterThan(45_000);
    expect(outline.split('\n').at(-1)).toBe('… outline cut at 50 KB');
    const small = pageOutline(document, { now: NOW, maxBytes: 2000 });
    expect(bytes(small)).toBeLessThanOrEqual(2000);
    expect(small.split('\n').at(-1)).toBe('… outline cut at 2 KB');
  });

  it('stops at the depth limit with one "…" line', () => {
    document.body.innerHTML = `${'<div class="level">'.repeat(60)}<span class="deepest"></span>${'</div>'.repeat(60)}`;
    const outline = pageOutline(document, { now: NOW });
    expect(outline).not.toContain('span.deepest');
    const dots = outline.split('\n').filter((l) => l.trim() === '…');
    expect(dots).toHaveLength(1);
    // html is depth 0, body 1, so the 39th div is the last element shown at depth 40.
    expect(outline.match(/div\.level/g)).toHaveLength(39);
    expect(dots[0]).toBe(`${'  '.repeat(41)}…`);

    const shallow = pageOutline(document.body, { now: NOW, maxDepth: 3 });
    expect(shallow.split('\n').slice(1)).toEqual(['body', '  div.level', '    div.level', '      div.level', '        …']);
  });
});
