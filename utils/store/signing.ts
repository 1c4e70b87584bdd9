// This installation's signing key: made on first run, kept in IndexedDB as a non-extractable CryptoKey (the
// browser can sign with it; nothing can read it out, so no backup holds it), used by the background only.
// A key is tied to the chain this installation records its own tags in. A restore that brings another chain
// (a backup from another browser profile, whose key stayed there) does not continue that chain here: the next
// own tag starts a new chain, and the restored one is kept as it came, never signed again by this key.
import { exportStatement, fingerprintOf, generateKeyPair, rotationStatement, signText, ALGORITHM, type ExportSignature } from '../model/signature.mjs';
import type { ChainSummary } from '../model/chain.mjs';
import { sha256hex } from '../model/hash';
import { installChainId, type RecountDB, type SettingsRow, type SigningKeyRow } from './db';
import { forgetTagMemory } from './tag-memory';

const subtle = () => globalThis.crypto.subtle;

/** The key, made if there is none; when the install's chain is not the key's (a restore), a new chain is started. */
export async function ensureSigningKey(db: RecountDB): Promise<SigningKeyRow> {
  const [row, chain] = await Promise.all([db.keys.get('signing'), installChainId(db)]);
  if (row && row.ownChain === chain) return row;
  if (row) {
    await startNewChain(db, row);
    return (await db.keys.get('signing'))!;
  }
  // WebCrypto work is not IndexedDB work: done before the transaction, which would otherwise commit while it waits.
  const pair = await generateKeyPair(subtle());
  const made: SigningKeyRow = { id: 'signing', privateKey: pair.privateKey, publicKey: pair.publicKey, fingerprint: fingerprintOf(pair.publicKey, sha256hex), ownChain: chain, createdAt: new Date().toISOString(), endorsements: [] };
  return db.transaction('rw', db.keys, db.settings, async () => {
    const there = await db.keys.get('signing');
    if (there) return there; // made meanwhile by another call
    await db.keys.add(made);
    return made;
  });
}

/**
 * Moves this installation's own tags to a new chain (inside or outside a transaction over keys and settings), the
 * key with them; with no key yet, the next `ensureSigningKey` makes one for the new chain.
 */
export async function startNewChain(db: RecountDB, row: SigningKeyRow | null): Promise<void> {
  await db.transaction('rw', db.keys, db.settings, async () => {
    const chainId = crypto.randomUUID();
    await db.settings.put({ key: 'install', value: { chainId } } as SettingsRow);
    if (row) await db.keys.put({ ...row, ownChain: chainId });
  });
  forgetTagMemory(db);
}

/** Signs an export's digest and chain heads with this installation's key. */
export async function signExport(db: RecountDB, digest: string, chains: Record<string, Pick<ChainSummary, 'lastSeq' | 'head'>>): Promise<ExportSignature> {
  const key = await ensureSigningKey(db);
  const signedAt = new Date().toISOString();
  const value = await signText(subtle(), key.privateKey, exportStatement({ digest, chains, ownChain: key.ownChain, signedAt, fingerprint: key.fingerprint }));
  return { algorithm: ALGORITHM, publicKey: key.publicKey, fingerprint: key.fingerprint, ownChain: key.ownChain, signedAt, value, endorsements: key.endorsements };
}

/**
 * A new key, endorsed by the old one (which signs the new key's fingerprint and coordinates), replacing it. Files
 * signed before stay verifiable with the old fingerprint; files signed after carry the endorsement to it.
 */
export async function rotateSigningKey(db: RecountDB): Promise<SigningKeyRow> {
  const old = await ensureSigningKey(db);
  const pair = await generateKeyPair(subtle());
  const fingerprint = fingerprintOf(pair.publicKey, sha256hex);
  const at = new Date().toISOString();
  const value = await signText(subtle(), old.privateKey, rotationStatement({ from: old.fingerprint, to: fingerprint, publicKey: pair.publicKey, at }));
  const next: SigningKeyRow = {
    ...old,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    fingerprint,
    createdAt: at,
    endorsements: [...old.endorsements, { from: old.fingerprint, to: fingerprint, publicKey: old.publicKey, at, value }],
  };
  await db.keys.put(next);
  return next;
}

/** What the settings page shows: the fingerprint to send the vendor, and the keys it replaced. */
export async function signingKeyInfo(db: RecountDB): Promise<{ fingerprint: string; createdAt: string; ownChain: string; replaced: string[] }> {
  const key = await ensureSigningKey(db);
  return { fingerprint: key.fingerprint, createdAt: key.createdAt, ownChain: key.ownChain, replaced: key.endorsements.map((e) => e.from) };
}
