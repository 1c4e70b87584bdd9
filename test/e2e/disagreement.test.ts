// Two reviewers disagree on one conversation, in Debian's Chromium: the dashboard marks it, counts it once (by
// the latest verdict, said beside the figure), and "By reviewer" counts each reviewer's own verdict.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationUrl, launchWithExtension, showArea, type LaunchedBrowser } from '../support/browser.mjs';

const CONVERSATION = '215467891234501';
let browser: LaunchedBrowser;
let context: BrowserContext;
let dashboard: Page;
beforeAll(async () => {
  browser = await launchWithExtension();
  context = browser.context;
  dashboard = await context.newPage();
  await dashboard.goto(browser.dashboardUrl);
});
afterAll(async () => {
  await context?.close();
});

async function tagAs(reviewer: string, verdict: 'Genuine' | 'False resolution') {
  await showArea(dashboard, 'settings');
  const form = dashboard.locator('form.settings');
  await form.getByLabel('Your reviewer name').fill(reviewer);
  await form.getByRole('button', { name: 'Save name' }).click();
  await expect.poll(() => form.getByRole('status').innerText()).toBe('Reviewer name saved.');
  const page = await context.newPage();
  await page.goto(conversationUrl(CONVERSATION));
  const bar = page.getByRole('region', { name: 'Recount verdict' });
  await bar.getByRole('button', { name: new RegExp(`^${verdict}`) }).click();
  if (verdict === 'False resolution') {
    await bar.getByRole('combobox', { name: /Why false/ }).selectOption('wrong_answer');
    await bar.getByRole('button', { name: 'Save false resolution' }).click();
  }
  await expect.poll(() => bar.innerText()).toMatch(new RegExp(`Current: ${verdict}`));
  await page.close();
}

describe('two reviewers disagree', () => {
  it('the table marks the conversation, the figures count it once, "By reviewer" counts each', async () => {
    await tagAs('Ana', 'Genuine');
    await tagAs('Bo', 'False resolution');
    const row = dashboard.locator(`[data-conv-key="intercom:demo:${CONVERSATION}"]`);
    await expect.poll(() => row.innerText()).toMatch(/False resolution · disagreed \(Ana: Genuine, Bo: False resolution\)/);
    // The figures are read apart from the table's rows (each after the write): they follow within moments.
    await expect.poll(() => dashboard.locator('[data-figure="disagreed"]').innerText()).toMatch(/^1\s+conversation\(s\) reviewers disagree on\s+— each counted once above, by its latest verdict/);
    await expect.poll(() => dashboard.locator('[data-figure="verdicts"]').innerText()).toMatch(/^0 \/ 1 \/ 0/);
    await showArea(dashboard, 'overview');
    const byReviewer = dashboard.getByRole('figure', { name: 'By reviewer' });
    await expect.poll(() => byReviewer.getByRole('img', { name: /^Ana:/ }).getAttribute('aria-label')).toBe('Ana: 1 tagged, 0 false of 1 genuine or false');
    expect(await byReviewer.getByRole('img', { name: /^Bo:/ }).getAttribute('aria-label')).toBe('Bo: 1 tagged, 1 false of 1 genuine or false');
    // The Team panel's agreement: Ana and Bo both tagged this one conversation, and differ — no kappa from one.
    await showArea(dashboard, 'team');
    const pair = dashboard.getByRole('table', { name: 'Agreement between reviewers' }).locator('[data-pair="Ana & Bo"]');
    await expect.poll(() => pair.locator('th, td').allTextContents()).toEqual(['Ana & Bo', '1', '0 (0.0%)', 'needs 10 shared conversations']);
  });
});
