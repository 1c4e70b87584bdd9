/** A time as the reviewer reads it, in their locale: "Nov 26, 2026, 1:48 AM". */
export function formatTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Money in US dollars (the vendors' published prices are in USD); "—" for what has no finite value. */
export function formatMoney(amount: number): string {
  return Number.isFinite(amount) ? amount.toLocaleString(undefined, { style: 'currency', currency: 'USD' }) : '—';
}
