// Runs every mutation of test/variations/mutations.ts against the vendor adapters.
// The pages and expectations are written from public vendor facts, not from the adapters (see mutations.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { attachDeclarativeShadowRoots } from './fixtures';
import { readIntercomPage } from '../../utils/adapters/intercom';
import { readZendeskPage } from '../../utils/adapters/zendesk';
import { readSalesforcePage } from '../../utils/adapters/salesforce';
import { mutations, type Mutation, type ReadExpect, type Vendor } from '../variations/mutations';

const PAGES_DIR = join(import.meta.dirname, '..', 'variations', 'pages');

const readers: Record<Vendor, (doc: Document, url: URL) => any> = {
  intercom: readIntercomPage,
  zendesk: readZendeskPage,
  salesforce: readSalesforcePage,
};

const ID_IN_URL: Record<Vendor, RegExp> = {
  intercom: /\/conversation\/(\d+)(?:[/?#]|$)/,
  zendesk: /\/agent\/tickets\/(\d+)(?:[/?#]|$)/,
  salesforce: /\/lightning\/r\/\w+\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view/,
};

/** Salesforce's case-safe 18-character form of a 15-character record id. */
function sf18(id: string): string {
  if (id.length !== 15) return id;
  const map = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id[chunk * 5 + i];
      if (c >= 'A' && c <= 'Z') flags |= 1 << i;
    }
    suffix += map[flags];
  }
  return id + suffix;
}

function load(base: string): void {
  const html = readFileSync(join(PAGES_DIR, base), 'utf8');
  document.documentElement.innerHTML = html.replace(/^[\s\S]*?<html[^>]*>/i, '').replace(/<\/html>\s*$/i, '');
  attachDeclarativeShadowRoots(document);
}

/**
 * The read's conversationId must be the id in the URL. Accepted spellings of the same id: a Salesforce key may be
 * prefixed with the URL's object type (`MessagingSession/<id>`), and a 15-character Salesforce id names the same record
 * as its 18-character form.
 */
function idsMatch(vendor: Vendor, got: string, want: string, url: URL): boolean {
  if (got === want) return true;
  if (vendor !== 'salesforce') return false;
  const objectType = /\/lightning\/r\/(\w+)\//.exec(url.pathname)?.[1];
  const id = objectType && got.startsWith(`${objectType}/`) ? got.slice(objectType.length + 1) : got;
  return id === want || sf18(id) === sf18(want);
}

function assertRead(vendor: Vendor, read: any, want: ReadExpect, url: URL): void {
  expect(read.status).toBe('conversation');
  const c = read.conversation;
  expect(idsMatch(vendor, c.key.conversationId, want.conversationId, url), `conversationId ${c.key.conversationId}`).toBe(true);
  expect(c.claim.resolution).toBe(want.resolution);
  if (want.state !== undefined) expect(c.claim.state).toBe(want.state);
  if (want.stateOneOf) expect(want.stateOneOf).toContain(c.claim.state);
  const messages: Array<{ author: string; text: string }> = c.messages;
  if (want.messages) {
    expect(messages.map((m) => m.author)).toEqual(want.messages.map((m) => m.author));
    want.messages.forEach((m, i) => {
      if (m.textIncludes !== undefined) expect(messages[i].text, `message ${i}`).toContain(m.textIncludes);
    });
  }
  if (want.authorsInOrder) expect(messages.map((m) => m.author)).toEqual(want.authorsInOrder);
}

const seen = new Set<string>();
for (const vendor of Object.keys(mutations) as Vendor[]) {
  for (const m of mutations[vendor] as Mutation[]) {
    const name = `${vendor}: ${m.name}`;
    if (seen.has(name)) throw new Error(`duplicate mutation name: ${name}`);
    seen.add(name);

    it(name, async () => {
      const url = new URL(m.url);
      const urlId = ID_IN_URL[vendor].exec(url.pathname + url.search + url.hash)?.[1];
      expect(urlId, 'the mutation URL names a conversation').toBeTruthy();

      let baseBilling: unknown;
      if (m.billingAsBase) {
        load(m.base);
        const baseRead = readers[vendor](document, url);
        expect(baseRead.status, 'unmutated base page reads').toBe('conversation');
        baseBilling = baseRead.conversation.billing;
      }

      load(m.base);
      await m.mutate(document);
      const read = readers[vendor](document, url);

      // Always: a conversation read describes the conversation in the URL.
      if (read.status === 'conversation') {
        expect(idsMatch(vendor, read.conversation.key.conversationId, urlId!, url), 'read is the URL conversation').toBe(true);
      }

      const e = m.expect;
      if ('unreadable' in e) {
        expect(read.status).toBe('missing-markers');
      } else if ('readOrUnreadable' in e) {
        expect(['conversation', 'missing-markers']).toContain(read.status);
        if (read.status === 'conversation') assertRead(vendor, read, e.readOrUnreadable, url);
      } else {
        assertRead(vendor, read, e.read, url);
      }
      if (m.billingAsBase && read.status === 'conversation') {
        expect(read.conversation.billing).toEqual(baseBilling);
      }
    });
  }
}

it('variations: at least 45 mutations per vendor', () => {
  for (const vendor of Object.keys(mutations) as Vendor[]) expect(mutations[vendor].length).toBeGreaterThanOrEqual(45);
});
