// How tabs hear that verdicts changed under them (a merge, a pull, a tag in another tab).
//
// A team pull merges a page every few hundred milliseconds. Told after each page, every helpdesk tab would read its
// conversation and its list again several times a second — work on the very threads an agent's next tag needs (the
// browser's main thread routes each message, the tab's draws the bar). So a pull's changes are gathered and told at
// most once per PULL_NOTICE_MS, and the rest as soon as the pull ends.
import type { RecountDB } from '../store/db';
import { compareEvents, type VerdictEvent } from '../model/verdict';
import type { Broadcast } from './protocol';
import { blindView } from './blindness';

/** Sends one message to every helpdesk tab and extension page. */
export type Broadcaster = (message: Broadcast) => void;
export type VerdictChange = { convKey: string; after: VerdictEvent };

/** Up to this many changes are told one by one; more as one "read again" (100,000 messages would flood every tab). */
export const MAX_SINGLE_BROADCASTS = 50;

/** A running pull tells tabs of its changes at most this often. */
export const PULL_NOTICE_MS = 1000;

/** Tells tabs a conversation's verdict changed, as this browser's reviewer may see it (blind review). */
export async function tellChanged(db: RecountDB, broadcast: Broadcaster, changes: readonly VerdictChange[]): Promise<void> {
  if (changes.length > MAX_SINGLE_BROADCASTS) return broadcast({ type: 'data/changed' });
  for (const change of changes) broadcast({ type: 'verdict/changed', convKey: change.convKey, ...(await blindView(db, change.convKey, change.after)) });
}

/**
 * Changes gathered and told at most once per `everyMs`: the first at once, later ones when the interval is over,
 * and whatever is left by `flush()`. A conversation changed twice meanwhile is told once, with its later verdict.
 */
export function gatheredChanges(db: RecountDB, broadcast: Broadcaster, everyMs = PULL_NOTICE_MS, now = () => Date.now()) {
  let pending = new Map<string, VerdictEvent>();
  let toldAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tell = () => {
    timer = null;
    if (pending.size === 0) return;
    const changes = [...pending].map(([convKey, after]) => ({ convKey, after }));
    pending = new Map();
    toldAt = now();
    void tellChanged(db, broadcast, changes).catch(() => undefined);
  };
  return {
    add(changes: readonly VerdictChange[]): void {
      for (const { convKey, after } of changes) {
        const before = pending.get(convKey);
        if (!before || compareEvents(after, before) > 0) pending.set(convKey, after);
      }
      if (timer !== null) return;
      const wait = toldAt + everyMs - now();
      if (wait <= 0) tell();
      else timer = setTimeout(tell, wait);
    },
    flush(): void {
      if (timer !== null) clearTimeout(timer);
      tell();
    },
  };
}
