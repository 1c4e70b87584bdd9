// How many events the log holds, counted a time slice at a time. IndexedDB's count() of a whole store walks every
// entry in one request, and one origin's requests are answered in turn: at 1,000,000 events it held every other
// read of the dashboard (a filter change's) for about two seconds. Counted by slices of the time index, each a
// short request (about SLICE_EVENTS entries), with a pause between them: a little more work in all, nothing held long.
import type { RecountDB } from './db';

/** Events a slice aims at: at about 1.7 µs an entry here, a request of 30–40 ms. */
const SLICE_EVENTS = 20_000;
const FIRST_SLICES = 32;

export async function countEventsInSlices(db: RecountDB, pause: () => Promise<void> = async () => undefined): Promise<number> {
  // A log of at most one slice is counted at once (a key SLICE_EVENTS in says whether there are more).
  const [beyond] = await db.events.orderBy('at').offset(SLICE_EVENTS).limit(1).keys();
  if (beyond === undefined) return db.events.count();
  const [first] = (await db.events.orderBy('at').limit(1).keys()) as number[];
  const [last] = (await db.events.orderBy('at').reverse().limit(1).keys()) as number[];
  if (first === undefined || last === undefined) return 0;
  let total = 0;
  let span = Math.max(1, Math.ceil((last - first + 1) / FIRST_SLICES));
  // Half-open slices [from, to) side by side from the first time to just past the last: every event in exactly one.
  for (let from = first; from <= last; ) {
    const to = Math.min(last + 1, from + span);
    const counted = await db.events.where('at').between(from, to, true, false).count();
    total += counted;
    // The next slice's span from this one's density, at most four times smaller or larger.
    span = Math.max(1, Math.round(span * Math.min(4, Math.max(0.25, SLICE_EVENTS / Math.max(1, counted)))));
    from = to;
    if (from <= last) await pause();
  }
  return total;
}
