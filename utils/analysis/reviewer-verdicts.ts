// Two reviewers who disagree on a conversation must not be hidden by "latest wins": each reviewer's own latest
// verdict, for the conversations more than one reviewer tagged.
import type { RecountDB } from '../store/db';
import { compareEvents, type FalseReason, type Verdict, type VerdictEvent } from '../model/verdict';
import { settledIds } from '../model/final-verdict';

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

/**
 * From the database: only conversations with two or more events can have two reviewers. Their keys come from one
 * read of the events' conversation index (a cursor over it took seconds at 100,000 events: one request per key);
 * their events are then read a page of READ_PAGE at a time in key order, each page its own short transaction, so
 * the background's writes (a tag) never wait behind one long read. Few such conversations: read by key instead.
 */
export async function readReviewerVerdicts(db: RecountDB): Promise<Map<string, ReviewerVerdict[]>> {
  const keys = (await db.events.orderBy('convKey').keys()) as string[];
  const repeated = new Set<string>();
  for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1]) repeated.add(keys[i]);
  if (repeated.size === 0) return new Map();
  const latest: Latest = new Map();
  if (repeated.size <= FEW) {
    const events = await db.events.where('convKey').anyOf([...repeated]).toArray();
    foldInto(latest, events);
    return severalOf(latest);
  }
  let after: string | null = null;
  for (;;) {
    const page: VerdictEvent[] = await (after === null ? db.events.orderBy(':id') : db.events.where(':id').above(after)).limit(READ_PAGE).toArray();
    if (page.length === 0) break;
    foldInto(latest, page.filter((e) => repeated.has(e.convKey)));
    after = page[page.length - 1].id;
    // Between pages the page answers input, and other transactions run.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return severalOf(latest);
}

/** Up to this many conversations are read by key; past it, every event a page at a time (cheaper than jumping). */
const FEW = 2_000;
const READ_PAGE = 5_000;

