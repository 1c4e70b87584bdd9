// One formatter, made once: toLocaleString with options builds a new one per call (~0.1 ms each, per table row).
let timeFormat: Intl.DateTimeFormat | null = null;

/** A time as the reviewer reads it, in their locale: "Nov 26, 2026, 1:48 AM". */
export function formatTime(at: number): string {
  timeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return timeFormat.format(at);
}

/** Money in US dollars (the vendors' published prices are in USD); "—" for what has no finite value. */
export function formatMoney(amount: number): string {
  return Number.isFinite(amount) ? amount.toLocaleString(undefined, { style: 'currency', currency: 'USD' }) : '—';
}

/** The reader's own time zone (IANA name), as the browser reports it. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const stampFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * A time as "2026-11-25 14:03" in the zone named (locale-free: a printed dispute document reads the same anywhere;
 * the zone is said beside it).
 */
export function formatStamp(at: number, timeZone: string): string {
  let format = stampFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    stampFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}
