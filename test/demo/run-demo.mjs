// `npm run demo`: Chromium with the built extension on the bundled demo helpdesk (served at app.intercom.com).
// With a display: a normal window to click around in, until you close it. Without one (a server, CI):
// a headless walk-through that saves screenshots and says where.
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { conversationUrl, DEMO_URL, E2E_EXTENSION_DIR, fixtureUrl, launchWithExtension, showArea } from '../support/browser.mjs';
import { DEMO_TOKEN, DISAGREEING_CONVERSATION, serveIntercomApi } from '../support/intercom-api.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startTeamServer } from '../../tools/team-server.mjs';
import { agentChain, joinTeamLog, pushAs } from '../support/team-demo.mjs';

const ZENDESK_VIEW = 'https://acme.zendesk.com/agent/filters/360001';
const SALESFORCE_SESSION = fixtureUrl(
  'salesforce/messaging-session-reopened.html',
  'https://acme.lightning.force.com/lightning/r/MessagingSession/0Mw5g000000bXyZCAU/view',
);

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.argv.includes('--headless');
const outDir = resolve(import.meta.dirname, '..', '..', 'demo-screenshots');
// `--docs` (npm run screenshots): the walk-through's shots that illustrate the README are copied into docs/screenshots.
const docsDir = process.argv.includes('--docs') ? resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots') : null;
const FOR_DOCS = {
  '1-assumed-resolution-overlay.png': 'overlay.png',
  '7-dashboard.png': 'dashboard-light.png',
  '7-dashboard-dark.png': 'dashboard-dark.png',
  '10-welcome.png': 'welcome.png',
  '11-popup.png': 'popup.png',
  '9-team-view.png': 'team-view.png',
};

// A local team-log server (pouchdb-server on 127.0.0.1, in a temporary folder) with two demo agents: you (Ana)
// and Bo, whose browser is played by this script.
const ANA = { name: 'ana', password: 'demo-ana-1' };
const BO = { name: 'bo', password: 'demo-bo-1' };
const team = await startTeamServer({ dir: mkdtempSync(join(tmpdir(), 'recount-demo-team-')), port: 5984 + Math.floor(Math.random() * 10), agents: [ANA, BO], quiet: true });
const boTags = agentChain('Bo', 'demo-bo-chain', [
  { conversationId: '215467891234505', verdict: 'genuine', note: 'He got the address change in the end' },
  { conversationId: '215467891234508', verdict: 'genuine' },
  { conversationId: '215467891234511', verdict: 'false', reason: 'recontacted', note: 'Wrote again the next morning' },
  { conversationId: '215467891234512', verdict: 'genuine' },
  { conversationId: '215467891234515', verdict: 'false', reason: 'abandoned' },
]);
process.on('exit', () => void team.stop());

// The test build: the product plus the demo's optional hosts (the fake Intercom API, the demo vendor profile, the
// local team server) granted at install, so no permission prompt stands between the demo and its walk-through.
const browser = await launchWithExtension({ headless: !headed, extensionDir: E2E_EXTENSION_DIR, passThrough: [team.url] });
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
  await pushAs(team, BO, boTags);
  console.log(`Team log: a local server runs at ${team.url} (database ${team.db}). Join it in Settings › Team log as`);
  console.log(`${ANA.name} / ${ANA.password}; your teammate Bo has already tagged ${boTags.length} conversations — pull them in the Team view.`);
  await new Promise((done) => context.on('close', done));
  await team.stop();
} else {
  await mkdir(outDir, { recursive: true });
  const shots = [];
  const shoot = async (page, name) => {
    const path = join(outDir, name);
    await page.screenshot({ path });
    shots.push(path);
  };
  const bar = (page) => page.getByRole('region', { name: 'Recount verdict' });

  // You are Ana: the name every tag of this walk-through carries (the popup's first field).
  const popup = await context.newPage();
  await popup.goto(browser.popupUrl);
  await popup.locator('form.settings').getByLabel('Your reviewer name').fill('Ana');
  await popup.locator('form.settings').getByRole('button', { name: 'Save name' }).click();
  await popup.locator('form.settings').getByText('Reviewer name saved.').waitFor();
  await popup.close();

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
  await dashboard.locator('section.figures[data-shown="true"]').waitFor();
  await shoot(dashboard, '7-dashboard.png');
  await dashboard.emulateMedia({ colorScheme: 'dark' });
  await shoot(dashboard, '7-dashboard-dark.png');
  await dashboard.emulateMedia({ colorScheme: 'light' });

  // The first run's welcome page and the toolbar popup, as a new agent sees them.
  const welcome = await context.newPage();
  await welcome.goto(`chrome-extension://${browser.extensionId}/welcome.html`);
  await welcome.getByRole('group', { name: 'Helpdesks your team uses' }).getByRole('checkbox').first().waitFor();
  await welcome.screenshot({ path: join(outDir, '10-welcome.png'), fullPage: true });
  shots.push(join(outDir, '10-welcome.png'));
  const toolbarPopup = await context.newPage();
  await toolbarPopup.setViewportSize({ width: 360, height: 440 });
  await toolbarPopup.goto(browser.popupUrl);
  await toolbarPopup.locator('[data-today]').getByText('Today you tagged').waitFor();
  await shoot(toolbarPopup, '11-popup.png');
  await toolbarPopup.close();
  await welcome.close();

  await showArea(dashboard, 'settings');

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

  // The team log: join as Ana (your tags so far are sent), Bo's tags arrive on the server in two rounds, and
  // the Team view fills as they are pulled — with a disagreement on the conversation both of you tagged.
  const teamLog = await joinTeamLog(dashboard, team, ANA);
  await teamLog.getByText('Team log: synced').waitFor();
  await showArea(dashboard, 'team');
  const teamView = dashboard.locator('#team');
  for (const round of [boTags.slice(0, 2), boTags.slice(2)]) {
    await pushAs(team, BO, round);
    await teamView.getByRole('button', { name: 'Pull from team log' }).click();
    await teamView.getByRole('status', { name: 'Team pull result' }).getByText(`${round.length} new here`).waitFor();
  }
  await teamView.getByRole('listitem', { name: /^Disagreement on/ }).first().waitFor();
  await teamView.scrollIntoViewIfNeeded();
  await teamView.screenshot({ path: join(outDir, '9-team-view.png') });
  shots.push(join(outDir, '9-team-view.png'));

  await context.close();
  await team.stop();
  if (docsDir) {
    await mkdir(docsDir, { recursive: true });
    for (const [shot, name] of Object.entries(FOR_DOCS)) await copyFile(join(outDir, shot), join(docsDir, name));
    console.log(`Copied the README's screenshots into ${docsDir}.`);
  }
  console.log('No display found, so the demo ran headless. Screenshots:');
  for (const path of shots) console.log(`  ${path}`);
  console.log('On a machine with a display, `npm run demo` opens a Chromium window instead.');
}
