// Signed exports, checked by the standalone verifier run as a vendor would run it (plain Node, tools/verify-log.mjs):
// a signed file verifies under its key's fingerprint; a file rewritten with recomputed hashes and digest fails,
// re-signed by another key or not; a replaced key is followed through the old key's endorsement; a restore of
// another installation's backup starts a new chain and keeps this browser's key.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './databases';
import { allEvents, recordVerdict } from '../../utils/store/tagging';
import { ensureSigningKey, rotateSigningKey, signExport } from '../../utils/store/signing';
import { pagedEvents, streamEventsExport } from '../../utils/io/stream-export';
import { eventHash, serializeJsonExport, verifyChains } from '../../utils/model/chain.mjs';
import { fingerprintOf, generateKeyPair, exportStatement, signText, ALGORITHM } from '../../utils/model/signature.mjs';
import { sha256hex } from '../../utils/model/hash';
import { backupBlob, decodeBackup } from '../../utils/io/backup';
import { restoreBackup } from '../../utils/store/restore';
import { installChainId, type RecountDB } from '../../utils/store/db';
import type { ExportKind } from '../../utils/io/export';

const freshDb = freshDatabases('signing');
const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'recount-signing-'));
const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed Resolution', url: 'https://example.test/c' };

async function tagged(db: RecountDB, n: number) {
  for (let i = 0; i < n; i++) {
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: String(i) }, verdict: i === 0 ? 'false' : 'genuine', reason: i === 0 ? 'other' : null, note: `n${i}`, claim, suggested: null }, { now: 1_000 + i });
  }
}

async function exported(db: RecountDB, kind: ExportKind, name: string): Promise<string> {
  const blob = await streamEventsExport(kind, pagedEvents(db, () => true, await db.events.count()), { sign: (digest, chains) => signExport(db, digest, chains) });
  const path = join(dir, name);
  writeFileSync(path, await blob.text());
  return path;
}

/** The verifier as a vendor runs it: exit code and what it prints. */
function verify(...args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [join(ROOT, 'tools', 'verify-log.mjs'), ...args], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

describe('signed exports', () => {
  it('verify under the fingerprint the settings page shows, as JSON and NDJSON', async () => {
    const db = freshDb();
    await tagged(db, 3);
    const key = await ensureSigningKey(db);
    expect(key.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(key.privateKey.extractable).toBe(false);
    expect(key.ownChain).toBe(await installChainId(db));
    for (const kind of ['json', 'ndjson'] as const) {
      const path = await exported(db, kind, `ok.${kind}`);
      const { code, out } = verify('--key', key.fingerprint, path);
      expect(out).toContain(`intact — 3 event(s) in 1 chain(s)`);
      expect(out).toContain(`signed by key ${key.fingerprint}`);
      expect(out).toContain(`that installation's own chain: ${key.ownChain}`);
      expect(code).toBe(0);
      // The fingerprint may be typed without spaces, in capitals.
      expect(verify('--key', key.fingerprint.replace(/ /g, '').toUpperCase(), path).code).toBe(0);
    }
  });

  it('a file rewritten with recomputed hashes and digest fails: re-signed by another key, unsigned, or with the old signature', async () => {
    const db = freshDb();
    await tagged(db, 3);
    const key = await ensureSigningKey(db);
    const original = JSON.parse(await (await streamEventsExport('json', pagedEvents(db, () => true, 3), { sign: (d, c) => signExport(db, d, c) })).text());
    // The forger turns the false verdict into a genuine one and recomputes every hash after it, then the digest.
    const events = original.events.map((e: Record<string, unknown>) => ({ ...e }));
    events[0].verdict = 'genuine';
    events[0].reason = null;
    for (let i = 0; i < events.length; i++) {
      if (i > 0) events[i].prevHash = events[i - 1].hash;
      events[i].hash = eventHash(events[i], sha256hex);
    }
    const chains = verifyChains(events, sha256hex).chains;
    const { digest: _digest, signature: _signature, ...body } = original;
    const unsigned = serializeJsonExport({ ...body, chains, events }, sha256hex);
    const unsignedPath = join(dir, 'forged-unsigned.json');
    writeFileSync(unsignedPath, unsigned);
    // Without a key the hashes alone pass (what the hash chain could not catch), and it says it is not signed.
    expect(verify(unsignedPath)).toMatchObject({ code: 0, out: expect.stringContaining('not signed') });
    expect(verify('--key', key.fingerprint, unsignedPath)).toMatchObject({ code: 1, out: expect.stringContaining('it is not signed, and a key was given') });
    // Re-signed with the forger's own key: a valid signature, but not by the key given.
    const forged = JSON.parse(unsigned);
    const theirs = await generateKeyPair(crypto.subtle);
    const fingerprint = fingerprintOf(theirs.publicKey, sha256hex);
    const signedAt = new Date().toISOString();
    const value = await signText(crypto.subtle, theirs.privateKey, exportStatement({ digest: forged.digest, chains, ownChain: key.ownChain, signedAt, fingerprint }));
    const resignedPath = join(dir, 'forged-resigned.json');
    writeFileSync(resignedPath, `${JSON.stringify({ ...forged, signature: { algorithm: ALGORITHM, publicKey: theirs.publicKey, fingerprint, ownChain: key.ownChain, signedAt, value, endorsements: [] } }, null, 2)}\n`);
    expect(verify('--key', key.fingerprint, resignedPath)).toMatchObject({ code: 1, out: expect.stringContaining(`signed by key ${fingerprint}, which is not the key given`) });
    // The original signature kept on the rewritten file: it does not match.
    const keptPath = join(dir, 'forged-kept.json');
    writeFileSync(keptPath, `${JSON.stringify({ ...forged, signature: original.signature }, null, 2)}\n`);
    expect(verify(keptPath)).toMatchObject({ code: 1, out: expect.stringContaining('the signature does not match this file') });
  });

  it('a replaced key is endorsed by the old one: files signed after still verify against the first fingerprint', async () => {
    const db = freshDb();
    await tagged(db, 2);
    const first = await ensureSigningKey(db);
    const second = await rotateSigningKey(db);
    const third = await rotateSigningKey(db);
    expect(new Set([first.fingerprint, second.fingerprint, third.fingerprint]).size).toBe(3);
    const path = await exported(db, 'json', 'rotated.json');
    const { code, out } = verify('--key', first.fingerprint, path);
    expect(out).toContain(`signed by key ${third.fingerprint}`);
    expect(out).toContain(`endorsed by ${first.fingerprint} → ${second.fingerprint}`);
    expect(code).toBe(0);
    // An endorsement edited to point elsewhere breaks the path back to the first key.
    const parsed = JSON.parse(await (await streamEventsExport('json', pagedEvents(db, () => true, 2), { sign: (d, c) => signExport(db, d, c) })).text());
    parsed.signature.endorsements[0].at = '2020-01-01T00:00:00.000Z';
    const edited = join(dir, 'rotated-edited.json');
    writeFileSync(edited, `${JSON.stringify(parsed, null, 2)}\n`);
    expect(verify('--key', first.fingerprint, edited)).toMatchObject({ code: 1, out: expect.stringContaining('endorsement 1') });
  });

  it('a restore keeps this browser’s key; another installation’s backup starts a new chain here', async () => {
    const db = freshDb();
    await tagged(db, 2);
    const key = await ensureSigningKey(db);
    // Its own backup: same chain, same key.
    await restoreBackup(db, await decodeBackup(await backupBlob(db), db.name), () => []);
    expect((await db.keys.get('signing'))?.fingerprint).toBe(key.fingerprint);
    expect(await installChainId(db)).toBe(key.ownChain);
    // Another profile's backup: its chain is kept as it came; this browser's next tags go to a new chain.
    const other = freshDb();
    await tagged(other, 2);
    const otherChain = await installChainId(other);
    await restoreBackup(db, await decodeBackup(await backupBlob(other), other.name), () => []);
    const after = (await db.keys.get('signing'))!;
    expect(after.fingerprint).toBe(key.fingerprint);
    expect(after.ownChain).not.toBe(otherChain);
    expect(after.ownChain).not.toBe(key.ownChain);
    expect(await installChainId(db)).toBe(after.ownChain);
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: 'new' }, verdict: 'genuine', reason: null, note: '', claim, suggested: null }, { now: 9_000 });
    const chains = new Set((await allEvents(db)).map((e) => e.chain));
    expect(chains).toEqual(new Set([otherChain, after.ownChain]));
    // The key never enters a backup.
    expect(Object.keys((await decodeBackup(await backupBlob(db), db.name)).tables)).not.toContain('keys');
  });
});
