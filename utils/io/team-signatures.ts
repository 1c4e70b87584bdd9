// Signatures in the team log: with each batch of its own events an installation pushes one more document, its
// signing key's signature over its chain's head at the batch's last event (the same statement an export's
// signature makes, for that one chain). A pull checks each one — the key's signature, that the key signs its own
// chain only, and that the head is the hash of that event in this log — so a lead knows every agent's chain is
// as its agent's browser wrote it, not only that the hashes link up.
import type { RecountDB } from '../store/db';
import { signExport } from '../store/signing';
import { verifyExportSignature } from '../model/signature.mjs';
import { sha256hex } from '../model/hash';
import type { VerdictEvent } from '../model/verdict';
import type { KeyValueStore } from './intercom-witness';

export const SIGNATURE_KIND = 'recount-chain-signature';
export const TEAM_SIGNATURES_STORAGE_KEY = 'recount.teamLogSignatures';

export const signatureDocumentId = (chain: string, seq: number) => `sig-${chain}-${seq}`;

export function isSignatureDocument(doc: Record<string, unknown>): boolean {
  return doc.kind === SIGNATURE_KIND;
}

/** The signature document for this installation's chain, up to and including `last`. */
export async function signatureDocumentFor(db: RecountDB, last: VerdictEvent): Promise<Record<string, unknown>> {
  const signature = await signExport(db, last.hash, { [last.chain]: { lastSeq: last.seq, head: last.hash } });
  return { _id: signatureDocumentId(last.chain, last.seq), kind: SIGNATURE_KIND, chain: last.chain, seq: last.seq, head: last.hash, signature };
}

export interface VerifiedChainSignature {
  chain: string;
  seq: number;
  fingerprint: string;
  signedAt: string;
}

/**
 * Checks a page's signature documents against the page's events and this log. Returns the verified ones, or the
 * first problem by document id (a forged signature is refused like a forged event).
 */
export async function checkSignatureDocuments(
  db: RecountDB,
  docs: readonly Record<string, unknown>[],
  pageEvents: readonly VerdictEvent[],
): Promise<{ verified: VerifiedChainSignature[]; problem: string | null }> {
  const verified: VerifiedChainSignature[] = [];
  for (const doc of docs) {
    const id = String(doc._id).slice(0, 140);
    const { chain, seq, head, signature } = doc as { chain?: unknown; seq?: unknown; head?: unknown; signature?: { ownChain?: unknown } };
    if (typeof chain !== 'string' || typeof seq !== 'number' || typeof head !== 'string' || doc._id !== signatureDocumentId(chain, seq)) {
      return { verified, problem: `the server sent signature ${id}: not a chain signature (needs chain, seq, head, and the id sig-<chain>-<seq>)` };
    }
    if (signature?.ownChain !== chain) return { verified, problem: `the server sent signature ${id}: its key signs another chain (an installation signs only its own)` };
    const check = await verifyExportSignature(signature, { digest: head, chains: { [chain]: { lastSeq: seq, head } } }, { subtle: globalThis.crypto.subtle, sha256hex });
    if (!check.ok) return { verified, problem: `the server sent signature ${id}: ${check.problem}` };
    const event = pageEvents.find((e) => e.chain === chain && e.seq === seq) ?? (await db.events.where('[chain+seq]').equals([chain, seq]).first());
    if (!event) return { verified, problem: `the server sent signature ${id}: the event it signs (chain ${chain}, seq ${seq}) is not in this log` };
    if (event.hash !== head) return { verified, problem: `the server sent signature ${id}: the head it signs is not event ${event.id}'s hash` };
    verified.push({ chain, seq, fingerprint: check.fingerprint!, signedAt: check.signedAt! });
  }
  return { verified, problem: null };
}

/** Each chain's furthest verified signature, kept beside the pull's checkpoints (the Team view lists them). */
export async function rememberSignatures(store: KeyValueStore, verified: readonly VerifiedChainSignature[]): Promise<Record<string, VerifiedChainSignature>> {
  const known = ((await store.get(TEAM_SIGNATURES_STORAGE_KEY)) ?? {}) as Record<string, VerifiedChainSignature>;
  for (const v of verified) if (!known[v.chain] || known[v.chain].seq < v.seq) known[v.chain] = v;
  if (verified.length > 0) await store.set(TEAM_SIGNATURES_STORAGE_KEY, known);
  return known;
}
