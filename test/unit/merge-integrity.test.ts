// A merge keeps the log's promise: one event per chain position, and only this installation writes its own chain.
// The forged events below are what an attacker with the export format in hand would write: every hash right,
// every link right inside the file — wrong only against what this log already holds.
import { exportDB } from 'dexie-export-import';
import { describe, expect, it } from 'vitest';
import { eventHash } from '../../utils/model/chain.mjs';
import type { RecountDB } from '../../utils/store/db';
import { deleteWhere } from '../../utils/store/deletion';
import { allEvents, recordVerdict } from '../../utils/store/tagging';
import { handleMessage, type Platform } from '../../utils/transport/handlers';
import { sha256hex } from '../../utils/model/hash';
import { applyMerge, planMerge } from '../../utils/store/merge';
import type { VerdictEvent } from '../../utils/model/verdict';
import { chainOf } from './chains';
import { freshDatabases } from './databases';

const freshDb = freshDatabases('integrity');
const platform: Platform = { broadcast: () => undefined, hasHostAccess: async () => true, syncProfileScripts: async () => undefined, previewInTab: async () => { throw new Error('no tab'); } };
const snapshot = async (db: RecountDB) => (await exportDB(db)).text();
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };

/** An event forged at a chain position, linked to `prevHash`, hashed right. */
function forged(chain: string, seq: number, prevHash: string, id: string, conversationId = '77'): VerdictEvent {
  const e = {
    id, convKey: `intercom:w:${conversationId}`, vendor: 'intercom', workspace: 'w', conversationId, verdict: 'genuine', reason: null,
    note: 'forged', reviewer: 'Mallory', at: 5_000, claim, suggested: null, chain, seq, prevHash, hash: '',
  } as VerdictEvent;
  e.hash = eventHash(e, sha256hex);
  return e;
}

/** This installation's own log of three tags (seq 1–3 of its chain). */
async function ownLog(db: RecountDB): Promise<VerdictEvent[]> {
  for (const [i, id] of ['1', '2', '3'].entries()) {
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: id }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: 1000 + i });
  }
  return (await allEvents(db)).sort((a, b) => a.seq - b.seq);
}

async function importRefused(db: RecountDB, events: VerdictEvent[], message: RegExp) {
  const before = await snapshot(db);
  const plan = await planMerge(db, events);
  expect(plan.positionProblems.join('\n')).toMatch(message);
  const reply = await handleMessage(db, { type: 'events/import', events }, platform);
  expect(reply.ok).toBe(false);
  expect((reply as { error: string }).error).toMatch(/^Not merged, nothing written: /);
  expect((reply as { error: string }).error).toMatch(message);
  expect(await snapshot(db)).toBe(before);
}

describe('a merge refuses a second event at a position already held', () => {
  it("in this installation's own chain (seq 2 forged, its link to seq 1 right)", async () => {
    const db = freshDb();
    const own = await ownLog(db);
    const fork = forged(own[0].chain, 2, own[0].hash, 'forged-2');
    await importRefused(db, [fork], new RegExp(`event forged-2 claims position 2 of chain ${own[0].chain}, which event ${own[1].id} holds here \\(a fork`));
  });

  it("in this installation's own chain, an event appended after its last one (seq 4, linked to seq 3)", async () => {
    const db = freshDb();
    const own = await ownLog(db);
    const appended = forged(own[0].chain, 4, own[2].hash, 'appended-4');
    await importRefused(db, [appended], /event appended-4 claims position 4 of this installation's own chain, but this installation never recorded it/);
  });

  it("in another agent's chain already merged here", async () => {
    const db = freshDb();
    const theirs = chainOf(3);
    await applyMerge(db, theirs);
    const fork = forged('agent-chain', 2, theirs[0].hash, 'other-2');
    await importRefused(db, [fork], /event other-2 claims position 2 of chain agent-chain, which event e-1 holds here \(a fork/);
  });

  it('even when the rival file carries its whole forked chain, links and hashes right', async () => {
    const db = freshDb();
    await applyMerge(db, chainOf(3));
    const one = forged('agent-chain', 1, '0'.repeat(64), 'rival-1');
    const two = forged('agent-chain', 2, one.hash, 'rival-2');
    await importRefused(db, [one, two], /event rival-1 claims position 1 of chain agent-chain, which event e-0 holds here/);
  });

  it('at a position whose event was deleted here, with other contents', async () => {
    const db = freshDb();
    const theirs = chainOf(3);
    await applyMerge(db, theirs);
    await deleteWhere(db, (e) => e.id === 'e-1', () => false);
    const replacement = forged('agent-chain', 2, theirs[0].hash, 'replacement-2');
    await importRefused(db, [replacement], /event replacement-2 claims position 2 of chain agent-chain, which an event deleted here holds/);
  });

  it("a next event whose link does not reach this log's last one", async () => {
    const db = freshDb();
    const theirs = chainOf(3);
    await applyMerge(db, theirs);
    const unlinked = forged('agent-chain', 4, 'a'.repeat(64), 'unlinked-4');
    await importRefused(db, [unlinked], /event unlinked-4 \(chain agent-chain, seq 4\) does not link to event e-2 before it here/);
  });
});

describe('what a merge still accepts', () => {
  it("another agent's later events, linked to what is here", async () => {
    const db = freshDb();
    const all = chainOf(5);
    await applyMerge(db, all.slice(0, 3));
    const plan = await planMerge(db, all.slice(3));
    expect(plan.positionProblems).toEqual([]);
    const reply = await handleMessage(db, { type: 'events/import', events: all.slice(3) }, platform);
    expect(reply).toMatchObject({ ok: true, data: { added: 2, alreadyPresent: 0, deletedHere: 0 } });
  });

  it('its own export back (every event already here, none new in its chain)', async () => {
    const db = freshDb();
    const own = await ownLog(db);
    const before = await snapshot(db);
    const reply = await handleMessage(db, { type: 'events/import', events: own }, platform);
    expect(reply).toMatchObject({ ok: true, data: { added: 0, alreadyPresent: 3 } });
    expect(await snapshot(db)).toBe(before);
  });

  it('a file holding an event deleted here: left out, not brought back', async () => {
    const db = freshDb();
    const theirs = chainOf(3);
    await applyMerge(db, theirs);
    await deleteWhere(db, (e) => e.id === 'e-1', () => false);
    const before = await snapshot(db);
    const plan = await planMerge(db, theirs);
    expect([plan.added.length, plan.alreadyPresent, plan.deletedHere, plan.positionProblems.length]).toEqual([0, 2, 1, 0]);
    const reply = await handleMessage(db, { type: 'events/import', events: theirs }, platform);
    expect(reply).toMatchObject({ ok: true, data: { added: 0, alreadyPresent: 2, deletedHere: 1 } });
    expect(await snapshot(db)).toBe(before);
  });
});
