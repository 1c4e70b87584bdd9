// The figures' counts per local day (utils/store/tallies.ts), read once and again after each write that moved
// them: a row per day, so the figures need no pass over the conversations. Missing (a database from before
// them) or counted in another time zone, they are built once by the background first.
import { useEffect, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import { readTallies } from '../../utils/store/tallies';
import { request } from '../../utils/transport/protocol';
import type { DayCounts } from '../../utils/model/tally';
import { onWrites, serialQueue } from './follow-writes';

/** How long a write waits for others before the counts are read again. */
const READ_GAP_MS = 150;

export type DayTallies = ReadonlyArray<{ day: string; counts: DayCounts }>;

export function useTallies(db: RecountDB): DayTallies | null {
  const [days, setDays] = useState<DayTallies | null>(null);
  useEffect(() => {
    let alive = true;
    const enqueue = serialQueue('the figures');
    const read = async () => {
      let found = await readTallies(db);
      if (!found) {
        await request({ type: 'tallies/rebuild' });
        found = await readTallies(db);
      }
      if (alive && found) setDays(found);
    };
    enqueue(read);
    // Writes that come while a read is waiting go in that read: 50 tags a second elsewhere make a few reads.
    let waiting = false;
    const stop = onWrites(db, (touched) => {
      const keys = touched('tallies');
      if ((keys !== 'all' && keys.length === 0) || waiting) return;
      waiting = true;
      setTimeout(() => {
        waiting = false;
        enqueue(read);
      }, READ_GAP_MS);
    });
    return () => {
      alive = false;
      stop();
    };
  }, [db]);
  return days;
}
