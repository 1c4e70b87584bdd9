import { describe, expect, it } from 'vitest';
import type { AuthorKind, TranscriptMessage } from '../../utils/model/transcript';
import {
  parseSalesforceStatus,
  readSalesforcePage,
  SALESFORCE_SELECTORS,
  salesforceRecordKey,
  suggestForSalesforce,
} from '../../utils/adapters/salesforce';
import { AGENTFORCE_WINDOW_MS, billingWindows } from '../../utils/model/billing-windows';
import { collectRoots, queryRoots } from '../../utils/adapters/dom';
import { loadFixture } from './fixtures';

const SESSION_URL = 'https://acme.lightning.force.com/lightning/r/MessagingSession/0Mw5g000000bXyZCAU/view';

describe('Salesforce record URLs', () => {
  it.each([
    [SESSION_URL, 'acme', 'MessagingSession/0Mw5g000000bXyZCAU'],
    ['https://acme--uat.lightning.force.com/lightning/r/Case/5005g00000AbCdE/view', 'acme--uat', 'Case/5005g00000AbCdE'],
  ])('%s → %s %s', (url, workspace, id) => {
    expect(salesforceRecordKey(new URL(url))).toEqual({ vendor: 'salesforce', workspace, conversationId: id });
  });
  it.each([
    'https://acme.lightning.force.com/lightning/r/Account/0015g00000AbCdEAAV/view',
    'https://acme.lightning.force.com/lightning/o/Case/list',
    'https://acme.lightning.force.com/lightning/r/Case/123/view',
    'https://acme.my.salesforce.com/lightning/r/Case/5005g00000AbCdE/view',
  ])('%s is not a conversation record', (url) => expect(salesforceRecordKey(new URL(url))).toBeNull());
});

describe('Salesforce statuses', () => {
  it.each([
    ['Closed', 'closed'],
    ['Ended', 'closed'],
    ['Working', 'open'],
    ['New', 'new'],
    ['On Hold', 'on_hold'],
    ['Mystery', 'unknown'],
  ])('%s → %s', (text, state) => expect(parseSalesforceStatus(text)).toBe(state));
});

describe('every Salesforce selector matches through nested shadow roots', () => {
  it.each([
    ['statusField', 'messaging-session-reopened.html'],
    ['statusField', 'case-no-transcript.html'],
    ['highlights', 'messaging-session-reopened.html'],
    ['title', 'messaging-session-reopened.html'],
    ['chatItem', 'messaging-session-reopened.html'],
    ['messageText', 'messaging-session-reopened.html'],
    ['messageMeta', 'messaging-session-reopened.html'],
    ['time', 'messaging-session-reopened.html'],
  ] as const)('%s in %s', (name, fixture) => {
    loadFixture(`salesforce/${fixture}`);
    const roots = collectRoots(document, [SALESFORCE_SELECTORS.shadowHost]);
    expect(roots.length).toBeGreaterThan(1);
    expect(queryRoots(roots, SALESFORCE_SELECTORS[name])).not.toBeNull();
    expect(document.querySelector(SALESFORCE_SELECTORS[name])).toBeNull(); // only inside shadow roots
  });
});

describe('reading saved Salesforce pages', () => {
  it('reads a messaging session three shadow roots deep: status, transcript, windows, actions', () => {
    loadFixture('salesforce/messaging-session-reopened.html');
    const result = readSalesforcePage(document, new URL(SESSION_URL));
    expect(result.status).toBe('conversation');
    if (result.status !== 'conversation') return;
    const c = result.conversation;
    expect(c.claim).toMatchObject({ state: 'closed', resolution: 'conversation_window', resolutionLabel: 'Ended' });
    expect(c.messages.map((m) => [m.author, m.authorName])).toEqual([
      ['customer', 'Ines Duarte'],
      ['ai_agent', 'Agentforce'],
      ['customer', 'Ines Duarte'],
      ['ai_agent', 'Agentforce'],
    ]);
    expect(c.messages[2].at).toBe(Date.parse('2026-11-21T14:00:00Z'));
    expect(c.billing).toEqual({ windows: 2, reopenedWindows: 1, actions: 1 });
    expect(c.billingNote).toBe('2 billed conversation windows of 24 h · 1 opened because the customer came back · 1 agent action');
    expect(suggestForSalesforce(c)).toMatchObject({ verdict: 'false', reason: 'recontacted' });
  });

  it('a Case with no transcript on the page has no billable claim', () => {
    loadFixture('salesforce/case-no-transcript.html');
    const result = readSalesforcePage(document, new URL('https://acme.lightning.force.com/lightning/r/Case/5005g00000AbCdEAAQ/view'));
    expect(result).toMatchObject({ status: 'conversation', conversation: { claim: { state: 'open', resolution: 'none' }, messages: [], billingNote: null } });
  });

  it('names the missing Status field on a page without it', () => {
    document.body.innerHTML = '<div class="oneContent">Loading…</div>';
    expect(readSalesforcePage(document, new URL(SESSION_URL))).toMatchObject({ status: 'missing-markers', missing: ['Status field'] });
  });
});

describe('Agentforce 24 h conversation windows', () => {
  const H = 3600e3;
  const m = (author: AuthorKind, hours: number | null): TranscriptMessage => ({ author, authorName: '', at: hours === null ? null : hours * H, text: '' });

  it('one window while everything falls within 24 h of the first message', () => {
    expect(billingWindows([m('customer', 0), m('ai_agent', 1), m('customer', 23.9)])).toEqual({ starts: [0], reopenedByCustomer: 0 });
  });
  it('a customer writing after the window ended opens a second billed window', () => {
    expect(billingWindows([m('customer', 0), m('ai_agent', 0.1), m('customer', 30), m('ai_agent', 30.1)])).toEqual({ starts: [0, 30 * H], reopenedByCustomer: 1 });
  });
  it('the window is exactly 24 h: a message at 24 h starts the next', () => {
    expect(billingWindows([m('customer', 0), m('customer', AGENTFORCE_WINDOW_MS / H)]).starts).toHaveLength(2);
  });
  it("an agent's welcome opens the first window; an agent follow-up after it ends opens none", () => {
    expect(billingWindows([m('ai_agent', 0), m('customer', 1), m('ai_agent', 40)])).toEqual({ starts: [0], reopenedByCustomer: 0 });
  });
  it('ignores notes and messages without times, and sorts by time', () => {
    expect(billingWindows([m('customer', 50), m('note', 10), m('customer', null), m('customer', 0)])).toEqual({ starts: [0, 50 * H], reopenedByCustomer: 1 });
  });
  it('no messages, no windows', () => expect(billingWindows([]).starts).toEqual([]));
});
