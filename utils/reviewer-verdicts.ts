// Two reviewers who disagree on a conversation must not be hidden by "latest wins": each reviewer's own latest
// verdict, for the conversations more than one reviewer tagged.
import type { RecountDB } from './db';
import { compareEvents, type FalseReason, type Verdict, type VerdictEvent } from './verdict';

export interface ReviewerVerdict {
  reviewer: string;
  verdict: Verdict;
  reason: FalseReason | null;
  at: number;
  id: string;
}

type EventLite = Pick<VerdictEvent, 'convKey' | 'reviewer' | 'verdict' | 'reason' | 'at' | 'id'>;

/** Each reviewer's latest verdict per conversation, kept only where two or more reviewers tagged it; by reviewer name. */
export function reviewerVerdictsOf(events: Iterable<EventLite>): Map<string, ReviewerVerdict[]> {
  const latest = new Map<string, Map<string, ReviewerVerdict>>();
  for (const e of events) {
    let byReviewer = latest.get(e.convKey);
    if (!byReviewer) latest.set(e.convKey, (byReviewer = new Map()));
    const there = byReviewer.get(e.reviewer);
    if (!there || compareEvents(e, there) > 0) byReviewer.set(e.reviewer, { reviewer: e.reviewer, verdict: e.verdict, reason: e.reason, at: e.at, id: e.id });
  }
  const several = new Map<string, ReviewerVerdict[]>();
  for (const [convKey, byReviewer] of latest) {
    if (byReviewer.size > 1) several.set(convKey, [...byReviewer.values()].sort((a, b) => (a.reviewer < b.reviewer ? -1 : a.reviewer > b.reviewer ? 1 : 0)));
  }
  return several;
}

/** Reviewers' own latest verdicts differ (genuine against false, or either against unsure). */
export function isDisagreed(verdicts: readonly ReviewerVerdict[]): boolean {
  return new Set(verdicts.map((v) => v.verdict)).size > 1;
}

/**
 * From the database: only conversations with two or more events can have two reviewers, so the events' index
 * keys are counted first and only those conversations' events are read.
 */
export async function readReviewerVerdicts(db: RecountDB): Promise<Map<string, ReviewerVerdict[]>> {
  const keys = (await db.events.orderBy('convKey').keys()) as string[];
  const repeated: string[] = [];
  for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1] && repeated[repeated.length - 1] !== keys[i]) repeated.push(keys[i]);
  if (repeated.length === 0) return new Map();
  return reviewerVerdictsOf(await db.events.where('convKey').anyOf(repeated).toArray());
}
