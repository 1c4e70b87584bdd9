// A spot check's blind double review in Debian's Chromium, two browser profiles on a real team log
// (pouchdb-server on 127.0.0.1, started here and stopped after): Ana draws the plan and Bo imports it; Ana's
// verdict reaches Bo's browser by the team log, yet Bo's bar and list badge show nothing of it until Bo saves;
// then both. Back in Ana's dashboard: the agreement figures, the arbiter's queue, the arbiter's final verdict, and
// the result on final verdicts. The test build grants http://127.0.0.1/* at install (Chromium cannot click the
// permission prompt); the arbiter is played by renaming Ana's browser's reviewer to "Cy".
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamServer } from '../../tools/team-server.mjs';
import { conversationUrl, verdictBar, type LaunchedBrowser, showArea } from '../support/browser.mjs';
import { joinTeamLog, launchAgents, pullFromTeamLog } from '../support/team-demo.mjs';

const dir = join(mkdtempSync(join(tmpdir(), 'recount-blind-e2e-')), 'data');
const PORT = 5980 + Math.floor(Math.random() * 9);
const ANA = { name: 'ana', password: 'ana-secret-1' };
const BO = { name: 'bo', password: 'bo-secret-2' };
const FIRST = '215467891234501';
const SECOND = '215467891234504';
let server: Awaited<ReturnType<typeof startTeamServer>>;
let a: LaunchedBrowser;
let b: LaunchedBrowser;
let dashA: Page;
let dashB: Page;
let planFile = '';

async function setReviewer(dashboard: Page, name: string) {
  await showArea(dashboard, 'settings');
  const form = dashboard.locator('form.settings');
  await form.getByLabel('Your reviewer name').fill(name);
  await form.getByRole('button', { name: 'Save name' }).click();
  await expect.poll(() => form.getByRole('status').innerText()).toBe('Reviewer name saved.');
}

async function open(browser: LaunchedBrowser, id: string) {
  const page = await browser.context.newPage();
  await page.goto(conversationUrl(id));
  await expect.poll(() => verdictBar(page).innerText()).toMatch(/Recount/);
  return page;
}

async function tagOn(page: Page, verdict: 'Genuine' | 'False resolution') {
  const bar = verdictBar(page);
  await bar.getByRole('button', { name: new RegExp(`^${verdict}`) }).click();
  if (verdict === 'False resolution') {
    await bar.getByRole('combobox', { name: /Why false/ }).selectOption('wrong_answer');
    await bar.getByRole('button', { name: 'Save false resolution' }).click();
  }
  await expect.poll(() => bar.innerText()).toMatch(new RegExp(`Current: ${verdict}`));
  await expect.poll(() => page.getByRole('status', { name: 'Team log' }).innerText()).toBe('Team log: synced');
}

const pull = async (dashboard: Page) => expect(await pullFromTeamLog(dashboard)).toMatch(/^Pulled .* Every event and chain verified\.$/);

beforeAll(async () => {
  server = await startTeamServer({ dir, port: PORT, agents: [ANA, BO], quiet: true });
  [{ browser: a, dashboard: dashA }, { browser: b, dashboard: dashB }] = await launchAgents(server);
}, 60_000);
afterAll(async () => {
  await a?.context.close();
  await b?.context.close();
  await server?.stop();
});

describe('a blind double review across two browsers', () => {
  it('Ana and Bo join the team log', async () => {
    await setReviewer(dashA, 'Ana');
    await joinTeamLog(dashA, server, ANA);
    await setReviewer(dashB, 'Bo');
    await joinTeamLog(dashB, server, BO);
  });

  it('Ana draws a plan with every sampled conversation under blind double review and exports it', async () => {
    for (const id of [FIRST, SECOND]) await (await open(a, id)).close(); // the population: billed conversations Ana's browser has seen
    await dashA.goto(`${a.dashboardUrl}#spot-checks`);
    const form = dashA.getByRole('form', { name: 'Plan a spot check' });
    await form.getByLabel('Seed').fill('blind-e2e');
    await form.getByLabel('Name').fill('Blind audit');
    await form.getByLabel('Share of the sample %').fill('100');
    await form.getByLabel('Reviewers').fill('Ana, Bo');
    await form.getByLabel('Arbiter').fill('Cy');
    await form.getByRole('button', { name: 'Plan and draw' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toBe('Drew 2 of 2 (assumed 2/2); 2 of them for the blind double review.');
    await expect.poll(() => dashA.locator('[data-double-summary]').innerText()).toMatch(/^2 of 2 sampled conversations \(100\.0%, seeded\) are judged by Ana, Bo, .* arbiter: Cy\. Agreed 0 · disagreed 0 · arbitrated 0 · waiting for a reviewer 2\.$/);
    const [file] = await Promise.all([dashA.waitForEvent('download'), dashA.getByRole('button', { name: 'Export plan, seed and sample (JSON)' }).click()]);
    planFile = (await file.path())!;
  });

  it('Bo imports it; a malformed plan file is refused by name', async () => {
    await dashB.goto(`${b.dashboardUrl}#spot-checks`);
    const input = dashB.getByLabel('Import a plan (JSON)');
    const status = input.locator('xpath=ancestor::p[1]').getByRole('status');
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"recount-spot-check","id":"x"}') });
    await expect.poll(() => status.innerText()).toMatch(/^Not imported \(broken\.json\): field name: /);
    await input.setInputFiles(planFile);
    await expect.poll(() => status.innerText()).toMatch(/^Imported the plan from /);
    await expect.poll(() => dashB.locator('[data-double-summary]').innerText()).toMatch(/judged by Ana, Bo/);
  });

  it('Ana tags; the verdict reaches Bo’s browser by the team log, yet Bo’s bar and badge show nothing of it', async () => {
    const pageA = await open(a, FIRST);
    await tagOn(pageA, 'Genuine');
    await expect.poll(() => verdictBar(pageA).locator('[data-blind]').innerText()).toBe('Blind review, Blind audit: no other verdict yet.');
    await pageA.close();

    const pageB = await open(b, FIRST); // open before the pull: the pull's broadcast must stay blind too
    const blindLine = verdictBar(pageB).locator('[data-blind]');
    await expect.poll(() => blindLine.getAttribute('data-blind')).toBe('hidden');
    await pull(dashB);
    // Ana's event is in Bo's database now…
    await expect.poll(() => dashB.locator(`[data-conv-key="intercom:demo:${FIRST}"]`).innerText()).toMatch(/Genuine/);
    // …but not in Bo's bar or list badge, even after a reload.
    await pageB.reload();
    await expect.poll(() => blindLine.getAttribute('data-blind')).toBe('hidden');
    expect(await verdictBar(pageB).innerText()).toMatch(/Not tagged yet/);
    expect(await verdictBar(pageB).innerText()).not.toMatch(/Ana/);
    await pageB.waitForTimeout(500); // the list's badges have been asked for
    expect(await pageB.locator(`a[data-id="${FIRST}"] [data-recount-badge]`).innerText().catch(() => '')).not.toMatch(/Genuine/);

    await tagOn(pageB, 'False resolution');
    await expect.poll(() => blindLine.innerText()).toBe('Blind review, Blind audit: Ana: Genuine');
    await expect.poll(() => pageB.locator(`a[data-id="${FIRST}"] [data-recount-badge]`).innerText()).toMatch(/False/);
    await pageB.close();
  });

  it('the second item: both agree; Ana pulls Bo’s verdicts, the disagreement waits for the arbiter', async () => {
    const pageA = await open(a, SECOND);
    await tagOn(pageA, 'Genuine');
    await pageA.close();
    const pageB = await open(b, SECOND);
    await tagOn(pageB, 'Genuine');
    await pageB.close();
    await pull(dashA);
    await dashA.goto(`${a.dashboardUrl}#spot-checks`);
    await expect.poll(() => dashA.locator('[data-double-summary]').innerText()).toMatch(/Agreed 1 · disagreed 1 \(with the arbiter\) · arbitrated 0 · waiting for a reviewer 0\.$/);
    // Two conversations: percent agreement, no kappa yet (it needs 10).
    expect(await dashA.locator('[data-agreement]').innerText()).toBe('Same verdict on 1 of 2 (50.0%) · Cohen’s kappa: shown from 10 conversations judged by every reviewer (2 so far).');
    const confusion = dashA.getByRole('table', { name: 'Verdicts by reviewer' });
    expect(await confusion.locator('[data-row="genuine"] td').allTextContents()).toEqual(['1', '1', '0']); // Ana genuine: Bo genuine 1, false 1
    expect(await dashA.locator('[data-lean="Bo"]').innerText()).toBe('Bo called false 1 of the 2 time(s) the other reviewer called genuine.');
    const item = dashA.locator(`[data-arbitrate="${FIRST}"]`);
    expect(await item.innerText()).toMatch(/Ana: Genuine[\s\S]*Bo: False resolution — /);
    expect(await item.innerText()).toMatch(/Waiting for Cy, the arbiter \(this browser’s reviewer is Ana\)/);
    expect(await dashA.locator('[data-judgement]').getAttribute('data-judgement')).toBe('provisional');
    if (process.env.RECOUNT_SCREENSHOTS) await dashA.locator('#spot-checks').screenshot({ path: join(process.env.RECOUNT_SCREENSHOTS, 'blind-review.png') });
  });

  it('the arbiter’s final verdict settles it: the result counts it and says so', async () => {
    await setReviewer(dashA, 'Cy');
    await dashA.goto(`${a.dashboardUrl}#spot-checks`);
    const item = dashA.locator(`[data-arbitrate="${FIRST}"]`);
    await item.getByLabel('Final verdict').selectOption('false');
    await item.getByLabel('Why false').selectOption('wrong_answer');
    await item.getByRole('button', { name: 'Record final verdict' }).click();
    await expect.poll(() => dashA.locator('[data-double-summary]').innerText()).toMatch(/Agreed 1 · disagreed 0 · arbitrated 1 · waiting for a reviewer 0\.$/);
    await expect.poll(() => dashA.locator('[data-progress]').innerText()).toMatch(/2 of 2 reviewed/);
    expect(['pass', 'fail']).toContain(await dashA.locator('[data-judgement]').getAttribute('data-judgement'));
    expect(await dashA.locator('[data-stratum="overall"] td').nth(4).innerText()).toBe('1'); // one false: the arbiter's
    // The review queue (folded once complete).
    expect(await dashA.locator(`[data-sample-id="${FIRST}"]`).textContent()).toMatch(/False resolution \(arbitrated\)/);
    expect(await dashA.locator(`[data-sample-id="${SECOND}"]`).textContent()).toMatch(/Genuine \(both agree\)/);
  });

  it('the dispute report carries the agreement figures beside the bill', async () => {
    const csv = `Conversation ID,Conversation started at (UTC),Fin AI Agent resolution state\r\n${FIRST},2026-11-03 09:14:02,Assumed Resolution\r\n${SECOND},2026-11-04 12:40:00,Assumed Resolution\r\n`;
    await dashA.goto(`${a.dashboardUrl}#reconcile`);
    await dashA.getByLabel(/Import the vendor's billed list/).setInputFiles({ name: 'november.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const preview = dashA.getByRole('region', { name: 'Billed list preview' });
    await preview.getByLabel('Workspace').fill('demo');
    await preview.getByRole('button', { name: 'Import 2 billed item(s)' }).click();
    await expect.poll(() => dashA.locator('[data-dispute-agreement]').innerText()).toBe(
      'Reviewer agreement, blind double review in “Blind audit” (Ana, Bo; seed blind-e2e): same verdict on 1 of 2 (50.0%); Cohen’s kappa: shown from 10 conversations judged by every reviewer (2 so far); 1 disagreement(s) settled by Cy, the arbiter. ' +
        'Verdicts by reviewer (rows Ana, columns Bo; genuine, false, unsure): [1, 1, 0] [0, 0, 0] [0, 0, 0]. Ana called false 0 of 1 time(s) the other called genuine; Bo called false 1 of 2 time(s) the other called genuine.',
    );
  });
});
