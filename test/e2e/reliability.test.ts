// Reliability in Chromium: a tag is never lost — not when the browser stops the service worker, not when the
// tab closes at once, not when two tabs tag together, not across a browser restart — and a hostile transcript
// changes nothing.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationUrl, evaluateInContentScript, isVendorUrl, launchWithExtension, type LaunchedBrowser } from '../support/browser.mjs';

const CONV = ['215467891234501', '215467891234502', '215467891234504', '215467891234505', '215467891234506', '215467891234509'];
const HOSTILE = '215467891234525';

let browser: LaunchedBrowser;
let context: BrowserContext;
let dashboard: Page;
const requests: string[] = [];

async function start(userDataDir?: string) {
  browser = await launchWithExtension({ userDataDir });
  context = browser.context;
  dashboard = await context.newPage();
  await dashboard.goto(browser.dashboardUrl);
}
beforeAll(() => start());
afterAll(async () => {
  requests.push(...browser.requests);
  await context?.close();
});

/** Every event in the extension's database, read straight from IndexedDB in an extension page. */
function storedEvents(): Promise<Array<{ id: string; conversationId: string; verdict: string }>> {
  return dashboard.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('recount');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('events').objectStore('events').getAll();
          all.onsuccess = () => {
            resolve(all.result.map((e: { id: string; conversationId: string; verdict: string }) => ({ id: e.id, conversationId: e.conversationId, verdict: e.verdict })));
            open.result.close();
          };
        };
      }),
  );
}

/** Stops the extension's service worker the way the browser does when it is idle (CDP). */
async function stopServiceWorker() {
  const cdp = await context.newCDPSession(dashboard);
  await cdp.send('ServiceWorker.enable');
  const stopped = new Promise<void>((resolve, reject) => {
    // "stopping" counts: a tag in flight can wake the worker again before "stopped" is reported.
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v: { runningStatus: string; scriptURL: string }) => v.scriptURL.includes(browser.extensionId) && /^stopp(ing|ed)$/.test(v.runningStatus))) resolve();
    });
    setTimeout(() => reject(new Error('the service worker was not reported stopping within 15 s of ServiceWorker.stopAllWorkers')), 15_000);
  });
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await cdp.detach();
}

const bar = (page: Page) => page.getByRole('region', { name: 'Recount verdict' });
async function open(id: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(conversationUrl(id));
  await expect.poll(() => bar(page).innerText()).toMatch(/Not tagged yet|Current:/);
  return page;
}

describe('the service worker stopped by the browser', () => {
  it('between tags: the next tag wakes it and is saved', async () => {
    const page = await open(CONV[0]);
    await bar(page).getByRole('button', { name: /^Genuine/ }).click();
    await expect.poll(() => bar(page).innerText()).toMatch(/Saved[\s\S]*Current: Genuine/);
    await stopServiceWorker();
    await bar(page).getByRole('button', { name: /^Unsure/ }).click();
    await expect.poll(() => bar(page).innerText()).toMatch(/Saved[\s\S]*Current: Unsure/);
    expect((await storedEvents()).filter((e) => e.conversationId === CONV[0]).map((e) => e.verdict).sort()).toEqual(['genuine', 'unsure']);
    await page.close();
  });

  it('during tags: every tag is kept exactly once, and the overlay recovers', async () => {
    const page = await open(CONV[1]);
    for (let i = 0; i < 5; i++) {
      const button = i % 2 ? /^Genuine/ : /^Unsure/;
      await bar(page).getByRole('button', { name: button }).click();
      await stopServiceWorker(); // right after the click, while the tag may be in flight
      await expect.poll(() => bar(page).innerText(), { timeout: 10_000 }).toMatch(new RegExp(`Saved[\\s\\S]*Current: ${i % 2 ? 'Genuine' : 'Unsure'}`));
    }
    expect((await storedEvents()).filter((e) => e.conversationId === CONV[1])).toHaveLength(5);
    await page.close();
  });
});

describe('what a helpdesk tab may ask', () => {
  // From the content script's own world, as a hostile helpdesk page could if it ever reached it: both ways of
  // asking the background (the tab's request port and runtime.sendMessage) answer a tab's request and refuse a
  // page-only one (here the team pull).
  it('on the request port and by sendMessage: settings answered, the team pull refused', async () => {
    const page = await open(CONV[5]);
    const replies = (await evaluateInContentScript(
      context,
      page,
      browser.extensionId,
      `(async () => {
        const port = chrome.runtime.connect({ name: 'recount/requests' });
        const onPort = (id, message) => new Promise((resolve) => {
          const listener = (envelope) => { if (envelope.id === id) { port.onMessage.removeListener(listener); resolve(envelope.reply); } };
          port.onMessage.addListener(listener);
          port.postMessage({ id, message });
        });
        const pull = { type: 'team/pull', range: null };
        const result = {
          portSettings: await onPort(1, { type: 'settings/get' }),
          portPull: await onPort(2, pull),
          messagePull: await chrome.runtime.sendMessage(pull),
        };
        port.disconnect();
        return result;
      })()`,
    )) as Record<string, { ok: boolean; error?: string; data?: { reviewerName?: unknown } }>;
    expect(replies.portSettings.ok).toBe(true);
    expect(replies.portSettings.data).toHaveProperty('reviewerName');
    for (const refused of [replies.portPull, replies.messagePull]) {
      expect(refused).toEqual({ ok: false, error: 'Refused: only Recount’s own pages may do that' });
    }
    await page.close();
  });

  it('a tag goes to the background alone: an open dashboard hears the broadcast, not the request', async () => {
    await dashboard.evaluate(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      const { chrome } = globalThis as unknown as { chrome: { runtime: { onMessage: { addListener(l: (m: { type?: string }) => void): void } } } };
      chrome.runtime.onMessage.addListener((message) => void heard.push(String(message?.type)));
    });
    const page = await open(CONV[4]);
    await bar(page).getByRole('button', { name: /^Genuine/ }).click();
    await expect.poll(() => bar(page).innerText()).toMatch(/Saved[\s\S]*Current: Genuine/);
    await expect.poll(() => dashboard.evaluate(() => (window as unknown as { heard: string[] }).heard)).toContain('verdict/changed');
    const heard = await dashboard.evaluate(() => (window as unknown as { heard: string[] }).heard);
    expect(heard).not.toContain('verdict/record');
    expect(heard).not.toContain('conversation/seen');
    await page.close();
  });
});

describe('closing, racing, restarting', () => {
  it('a tab closed right after the click: the tag is there', async () => {
    const page = await open(CONV[2]);
    await bar(page).getByRole('button', { name: /^Genuine/ }).click();
    await page.close();
    await expect.poll(async () => (await storedEvents()).filter((e) => e.conversationId === CONV[2]).length).toBe(1);
  });

  it('two tabs tag the same conversation at once: both events kept, both tabs agree on the current verdict', async () => {
    const [a, b] = await Promise.all([open(CONV[3]), open(CONV[3])]);
    await Promise.all([bar(a).getByRole('button', { name: /^Genuine/ }).click(), bar(b).getByRole('button', { name: /^Unsure/ }).click()]);
    await expect.poll(async () => (await storedEvents()).filter((e) => e.conversationId === CONV[3]).length).toBe(2);
    const currentOf = async (p: Page) => /Current: (\w+)/.exec(await bar(p).innerText())?.[1];
    await expect.poll(async () => (await currentOf(a)) === (await currentOf(b)) && (await currentOf(a)) !== undefined).toBe(true);
    await a.close();
    await b.close();
  });

  it('the browser restarted on the same profile: everything is there', async () => {
    const before = await storedEvents();
    expect(before.length).toBe(11); // the tags of the tests above: 2 + 5 + 1 (port) + 1 + 2
    const profile = browser.userDataDir;
    requests.push(...browser.requests);
    await context.close();
    await start(profile);
    expect((await storedEvents()).map((e) => e.id).sort()).toEqual(before.map((e) => e.id).sort());
    const page = await open(CONV[0]);
    // The bar reads the current verdict once the restarted background answers: wait for it, as an agent would.
    await expect.poll(() => bar(page).innerText(), { timeout: 15_000 }).toMatch(/Current: Unsure/);
    await page.close();
  });
});

describe("the tab's own journal entry", () => {
  /** The journal's keys in storage.local now, read in an extension page. */
  const journalKeys = () =>
    dashboard.evaluate(async () => Object.keys(await (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> } } } }).chrome.storage.local.get(null)).filter((k) => k.startsWith('recount.tagJournal.')));

  it('a tag is kept by the tab first, then the log has it under the same id and the entry is gone', async () => {
    await dashboard.evaluate(() => {
      const added: string[] = [];
      (window as unknown as { journalAdded: string[] }).journalAdded = added;
      const { chrome } = globalThis as unknown as { chrome: { storage: { onChanged: { addListener(l: (c: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => void): void } } } };
      chrome.storage.onChanged.addListener((changes, area) => {
        for (const [key, change] of Object.entries(changes)) if (area === 'local' && key.startsWith('recount.tagJournal.') && change.newValue) added.push(key);
      });
    });
    const page = await open(CONV[5]);
    await bar(page).getByRole('button', { name: /^Genuine/ }).click();
    await expect.poll(() => bar(page).innerText()).toMatch(/Saved[\s\S]*Current: Genuine/);
    const added = await dashboard.evaluate(() => (window as unknown as { journalAdded: string[] }).journalAdded);
    expect(added).toHaveLength(1);
    const id = added[0].slice('recount.tagJournal.'.length);
    await expect.poll(async () => (await storedEvents()).filter((e) => e.id === id && e.conversationId === CONV[5] && e.verdict === 'genuine').length).toBe(1);
    await expect.poll(journalKeys).toEqual([]);
    await page.close();
  });

  it('a slow save shows "Saving…" until the tag is kept; a save the storage refuses waits for the log instead', async () => {
    const page = await open(CONV[5]);
    // The content script's own storage.local, slowed, then refusing (as a full disk would).
    const slowDown = `(() => {
      const set = chrome.storage.local.set.bind(chrome.storage.local);
      globalThis.__realSet = set;
      chrome.storage.local.set = (items) => new Promise((resolve) => setTimeout(resolve, 600)).then(() => set(items));
      return true;
    })()`;
    await evaluateInContentScript(context, page, browser.extensionId, slowDown);
    await bar(page).getByRole('button', { name: /^Unsure/ }).click();
    await bar(page).getByText('Saving…', { exact: true }).waitFor();
    await bar(page).getByText('Saved', { exact: true }).waitFor();
    await expect.poll(() => bar(page).innerText()).toMatch(/Current: Unsure/);
    await evaluateInContentScript(context, page, browser.extensionId, `(() => { chrome.storage.local.set = () => Promise.reject(new Error('no room')); return true; })()`);
    await bar(page).getByRole('button', { name: /^Genuine/ }).click();
    // Not kept by the tab: "Saved" comes with the background's answer, once the log has it.
    await expect.poll(() => bar(page).innerText()).toMatch(/Saved[\s\S]*Current: Genuine/);
    const genuine = (await storedEvents()).filter((e) => e.conversationId === CONV[5] && e.verdict === 'genuine');
    expect(genuine.length).toBeGreaterThan(0);
    await page.close();
  });

  it('an entry whose request never came reaches the log by itself; a wrong one is dropped and never does', async () => {
    const page = await open(CONV[5]);
    const ids = (await evaluateInContentScript(
      context,
      page,
      browser.extensionId,
      `(async () => {
        const claim = { state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution', url: location.href };
        const input = (verdict, reason) => ({ key: { vendor: 'intercom', workspace: 'abc123', conversationId: '215467891239999' }, verdict, reason, note: 'kept by the tab alone', claim, suggested: null });
        const kept = crypto.randomUUID();
        const wrong = crypto.randomUUID();
        await chrome.storage.local.set({
          ['recount.tagJournal.' + kept]: { id: kept, at: Date.now(), input: input('false', 'recontacted') },
          ['recount.tagJournal.' + wrong]: { id: wrong, at: Date.now(), input: input('false', null) },
        });
        return { kept, wrong };
      })()`,
    )) as { kept: string; wrong: string };
    await expect.poll(async () => (await storedEvents()).filter((e) => e.id === ids.kept && e.verdict === 'false').length, { timeout: 10_000 }).toBe(1);
    await expect.poll(journalKeys, { timeout: 10_000 }).toEqual([]);
    expect((await storedEvents()).some((e) => e.id === ids.wrong)).toBe(false);
    await page.close();
  });
});

describe('a hostile transcript', () => {
  it('is read as text: nothing runs, the overlay works, the stored transcript holds the markup as text, the 1 MB message capped', async () => {
    const page = await context.newPage();
    await page.goto(conversationUrl(HOSTILE));
    await expect.poll(() => bar(page).innerText(), { timeout: 15_000 }).toContain('Fin: assumed resolution');
    await bar(page).getByRole('button', { name: /^False resolution/ }).click();
    await bar(page).getByRole('button', { name: 'Save false resolution' }).click();
    await expect.poll(() => bar(page).innerText()).toMatch(/Saved[\s\S]*Current: False resolution/);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await dashboard.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    // The bar holds no markup from the page: only our own elements.
    const tags = await page.evaluate(() => [...document.querySelector('recount-verdict')!.shadowRoot!.querySelectorAll('*')].map((el) => el.tagName.toLowerCase()));
    expect(tags.filter((t) => ['img', 'script', 'a', 'iframe'].includes(t))).toEqual([]);
    const transcript = await dashboard.evaluate(
      (id) =>
        new Promise<Array<{ text: string }>>((resolve) => {
          const open = indexedDB.open('recount');
          open.onsuccess = () => {
            const get = open.result.transaction('conversations').objectStore('conversations').get(`intercom:demo:${id}`);
            get.onsuccess = () => resolve(get.result.transcript);
          };
        }),
      HOSTILE,
    );
    expect(transcript[0].text).toBe('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold?</b>');
    expect(transcript[1].text).toContain('\u202Egnp.exe');
    expect(transcript[2].text.length).toBeLessThan(100_100);
    expect(transcript[2].text).toMatch(/…\[cut by Recount at 100,000 characters\]$/);
    // The dashboard lists it, as text.
    await dashboard.reload();
    const row = dashboard.locator(`[data-conv-key="intercom:demo:${HOSTILE}"]`);
    await expect.poll(() => row.innerText()).toMatch(/False resolution/);
    expect(await dashboard.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  });
});

describe('the network', () => {
  it('the extension made no request in any of these runs', () => {
    const all = [...requests, ...browser.requests];
    expect(all.length).toBeGreaterThan(10);
    const outside = all.filter((url) => !url.startsWith('chrome-extension://') && !isVendorUrl(url));
    expect(outside).toEqual([]);
    for (const url of all.filter(isVendorUrl)) {
      const { pathname } = new URL(url);
      expect(pathname.startsWith('/__demo__/') || pathname.startsWith('/a/inbox/'), url).toBe(true);
    }
  });
});
