// The team log's client half against a small CouchDB of our own (an in-memory map of documents with a sequence
// counter, answering the few calls the client makes), and the model parts it leans on: the retry schedule,
// invite codes, server URLs, and the day ranges a pull by date asks for. Expected values worked by hand below.
// Also runs under TZ=Asia/Tokyo and TZ=America/New_York (vitest projects unit-tz-tokyo, unit-tz-york).
import { startNewChain } from '../../utils/store/signing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDatabases } from './databases';
import {
  backoffDelay,
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  createTeamSync,
  PULL_BATCH,
  TAG_GIVE_WAY_MAX_MS,
  TAG_QUIET_MS,
  AGENT_TAGGING_MS,
  TEAM_LOG_STORAGE_KEY,
  TEAM_STATE_STORAGE_KEY,
  type TeamPullProgress,
  type TeamStatus,
} from '../../utils/io/team-sync';
import type { KeyValueStore } from '../../utils/io/intercom-witness';
import type { TeamCredentials } from '../../utils/io/couch';
import { checkServerUrl, describeTeamStatus, inviteCode, readInviteCode } from '../../utils/model/team-status';
import { daysRange } from '../../utils/model/zoned-time';
import { recordVerdict, tagPaths } from '../../utils/store/tagging';
import { journalOf } from '../../utils/store/tag-journal';
import { bulkWriteRunning } from '../../utils/store/tag-memory';
import { installChainId, type RecountDB } from '../../utils/store/db';
import { eventHash, GENESIS, verifyChains } from '../../utils/model/chain.mjs';
import { sha256hex } from '../../utils/model/hash';
import { verifyExportSignature } from '../../utils/model/signature.mjs';
import type { VerdictEvent } from '../../utils/model/verdict';
import { servePullHelper, workerAnswers, workerPullHelper } from '../../utils/io/pull-page';
import { RecountDB as Database } from '../../utils/store/db';

const newDb = freshDatabases('team-sync');

/**
 * Where setUp's pulls check their pages: the background's thread, or "a worker" — the worker's end of the
 * protocol (servePullHelper) on the other side of a real MessagePort, with its own connection to the database,
 * as the offscreen document's worker has in the browser.
 */
let pagesCheckedIn: 'background' | 'worker' = 'background';
const workerHelperFor = (db: RecountDB) => async () => {
  const channel = new MessageChannel();
  const workerDb = new Database(db.name);
  servePullHelper(channel.port2, workerDb);
  if (!(await workerAnswers(channel.port1, 1_000))) throw new Error('the worker end did not answer');
  return workerPullHelper(channel.port1, () => {
    channel.port2.close();
    workerDb.close();
  });
};

describe('backoffDelay: doubling from 2 s to at most 5 min, then a point in the upper half', () => {
  it('the constants the table below is worked from', () => {
    expect([BACKOFF_BASE_MS, BACKOFF_MAX_MS]).toEqual([2_000, 300_000]);
  });

  // ceiling = min(300000, 2000 * 2^(attempt-1)); random()=0 gives ceiling/2, random()=1 gives ceiling.
  // attempt | 2000*2^(a-1) | ceiling | random 0 | random 1
  //    1    |      2000    |   2000  |   1000   |   2000
  //    2    |      4000    |   4000  |   2000   |   4000
  //    3    |      8000    |   8000  |   4000   |   8000
  //    4    |     16000    |  16000  |   8000   |  16000
  //    5    |     32000    |  32000  |  16000   |  32000
  //    6    |     64000    |  64000  |  32000   |  64000
  //    7    |    128000    | 128000  |  64000   | 128000
  //    8    |    256000    | 256000  | 128000   | 256000
  //    9    |    512000    | 300000  | 150000   | 300000   (capped)
  //   10    |   1024000    | 300000  | 150000   | 300000   (capped)
  it.each([
    [1, 1000, 2000],
    [2, 2000, 4000],
    [3, 4000, 8000],
    [4, 8000, 16000],
    [5, 16000, 32000],
    [6, 32000, 64000],
    [7, 64000, 128000],
    [8, 128000, 256000],
    [9, 150000, 300000],
    [10, 150000, 300000],
  ])('attempt %i: %i with random()=0, %i with random()=1', (attempt, low, high) => {
    expect(backoffDelay(attempt, () => 0)).toBe(low);
    expect(backoffDelay(attempt, () => 1)).toBe(high);
  });

  it('a quarter of the way into the upper half: attempt 1 → 1000 + 1000*0.25 = 1250, attempt 2 → 2000 + 2000*0.25 = 2500', () => {
    expect([backoffDelay(1, () => 0.25), backoffDelay(2, () => 0.25)]).toEqual([1250, 2500]);
  });

  it('attempt 0 (or below) waits like attempt 1: 2000*2^0 = 2000 → 1000..2000', () => {
    expect([backoffDelay(0, () => 0), backoffDelay(0, () => 1), backoffDelay(-3, () => 1)]).toEqual([1000, 2000, 2000]);
  });

  it('a huge attempt stays a finite 150000..300000 (2^999 would be Infinity; the exponent is capped)', () => {
    expect([backoffDelay(1000, () => 0), backoffDelay(1000, () => 1), backoffDelay(Number.MAX_SAFE_INTEGER, () => 1)]).toEqual([150000, 300000, 300000]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A small CouchDB: documents in a map with the sequence number of their write, Basic credentials checked.

const SERVER = 'https://couch.example.com';
const DB = 'team';
const NAME = 'ana';
const PASSWORD = 'hunter2-very-secret';
const credentials: TeamCredentials = { kind: 'password', name: NAME, password: PASSWORD };
/** What the Authorization header carries for these credentials (base64 of "ana:hunter2-very-secret"). */
const BASIC = Buffer.from(`${NAME}:${PASSWORD}`).toString('base64');

interface SeenRequest {
  method: string;
  url: URL;
  body: { docs?: Array<Record<string, unknown>> } | null;
}

/** CouchDB's sequences are opaque strings: "<number>-<something>". The client must hand them back as given. */
const seqString = (n: number) => `${n}-g1AAAAopaque`;

function fakeCouch() {
  const docs = new Map<string, { doc: Record<string, unknown>; seq: number }>();
  let seq = 0;
  const requests: SeenRequest[] = [];
  /** Document ids the server refuses to write (403 forbidden per document, as a validate_doc_update would). */
  const forbidden = new Map<string, string>();
  const server = {
    requests,
    forbidden,
    docs,
    /** When true, every request fails as a browser's fetch does when the server cannot be reached. */
    down: false,
    /** A document put on the server as is (as another agent's push, or a tampered one, would leave it). */
    put(doc: Record<string, unknown>) {
      docs.set(String(doc._id), { doc: { ...doc, _rev: `1-${++seq}` }, seq });
    },
    fetch: (async (input: string | URL, init: RequestInit = {}) => {
      const url = new URL(String(input));
      const method = init.method ?? 'GET';
      const body: SeenRequest['body'] = typeof init.body === 'string' ? JSON.parse(init.body) : null;
      requests.push({ method, url, body });
      if (server.down) throw new TypeError('Failed to fetch');
      const answer = (status: number, json: unknown) => new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
      // Basic credentials, decoded here: "Basic base64(name:password)".
      const auth = String((init.headers as Record<string, string>).authorization ?? '');
      const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
      if (decoded !== `${NAME}:${PASSWORD}`) return answer(401, { error: 'unauthorized', reason: 'Name or password is incorrect.' });
      if (url.origin !== SERVER) return answer(404, { error: 'not_found', reason: 'no such server' });
      const path = url.pathname;
      if (method === 'GET' && path === '/_session') return answer(200, { ok: true, userCtx: { name: NAME, roles: ['agent'] } });
      if (path === `/${DB}` && method === 'GET') return answer(200, { db_name: DB, doc_count: docs.size, update_seq: seqString(seq) });
      if (path === `/${DB}/_bulk_docs` && method === 'POST') {
        return answer(
          201,
          (body!.docs ?? []).map((doc) => {
            const id = String(doc._id);
            if (forbidden.has(id)) return { id, error: 'forbidden', reason: forbidden.get(id) };
            if (docs.has(id)) return { id, error: 'conflict', reason: 'Document update conflict.' };
            server.put(doc);
            return { id, ok: true, rev: docs.get(id)!.doc._rev };
          }),
        );
      }
      if (path === `/${DB}/_changes` && method === 'GET') {
        const since = Number.parseInt(url.searchParams.get('since') ?? '0', 10);
        const limit = Number(url.searchParams.get('limit') ?? Infinity);
        const after = [...docs.values()].filter((d) => d.seq > since).sort((a, b) => a.seq - b.seq);
        const page = after.slice(0, limit);
        return answer(200, {
          results: page.map((d) => ({ seq: seqString(d.seq), id: d.doc._id, changes: [{ rev: d.doc._rev }], ...(url.searchParams.get('include_docs') === 'true' ? { doc: d.doc } : {}) })),
          last_seq: seqString(page.length > 0 ? page[page.length - 1].seq : since),
          pending: after.length - page.length,
        });
      }
      return answer(404, { error: 'not_found', reason: 'missing' });
    }) as typeof fetch,
  };
  return server;
}

/** browser.storage.local as the background uses it: values stored as copies (structured clone), not references. */
function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    remove: async (key) => void data.delete(key),
  };
}

const NOW = Date.parse('2026-03-02T10:42:00Z');

function setUp(db: RecountDB, couch = fakeCouch(), hearStatus?: (s: TeamStatus) => void) {
  const store = memoryStore();
  const timers: number[] = [];
  const cleared: unknown[] = [];
  const statuses: TeamStatus[] = [];
  const accessAsked: string[] = [];
  const clock = { now: NOW };
  // A pull giving way to tags: the clock moves by the pause at once, and `duringPause` runs (e.g. another tag).
  const pauses: number[] = [];
  const hooks = { duringPause: () => {} };
  const team = createTeamSync({
    db,
    store,
    // Looked up at each request, so that a test can wrap the server's fetch after the set-up.
    fetch: ((input, init) => couch.fetch(input, init)) as typeof fetch,
    hasAccess: async (pattern) => {
      accessAsked.push(pattern);
      return true;
    },
    onStatus: (s) => {
      hearStatus?.(s);
      statuses.push(s);
    },
    now: () => clock.now,
    random: () => 0.25,
    // Recorded, never run: the test decides when the next attempt happens.
    setTimer: (_run, ms) => {
      timers.push(ms);
      return `timer-${timers.length}`;
    },
    clearTimer: (t) => cleared.push(t),
    pause: async (ms) => {
      pauses.push(ms);
      clock.now += ms;
      hooks.duringPause();
    },
    ...(pagesCheckedIn === 'worker' ? { pullHelper: workerHelperFor(db) } : {}),
  });
  return { team, couch, store, timers, cleared, statuses, accessAsked, clock, pauses, hooks };
}

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };

/** One tag of this installation, with a known id. */
const tag = (db: RecountDB, id: string, conversationId: string, at: number) =>
  recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: at, id });

/** Another agent's valid chain of n events (its own chain id and reviewer), each in its own conversation. */
function teamChain(n: number, chain = 'bo-chain', reviewer = 'Bo'): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  let prevHash = GENESIS;
  for (let i = 1; i <= n; i++) {
    const e = {
      id: `bo-${i}`, convKey: `intercom:w:bo${i}`, vendor: 'intercom', workspace: 'w', conversationId: `bo${i}`, verdict: 'false', reason: 'wrong_answer',
      note: '', reviewer, at: 5_000 + i, claim, suggested: null, chain, seq: i, prevHash, hash: '',
    } as VerdictEvent;
    e.hash = eventHash(e, sha256hex);
    prevHash = e.hash;
    events.push(e);
  }
  return events;
}
const asDocument = (e: VerdictEvent) => ({ _id: e.id, ...e });

const bulkRequests = (couch: ReturnType<typeof fakeCouch>) => couch.requests.filter((r) => r.url.pathname.endsWith('/_bulk_docs'));
const changesRequests = (couch: ReturnType<typeof fakeCouch>) => couch.requests.filter((r) => r.url.pathname.endsWith('/_changes'));

describe('joining a team', () => {
  it('checks the credentials and the database, then keeps the server (as its origin), the credentials and the server’s name for us', async () => {
    const { team, store, couch, accessAsked } = setUp(newDb());
    const status = await team.join({ url: 'https://couch.example.com/', db: DB }, credentials);
    await team.sync();
    // 'https://couch.example.com/' → origin 'https://couch.example.com' (no trailing slash); the user is the
    // _session answer's userCtx.name.
    expect(await store.get(TEAM_LOG_STORAGE_KEY)).toEqual({ server: { url: SERVER, db: DB }, credentials, user: NAME });
    expect(accessAsked[0]).toBe('https://couch.example.com/*');
    expect(couch.requests.slice(0, 2).map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['GET /_session', `GET /${DB}`]);
    expect(status).toMatchObject({ joined: true, url: SERVER, db: DB, user: NAME, waiting: 0 });
    expect(await team.hasTeam()).toBe(true);
  });

  it('a wrong password is not joined, nothing kept, and the refusal does not hold the password', async () => {
    const { team, store } = setUp(newDb());
    const error = await team.join({ url: SERVER, db: DB }, { ...credentials, password: 'wrong' }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^Not joined: the server did not accept these credentials/);
    expect(error?.message).not.toContain('wrong');
    expect(await store.get(TEAM_LOG_STORAGE_KEY)).toBeUndefined();
    expect(await team.status()).toEqual({ joined: false });
  });

  it('an http server elsewhere than this machine is refused before any request', async () => {
    const { team, couch } = setUp(newDb());
    await expect(team.join({ url: 'http://couch.example.com', db: DB }, credentials)).rejects.toThrow(/^Not joined: server: use https:\/\//);
    expect(couch.requests).toEqual([]);
  });
});

describe('pushing this installation’s events', () => {
  // This log: own tags own-1, own-2, own-3 (this installation's chain, seq 1..3) and two events of Bo's chain
  // merged from elsewhere. A push sends the three own events in one _bulk_docs (3 < PUSH_BATCH = 500) and never
  // Bo's; a second sync has nothing after pushedThrough = 3, so it sends no _bulk_docs at all.
  it('sends only own-chain events, each once', async () => {
    const db = newDb();
    await tag(db, 'own-1', '1', 1_000);
    await tag(db, 'own-2', '2', 2_000);
    await tag(db, 'own-3', '3', 3_000);
    await db.events.bulkAdd(teamChain(2));
    const { team, couch, store } = setUp(db);
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    const bulks = bulkRequests(couch);
    expect(bulks).toHaveLength(1);
    const chain = await installChainId(db);
    // The three events, then this key's signature over the chain's head at own-3.
    expect(bulks[0].body!.docs!.map((d) => d._id)).toEqual(['own-1', 'own-2', 'own-3', `sig-${chain}-3`]);
    // One document per event: _id = event id, the event's fields and nothing else.
    const own1 = (await db.events.get('own-1'))!;
    expect(bulks[0].body!.docs![0]).toEqual({ _id: 'own-1', ...own1 });
    const own3 = (await db.events.get('own-3'))!;
    const signatureDoc = bulks[0].body!.docs![3] as { kind: string; chain: string; seq: number; head: string; signature: unknown };
    expect(signatureDoc).toMatchObject({ kind: 'recount-chain-signature', chain, seq: 3, head: own3.hash });
    // It verifies as an export signature over that one chain, with this installation's key.
    const key = (await db.keys.get('signing'))!;
    expect(await verifyExportSignature(signatureDoc.signature, { digest: own3.hash, chains: { [chain]: { lastSeq: 3, head: own3.hash } } }, { subtle: crypto.subtle, sha256hex, expected: [key.fingerprint] })).toMatchObject({ ok: true });
    expect((await store.get(TEAM_STATE_STORAGE_KEY)) as { pushedThrough: number }).toMatchObject({ pushedThrough: 3, lastSyncedAt: NOW });

    await team.sync();
    expect(bulkRequests(couch)).toHaveLength(1);
    expect([...couch.docs.keys()].sort()).toEqual(['own-1', 'own-2', 'own-3', `sig-${chain}-3`]);
    expect(await team.status()).toMatchObject({ state: 'synced', waiting: 0 });
  });

  // A sync follows every tag; its status reaches every open tab and page, so one that did not change is not told.
  // Told as a sync starts and as it ends. Hand-worked (the clock stands still at NOW):
  //   two syncs, not joined            → {joined:false} once (start and end alike)           1
  //   join's sync starts               → synced, never synced yet (lastSyncedAt null)        2
  //   join's sync ends                 → synced, lastSyncedAt NOW                             3
  //   the test's own sync              → nothing new                                          3
  //   a tag, its sync starts           → "1 waiting" (not "synced" while its push runs)       4
  //   that sync ends                   → synced again, lastSyncedAt NOW                       5
  //   a sync with nothing to push      → nothing                                              5
  it('tells the status only when it changed, and a tag waiting from the moment its sync starts', async () => {
    const db = newDb();
    const { team, statuses } = setUp(db);
    await team.sync();
    await team.sync();
    await vi.waitFor(() => expect(statuses).toEqual([{ joined: false }]));
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    await vi.waitFor(() => expect(statuses).toHaveLength(3));
    expect(statuses.slice(1)).toMatchObject([
      { joined: true, state: 'synced', waiting: 0, lastSyncedAt: null },
      { joined: true, state: 'synced', waiting: 0, lastSyncedAt: NOW },
    ]);
    await tag(db, 'own-1', '1', 1_000);
    await team.sync();
    await vi.waitFor(() => expect(statuses).toHaveLength(5));
    expect(statuses.slice(3)).toMatchObject([
      { state: 'waiting', waiting: 1 },
      { state: 'synced', waiting: 0, lastSyncedAt: NOW },
    ]);
    await team.sync();
    await new Promise((r) => setTimeout(r, 50));
    expect(statuses).toHaveLength(5);
  });

  // Hand-worked: the first telling ({joined:false}) throws in the listener and is not recorded; joining then
  // brings "synced, never synced yet" and "synced at NOW", which must still be told (2 in all).
  it('a telling that fails does not stop the ones after it', async () => {
    const db = newDb();
    let failures = 0;
    const { team, statuses } = setUp(db, fakeCouch(), () => {
      if (failures++ === 0) throw new Error('a page went away mid-broadcast');
    });
    await team.sync();
    await team.join({ url: SERVER, db: DB }, credentials);
    await vi.waitFor(() => expect(statuses).toHaveLength(2));
    expect(statuses).toMatchObject([
      { joined: true, state: 'synced', lastSyncedAt: null },
      { joined: true, state: 'synced', lastSyncedAt: NOW },
    ]);
  });

  it('after this installation moves to a new chain (a restore), the new chain is pushed from its first event', async () => {
    const db = newDb();
    await tag(db, 'own-1', '1', 1_000);
    await tag(db, 'own-2', '2', 2_000);
    const { team, couch } = setUp(db);
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync(); // pushedThrough 2 in the first chain
    await startNewChain(db, (await db.keys.get('signing'))!); // as a restore does: the key moves with it
    await tag(db, 'new-1', '3', 3_000); // seq 1 of the new chain: below the old chain's pushedThrough
    expect(await team.status()).toMatchObject({ waiting: 1 });
    await team.sync();
    expect(bulkRequests(couch).at(-1)!.body!.docs!.map((d) => d._id)).toEqual(['new-1', `sig-${await installChainId(db)}-1`]);
    expect(await team.status()).toMatchObject({ state: 'synced', waiting: 0 });
  });

  it('an unreachable server: "synced" becomes "1 waiting", retried after the backoff table’s delays, and synced again once it answers', async () => {
    const db = newDb();
    await tag(db, 'own-1', '1', 1_000);
    const { team, couch, timers, cleared, clock } = setUp(db);
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    const synced = await team.status();
    expect(synced).toMatchObject({ state: 'synced', waiting: 0, unreachableSince: null });
    expect(describeTeamStatus(synced)).toBe('Team log: synced');

    couch.down = true; // fetch throws TypeError('Failed to fetch')
    await tag(db, 'own-2', '2', 2_000);
    await team.sync();
    const down = await team.status();
    expect(down).toMatchObject({ state: 'unreachable', waiting: 1, unreachableSince: NOW });
    expect(describeTeamStatus(down)).toMatch(/^Team log: server unreachable since \S.* · 1 waiting$/);
    // random() = 0.25: attempt 1 → 1000 + 1000*0.25 = 1250 ms (see the backoff table).
    expect(timers).toEqual([1250]);

    clock.now = NOW + 60_000; // a minute later, still down: the outage began at NOW all the same
    await team.sync();
    expect(await team.status()).toMatchObject({ state: 'unreachable', waiting: 1, unreachableSince: NOW });
    // attempt 2 → 2000 + 2000*0.25 = 2500 ms; the first timer was cleared for it.
    expect(timers).toEqual([1250, 2500]);
    expect(cleared).toEqual(['timer-1']);

    couch.down = false;
    await team.sync();
    expect(await team.status()).toMatchObject({ state: 'synced', waiting: 0, unreachableSince: null, lastSyncedAt: NOW + 60_000 });
    expect(couch.docs.has('own-2')).toBe(true);

    // The schedule starts over after a success: the next outage waits attempt 1's 1250 ms again.
    couch.down = true;
    await tag(db, 'own-3', '3', 3_000);
    await team.sync();
    expect(timers).toEqual([1250, 2500, 1250]);
  });

  it('the tick does nothing while a retry is not due yet (NOW + 1250), and pushes once it is', async () => {
    const db = newDb();
    const { team, couch, clock } = setUp(db);
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    couch.down = true;
    await tag(db, 'own-1', '1', 1_000);
    await team.sync();
    couch.down = false;
    const before = bulkRequests(couch).length;
    clock.now = NOW + 1249;
    await team.tick();
    expect(bulkRequests(couch).length).toBe(before);
    clock.now = NOW + 1250;
    await team.tick();
    expect(bulkRequests(couch).length).toBe(before + 1);
    expect(await team.status()).toMatchObject({ state: 'synced', waiting: 0 });
  });

  it('a document the server forbids: "refused" with the server’s words, and pushedThrough stays where it was', async () => {
    const db = newDb();
    await tag(db, 'own-1', '1', 1_000);
    await tag(db, 'own-2', '2', 2_000);
    await tag(db, 'own-3', '3', 3_000);
    const couch = fakeCouch();
    couch.forbidden.set('own-2', 'only agents may write events');
    const { team, store, timers } = setUp(db, couch);
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    const status = await team.status();
    expect(status).toMatchObject({ state: 'refused', refused: 'event own-2: only agents may write events', waiting: 3, unreachableSince: null });
    expect(describeTeamStatus(status)).toBe('Team log: refused: event own-2: only agents may write events · 3 waiting');
    expect(((await store.get(TEAM_STATE_STORAGE_KEY)) as { pushedThrough: number }).pushedThrough).toBe(0);
    // A refusal is not retried on a timer: trying again would be refused again.
    expect(timers).toEqual([]);
  });

  it('the credentials never appear in a status, a stored state or a message', async () => {
    const db = newDb();
    await tag(db, 'own-1', '1', 1_000);
    const couch = fakeCouch();
    couch.forbidden.set('own-2', 'forbidden by validate_doc_update');
    const { team, store, statuses } = setUp(db, couch);
    const messages: string[] = [];
    await team.join({ url: SERVER, db: DB }, { ...credentials, password: `${PASSWORD}-typo` }).catch((e: Error) => messages.push(e.message));
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    await tag(db, 'own-2', '2', 2_000);
    await team.sync(); // refused
    couch.down = true;
    couch.forbidden.clear();
    await team.sync(); // unreachable
    await team.pull(null).catch((e: Error) => messages.push(e.message));
    await vi.waitFor(() => expect(statuses.length).toBeGreaterThanOrEqual(3));
    const states = statuses.map((s) => (s.joined ? s.state : 'left'));
    expect(states).toContain('refused');
    expect(states).toContain('unreachable');
    expect(messages).toHaveLength(2);
    const seen = JSON.stringify({ statuses, messages, described: statuses.map(describeTeamStatus), state: await store.get(TEAM_STATE_STORAGE_KEY) });
    for (const secret of [PASSWORD, BASIC, 'Basic ', 'authorization']) expect(seen).not.toContain(secret);
  });

  it('leaving forgets the team: status not joined, no credentials kept', async () => {
    const { team, store } = setUp(newDb());
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    await team.leave();
    expect(await team.status()).toEqual({ joined: false });
    expect(store.data.size).toBe(0);
  });
});

describe.each(['background', 'worker'] as const)('pulling the team’s events in checkpointed batches (pages checked in the %s)', (where) => {
  beforeEach(() => void (pagesCheckedIn = where));
  afterEach(() => void (pagesCheckedIn = 'background'));
  // The server holds N = PULL_BATCH + 10 = 2010 events of Bo's chain, written at sequences 1..2010.
  // pull 1: _changes since=0 limit=2000 → seqs 1..2000, last_seq "2000-…", pending 10 → merged, checkpoint saved;
  //         cancelled in onProgress right after that batch → stops with 2000 events here.
  // pull 2: _changes since="2000-…" → seqs 2001..2010 (read 10, added 10, each its own conversation: changed 10),
  //         last_seq "2010-…", pending 0 → done.
  // pull 3: _changes since="2010-…" → no rows → read 0.
  it('tags during a pull — while a page is fetched, checked or written — are saved to the journal at once and reach the log whole', async () => {
    // Hand-worked: Bo's chain of 2,010 events (two pages); this installation tags once before (seq 1) and twice
    // during the pull (seq 2, 3): 2,013 events, every chain whole, the journal empty after.
    const db = newDb();
    const couch = fakeCouch();
    for (const e of teamChain(PULL_BATCH + 10)) couch.put(asDocument(e));
    const { team } = setUp(db, couch);
    await team.join({ url: SERVER, db: DB }, credentials);
    await tag(db, 'own-1', 'a', 1_000);
    const journalled = tagPaths.journal;
    let finished = false;
    const pulling = team.pull(null).finally(() => (finished = true));
    expect(bulkWriteRunning(db)).toBe(true); // from the start, before any page is read
    const during = await tag(db, 'own-2', 'a', 2_000);
    // Answered while the pull's pages are still being read, checked and written.
    expect(finished).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = await tag(db, 'own-3', 'b', 3_000);
    expect(tagPaths.journal - journalled).toBe(2);
    expect([during.event.seq, later.event.seq]).toEqual([2, 3]);
    expect(await pulling).toMatchObject({ read: PULL_BATCH + 10, added: PULL_BATCH + 10 });
    expect(bulkWriteRunning(db)).toBe(false);
    const events = await db.events.toArray();
    expect(events).toHaveLength(PULL_BATCH + 13);
    expect(verifyChains(events, sha256hex)).toMatchObject({ ok: true });
    expect((await journalOf(db).all()).length).toBe(0);
    expect((await db.conversations.get('intercom:w:b'))?.current?.id).toBe('own-3');
  });

  /** Joined to a server holding Bo's chain of 2,010 events: two pages to pull. */
  async function joinedOverTwoPages() {
    const couch = fakeCouch();
    for (const e of teamChain(PULL_BATCH + 10)) couch.put(asDocument(e));
    const joined = setUp(newDb(), couch);
    await joined.team.join({ url: SERVER, db: DB }, credentials);
    return joined;
  }

  it('an agent who tags without a pause holds each page back 5 s at most, and the pull ends', async () => {
    // Hand-worked with TAG_QUIET_MS = 2000 and TAG_GIVE_WAY_MAX_MS = 5000, the agent tagging again whenever the pull
    // waits (the clock still between pauses): each page pauses min(2000 to quiet, 5000 left) = 2000, again 2000
    // (3000 left), then 1000 (1000 left), then writes. Two pages (2,010 events): 2000, 2000, 1000 twice.
    expect([TAG_QUIET_MS, TAG_GIVE_WAY_MAX_MS]).toEqual([2000, 5000]);
    const { team, pauses, hooks } = await joinedOverTwoPages();
    team.noteTag();
    // (Stops after 50 pauses, so that a pull that never gives up waiting fails here instead of running on.)
    hooks.duringPause = () => void (pauses.length < 50 && team.noteTag());
    expect(await team.pull(null)).toMatchObject({ read: PULL_BATCH + 10, added: PULL_BATCH + 10 });
    expect(pauses).toEqual([2000, 2000, 1000, 2000, 2000, 1000]);
  });

  it('a tag 1.5 s before a page is ready holds it back the 0.5 s to a quiet moment; no tag, no wait', async () => {
    // 2000 - 1500 = 500 ms for the first page; the second comes after it with no tag in between.
    const { team, pauses, clock } = await joinedOverTwoPages();
    team.noteTag();
    clock.now += 1500;
    await team.pull(null);
    expect(pauses).toEqual([500]);
  });

  /** The pull's steps in order: each `_changes` request (by its `since`) and each page merged (by its size). */
  async function pullSteps(tagAgo: number): Promise<string[]> {
    const { team, couch, clock } = await joinedOverTwoPages();
    const steps: string[] = [];
    const serverFetch = couch.fetch;
    couch.fetch = (async (input: string | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      if (url.pathname.endsWith('/_changes')) steps.push(`fetch since ${Number.parseInt(url.searchParams.get('since')!, 10)}`);
      return serverFetch(input, init);
    }) as typeof fetch;
    team.noteTag();
    clock.now += tagAgo;
    await team.pull(null, undefined, (changed) => steps.push(`merged ${changed.length}`));
    return steps;
  }

  it('while an agent tags here, the pull fetches the next page only once this one is written; with no tag for a minute, while it is', async () => {
    // Bo's 2,010 events are two pages: since 0 → 2,000 events (each its own conversation, so 2,000 changed), since
    // 2000 → 10. A tag 59.9 s ago (under AGENT_TAGGING_MS = 60,000) → fetch, merge, fetch, merge: one step at a
    // time. A tag 60 s ago → the second page is asked for before the first is merged.
    expect(AGENT_TAGGING_MS).toBe(60_000);
    expect(await pullSteps(59_900)).toEqual(['fetch since 0', 'merged 2000', 'fetch since 2000', 'merged 10']);
    expect(await pullSteps(60_000)).toEqual(['fetch since 0', 'fetch since 2000', 'merged 2000', 'merged 10']);
  });

  it('a cancelled pull keeps its first batch; the next resumes from its last_seq; the one after reads nothing', async () => {
    expect(PULL_BATCH).toBe(2000);
    const db = newDb();
    const couch = fakeCouch();
    for (const e of teamChain(PULL_BATCH + 10)) couch.put(asDocument(e));
    const { team } = setUp(db, couch);
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();

    const progress: TeamPullProgress[] = [];
    const first = await team
      .pull(null, (p) => {
        progress.push(p);
        if (p.done > 0 && !p.finished) expect(team.cancelPull()).toBe(true);
      })
      .then(
        () => null,
        (e: Error) => e,
      );
    expect(first?.message).toMatch(/^Pull stopped/);
    expect(progress).toEqual([
      { done: 0, total: 2010, added: 0 },
      { done: 2000, total: 2010, added: 2000 },
      // The pull's last word, however it ended.
      { done: 2000, total: null, added: 2000, finished: true },
    ]);
    expect(await db.events.count()).toBe(2000);
    expect((await db.events.where('[chain+seq]').between(['bo-chain', 1], ['bo-chain', 2000], true, true).count())).toBe(2000);
    expect(team.cancelPull()).toBe(false); // nothing running any more

    const second = await team.pull(null);
    expect(second).toEqual({ read: 10, signed: {}, added: 10, alreadyPresent: 0, deletedHere: 0, changed: 10, checkedIn: where });
    expect(await db.events.count()).toBe(2010);

    const third = await team.pull(null);
    expect(third).toEqual({ read: 0, signed: {}, added: 0, alreadyPresent: 0, deletedHere: 0, changed: 0, checkedIn: where });

    const asked = changesRequests(couch).map((r) => [r.url.searchParams.get('since'), r.url.searchParams.get('limit'), r.url.searchParams.get('include_docs')]);
    // Pull 1 asks from 0, and already asks for its next page (fetched while the first is merged) before it is
    // stopped; pull 2 starts from the saved checkpoint, which is that same place; pull 3 from after it.
    expect(asked).toEqual([
      ['0', '2000', 'true'],
      ['2000-g1AAAAopaque', '2000', 'true'],
      ['2000-g1AAAAopaque', '2000', 'true'],
      ['2010-g1AAAAopaque', '2000', 'true'],
    ]);
  }, 60_000);

  it('pulling back this installation’s own pushed events adds nothing', async () => {
    const db = newDb();
    await tag(db, 'own-1', '1', 1_000);
    await tag(db, 'own-2', '2', 2_000);
    const { team } = setUp(db);
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    const chain = await installChainId(db);
    const { fingerprint } = (await db.keys.get('signing'))!;
    expect(await team.pull(null)).toEqual({ read: 2, signed: { [chain]: { chain, seq: 2, fingerprint, signedAt: expect.any(String) } }, added: 0, alreadyPresent: 2, deletedHere: 0, changed: 0, checkedIn: where });
    expect(await db.events.count()).toBe(2);
  });

  describe('chain signatures in the team log', () => {
    /** Bo's browser: its own database and key, its two tags pushed to the same server (events + signature). */
    async function bosPush(couch: ReturnType<typeof fakeCouch>) {
      const bo = newDb();
      await tag(bo, 'bo-1', '1', 1_000);
      await tag(bo, 'bo-2', '2', 2_000);
      const { team } = setUp(bo, couch);
      await team.join({ url: SERVER, db: DB }, credentials);
      await team.sync();
      return { chain: await installChainId(bo), fingerprint: (await bo.keys.get('signing'))!.fingerprint, head: (await bo.events.get('bo-2'))!.hash };
    }

    it('a teammate’s signature is checked on pull and reported with its key', async () => {
      const couch = fakeCouch();
      const bo = await bosPush(couch);
      const lead = newDb();
      const { team } = setUp(lead, couch);
      await team.join({ url: SERVER, db: DB }, credentials);
      const result = await team.pull(null);
      expect(result).toMatchObject({ read: 2, added: 2, signed: { [bo.chain]: { chain: bo.chain, seq: 2, fingerprint: bo.fingerprint } } });
    });

    it.each([
      ['a signature over another head (the events were rewritten and re-hashed)', (d: Record<string, unknown>) => ({ ...d, head: 'f'.repeat(64) }), /signature sig-.*-2: the signature does not match/],
      ['a signature whose key claims another chain', (d: Record<string, unknown>) => ({ ...d, signature: { ...(d.signature as object), ownChain: 'someone-else' } }), /its key signs another chain/],
      ['a signature made by another key', (d: Record<string, unknown>) => ({ ...d, signature: { ...(d.signature as object), value: (d.signature as { value: string }).value.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } }), /the signature does not match/],
    ])('%s is refused by name, and nothing of the batch is merged', async (_what, forge, message) => {
      const couch = fakeCouch();
      const bo = await bosPush(couch);
      const id = `sig-${bo.chain}-2`;
      couch.put(forge({ ...couch.docs.get(id)!.doc }));
      const lead = newDb();
      const { team } = setUp(lead, couch);
      await team.join({ url: SERVER, db: DB }, credentials);
      await expect(team.pull(null)).rejects.toThrow(message);
      await expect(team.pull(null)).rejects.toThrow(/^Refused, nothing of this batch merged: the server sent signature sig-/);
      expect(await lead.events.count()).toBe(0);
    });

    // When a signature goes (SIGN_EVERY_EVENTS = 500, SIGN_EVERY_MS = 10 min), worked by hand:
    // push                          head   last signed   due?                         documents sent
    // first push (own-1, own-2)      2      —             yes (first)                  own-1 own-2 sig-2
    // own-3 at +1 min                3      2 (+0)        no: 1 event, 1 min           own-3
    // tick at +11 min, nothing new   3      2             yes: 11 min since            sig-3 (alone)
    // tick at +12 min                3      3             no: nothing moved            —
    // 500 more at +13 min            503    3             batch 1 full (500): no sig   own-4 … own-503
    //                                                     then after the loop: 500 on → sig-503 (alone)
    it('a signature goes with the first push, then only every 500 events or 10 minutes: never one per tag', async () => {
      const db = newDb();
      await tag(db, 'own-1', '1', 1_000);
      await tag(db, 'own-2', '2', 2_000);
      const { team, couch, clock } = setUp(db);
      await team.join({ url: SERVER, db: DB }, credentials);
      await team.sync();
      const chain = await installChainId(db);
      const sent = () => bulkRequests(couch).map((r) => r.body!.docs!.map((d) => String(d._id).replace(chain, 'c')));
      expect(sent()).toEqual([['own-1', 'own-2', 'sig-c-2']]);
      clock.now += 60_000;
      await tag(db, 'own-3', '3', 3_000);
      await team.sync();
      expect(sent().at(-1)).toEqual(['own-3']);
      clock.now += 10 * 60_000;
      await team.tick();
      expect(sent().at(-1)).toEqual(['sig-c-3']);
      clock.now += 60_000;
      const before = sent().length;
      await team.tick();
      expect(sent()).toHaveLength(before);
      clock.now += 60_000;
      for (let i = 4; i <= 503; i++) await tag(db, `own-${i}`, String(i), 3_000 + i);
      await team.sync();
      expect(sent().slice(-2).map((docs) => [docs.length, docs.at(-1)])).toEqual([[500, 'own-503'], [1, 'sig-c-503']]);
    });

    it('a server set up before signatures refuses them: the events still count as sent', async () => {
      const db = newDb();
      await tag(db, 'own-1', '1', 1_000);
      const { team, couch } = setUp(db);
      couch.forbidden.set(`sig-${await installChainId(db)}-1`, 'not a Recount event: convKey is missing');
      await team.join({ url: SERVER, db: DB }, credentials);
      await team.sync();
      expect(await team.status()).toMatchObject({ state: 'synced', waiting: 0 });
      expect([...couch.docs.keys()]).toEqual(['own-1']);
    });
  });

  // Each batch: bo-1 and bo-2 valid, then a third document that is not an event as Recount writes it.
  it.each([
    ['its _id is not its event id', (e: VerdictEvent) => ({ ...asDocument(e), _id: 'not-bo-3' }), /^Refused, nothing of this batch merged: document not-bo-3 from the server: its _id is not its event id$/],
    ['it has a field Recount never writes', (e: VerdictEvent) => ({ ...asDocument(e), extra: 'rides along unhashed' }), /^Refused, nothing of this batch merged: the server sent event bo-3: extra: /],
    // Well formed, but its verdict was changed after it was hashed: named by id (its place in the batch means
    // nothing to the reader).
    ['its contents no longer match its hash', (e: VerdictEvent) => ({ ...asDocument(e), verdict: 'genuine', reason: null }), /^Refused, nothing of this batch merged: the server sent event bo-3 \(seq 3\): its contents do not match its hash/],
  ])('a document refused because %s: named, and nothing of its batch merged', async (_why, spoil, message) => {
    const db = newDb();
    const couch = fakeCouch();
    const [e1, e2, e3] = teamChain(3);
    couch.put(asDocument(e1));
    couch.put(asDocument(e2));
    couch.put(spoil(e3));
    const { team } = setUp(db, couch);
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    await expect(team.pull(null)).rejects.toThrow(message);
    expect(await db.events.count()).toBe(0);
    // The checkpoint did not move past the refused batch: the next pull asks from the start again.
    await expect(team.pull(null)).rejects.toThrow(message);
    expect(changesRequests(couch).map((r) => r.url.searchParams.get('since'))).toEqual(['0', '0']);
  });

  it('a page checker that stops answering stops the pull in words; the pages before it stay', async () => {
    const db = newDb();
    const couch = fakeCouch();
    for (const e of teamChain(PULL_BATCH + 10)) couch.put(asDocument(e));
    let pages = 0;
    const store = memoryStore();
    const team = createTeamSync({
      db,
      store,
      fetch: couch.fetch,
      hasAccess: async () => true,
      // The worker's end answers the first page, then goes quiet (as a worker the browser stopped would).
      pullHelper: async () => {
        const channel = new MessageChannel();
        const workerDb = new Database(db.name);
        servePullHelper(channel.port2, workerDb);
        await workerAnswers(channel.port1, 1_000);
        const helper = workerPullHelper(channel.port1, () => workerDb.close(), 1_500);
        return {
          ...helper,
          take(page) {
            const job = helper.take(page);
            if (++pages < 2) return job;
            return {
              ...job,
              write() {
                channel.port2.onmessage = () => undefined; // the second page is never written
                return job.write();
              },
            };
          },
        };
      },
    });
    await team.join({ url: SERVER, db: DB }, credentials);
    await expect(team.pull(null)).rejects.toThrow('Pull stopped: the page checker stopped answering; what was merged stays, pull again to go on.');
    expect(pages).toBe(2);
    expect(await db.events.count()).toBe(PULL_BATCH);
  });

  it('a pull before joining is refused in words', async () => {
    const { team } = setUp(newDb());
    await expect(team.pull(null)).rejects.toThrow('Join a team first');
  });

  it('pulled events keep their own chain: none of them waits to be pushed as this installation’s', async () => {
    // Bo's two events merged here stay on bo-chain; this installation's chain still holds nothing to push.
    const db = newDb();
    const couch = fakeCouch();
    for (const e of teamChain(2)) couch.put(asDocument(e));
    const { team } = setUp(db, couch);
    await team.join({ url: SERVER, db: DB }, credentials);
    await team.sync();
    await team.pull(null);
    const own = await installChainId(db);
    expect(own).not.toBe('bo-chain');
    expect(await team.status()).toMatchObject({ waiting: 0 });
  });
});

describe('invite codes: the server and the database, nothing else', () => {
  const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

  it('is "recount-team:" + base64url of {"v":1,"url":…,"db":…} and reads back', () => {
    const code = inviteCode({ url: SERVER, db: 'team-a' });
    // Node's own base64url encoder of the JSON written out by hand: the independent oracle.
    expect(code).toBe(`recount-team:${b64url('{"v":1,"url":"https://couch.example.com","db":"team-a"}')}`);
    expect(readInviteCode(code)).toEqual({ ok: true, server: { url: SERVER, db: 'team-a' } });
    // Surrounding spaces from a paste are forgiven.
    expect(readInviteCode(`  ${code}\n`)).toEqual({ ok: true, server: { url: SERVER, db: 'team-a' } });
  });

  it('holds no credentials even when given a server object with more fields', () => {
    const code = inviteCode({ url: SERVER, db: 'team', password: 'x' } as never);
    expect(Buffer.from(code.slice('recount-team:'.length), 'base64url').toString('utf8')).toBe('{"v":1,"url":"https://couch.example.com","db":"team"}');
  });

  it.each([
    ['not prefixed', b64url('{"v":1,"url":"https://couch.example.com","db":"team"}'), /^not a Recount team code/],
    ['characters outside base64url', 'recount-team:abc$def', /^not a Recount team code/],
    ['garbage base64 (one character cannot be base64)', 'recount-team:A', /^the team code is cut short or changed$/],
    ['base64 of something that is not JSON', `recount-team:${b64url('hello there')}`, /^the team code is cut short or changed$/],
    ['another version', `recount-team:${b64url('{"v":2,"url":"https://couch.example.com","db":"team"}')}`, /^the team code is cut short or changed$/],
    ['http to a server elsewhere', `recount-team:${b64url('{"v":1,"url":"http://couch.example.com","db":"team"}')}`, /^the team code's server: use https:\/\//],
    ['a bad database name (capitals)', `recount-team:${b64url('{"v":1,"url":"https://couch.example.com","db":"Team"}')}`, /^the team code's database “Team” is not a CouchDB database name$/],
    ['a bad database name (_users, a system one)', `recount-team:${b64url('{"v":1,"url":"https://couch.example.com","db":"_users"}')}`, /is not a CouchDB database name$/],
  ])('refused: %s', (_why, code, error) => {
    const read = readInviteCode(code);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(error);
  });
});

describe('checkServerUrl: https anywhere, plain http only on this machine, the address alone', () => {
  it.each([
    ['https://couch.example.com', 'https://couch.example.com'],
    ['https://couch.example.com/', 'https://couch.example.com'],
    ['  https://couch.example.com:6984 ', 'https://couch.example.com:6984'],
    ['http://127.0.0.1:5984', 'http://127.0.0.1:5984'],
    ['http://localhost:5984', 'http://localhost:5984'],
  ])('%s is accepted as %s', (text, origin) => {
    expect(checkServerUrl(text)).toEqual({ ok: true, url: origin });
  });

  it.each([
    ['http://example.com', /^use https:\/\//],
    ['http://192.168.1.10:5984', /^use https:\/\//],
    // Only the loopback names the manifest's optional hosts list (http://127.0.0.1/*, http://localhost/*).
    ['http://[::1]:5984', /^use https:\/\//],
    ['ftp://couch.example.com', /^use https:\/\//],
    ['https://ana:secret@couch.example.com', /^put the name and password in their own fields/],
    ['https://couch.example.com/team', /^give the server address only \(no path\)/],
    ['https://couch.example.com/?db=team', /^give the server address only/],
    ['couch.example.com', /^not a URL/],
  ])('%s is refused', (text, error) => {
    const checked = checkServerUrl(text);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.error).toMatch(error);
  });
});

describe(`daysRange: a pull's date range as instants (this run: TZ=${process.env.TZ ?? 'unset'})`, () => {
  // US daylight time starts 2026-03-08 at 02:00 EST (UTC−5 → UTC−4) and ends 2026-11-01 at 02:00 EDT (UTC−4 →
  // UTC−5). Japan is UTC+9 all year.
  //   2026-03-08 New York: from 00:00 EST = 05:00Z; to 2026-03-09 00:00 EDT = 04:00Z → 23 hours.
  //   2026-11-01 New York: from 00:00 EDT = 04:00Z; to 2026-11-02 00:00 EST = 05:00Z → 25 hours.
  //   2026-01-10..2026-01-12 Tokyo: from 2026-01-10 00:00 JST = 2026-01-09T15:00Z; to 2026-01-13 00:00 JST =
  //   2026-01-12T15:00Z → 3 days of 24 hours = 72 hours.
  it.each([
    ['2026-03-08', '2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 23],
    ['2026-11-01', '2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 25],
    ['2026-01-10', '2026-01-12', 'Asia/Tokyo', '2026-01-09T15:00:00.000Z', '2026-01-12T15:00:00.000Z', 72],
    ['2026-06-30', '2026-07-01', 'UTC', '2026-06-30T00:00:00.000Z', '2026-07-02T00:00:00.000Z', 48],
  ])('%s..%s in %s is [%s, %s): %i hours', (first, last, zone, from, to, hours) => {
    const range = daysRange(first, last, zone);
    expect(range).toEqual({ from: Date.parse(from), to: Date.parse(to) });
    if ('from' in range) expect((range.to - range.from) / 3_600_000).toBe(hours);
  });

  it('the TZ this run claims is the one in effect (else the local-zone case below proves nothing about it)', () => {
    if (process.env.TZ) expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(process.env.TZ);
  });

  it('the default zone is this machine’s: midnights as the Date constructor makes them in local time', () => {
    // new Date(y, monthIndex, d) is JavaScript's own local-time midnight: 2026-03-08 (month index 2) to the
    // midnight after 2026-03-10, i.e. 2026-03-11.
    expect(daysRange('2026-03-08', '2026-03-10')).toEqual({ from: new Date(2026, 2, 8).getTime(), to: new Date(2026, 2, 11).getTime() });
    expect(daysRange('2026-10-31', '2026-11-01')).toEqual({ from: new Date(2026, 9, 31).getTime(), to: new Date(2026, 10, 2).getTime() });
  });

  it('the last day before the first is refused', () => {
    expect(daysRange('2026-03-09', '2026-03-08', 'UTC')).toEqual({ error: 'the last day comes before the first' });
  });

  it.each([
    ['2026-02-30', '2026-03-01', '“2026-02-30” is not a date'],
    ['2026-03-01', '2026-13-01', '“2026-13-01” is not a date'],
    ['2026-3-8', '2026-03-09', '“2026-3-8” is not a date'],
    ['yesterday', '2026-03-09', '“yesterday” is not a date'],
    ['2026-03-08T10:00', '2026-03-09', '“2026-03-08T10:00” is not a date'],
    ['', '2026-03-09', '“” is not a date'],
  ])('%s..%s: %s', (first, last, error) => {
    expect(daysRange(first, last, 'UTC')).toEqual({ error });
  });

  it('a zone that does not exist is not a date range', () => {
    expect(daysRange('2026-03-08', '2026-03-08', 'Mars/Olympus_Mons')).toHaveProperty('error');
  });
});
