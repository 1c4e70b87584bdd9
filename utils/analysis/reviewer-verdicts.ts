// Two reviewers who disagree on a conversation must not be hidden by "latest wins": each reviewer's own latest
// verdict, for the conversations more than one reviewer tagged.
import type { RecountDB } from '../store/db';
import { compareEvents, type FalseReason, type Verdict, type VerdictEvent } from '../model/verdict';
import { settledIds } from '../model/final-verdict';
import { eventsByConversation } from '../store/conversation-pages';
import { nextTurn } from '../model/next-turn';

export interface ReviewerVerdict {
  reviewer: string;
  verdict: Verdict;
  reason: FalseReason | null;
  at: number;
  id: string;
  note: string;
  /** A final verdict's settled event ids (see model/final-verdict.ts); null for an ordinary verdict. */
  settles: string[] | null;
}

type EventLite = Pick<VerdictEvent, 'convKey' | 'reviewer' | 'verdict' | 'reason' | 'at' | 'id' | 'note'>;

type Latest = Map<string, Map<string, ReviewerVerdict>>;

function foldInto(latest: Latest, events: Iterable<EventLite>): void {
  for (const e of events) {
    let byReviewer = latest.get(e.convKey);
    if (!byReviewer) latest.set(e.convKey, (byReviewer = new Map()));
    const there = byReviewer.get(e.reviewer);
    if (!there || compareEvents(e, there) > 0) byReviewer.set(e.reviewer, { reviewer: e.reviewer, verdict: e.verdict, reason: e.reason, at: e.at, id: e.id, note: e.note, settles: settledIds(e.note) });
  }
}

function severalOf(latest: Latest): Map<string, ReviewerVerdict[]> {
  const several = new Map<string, ReviewerVerdict[]>();
  for (const [convKey, byReviewer] of latest) {
    if (byReviewer.size > 1) several.set(convKey, [...byReviewer.values()].sort((a, b) => (a.reviewer < b.reviewer ? -1 : a.reviewer > b.reviewer ? 1 : 0)));
  }
  return several;
}

/** Each reviewer's latest verdict per conversation, kept only where two or more reviewers tagged it; by reviewer name. */
export function reviewerVerdictsOf(events: Iterable<EventLite>): Map<string, ReviewerVerdict[]> {
  const latest: Latest = new Map();
  foldInto(latest, events);
  return severalOf(latest);
}

/**
 * Reviewers' own latest verdicts differ (genuine against false, or either against unsure) — unless the latest of
 * them is a final verdict that names every other reviewer's latest verdict (a reviewer who tags again after it
 * reopens the disagreement).
 */
export function isDisagreed(verdicts: readonly ReviewerVerdict[]): boolean {
  if (isSettled(verdicts)) return false;
  return new Set(verdicts.map((v) => v.verdict)).size > 1;
}

/** The latest of these verdicts is a final verdict naming each of the others. */
export function isSettled(verdicts: readonly ReviewerVerdict[]): boolean {
  let latest: ReviewerVerdict | null = null;
  for (const v of verdicts) if (!latest || compareEvents(v, latest) > 0) latest = v;
  const settles = latest?.settles;
  return !!settles && verdicts.every((v) => v === latest || settles.includes(v.id));
}

/** Events per page of the full read: small, so that another read of the page waits for little when it meets one. */
const REVIEWER_SCAN_PAGE = 1_000;

/**
 * From the database: the events read a page at a time in the order of their conversation index (each page its own
 * short transaction, so the background's writes, a tag, never wait behind one long read), `pause` between pages
 * (a turn of the event loop; the dashboard also waits while filters change). Each conversation's events come whole
 * within a page, so it is folded and either kept (two or more reviewers) or dropped at once: what is held never
 * grows with the log, only with the conversations kept.
 */
export async function readReviewerVerdicts(db: RecountDB, pause: () => Promise<void> = nextTurn): Promise<Map<string, ReviewerVerdict[]>> {
  const several = new Map<string, ReviewerVerdict[]>();
  await eventsByConversation(
    db,
    async (events) => {
      const latest: Latest = new Map();
      foldInto(latest, events);
      for (const [convKey, verdicts] of severalOf(latest)) several.set(convKey, verdicts);
      await pause();
    },
    () => false,
    REVIEWER_SCAN_PAGE,
  );
  return several;
}

