// The team log's client (utils/io/team-sync.ts) against the real protocol: pouchdb-server started on 127.0.0.1 by
// this test and stopped after, set up by tools/team-setup.mjs, two installations' databases (fake IndexedDB in
// Node). Push, second push writes nothing, server away and back, incremental pull with checkpoints, pull stopped
// and resumed, a date range the server selects, and an event changed in the server's own files refused by name.
import 'fake-indexeddb/auto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamServer } from '../../tools/team-server.mjs';
import { RecountDB } from '../../utils/store/db';
import { recordVerdict } from '../../utils/store/tagging';
import { createTeamSync, PULL_BATCH, type TeamSync } from '../../utils/io/team-sync';
import type { TeamStatus } from '../../utils/model/team-status';

const dir = join(mkdtempSync(join(tmpdir(), 'recount-sync-')), 'data');
const PORT = 5980 + Math.floor(Math.random() * 9);
const ANA = { name: 'ana', password: 'ana-secret-1' };
const BO = { name: 'bo', password: 'bo-secret-2' };
let server: Awaited<ReturnType<typeof startTeamServer>>;
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };

/** Every URL any client asked for, to assert the hosts contacted. */
const asked: string[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  asked.push(String(input instanceof Request ? input.url : input));
  return fetch(input, init);
};

function memoryStore() {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async (key: string) => structuredClone(map.get(key)),
    set: async (key: string, value: unknown) => void map.set(key, structuredClone(value)),
    remove: async (key: string) => void map.delete(key),
  };
}

interface Agent {
  db: RecountDB;
  sync: TeamSync;
  store: ReturnType<typeof memoryStore>;
  statuses: TeamStatus[];
}

let made = 0;
function agent(): Agent {
  const db = new RecountDB(`team-sync-${++made}-${Date.now()}`);
  const store = memoryStore();
  const statuses: TeamStatus[] = [];
  // Retries are scheduled but not run on their own here: the test says when to sync.
  const sync = createTeamSync({ db, store, fetch: recordingFetch, hasAccess: async () => true, onStatus: (s) => statuses.push(s), setTimer: () => null, clearTimer: () => undefined, timeoutMs: 5000 });
  return { db, sync, store, statuses };
}

const tag = (a: Agent, id: string, verdict: 'genuine' | 'false' = 'genuine', at = Date.parse('2026-11-20T10:00:00Z')) =>
  recordVerdict(a.db, { key: { vendor: 'intercom', workspace: 'w', conversationId: id }, verdict, reason: verdict === 'false' ? 'wrong_answer' : null, note: `on ${id}`, claim, suggested: null }, { now: at });

const info = async () => (await (await fetch(`${server.url}/${server.db}`, { headers: { authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` } })).json()) as { doc_count: number; update_seq: number };

/** Event documents among the server's first `limit` changes, as the server lists them (design documents left out). */
const eventsInFirstChanges = async (limit: number) => {
  const response = await fetch(`${server.url}/${server.db}/_changes?limit=${limit}`, { headers: { authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` } });
  const { results } = (await response.json()) as { results: Array<{ id: string }> };
  return results.filter((r) => !r.id.startsWith('_design/') && !r.id.startsWith('sig-')).map((r) => r.id);
};

let ana: Agent;
let bo: Agent;
beforeAll(async () => {
  server = await startTeamServer({ dir, port: PORT, agents: [ANA, BO], quiet: true });
  ana = agent();
  bo = agent();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('joining', () => {
  it('refuses wrong credentials and a database the agent may not see, in words, and keeps nothing', async () => {
    const stranger = agent();
    await expect(stranger.sync.join({ url: server.url, db: server.db }, { kind: 'password', name: 'ana', password: 'wrong' })).rejects.toThrow(/^Not joined: the server did not accept these credentials/);
    await expect(stranger.sync.join({ url: server.url, db: 'no-such-team' }, { kind: 'password', ...ANA })).rejects.toThrow(/^Not joined: there is no database “no-such-team”/);
    await expect(stranger.sync.join({ url: 'http://example.com', db: server.db }, { kind: 'password', ...ANA })).rejects.toThrow(/use https:\/\//);
    expect(stranger.store.map.size).toBe(0);
    // No error message carries the password.
    expect(JSON.stringify(stranger.statuses)).not.toContain(ANA.password);
  });

  it('joins with the agent’s own credentials and names the user the server knows', async () => {
    const status = await ana.sync.join({ url: `${server.url}/`, db: server.db }, { kind: 'password', ...ANA });
    expect(status).toMatchObject({ joined: true, url: server.url, db: server.db, user: 'ana' });
    await bo.sync.join({ url: server.url, db: server.db }, { kind: 'password', ...BO });
  });
});

describe('push', () => {
  it('sends each event once: a second sync writes nothing', async () => {
    await tag(ana, '1');
    await tag(ana, '2', 'false');
    await ana.sync.sync();
    expect(await ana.sync.status()).toMatchObject({ state: 'synced', waiting: 0 });
    const after = await info();
    expect(after.doc_count).toBe(2 + 1 + 2); // two events + their chain signature + the append-only design document + the time index
    await ana.sync.sync();
    expect((await info()).update_seq).toBe(after.update_seq);
  });

  it('keeps events waiting while the server is away, and sends them when it is back', async () => {
    await server.stop();
    await tag(ana, '3');
    await ana.sync.sync();
    const away = await ana.sync.status();
    expect(away).toMatchObject({ state: 'unreachable', waiting: 1 });
    expect(away.joined && away.unreachableSince).toBeGreaterThan(0);
    server = await startTeamServer({ dir, port: PORT, quiet: true });
    await ana.sync.sync();
    expect(await ana.sync.status()).toMatchObject({ state: 'synced', waiting: 0 });
    // One more event; its chain's signature stays at seq 2 until due (500 events or 10 minutes on): no signature per tag.
    expect((await info()).doc_count).toBe(3 + 1 + 2);
  }, 60_000);
});

describe('pull', () => {
  it('merges the team’s events through the merge checks, then reads only what is new', async () => {
    await tag(bo, '2', 'genuine');
    const first = await bo.sync.pull(null);
    expect(first).toMatchObject({ read: 3, added: 3, alreadyPresent: 0 });
    // Ana's chain, signed by her browser's key through its second event (the first push): checked by Bo's browser.
    const anaChain = (await ana.db.events.toArray())[0].chain;
    expect(first.signed).toEqual({ [anaChain]: { chain: anaChain, seq: 2, fingerprint: (await ana.db.keys.get('signing'))!.fingerprint, signedAt: expect.any(String) } });
    expect(await bo.db.events.count()).toBe(4);
    const again = await bo.sync.pull(null);
    expect(again.read).toBe(0);
    // Bo's own event goes up; Ana pulls it (and her own three come back as already here).
    await bo.sync.sync();
    const anaPull = await ana.sync.pull(null);
    expect(anaPull).toMatchObject({ read: 4, added: 1, alreadyPresent: 3 });
  });

  it('a pull stopped after its first batch resumes from its checkpoint', async () => {
    const many = agent();
    await many.sync.join({ url: server.url, db: server.db }, { kind: 'password', ...ANA });
    for (let i = 0; i < PULL_BATCH + 500; i++) await tag(many, `m${i}`, 'genuine', Date.parse('2026-10-01T00:00:00Z') + i);
    await many.sync.sync();
    const lead = agent();
    await lead.sync.join({ url: server.url, db: server.db }, { kind: 'password', ...BO });
    const stopped = lead.sync.pull(null, (p) => {
      if (p.done > 0) lead.sync.cancelPull();
    });
    await expect(stopped).rejects.toThrow(/^Pull stopped: what was merged stays/);
    const firstBatch = await eventsInFirstChanges(PULL_BATCH);
    expect(firstBatch.length).toBeGreaterThan(PULL_BATCH - 20); // the rest of the first 2,000 changes: design and signature documents
    expect((await lead.db.events.toCollection().primaryKeys()).sort()).toEqual([...firstBatch].sort());
    const resumed = await lead.sync.pull(null);
    expect(resumed.read).toBe(PULL_BATCH + 500 + 4 - firstBatch.length);
    expect(await lead.db.events.count()).toBe(PULL_BATCH + 500 + 4);
  }, 120_000);

  it('a date range is selected by the server', async () => {
    const lead = agent();
    await lead.sync.join({ url: server.url, db: server.db }, { kind: 'password', ...BO });
    // Ana's "m" events were tagged 2026-10-01 00:00:00.000 + i ms; pull the first 1,000 ms of them.
    const from = Date.parse('2026-10-01T00:00:00Z');
    const result = await lead.sync.pull({ from, to: from + 1000 });
    expect(result).toMatchObject({ read: 1000, added: 1000 });
    const ats = (await lead.db.events.toArray()).map((e) => e.at);
    expect(Math.min(...ats)).toBe(from);
    expect(Math.max(...ats)).toBe(from + 999);
  }, 60_000);

  it('an event changed in the server’s own files is refused by name, and nothing of its batch is merged', async () => {
    // The changed document is the server's latest change, so it comes in the last batch: the batches before it
    // (genuine events, each verified) are merged, its own batch is not, and the pull stops there.
    const target = (await ana.db.events.toArray()).find((e) => e.conversationId === '1')!;
    await server.stop();
    // Straight into the server's database files, behind its validation: what a compromised server could do.
    const require = createRequire(import.meta.url);
    const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-leveldb'));
    const raw = new PouchDB(join(dir, server.db), { adapter: 'leveldb' });
    const doc = await raw.get(target.id);
    await raw.bulkDocs([{ ...doc, verdict: 'false', reason: 'wrong_answer', _rev: `${Number(doc._rev.split('-')[0]) + 1}-ffffffffffffffffffffffffffffffff`, _revisions: undefined }], { new_edits: false });
    await raw.close();
    server = await startTeamServer({ dir, port: PORT, quiet: true });
    const fresh = agent();
    await fresh.sync.join({ url: server.url, db: server.db }, { kind: 'password', ...BO });
    await expect(fresh.sync.pull(null)).rejects.toThrow(new RegExp(`Refused, nothing of this batch merged: .*${target.id}.*its contents do not match its hash`));
    expect(await fresh.db.events.get(target.id)).toBeUndefined();
    const firstBatch = await eventsInFirstChanges(PULL_BATCH);
    expect(firstBatch).not.toContain(target.id);
    expect((await fresh.db.events.toCollection().primaryKeys()).sort()).toEqual([...firstBatch].sort());
    // Pulling again refuses again: the checkpoint stayed before the refused batch.
    await expect(fresh.sync.pull(null)).rejects.toThrow(target.id);
  }, 60_000);

  it('contacted no host but the team server', () => {
    expect(new Set(asked.map((u) => new URL(u).origin))).toEqual(new Set([server.url]));
  });
});
