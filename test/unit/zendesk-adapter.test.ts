import { describe, expect, it } from 'vitest';
import {
  parseZendeskStatus,
  readZendeskPage,
  ZENDESK_SELECTORS,
  zendeskAdapter,
  zendeskBillingNote,
  zendeskTicketKey,
} from '../../utils/adapters/zendesk';
import { suggestVerdict } from '../../utils/model/suggest';
import { loadFixture } from './fixtures';

const read = (fixture: string, url: string) => {
  loadFixture(`zendesk/${fixture}`);
  return readZendeskPage(document, new URL(url));
};

describe('Zendesk ticket URLs', () => {
  it.each([
    ['https://acme.zendesk.com/agent/tickets/1201', 'acme', '1201'],
    ['https://acme-support.zendesk.com/agent/tickets/1201/events', 'acme-support', '1201'],
    ['https://Acme.zendesk.com/agent/#/tickets/88', 'acme', '88'],
  ])('%s → %s #%s', (url, workspace, id) => {
    expect(zendeskTicketKey(new URL(url))).toEqual({ vendor: 'zendesk', workspace, conversationId: id });
  });
  it.each([
    'https://acme.zendesk.com/agent/filters/360001',
    'https://acme.zendesk.com/agent/dashboard',
    'https://acme.zendesk.com.evil.test/agent/tickets/1',
    'https://zendesk.com/agent/tickets/1',
  ])('%s is not a ticket', (url) => expect(zendeskTicketKey(new URL(url))).toBeNull());
});

describe('Zendesk statuses', () => {
  it.each([
    ['Solved', 'solved'],
    ['Closed', 'closed'],
    ['On-hold', 'on_hold'],
    ['Pending', 'pending'],
    ['New', 'new'],
    ['Open', 'open'],
    ['Archived', 'unknown'],
  ])('%s → %s', (text, state) => expect(parseZendeskStatus(text)).toBe(state));
});

describe('every Zendesk selector matches its saved page', () => {
  it.each([
    ['activePane', 'ticket-ai-solved.html'],
    ['activeTab', 'ticket-ai-solved.html'],
    ['subject', 'ticket-ai-solved.html'],
    ['statusBadge', 'ticket-ai-solved.html'],
    ['messageLog', 'ticket-ai-solved.html'],
    ['message', 'ticket-ai-solved.html'],
    ['sender', 'ticket-ai-solved.html'],
    ['messageText', 'ticket-ai-solved.html'],
    ['time', 'ticket-teammate-solved.html'],
    ['ticketLink', 'view-list.html'],
  ] as const)('%s in %s', (name, fixture) => {
    loadFixture(`zendesk/${fixture}`);
    expect(document.querySelector(ZENDESK_SELECTORS[name])).not.toBeNull();
  });
});

describe('reading saved Zendesk pages', () => {
  it('reads only the active pane: an automated-resolution candidate with the 72 h rule', () => {
    const result = read('ticket-ai-solved.html', 'https://acme.zendesk.com/agent/tickets/1201');
    expect(result.status).toBe('conversation');
    if (result.status !== 'conversation') return;
    const c = result.conversation;
    expect(c.key).toEqual({ vendor: 'zendesk', workspace: 'acme', conversationId: '1201' });
    expect(c.claim).toMatchObject({ state: 'solved', resolution: 'automated_resolution', resolutionLabel: 'Solved' });
    expect(c.agentName).toBe('Zendesk AI agent');
    expect(c.messages.map((m) => [m.author, m.authorName])).toEqual([
      ['customer', 'Dana Price'],
      ['ai_agent', 'AI agent'],
    ]);
    expect(c.messages[0].text).toBe('Where is my parcel? Order 7781, it was due Monday.');
    expect(c.billingNote).toMatch(/^Zendesk's 72 h clock started at this ticket's first message, .+ \(your time\): billable as an automated resolution since /);
  });

  it('a ticket a teammate answered is not an automated resolution; notes and the legacy hash URL are read', () => {
    const result = read('ticket-teammate-solved.html', 'https://acme.zendesk.com/agent/#/tickets/1310');
    expect(result.status).toBe('conversation');
    if (result.status !== 'conversation') return;
    expect(result.conversation.claim.resolution).toBe('handled_by_teammate');
    expect(result.conversation.billingNote).toBeNull();
    expect(result.conversation.messages.map((m) => m.author)).toEqual(['customer', 'ai_agent', 'customer', 'note', 'teammate']);
  });

  it('waits while the URL names another ticket than the active tab (tab switch in progress)', () => {
    expect(read('ticket-ai-solved.html', 'https://acme.zendesk.com/agent/tickets/1198')).toMatchObject({
      status: 'missing-markers',
      missing: ['active ticket for this URL'],
    });
  });

  it('names what is missing on a page without the markers', () => {
    expect(read('view-list.html', 'https://acme.zendesk.com/agent/tickets/1201')).toMatchObject({
      status: 'missing-markers',
      missing: ['active ticket pane'],
    });
  });

  it('finds the ticket links of a view for badges', () => {
    loadFixture('zendesk/view-list.html');
    expect(zendeskAdapter.listLinks!(document).map((a) => zendeskTicketKey(new URL(a.getAttribute('href')!, 'https://acme.zendesk.com'))?.conversationId)).toEqual(['1201', '1310', '1400']);
  });
});

describe('72 h rule in words', () => {
  const at = Date.parse('2026-11-20T10:00:00Z');
  const messages = [{ author: 'customer' as const, authorName: '', at, text: 'x' }];
  it('says what started the clock, and from when it is billable, or since when (times: zendesk-clock.test.ts)', () => {
    expect(zendeskBillingNote(messages, at + 3600e3)).toMatch(/^Zendesk's 72 h clock started at this ticket's first message, .+: billable as an automated resolution from /);
    expect(zendeskBillingNote(messages, at + 73 * 3600e3)).toMatch(/: billable as an automated resolution since /);
    expect(zendeskBillingNote([], at)).toBe("Zendesk counts a ticket AI agent's automated resolution 72 h after the ticket's first message arrived; this page shows no message time.");
  });
});

describe('suggestions on Zendesk transcripts', () => {
  it('customer asked for a person after the AI agent → false, human needed', () => {
    const result = read('ticket-teammate-solved.html', 'https://acme.zendesk.com/agent/tickets/1310');
    if (result.status !== 'conversation') throw new Error('not read');
    expect(suggestVerdict(result.conversation.messages, 'automated_resolution')).toMatchObject({ verdict: 'false', reason: 'human_needed' });
  });
  it('AI agent answered, customer silent → unverified', () => {
    const result = read('ticket-ai-solved.html', 'https://acme.zendesk.com/agent/tickets/1201');
    if (result.status !== 'conversation') throw new Error('not read');
    expect(suggestVerdict(result.conversation.messages, 'automated_resolution')).toMatchObject({ verdict: 'unsure', unverified: true });
  });
});
