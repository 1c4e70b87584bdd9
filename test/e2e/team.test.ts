// The team log end to end in Debian's Chromium: two browser profiles join the same team on a real
// CouchDB-protocol server (pouchdb-server, started here on 127.0.0.1 and stopped after; the harness lets exactly
// that origin through, everything else stays blocked). The test build grants http://127.0.0.1/* at install:
// Chromium cannot click the permission prompt the product shows when an agent joins.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamServer } from '../../tools/team-server.mjs';
import { conversationUrl, isVendorUrl, showArea, verdictBar, type LaunchedBrowser } from '../support/browser.mjs';
import { eventHash, GENESIS } from '../../utils/model/chain.mjs';
import { joinTeamLog, launchAgents, pullFromTeamLog } from '../support/team-demo.mjs';
import { sha256hex } from '../../utils/model/hash';
import type { VerdictEvent } from '../../utils/model/verdict';

const dir = join(mkdtempSync(join(tmpdir(), 'recount-team-e2e-')), 'data');
const PORT = 5970 + Math.floor(Math.random() * 9);
const ANA = { name: 'ana', password: 'ana-secret-1' };
const BO = { name: 'bo', password: 'bo-secret-2' };
let server: Awaited<ReturnType<typeof startTeamServer>>;
let a: LaunchedBrowser;
let b: LaunchedBrowser;
let dashA: Page;
let dashB: Page;

const basic = (who: { name: string; password: string }) => `Basic ${Buffer.from(`${who.name}:${who.password}`).toString('base64')}`;
const serverInfo = async () =>
  (await (await fetch(`${server.url}/${server.db}`, { headers: { authorization: basic(server.admin) } })).json()) as { doc_count: number; update_seq: number };
/** Event documents on the server (the design documents left out). */
const serverEventIds = async () => {
  const answer = (await (await fetch(`${server.url}/${server.db}/_all_docs`, { headers: { authorization: basic(server.admin) } })).json()) as { rows: Array<{ id: string }> };
  return answer.rows.map((r) => r.id).filter((id) => !id.startsWith('_design/') && !id.startsWith('sig-'));
};
const eventsIn = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Array<{ id: string; conversationId: string; reviewer: string; note: string; verdict: string }>>((resolve, reject) => {
        const open = indexedDB.open('recount');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('events').objectStore('events').getAll();
          all.onsuccess = () => {
            resolve(all.result);
            open.result.close();
          };
        };
      }),
  );

async function joinTeam(dashboard: Page, reviewer: string, who: { name: string; password: string }) {
  await showArea(dashboard, 'settings');
  const form = dashboard.locator('form.settings');
  await form.getByLabel('Your reviewer name').fill(reviewer);
  await form.getByRole('button', { name: 'Save name' }).click();
  await expect.poll(() => form.getByRole('status').innerText()).toBe('Reviewer name saved.');
  await joinTeamLog(dashboard, server, who);
}

async function tag(browser: LaunchedBrowser, conversation: string, verdict: 'Genuine' | 'False resolution') {
  const page = await browser.context.newPage();
  await page.goto(conversationUrl(conversation));
  const bar = verdictBar(page);
  await bar.getByRole('button', { name: new RegExp(`^${verdict}`) }).click();
  if (verdict === 'False resolution') {
    await bar.getByRole('combobox', { name: /Why false/ }).selectOption('wrong_answer');
    await bar.getByRole('button', { name: 'Save false resolution' }).click();
  }
  await expect.poll(() => bar.innerText()).toMatch(new RegExp(`Current: ${verdict}`));
  return page;
}

const teamLine = (page: Page) => page.getByRole('status', { name: 'Team log' }).innerText();

const pull = pullFromTeamLog;

beforeAll(async () => {
  server = await startTeamServer({ dir, port: PORT, agents: [ANA, BO], quiet: true });
  [{ browser: a, dashboard: dashA }, { browser: b, dashboard: dashB }] = await launchAgents(server);
}, 60_000);
afterAll(async () => {
  await a?.context.close();
  await b?.context.close();
  await server?.stop();
});

describe('one team log for two agents', () => {
  it('both join with their own credentials; each tag reaches the server and the bar says synced', async () => {
    await joinTeam(dashA, 'Ana', ANA);
    await joinTeam(dashB, 'Bo', BO);
    const pageA = await tag(a, '215467891234501', 'Genuine');
    const pageB = await tag(b, '215467891234502', 'False resolution');
    // The bar said "synced" before the tag too, and nothing tells it otherwise until the push is done: wait for the
    // events on the server first, then for the bars.
    const ids = [...(await eventsIn(dashA)), ...(await eventsIn(dashB))].map((e) => e.id).sort();
    expect(ids).toHaveLength(2);
    await expect.poll(async () => (await serverEventIds()).sort(), { timeout: 15_000 }).toEqual(ids);
    await expect.poll(() => teamLine(pageA)).toBe('Team log: synced');
    await expect.poll(() => teamLine(pageB)).toBe('Team log: synced');
    await pageA.close();
    await pageB.close();
  });

  it('the lead’s dashboard pulls both (every chain verified) and shows both conversations', async () => {
    expect(await pull(dashA)).toBe('Pulled 2 event(s) from the team log: 1 new here, 1 already here. Every event and chain verified.');
    // Each agent's chain came with its browser's signature, checked on the way in: Bo's key as Bo's settings show it.
    const fingerprintOf = async (page: Page) => (await page.locator('[data-fingerprint]').textContent())!.trim();
    const signedBy = await dashA.getByRole('list', { name: 'Chains signed by their agents’ keys' }).innerText();
    expect(signedBy).toContain(`signed by key ${await fingerprintOf(dashB)}`);
    expect(signedBy).toContain(`signed by key ${await fingerprintOf(dashA)}`);
    await expect.poll(() => dashA.locator('[data-conv-key="intercom:demo:215467891234502"]').innerText()).toMatch(/False resolution/);
    expect(await dashA.locator('[data-conv-key="intercom:demo:215467891234501"]').innerText()).toMatch(/Genuine/);
  });

  it('with the server stopped a tag waits, nothing is lost; back up, it is sent and the other agent pulls it', async () => {
    await server.stop();
    const page = await tag(a, '215467891234505', 'Genuine');
    await expect.poll(() => teamLine(page)).toMatch(/^Team log: server unreachable since \d{1,2}:\d{2}.* · 1 waiting$/);
    expect((await eventsIn(dashA)).some((e) => e.conversationId === '215467891234505')).toBe(true);
    const popup = await a.context.newPage();
    await popup.goto(a.popupUrl);
    const status = popup.getByRole('status', { name: 'Team log status' });
    await expect.poll(() => status.innerText()).toMatch(/1 waiting/);

    server = await startTeamServer({ dir, port: PORT, quiet: true });
    await popup.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => status.innerText()).toBe('Team log: synced');
    await expect.poll(() => teamLine(page)).toBe('Team log: synced');
    expect((await serverEventIds()).length).toBe(3);

    // A second sync has nothing to send: the server's sequence does not move.
    const before = (await serverInfo()).update_seq;
    await popup.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => popup.getByRole('button', { name: 'Sync now' }).isEnabled()).toBe(true);
    expect((await serverInfo()).update_seq).toBe(before);

    expect(await pull(dashB)).toBe('Pulled 3 event(s) from the team log: 2 new here, 1 already here. Every event and chain verified.');
    expect((await eventsIn(dashB)).some((e) => e.conversationId === '215467891234505')).toBe(true);
    await page.close();
    await popup.close();
  }, 90_000);

  it('the server keeps events append-only: an agent’s update gets 403, an anonymous write 401', async () => {
    const [id] = await serverEventIds();
    const doc = (await (await fetch(`${server.url}/${server.db}/${id}`, { headers: { authorization: basic(ANA) } })).json()) as Record<string, unknown>;
    const update = await fetch(`${server.url}/${server.db}/${id}`, { method: 'PUT', headers: { authorization: basic(ANA), 'content-type': 'application/json' }, body: JSON.stringify({ ...doc, verdict: 'false' }) });
    expect(update.status).toBe(403);
    const anonymous = await fetch(`${server.url}/${server.db}/anonymous-1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'anonymous-1' }) });
    expect(anonymous.status).toBe(401);
  });

  it('a disagreement shows both reviewers and notes; the lead’s final verdict names both and settles it', async () => {
    const pageA = await tag(a, '215467891234504', 'Genuine');
    const pageB = await tag(b, '215467891234504', 'False resolution');
    await expect.poll(() => teamLine(pageB)).toBe('Team log: synced');
    await expect.poll(() => teamLine(pageA)).toBe('Team log: synced');
    expect(await pull(dashA)).toMatch(/^Pulled \d+ event\(s\) from the team log: 1 new here/);
    const item = dashA.getByRole('listitem', { name: 'Disagreement on 215467891234504' });
    await expect.poll(() => item.innerText()).toMatch(/Ana: Genuine[\s\S]*Bo: False resolution — /);
    await item.getByLabel('Final verdict').selectOption('false');
    await item.getByLabel('Note', { exact: true }).fill('Customer came back the next day');
    await item.getByRole('button', { name: 'Record final verdict' }).click();
    await expect.poll(() => item.count()).toBe(0);
    const mine = (await eventsIn(dashA)).filter((e) => e.conversationId === '215467891234504');
    const final = mine.find((e) => e.note.startsWith('Final verdict settling'))!;
    // Named in the order the Team view lists the reviewers (by name): Ana's, then Bo's.
    const settled = ['Ana', 'Bo'].map((who) => mine.find((e) => e !== final && e.reviewer === who)!.id);
    expect(final.note).toBe(`Final verdict settling [${settled.join(', ')}] (Ana: genuine; Bo: false) — Customer came back the next day`);
    expect(final.reviewer).toBe('Ana');
    expect(final.verdict).toBe('false');
    await pageA.close();
    await pageB.close();
  });

  it('10,000 events from 5 agents pull into the lead’s dashboard with progress', async () => {
    // Five agents' chains, hashed as Recount hashes them, written to the server by an agent (through its checks).
    const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };
    const docs: Array<Record<string, unknown>> = [];
    for (let agent = 0; agent < 5; agent++) {
      let prevHash = GENESIS;
      for (let i = 0; i < 2000; i++) {
        const e = {
          id: `bulk-${agent}-${i}`, convKey: `intercom:bulk:${agent}-${i}`, vendor: 'intercom', workspace: 'bulk', conversationId: `${agent}-${i}`,
          verdict: i % 3 === 0 ? 'false' : 'genuine', reason: i % 3 === 0 ? 'wrong_answer' : null, note: '', reviewer: `Agent ${agent}`,
          at: Date.parse('2026-11-01T00:00:00Z') + i * 1000, claim, suggested: null, chain: `bulk-chain-${agent}`, seq: i + 1, prevHash, hash: '',
        } as VerdictEvent;
        e.hash = eventHash(e, sha256hex);
        prevHash = e.hash;
        docs.push({ _id: e.id, ...e });
      }
    }
    for (let i = 0; i < docs.length; i += 1000) {
      const response = await fetch(`${server.url}/${server.db}/_bulk_docs`, { method: 'POST', headers: { authorization: basic(BO), 'content-type': 'application/json' }, body: JSON.stringify({ docs: docs.slice(i, i + 1000) }) });
      expect(response.status).toBe(201);
    }
    const team = dashA.locator('#team');
    await team.getByRole('button', { name: 'Pull from team log' }).click();
    const bar = team.getByRole('progressbar', { name: 'Team pull progress' });
    await bar.waitFor({ timeout: 30_000 });
    // The pages are checked in a worker that an offscreen document started for this pull, and closed after it.
    const offscreenDocuments = () =>
      dashA.evaluate(async () => (await (globalThis as unknown as { chrome: { runtime: { getContexts(f: object): Promise<unknown[]> } } }).chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length);
    expect(await offscreenDocuments()).toBe(1);
    const result = team.getByRole('status', { name: 'Team pull result' });
    await expect.poll(() => result.innerText(), { timeout: 90_000 }).toMatch(/^Pulled/);
    await expect.poll(offscreenDocuments).toBe(0);
    // Plus one already here: the lead's own final verdict, pushed after the last pull, comes back once.
    expect(await result.innerText()).toBe('Pulled 10,001 event(s) from the team log: 10,000 new here, 1 already here. Every event and chain verified.');
    expect((await eventsIn(dashA)).filter((e) => e.id.startsWith('bulk-')).length).toBe(10_000);
  }, 120_000);

  it('contacted no host but the helpdesks and the team server', () => {
    for (const browser of [a, b]) {
      const others = browser.requests.filter((url) => /^https?:/.test(url) && !isVendorUrl(url) && new URL(url).origin !== server.url);
      expect(others).toEqual([]);
      expect(browser.requests.some((url) => new URL(url).origin === server.url)).toBe(true);
    }
  });
});
