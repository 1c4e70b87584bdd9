// Signatures over exported logs, shared by the extension and the standalone verifier (tools/verify-log.mjs), so
// plain JavaScript (types in signature.d.mts) and WebCrypto only (the browser's and Node's are the same API).
//
// Each installation holds an ECDSA P-256 key pair whose private half never leaves its browser (made
// non-extractable). An export is signed over its digest (which covers every byte of the file before it) and each
// chain's last position and head hash, as the verifier recomputes them from the events: a file rewritten with
// recomputed hashes and digest needs a new signature, which only the original key can make. The key is known by its
// fingerprint, which the buyer sends the vendor once; a new key is endorsed by the old one, and the verifier
// follows those endorsements back to the fingerprint it was given.

export const SIGNATURE_VERSION = 'recount-signature-v1';
export const ROTATION_VERSION = 'recount-key-rotation-v1';
export const ALGORITHM = 'ECDSA-P256-SHA256';
const PARAMS = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN = { name: 'ECDSA', hash: 'SHA-256' };

/** The public key as stored in files: the JWK's curve and coordinates only, in a fixed order. */
export function publicJwkOf(jwk) {
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

/** A key's fingerprint: the first 128 bits of the SHA-256 of its coordinates, in groups of four hex digits. */
export function fingerprintOf(jwk, sha256hex) {
  const hex = sha256hex(JSON.stringify(['P-256', jwk.x, jwk.y])).slice(0, 32);
  return hex.match(/.{4}/g).join(' ');
}

/** The exact text signed for an export: its digest, its chains' positions and heads, who signs and when. */
export function exportStatement({ digest, chains, ownChain, signedAt, fingerprint }) {
  const heads = Object.keys(chains)
    .sort()
    .map((id) => [id, chains[id].lastSeq, chains[id].head]);
  return JSON.stringify([SIGNATURE_VERSION, digest, heads, ownChain, signedAt, fingerprint]);
}

/** The exact text an old key signs to endorse its successor. */
export function rotationStatement({ from, to, publicKey, at }) {
  return JSON.stringify([ROTATION_VERSION, from, to, publicKey.x, publicKey.y, at]);
}

const toBase64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
function fromBase64url(text) {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Signs text with a private CryptoKey: the signature as base64url (IEEE P1363 r‖s, as WebCrypto gives it). */
export async function signText(subtle, privateKey, text) {
  return toBase64url(await subtle.sign(SIGN, privateKey, new TextEncoder().encode(text)));
}

async function verifyText(subtle, jwk, value, text) {
  try {
    const key = await subtle.importKey('jwk', publicJwkOf(jwk), PARAMS, false, ['verify']);
    return await subtle.verify(SIGN, key, fromBase64url(value), new TextEncoder().encode(text));
  } catch {
    return false; // a malformed key or signature is a signature that does not verify
  }
}

/** A new key pair: the private half non-extractable, the public half as a JWK. */
export async function generateKeyPair(subtle) {
  const pair = await subtle.generateKey(PARAMS, false, ['sign', 'verify']);
  const jwk = publicJwkOf(await subtle.exportKey('jwk', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: jwk };
}

/**
 * Checks an export's signature against the digest and chains the verifier computed from the file. `expected`:
 * fingerprints the checker trusts (given to it out of band); the signing key must be one of them, or be reached
 * from one by valid endorsements. Answers what was found, never throws on a malformed file.
 * @returns {Promise<{ ok: boolean, fingerprint: string | null, ownChain: string | null, signedAt: string | null, rotatedFrom: string[], problem: string | null }>}
 */
export async function verifyExportSignature(signature, { digest, chains }, { subtle, sha256hex, expected = [] }) {
  const result = { ok: false, fingerprint: null, ownChain: null, signedAt: null, rotatedFrom: [], problem: null };
  if (!signature || typeof signature !== 'object') return { ...result, problem: 'the signature is not an object' };
  const { publicKey, value, ownChain, signedAt, fingerprint, algorithm, endorsements = [] } = signature;
  if (algorithm !== ALGORITHM) return { ...result, problem: `unknown signature algorithm ${JSON.stringify(algorithm)}` };
  if (!publicKey || typeof publicKey.x !== 'string' || typeof publicKey.y !== 'string' || typeof value !== 'string') return { ...result, problem: 'the signature has no public key or no value' };
  const actual = fingerprintOf(publicKey, sha256hex);
  Object.assign(result, { fingerprint: actual, ownChain: typeof ownChain === 'string' ? ownChain : null, signedAt: typeof signedAt === 'string' ? signedAt : null });
  if (fingerprint !== actual) return { ...result, problem: 'the fingerprint written in the signature is not its key’s' };
  if (!(await verifyText(subtle, publicKey, value, exportStatement({ digest, chains, ownChain, signedAt, fingerprint: actual })))) {
    return { ...result, problem: 'the signature does not match this file (its contents, chains or digest changed after signing, or another key signed it)' };
  }
  // Endorsements, newest last: each an older key vouching for the next, ending at the signing key.
  if (!Array.isArray(endorsements)) return { ...result, problem: 'the key’s endorsements are not a list' };
  let next = actual;
  const rotatedFrom = [];
  for (let i = endorsements.length - 1; i >= 0; i--) {
    const e = endorsements[i];
    const from = e?.publicKey ? fingerprintOf(e.publicKey, sha256hex) : null;
    if (!from || e.to !== next || e.from !== from) return { ...result, problem: `endorsement ${i + 1} does not lead to the signing key` };
    const nextKey = i === endorsements.length - 1 ? publicKey : endorsements[i + 1].publicKey;
    if (!(await verifyText(subtle, e.publicKey, e.value, rotationStatement({ from, to: next, publicKey: nextKey, at: e.at })))) {
      return { ...result, problem: `endorsement ${i + 1} (by ${from}) does not verify` };
    }
    rotatedFrom.unshift(from);
    next = from;
  }
  result.rotatedFrom = rotatedFrom;
  if (expected.length > 0 && !expected.includes(actual) && !rotatedFrom.some((f) => expected.includes(f))) {
    return { ...result, problem: `signed by key ${actual}, which is not the key given (${expected.join(', ')}) nor endorsed by it` };
  }
  return { ...result, ok: true };
}
