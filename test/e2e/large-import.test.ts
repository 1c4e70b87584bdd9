// A merge larger than one extension message may be (Chromium refuses any over 64 MiB): 30,000 events with long
// notes, picked in the dashboard, handed to the background in parts with a progress bar, merged whole.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, GENESIS } from '../../utils/model/chain.mjs';
import { eventsToNdjson } from '../../utils/io/export';
import { sha256hex } from '../../utils/model/hash';
import type { VerdictEvent } from '../../utils/model/verdict';
import { launchWithExtension, type LaunchedBrowser } from '../support/browser.mjs';

const COUNT = 30_000;
const MESSAGE_LIMIT = 64 * 2 ** 20;

/** One agent's chain of COUNT events over 3,000 conversations, each with a 2,400-character note. */
function bigLog(): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  let prevHash = GENESIS;
  const start = Date.parse('2026-10-01T09:00:00Z');
  for (let i = 0; i < COUNT; i++) {
    const conversationId = String(500000 + (i % 3000));
    const verdict = i % 4 === 0 ? 'false' : 'genuine';
    const event = {
      id: `big-${i}`,
      convKey: `intercom:big:${conversationId}`,
      vendor: 'intercom',
      workspace: 'big',
      conversationId,
      verdict,
      reason: verdict === 'false' ? 'abandoned' : null,
      note: `Tag ${i}: ${'the customer came back about the same order; '.repeat(53)}`.slice(0, 2400),
      reviewer: 'Dita',
      at: start + i * 60_000,
      claim: { state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution', url: `https://app.intercom.com/a/inbox/big/inbox/conversation/${conversationId}` },
      suggested: null,
      chain: 'dita-chain',
      seq: i + 1,
      prevHash,
      hash: '',
    } as VerdictEvent;
    event.hash = eventHash(event, sha256hex);
    prevHash = event.hash;
    events.push(event);
  }
  return events;
}

let browser: LaunchedBrowser;
let context: BrowserContext;
let page: Page;
let file: string;
let events: VerdictEvent[];

beforeAll(async () => {
  events = bigLog();
  file = join(mkdtempSync(join(tmpdir(), 'recount-large-')), 'dita.ndjson');
  writeFileSync(file, eventsToNdjson(events));
  browser = await launchWithExtension();
  context = browser.context;
  page = await context.newPage();
  await page.goto(`${browser.dashboardUrl}#merge`);
}, 120_000);
afterAll(async () => {
  await context?.close();
});

describe('a merge larger than one extension message', () => {
  it('is too large for one message: the events alone are over 64 MiB', () => {
    expect(JSON.stringify(events).length).toBeGreaterThan(MESSAGE_LIMIT);
  });

  it('is handed over in parts with a progress bar, and merged whole', async () => {
    await page.getByLabel(/Import Recount exports/).setInputFiles(file);
    const preview = page.getByRole('region', { name: 'Merge preview' });
    await expect.poll(() => preview.innerText(), { timeout: 60_000 }).toMatch(/30000 new event\(s\), 0 already here; 3000 conversation\(s\) would change/);
    await preview.getByRole('button', { name: 'Merge 30000 event(s)' }).click();
    const progress = page.getByRole('progressbar', { name: 'Merge progress' });
    await progress.waitFor({ timeout: 30_000 });
    // The bar moves: it is seen part-way, neither empty nor full.
    await expect
      .poll(async () => {
        const value = Number(await progress.getAttribute('value').catch(() => '0'));
        const max = Number(await progress.getAttribute('max').catch(() => '1'));
        return value > 0 && value < max;
      }, { timeout: 60_000, interval: 20 })
      .toBe(true);
    await expect
      .poll(() => page.locator('.import [role=status]').innerText(), { timeout: 120_000 })
      .toBe('Merged: 30000 new event(s), 0 already here, 3000 current verdict(s) changed.');
    expect(await progress.count()).toBe(0);
    await expect.poll(() => page.locator('[data-figure="events"]').innerText(), { timeout: 30_000 }).toMatch(/^30000/);
    // Every event arrived, in one piece: the last one's note and hash as written.
    const last = await page.evaluate(
      () =>
        new Promise<{ note: string; hash: string } | undefined>((resolve) => {
          const open = indexedDB.open('recount');
          open.onsuccess = () => {
            const get = open.result.transaction('events').objectStore('events').get('big-29999');
            get.onsuccess = () => resolve(get.result);
          };
        }),
    );
    expect(last).toMatchObject({ note: events[COUNT - 1].note, hash: events[COUNT - 1].hash });
  }, 240_000);

  it('the worker takes upload parts by postMessage from its own pages, and nothing else that way', async () => {
    const answers = await page.evaluate(async () => {
      const worker = (await navigator.serviceWorker.getRegistration())!.active!;
      const post = (message: unknown) =>
        new Promise<unknown>((resolve) => {
          const { port1, port2 } = new MessageChannel();
          port1.onmessage = (event) => resolve(event.data);
          setTimeout(() => resolve('no answer'), 1500);
          worker.postMessage(message, [port2]);
        });
      return {
        part: await post({ type: 'upload/part', uploadId: 'probe', table: 'events', part: 0, parts: 1, totalRows: 1, rows: [1] }),
        malformedPart: await post({ type: 'upload/part', uploadId: 'probe-2', table: 'events', part: 0, parts: 1, rows: [1] }),
        otherRequest: await post({ type: 'events/delete', filter: { verdicts: ['genuine'] } }),
      };
    });
    expect(answers.part).toEqual({ ok: true, data: { received: 1, parts: 1 } });
    expect(answers.malformedPart).toMatchObject({ ok: false, error: expect.stringMatching(/totalRows/) });
    expect(answers.otherRequest).toBe('no answer');
    await expect.poll(() => page.locator('[data-figure="events"]').innerText()).toMatch(/^30000/);
  });
});
