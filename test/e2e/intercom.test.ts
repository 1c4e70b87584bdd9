// The walking skeleton, end to end in Debian's Chromium with the built extension and the demo helpdesk served
// at app.intercom.com. `npm test` builds the extension first.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationUrl, fixtureUrl, launchWithExtension } from '../support/browser.mjs';

const ASSUMED_NO_ANSWER = '215467891234501'; // Maya Lopez
const ROUTED_TO_TEAM = '215467891234503'; // Sam Carter
const ASSUMED_FOLLOW_UP = '215467891234504'; // Aiko Tanaka
const ASSUMED_ASKS_HUMAN = '215467891234505'; // Noah Schmidt
const PROCEDURE_HANDOFF = '215467891234506'; // Fatima Zahra
const NO_FIN = '215467891234513'; // Ethan Clark

let browser: Awaited<ReturnType<typeof launchWithExtension>>;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchWithExtension();
  context = browser.context;
});
afterAll(async () => {
  await context?.close();
});

const bar = (page: Page) => page.getByRole('region', { name: 'Recount verdict' });
const status = (page: Page) => page.getByRole('status', { name: 'Recount status' });

async function open(id: string, query = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(conversationUrl(id) + query);
  return page;
}

describe('verdict overlay on the Intercom inbox', () => {
  it('tags a billed conversation by click: "Saved" once kept, then the current verdict from the log', async () => {
    const page = await open(ASSUMED_NO_ANSWER);
    await expect.poll(() => bar(page).innerText()).toContain('Fin: assumed resolution');
    expect(await bar(page).innerText()).toContain('Suggestion: unverified, read it');
    await page.getByRole('button', { name: /^Genuine/ }).click();
    await bar(page).getByText('Saved', { exact: true }).waitFor();
    // "Saved" comes once the tab keeps the tag; the current verdict once the background's log answers.
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: Genuine · unnamed reviewer ·/);
    await page.close();
  });

  it('tags by keyboard: Alt+Shift+F then a reason digit, and Alt+Shift+U, without firing the page\'s own shortcuts', async () => {
    const page = await open(ASSUMED_ASKS_HUMAN);
    await expect.poll(() => bar(page).innerText()).toContain('Suggestion: False resolution (A teammate had to step in)');
    await page.locator('body').click({ position: { x: 600, y: 400 } });
    await page.keyboard.press('Alt+Shift+KeyF');
    await page.getByRole('combobox', { name: /Why false/ }).waitFor();
    await page.keyboard.press('4'); // 4 = wrong answer
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: False resolution — Incorrect or unhelpful answer/);

    await page.keyboard.press('Alt+Shift+KeyU');
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: Unsure/);
    // Keys typed inside our bar never reach the vendor's handlers ("r" is the demo inbox's reply shortcut).
    await page.getByRole('button', { name: /^Genuine/ }).focus();
    await page.keyboard.press('r');
    expect(await page.evaluate(() => (window as { __demoShortcutFired?: number }).__demoShortcutFired ?? 0)).toBe(0);
    await page.keyboard.press('g');
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: Genuine/);
    await page.close();
  });

  it('follows single-page navigation without a reload, and back again', async () => {
    const page = await open(PROCEDURE_HANDOFF);
    await expect.poll(() => bar(page).innerText()).toContain('Fin: procedure handoff');
    await page.getByRole('button', { name: /^Unsure/ }).click();
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: Unsure/);
    await page.evaluate(() => ((window as { __sameDocument?: boolean }).__sameDocument = true));

    await page.locator(`a[data-id="${ASSUMED_FOLLOW_UP}"]`).click();
    await expect.poll(() => page.url()).toContain(ASSUMED_FOLLOW_UP);
    await expect.poll(() => bar(page).innerText()).toContain('Suggestion: False resolution (Incorrect or unhelpful answer)');
    expect(await bar(page).innerText()).toContain('Not tagged yet');

    await page.goBack();
    await expect.poll(() => bar(page).innerText()).toMatch(/Fin: procedure handoff[\s\S]*Current: Unsure/);
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.close();
  });

  it('never shows the previous conversation under the new URL while the new one renders late', async () => {
    const page = await open(ASSUMED_NO_ANSWER, '?delay=1200');
    await expect.poll(() => bar(page).innerText()).toContain('Fin: assumed resolution');
    await page.locator(`a[data-id="${ROUTED_TO_TEAM}"]`).click();
    // For 1.2 s the old, billed conversation stays on screen under the routed conversation's URL.
    await page.waitForTimeout(600);
    expect(await bar(page).count()).toBe(0);
    await expect.poll(() => status(page).innerText()).toBe('Fin: escalated to a teammate — not billed');
    await page.close();
  });

  it('reload: the verdict is still there', async () => {
    const page = await open(ASSUMED_ASKS_HUMAN);
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: Genuine/);
    await page.reload();
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: Genuine/);
    await page.close();
  });

  it('no verdict prompt where Fin did not bill: a neutral chip when Fin handed over, nothing when Fin was absent', async () => {
    const routed = await open(ROUTED_TO_TEAM);
    await expect.poll(() => status(routed).innerText()).toBe('Fin: escalated to a teammate — not billed');
    expect(await bar(routed).count()).toBe(0);
    expect(await routed.getByRole('button', { name: /^Genuine/ }).count()).toBe(0);
    await routed.close();

    const noFin = await open(NO_FIN);
    await noFin.getByText('Can you call me back tomorrow').waitFor();
    await noFin.waitForTimeout(500);
    expect(await bar(noFin).count()).toBe(0);
    expect(await status(noFin).count()).toBe(0);
    await noFin.close();
  });

  it('badges the inbox list: rows follow their verdicts, and a new tag updates its row', async () => {
    const page = await open(ASSUMED_NO_ANSWER);
    const rowBadge = (id: string) => page.locator(`a[data-id="${id}"] [data-recount-badge]`);
    await expect.poll(() => rowBadge(ASSUMED_NO_ANSWER).innerText()).toBe('✓ Genuine');
    await expect.poll(() => rowBadge(ASSUMED_ASKS_HUMAN).innerText()).toBe('✓ Genuine');
    await expect.poll(() => rowBadge(PROCEDURE_HANDOFF).innerText()).toBe('? Unsure');
    await expect.poll(() => rowBadge(ASSUMED_FOLLOW_UP).innerText()).toBe('⚑ Check: likely false'); // read, not tagged, signals say false
    expect(await rowBadge(ROUTED_TO_TEAM).count()).toBe(0); // not billed
    expect(await rowBadge('215467891234520').count()).toBe(0); // never opened: Recount doesn't know
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: Genuine/);
    await page.locator('body').click({ position: { x: 600, y: 400 } });
    await page.keyboard.press('Alt+Shift+KeyU');
    await expect.poll(() => rowBadge(ASSUMED_NO_ANSWER).innerText()).toBe('? Unsure');
    await page.getByRole('button', { name: /^Genuine/ }).click();
    await expect.poll(() => rowBadge(ASSUMED_NO_ANSWER).innerText()).toBe('✓ Genuine');
    await page.close();
  });

  it('a tag in one tab shows at once in another tab on the same conversation', async () => {
    const first = await open(ASSUMED_FOLLOW_UP);
    const second = await open(ASSUMED_FOLLOW_UP);
    await expect.poll(() => bar(first).innerText()).toContain('Not tagged yet');
    await bar(second).getByRole('button', { name: /^False resolution/ }).click();
    await second.getByRole('combobox', { name: /Why false/ }).selectOption('recontacted');
    await second.getByRole('button', { name: 'Save false resolution' }).click();
    await expect.poll(() => bar(first).innerText()).toMatch(/Current: False resolution — Came back about the same issue/);
    await first.close();
    await second.close();
  });

  it("says it can't read a page whose markers are gone, and shows no verdict bar", async () => {
    const page = await context.newPage();
    await page.goto(fixtureUrl('intercom/changed-dom.html'));
    await expect
      .poll(() => status(page).innerText(), { timeout: 8_000 })
      .toMatch(/can’t read this page.*conversation area, details sidebar, message parts/);
    expect(await bar(page).count()).toBe(0);
    await page.close();
  });

  it('reads the same saved pages the unit tests use (shadow root, older vocabulary)', async () => {
    const page = await context.newPage();
    await page.goto(fixtureUrl('intercom/confirmed-shadow-root.html'));
    await expect.poll(() => bar(page).innerText()).toContain('Fin: confirmed resolution');
    expect(await bar(page).innerText()).toContain('Suggestion: Genuine');
    await page.close();
  });
});

describe('dashboard and export', () => {
  it('sets the reviewer name; new tags carry it and every open overlay stops reminding', async () => {
    const helpdesk = await open(ASSUMED_NO_ANSWER);
    await expect.poll(() => bar(helpdesk).innerText()).toContain('unnamed reviewer” until');
    const popup = await context.newPage();
    await popup.goto(browser.popupUrl);
    await popup.getByLabel('Your reviewer name').fill('Ana (Tier 1)');
    await popup.getByRole('button', { name: 'Save name' }).click();
    await popup.getByText('Reviewer name saved.').waitFor();
    await expect.poll(() => bar(helpdesk).innerText()).not.toContain('unnamed reviewer” until');
    await bar(helpdesk).getByRole('button', { name: 'Note' }).click();
    await bar(helpdesk).getByRole('textbox', { name: 'Note' }).fill('Customer wrote "=SUM(A1)" later, by email,\nsecond line');
    await bar(helpdesk).getByRole('button', { name: /^Unsure/ }).click();
    await expect.poll(() => bar(helpdesk).innerText()).toMatch(/Current: Unsure · Ana \(Tier 1\)/);
    await popup.close();
    await helpdesk.close();
  });

  it('lists the tagged conversations with verdict, claim, reason, reviewer and a link back', async () => {
    const page = await context.newPage();
    await page.goto(browser.dashboardUrl);
    const row = page.locator(`[data-conv-key="intercom:demo:${ASSUMED_FOLLOW_UP}"]`);
    await expect.poll(() => row.innerText()).toMatch(/False resolution\s+Came back about the same issue/);
    expect(await row.innerText()).toContain('Fin: assumed resolution');
    expect(await row.getByRole('link').getAttribute('href')).toBe(conversationUrl(ASSUMED_FOLLOW_UP));
    const maya = page.locator(`[data-conv-key="intercom:demo:${ASSUMED_NO_ANSWER}"]`);
    await expect.poll(() => maya.innerText()).toMatch(/Unsure[\s\S]*Ana \(Tier 1\)/);
    await page.close();
  });

  it('an open dashboard updates by itself when an agent tags in the helpdesk', async () => {
    const dashboard = await context.newPage();
    await dashboard.goto(browser.dashboardUrl);
    const row = dashboard.locator(`[data-conv-key="intercom:demo:${PROCEDURE_HANDOFF}"]`);
    await expect.poll(() => row.innerText()).toMatch(/Unsure/);
    const helpdesk = await open(PROCEDURE_HANDOFF);
    await bar(helpdesk).getByRole('button', { name: /^Genuine/ }).click();
    await expect.poll(() => row.innerText()).toMatch(/Genuine/);
    await helpdesk.close();
    await dashboard.close();
  });

  it('exports the whole event log as CSV and JSON with the tags in them', async () => {
    const page = await context.newPage();
    await page.goto(browser.dashboardUrl);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^recount-events-.*\.csv$/);
    const csv = await readFile((await csvDownload.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(`"intercom","demo","${ASSUMED_FOLLOW_UP}","false","recontacted"`);
    expect(csv).toContain('"Customer wrote ""=SUM(A1)"" later, by email,\nsecond line"'); // quoted, newline kept
    expect(csv).toContain('"Ana (Tier 1)"');

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const json = JSON.parse(await readFile((await jsonDownload.path())!, 'utf8'));
    expect(json.format).toBe('recount-events');
    const events = json.events as Array<{ conversationId: string; verdict: string; reason: string | null; id: string }>;
    expect(events.length).toBe(10); // every tag made in this file, none lost, none doubled
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.filter((e) => e.conversationId === ASSUMED_ASKS_HUMAN).map((e) => e.verdict)).toEqual(['false', 'unsure', 'genuine']);
    // Every CSV row is one of these events.
    for (const event of events) expect(csv).toContain(`"${event.id}"`);
    await page.close();
  });
});

describe('where data lives', () => {
  it("the vendor's page has no Recount database; the extension's origin has it", async () => {
    const page = await open(ASSUMED_NO_ANSWER);
    await bar(page).waitFor();
    const vendorDbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(vendorDbs).not.toContain('recount');
    const dashboard = await context.newPage();
    await dashboard.goto(browser.dashboardUrl);
    const extensionDbs = await dashboard.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(extensionDbs).toContain('recount');
    await page.close();
    await dashboard.close();
  });

  it('the extension made no network request: every request in this run is the demo helpdesk loading itself', () => {
    const unexpected = browser.requests.filter((url) => {
      if (url.startsWith('chrome-extension://')) return false;
      const { hostname, pathname } = new URL(url);
      const helpdesk = hostname === 'app.intercom.com';
      return !(helpdesk && (pathname.startsWith('/__demo__/') || pathname.startsWith('/a/inbox/')));
    });
    // (Only the Intercom demo loads in this file; every request is the page itself or its own assets.)
    expect(browser.requests.length).toBeGreaterThan(10);
    expect(unexpected).toEqual([]);
  });

  it('the test build is granted what the product asks for at runtime, and nothing more', async () => {
    const manifest = await browser.worker.evaluate(
      () => (globalThis as unknown as { chrome: { runtime: { getManifest(): { host_permissions?: string[]; permissions?: string[]; optional_host_permissions?: string[] } } } }).chrome.runtime.getManifest(),
    );
    // The product's manifest has no host_permissions at all (test/e2e/first-run.test.ts, store-package.test.ts).
    expect(manifest.host_permissions).toEqual([
      'https://app.intercom.com/*',
      'https://app.eu.intercom.com/*',
      'https://app.au.intercom.com/*',
      'https://*.zendesk.com/*',
      'https://*.lightning.force.com/*',
      'https://console.sierra.example/*',
      'https://api.intercom.io/*',
      'https://api.eu.intercom.io/*',
      'https://api.au.intercom.io/*',
      'http://127.0.0.1/*',
    ]);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*']);
    // scripting: the helpdesks' and profile hosts' content scripts; storage: the API token and team-log
    // credentials; alarms: the team log's retries while the worker sleeps; offscreen: the document that starts a
    // team pull's page checker (a worker).
    expect(manifest.permissions).toEqual(['scripting', 'storage', 'alarms', 'offscreen']);
    const granted = await browser.worker.evaluate(() => (globalThis as unknown as { chrome: { permissions: { getAll(): Promise<{ origins?: string[] }> } } }).chrome.permissions.getAll());
    expect(granted.origins?.sort()).toEqual(manifest.host_permissions!.slice().sort());
  });
});
