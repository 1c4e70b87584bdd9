// The figures' counts per local day (utils/store/tallies.ts), read once and again after each write that moved
// them: a row per day, so the figures need no pass over the conversations. Missing (a database from before
// them) or counted in another time zone, they are built once by the background first.
import { useEffect, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import { readTallies } from '../../utils/store/tallies';
import { request } from '../../utils/transport/protocol';
import type { DayCounts } from '../../utils/model/tally';
import { afterWritesTo, serialQueue } from './follow-writes';


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
    const stop = afterWritesTo(db, ['tallies'], () => enqueue(read));
    return () => {
      alive = false;
      stop();
    };
  }, [db]);
  return days;
}
