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
