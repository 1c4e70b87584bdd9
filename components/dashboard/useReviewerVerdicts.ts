// Each reviewer's own latest verdict, for the conversations two or more reviewers tagged, kept current by
// re-reading only the conversations a write touched. Read once in full; never inside a live query: Dexie records
// every key a live query reads, and the full key walk of 100,000 events made each tag elsewhere cost the open
// dashboard a 50–120 ms task in that bookkeeping alone.
import { useEffect, useState } from 'preact/hooks';
import type { RecountDB } from '../../utils/store/db';
import { readReviewerVerdicts, reviewerVerdictsOf, type ReviewerVerdict } from '../../utils/analysis/reviewer-verdicts';
import { onWrites, serialQueue } from './follow-writes';
import { filtersQuiet } from './filter-quiet';
import { eventsOfConversations } from '../../utils/store/event-only';

/** The map, and whether its first full read is still running (the dashboard says so on its figures). */
/** Reads nothing until `start` (after the dashboard's first figures and rows). */
export function useReviewerVerdicts(db: RecountDB, start = true): { several: Map<string, ReviewerVerdict[]>; loading: boolean } {
  const [several, setSeveral] = useState<Map<string, ReviewerVerdict[]>>(() => new Map());
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    if (!start) return;
    let alive = true;
    let current = new Map<string, ReviewerVerdict[]>();
    const show = (next: Map<string, ReviewerVerdict[]>) => {
      current = next;
      if (alive) setSeveral(next);
    };
    const enqueue = serialQueue('the reviewers’ verdicts');
    const readAll = async () => show(await readReviewerVerdicts(db, filtersQuiet));
    enqueue(async () => {
      await readAll();
      if (alive) setLoading(false);
    });
    const stop = onWrites(db, (touched) => {
      const ids = touched('events');
      if (ids !== 'all' && ids.length === 0) return;
      enqueue(async () => {
        if (ids === 'all') return readAll();
        const events = await db.events.bulkGet(ids);
        // A deleted event can change any reviewer's latest: read everything again (deletions are rare).
        if (events.some((e) => e === undefined)) return readAll();
        const convKeys = [...new Set(events.map((e) => e!.convKey))];
        const theirEvents = await eventsOfConversations(db, convKeys);
        const fresh = reviewerVerdictsOf(theirEvents);
        // Most tags are on a conversation one reviewer tagged: then nothing here changes, and the dashboard's
        // view (which depends on this map) is not rebuilt for it.
        if (convKeys.every((k) => !fresh.has(k) && !current.has(k))) return;
        const next = new Map(current);
        for (const convKey of convKeys) {
          const verdicts = fresh.get(convKey);
          if (verdicts) next.set(convKey, verdicts);
          else next.delete(convKey);
        }
        show(next);
      });
    });
    return () => {
      alive = false;
      stop();
    };
  }, [db, start]);
  return { several, loading };
}
