// Keyboard shortcuts. Intercom's own shortcuts are single letters and Ctrl/⌘ chords, so ours are Alt+Shift
// chords (read by physical key, so they work on any layout) and plain keys only while focus is in our bar.
import type { FalseReason, Verdict } from './verdict';
import { FALSE_REASONS } from './verdict';

export const VERDICT_CHORDS: Record<Verdict, { code: string; label: string }> = {
  genuine: { code: 'KeyG', label: 'Alt+Shift+G' },
  false: { code: 'KeyF', label: 'Alt+Shift+F' },
  unsure: { code: 'KeyU', label: 'Alt+Shift+U' },
};

/** Alt+Shift+G/F/U anywhere on the helpdesk page. */
export function verdictForChord(e: Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code'>): Verdict | null {
  if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return null;
  for (const [verdict, chord] of Object.entries(VERDICT_CHORDS)) if (chord.code === e.code) return verdict as Verdict;
  return null;
}

/** Inside the bar: g / f / u for verdicts, 1–6 for a false reason, n for the note. */
export const BAR_KEYS: Record<string, Verdict> = { g: 'genuine', f: 'false', u: 'unsure' };

export function reasonForDigit(key: string): FalseReason | null {
  const index = Number(key) - 1;
  return Number.isInteger(index) && index >= 0 && index < FALSE_REASONS.length ? FALSE_REASONS[index] : null;
}
