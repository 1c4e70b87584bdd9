// The notes' index: for each conversation with a note on its current verdict, the note (lower case) beside the
// few fields the figures count by (its contribution, see tally.ts) and its place in the table's order. Kept at
// write time like the day counts, so a search of the notes reads this small copy instead of every event.
//
// Stored as columns (parallel arrays clone far faster than objects): written in batches, each entry stamped.
// A conversation's latest stamp wins; an entry with an empty note says it has no note (any more).
import type { ConversationRecord } from './records';
import { contributionOf, isCountedAs, tallyKey, type CountedAs } from './tally';

export interface NoteColumns {
  convKeys: string[];
  /** When each entry was written (a later stamp replaces an earlier one of its conversation). */
  stamps: number[];
  /** The current verdict's note in lower case; '' when the conversation has no note or is not counted. */
  notes: string[];
  /** The contribution's time (its verdict's, or last seen when untagged): the day it is counted on. */
  ats: number[];
  /** The contribution's fields as a tally key (tally.ts). */
  fields: string[];
  units: number[];
  /** Where the conversation sorts in the table (newest first by last seen). */
  lastSeen: number[];
}

export const emptyColumns = (): NoteColumns => ({ convKeys: [], stamps: [], notes: [], ats: [], fields: [], units: [], lastSeen: [] });

export const columnsSize = (c: NoteColumns): number => c.convKeys.length;

let lastStamp = 0;
/** Increasing stamps for this context (the background is the only writer): a millisecond clock, never repeated. */
export function nextStamp(): number {
  lastStamp = Math.max(Date.now() * 1000, lastStamp + 1);
  return lastStamp;
}

interface NoteEntry {
  note: string;
  at: number;
  fields: string;
  units: number;
  lastSeen: number;
}

/** What a CountedAs's note was is not kept: an entry that equals no other, so the change is always written. */
const UNKNOWN_NOTE: NoteEntry = { note: '', at: NaN, fields: '', units: NaN, lastSeen: NaN };

function entryOf(c: ConversationRecord | CountedAs | null | undefined): NoteEntry | null {
  if (isCountedAs(c)) return c.noted && c.contribution ? UNKNOWN_NOTE : null;
  const note = c?.current?.note;
  const contribution = contributionOf(c);
  if (!c || !note || !contribution) return null;
  return { note: note.toLowerCase(), at: contribution.at, fields: tallyKey(contribution), units: contribution.units, lastSeen: c.lastSeenAt };
}

const sameEntry = (a: NoteEntry | null, b: NoteEntry | null) =>
  (a === b && a !== UNKNOWN_NOTE) || (a !== null && b !== null && a.note === b.note && a.at === b.at && a.fields === b.fields && a.units === b.units && a.lastSeen === b.lastSeen);

/** Appends the entries these changes (before, after) make, all with one stamp; unchanged conversations add none. */
export function addNoteChanges(
  columns: NoteColumns,
  changes: Iterable<readonly [ConversationRecord | CountedAs | null | undefined, ConversationRecord | null | undefined]>,
  stamp: number,
): void {
  for (const [before, after] of changes) {
    const convKey = after?.convKey ?? before?.convKey;
    if (!convKey) continue;
    const a = entryOf(after);
    if (sameEntry(entryOf(before), a)) continue;
    columns.convKeys.push(convKey);
    columns.stamps.push(stamp);
    columns.notes.push(a?.note ?? '');
    columns.ats.push(a?.at ?? 0);
    columns.fields.push(a?.fields ?? '');
    columns.units.push(a?.units ?? 0);
    columns.lastSeen.push(a?.lastSeen ?? 0);
  }
}

/** Entry i of `from` appended to `to`. */
export function copyEntry(from: NoteColumns, i: number, to: NoteColumns): void {
  to.convKeys.push(from.convKeys[i]);
  to.stamps.push(from.stamps[i]);
  to.notes.push(from.notes[i]);
  to.ats.push(from.ats[i]);
  to.fields.push(from.fields[i]);
  to.units.push(from.units[i]);
  to.lastSeen.push(from.lastSeen[i]);
}

/**
 * Which entries stand: for each segment, 1 where the entry is its conversation's latest (by stamp; equal stamps:
 * the later segment, then the later position) and has a note. The first `uniqueSegments` hold each conversation at
 * most once among themselves (the compacted base), so only the others' conversations need a lookup.
 */
export function liveEntries(segments: readonly NoteColumns[], uniqueSegments = 0): Uint8Array[] {
  const latest = new Map<string, { stamp: number; segment: number; index: number }>();
  for (let s = uniqueSegments; s < segments.length; s++) {
    const seg = segments[s];
    for (let i = 0; i < seg.convKeys.length; i++) {
      const there = latest.get(seg.convKeys[i]);
      if (!there || seg.stamps[i] >= there.stamp) latest.set(seg.convKeys[i], { stamp: seg.stamps[i], segment: s, index: i });
    }
  }
  return segments.map((seg, s) => {
    const live = new Uint8Array(seg.convKeys.length);
    for (let i = 0; i < seg.convKeys.length; i++) {
      if (seg.notes[i] === '') continue;
      const newer = latest.get(seg.convKeys[i]);
      if (s < uniqueSegments) live[i] = !newer || newer.stamp < seg.stamps[i] ? 1 : 0;
      else live[i] = newer!.segment === s && newer!.index === i ? 1 : 0;
    }
    return live;
  });
}
