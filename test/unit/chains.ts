// Logs made in bulk for the tests that need many events (the merge's slices, uploads in parts).
import { eventHash, GENESIS } from '../../utils/model/chain.mjs';
import { sha256hex } from '../../utils/model/hash';
import type { VerdictEvent } from '../../utils/model/verdict';

const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };

/** One agent's chain of n events, each in its own conversation (three merge slices for 12,000). */
export function chainOf(n: number): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  let prevHash = GENESIS;
  for (let i = 0; i < n; i++) {
    const e = {
      id: `e-${i}`, convKey: `intercom:w:${i}`, vendor: 'intercom', workspace: 'w', conversationId: String(i), verdict: 'genuine', reason: null,
      note: '', reviewer: 'Ana', at: 1_000 + i, claim, suggested: null, chain: 'agent-chain', seq: i + 1, prevHash, hash: '',
    } as VerdictEvent;
    e.hash = eventHash(e, sha256hex);
    prevHash = e.hash;
    events.push(e);
  }
  return events;
}
