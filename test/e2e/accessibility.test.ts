// axe-core (the engine behind most accessibility audits) over every page a user sees — the popup, the welcome
// and privacy pages, each area of the dashboard, and the verdict bar's shadow root on a helpdesk page — in light and
// in dark: no serious or critical violation. And the dashboard is usable from the keyboard alone, focus visible.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationUrl, launchWithExtension, openTab, verdictBar, type LaunchedBrowser } from '../support/browser.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'] as const;
const AREAS = ['overview', 'reconcile', 'spot-checks', 'team', 'data', 'settings'] as const;

interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * The serious and critical violations on the page (or inside `include`), one line each with where and why. axe is
 * evaluated through the DevTools protocol, which an extension page's CSP does not block (a <script> would be).
 */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async (scope) => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeResult[] }> } }).axe;
      const result = await axe.run(scope ? { include: [[scope]] } : document, { resultTypes: ['violations'] });
      return result.violations;
    },
    include ?? null,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${JSON.stringify(n.target)}: ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`));
}

let browser: LaunchedBrowser;
beforeAll(async () => {
  browser = await launchWithExtension({ keepWelcome: true });
  // Something in every area: tagged conversations (figures, charts, table), so nothing is checked empty only.
  const tab = await openTab(browser.context, conversationUrl('215467891234501'));
  await verdictBar(tab).getByRole('button', { name: /^Genuine/ }).click();
  await verdictBar(tab).getByText('Current: Genuine').waitFor();
  await tab.goto(conversationUrl('215467891234502'));
  await verdictBar(tab).getByRole('button', { name: /^False/ }).click();
  await verdictBar(tab).getByRole('combobox', { name: /Why false/ }).selectOption('recontacted');
  await verdictBar(tab).getByRole('button', { name: 'Save false resolution' }).click();
  await verdictBar(tab).getByText('Current: False resolution').waitFor();
  await tab.close();
});
afterAll(async () => {
  await browser?.context.close();
});

describe.each(SCHEMES)('in the %s colour scheme', (scheme) => {
  it('the popup, welcome and privacy pages have no serious or critical violation', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    for (const path of ['popup.html', 'welcome.html', 'privacy.html']) {
      await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
      await page.locator('main').waitFor();
      await page.waitForLoadState('networkidle');
      found.push(...(await seriousViolations(page)).map((line) => `${path}: ${line}`));
    }
    expect(found).toEqual([]);
    await page.close();
  });

  it.each(AREAS)('the dashboard’s %s area has none', async (area) => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${browser.dashboardUrl}#${area}`);
    await page.locator(`#area-${area}`).waitFor({ state: 'visible' });
    await expect.poll(() => page.locator(`#area-${area}`).getByText('Loading…').count(), { timeout: 10_000 }).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('the verdict bar on a helpdesk page has none (its shadow root only: the vendor’s page is not ours)', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(conversationUrl('215467891234501'));
    await expect.poll(() => verdictBar(page).innerText()).toMatch(/Current: Genuine/);
    expect(await seriousViolations(page, 'recount-verdict')).toEqual([]);
    // With the false-reason picker and the note open too.
    await verdictBar(page).getByRole('button', { name: /^False/ }).click();
    await verdictBar(page).getByRole('button', { name: 'Note' }).click();
    expect(await seriousViolations(page, 'recount-verdict')).toEqual([]);
    await page.close();
  });
});

describe('the check itself', () => {
  it('finds a planted low-contrast text (so a pass above means something)', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${browser.dashboardUrl}#overview`);
    await page.locator('#area-overview').waitFor();
    await page.evaluate(() => {
      const planted = document.createElement('p');
      planted.id = 'planted';
      planted.textContent = 'grey on white';
      planted.style.cssText = 'color:#c8c8c8;background:#ffffff';
      document.querySelector('#area-overview')!.append(planted);
    });
    expect((await seriousViolations(page)).some((line) => line.startsWith('color-contrast') && line.includes('#planted'))).toBe(true);
    await page.close();
  });
});

describe('keyboard alone', () => {
  it('reaches every dashboard area from the navigation, with a visible focus ring', async () => {
    const page = await browser.context.newPage();
    await page.goto(browser.dashboardUrl);
    await page.locator('#area-overview').waitFor();
    const nav = page.getByRole('navigation', { name: 'Dashboard areas' });
    const focused = (label: string) => nav.getByRole('link', { name: label }).evaluate((el) => el === document.activeElement);
    // From the top of the page, Tab reaches the navigation first (nothing focusable comes before it).
    let tabs = 0;
    while (!(await focused('Overview')) && tabs++ < 5) await page.keyboard.press('Tab');
    expect(await focused('Overview')).toBe(true);
    const labels = ['Overview', 'Reconcile', 'Spot checks', 'Team', 'Evidence & data', 'Settings'];
    for (const [i, label] of labels.entries()) {
      if (i === 0) continue;
      // Following a link moves the browser's focus starting point to the area it shows (as it should for a
      // reader); the next link is one Tab on from the one before it.
      await nav.getByRole('link', { name: labels[i - 1] }).focus();
      await page.keyboard.press('Tab');
      expect(await focused(label), label).toBe(true);
      const link = nav.getByRole('link', { name: label });
      expect(await link.evaluate((el) => getComputedStyle(el).outlineStyle), `${label} focus ring`).not.toBe('none');
      await page.keyboard.press('Enter');
      await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
      expect(await page.locator('.area:not([hidden])').count()).toBe(1);
    }
    await page.close();
  });
});
