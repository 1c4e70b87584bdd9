import { beforeEach, describe, expect, it } from 'vitest';
import { collectRoots, queryAllRoots } from '../../utils/adapters/dom';
import { suggestProfileFromPage } from '../../utils/adapters/profile-from-outline';
import { validateProfile } from '../../utils/adapters/profile-validation';
import { PROFILE_FIELDS, readProfilePage, type VendorProfile } from '../../utils/adapters/profiles';
import { attachDeclarativeShadowRoots } from './fixtures';

const cssOk = (selector: string) => {
  try {
    document.querySelector(selector);
    return true;
  } catch {
    return false;
  }
};

const CUSTOMER_STRINGS = ['Maya', 'Lopez', 'Ines', 'Duarte', 'example.com', '4111', 'double charged', 'refund', 'thanks'];

/** Every field suggested, and the suggestion checked the way the dashboard's form would. */
function expectCompleteAndValid(fields: Partial<VendorProfile>): VendorProfile {
  for (const field of PROFILE_FIELDS) expect(fields, `suggests ${field}`).toHaveProperty(field);
  const result = validateProfile(fields, cssOk);
  expect(result).toMatchObject({ ok: true });
  const profile = fields as VendorProfile;
  const roots = collectRoots(document, profile.shadowHosts);
  for (const selector of [profile.messageSelector, profile.authorSelector, profile.textSelector, profile.resolvedSelector, ...profile.shadowHosts]) {
    if (!selector) continue;
    expect(cssOk(selector), `valid CSS: ${selector}`).toBe(true);
    expect(selector, 'no digits in selectors').not.toMatch(/\d/);
    expect(selector).not.toContain('nth-');
  }
  expect(queryAllRoots(roots, profile.messageSelector).length).toBeGreaterThanOrEqual(2);
  const messages = queryAllRoots(roots, profile.messageSelector);
  expect(messages.some((m) => m.querySelector(profile.authorSelector))).toBe(true);
  if (profile.textSelector) expect(messages.some((m) => m.querySelector(profile.textSelector))).toBe(true);
  if (profile.resolvedSelector) expect(queryAllRoots(roots, profile.resolvedSelector).length).toBeGreaterThan(0);
  return profile;
}

function expectNoCustomerText(fields: Partial<VendorProfile>, conversationId: string) {
  const json = JSON.stringify(fields);
  for (const s of [...CUSTOMER_STRINGS, conversationId]) expect(json, `profile copies ${s}`).not.toContain(s);
}

// ── a Sierra-like console: light DOM, a sidebar of other conversations, modifier classes per author ───────

const SIERRA_URL = new URL('https://console.sierra.example/conversations/c-1042?tab=transcript&email=maya.lopez%40example.com#m3');

function sierraPage() {
  document.body.innerHTML = `
    <aside class="sidebar">
      <nav class="filters"><a class="filter" href="/conversations?state=open">Open</a><a class="filter" href="/conversations?state=closed">Closed</a></nav>
      <ul class="chat-list">
        ${['Maya Lopez', 'Ines Duarte', 'Tom Baker', 'Ana Ruiz', 'Li Wei', 'Sam Cole']
          .map((n, i) => `<li class="chat-list-item" data-conversation-id="c-10${40 + i}"><span class="customer-name">${n}</span><span class="preview">Hello about order ${4000 + i}</span></li>`)
          .join('')}
      </ul>
    </aside>
    <main class="conversation-view">
      <header class="conversation-header"><h1>Maya Lopez · maya.lopez@example.com</h1><span class="status-pill" data-status="resolved">Resolved</span></header>
      <div class="transcript">
        <div class="chat-turn chat-turn--customer" data-author-kind="customer">
          <div class="chat-turn__meta"><span class="chat-turn__author">Maya Lopez</span><time datetime="2026-11-22T12:00:00Z">12:00</time></div>
          <div class="chat-turn__text"><p>I was double charged, card 4111 1111 1111 1111.</p><p>Please help.</p></div>
        </div>
        <div class="chat-turn chat-turn--ai" data-author-kind="ai">
          <div class="chat-turn__meta"><span class="chat-turn__author">Sierra Bot</span><time datetime="2026-11-22T12:00:04Z">12:00</time></div>
          <div class="chat-turn__text"><p>I see two charges. I have issued a refund.</p></div>
        </div>
        <div class="chat-turn chat-turn--customer" data-author-kind="customer">
          <div class="chat-turn__meta"><span class="chat-turn__author">Maya Lopez</span><time datetime="2026-11-22T12:01:00Z">12:01</time></div>
          <div class="chat-turn__text"><p>Great, thanks! Done</p></div>
        </div>
        <div class="chat-turn chat-turn--ai" data-author-kind="ai">
          <div class="chat-turn__meta"><span class="chat-turn__author">Sierra Bot</span><time datetime="2026-11-22T12:01:04Z">12:01</time></div>
          <div class="chat-turn__text"><p>Happy to help, Maya.</p></div>
        </div>
      </div>
    </main>`;
}

// ── a Decagon-like console: the transcript two open shadow roots down, a label for the resolution ───────

const DECAGON_URL = new URL('https://acme.decagon.example/conversation/8f3a2c1d-77e1');

function decagonPage() {
  const entry = (kind: string, author: string, text: string) => `
    <li class="entry entry--${kind}" data-testid="thread-entry">
      <div class="entry-meta"><span data-testid="sender-name">${author}</span></div>
      <div class="entry-body">${text}</div>
    </li>`;
  document.body.innerHTML = `
    <decagon-app>
      <template shadowrootmode="open">
        <header class="topbar"><span class="workspace">acme</span></header>
        <dc-transcript>
          <template shadowrootmode="open">
            <div class="state-row"><span class="pill">Resolved</span></div>
            <ol class="thread">
              ${entry('user', 'Ines Duarte', 'My parcel never arrived, call +1 555 010 2233')}
              ${entry('bot', 'Decagon AI', 'I am sorry! I have sent a replacement.')}
              ${entry('user', 'Ines Duarte', 'Perfect, thanks')}
              ${entry('human', 'Support Team', 'Closing this one.')}
            </ol>
          </template>
        </dc-transcript>
      </template>
    </decagon-app>`;
  attachDeclarativeShadowRoots(document.body);
}

describe('profile suggestion from a Sierra-like page (light DOM)', () => {
  beforeEach(sierraPage);

  it('suggests a complete, valid profile that reads the page', () => {
    const { fields, why } = suggestProfileFromPage(document, SIERRA_URL);
    expect(fields).toMatchObject({
      id: 'sierra',
      name: 'Sierra',
      hostPattern: 'https://console.sierra.example/*',
      conversationIdPattern: '/conversations/([A-Za-z0-9_-]+)',
      messageSelector: '.chat-turn',
      authorSelector: '.chat-turn__author',
      textSelector: '.chat-turn__text',
      resolvedSelector: '[data-status="resolved"]',
      resolvedText: 'Resolved',
      aiAuthorNames: ['Sierra Bot'],
      teammateAuthorNames: [],
      shadowHosts: [],
    });
    const profile = expectCompleteAndValid(fields);
    const read = readProfilePage(profile, document, SIERRA_URL);
    expect(read.status).toBe('conversation');
    if (read.status !== 'conversation') return;
    expect(read.conversation.key).toEqual({ vendor: 'custom', workspace: 'sierra', conversationId: 'c-1042' });
    expect(read.conversation.messages.map((m) => m.author)).toEqual(['customer', 'ai_agent', 'customer', 'ai_agent']);
    expect(read.conversation.messages[1].at).toBe(Date.parse('2026-11-22T12:00:04Z'));
    expect(read.conversation.claim).toMatchObject({ state: 'closed', resolution: 'resolved' });
    expect(why.messageSelector).toBe('4 elements .chat-turn repeat under .transcript');
    for (const field of PROFILE_FIELDS) expect(why[field], `why ${field}`).toBeTruthy();
    expectNoCustomerText(fields, 'c-1042');
  });

  it('does not take the sidebar list (more rows, customer names) for the transcript', () => {
    const { fields } = suggestProfileFromPage(document, SIERRA_URL);
    expect(fields.messageSelector).not.toContain('chat-list');
  });

  it('leaves the resolved marker out on an open conversation, and ignores a "Closed" filter link', () => {
    document.querySelector('.status-pill')!.remove();
    const { fields, why } = suggestProfileFromPage(document, SIERRA_URL);
    expect(fields.resolvedSelector).toBeUndefined();
    expect(fields.resolvedText).toBeUndefined();
    expect(why.resolvedSelector).toMatch(/open a resolved conversation/);
    // A customer's "Done" inside a message is no status either.
    expect(JSON.stringify(fields)).not.toContain('Done');
  });

  it('qualifies the message selector when the class is used elsewhere too', () => {
    document.querySelector('.sidebar')!.insertAdjacentHTML('beforeend', '<div class="chat-turn">Preview</div>');
    const { fields } = suggestProfileFromPage(document, SIERRA_URL);
    expect(fields.messageSelector).toBe('.transcript .chat-turn');
    const read = readProfilePage(expectCompleteAndValid(fields), document, SIERRA_URL);
    expect(read.status === 'conversation' && read.conversation.messages).toHaveLength(4);
  });
});

describe('profile suggestion from a Decagon-like page (two open shadow roots)', () => {
  beforeEach(decagonPage);

  it('suggests a complete, valid profile reaching through the shadow roots', () => {
    const { fields, why } = suggestProfileFromPage(document, DECAGON_URL);
    expect(fields).toMatchObject({
      id: 'decagon',
      name: 'Decagon',
      hostPattern: 'https://acme.decagon.example/*',
      conversationIdPattern: '/conversation/([A-Za-z0-9_-]+)',
      messageSelector: '[data-testid="thread-entry"]',
      authorSelector: '[data-testid="sender-name"]',
      textSelector: '.entry-body',
      resolvedSelector: '',
      resolvedText: 'Resolved',
      aiAuthorNames: ['Decagon AI'],
      shadowHosts: ['decagon-app', 'dc-transcript'],
    });
    expect(why.shadowHosts).toContain('decagon-app › dc-transcript');
    const profile = expectCompleteAndValid(fields);
    const read = readProfilePage(profile, document, DECAGON_URL);
    expect(read.status).toBe('conversation');
    if (read.status !== 'conversation') return;
    expect(read.conversation.key.conversationId).toBe('8f3a2c1d-77e1');
    expect(read.conversation.messages).toHaveLength(4);
    expect(read.conversation.messages.filter((m) => m.author === 'ai_agent')).toHaveLength(1);
    expect(read.conversation.claim).toMatchObject({ state: 'closed', resolution: 'resolved', resolutionLabel: 'Resolved' });
    expectNoCustomerText(fields, '8f3a2c1d');
    // "Support Team" is a person: not suggested as the AI, and teammates are the user's to name.
    expect(fields.teammateAuthorNames).toEqual([]);
  });
});

describe('profile suggestion: host and address', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it.each([
    ['https://console.sierra.example/conversations/c-1', 'sierra', 'Sierra'],
    ['https://acme.decagon.example/conversation/x1', 'decagon', 'Decagon'],
    ['https://support.my-vendor.co.uk/tickets/42', 'my-vendor', 'My Vendor'],
    ['https://ada.example/chats/42', 'ada', 'Ada'],
    ['https://x.io/chats/42', 'x-io', 'X Io'],
  ])('%s → id %s, name %s', (href, id, name) => {
    const { fields } = suggestProfileFromPage(document, new URL(href));
    expect(fields.id).toBe(id);
    expect(fields.name).toBe(name);
    // The id and host pattern pass the form's rules (the page is empty: the rest is filled in here).
    const rest = { resolvedSelector: '', resolvedText: 'R', messageSelector: 'a', authorSelector: 'b', textSelector: '', aiAuthorNames: ['A'] };
    expect(validateProfile({ ...rest, ...fields }, cssOk)).toMatchObject({ ok: true });
  });

  it.each([
    ['https://h.example/conversations/c-1042?tab=1#m3', '/conversations/([A-Za-z0-9_-]+)', 'c-1042'],
    ['https://h.example/a/inbox/abc123/inbox/shared/all/conversation/215467891234567', '/conversation/([A-Za-z0-9_-]+)', '215467891234567'],
    ['https://h.example/agent/tickets/98765/details', '/tickets/([A-Za-z0-9_-]+)', '98765'],
    ['https://h.example/app/sessions/sess_ab12', '/sessions/([A-Za-z0-9_-]+)', 'sess_ab12'],
    ['https://h.example/inbox?conversation_id=abc-42&x=1', '[?&]conversation_id=([A-Za-z0-9_-]+)', 'abc-42'],
    ['https://h.example/#/chat/77', '/chat/([A-Za-z0-9_-]+)', '77'],
    ['https://h.example/w/12/view/8812345', '/view/([A-Za-z0-9_-]+)', '8812345'],
    ['https://h.example/w/12/v7/8812345/more', '/v\\d+/([A-Za-z0-9_-]+)', '8812345'],
  ])('%s → %s capturing %s', (href, pattern, id) => {
    const url = new URL(href);
    const { fields } = suggestProfileFromPage(document, url);
    expect(fields.conversationIdPattern).toBe(pattern);
    expect(new RegExp(fields.conversationIdPattern!).exec(url.pathname + url.search + url.hash)?.[1]).toBe(id);
  });

  it('says so when the address holds no conversation id, and when the page holds no messages', () => {
    const { fields, why } = suggestProfileFromPage(document, new URL('https://h.example/reports/overview'));
    expect(fields.conversationIdPattern).toBeUndefined();
    expect(why.conversationIdPattern).toMatch(/no conversation id/);
    expect(fields.messageSelector).toBeUndefined();
    expect(why.messageSelector).toMatch(/no element repeats/);
  });
});

describe('profile suggestion on a long conversation', () => {
  it('handles 2,000 messages beside a 2,000-row list in reasonable time', () => {
    const turns = Array.from(
      { length: 2000 },
      (_, i) =>
        `<div class="chat-turn"><span class="chat-turn__author">${i % 2 ? 'Sierra Bot' : 'Maya Lopez'}</span><div class="chat-turn__text"><p class="para">Message ${i}</p><p class="para">More</p></div></div>`,
    ).join('');
    const rows = Array.from({ length: 2000 }, (_, i) => `<li class="row"><span class="customer-name">Customer ${i}</span></li>`).join('');
    document.body.innerHTML = `<ul class="rows">${rows}</ul><div class="transcript">${turns}</div><span data-status="resolved">Resolved</span>`;
    const started = performance.now();
    const { fields } = suggestProfileFromPage(document, SIERRA_URL);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(fields.messageSelector).toBe('.chat-turn');
    const read = readProfilePage(expectCompleteAndValid(fields), document, SIERRA_URL);
    expect(read.status === 'conversation' && read.conversation.messages).toHaveLength(2000);
  });
});
