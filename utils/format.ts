/** A time as the reviewer reads it, in their locale: "Nov 26, 2026, 1:48 AM". */
export function formatTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
