// Intercom's API as a second witness, end to end in Debian's Chromium: the token saved in Settings, the bar
// with both claims, an unreadable page read from the API, the pull into reconciliation — against a fake API
// served at the real hosts (test/support/intercom-api.mjs), shaped as Intercom's public spec describes.
// The test build grants the API hosts at install: Chromium cannot accept a permission prompt under automation.
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationUrl, E2E_EXTENSION_DIR, fixtureUrl, launchWithExtension, openTab, statusChip, storedRow, verdictBar, type LaunchedBrowser, showArea } from '../support/browser.mjs';
import { DEMO_TOKEN, DISAGREEING_CONVERSATION, serveIntercomApi } from '../support/intercom-api.mjs';

type Scripted = { kind: 'me' | 'search' | 'conversation'; id?: string; response: { status?: number; body?: string; headers?: Record<string, string>; delayMs?: number } };
const queue: Scripted[] = [];
const script = {
  next(kind: Scripted['kind'], url: URL) {
    const i = queue.findIndex((q) => q.kind === kind && (!q.id || url.pathname.endsWith(`/${q.id}`)));
    return i < 0 ? null : queue.splice(i, 1)[0].response;
  },
};

let browser: LaunchedBrowser;
let context: BrowserContext;
let api: Awaited<ReturnType<typeof serveIntercomApi>>;
let savedAt = 0;
beforeAll(async () => {
  browser = await launchWithExtension({ extensionDir: E2E_EXTENSION_DIR });
  context = browser.context;
  api = await serveIntercomApi(context, { script });
});
afterAll(async () => {
  await context?.close();
});

const bar = verdictBar;
const status = statusChip;
const open = (url: string) => openTab(context, url);

describe('Intercom API witness', () => {
  it('without a token nothing goes to the API: the bar shows the page alone', async () => {
    const page = await open(conversationUrl('215467891234501'));
    await expect.poll(() => bar(page).innerText()).toContain('Fin: assumed resolution');
    await page.waitForTimeout(400);
    expect(await bar(page).innerText()).not.toContain('API');
    expect(api.seen).toEqual([]);
    await page.close();
  });

  it('Settings › Intercom API: a refused token says so and is not kept', async () => {
    const dashboard = await open(`${browser.dashboardUrl}#settings`);
    const form = dashboard.getByRole('group', { name: 'Intercom API' });
    await form.getByLabel('Access token').fill('not-a-valid-token');
    await form.getByRole('button', { name: 'Test connection and save' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toMatch(/^Not connected: Intercom refused the token \(401\)/);
    expect(await form.getByLabel('Access token').count()).toBe(1); // still the form: nothing saved
    await dashboard.close();
  });

  it('a token Intercom accepts is saved: the workspace is named, the token is gone from the page', async () => {
    const dashboard = await open(`${browser.dashboardUrl}#settings`);
    const form = dashboard.getByRole('group', { name: 'Intercom API' });
    await form.getByLabel('Data region').selectOption('us');
    await form.getByLabel('Access token').fill(DEMO_TOKEN);
    savedAt = Date.now();
    await form.getByRole('button', { name: 'Test connection and save' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toBe('Connected to the Intercom workspace “Recount Demo Inbox”.');
    expect(await form.innerText()).toContain('Connected to Recount Demo Inbox through https://api.intercom.io');
    expect(await dashboard.content()).not.toContain(DEMO_TOKEN);
    // The token is in storage.local, not in the database that exports and backups are made from.
    const inStorage = await browser.worker.evaluate(async () => JSON.stringify(await (globalThis as unknown as { chrome: { storage: { local: { get(): Promise<unknown> } } } }).chrome.storage.local.get()));
    expect(inStorage).toContain(DEMO_TOKEN);
    await dashboard.close();
  });

  it('both witnesses on the bar; where they disagree it says so, and the API claim is what is stored', async () => {
    const page = await open(conversationUrl('215467891234501'));
    await expect.poll(() => bar(page).innerText()).toContain("Intercom's API agrees: Assumed resolution.");

    await page.goto(conversationUrl(DISAGREEING_CONVERSATION));
    await expect.poll(() => status(page).innerText()).toContain('Page says Assumed Resolution, API says Escalated');
    expect(await status(page).innerText()).toMatch(/^Fin: escalated to a teammate — not billed/);
    expect(await bar(page).count()).toBe(0);
    const dashboard = await open(browser.dashboardUrl);
    await expect.poll(async () => (await storedRow<{ claim: unknown }>(dashboard, 'conversations', `intercom:demo:${DISAGREEING_CONVERSATION}`))?.claim).toMatchObject({
      resolution: 'escalated',
      resolutionLabel: 'Escalated (Intercom API; page: Assumed Resolution)',
    });
    await dashboard.close();
    await page.close();
  });

  it('a slow API never delays the bar: the page claim first, the API word when it comes', async () => {
    queue.push({ kind: 'conversation', id: '215467891234502', response: { status: 200, delayMs: 2500, body: '' } });
    // The delayed answer is scripted as empty (refused as not JSON): what matters is when the bar appeared.
    const page = await open(conversationUrl('215467891234502'));
    const started = Date.now();
    await bar(page).getByText('Fin: confirmed resolution').waitFor({ timeout: 2000 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await bar(page).innerText()).not.toContain('Intercom API');
    await expect.poll(() => bar(page).innerText(), { timeout: 8000 }).toContain('Intercom API:');
    await page.close();
  });

  it('a malformed or a 5 MB answer is refused by name, and the page claim stands', async () => {
    queue.push({ kind: 'conversation', id: '215467891234509', response: { body: JSON.stringify({ type: 'conversation', id: '215467891234509', created_at: 1, updated_at: 2, ai_agent_participated: 'yes', ai_agent: null }) } });
    const page = await open(conversationUrl('215467891234509'));
    await expect.poll(() => bar(page).innerText()).toMatch(/Intercom API: .*ai_agent_participated/);
    expect(await bar(page).innerText()).toContain('Fin: confirmed resolution');

    queue.push({ kind: 'conversation', id: '215467891234511', response: { body: `{"type":"conversation","id":"215467891234511","pad":"${'x'.repeat(5.2 * 1024 * 1024)}"}` } });
    await page.goto(conversationUrl('215467891234511'));
    await expect.poll(() => bar(page).innerText(), { timeout: 10_000 }).toMatch(/Intercom API: .*(MB|large)/i);
    expect(await bar(page).innerText()).toContain('Fin: assumed resolution');
    await page.close();
  });

  it("a page Recount cannot read is read from Intercom's API, and can be tagged", async () => {
    const page = await open(fixtureUrl('intercom/changed-dom.html', conversationUrl('215467891234514')));
    await expect.poll(() => bar(page).innerText(), { timeout: 8000 }).toContain("Read from Intercom's API: the page could not be read");
    expect(await bar(page).innerText()).toContain('Fin: confirmed resolution');
    expect(await bar(page).innerText()).not.toContain('Suggestion:');
    await bar(page).getByRole('button', { name: /^Genuine/ }).click();
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: Genuine/);
    await page.close();
  });
});

describe('Reconcile › Pull from Intercom', () => {
  const dayOf = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60e3).toISOString().slice(0, 10);

  it('follows every page, waits out a 429 until its reset, retries a 500, and previews the list like an upload', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 2;
    queue.push({ kind: 'search', response: { status: 429, headers: { 'X-RateLimit-Limit': '166', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) }, body: '{"type":"error.list","errors":[{"code":"rate_limit_exceeded","message":"Rate Limit Exceeded"}]}' } });
    queue.push({ kind: 'search', response: { status: 500, body: '{"type":"error.list","errors":[{"code":"server_error","message":"Server Error"}]}' } });
    const dashboard = await open(`${browser.dashboardUrl}#reconcile`);
    const pull = dashboard.getByRole('region', { name: 'Pull from Intercom' });
    await pull.getByLabel('From').fill(dayOf(Date.now() - 10 * 86400e3));
    await pull.getByLabel('to').fill(dayOf(Date.now()));
    const before = api.seen.length;
    await pull.getByRole('button', { name: 'Pull from Intercom' }).click();
    await expect.poll(() => pull.innerText(), { timeout: 5000 }).toMatch(/rate limit: waiting until/);
    const preview = dashboard.getByRole('region', { name: 'Billed list preview' });
    // The demo inbox, by hand (test/demo/helpdesk/data.js): 18 conversations Fin resolved or handed off —
    // 25 in all, less 503/521 routed to team, 505 escalated by the API, 507 escalated, 510 abandoned,
    // 516 negative feedback, 513 without Fin.
    await expect.poll(() => preview.innerText(), { timeout: 15_000 }).toContain('18 billed item(s)');
    const searches = api.seen.slice(before).filter((r) => r.path === '/conversations/search');
    // 18 over pages of 5 = 4 pages, plus the 429 and the 500 answered first.
    expect(searches).toHaveLength(6);
    expect(searches[1].at - searches[0].at).toBeGreaterThanOrEqual(1000);
    await preview.getByRole('button', { name: 'Import 18 billed item(s)' }).click();
    await expect.poll(() => dashboard.locator('.billed-import > [role="status"]').innerText()).toMatch(/^Imported 18 billed item\(s\) from Intercom API pull/);
    await dashboard.close();
  });

  it('a 401 stops the pull with a clear message, and nothing is imported', async () => {
    queue.push({ kind: 'search', response: { status: 401, body: '{"type":"error.list","errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}' } });
    const dashboard = await open(`${browser.dashboardUrl}#reconcile`);
    const pull = dashboard.getByRole('region', { name: 'Pull from Intercom' });
    await pull.getByLabel('From').fill(dayOf(Date.now() - 10 * 86400e3));
    await pull.getByLabel('to').fill(dayOf(Date.now()));
    await pull.getByRole('button', { name: 'Pull from Intercom' }).click();
    await expect.poll(() => pull.getByRole('status').innerText()).toMatch(/^Nothing imported: Intercom refused the token \(401\)/);
    expect(await dashboard.getByRole('region', { name: 'Billed list preview' }).count()).toBe(0);
    await dashboard.close();
  });
});

describe('network', () => {
  it('only the helpdesk and the chosen API host were contacted, the API only from the first save on', () => {
    // Every http(s) request of the whole run, by any page, worker or the extension (the extension's own files aside).
    const web = browser.requests.filter((url: string) => /^https?:/.test(url));
    expect([...new Set(web.map((url: string) => new URL(url).host))].sort()).toEqual(['api.intercom.io', 'app.intercom.com']);
    expect(api.seen.every((r) => r.host === 'api.intercom.io')).toBe(true);
    // The first request is the refused token's test; every other one came with or after the accepted save.
    expect(api.seen[0].path).toBe('/me');
    expect(api.seen.slice(1).every((r) => r.at >= savedAt)).toBe(true);
    expect(api.seen.slice(1).every((r) => r.authorised)).toBe(true);
  });
});
