// Synchronous SHA-256 (hex): hashing happens inside Dexie transactions, where awaiting Web Crypto would
// commit the transaction early.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

export function sha256hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
