// The dashboard's long background reads (every event, for the reviewers' own verdicts) step aside while a lead
// changes filters: IndexedDB answers one origin's requests in turn, so a filter's reads would otherwise wait behind
// the scan's page being read (at 1,000,000 events, a filter change took 250–430 ms while the scan ran, 40–120 ms
// after it).
import { nextTurn } from '../../utils/model/next-turn';

let lastChangeAt = -Infinity;

/** How long after the last filter change a background read waits before its next page. */
export const FILTER_QUIET_MS = 1_500;

/** A filter just changed. */
export function noteFilterChange(now = performance.now()): void {
  lastChangeAt = now;
}

/** Resolves after a turn of the event loop, and not before FILTER_QUIET_MS have passed since the last filter change. */
export async function filtersQuiet(now: () => number = () => performance.now()): Promise<void> {
  await nextTurn();
  for (let left = FILTER_QUIET_MS - (now() - lastChangeAt); left > 0; left = FILTER_QUIET_MS - (now() - lastChangeAt)) {
    await new Promise((resolve) => setTimeout(resolve, left));
  }
}
