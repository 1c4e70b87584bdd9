// Free text in notes, answered from the notes' index (store/notes.ts) in one pass over its columns: the day
// counts of the conversations whose note holds the text (so the figures and charts come from the same code as
// every other filter's, viewFromTallies), and the conversations of the whole filter, newest first, for the table.
import { localDay, type DayCounts } from '../model/tally';
import type { NoteIndex } from '../store/notes';
import type { PageCursor } from '../store/conversation-pages';
import type { Filter } from './filters';
import { fields, fieldsMatch } from './tally-view';

export interface NoteSearch {
  filter: Filter;
  /** Day counts of the conversations whose note holds the text (the other filters are applied to these later). */
  days: Array<{ day: string; counts: DayCounts }>;
  /** The conversations of the whole filter, in no order (matchesAfter gives them newest first). */
  matches: PageCursor[];
  /** How many notes were searched. */
  searched: number;
}

/** Newest first by last seen; equal times, the greater key first (the table's order). */
const newestFirst = (a: PageCursor, b: PageCursor) => b.lastSeenAt - a.lastSeenAt || (a.convKey < b.convKey ? 1 : a.convKey > b.convKey ? -1 : 0);

export function searchNotes(index: NoteIndex, filter: Filter): NoteSearch {
  const text = filter.text.toLowerCase();
  const byDay = new Map<string, DayCounts>();
  const matches: PageCursor[] = [];
  index.segments.forEach((seg, s) => {
    const live = index.live[s];
    for (let i = 0; i < live.length; i++) {
      if (live[i] === 0 || !seg.notes[i].includes(text)) continue;
      const day = localDay(seg.ats[i]);
      let counts = byDay.get(day);
      if (!counts) byDay.set(day, (counts = {}));
      const there = counts[seg.fields[i]];
      counts[seg.fields[i]] = there ? [there[0] + 1, there[1] + seg.units[i]] : [1, seg.units[i]];
      if ((filter.from && day < filter.from) || (filter.to && day > filter.to) || !fieldsMatch(fields(seg.fields[i]), filter)) continue;
      matches.push({ lastSeenAt: seg.lastSeen[i], convKey: seg.convKeys[i] });
    }
  });
  const days = [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, counts]) => ({ day, counts }));
  return { filter, days, matches, searched: index.noted };
}

/**
 * The `limit` newest matches after the cursor (from the start without one), newest first: one pass keeping the
 * best `limit` so far, so a page costs no sort of every match.
 */
export function matchesAfter(search: NoteSearch, after: PageCursor | null, limit: number): PageCursor[] {
  const best: PageCursor[] = [];
  for (const m of search.matches) {
    if (after && newestFirst(m, after) <= 0) continue;
    if (best.length === limit && newestFirst(m, best[limit - 1]) >= 0) continue;
    let at = best.length;
    while (at > 0 && newestFirst(m, best[at - 1]) < 0) at--;
    best.splice(at, 0, m);
    if (best.length > limit) best.pop();
  }
  return best;
}
