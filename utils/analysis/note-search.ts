// Free text in notes, answered from the notes' index (store/notes.ts) in one pass over its columns: the day
// counts of the conversations whose note holds the text (so the figures and charts come from the same code as
// every other filter's, viewFromTallies), and the conversations of the whole filter, newest first, for the table.
import { localDay, type DayCounts } from '../model/tally';
import type { NoteIndex } from '../store/notes';
import type { PageCursor } from '../store/conversation-pages';
import type { Filter } from './filters';
import { fields, fieldsMatch } from './tally-view';
import type { NoteColumns } from '../model/note-index';

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

/**
 * Each entry's day and field combination as small numbers, worked out once per index row: rows never change once
 * written (store/notes.ts) and are kept between reads, so a search adds up numbers instead of hashing a day string
 * and a field string per matching note (at 170,000 matches that hashing was most of a broad search).
 */
interface EntryIds {
  day: Int32Array;
  field: Int32Array;
}
const dayNames: string[] = [];
const dayIds = new Map<string, number>();
const fieldNames: string[] = [];
const fieldIds = new Map<string, number>();
const entryIdsOf = new WeakMap<NoteColumns, EntryIds>();
const idOf = (names: string[], ids: Map<string, number>, name: string) => {
  let id = ids.get(name);
  if (id === undefined) {
    ids.set(name, (id = names.length));
    names.push(name);
  }
  return id;
};

function idsOf(seg: NoteColumns): EntryIds {
  let ids = entryIdsOf.get(seg);
  if (!ids) {
    const n = seg.convKeys.length;
    ids = { day: new Int32Array(n), field: new Int32Array(n) };
    for (let i = 0; i < n; i++) {
      ids.day[i] = idOf(dayNames, dayIds, localDay(seg.ats[i]));
      ids.field[i] = idOf(fieldNames, fieldIds, seg.fields[i]);
    }
    entryIdsOf.set(seg, ids);
  }
  return ids;
}

/** A (day, fields) cell's key: field ids stay far below 2^21. */
const CELL = 2 ** 21;

export function searchNotes(index: NoteIndex, filter: Filter): NoteSearch {
  const text = filter.text.toLowerCase();
  const ids = index.segments.map(idsOf);
  // Per day and per field combination, whether the other filters keep it: 0 not asked yet, 1 kept, 2 not.
  const dayKept = new Uint8Array(dayNames.length);
  const fieldKept = new Uint8Array(fieldNames.length);
  const cellOf = new Map<number, number>();
  const cellN: number[] = [];
  const cellUnits: number[] = [];
  const cellKey: number[] = [];
  let segment = new Int32Array(1024);
  let entry = new Int32Array(1024);
  let count = 0;
  index.segments.forEach((seg, s) => {
    const live = index.live[s];
    const { day: dayOfEntry, field: fieldOfEntry } = ids[s];
    for (let i = 0; i < live.length; i++) {
      if (live[i] === 0 || !seg.notes[i].includes(text)) continue;
      const day = dayOfEntry[i];
      const field = fieldOfEntry[i];
      const key = day * CELL + field;
      const cell = cellOf.get(key);
      if (cell === undefined) {
        cellOf.set(key, cellN.length);
        cellN.push(1);
        cellUnits.push(seg.units[i]);
        cellKey.push(key);
      } else {
        cellN[cell] += 1;
        cellUnits[cell] += seg.units[i];
      }
      if (dayKept[day] === 0) {
        const name = dayNames[day];
        dayKept[day] = (filter.from && name < filter.from) || (filter.to && name > filter.to) ? 2 : 1;
      }
      if (dayKept[day] === 2) continue;
      if (fieldKept[field] === 0) fieldKept[field] = fieldsMatch(fields(fieldNames[field]), filter) ? 1 : 2;
      if (fieldKept[field] === 2) continue;
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
  const byDay = new Map<string, DayCounts>();
  for (let c = 0; c < cellKey.length; c++) {
    const day = dayNames[Math.floor(cellKey[c] / CELL)];
    let counts = byDay.get(day);
    if (!counts) byDay.set(day, (counts = {}));
    counts[fieldNames[cellKey[c] % CELL]] = [cellN[c], cellUnits[c]];
  }
  const days = [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, counts]) => ({ day, counts }));
  return { filter, days, hits: { index, segment, entry, count }, searched: index.noted };
}

/**
 * The `limit` newest matches after the cursor (from the start without one), newest first: one pass keeping the
 * best `limit` so far, so a page costs no sort of every match. The pass goes from the last match back: entries are
 * written in time order, so the newest come last, and once the best are found every earlier match is turned away
 * by one comparison (forwards, each match would be newer than the best so far and go into them).
 */
export function matchesAfter(search: NoteSearch, after: PageCursor | null, limit: number): PageCursor[] {
  const { index, segment, entry, count } = search.hits;
  const best: PageCursor[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const seg = index.segments[segment[k]];
    const seen = seg.lastSeen[entry[k]];
    const key = seg.convKeys[entry[k]];
    if (after && newestFirst(seen, key, after.lastSeenAt, after.convKey) <= 0) continue;
    if (best.length === limit && newestFirst(seen, key, best[limit - 1].lastSeenAt, best[limit - 1].convKey) >= 0) continue;
    // Where it goes among the best (a binary search: they are in order).
    let low = 0;
    let high = best.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newestFirst(seen, key, best[mid].lastSeenAt, best[mid].convKey) < 0) high = mid;
      else low = mid + 1;
    }
    best.splice(low, 0, { lastSeenAt: seen, convKey: key });
    if (best.length > limit) best.pop();
  }
  return best;
}
