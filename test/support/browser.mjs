// Launches Debian's Chromium with the built extension, and serves the demo helpdesk (and saved vendor pages)
// at the vendor's real URLs so the real content script matches. Used by the e2e tests and `npm run demo`.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The product build: grants no host at install (the welcome page asks for the helpdesks). */
export const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
export const DEMO_DIR = join(ROOT, 'test', 'demo', 'helpdesk');
export const ZENDESK_DEMO_DIR = join(ROOT, 'test', 'demo', 'zendesk');
export const FIXTURES_DIR = join(ROOT, 'test', 'fixtures');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const INTERCOM_HOSTS = ['app.intercom.com', 'app.eu.intercom.com', 'app.au.intercom.com'];
export const DEMO_URL = 'https://app.intercom.com/a/inbox/demo/inbox/shared/all';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/**
 * A vendor host's routes: /__demo__/<file> is an asset of that vendor's demo app, ?__fixture__=<vendor>/<file>
 * serves a saved page as the document, anything else the demo app's single page (404 without one).
 */
function serveVendor(demoDir) {
  return async (route) => {
    const url = new URL(route.request().url());
    let file;
    if (url.pathname.startsWith('/__demo__/') && demoDir) file = join(demoDir, url.pathname.slice('/__demo__/'.length));
    else if (url.searchParams.has('__fixture__')) file = join(FIXTURES_DIR, url.searchParams.get('__fixture__'));
    else if (demoDir) file = join(demoDir, 'index.html');
    if (!file || !resolve(file).startsWith(ROOT) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'text/plain', body: await readFile(file) });
  };
}

/** Every vendor host the tests and the demo serve, and what serves it. */
export const VENDOR_ROUTES = [
  ...INTERCOM_HOSTS.map((host) => [`https://${host}/**`, DEMO_DIR]),
  ['https://*.zendesk.com/**', ZENDESK_DEMO_DIR],
  ['https://*.lightning.force.com/**', null],
  ['https://console.sierra.example/**', null],
];

/** True for a URL on one of the routed vendor hosts. */
export function isVendorUrl(url) {
  const { hostname } = new URL(url);
  return (
    INTERCOM_HOSTS.includes(hostname) ||
    hostname.endsWith('.zendesk.com') ||
    hostname.endsWith('.lightning.force.com') ||
    hostname === 'console.sierra.example'
  );
}

/**
 * The test build (`wxt build --mode e2e`): the product with what it asks for at runtime granted at install (the
 * three helpdesks, the e2e custom-profile host, the Intercom API, a loopback team server), because Chromium cannot
 * accept a permission prompt under automation. The suite's default.
 */
export const E2E_EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3-e2e');

/**
 * `passThrough`: origins (e.g. a local team-log server, http://127.0.0.1:5984) whose requests go to the network;
 * every other non-vendor request stays refused.
 * `keepWelcome`: leave the welcome tab a new installation opens (closed by default, so each test starts from a
 * browser with no page of the extension's open).
 * @param {{ headless?: boolean, userDataDir?: string, extensionDir?: string, passThrough?: string[], keepWelcome?: boolean }} [options]
 */
export async function launchWithExtension(options = {}) {
  const extensionDir = options.extensionDir ?? E2E_EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run "npx wxt build" first.`);
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
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // This machine has no network: keep Chromium's own background traffic from trying.
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--disable-quic',
      ...(options.args ?? []), // e.g. a debugging port for a profiler
    ],
  });
  // A failing step should fail fast and say which locator it waited for, not time the whole test out.
  context.setDefaultTimeout(10_000);
  /** Every http(s) request any page, worker or the extension made, as URLs. */
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  // Registered first, so matched last: anything that is not a helpdesk page is refused and stays on record.
  await context.route(/^https?:\/\//, (route) => route.abort('blockedbyclient'));
  for (const [pattern, demoDir] of VENDOR_ROUTES) await context.route(pattern, serveVendor(demoDir));
  const passThrough = new Set(options.passThrough ?? []);
  if (passThrough.size > 0) await context.route((url) => passThrough.has(url.origin), (route) => route.continue());

  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  // The built-in helpdesks' readers are registered by the background once their hosts are granted (at install in
  // the test build): wait for them, so a helpdesk page opened next gets its bar.
  const granted = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8')).host_permissions ?? [];
  if (granted.includes('https://app.intercom.com/*')) {
    await worker.evaluate(async () => {
      for (let i = 0; i < 200; i++) {
        const registered = await chrome.scripting.getRegisteredContentScripts();
        if (registered.filter((s) => s.id.startsWith('recount-helpdesk-')).length === 3) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the helpdesk content scripts were never registered');
    });
  }
  // A first run opens the welcome page; a relaunch on the same profile does not.
  const welcomeUrl = `chrome-extension://${extensionId}/welcome.html`;
  if (!options.keepWelcome) {
    const welcome =
      context.pages().find((p) => p.url() === welcomeUrl) ??
      (await context.waitForEvent('page', { predicate: (p) => p.url() === welcomeUrl, timeout: options.userDataDir ? 1500 : 5000 }).catch(() => null));
    await welcome?.close();
  }
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

/** A saved vendor page served at a real conversation URL (Intercom's unless `pageUrl` says otherwise). */
export function fixtureUrl(fixture, pageUrl = 'https://app.intercom.com/a/inbox/abc123/inbox/shared/all/conversation/215467891234567') {
  const url = new URL(pageUrl);
  url.searchParams.set('__fixture__', fixture);
  return url.href;
}

/**
 * One row of the extension's database (by key), read straight from IndexedDB in an extension page.
 * @param {import('playwright-core').Page} page an extension page (the dashboard)
 */
export function storedRow(page, table, key) {
  return page.evaluate(
    ([store, id]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('recount');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction(store).objectStore(store).get(id);
          get.onsuccess = () => {
            resolve(get.result);
            open.result.close();
          };
        };
      }),
    [table, key],
  );
}

/** The overlay's verdict bar and its status chip on a helpdesk page, by their accessible names. */
export const verdictBar = (page) => page.getByRole('region', { name: 'Recount verdict' });
export const statusChip = (page) => page.getByRole('status', { name: 'Recount status' });

/** A new tab of `context` at `url`. */
export async function openTab(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/**
 * Shows one area of an open dashboard (overview, reconcile, spot-checks, team, data, settings) as its navigation
 * link does, and waits until it is visible.
 * @param {import('playwright-core').Page} page
 * @param {string} area
 */
export async function showArea(page, area) {
  await page.evaluate((hash) => (location.hash = hash), `#${area}`);
  await page.locator(`#area-${area}`).waitFor({ state: 'visible' });
}

/**
 * Runs an expression in Recount's content-script world of a helpdesk tab (CDP: the tab's isolated context whose
 * origin is the extension's), where `chrome.runtime` is the content script's. Resolves to the expression's value.
 */
export async function evaluateInContentScript(context, page, extensionId, expression) {
  const cdp = await context.newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', ({ context: created }) => contexts.push(created));
  await cdp.send('Runtime.enable'); // reports the contexts that exist already
  const ours = contexts.filter((c) => c.origin === `chrome-extension://${extensionId}`).at(-1);
  if (!ours) throw new Error(`No content script of ${extensionId} in ${page.url()}`);
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: ours.id, awaitPromise: true, returnByValue: true });
  await cdp.detach();
  if (exceptionDetails) throw new Error(`In the content script: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}
