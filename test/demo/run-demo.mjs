// `npm run demo`: Chromium with the built extension on the bundled demo helpdesk (served at app.intercom.com).
// With a display: a normal window to click around in, until you close it. Without one (a server, CI):
// a headless walk-through that saves screenshots and says where.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { conversationUrl, DEMO_URL, E2E_EXTENSION_DIR, fixtureUrl, launchWithExtension } from '../support/browser.mjs';
import { DEMO_TOKEN, DISAGREEING_CONVERSATION, serveIntercomApi } from '../support/intercom-api.mjs';

const ZENDESK_VIEW = 'https://acme.zendesk.com/agent/filters/360001';
const SALESFORCE_SESSION = fixtureUrl(
  'salesforce/messaging-session-reopened.html',
  'https://acme.lightning.force.com/lightning/r/MessagingSession/0Mw5g000000bXyZCAU/view',
);

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.argv.includes('--headless');
const outDir = resolve(import.meta.dirname, '..', '..', 'demo-screenshots');

// The test build: the product plus the demo's optional hosts (the fake Intercom API, the demo vendor profile)
// granted at install, so no permission prompt stands between the demo and its walk-through.
const browser = await launchWithExtension({ headless: !headed, extensionDir: E2E_EXTENSION_DIR });
const { context } = browser;
// A fake Intercom API for the demo inbox, at the real API hosts (nothing leaves this machine).
await serveIntercomApi(context);

if (headed) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${DEMO_URL}/conversation/215467891234501`);
  for (const url of [ZENDESK_VIEW, SALESFORCE_SESSION, browser.dashboardUrl]) await (await context.newPage()).goto(url);
  await page.bringToFront();
  console.log('Recount demo is running. Tabs: an Intercom-like inbox, a Zendesk-like workspace, a Salesforce');
  console.log('messaging session, and the dashboard. Tag conversations in the helpdesk tabs, see them in the dashboard.');
  console.log('Shortcuts: Alt+Shift+G genuine, Alt+Shift+F false (then 1–6), Alt+Shift+U unsure. Close the window to quit.');
  console.log(`Second witness: in the dashboard's Settings › Intercom API, paste the demo token ${DEMO_TOKEN}`);
  console.log(`(a fake API serves the demo inbox), then open conversation ${DISAGREEING_CONVERSATION}: page and API disagree.`);
  await new Promise((done) => context.on('close', done));
} else {
  await mkdir(outDir, { recursive: true });
  const shots = [];
  const shoot = async (page, name) => {
    const path = join(outDir, name);
    await page.screenshot({ path });
    shots.push(path);
  };
  const bar = (page) => page.getByRole('region', { name: 'Recount verdict' });

  const page = await context.newPage();
  await page.goto(conversationUrl('215467891234501'));
  await bar(page).waitFor();
  await shoot(page, '1-assumed-resolution-overlay.png');

  await page.locator('a[data-id="215467891234505"]').click();
  await bar(page).getByText('asked for a person').waitFor();
  await page.keyboard.press('Alt+Shift+KeyF');
  await page.getByRole('combobox', { name: /Why false/ }).waitFor();
  await shoot(page, '2-reason-picker.png');
  await page.keyboard.press('3');
  await bar(page).getByText('Current: False resolution').waitFor();
  await shoot(page, '3-tagged-false.png');

  await page.locator('a[data-id="215467891234503"]').click();
  await page.getByRole('status', { name: 'Recount status' }).getByText('not billed').waitFor();
  await shoot(page, '4-routed-to-team-not-billed.png');

  const zendesk = await context.newPage();
  await zendesk.goto(ZENDESK_VIEW);
  await zendesk.getByRole('link', { name: '#1202 Change delivery address' }).click();
  await bar(zendesk).waitFor();
  await zendesk.keyboard.press('Alt+Shift+KeyG');
  await zendesk.getByRole('link', { name: '#1201 Where is my parcel?' }).click();
  await zendesk.getByRole('tab', { name: /#1201/, selected: true }).waitFor();
  await bar(zendesk).getByText('Not tagged yet').waitFor();
  await zendesk.locator('[data-recount-badge="genuine"]').waitFor();
  await shoot(zendesk, '5-zendesk-ticket-and-badges.png');

  const salesforce = await context.newPage();
  await salesforce.goto(SALESFORCE_SESSION);
  await bar(salesforce).getByText('billed conversation windows').waitFor();
  await shoot(salesforce, '6-salesforce-billing-windows.png');

  const dashboard = await context.newPage();
  await dashboard.goto(browser.dashboardUrl);
  await dashboard.locator('[data-conv-key]').first().waitFor();
  await shoot(dashboard, '7-dashboard.png');

  // Intercom's API as a second witness: the token saved in Settings, then a conversation where the page
  // still says "Assumed Resolution" and the API says it was escalated.
  const api = dashboard.getByRole('group', { name: 'Intercom API' });
  await api.getByLabel('Access token').fill(DEMO_TOKEN);
  await api.getByRole('button', { name: 'Test connection and save' }).click();
  await api.getByText('Connected to the Intercom workspace').waitFor();
  const disagree = await context.newPage();
  await disagree.goto(conversationUrl(DISAGREEING_CONVERSATION));
  await disagree.getByText('API says Escalated').waitFor();
  await shoot(disagree, '8-page-and-api-disagree.png');

  await context.close();
  console.log('No display found, so the demo ran headless. Screenshots:');
  for (const path of shots) console.log(`  ${path}`);
  console.log('On a machine with a display, `npm run demo` opens a Chromium window instead.');
}
