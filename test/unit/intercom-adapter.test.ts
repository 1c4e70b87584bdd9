import { beforeEach, describe, expect, it } from 'vitest';
import {
  INTERCOM_SELECTORS,
  intercomConversationKey,
  parseConversationState,
  parseFinResolution,
  readIntercomPage,
} from '../../utils/adapters/intercom';
import { collectRoots, queryRoots } from '../../utils/adapters/dom';
import { loadFixture } from './fixtures';

const BASE = 'https://app.intercom.com/a/inbox/abc123/inbox';

function read(fixture: string, url = `${BASE}/shared/all/conversation/215467891234567`) {
  loadFixture(`intercom/${fixture}`);
  return readIntercomPage(document, new URL(url));
}

describe('Intercom conversation URLs', () => {
  it.each([
    [`${BASE}/conversation/215467891234567`, 'abc123', '215467891234567'],
    [`${BASE}/shared/all/conversation/215467891234567`, 'abc123', '215467891234567'],
    [`${BASE}/admin/7654321/conversation/42`, 'abc123', '42'],
    [`${BASE}/inbox/991/conversation/42?view=List`, 'abc123', '42'],
    [`${BASE}/shared/all/conversation/42#part_id=comment-42-9`, 'abc123', '42'],
    ['https://app.eu.intercom.com/a/inbox/euapp/inbox/conversation/77', 'euapp', '77'],
    ['https://app.au.intercom.com/a/inbox/auapp/inbox/shared/all/conversation/78/', 'auapp', '78'],
    ['https://app.intercom.com/a/apps/abc123/conversations/99', 'abc123', '99'],
  ])('%s → app %s, conversation %s', (url, workspace, conversationId) => {
    expect(intercomConversationKey(new URL(url))).toEqual({ vendor: 'intercom', workspace, conversationId });
  });

  it.each([
    `${BASE}/shared/all`,
    'https://app.intercom.com/a/inbox/abc123/reports/overview',
    'https://app.intercom.com/a/inbox/abc123/inbox/conversation/not-a-number',
    'https://example.com/a/inbox/abc123/inbox/conversation/42',
    'https://app.intercom.com.evil.test/a/inbox/abc123/inbox/conversation/42',
  ])('%s is not a conversation', (url) => {
    expect(intercomConversationKey(new URL(url))).toBeNull();
  });
});

describe('Fin resolution vocabularies', () => {
  it.each([
    ['Assumed Resolution', 'assumed'],
    ['assumed_resolution', 'assumed'],
    ['Confirmed Resolution', 'confirmed'],
    ['confirmed_resolution', 'confirmed'],
    ['Routed to team', 'escalated'],
    ['routed_to_team', 'escalated'],
    ['Escalated', 'escalated'],
    ['Abandoned', 'abandoned'],
    ['negative_feedback', 'negative_feedback'],
    ['Procedure handoff', 'procedure_handoff'],
    ['procedure_handoff', 'procedure_handoff'],
    ['', 'none'],
    [null, 'none'],
    ['—', 'none'],
  ])('%s → %s', (label, kind) => {
    expect(parseFinResolution(label)).toBe(kind);
  });
});

describe('conversation state from the header', () => {
  const header = (html: string) => {
    document.body.innerHTML = `<div>${html}</div>`;
    return document.body.firstElementChild;
  };
  it('reads a state label', () => {
    expect(parseConversationState(header('<span>Closed</span><button>Reopen</button>'))).toBe('closed');
    expect(parseConversationState(header('<span>Snoozed</span>'))).toBe('snoozed');
    expect(parseConversationState(header('<span>Open</span><button>Close</button>'))).toBe('open');
  });
  it('falls back to the button that changes the state', () => {
    expect(parseConversationState(header('<button>Reopen</button>'))).toBe('closed');
    expect(parseConversationState(header('<button>Close</button>'))).toBe('open');
  });
  it('is unknown without either', () => {
    expect(parseConversationState(header('<h2>Closed deals inquiry</h2>'))).toBe('unknown');
    expect(parseConversationState(null)).toBe('unknown');
  });
});

describe('every selector matches the saved pages it is written for', () => {
  const cases: Array<[keyof typeof INTERCOM_SELECTORS, string]> = [
    ['conversationArea', 'assumed-light-dom.html'],
    ['conversationArea', 'confirmed-shadow-root.html'],
    ['header', 'assumed-light-dom.html'],
    ['detailsSidebar', 'assumed-light-dom.html'],
    ['detailsSidebar', 'confirmed-shadow-root.html'],
    ['messagePart', 'assumed-light-dom.html'],
    ['messagePart', 'confirmed-shadow-root.html'],
    ['teammateName', 'assumed-light-dom.html'],
    ['messageText', 'assumed-light-dom.html'],
    ['time', 'confirmed-shadow-root.html'],
    ['renderedConversationId', 'routed-to-team.html'],
    ['appShadowHost', 'confirmed-shadow-root.html'],
  ];
  it.each(cases)('%s in %s', (name, fixture) => {
    loadFixture(`intercom/${fixture}`);
    const roots = collectRoots(document, [INTERCOM_SELECTORS.appShadowHost]);
    expect(queryRoots(roots, INTERCOM_SELECTORS[name])).not.toBeNull();
  });
  it('no selector matches the redesigned page', () => {
    loadFixture('intercom/changed-dom.html');
    for (const selector of Object.values(INTERCOM_SELECTORS)) expect(document.querySelector(selector)).toBeNull();
  });
});

describe('reading saved Intercom pages', () => {
  beforeEach(() => {
    document.documentElement.innerHTML = '<head></head><body></body>';
  });

  it('reads an assumed resolution in the light DOM', () => {
    const result = read('assumed-light-dom.html');
    expect(result.status).toBe('conversation');
    if (result.status !== 'conversation') return;
    const { conversation } = result;
    expect(conversation.key).toEqual({ vendor: 'intercom', workspace: 'abc123', conversationId: '215467891234567' });
    expect(conversation.claim).toMatchObject({ state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution' });
    expect(conversation.messages.map((m) => m.author)).toEqual(['customer', 'ai_agent', 'ai_agent']);
    expect(conversation.messages[0]).toEqual({
      author: 'customer',
      authorName: 'Maya Lopez',
      at: Date.parse('2026-11-20T09:14:02Z'),
      text: 'Hi, how do I change the billing email on my account?',
    });
    expect(conversation.messages[1].text).toBe(
      'You can change it under Settings › Billing › Billing contact. Only workspace owners can edit it.',
    );
  });

  it('reads a confirmed resolution inside the shadow root, notes included, older vocabulary', () => {
    const result = read('confirmed-shadow-root.html', 'https://app.eu.intercom.com/a/inbox/eu9/inbox/conversation/555');
    expect(result.status).toBe('conversation');
    if (result.status !== 'conversation') return;
    expect(result.conversation.key.workspace).toBe('eu9');
    expect(result.conversation.claim).toMatchObject({ state: 'closed', resolution: 'confirmed' });
    expect(result.conversation.messages.map((m) => [m.author, m.authorName])).toEqual([
      ['customer', 'Jonas Weber'],
      ['ai_agent', 'Fin AI Agent'],
      ['note', 'Priya (Support)'],
      ['customer', 'Jonas Weber'],
    ]);
    expect(result.conversation.messages[3].at).toBe(Date.parse('2026-11-21T13:06:30Z'));
  });

  it('reads a routed-to-team conversation as escalated, with the teammate who answered', () => {
    const result = read('routed-to-team.html', `${BASE}/conversation/215467891230001`);
    expect(result.status).toBe('conversation');
    if (result.status !== 'conversation') return;
    expect(result.conversation.claim).toMatchObject({ state: 'open', resolution: 'escalated' });
    expect(result.conversation.messages.map((m) => m.author)).toEqual(['customer', 'ai_agent', 'teammate']);
    expect(result.conversation.messages[0].at).toBe(Date.parse('2026-11-22T08:00:00Z'));
  });

  it('reads a conversation Fin never touched as no resolution', () => {
    const result = read('no-fin.html');
    expect(result.status).toBe('conversation');
    if (result.status !== 'conversation') return;
    expect(result.conversation.claim).toMatchObject({ state: 'snoozed', resolution: 'none', resolutionLabel: '' });
    expect(result.conversation.messages.map((m) => [m.author, m.at])).toEqual([
      ['customer', null],
      ['teammate', null],
    ]);
  });

  it('names the missing markers on a redesigned page instead of guessing', () => {
    expect(read('changed-dom.html')).toEqual({
      status: 'missing-markers',
      key: { vendor: 'intercom', workspace: 'abc123', conversationId: '215467891234567' },
      missing: ['conversation area', 'details sidebar', 'message parts'],
    });
  });

  it('refuses a stale render: the page shows another conversation than the URL names', () => {
    const result = read('routed-to-team.html', `${BASE}/conversation/999`);
    expect(result).toMatchObject({ status: 'missing-markers', missing: ['conversation for this URL'] });
  });

  it('is not a conversation on a list URL, whatever the page shows', () => {
    expect(read('assumed-light-dom.html', `${BASE}/shared/all`)).toEqual({ status: 'not-conversation' });
  });

  it('reads content that renders late, once it is there', () => {
    const url = new URL(`${BASE}/conversation/215467891234567`);
    document.body.innerHTML = '<div id="teammate-app-react"></div>';
    expect(readIntercomPage(document, url)).toMatchObject({ status: 'missing-markers' });
    const host = document.getElementById('teammate-app-react')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = `
      <div data-intercom-target="conversation-space">
        <div data-intercom-target="conversation-stream-content-part" class="inbox2__user-email-part">
          <div class="intercom-interblocks-html">Is the API down?</div></div>
      </div>
      <aside class="inbox2__conversation-details-sidebar"><span>Fin AI Agent resolution state</span><b>Assumed</b></aside>`;
    expect(readIntercomPage(document, url)).toMatchObject({
      status: 'conversation',
      conversation: { claim: { resolution: 'assumed' }, messages: [{ author: 'customer', text: 'Is the API down?' }] },
    });
  });
});
