// A Bloom filter over strings: says for certain that a key was never added, or that it may have been. One typed
// array whatever the number of keys, so holding one for hundreds of thousands of keys costs the garbage collector
// nothing (a map of as many entries, held across a team pull in its worker, made the collector's work take CPU
// from the background's tags on a two-core machine).

/** Bits per key planned for, and hashes per key: about 1% false "may have" at the planned number of keys. */
const BITS_PER_KEY = 10;
const HASHES = 7;

export interface KeyFilter {
  readonly bits: Uint8Array;
  /** Keys added so far (each add counts, repeats included). */
  added: number;
  /** The number of keys it was sized for. */
  readonly planned: number;
}

export function newKeyFilter(planned: number): KeyFilter {
  return { bits: new Uint8Array(Math.max(8, Math.ceil((Math.max(1, planned) * BITS_PER_KEY) / 8))), added: 0, planned };
}

/** Two 32-bit FNV-1a hashes of the key (different offset bases), combined into HASHES positions (Kirsch–Mitzenmacher). */
function positions(filter: KeyFilter, key: string): number[] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193);
  }
  const size = filter.bits.length * 8;
  const out: number[] = [];
  for (let k = 0; k < HASHES; k++) out.push(((h1 + Math.imul(k, h2 | 1)) >>> 0) % size);
  return out;
}

export function addKey(filter: KeyFilter, key: string): void {
  for (const p of positions(filter, key)) filter.bits[p >> 3] |= 1 << (p & 7);
  filter.added++;
}

/** False: the key was never added. True: it may have been. */
export function mayHold(filter: KeyFilter, key: string): boolean {
  return positions(filter, key).every((p) => (filter.bits[p >> 3] & (1 << (p & 7))) !== 0);
}
