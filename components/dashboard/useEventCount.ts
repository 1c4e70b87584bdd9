// How many events the log holds, followed write by write. IndexedDB's count() walks the whole store (about half a
// second at 100,000 events here); re-run by a live query after every tag, it held read transactions that the
// background's next tag had to wait for. Counted once, in slices (event-count.ts), then moved by the events each
// write added.
import { useEffect, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import { onWrites, serialQueue } from './follow-writes';
import { filtersQuiet } from './filter-quiet';
import { countEventsInSlices } from '../../utils/store/event-count';

/** null until counted; counts nothing until `start` (after the dashboard's first figures and rows). */
export function useEventCount(db: RecountDB, start = true): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!start) return;
    let alive = true;
    let current = 0;
    const enqueue = serialQueue('the count of events');
    const show = (n: number) => {
      current = n;
      if (alive) setCount(n);
    };
    const recount = async () => show(await countEventsInSlices(db, filtersQuiet));
    enqueue(recount);
    const stop = onWrites(db, (touched) => {
      const ids = touched('events');
      if (ids !== 'all' && ids.length === 0) return;
      enqueue(async () => {
        // A merge (many ids, some perhaps already here) is counted again; a tag or a few move the count.
        if (ids === 'all' || ids.length > 100) return recount();
        // Events are only ever added (a deletion or a restore touches a range, or leaves an id missing here).
        const found = await db.events.bulkGet(ids);
        if (found.some((e) => e === undefined)) return recount();
        show(current + ids.length);
      });
    });
    return () => {
      alive = false;
      stop();
    };
  }, [db, start]);
  return count;
}
