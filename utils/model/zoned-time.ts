// Times in a vendor's report are wall-clock times in the zone its header names ("Conversation started at
// (America/New_York)"), never in the zone of the browser reading the file. Luxon does the zone arithmetic.
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';

/** The zone named in brackets at the end of a column header, as Luxon understands it; null when none is named. */
export function zoneOfHeader(header: string): { zone: string } | { error: string } | null {
  const named = /\(([^()]+)\)\s*$/.exec(header)?.[1]?.trim();
  if (!named) return null;
  const offset = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(named);
  if (offset) {
    const minutes = (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * (offset[1] === '-' ? -1 : 1);
    if (Math.abs(minutes) > 14 * 60) return { error: `"${named}" is not a UTC offset` };
    return { zone: FixedOffsetZone.instance(minutes).name };
  }
  if (/^(UTC|GMT|Z)$/i.test(named)) return { zone: 'UTC' };
  if (IANAZone.isValidZone(named)) return { zone: named };
  return { error: `"${named}" is not a time zone (an IANA name such as Europe/London, UTC, or an offset such as UTC+02:00)` };
}

const WALL_FORMATS = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss.SSS"];

type ZonedParse = { at: number; ambiguous: boolean } | { error: string };

/**
 * A wall-clock time in `zone`, in ms since the epoch. A time with its own offset ("…Z", "…+02:00") is taken as
 * written. A time the zone skips (the hour clocks go forward) is refused; one it has twice (the hour clocks go
 * back) is read as the first, and said to be ambiguous.
 */
export function parseZonedTime(value: string, zone: string): ZonedParse {
  const text = value.trim();
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const own = DateTime.fromISO(text, { setZone: true });
    return own.isValid ? { at: own.toMillis(), ambiguous: false } : { error: `"${value}" is not a date` };
  }
  for (const format of WALL_FORMATS) {
    const dt = DateTime.fromFormat(text, format, { zone });
    if (!dt.isValid) continue;
    // Luxon moves a skipped wall time forward: reading it back shows the jump.
    if (dt.toFormat(format) !== text) return { error: `"${value}" does not exist in ${zone} (the clocks went forward over it)` };
    // The same wall time an hour later in UTC, read back in the zone: equal only when the hour came twice.
    const other = [dt.toMillis() - 3600e3, dt.toMillis() + 3600e3].find((t) => DateTime.fromMillis(t, { zone }).toFormat(format) === text);
    return { at: other === undefined ? dt.toMillis() : Math.min(dt.toMillis(), other), ambiguous: other !== undefined };
  }
  return { error: `"${value}" is not a date (expected e.g. 2026-11-03 09:14:02)` };
}

/**
 * The instants of whole days, first to last inclusive, in the reader's own time zone (or `zone`): from the first
 * day's midnight to the midnight after the last (a DST day is 23 or 25 hours long, never a fixed 24). Dates are
 * YYYY-MM-DD, as a date input gives them.
 */
export function daysRange(first: string, last: string, zone = 'local'): { from: number; to: number } | { error: string } {
  const start = DateTime.fromISO(first, { zone });
  const end = DateTime.fromISO(last, { zone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(first) || !start.isValid) return { error: `“${first}” is not a date` };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(last) || !end.isValid) return { error: `“${last}” is not a date` };
  if (end < start) return { error: 'the last day comes before the first' };
  return { from: start.startOf('day').toMillis(), to: end.startOf('day').plus({ days: 1 }).toMillis() };
}
