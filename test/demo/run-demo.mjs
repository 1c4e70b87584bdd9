// `npm run demo`: Chromium with the built extension on the bundled demo helpdesk (served at app.intercom.com).
// With a display: a normal window to click around in, until you close it. Without one (a server, CI):
// a headless walk-through that saves screenshots and says where.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { conversationUrl, DEMO_URL, launchWithExtension } from '../support/browser.mjs';

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.argv.includes('--headless');
const outDir = resolve(import.meta.dirname, '..', '..', 'demo-screenshots');

const browser = await launchWithExtension({ headless: !headed });
const { context } = browser;

if (headed) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${DEMO_URL}/conversation/215467891234501`);
  const dashboard = await context.newPage();
  await dashboard.goto(browser.dashboardUrl);
  await page.bringToFront();
  console.log('Recount demo is running: tag conversations in the inbox tab, see them in the dashboard tab.');
  console.log('Shortcuts: Alt+Shift+G genuine, Alt+Shift+F false (then 1–6), Alt+Shift+U unsure. Close the window to quit.');
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

  const dashboard = await context.newPage();
  await dashboard.goto(browser.dashboardUrl);
  await dashboard.locator('tr[data-conv-key]').first().waitFor();
  await shoot(dashboard, '5-dashboard.png');

  await context.close();
  console.log('No display found, so the demo ran headless. Screenshots:');
  for (const path of shots) console.log(`  ${path}`);
  console.log('On a machine with a display, `npm run demo` opens a Chromium window instead.');
}
