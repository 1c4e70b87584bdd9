// Each adapter's selectors beside the saved pages they are written for, with the number of elements each matches
// in each page (test/fixtures/selector-matches.json, counted once by another CSS engine: selector_matches.py).
// A selector edited without its table, or a page that no longer holds what the table says, fails here by name.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTERCOM_SELECTORS } from '../../utils/adapters/intercom';
import { SALESFORCE_SELECTORS } from '../../utils/adapters/salesforce';
import { ZENDESK_SELECTORS } from '../../utils/adapters/zendesk';
import { FIXTURES_DIR, loadFixture } from './fixtures';

interface VendorTable {
  selectors: Record<string, string>;
  /** Entries of the adapter's table that are not selectors (class names read with classList), and why. */
  notSelectors: Record<string, string>;
  matches: Record<string, Record<string, number>>;
}
const TABLE = JSON.parse(readFileSync(join(FIXTURES_DIR, 'selector-matches.json'), 'utf8')) as Record<string, VendorTable>;
const ADAPTER_SELECTORS: Record<string, Record<string, string>> = { intercom: INTERCOM_SELECTORS, zendesk: ZENDESK_SELECTORS, salesforce: SALESFORCE_SELECTORS };

/** Every element matching `selector` in the document and in every shadow root inside it, at any depth. */
function countAcrossRoots(doc: Document, selector: string): number {
  const roots: ParentNode[] = [doc];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  return roots.reduce((sum, root) => sum + root.querySelectorAll(selector).length, 0);
}

describe.each(Object.keys(ADAPTER_SELECTORS))('%s selectors and their pages', (vendor) => {
  const table = TABLE[vendor];

  it("lists every one of the adapter's selectors, exactly as the adapter writes it", () => {
    const { selectors, notSelectors } = table;
    expect({ ...selectors, ...Object.fromEntries(Object.keys(notSelectors).map((k) => [k, ADAPTER_SELECTORS[vendor][k]])) }).toEqual(ADAPTER_SELECTORS[vendor]);
  });

  it('counts every saved page of the vendor', () => {
    const pages = readdirSync(join(FIXTURES_DIR, vendor)).filter((f) => f.endsWith('.html')).sort();
    for (const counts of Object.values(table.matches)) expect(Object.keys(counts).sort()).toEqual(pages);
  });

  for (const [name, selector] of Object.entries(table.selectors)) {
    it(`${name}: matches as many elements in each page as the table says`, () => {
      const found = Object.fromEntries(Object.keys(table.matches[name]).map((page) => [page, countAcrossRoots(loadFixture(`${vendor}/${page}`), selector)]));
      expect(found).toEqual(table.matches[name]);
    });
  }

  it('finds every marker it relies on in at least one page (no selector left untested)', () => {
    const unmatched = Object.entries(table.matches).filter(([name, counts]) => name !== 'loading' && Object.values(counts).every((n) => n === 0)).map(([name]) => name);
    expect(unmatched).toEqual([]);
  });
});
