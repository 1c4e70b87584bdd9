// Every door holds, in Chromium, through the dashboard's real file inputs: each bad or hostile file is refused in
// words, the whole database is unchanged (every object store compared), the page throws nothing, stays
// responsive, and no prototype changes. The files are written from the formats and an attacker's view.
import { closeSync, mkdtempSync, openSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, GENESIS } from '../../utils/model/chain.mjs';
import { eventsToCsv, eventsToJson, eventsToNdjson } from '../../utils/io/export';
import { sha256hex } from '../../utils/model/hash';
import type { VerdictEvent } from '../../utils/model/verdict';
import { conversationUrl, launchWithExtension, showArea, type LaunchedBrowser } from '../support/browser.mjs';

const dir = mkdtempSync(join(tmpdir(), 'recount-doors-'));
let browser: LaunchedBrowser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let own: VerdictEvent[] = [];
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed Resolution', url: 'https://app.intercom.com/a/inbox/acme/inbox/conversation/1' };

/** Another agent's chain, hashed and linked as Recount writes it. */
function agentChain(chain: string, notes: string[], start = 1, prevHash = GENESIS): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  notes.forEach((note, i) => {
    const conversationId = String(900 + start + i);
    const e = {
      id: `${chain}-${start + i}`, convKey: `intercom:acme:${conversationId}`, vendor: 'intercom', workspace: 'acme', conversationId, verdict: 'genuine', reason: null,
      note, reviewer: 'Bo', at: Date.parse('2026-11-02T10:00:00Z') + i * 60_000, claim, suggested: null, chain, seq: start + i, prevHash, hash: '',
    } as VerdictEvent;
    e.hash = eventHash(e, sha256hex);
    prevHash = e.hash;
    events.push(e);
  });
  return events;
}
/** Written as a filtered export would be (gaps in a chain allowed), the attacker's easiest way in. */
const FILTERED = { filter: { reviewer: 'Mallory' } };
const BO = agentChain('bo-chain', ["'=1+1", '=SUM(A1)', 'plain', "''=x"]);

/**
 * Every object store of Recount's database, as one JSON text. The figures' counts as they read (each day's counts
 * with the tags' delta rows added in): the background folds the deltas into the days on its own time, which
 * changes how the counts are stored, not what they are. The event-only index's stamp only as "stamped".
 */
function dumpDatabase(): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('recount');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names);
          const out: Record<string, unknown> = {};
          for (const name of names) {
            const all = tx.objectStore(name).getAll();
            all.onsuccess = () => (out[name] = all.result);
          }
          tx.oncomplete = () => {
            db.close();
            type Counts = Record<string, [number, number]>;
            const days: Record<string, Counts> = {};
            const add = (day: string, counts: Counts) => {
              const into = (days[day] ??= {});
              for (const [k, [n, u]] of Object.entries(counts)) {
                const [n0, u0] = into[k] ?? [0, 0];
                if (n0 + n === 0 && u0 + u === 0) delete into[k];
                else into[k] = [n0 + n, u0 + u];
              }
            };
            let meta: unknown = null;
            for (const row of (out.tallies ?? []) as Array<{ key: string; day?: string; counts?: Counts; days?: Record<string, Counts> }>) {
              if (row.key === 'meta') meta = row;
              else if (row.day && row.counts) add(row.day, row.counts);
              else for (const [day, counts] of Object.entries(row.days ?? {})) add(day, counts);
            }
            const sorted = Object.keys(days).sort().map((day) => [day, Object.fromEntries(Object.entries(days[day]).sort(([a], [b]) => (a < b ? -1 : 1)))]);
            out.tallies = { meta, days: sorted };
            // The event-only index's stamp is a fresh nonce on every rewrite of the index (a restore rebuilds it),
            // there to tell a copy of the index held in memory that it changed: not content.
            for (const row of (out.eventOnly ?? []) as Array<{ stamp?: string }>) if (row.stamp) row.stamp = 'stamped';
            resolve(JSON.stringify(out));
          };
        };
      }),
  );
}

/** The page answers within a second, and nothing reached a prototype. */
async function healthy() {
  const answer = await Promise.race([
    page.evaluate(() => ({ polluted: ({} as Record<string, unknown>).polluted ?? null, objectKeys: Object.getOwnPropertyNames(Object.prototype).length, arrayKeys: Object.getOwnPropertyNames(Array.prototype).length })),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000)),
  ]);
  expect(answer, 'the dashboard did not answer within 1 s').not.toBeNull();
  return answer!;
}

const write = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const importInput = () => page.getByLabel(/Import Recount exports/);
const importPanel = () => page.locator('.import');

let baseline: { objectKeys: number; arrayKeys: number };

/** Polls until `ready` holds (beforeAll cannot use expect.poll). */
async function until(ready: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Picks the files in the import input; the refusal must name `expected`; nothing may change. */
async function importRefused(files: string | string[], expected: RegExp) {
  const before = await dumpDatabase();
  await importInput().setInputFiles(files);
  await expect.poll(() => importPanel().innerText(), { timeout: 20_000 }).toMatch(expected);
  if (process.env.DEBUG_DOORS) console.log(await importPanel().innerText());
  const mergeButton = page.getByRole('button', { name: /^Merge \d+ event/ });
  if ((await mergeButton.count()) > 0) expect(await mergeButton.isEnabled()).toBe(false);
  expect(await dumpDatabase()).toBe(before);
  expect(pageErrors).toEqual([]);
  expect(await healthy()).toEqual({ polluted: null, ...baseline });
}

beforeAll(async () => {
  browser = await launchWithExtension();
  context = browser.context;
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${browser.dashboardUrl}#merge`);
  const { polluted: _p, ...keys } = await healthy();
  baseline = keys;
  // This installation's own chain: two tags in the demo helpdesk.
  const helpdesk = await context.newPage();
  for (const id of ['215467891234501', '215467891234502']) {
    await helpdesk.goto(conversationUrl(id));
    await helpdesk.getByRole('region', { name: 'Recount verdict' }).getByRole('button', { name: /^Genuine/ }).click();
    await until(async () => JSON.parse(await dumpDatabase()).events.length === own.length + 1, `the tag of ${id}`);
    own = JSON.parse(await dumpDatabase()).events;
  }
  await helpdesk.close();
  own.sort((a, b) => a.seq - b.seq);
  // Another agent's log, merged the ordinary way.
  await importInput().setInputFiles(write('bo.ndjson', eventsToNdjson(BO)));
  await page.getByRole('button', { name: 'Merge 4 event(s)' }).click();
  await until(async () => /Merged: 4 new event/.test(await importPanel().innerText()), "Bo's merge");
});
afterAll(async () => {
  await context?.close();
});

describe('a merge keeps the log intact', () => {
  beforeAll(() => showArea(page, 'data'));
  it("refuses a second event at seq 2 of this installation's own chain", async () => {
    const fork = { ...own[1], id: 'forged-own-2', note: 'forged' };
    fork.hash = eventHash(fork, sha256hex);
    await importRefused(write('own-fork.ndjson', eventsToNdjson([fork], FILTERED)), /event forged-own-2 claims position 2 of chain .*, which event .* holds here \(a fork/);
  });

  it("refuses an event appended to this installation's own chain that it never recorded", async () => {
    const appended = { ...own[1], id: 'forged-own-3', seq: 3, prevHash: own[1].hash };
    appended.hash = eventHash(appended, sha256hex);
    await importRefused(write('own-append.json', eventsToJson([appended], FILTERED)), /event forged-own-3 claims position 3 of this installation's own chain, but this installation never recorded it/);
  });

  it("refuses a fork of another agent's chain already merged here", async () => {
    const rival = agentChain('bo-chain', ['rival'], 2, BO[0].hash).map((e) => ({ ...e, id: 'rival-2' }));
    rival[0].hash = eventHash(rival[0], sha256hex);
    await importRefused(write('bo-fork.csv', eventsToCsv(rival)), /event rival-2 claims position 2 of chain bo-chain, which event bo-chain-2 holds here/);
  });

  it('names two picked files that disagree about one event, and merges neither', async () => {
    const cy = agentChain('cy-chain', ['first', 'second']);
    const edited = [{ ...cy[0] }, cy[1]];
    edited[0].note = 'rewritten';
    edited[0].hash = eventHash(edited[0], sha256hex);
    await importRefused([write('cy-a.ndjson', eventsToNdjson(cy)), write('cy-b.json', eventsToJson([edited[0]]))], /event cy-chain-1: cy-a\.ndjson and cy-b\.json hold different contents for it/);
  });

  it("re-imports its own CSV export (notes starting with an apostrophe and =) as intact, nothing new", async () => {
    await showArea(page, 'overview');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    await showArea(page, 'data');
    const path = join(dir, 'own-export.csv');
    await download.saveAs(path);
    const before = await dumpDatabase();
    await importInput().setInputFiles(path);
    await expect.poll(() => importPanel().innerText()).toMatch(/own-export\.csv: 6 event\(s\) in 2 chain\(s\), intact/);
    await expect.poll(() => importPanel().innerText()).toMatch(/0 new event\(s\), 6 already here/);
    expect(await dumpDatabase()).toBe(before);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a time one millisecond past the last date JavaScript holds', async () => {
    const late = { ...agentChain('late-chain', ['late'])[0], at: 8.64e15 + 1 };
    late.hash = eventHash(late, sha256hex);
    await importRefused(write('late.ndjson', eventsToNdjson([late])), /line 2: at: beyond the last date JavaScript can hold/);
  });

  it('names the event in a one-line JSON, never "line 0"', async () => {
    const text = JSON.stringify(JSON.parse(eventsToJson(agentChain('one-chain', ['a', 'b'])))).replace(/"verdict":"genuine"(?![\s\S]*"verdict":"genuine")/, '"verdict":"maybe"');
    await importRefused(write('one-line.json', text), /line 1 \(event 2\): verdict: /);
    expect(await importPanel().innerText()).not.toMatch(/line 0/);
  });
});

describe('the background holds the same line (a page may send it anything)', () => {
  beforeAll(() => showArea(page, 'data'));
  it('refuses a claim on its own chain in the third slice of a 12,000-event merge, after two slices were written, and nothing stays', async () => {
    // Slices are 5,000 events: events 1–5,000 and 5,001–10,000 are written before the third slice is checked.
    const events = agentChain('slices-chain', Array.from({ length: 12_000 }, (_, i) => `n${i}`));
    const claim = { ...own[1], id: 'forged-own-late', seq: 3, prevHash: own[1].hash };
    claim.hash = eventHash(claim, sha256hex);
    events.push(claim);
    const before = await dumpDatabase();
    const reply = (await page.evaluate((sent) => (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'events/import', events: sent }), events)) as { ok: boolean; error?: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatch(/^Not merged, nothing written: event forged-own-late claims position 3 of this installation's own chain/);
    expect(await dumpDatabase()).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});

describe('never hang, never silence', () => {
  beforeAll(() => showArea(page, 'data'));
  it('refuses JSON nested 100,000 levels deep, saying where', async () => {
    await importRefused(write('deep.json', `{"events":${'['.repeat(100_000)}${']'.repeat(100_000)}}`), /line 1, column 74: the file nests deeper than 64 levels/);
  });

  it('refuses an NDJSON header whose deleted list is 5, or holds null', async () => {
    const lines = eventsToNdjson(BO).split('\n');
    for (const deleted of ['5', '[null]']) {
      const header = lines[0].replace('"deleted":[]', `"deleted":${deleted}`);
      const body = `${[header, ...lines.slice(1, -2)].join('\n')}\n`;
      const file = `${body}${JSON.stringify({ digest: sha256hex(body) })}\n`;
      await importRefused(write(`deleted-${deleted.length}.ndjson`, file), deleted === '5' ? /line 1: deleted: Invalid type: Expected Array/ : /line 1: deleted\.0: Invalid type: Expected Object/);
    }
  });

  it('refuses a file over the size limit at once, saying the limit', async () => {
    const path = join(dir, 'huge.ndjson');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 300 * 2 ** 20);
    closeSync(fd);
    const started = Date.now();
    await importRefused(path, /the file is 300\.0 MiB; Recount reads at most 200\.0 MiB/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a CSV header of 1,000,000 columns at once', async () => {
    const started = Date.now();
    await importRefused(write('wide.csv', `${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\r\n`), /line 1: the header has more than 18 columns \(a Recount events CSV has 18\): refused unread/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('checks a large NDJSON file off the page with progress from the start, and names its bad last line', async () => {
    // 30,000 events with 1,000-character notes (~40 MB); the last event line (30,001) is broken.
    const notes = Array.from({ length: 30_000 }, (_, i) => `${i} ${'n'.repeat(1000)}`);
    const lines = eventsToNdjson(agentChain('big-chain', notes)).split('\n');
    lines[30_000] = lines[30_000].replace('"verdict":"genuine"', '"verdict":"maybe"');
    const body = `${lines.slice(0, -2).join('\n')}\n`;
    const path = write('big.ndjson', `${body}${JSON.stringify({ digest: sha256hex(body) })}\n`);
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    const before = await dumpDatabase();
    await importInput().setInputFiles(path);
    await expect.poll(() => page.getByRole('progressbar', { name: 'Reading progress' }).count(), { timeout: 1_000, interval: 50 }).toBe(1);
    expect(await healthy()).toEqual({ polluted: null, ...baseline }); // responsive while it reads
    await expect.poll(() => importPanel().innerText(), { timeout: 30_000 }).toMatch(/line 30001: verdict: /);
    expect(workers.some((url) => url.includes('import-worker'))).toBe(true);
    expect(await dumpDatabase()).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});

describe('billed lists: precise or refused', () => {
  beforeAll(() => showArea(page, 'reconcile'));
  const billedInput = () => page.getByLabel(/Import the vendor's billed list/);
  const preview = () => page.getByRole('region', { name: 'Billed list preview' });
  const state = (id: string) => ({ id, updated_at: 1762160000, ai_agent: { resolution_state: 'assumed_resolution' } });

  async function billedRefused(name: string, content: string, expected: RegExp) {
    const before = await dumpDatabase();
    await billedInput().setInputFiles({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'text/csv', buffer: Buffer.from(content) });
    await expect.poll(() => preview().innerText(), { timeout: 15_000 }).toMatch(new RegExp(`${name.replace('.', '\\.')}: refused, nothing imported[\\s\\S]*${expected.source}`));
    expect(await preview().getByRole('button', { name: /^Import/ }).count()).toBe(0);
    expect(await dumpDatabase()).toBe(before);
    expect(pageErrors).toEqual([]);
    expect(await healthy()).toEqual({ polluted: null, ...baseline });
  }

  it('refuses an API id in fullwidth digits, on the line its item starts', async () => {
    // Pretty-printed: "{" line 1, "conversations": [ line 2, item 1 lines 3–9 ("{", id, updated_at, "ai_agent": {,
    // resolution_state, "}", "},"), so item 2 starts on line 10.
    await billedRefused('fullwidth.json', JSON.stringify({ conversations: [state('215467891234501'), state('２１５４６７')] }, null, 2), /line 10: id: "２１５４６７" is not an Intercom conversation id/);
  });

  it('refuses a numeric id beyond 2^53 instead of rounding it', async () => {
    await billedRefused('big-id.json', '{"conversations":[{"id":215467891234567890123,"updated_at":1762160000,"ai_agent":{"resolution_state":"assumed_resolution"}}]}', /line 1: id: 215467891234567890123 is larger than 2\^53/);
  });

  it('refuses updated_at 1e300 by line and field', async () => {
    await billedRefused('late.json', '[{"id":"1","updated_at":1e300,"ai_agent":{"resolution_state":"assumed_resolution"}}]', /line 1: updated_at: 1e300 is beyond the last date/);
  });

  it('refuses an OutcomeCount of 99999999999999999999', async () => {
    await billedRefused('count.csv', 'ConversationId,BillingWindowStartDateTime,OutcomeCount\r\n0Mw1,2026-11-03T10:00:00Z,99999999999999999999\r\n', /line 2: OutcomeCount: 99999999999999999999 units on one row/);
  });

  it('refuses a window starting on 30 February', async () => {
    await billedRefused('february.csv', 'ConversationId,BillingWindowStartDateTime,OutcomeCount\r\n0Mw1,2026-02-30T00:00:00Z,1\r\n', /line 2: BillingWindowStartDateTime: "2026-02-30T00:00:00Z" is not a date: February 2026 has no day 30/);
  });

  it('names physical lines: header 1, blank 2, a three-line quoted cell 3–5, so the bad row is line 6', async () => {
    const csv = 'Conversation ID,Fin AI Agent resolution state,Conversation started at (UTC)\r\n\r\n215467891234501,"Assumed\r\nResolution\r\nhere",2026-11-03 10:00:00\r\n215467891234502,Assumed Resolution,not-a-date\r\n';
    await billedRefused('lines.csv', csv, /line 6: Conversation started at: "not-a-date" is not a date/);
  });

  it('names an unterminated quote on the line where it opens (line 3)', async () => {
    const csv = 'Conversation ID,Fin AI Agent resolution state\r\n215467891234501,Assumed Resolution\r\n215467891234502,"Assumed Resolution\r\n215467891234503,Assumed Resolution\r\n';
    await billedRefused('quote.csv', csv, /line 3: Fin AI Agent resolution state: the quoted cell that starts here is never closed/);
  });

  it('refuses a header of 1,000,000 columns at once', async () => {
    const started = Date.now();
    await billedRefused('wide-billed.csv', `${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\r\n1\r\n`, /line 1: the header has more than 500 columns/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses API JSON nested 100,000 levels deep', async () => {
    await billedRefused('deep.json', `{"conversations":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /nests deeper than 64 levels/);
  });
});

describe('vendor profiles: every field checked before use', () => {
  beforeAll(() => showArea(page, 'settings'));
  async function openJsonView() {
    await page.getByRole('combobox', { name: 'Start from an example' }).selectOption('sierra');
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    return page.getByRole('textbox', { name: /Profile as JSON/ });
  }

  it.each([
    ['null author names', '{"aiAuthorNames": [null]}', /aiAuthorNames/],
    ['an object for shadow-root hosts', '{"shadowHosts": {"a": 1}}', /shadowHosts/],
    ['a prototype key', '{"__proto__": {"polluted": 1}}', /__proto__/],
    ['JSON nested 100,000 levels deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, /deeper than/],
  ])('the JSON view refuses %s by name and keeps the draft', async (_name, json, field) => {
    const before = await dumpDatabase();
    const textarea = await openJsonView();
    const draft = await textarea.inputValue();
    await textarea.fill(json);
    await expect.poll(() => page.locator('#profile-json-error').innerText()).toMatch(field);
    await page.getByRole('button', { name: 'Form', exact: true }).click();
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    expect(JSON.parse(await page.getByRole('textbox', { name: /Profile as JSON/ }).inputValue())).toEqual(JSON.parse(draft));
    expect(await dumpDatabase()).toBe(before);
    expect(pageErrors).toEqual([]);
    expect(await healthy()).toEqual({ polluted: null, ...baseline });
    await page.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('refuses a conversation-id pattern that backtracks catastrophically, before saving or previewing', async () => {
    const before = await dumpDatabase();
    await page.getByRole('combobox', { name: 'Start from an example' }).selectOption('sierra');
    const form = page.getByRole('form', { name: 'Vendor profile' });
    await form.locator('[name="conversationIdPattern"]').fill('^/conversations/(a+)+$');
    await form.getByRole('button', { name: 'Save and grant access' }).click();
    await expect.poll(() => form.locator('#profile-conversationIdPattern-error').innerText()).toMatch(/could freeze the helpdesk tab/);
    expect(await dumpDatabase()).toBe(before);
    expect(pageErrors).toEqual([]);
    expect(await healthy()).toEqual({ polluted: null, ...baseline });
    await page.getByRole('button', { name: 'Close', exact: true }).click();
  });
});

describe('restore: every table checked, nothing changed on a refusal', () => {
  beforeAll(() => showArea(page, 'data'));
  type Backup = { data: { databaseVersion: number; tables: Array<{ name: string; rowCount: number }>; data: Array<{ tableName: string; rows: Array<Record<string, unknown>> }> } };
  let genuine = '';
  const status = () => page.locator('.data-panel [role=status]');
  const rowsOf = (backup: Backup, table: string) => backup.data.data.find((t) => t.tableName === table)!.rows;

  async function restoreRefused(name: string, edit: (backup: Backup) => string | void, expected: RegExp) {
    const backup = JSON.parse(genuine) as Backup;
    const edited = edit(backup);
    // As an attacker would, the declared row counts are kept in step with the rows.
    for (const table of backup.data.tables) table.rowCount = rowsOf(backup, table.name)?.length ?? table.rowCount;
    const text = edited ?? JSON.stringify(backup);
    const before = await dumpDatabase();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByLabel('Restore from a backup').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect.poll(() => status().innerText(), { timeout: 15_000 }).toMatch(expected);
    expect(await dumpDatabase()).toBe(before);
    expect(pageErrors).toEqual([]);
    expect(await healthy()).toEqual({ polluted: null, ...baseline });
  }

  beforeAll(async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Back up everything' }).click()]);
    const path = join(dir, 'genuine-backup.json');
    await download.saveAs(path);
    genuine = (await import('node:fs')).readFileSync(path, 'utf8');
  });

  it('refuses a backup made by a newer Recount', async () => {
    await restoreRefused('future.json', (b) => void (b.data.databaseVersion = 99), /Not restored, nothing changed: .*newer Recount/);
  });

  it('refuses settings of the wrong types (a number for billable claims, a word for a price)', async () => {
    await restoreRefused('settings.json', (b) => {
      const row = rowsOf(b, 'settings').find((r) => r.key === 'settings') as { value: { contracts: { intercom: Record<string, unknown> }; unitPrices: Record<string, unknown> } } | undefined;
      if (row) {
        row.value.contracts.intercom.billableClaims = 7;
        row.value.unitPrices.intercom = 'cheap';
      } else rowsOf(b, 'settings').push({ key: 'settings', value: { unitPrices: { intercom: 'cheap' } } });
    }, /Not restored, nothing changed: settings row \d+ \("settings"\): value\.(contracts\.intercom\.billableClaims|unitPrices\.intercom)/);
  });

  it('refuses a vendor profile the form would refuse (<all_urls>)', async () => {
    await restoreRefused('profile.json', (b) => {
      rowsOf(b, 'profiles').push({ id: 'evil', name: 'Evil', hostPattern: '<all_urls>', conversationIdPattern: '^/c/(a+)+$', resolvedSelector: 'script', resolvedText: '', messageSelector: '<script>', authorSelector: '.a', textSelector: '', aiAuthorNames: ['Bot'], teammateAuthorNames: [], shadowHosts: [] });
    }, /Not restored, nothing changed: profiles row \d+ .*hostPattern/);
  });

  it('refuses a $types key path that reaches __proto__, and no prototype changes', async () => {
    await restoreRefused('pollute.json', (b) => {
      const row = rowsOf(b, 'events')[0];
      row.$types = { '__proto__.polluted': 'undef', 'constructor.prototype.polluted': 'undef' };
    }, /Not restored, nothing changed: .*__proto__/);
  });

  it('refuses garbage tombstones, a billed item of −5 units dated "yesterday", and a field Recount never writes', async () => {
    await restoreRefused('tombstones.json', (b) => void rowsOf(b, 'tombstones').push({ chain: 5, seq: -1, prevHash: 'x', hash: null, deletedAt: 'yesterday' }), /Not restored, nothing changed: tombstones row 1/);
    await restoreRefused('billed.json', (b) => {
      rowsOf(b, 'billedLists').push({ id: 'l1', name: 'x.csv', vendor: 'intercom', workspace: 'w', format: 'intercom-csv', skipped: 0, importedAt: 1, items: 1, units: -5 });
      rowsOf(b, 'billedItems').push({ pk: 1, listId: 'l1', vendor: 'intercom', conversationId: '1', billedAt: 'yesterday', units: -5, kind: 'assumed', customerId: null, line: 2 });
    }, /Not restored, nothing changed: billed(Lists|Items) row 1/);
    await restoreRefused('unknown.json', (b) => void (rowsOf(b, 'events')[0].smuggled = 'x'), /Not restored, nothing changed: events row 1.*smuggled/);
  });

  it("refuses a conversation whose current verdict names an event the log lacks", async () => {
    await restoreRefused('current.json', (b) => {
      const events = rowsOf(b, 'events');
      const row = rowsOf(b, 'conversations').find((c) => c.current && events.some((e) => e.id === (c.current as { id: string }).id));
      if (row) (row.current as { id: string }).id = 'no-such-event';
      else rowsOf(b, 'conversations').push({ convKey: 'intercom:w:1', current: { id: 'no-such-event' } });
    }, /Not restored, nothing changed: conversations row \d+/);
  });

  it('refuses a backup nested 100,000 levels deep inside a note, saying where', async () => {
    await restoreRefused('deep-note.json', (b) => {
      const text = JSON.stringify(b);
      return text.replace(/"note":"[^"]*"/, `"note":${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    }, /Not restored: .*nests deeper than 64 levels|Not restor.*deeper/);
  });

  it('reads a 60 MB backup with progress from the start, then names its bad last event', async () => {
    // 40,000 events of another agent (1,400-character notes), the last one edited after it was hashed.
    const events = agentChain('bulk-chain', Array.from({ length: 40_000 }, (_, i) => `${i} ${'b'.repeat(1400)}`));
    events[events.length - 1] = { ...events[events.length - 1], note: 'edited' };
    const backup = JSON.parse(genuine) as Backup;
    rowsOf(backup, 'events').push(...(events as unknown as Array<Record<string, unknown>>));
    for (const table of backup.data.tables) table.rowCount = rowsOf(backup, table.name)?.length ?? table.rowCount;
    const text = JSON.stringify(backup);
    expect(text.length).toBeGreaterThan(60_000_000);
    const path = write('big-backup.json', text);
    const before = await dumpDatabase();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByLabel('Restore from a backup').setInputFiles(path);
    await expect.poll(() => status().innerText(), { timeout: 1_000, interval: 50 }).toMatch(/\d+%/);
    await expect.poll(() => status().innerText(), { timeout: 60_000 }).toMatch(/Not restored, nothing changed: .*bulk-chain-40000.*its contents do not match its hash/);
    expect(await dumpDatabase()).toBe(before);
    expect(pageErrors).toEqual([]);
    expect(await healthy()).toEqual({ polluted: null, ...baseline });
  });

  it('still restores the genuine backup exactly', async () => {
    const before = await dumpDatabase();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByLabel('Restore from a backup').setInputFiles({ name: 'genuine.json', mimeType: 'application/json', buffer: Buffer.from(genuine) });
    await expect.poll(() => status().innerText(), { timeout: 15_000 }).toMatch(/^Restored: /);
    expect(await dumpDatabase()).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});

describe('the network', () => {
  it('was never used beyond the demo helpdesk page, whatever the files held', () => {
    const web = browser.requests.map((url) => new URL(url)).filter((url) => url.protocol === 'http:' || url.protocol === 'https:');
    expect(new Set(web.map((url) => url.host))).toEqual(new Set(['app.intercom.com']));
  });
});
