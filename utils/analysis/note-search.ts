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
  /** The conversations of the whole filter, in no order, as (segment, entry) places in the index: no object per match. */
  hits: { index: NoteIndex; segment: Int32Array; entry: Int32Array; count: number };
  /** How many notes were searched. */
  searched: number;
}

/** Newest first by last seen; equal times, the greater key first (the table's order). */
const newestFirst = (aSeen: number, aKey: string, bSeen: number, bKey: string) => bSeen - aSeen || (aKey < bKey ? 1 : aKey > bKey ? -1 : 0);

export function searchNotes(index: NoteIndex, filter: Filter): NoteSearch {
  const text = filter.text.toLowerCase();
  const byDay = new Map<string, DayCounts>();
  // Whether the other filters keep a field combination: a few hundred combinations, each parsed once per search.
  const kept = new Map<string, boolean>();
  let segment = new Int32Array(1024);
  let entry = new Int32Array(1024);
  let count = 0;
  index.segments.forEach((seg, s) => {
    const live = index.live[s];
    for (let i = 0; i < live.length; i++) {
      if (live[i] === 0 || !seg.notes[i].includes(text)) continue;
      const day = localDay(seg.ats[i]);
      let counts = byDay.get(day);
      if (!counts) byDay.set(day, (counts = {}));
      const key = seg.fields[i];
      const there = counts[key];
      if (there) {
        there[0] += 1;
        there[1] += seg.units[i];
      } else counts[key] = [1, seg.units[i]];
      if ((filter.from && day < filter.from) || (filter.to && day > filter.to)) continue;
      let keep = kept.get(key);
      if (keep === undefined) kept.set(key, (keep = fieldsMatch(fields(key), filter)));
      if (!keep) continue;
      if (count === segment.length) {
        const grown = (from: Int32Array) => {
          const to = new Int32Array(from.length * 2);
          to.set(from);
          return to;
        };
        segment = grown(segment);
        entry = grown(entry);
      }
      segment[count] = s;
      entry[count] = i;
      count++;
    }
  });
  const days = [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, counts]) => ({ day, counts }));
  return { filter, days, hits: { index, segment, entry, count }, searched: index.noted };
}

/**
 * The `limit` newest matches after the cursor (from the start without one), newest first: one pass keeping the
 * best `limit` so far, so a page costs no sort of every match.
 */
export function matchesAfter(search: NoteSearch, after: PageCursor | null, limit: number): PageCursor[] {
  const { index, segment, entry, count } = search.hits;
  const best: PageCursor[] = [];
  for (let k = 0; k < count; k++) {
    const seg = index.segments[segment[k]];
    const seen = seg.lastSeen[entry[k]];
    const key = seg.convKeys[entry[k]];
    if (after && newestFirst(seen, key, after.lastSeenAt, after.convKey) <= 0) continue;
    if (best.length === limit && newestFirst(seen, key, best[limit - 1].lastSeenAt, best[limit - 1].convKey) >= 0) continue;
    let at = best.length;
    while (at > 0 && newestFirst(seen, key, best[at - 1].lastSeenAt, best[at - 1].convKey) < 0) at--;
    best.splice(at, 0, { lastSeenAt: seen, convKey: key });
    if (best.length > limit) best.pop();
  }
  return best;
}
