import type { ChainSummary } from './chain.mjs';

export const SIGNATURE_VERSION: string;
export const ROTATION_VERSION: string;
export const ALGORITHM: string;

export interface PublicKeyJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}
/** An older key vouching for the next one. */
export interface Endorsement {
  from: string;
  to: string;
  publicKey: PublicKeyJwk;
  at: string;
  value: string;
}
/** The signature block an export carries. */
export interface ExportSignature {
  algorithm: string;
  publicKey: PublicKeyJwk;
  fingerprint: string;
  ownChain: string;
  signedAt: string;
  value: string;
  endorsements: Endorsement[];
}
export interface SignatureCheck {
  ok: boolean;
  fingerprint: string | null;
  ownChain: string | null;
  signedAt: string | null;
  rotatedFrom: string[];
  problem: string | null;
}

export function publicJwkOf(jwk: { x?: string; y?: string }): PublicKeyJwk;
export function fingerprintOf(jwk: { x: string; y: string }, sha256hex: (text: string) => string): string;
export function exportStatement(s: { digest: string; chains: Record<string, Pick<ChainSummary, 'lastSeq' | 'head'>>; ownChain: string; signedAt: string; fingerprint: string }): string;
export function rotationStatement(s: { from: string; to: string; publicKey: PublicKeyJwk; at: string }): string;
export function signText(subtle: SubtleCrypto, privateKey: CryptoKey, text: string): Promise<string>;
export function generateKeyPair(subtle: SubtleCrypto): Promise<{ privateKey: CryptoKey; publicKey: PublicKeyJwk }>;
export function verifyExportSignature(
  signature: unknown,
  file: { digest: string; chains: Record<string, Pick<ChainSummary, 'lastSeq' | 'head'>> },
  options: { subtle: SubtleCrypto; sha256hex: (text: string) => string; expected?: string[] },
): Promise<SignatureCheck>;
