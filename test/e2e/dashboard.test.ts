// The team lead's dashboard in Chromium: merging two agents' logs, refusing a tampered one, filtering, and
// exports that the standalone verifier accepts.
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecountDB } from '../../utils/store/db';
import { allEvents, recordVerdict } from '../../utils/store/tagging';
import { updateSettings } from '../../utils/store/settings';
import { eventsToJson, eventsToNdjson, eventsToCsv } from '../../utils/io/export';
import type { FalseReason, Verdict } from '../../utils/model/verdict';
import { launchWithExtension, showArea, type LaunchedBrowser } from '../support/browser.mjs';

const dir = mkdtempSync(join(tmpdir(), 'recount-dashboard-'));
const VERIFIER = resolve(import.meta.dirname, '..', '..', 'tools', 'verify-log.mjs');
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed Resolution', url: 'https://app.intercom.com/a/inbox/acme/inbox/conversation/1' };

/** One agent's log, recorded with Recount's own code, as their export would be. */
async function agentExport(name: string, reviewer: string, tags: Array<[string, Verdict, FalseReason | null, string, string]>) {
  const db = new RecountDB(`agent-${name}`);
  await updateSettings(db, { reviewerName: reviewer });
  for (const [id, verdict, reason, note, day] of tags) {
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'acme', conversationId: id }, verdict, reason, note, claim: { ...claim, url: claim.url.replace(/\d+$/, id) }, suggested: null }, { now: new Date(`${day}T10:00:00`).getTime() });
  }
  const events = await allEvents(db);
  await db.delete();
  return events;
}

let browser: LaunchedBrowser;
let context: BrowserContext;
let page: Page;
let files: { ana: string; bo: string; tampered: string };

beforeAll(async () => {
  const ana = await agentExport('ana', 'Ana', [
    ['101', 'false', 'abandoned', 'Customer left after a wrong link', '2026-11-02'],
    ['102', 'genuine', null, '', '2026-11-03'],
    ['103', 'false', 'human_needed', 'Alex took over', '2026-11-04'],
  ]);
  const bo = await agentExport('bo', 'Bo', [
    ['103', 'genuine', null, 'Second look: fine', '2026-11-05'],
    ['104', 'unsure', null, '', '2026-11-05'],
    ['105', 'false', 'wrong_answer', 'Wrong refund policy', '2026-11-06'],
  ]);
  files = { ana: join(dir, 'ana.json'), bo: join(dir, 'bo.ndjson'), tampered: join(dir, 'ana-edited.json') };
  writeFileSync(files.ana, eventsToJson(ana));
  writeFileSync(files.bo, eventsToNdjson(bo));
  writeFileSync(join(dir, 'bo.csv'), eventsToCsv(bo));
  // Someone turned a false resolution into a genuine one in Ana's file.
  writeFileSync(files.tampered, eventsToJson(ana).replace('"verdict": "false",\n      "reason": "abandoned"', '"verdict": "genuine",\n      "reason": null'));
  browser = await launchWithExtension();
  context = browser.context;
  page = await context.newPage();
  await page.goto(`${browser.dashboardUrl}#merge`);
});
afterAll(async () => {
  await context?.close();
});

const figure = (name: string) => page.locator(`[data-figure="${name}"]`);

describe('merging agents’ logs', () => {
  it('refuses a tampered file and names the edited event; nothing is written', async () => {
    await page.getByLabel(/Import Recount exports/).setInputFiles(files.tampered);
    const report = page.locator('.file-report[data-file="ana-edited.json"]');
    await expect.poll(() => report.innerText()).toMatch(/refused, nothing from it will be merged/);
    expect(await report.innerText()).toMatch(/the file: its digest does not match its contents/);
    expect(await report.innerText()).toMatch(/event 1 \(id [0-9a-f-]+, seq 1\): its contents do not match its hash \(edited\)/);
    expect(await page.getByRole('button', { name: /^Merge/ }).count()).toBe(0);
    expect(await figure('events').innerText()).toMatch(/^0/);
  });

  it('previews two agents’ files, then merges them in one step', async () => {
    await page.getByLabel(/Import Recount exports/).setInputFiles([files.ana, files.bo]);
    await expect.poll(() => page.locator('.file-report[data-file="ana.json"]').innerText()).toMatch(/3 event\(s\) in 1 chain\(s\), intact/);
    expect(await page.locator('.file-report[data-file="bo.ndjson"]').innerText()).toMatch(/3 event\(s\) in 1 chain\(s\), intact/);
    const preview = page.getByRole('region', { name: 'Merge preview' });
    expect(await preview.innerText()).toMatch(/6 new event\(s\), 0 already here; 5 conversation\(s\) would change current verdict/);
    await preview.getByRole('button', { name: 'Merge 6 event(s)' }).click();
    await expect.poll(() => page.locator('.import [role=status]').innerText()).toBe('Merged: 6 new event(s), 0 already here, 5 current verdict(s) changed.');
    await expect.poll(() => figure('events').innerText()).toMatch(/^6/);
    // Conversation 103: Bo's later "genuine" is current.
    await expect.poll(() => page.locator('[data-conv-key="intercom:acme:103"]').innerText()).toMatch(/Genuine[\s\S]*Second look: fine[\s\S]*Bo/);
  });

  it('importing the same files again changes nothing (a CSV of the same events included)', async () => {
    await page.getByLabel(/Import Recount exports/).setInputFiles([files.ana, join(dir, 'bo.csv')]);
    const preview = page.getByRole('region', { name: 'Merge preview' });
    await expect.poll(() => page.locator('.file-report[data-file="bo.csv"]').innerText()).toMatch(/3 event\(s\) in 1 chain\(s\), intact/);
    await expect.poll(() => preview.innerText()).toMatch(/0 new event\(s\), 6 already here; 0 conversation\(s\) would change/);
    expect(await preview.getByRole('button', { name: /^Merge/ }).isDisabled()).toBe(true);
  });
});

describe('views and figures', () => {
  beforeAll(() => showArea(page, 'overview'));
  it('shows the figures for everything: rate with its Wilson interval, money at stake', async () => {
    await expect.poll(() => figure('verdicts').innerText()).toMatch(/2 \/ 2 \/ 1/);
    expect(await figure('false-rate').innerText()).toMatch(/^50\.0%\s+false among tagged conversations\s+95% CI 15\.0%–85\.0% \(Wilson\) · these tagged conversations, not the vendor's rate — for that, run a spot check\.\s+How it is counted$/);
    // The working, folded behind "How it is counted".
    expect(await figure('false-rate').locator('[data-rate-method]').textContent()).toMatch(/^false ÷ \(genuine \+ false\) = 2 ÷ 4, unsure left out; Wilson score interval\./);
    expect(await figure('money').innerText()).toMatch(/\$1\.98/);
  });

  it('filters by verdict and reviewer; the URL keeps the view across a reload', async () => {
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Verdict').selectOption('false');
    await expect.poll(() => page.url()).toContain('verdict=false');
    await expect.poll(() => page.locator('[data-conv-key]').count()).toBe(2);
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Reviewer').selectOption('Bo');
    await expect.poll(() => page.locator('[data-conv-key]').count()).toBe(1);
    expect(await page.locator('[data-conv-key]').innerText()).toMatch(/Wrong refund policy/);
    await page.reload();
    await expect.poll(() => page.locator('[data-conv-key]').count()).toBe(1);
    expect(await page.getByRole('form', { name: 'Filters' }).getByLabel('Reviewer').inputValue()).toBe('Bo');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.locator('[data-conv-key]').count()).toBe(5);
  });

  it('free text in notes and a date range', async () => {
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Note contains').fill('alex');
    await expect.poll(() => page.locator('[data-conv-key]').count()).toBe(0); // 103's current note is Bo's
    // Notes are searched in the notes' index. By hand, current notes: 101 "Customer left after a wrong link"
    // (false), 105 "Wrong refund policy" (false), 103 "Second look: fine" (Bo genuine, after Ana's false: a
    // disagreement); the other two conversations have none — 3 notes searched.
    await filters.getByLabel('Note contains').fill('wrong');
    await expect.poll(() => figure('verdicts').innerText()).toMatch(/^0 \/ 2 \/ 0/);
    expect(await figure('tagged').innerText()).toMatch(/^2\s+tagged/);
    await expect.poll(() => page.locator('[data-conv-key]').count()).toBe(2);
    await expect.poll(() => figure('search').innerText()).toMatch(/^3 notes searched for “wrong”/);
    await filters.getByLabel('Note contains').fill('second');
    await expect.poll(() => figure('verdicts').innerText()).toMatch(/^1 \/ 0 \/ 0/);
    expect(await figure('disagreed').innerText()).toMatch(/^1\s+conversation\(s\) reviewers disagree on/);
    await filters.getByLabel('Note contains').fill('');
    await expect.poll(() => figure('verdicts').innerText()).toMatch(/^2 \/ 2 \/ 1/);
    expect(await figure('disagreed').innerText()).toMatch(/^1\s+conversation/);
    await filters.getByLabel('From', { exact: true }).fill('2026-11-05');
    await filters.getByLabel('To', { exact: true }).fill('2026-11-06');
    await expect.poll(() => page.locator('[data-conv-key]').count()).toBe(3);
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });
});

describe('exports the verifier accepts', () => {
  beforeAll(() => showArea(page, 'overview'));
  const download = async (button: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    const path = join(dir, file.suggestedFilename());
    await file.saveAs(path);
    return path;
  };
  const verify = (path: string, ...options: string[]) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [VERIFIER, ...options, path], { encoding: 'utf8' }) };
    } catch (error) {
      const e = error as { status: number; stdout: string };
      return { code: e.status, out: e.stdout };
    }
  };

  it('the whole log as JSON and NDJSON verifies intact, both chains included, signed by the key Settings shows', async () => {
    const fingerprint = (await page.locator('[data-fingerprint]').innerText()).trim();
    expect(fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    for (const button of ['Export JSON', 'Export NDJSON']) {
      const path = await download(button);
      const { code, out } = verify(path, '--key', fingerprint);
      expect(code, out).toBe(0);
      expect(out).toMatch(/intact — 6 event\(s\) in 2 chain\(s\)/);
      expect(out).toContain(`signed by key ${fingerprint}`);
      // Another fingerprint is refused.
      expect(verify(path, '--key', '0123 4567 89ab cdef 0123 4567 89ab cdef').code).toBe(1);
    }
  });

  // Creating a Blob waits on the browser synchronously; in a million-event export that held the page 67 ms once.
  // The export's Blobs are made in a worker: the page constructs none while it exports.
  it('an export reads no event and makes no Blob on the page itself: a worker does both', async () => {
    // Counts, on the page, every Blob made and every read of the events' store (Dexie reads by getAll or a cursor).
    await page.evaluate(() => {
      const seen = { blobs: 0, eventReads: 0 };
      (window as unknown as { seen: typeof seen }).seen = seen;
      const Page = window.Blob;
      window.Blob = class extends Page {
        constructor(...args: ConstructorParameters<typeof Blob>) {
          super(...args);
          seen.blobs++;
        }
      };
      const storeOf = (source: IDBObjectStore | IDBIndex) => ('objectStore' in source ? source.objectStore : source).name;
      for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Array<Record<string, unknown>>) {
        for (const method of ['getAll', 'openCursor', 'get', 'getAllKeys']) {
          const original = proto[method] as (...args: unknown[]) => unknown;
          proto[`__${method}`] = original;
          proto[method] = function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
            if (storeOf(this) === 'events') seen.eventReads++;
            return original.apply(this, args);
          };
        }
      }
    });
    try {
      const path = await download('Export CSV');
      expect(readFileSync(path, 'utf8').trimEnd().split('\r\n')).toHaveLength(7); // the header and the 6 events
      expect(await page.evaluate(() => (window as unknown as { seen: unknown }).seen)).toEqual({ blobs: 0, eventReads: 0 });
    } finally {
      await page.evaluate(() => {
        window.Blob = Object.getPrototypeOf(window.Blob);
        for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Array<Record<string, unknown>>) {
          for (const method of ['getAll', 'openCursor', 'get', 'getAllKeys']) proto[method] = proto[`__${method}`];
        }
      });
    }
  });

  it('a filtered export holds only the view, says so, and still verifies', async () => {
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Verdict').selectOption('false');
    const path = await download('Export JSON');
    const parsed = JSON.parse(readFileSync(path, 'utf8'));
    expect(parsed.partial).toBe(true);
    expect(parsed.filter).toMatchObject({ verdict: 'false' });
    expect(parsed.events.map((e: { conversationId: string }) => e.conversationId).sort()).toEqual(['101', '103', '105']);
    expect(verify(path).code).toBe(0);
    const csv = readFileSync(await download('Export CSV'), 'utf8');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(4);
    const current = readFileSync(await download('Current verdicts CSV'), 'utf8');
    expect(current.trimEnd().split('\r\n')).toHaveLength(3); // 101 and 105; 103 is now genuine
  });

  it('an exported file edited afterwards fails the verifier', async () => {
    await page.getByRole('button', { name: 'Clear filters' }).click();
    const path = await download('Export JSON');
    writeFileSync(path, readFileSync(path, 'utf8').replace('Wrong refund policy', 'Right refund policy'));
    const { code, out } = verify(path);
    expect(code).toBe(1);
    expect(out).toMatch(/its contents do not match its hash \(edited\)/);
  });
});

describe('evidence, backup, deletion', () => {
  const download = async (button: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    const path = join(dir, file.suggestedFilename());
    await file.saveAs(path);
    return path;
  };

  it('downloads an evidence bundle of the view: events that verify, snapshots, a manifest with hashes', async () => {
    await showArea(page, 'overview');
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Verdict').selectOption('false');
    await showArea(page, 'data');
    const path = await download('Download evidence bundle');
    expect(path).toMatch(/recount-evidence-.*\.zip$/);
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = Object.fromEntries(Object.entries(unzipSync(readFileSync(path))).map(([name, bytes]) => [name, strFromU8(bytes)]));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'conversations.json', 'events.ndjson', 'manifest.json']);
    const manifest = JSON.parse(files['manifest.json']);
    expect(manifest.counts).toMatchObject({ events: 3, conversations: 2, transcriptsIncluded: 0 });
    const eventsFile = join(dir, 'bundle-events.ndjson');
    writeFileSync(eventsFile, files['events.ndjson']);
    const fingerprint = (await page.locator('[data-fingerprint]').innerText()).trim();
    const checked = execFileSync(process.execPath, [VERIFIER, '--key', fingerprint, eventsFile], { encoding: 'utf8' });
    expect(checked).toMatch(/intact — 3 event/);
    expect(checked).toContain(`signed by key ${fingerprint}`);
    await showArea(page, 'overview');
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('backs up, deletes a view after confirming, and restores everything', async () => {
    await showArea(page, 'data');
    const backup = await download('Back up everything');
    await showArea(page, 'overview');
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Reviewer').selectOption('Bo');
    await showArea(page, 'data');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete this view…' }).click();
    await expect.poll(() => page.locator('.data-panel [role=status]').innerText()).toBe('Deleted 3 event(s) and 2 conversation(s).');
    await showArea(page, 'overview');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => figure('events').innerText()).toMatch(/^3/);
    // The whole log still verifies across the deleted events' tombstones.
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const jsonPath = join(dir, 'after-delete.json');
    await json.saveAs(jsonPath);
    expect(execFileSync(process.execPath, [VERIFIER, jsonPath], { encoding: 'utf8' })).toMatch(/intact — 3 event/);

    await showArea(page, 'data');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByLabel('Restore from a backup').setInputFiles(backup);
    await expect.poll(() => page.locator('.data-panel [role=status]').innerText()).toMatch(/^Restored: 6 event\(s\), 5 conversation\(s\)/);
    await expect.poll(() => figure('events').innerText()).toMatch(/^6/);
    // Its own backup: the same key signs on (no new chain is said to start).
    expect(await page.locator('.data-panel [role=status]').innerText()).not.toMatch(/new chain/);
    const fingerprint = (await page.locator('[data-fingerprint]').innerText()).trim();
    await showArea(page, 'overview');
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const againPath = join(dir, 'after-restore.json');
    await again.saveAs(againPath);
    expect(execFileSync(process.execPath, [VERIFIER, '--key', fingerprint, againPath], { encoding: 'utf8' })).toMatch(/intact — 6 event/);
  });
});
