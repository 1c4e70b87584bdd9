// A new user's first minutes, in Chromium: the product build grants nothing at install and opens the welcome page;
// no helpdesk is read until it is ticked there. The test build (what the welcome page's prompts grant, granted at
// install because Chromium cannot click a permission prompt under automation) shows the rest: the popup an agent
// keeps open, the privacy page, and turning off "Keep transcripts" asking before it deletes anything.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationUrl, EXTENSION_DIR, isVendorUrl, launchWithExtension, openTab, storedRow, verdictBar, type LaunchedBrowser } from '../support/browser.mjs';

const welcomeOf = async (browser: LaunchedBrowser): Promise<Page> => {
  const url = `chrome-extension://${browser.extensionId}/welcome.html`;
  return browser.context.pages().find((p) => p.url() === url) ?? (await browser.context.waitForEvent('page', { predicate: (p) => p.url() === url }));
};
type Chrome = {
  chrome: {
    permissions: { getAll(): Promise<{ origins?: string[] }> };
    scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> };
  };
};

describe('the product build on a new installation', () => {
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    browser = await launchWithExtension({ extensionDir: EXTENSION_DIR, keepWelcome: true });
  });
  afterAll(async () => {
    await browser?.context.close();
  });

  it('opens the welcome page with every helpdesk off, and is granted no host', async () => {
    const welcome = await welcomeOf(browser);
    await welcome.getByRole('heading', { name: 'Welcome to Recount' }).waitFor();
    const helpdesks = welcome.getByRole('group', { name: 'Helpdesks your team uses' });
    for (const name of [/^Intercom/, /^Zendesk Agent Workspace/, /^Salesforce \(Agentforce\)/]) {
      expect(await helpdesks.getByRole('checkbox', { name }).isChecked()).toBe(false);
    }
    const granted = await browser.worker.evaluate(() => (globalThis as unknown as Chrome).chrome.permissions.getAll());
    expect(granted.origins ?? []).toEqual([]);
    const scripts = await browser.worker.evaluate(() => (globalThis as unknown as Chrome).chrome.scripting.getRegisteredContentScripts());
    expect(scripts).toEqual([]);
    // The keys and the privacy summary are on the page once; the name form works before any helpdesk is on.
    expect(await welcome.getByRole('table', { name: 'Keyboard shortcuts' }).innerText()).toMatch(/Alt\+Shift\+G[\s\S]*Alt\+Shift\+F[\s\S]*2 Came back about the same issue/);
    await welcome.getByLabel('Your reviewer name').fill('Ana');
    await welcome.getByRole('button', { name: 'Save name' }).click();
    await welcome.getByText('Reviewer name saved.').waitFor();
    const [privacy] = await Promise.all([browser.context.waitForEvent('page'), welcome.getByRole('link', { name: 'Read the privacy page' }).click()]);
    await privacy.getByRole('heading', { name: 'What leaves this browser' }).waitFor();
    await privacy.close();
  });

  it('does not read a helpdesk the user has not turned on', async () => {
    const page = await openTab(browser.context, conversationUrl('215467891234501'));
    await page.locator('body').waitFor();
    // The demo inbox renders at once; a granted helpdesk's bar comes within a second (the e2e suite's norm).
    await page.waitForTimeout(1500);
    expect(await verdictBar(page).count()).toBe(0);
    await page.close();
  });

  it('contacted no host but the helpdesk page the test opened', () => {
    expect(browser.requests.filter((url) => /^https?:/.test(url) && !isVendorUrl(url))).toEqual([]);
  });
});

describe('the test build: helpdesks granted as the welcome page would', () => {
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    browser = await launchWithExtension({ keepWelcome: true });
  });
  afterAll(async () => {
    await browser?.context.close();
  });

  it('registers one reader per granted helpdesk, shown ticked on the welcome page', async () => {
    const welcome = await welcomeOf(browser);
    const helpdesks = welcome.getByRole('group', { name: 'Helpdesks your team uses' });
    await expect.poll(() => helpdesks.getByRole('checkbox', { name: /^Intercom/ }).isChecked()).toBe(true);
    expect(await helpdesks.getByRole('checkbox', { name: /^Zendesk/ }).isChecked()).toBe(true);
    const scripts = await browser.worker.evaluate(() => (globalThis as unknown as Chrome).chrome.scripting.getRegisteredContentScripts());
    expect(scripts.map((s) => [s.id, s.matches?.slice().sort()]).sort()).toEqual([
      ['recount-helpdesk-intercom', ['https://app.au.intercom.com/*', 'https://app.eu.intercom.com/*', 'https://app.intercom.com/*']],
      ['recount-helpdesk-salesforce', ['https://*.lightning.force.com/*']],
      ['recount-helpdesk-zendesk', ['https://*.zendesk.com/*']],
    ]);
    await welcome.close();
  });

  it('the popup holds the name, today’s tags, the status lines and the privacy link, under 600 px tall', async () => {
    const tab = await openTab(browser.context, conversationUrl('215467891234501'));
    await verdictBar(tab).getByRole('button', { name: /^Genuine/ }).click();
    await expect.poll(() => verdictBar(tab).innerText()).toMatch(/Saved/);
    const popup = await browser.context.newPage();
    // A toolbar popup is as wide as its body: open it at that width to measure its height as shown.
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.goto(browser.popupUrl);
    await expect.poll(() => popup.locator('[data-today]').innerText()).toBe('Today you tagged 1: 1 genuine, 0 false, 0 unsure.');
    expect(await popup.getByRole('status', { name: 'Intercom API status' }).innerText()).toMatch(/^Intercom API: not connected/);
    expect(await popup.getByLabel('Your reviewer name').count()).toBe(1);
    // Prices and contract terms are the dashboard's: not here.
    expect(await popup.locator('input[name^="price-"]').count()).toBe(0);
    const height = await popup.evaluate(() => Math.ceil(document.querySelector('main')!.getBoundingClientRect().bottom));
    expect(height).toBeLessThan(600);
    const [privacy] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('link', { name: /^Privacy/ }).click()]);
    expect(privacy.url()).toBe(`chrome-extension://${browser.extensionId}/privacy.html`);
    await privacy.close();
    await popup.close();
    await tab.close();
  });

  it('the bar starts clear of the reply composer’s Send button, moves corner to corner, and each helpdesk keeps its own', async () => {
    const tab = await openTab(browser.context, conversationUrl('215467891234504'));
    await verdictBar(tab).waitFor();
    const host = tab.locator('recount-verdict');
    const overlaps = async () => {
      const bar = (await verdictBar(tab).boundingBox())!;
      const send = (await tab.getByRole('button', { name: 'Send' }).boundingBox())!;
      return bar.x < send.x + send.width && send.x < bar.x + bar.width && bar.y < send.y + send.height && send.y < bar.y + bar.height;
    };
    expect(await host.getAttribute('data-dock')).toBe('bottom-left');
    expect(await overlaps()).toBe(false);
    const box = (await verdictBar(tab).boundingBox())!;
    expect(box.x).toBeLessThan(40);
    await verdictBar(tab).getByRole('button', { name: 'Move' }).click();
    expect(await host.getAttribute('data-dock')).toBe('top-left');
    await expect.poll(async () => (await verdictBar(tab).boundingBox())!.y).toBeLessThan(40);
    // Remembered: a reload of this helpdesk keeps the corner; another helpdesk host keeps its own default.
    await tab.reload();
    await verdictBar(tab).waitFor();
    await expect.poll(() => host.getAttribute('data-dock')).toBe('top-left');
    const zendesk = await openTab(browser.context, 'https://acme.zendesk.com/agent/tickets/1201');
    await verdictBar(zendesk).waitFor();
    expect(await zendesk.locator('recount-verdict').getAttribute('data-dock')).toBe('bottom-left');
    await zendesk.close();
    // Round the corners back to the start.
    for (const dock of ['top-right', 'bottom-right', 'bottom-left']) {
      await verdictBar(tab).getByRole('button', { name: 'Move' }).click();
      expect(await host.getAttribute('data-dock')).toBe(dock);
    }
    await tab.close();
  });

  it('turning off Keep transcripts asks first; “Keep them” deletes nothing, “Delete” deletes them all', async () => {
    const convKey = 'intercom:demo:215467891234502';
    const tab = await openTab(browser.context, conversationUrl('215467891234502'));
    await verdictBar(tab).waitFor();
    const dashboard = await openTab(browser.context, `${browser.dashboardUrl}#settings`);
    await expect.poll(async () => ((await storedRow(dashboard, 'conversations', convKey)) as { transcript: unknown[] | null } | undefined)?.transcript?.length ?? 0).toBeGreaterThan(0);
    const settings = dashboard.locator('#settings');
    const keep = settings.getByRole('checkbox', { name: /^Keep transcripts/ });
    expect(await keep.isChecked()).toBe(true);

    await keep.uncheck();
    const confirm = settings.getByRole('alertdialog');
    expect(await confirm.innerText()).toMatch(/deletes every transcript stored in this browser/);
    await confirm.getByRole('button', { name: 'Keep them' }).click();
    await settings.getByText('Transcripts are still kept; nothing was deleted.').waitFor();
    expect(await keep.isChecked()).toBe(true);
    expect(((await storedRow(dashboard, 'conversations', convKey)) as { transcript: unknown[] | null }).transcript?.length).toBeGreaterThan(0);

    await keep.uncheck();
    await settings.getByRole('alertdialog').getByRole('button', { name: 'Delete stored transcripts' }).click();
    await settings.getByText('Transcripts are no longer kept; stored ones were deleted.').waitFor();
    expect(await keep.isChecked()).toBe(false);
    expect(((await storedRow(dashboard, 'conversations', convKey)) as { transcript: unknown[] | null }).transcript).toBeNull();
    await dashboard.close();
    await tab.close();
  });

  it('contacted no host but the helpdesk pages the tests opened', () => {
    expect(browser.requests.length).toBeGreaterThan(0);
    expect(browser.requests.filter((url) => /^https?:/.test(url) && !isVendorUrl(url))).toEqual([]);
  });
});
