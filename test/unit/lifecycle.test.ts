// Deleting a view, backing up and restoring: all or nothing, and the chains keep verifying.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChains } from '../../utils/model/chain.mjs';
import { RecountDB } from '../../utils/store/db';
import { restoreBackup } from '../../utils/store/restore';
import { deleteWhere } from '../../utils/store/deletion';
import { allEvents, recordConversationSeen, recordVerdict } from '../../utils/store/tagging';
import { eventsToJson } from '../../utils/io/export';
import { EMPTY_FILTER, matchesConversation, matchesEvent } from '../../utils/analysis/filters';
import { handleMessage, type Platform } from '../../utils/transport/handlers';
import { sha256hex } from '../../utils/model/hash';
import { validateImportedEvents } from '../../utils/model/event-schema';
import { backupBlob, decodeBackup } from '../../utils/io/backup';
import type { Tombstone } from '../../utils/model/chain.mjs';
import { GENESIS, verifyJsonExport } from '../../utils/model/chain.mjs';
import { ensureSigningKey } from '../../utils/store/signing';
import { installChainId } from '../../utils/store/db';

let db: RecountDB;
let n = 0;
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
const tag = (id: string, verdict: 'genuine' | 'false', at: number, note = '') =>
  recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: id }, verdict, reason: verdict === 'false' ? 'other' : null, note, claim, suggested: null }, { now: at });

beforeEach(async () => {
  db = new RecountDB(`life-${++n}`);
  await ensureSigningKey(db); // as the background does on its first run
  await recordConversationSeen(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: '1' }, claim, agentName: 'Fin', messages: [], billingNote: null }, null);
  await tag('1', 'false', 1_000, 'secret customer detail');
  await tag('2', 'genuine', 2_000);
  await tag('3', 'false', 3_000);
});
afterEach(() => db.delete());

describe('delete by filter', () => {
  it('deletes the chosen events and their conversations, leaves tombstones, and the chain still verifies', async () => {
    const filter = { ...EMPTY_FILTER, verdict: 'false' as const };
    const deleted = await deleteWhere(db, (e) => matchesEvent(e, filter), (c) => matchesConversation(c, filter));
    expect(deleted).toEqual({ events: 2, conversations: 2 });
    const events = await allEvents(db);
    expect(events.map((e) => e.conversationId)).toEqual(['2']);
    expect(JSON.stringify(await db.tombstones.toArray())).not.toContain('secret');
    const tombstones = await db.tombstones.toArray();
    expect(verifyChains(events, sha256hex, { deleted: tombstones })).toMatchObject({ ok: true });
    expect(verifyChains(events, sha256hex).ok).toBe(false); // without tombstones, the gap shows
    // A tag after the deletion continues after the deleted last event, not on top of it.
    const { event } = await tag('4', 'genuine', 4_000);
    expect(event.seq).toBe(4);
    const text = eventsToJson(await allEvents(db), { deleted: await db.tombstones.toArray() });
    expect(verifyJsonExport(text, sha256hex)).toMatchObject({ ok: true });
  });

  it('the background refuses to delete without a filter', async () => {
    const platform: Platform = { broadcast: () => undefined, hasHostAccess: async () => false, syncProfileScripts: async () => undefined, previewInTab: async () => { throw new Error('x'); } };
    expect(await handleMessage(db, { type: 'events/delete', filter: {} }, platform)).toMatchObject({ ok: false, error: expect.stringMatching(/choose a filter/) });
    expect(await handleMessage(db, { type: 'events/delete', filter: { verdict: 'genuine' } }, platform)).toMatchObject({ ok: true, data: { events: 1 } });
  });
});

describe('backup and restore', () => {
  const backupText = async () => (await backupBlob(db)).text();
  const check = (rows: unknown[], tombstones: Tombstone[], ownChain: string | null) => validateImportedEvents(rows, tombstones, ownChain).errors;
  const decode = (text: string) => decodeBackup(new Blob([text]), db.name);

  it('restores everything a backup holds, replacing what is there', async () => {
    const text = await backupText();
    const before = { events: await allEvents(db), conversations: await db.conversations.toArray(), settings: await db.settings.toArray() };
    await tag('9', 'genuine', 9_000);
    const counts = await restoreBackup(db, await decode(text), check);
    expect(counts).toMatchObject({ events: 3, conversations: 3 });
    expect(await allEvents(db)).toEqual(before.events);
    expect(await db.conversations.toArray()).toEqual(before.conversations);
    expect(await db.settings.toArray()).toEqual(before.settings);
  });

  it("a tag after restoring another installation's backup starts a chain of this browser's own (its key stayed there)", async () => {
    // The tag path reads the chain head with the chain id it saw last; a restore changes the id under it.
    const other = new RecountDB(`life-other-${n}`);
    try {
      await recordVerdict(other, { key: { vendor: 'intercom', workspace: 'w', conversationId: '7' }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: 500 });
      const otherBackup = await decodeBackup(new Blob([await (await backupBlob(other)).text()]), other.name);
      const [otherEvent] = await allEvents(other);
      await restoreBackup(db, otherBackup, check);
      const { event } = await tag('8', 'genuine', 8_000);
      // Not appended to the other installation's chain (its key would not have signed it): a new one, from genesis.
      expect(event.chain).not.toBe(otherEvent.chain);
      expect(event).toMatchObject({ chain: await installChainId(db), seq: 1, prevHash: GENESIS });
      expect((await db.keys.get('signing'))?.ownChain).toBe(event.chain);
      expect(verifyChains(await allEvents(db), sha256hex)).toMatchObject({ ok: true });
    } finally {
      await other.delete();
    }
  });

  it('refuses a backup with a tampered event, and changes nothing', async () => {
    const text = (await backupText()).replace('secret customer detail', 'nothing to see');
    const before = await allEvents(db);
    // Refused where the file is read (the dashboard), and again where it would be written (the background).
    const message = /Not restored, nothing changed: event \d+ \(id [0-9a-f-]+, seq \d+\): its contents do not match its hash \(edited\)/;
    await expect(decode(text)).rejects.toThrow(message);
    const tables = JSON.parse(text).data.data.map((t: { tableName: string; rows: Array<Record<string, unknown>> }) => [t.tableName, t.rows.map(({ $types: _types, ...row }) => row)]);
    await expect(restoreBackup(db, { tables: Object.fromEntries(tables) }, check)).rejects.toThrow(message);
    expect(await allEvents(db)).toEqual(before);
  });

  it.each([
    ['{', /Not a backup/],
    ['{"formatName":"dexie","formatVersion":1,"data":{"databaseName":"other","databaseVersion":4,"tables":[],"data":[]}}', /databaseName "life-/],
  ])('names what is wrong with %s', async (text, message) => {
    await expect(decode(text)).rejects.toThrow(message);
  });

  it('refuses unknown tables', async () => {
    await expect(restoreBackup(db, { tables: { events: [], secrets: [] } }, check)).rejects.toThrow(/unknown table\(s\) secrets/);
  });
});
