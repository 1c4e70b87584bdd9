// Zendesk, Salesforce and a user-defined vendor profile, end to end in Debian's Chromium; list badges and
// adapter health. Vendor URLs are routed to the demo apps and saved pages in test/.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_EXTENSION_DIR, fixtureUrl, isVendorUrl, launchWithExtension, type LaunchedBrowser, showArea } from '../support/browser.mjs';

const ZENDESK_VIEW = 'https://acme.zendesk.com/agent/filters/360001';
const SF_SESSION = 'https://acme.lightning.force.com/lightning/r/MessagingSession/0Mw5g000000bXyZCAU/view';
const SF_CASE = 'https://acme.lightning.force.com/lightning/r/Case/5005g00000AbCdEAAQ/view';
const SIERRA_PAGE = 'https://console.sierra.example/conversations/c-1042';

const bar = (page: Page) => page.getByRole('region', { name: 'Recount verdict' });
const status = (page: Page) => page.getByRole('status', { name: 'Recount status' });
const badge = (page: Page, ticket: string) => page.locator(`a[href="/agent/tickets/${ticket}"] [data-recount-badge]`);

// The e2e build is the product plus the custom profile's test host granted at install (Chromium can't accept
// an extension permission prompt under automation); everything else behaves as the product build.
let browser: LaunchedBrowser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchWithExtension({ extensionDir: E2E_EXTENSION_DIR });
  context = browser.context;
});
afterAll(async () => {
  await context?.close();
});

describe('Zendesk Agent Workspace', () => {
  let page: Page;
  beforeAll(async () => {
    page = await context.newPage();
    await page.goto(ZENDESK_VIEW);
  });

  it('overlays an automated-resolution candidate with the 72 h rule, and tags it', async () => {
    await page.getByRole('link', { name: '#1201 Where is my parcel?' }).click();
    await expect.poll(() => page.url()).toContain('/agent/tickets/1201');
    await expect.poll(() => bar(page).innerText()).toContain('Zendesk AI agent: automated resolution candidate');
    expect(await bar(page).innerText()).toMatch(/Zendesk's 72 h clock started at this ticket's first message, .+ \(your time\): billable as an automated resolution since/);
    expect(await bar(page).innerText()).toContain('Suggestion: unverified, read it');
    await bar(page).getByRole('button', { name: /^False resolution/ }).click();
    await bar(page).getByRole('combobox', { name: /Why false/ }).selectOption('abandoned');
    await bar(page).getByRole('button', { name: 'Save false resolution' }).click();
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: False resolution — Customer gave up/);
  });

  it('follows the active ticket across tabs: a teammate-solved ticket gets a neutral chip, back again the verdict', async () => {
    await page.getByRole('link', { name: '#1310 2FA codes rejected' }).click();
    await expect.poll(() => status(page).innerText()).toBe('Zendesk AI agent: handled by a teammate — not billed');
    expect(await bar(page).count()).toBe(0);
    await page.getByRole('tab', { name: /#1201/ }).click();
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: False resolution — Customer gave up/);
  });

  it('badges the view rows: tagged false, untagged billable, nothing for unbilled or unread tickets; updates after tagging', async () => {
    await expect.poll(() => badge(page, '1201').innerText()).toBe('✗ False');
    await page.getByRole('link', { name: '#1202 Change delivery address' }).click();
    await expect.poll(() => bar(page).innerText()).toContain('Suggestion: Genuine');
    await expect.poll(() => badge(page, '1202').innerText()).toBe('● Not tagged');
    expect(await badge(page, '1310').count()).toBe(0);
    expect(await badge(page, '1400').count()).toBe(0);
    await page.keyboard.press('Alt+Shift+KeyG');
    await expect.poll(() => badge(page, '1202').innerText()).toBe('✓ Genuine');
    expect(await badge(page, '1202').getAttribute('title')).toBe('Recount: tagged genuine');
  });

  it('a badge follows a tag made in another tab', async () => {
    const other = await context.newPage();
    await other.goto('https://acme.zendesk.com/agent/tickets/1201');
    await expect.poll(() => bar(other).innerText()).toMatch(/Current: False resolution/);
    await bar(other).getByRole('button', { name: /^Unsure/ }).click();
    await expect.poll(() => badge(page, '1201').innerText()).toBe('? Unsure');
    await other.close();
  });
});

describe('Salesforce Agentforce', () => {
  it('reads a messaging session through nested shadow roots: billed windows, the re-opened one flagged, tagged by keyboard', async () => {
    const page = await context.newPage();
    await page.goto(fixtureUrl('salesforce/messaging-session-reopened.html', SF_SESSION));
    await expect.poll(() => bar(page).innerText()).toContain('Agentforce: billed conversation');
    const text = await bar(page).innerText();
    expect(text).toContain('2 billed conversation windows of 24 h · 1 opened because the customer came back · 1 agent action');
    expect(text).toContain('Suggestion: False resolution (Came back about the same issue)');
    await page.keyboard.press('Alt+Shift+KeyF');
    await page.getByRole('combobox', { name: /Why false/ }).waitFor();
    await page.keyboard.press('Enter'); // the suggested reason is preselected
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: False resolution — Came back about the same issue/);
    await page.reload();
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: False resolution — Came back about the same issue/);
    // To a Case without a transcript and back: the bar goes and comes back with its verdict.
    await page.goto(fixtureUrl('salesforce/case-no-transcript.html', SF_CASE));
    await expect.poll(() => bar(page).count()).toBe(0);
    await page.goBack();
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: False resolution — Came back about the same issue/);
    await page.close();
  });

  it('no verdict bar on a Case whose page shows no transcript', async () => {
    const page = await context.newPage();
    await page.goto(fixtureUrl('salesforce/case-no-transcript.html', SF_CASE));
    await page.waitForTimeout(800);
    expect(await bar(page).count()).toBe(0);
    expect(await status(page).count()).toBe(0);
    await page.close();
  });
});

describe('adapter health', () => {
  it("a changed page shows the chip, no bar; the dashboard's diagnostics name the marker and when it last worked", async () => {
    const working = await context.newPage();
    await working.goto('https://app.intercom.com/a/inbox/demo/inbox/shared/all/conversation/215467891234501');
    await bar(working).waitFor();
    await working.close();

    const broken = await context.newPage();
    await broken.goto(fixtureUrl('intercom/changed-dom.html', 'https://app.intercom.com/a/inbox/demo/inbox/shared/all/conversation/215467891234501'));
    await expect.poll(() => status(broken).innerText(), { timeout: 8_000 }).toMatch(/can’t read this page/);
    expect(await bar(broken).count()).toBe(0);

    const dashboard = await context.newPage();
    await dashboard.goto(`${browser.dashboardUrl}#diagnostics`);
    const row = dashboard.locator('tr[data-health-id="intercom|Intercom|/a/inbox/demo/inbox/shared/all/conversation/:id"]');
    await expect.poll(() => row.innerText()).toMatch(/can't read\s+conversation area, details sidebar, message parts/);
    expect(await row.innerText()).not.toMatch(/—\s*$/); // last seen working is a time, not a dash
    const zendeskRow = dashboard.locator('tr[data-health-id="zendesk|Zendesk|/agent/tickets/:id"]');
    await expect.poll(() => zendeskRow.innerText()).toMatch(/working/);
    await broken.close();
    await dashboard.close();
  });
});

describe('user-defined vendor profile (Sierra-like console)', () => {
  it('is built in the dashboard form with field-level errors and a JSON view, then reads and tags the third vendor', async () => {
    const dashboard = await context.newPage();
    await dashboard.goto(`${browser.dashboardUrl}#profiles`);
    await dashboard.getByRole('combobox', { name: 'Start from an example' }).selectOption('sierra');
    const form = dashboard.getByRole('form', { name: 'Vendor profile' });

    // Field-level errors name the field and what is wrong, once the field is left (none before anything is typed).
    expect(await form.locator('[aria-invalid="true"]').count()).toBe(0);
    await form.getByLabel('Host (match pattern)').fill('<all_urls>');
    await form.getByLabel('Host (match pattern)').blur();
    await expect.poll(() => form.locator('#profile-hostPattern-error').innerText()).toMatch(/a match pattern for one https host/);
    await form.getByLabel('Message selector').fill('.message[');
    await form.getByLabel('Message selector').blur();
    await expect.poll(() => form.locator('#profile-messageSelector-error').innerText()).toMatch(/not a valid CSS selector/);
    await form.getByRole('button', { name: 'Save and grant access' }).click();
    await expect.poll(() => dashboard.locator('.profiles > [role=status]').innerText()).toBe('Not saved: fix the fields marked below.');
    await form.getByLabel('Host (match pattern)').fill('https://console.sierra.example/*');
    await form.getByLabel('Message selector').fill('.transcript .message');

    // The JSON view edits the same profile.
    await form.getByRole('button', { name: 'JSON' }).click();
    const json = form.getByLabel('Profile as JSON');
    const profile = JSON.parse(await json.inputValue());
    expect(profile).toMatchObject({ id: 'sierra', hostPattern: 'https://console.sierra.example/*', messageSelector: '.transcript .message' });
    await json.fill('{ "id": "sierra", "name": ');
    await expect.poll(() => form.innerText()).toMatch(/JSON: /);
    await json.fill(JSON.stringify({ ...profile, name: 'Sierra (trial)' }, null, 2));
    await form.getByRole('button', { name: 'Form' }).click();
    expect(await form.getByLabel('Vendor name').inputValue()).toBe('Sierra (trial)');

    await form.getByRole('button', { name: 'Save and grant access' }).click();
    await expect
      .poll(() => dashboard.locator('.profiles > [role=status]').innerText())
      .toBe('Saved “Sierra (trial)”. Recount can read https://console.sierra.example/*.');
    await expect.poll(() => dashboard.locator('tr[data-profile-id="sierra"]').innerText()).toMatch(/granted/);

    // The third vendor's page, read through the profile.
    const vendor = await context.newPage();
    await vendor.goto(fixtureUrl('custom/sierra-conversation.html', SIERRA_PAGE));
    await expect.poll(() => bar(vendor).innerText()).toContain('Sierra (trial): resolved');
    expect(await bar(vendor).innerText()).toContain('Suggestion: Genuine');
    await bar(vendor).getByRole('button', { name: /^Genuine/ }).click();
    await expect.poll(() => bar(vendor).innerText()).toMatch(/Current: Genuine/);

    // Live preview against the open tab.
    await dashboard.bringToFront();
    await form.getByRole('button', { name: 'Preview on the open tab' }).click();
    await expect
      .poll(() => form.getByRole('status', { name: 'Preview' }).innerText())
      .toBe('Found 3 messages, 1 by the AI, state: Resolved (conversation c-1042)');

    await showArea(dashboard, 'overview');
    const row = dashboard.locator('[data-conv-key="custom:sierra:c-1042"]');
    await expect.poll(() => row.innerText()).toMatch(/Sierra \(trial\): resolved\s+Genuine/);
    await vendor.close();
    await dashboard.close();
  });

  it('hosts outside the helpdesks and the granted profile host stay untouched, and nothing left the browser', async () => {
    const granted = await browser.worker.evaluate(() => (globalThis as unknown as { chrome: { permissions: { getAll(): Promise<{ origins?: string[] }> } } }).chrome.permissions.getAll());
    expect(granted.origins).not.toContain('https://*/*');
    expect(granted.origins).not.toContain('<all_urls>');
    const unexpected = browser.requests.filter((url) => !url.startsWith('chrome-extension://') && !isVendorUrl(url));
    expect(unexpected).toEqual([]);
    const vendorRequests = browser.requests.filter((url) => isVendorUrl(url));
    // Every vendor request is a page we opened or its own demo assets: the extension fetched nothing.
    for (const url of vendorRequests) {
      const { pathname, searchParams } = new URL(url);
      expect(pathname.startsWith('/__demo__/') || pathname.startsWith('/agent/') || pathname.startsWith('/a/inbox/') || searchParams.has('__fixture__'), url).toBe(true);
    }
  });
});
