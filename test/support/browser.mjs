// Launches Debian's Chromium with the built extension, and serves the demo helpdesk (and saved vendor pages)
// at the vendor's real URLs so the real content script matches. Used by the e2e tests and `npm run demo`.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
export const DEMO_DIR = join(ROOT, 'test', 'demo', 'helpdesk');
export const FIXTURES_DIR = join(ROOT, 'test', 'fixtures');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const INTERCOM_HOSTS = ['app.intercom.com', 'app.eu.intercom.com', 'app.au.intercom.com'];
export const DEMO_URL = 'https://app.intercom.com/a/inbox/demo/inbox/shared/all';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/**
 * Helpdesk routes: /__demo__/<file> is a demo asset, /__fixture__/<vendor>/<file> a saved page served as the
 * document, anything else the demo inbox's single page.
 */
async function serveHelpdesk(route) {
  const url = new URL(route.request().url());
  let file;
  if (url.pathname.startsWith('/__demo__/')) file = join(DEMO_DIR, url.pathname.slice('/__demo__/'.length));
  else if (url.searchParams.has('__fixture__')) file = join(FIXTURES_DIR, url.searchParams.get('__fixture__'));
  else file = join(DEMO_DIR, 'index.html');
  if (!resolve(file).startsWith(ROOT) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
  return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'text/plain', body: await readFile(file) });
}

/**
 * @param {{ headless?: boolean, userDataDir?: string }} [options]
 */
export async function launchWithExtension(options = {}) {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run "npx wxt build" first.`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: run "apt-get install -y chromium" (or set CHROMIUM_PATH).`);
  }
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'recount-profile-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    headless: options.headless ?? true,
    executablePath: CHROMIUM,
    viewport: { width: 1400, height: 860 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      // This machine has no network: keep Chromium's own background traffic from trying.
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--disable-quic',
    ],
  });
  /** Every http(s) request any page, worker or the extension made, as URLs. */
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  // Registered first, so matched last: anything that is not a helpdesk page is refused and stays on record.
  await context.route(/^https?:\/\//, (route) => route.abort('blockedbyclient'));
  for (const host of INTERCOM_HOSTS) await context.route(`https://${host}/**`, serveHelpdesk);

  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    requests,
    userDataDir,
    dashboardUrl: `chrome-extension://${extensionId}/dashboard.html`,
    popupUrl: `chrome-extension://${extensionId}/popup.html`,
  };
}

export function conversationUrl(id, host = 'app.intercom.com') {
  return `https://${host}/a/inbox/demo/inbox/shared/all/conversation/${id}`;
}

/** A saved vendor page served at a real conversation URL. */
export function fixtureUrl(fixture, conversationPath = '/a/inbox/abc123/inbox/shared/all/conversation/215467891234567') {
  return `https://app.intercom.com${conversationPath}?__fixture__=${encodeURIComponent(fixture)}`;
}
