// A lead's final verdict on a conversation two reviewers disagree on: an ordinary event (same fields, same hash,
// every export format and verifier unchanged) whose note starts with the ids of the events it settles. Whoever
// records it is named as its reviewer, like any event; the dashboard treats the disagreement as settled while
// this event is the conversation's latest and names every other reviewer's latest verdict.
import type { Verdict } from './verdict';

const PREFIX = 'Final verdict settling ';
const ID = '[A-Za-z0-9-]{1,100}';
const SETTLED = new RegExp(`^${PREFIX}\\[(${ID}(?:, ${ID})+)\\]`);

/** The note of a final verdict: the settled events (with their reviewers and verdicts, for a reader) and the lead's words. */
export function finalVerdictNote(settled: ReadonlyArray<{ id: string; reviewer: string; verdict: Verdict }>, note: string): string {
  const who = settled.map((s) => `${s.reviewer}: ${s.verdict}`).join('; ');
  return `${PREFIX}[${settled.map((s) => s.id).join(', ')}] (${who})${note.trim() ? ` — ${note.trim()}` : ''}`.slice(0, 10_000);
}

/** The event ids a final verdict's note settles; null for any other note. */
export function settledIds(note: string): string[] | null {
  const match = SETTLED.exec(note);
  return match ? match[1].split(', ') : null;
}
