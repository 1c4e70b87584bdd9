// Second, independent round of page variations (test/variations/round2): each case loads a base page,
// mutates it, runs the vendor adapter and checks the reading against what the page shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIntercomPage } from '../../utils/adapters/intercom';
import { readSalesforcePage } from '../../utils/adapters/salesforce';
import { readZendeskPage } from '../../utils/adapters/zendesk';
import { type Case, type ReadExpect, type Vendor, cases } from '../variations/round2/cases';
import { attachDeclarativeShadowRoots } from './fixtures';

const PAGES_DIR = join(import.meta.dirname, '..', 'variations', 'round2', 'pages');

const readers: Record<Vendor, (doc: Document, url: URL) => unknown> = {
  intercom: readIntercomPage as (doc: Document, url: URL) => unknown,
  zendesk: readZendeskPage as (doc: Document, url: URL) => unknown,
  salesforce: readSalesforcePage as (doc: Document, url: URL) => unknown,
};

const pageCache = new Map<string, string>();

function loadBase(base: string): void {
  let html = pageCache.get(base);
  if (html === undefined) {
    html = readFileSync(join(PAGES_DIR, base), 'utf8');
    pageCache.set(base, html);
  }
  document.documentElement.innerHTML = html.replace(/^[\s\S]*?<html[^>]*>/i, '').replace(/<\/html>\s*$/i, '');
  attachDeclarativeShadowRoots(document);
}

/** The conversation id the URL names, in the adapter's form. */
function idFromUrl(vendor: Vendor, url: string): string {
  const path = new URL(url).pathname;
  const m =
    vendor === 'intercom'
      ? /\/conversation\/(\d+)\/?$/.exec(path)
      : vendor === 'zendesk'
        ? /^\/agent\/tickets\/(\d+)\/?$/.exec(path)
        : /^\/lightning\/r\/((?:MessagingSession|Case)\/[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?)\/view\/?$/.exec(path);
  if (!m) throw new Error(`case URL names no conversation: ${url}`);
  return m[1]!;
}

interface Result {
  status: string;
  missing?: string[];
  conversation?: {
    key: { vendor: string; workspace: string; conversationId: string };
    claim: { state: string; resolution: string };
    messages: Array<{ author: string }>;
  };
}

/** One-line summary of what the adapter read, shaped like the expectation. */
function summarize(result: Result, want?: ReadExpect): Record<string, unknown> {
  if (result.status !== 'conversation' || !result.conversation) {
    return { status: result.status, ...(result.missing ? { missing: result.missing } : {}) };
  }
  const c = result.conversation;
  const out: Record<string, unknown> = {
    status: 'conversation',
    conversationId: c.key.conversationId,
    resolution: c.claim.resolution,
  };
  if (!want || want.state !== undefined) out.state = c.claim.state;
  if (!want || want.authors !== undefined) out.authors = c.messages.map((m) => m.author);
  if (!want || want.messageCount !== undefined) out.messageCount = c.messages.length;
  return out;
}

function expected(want: ReadExpect): Record<string, unknown> {
  const out: Record<string, unknown> = { status: 'conversation', conversationId: want.conversationId, resolution: want.resolution };
  if (want.state !== undefined) out.state = want.state;
  if (want.authors !== undefined) out.authors = want.authors;
  if (want.messageCount !== undefined) out.messageCount = want.messageCount;
  return out;
}

function run(vendor: Vendor, c: Case): void {
  loadBase(c.base);
  c.mutate?.(document);
  const result = readers[vendor](document, new URL(c.url)) as Result;
  const urlId = idFromUrl(vendor, c.url);

  if ('unreadable' in c.expect) {
    expect(summarize(result)).toEqual({ status: 'missing-markers', missing: expect.any(Array) });
    return;
  }

  const want = 'read' in c.expect ? c.expect.read : c.expect.readOrUnreadable;
  // the case itself must agree with its URL
  expect(want.conversationId, 'case expectation vs URL').toBe(urlId);

  if ('readOrUnreadable' in c.expect && result.status === 'missing-markers') return;

  const got = summarize(result, want);
  expect(got).toEqual(expected(want));
  // a conversation read always names the conversation the URL names
  expect(result.conversation!.key.conversationId).toBe(urlId);
}

for (const vendor of Object.keys(cases) as Vendor[]) {
  describe(`round 2 variations: ${vendor}`, () => {
    it('has at least 25 cases', () => {
      expect(cases[vendor].length).toBeGreaterThanOrEqual(25);
    });
    const names = new Set<string>();
    for (const c of cases[vendor]) {
      if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
      names.add(c.name);
      it(c.name, () => run(vendor, c));
    }
  });
}
