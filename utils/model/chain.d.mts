import type { VerdictEvent } from './verdict';

export const GENESIS: string;
export const EVENT_HASH_VERSION: string;
export function canonicalEvent(e: VerdictEvent): string;
export function eventHash(e: VerdictEvent, sha256hex: (text: string) => string): string;

export interface ChainProblem {
  id: string;
  /** Position of the event in the file or list (0-based). */
  index: number;
  chain: string;
  seq: number;
  problem: string;
}
export interface ChainSummary {
  count: number;
  lastSeq: number;
  head: string;
}
export interface ChainVerification {
  ok: boolean;
  chains: Record<string, ChainSummary>;
  problems: ChainProblem[];
}
export interface FileVerification extends ChainVerification {
  /** What is wrong with the file as a whole (bytes, digest, format), or null. */
  fileProblem: string | null;
  /** The file's digest as written, and its signature block if signed (checked by signature.mjs). */
  digest?: string | null;
  signature?: unknown;
}

/** What stays of a deleted event: enough to keep its chain's links verifiable, none of its contents. */
export interface Tombstone {
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
  deletedAt: number;
}
export function verifyChains(
  events: readonly VerdictEvent[],
  sha256hex: (text: string) => string,
  options?: { partial?: boolean; deleted?: readonly Tombstone[]; hashesChecked?: boolean },
): ChainVerification;
export function serializeJsonExport(body: object, sha256hex: (text: string) => string): string;
export function verifyJsonExport(text: string, sha256hex: (text: string) => string): FileVerification;
export function serializeNdjsonExport(header: object, events: readonly VerdictEvent[], sha256hex: (text: string) => string): string;
export function verifyNdjsonExport(
  text: string,
  sha256hex: (text: string) => string,
): FileVerification & { header?: Record<string, unknown>; events?: VerdictEvent[] };
