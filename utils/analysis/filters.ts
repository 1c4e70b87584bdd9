// The dashboard's filter: one plain object, kept in the page's URL so a view can be bookmarked and shared.
import type { ConversationRecord } from '../model/records';
import { wilsonInterval, type Interval } from './stats';
import { billedUnits, localDay } from '../model/tally';
import { unitPriceFor } from '../model/settings';

export { billedUnits, localDay };
import {
  FALSE_REASONS,
  isBillableClaim,
  RESOLUTION_KINDS,
  VENDORS,
  VERDICTS,
  type FalseReason,
  type ResolutionKind,
  type Vendor,
  type Verdict,
  type VerdictEvent,
} from '../model/verdict';

export interface Filter {
  /** Inclusive day range, YYYY-MM-DD in the reviewer's time zone, on the tag's time (or last seen, untagged). */
  from: string;
  to: string;
  vendor: Vendor | '';
  workspace: string;
  claim: ResolutionKind | '';
  /** A verdict, "untagged", or '' for any. */
  verdict: Verdict | 'untagged' | '';
  reason: FalseReason | '';
  reviewer: string;
  /** Free text found in the note (case-insensitive). */
  text: string;
}

export const EMPTY_FILTER: Filter = { from: '', to: '', vendor: '', workspace: '', claim: '', verdict: '', reason: '', reviewer: '', text: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads a filter from a URL query, ignoring anything that is not a valid value. */
export function filterFromQuery(search: string): Filter {
  const q = new URLSearchParams(search);
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | '' => {
    const value = q.get(name) ?? '';
    return (allowed as readonly string[]).includes(value) ? (value as T) : '';
  };
  return {
    from: DAY.test(q.get('from') ?? '') ? q.get('from')! : '',
    to: DAY.test(q.get('to') ?? '') ? q.get('to')! : '',
    vendor: pick('vendor', VENDORS),
    workspace: (q.get('workspace') ?? '').slice(0, 200),
    claim: pick('claim', RESOLUTION_KINDS),
    verdict: pick('verdict', [...VERDICTS, 'untagged'] as const),
    reason: pick('reason', FALSE_REASONS),
    reviewer: (q.get('reviewer') ?? '').slice(0, 120),
    text: (q.get('text') ?? '').slice(0, 200),
  };
}

export function filterToQuery(filter: Filter): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) q.set(key, value);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * The filter a deletion acts on: what a page sent, read as a URL query would be (anything that is not a valid
 * value dropped). The dashboard's confirmation reads the view through it too, so both count the same view.
 */
export function deletionFilter(sent: Partial<Record<keyof Filter, string>> | Record<string, string>): Filter {
  return filterFromQuery(filterToQuery({ ...EMPTY_FILTER, ...sent } as Filter));
}

export function isEmptyFilter(filter: Filter): boolean {
  return Object.values(filter).every((v) => v === '');
}

function inDays(filter: Filter, at: number): boolean {
  const day = localDay(at);
  return (!filter.from || day >= filter.from) && (!filter.to || day <= filter.to);
}

/** Conversations (with their current verdict) in the filter. */
export function matchesConversation(c: ConversationRecord, filter: Filter): boolean {
  const e = c.current;
  if (filter.vendor && c.vendor !== filter.vendor) return false;
  if (filter.workspace && c.workspace !== filter.workspace) return false;
  if (filter.claim && c.claim.resolution !== filter.claim) return false;
  if (filter.verdict === 'untagged' ? e : filter.verdict && e?.verdict !== filter.verdict) return false;
  if (filter.reason && e?.reason !== filter.reason) return false;
  if (filter.reviewer && e?.reviewer !== filter.reviewer) return false;
  if (filter.text && !(e?.note ?? '').toLowerCase().includes(filter.text.toLowerCase())) return false;
  if ((filter.from || filter.to) && !inDays(filter, e?.at ?? c.lastSeenAt)) return false;
  return true;
}

/** Events of the log in the filter (for exports): the same fields, read from each event. */
export function matchesEvent(e: VerdictEvent, filter: Filter): boolean {
  if (filter.vendor && e.vendor !== filter.vendor) return false;
  if (filter.workspace && e.workspace !== filter.workspace) return false;
  if (filter.claim && e.claim.resolution !== filter.claim) return false;
  if (filter.verdict === 'untagged') return false;
  if (filter.verdict && e.verdict !== filter.verdict) return false;
  if (filter.reason && e.reason !== filter.reason) return false;
  if (filter.reviewer && e.reviewer !== filter.reviewer) return false;
  if (filter.text && !e.note.toLowerCase().includes(filter.text.toLowerCase())) return false;
  if ((filter.from || filter.to) && !inDays(filter, e.at)) return false;
  return true;
}

export interface Figures {
  billed: number;
  tagged: number;
  genuine: number;
  false: number;
  unsure: number;
  /** False among decided (genuine + false) billed conversations, with its 95% Wilson interval. */
  falseRate: Interval;
  /** What the false resolutions were billed, at the unit prices (Agentforce: per billed window). */
  moneyAtStake: number;
}


/**
 * The headline figures, one conversation at a time (the dashboard folds them in slices; see view.ts). Money at
 * stake is priced per vendor, and a vendor profile's conversations (custom, workspace = the profile's id) at that
 * profile's own price where `profilePrices` has one (Settings.profileTerms; profileUnitPrices).
 */
export function figuresAccumulator(prices: Record<Vendor, number>, profilePrices: Readonly<Record<string, number>> = NO_PROFILE_PRICES) {
  let billed = 0;
  let genuine = 0;
  let falseCount = 0;
  let unsure = 0;
  let money = 0;
  /** `n` billed conversations of one vendor and workspace with this verdict (or none), billed `units` in all. */
  const addBilled = (vendor: Vendor, workspace: string, verdict: Verdict | 'untagged' | undefined, n: number, units: number): void => {
    billed += n;
    if (verdict === 'genuine') genuine += n;
    else if (verdict === 'unsure') unsure += n;
    else if (verdict === 'false') {
      falseCount += n;
      money += units * unitPriceFor(prices, profilePrices, vendor, workspace);
    }
  };
  return {
    add(c: ConversationRecord): void {
      if (isBillableClaim(c.claim)) addBilled(c.vendor, c.workspace, c.current?.verdict, 1, billedUnits(c));
    },
    addBilled,
    result(): Figures {
      return {
        billed,
        tagged: genuine + falseCount + unsure,
        genuine,
        false: falseCount,
        unsure,
        falseRate: wilsonInterval(falseCount, genuine + falseCount),
        moneyAtStake: Math.round(money * 100) / 100,
      };
    },
  };
}

const NO_PROFILE_PRICES: Readonly<Record<string, number>> = {};

export function computeFigures(conversations: readonly ConversationRecord[], prices: Record<Vendor, number>, profilePrices?: Readonly<Record<string, number>>): Figures {
  const figures = figuresAccumulator(prices, profilePrices);
  for (const c of conversations) figures.add(c);
  return figures.result();
}

/**
 * One bar of a chart. The false rate everywhere (headline, per day, per reviewer, per claim) is one definition:
 * false / (genuine + false) — unsure is counted in `total` but left out of the rate's base.
 */
export interface Bar {
  label: string;
  total: number;
  false: number;
  /** Genuine + false: the base of the false rate. */
  decided: number;
}

/** The false rate of a bar, by the one definition; null when nothing is decided. */
export function barFalseRate(bar: Bar): number | null {
  return bar.decided > 0 ? bar.false / bar.decided : null;
}

/**
 * The distinct non-empty values `pick` gives, sorted. One pass adding to a Set: the dashboard asks this of 50,000
 * conversations after every tag, and map + filter + Set over them cost ~10 ms each time.
 */
export function distinctSorted<T>(items: readonly T[], pick: (item: T) => string | null | undefined): string[] {
  const values = new Set<string>();
  for (const item of items) {
    const value = pick(item);
    if (value) values.add(value);
  }
  return [...values].sort();
}

/**
 * Tagged conversations grouped for the charts: per day, by reason, by vendor claim (each conversation once, by
 * its latest verdict) and by reviewer (where several reviewers tagged a conversation, each reviewer's own).
 */
export function groupForCharts(conversations: readonly ConversationRecord[], reviewers: ReviewerVerdicts = new Map()) {
  const charts = chartsAccumulator(reviewers);
  for (const c of conversations) charts.add(c);
  return charts.result();
}

type ReviewerVerdicts = ReadonlyMap<string, ReadonlyArray<{ reviewer: string; verdict: string }>>;

/** The charts, one conversation at a time. */
export function chartsAccumulator(reviewers: ReviewerVerdicts = new Map()) {
  const perDay = new Map<string, Bar>();
  const byReason = new Map<string, Bar>();
  const byClaim = new Map<string, Bar>();
  const byReviewer = reviewerBarsAccumulator(reviewers);
  return {
    add(c: ConversationRecord): void {
      const e = c.current;
      if (!e) return;
      addTo(perDay, localDay(e.at), e.verdict);
      if (e.reason) addTo(byReason, e.reason, 'false');
      addTo(byClaim, c.claim.resolution, e.verdict);
      byReviewer.add(c);
    },
    result() {
      return {
        perDay: [...perDay.values()].sort((a, b) => a.label.localeCompare(b.label)),
        byReason: sortedBars(byReason),
        byReviewer: byReviewer.result(),
        byClaim: sortedBars(byClaim),
      };
    },
  };
}

/**
 * By reviewer: where several reviewers tagged a conversation (`reviewers`), each counts their own latest verdict;
 * elsewhere the conversation's latest.
 */
function reviewerBarsAccumulator(reviewers: ReviewerVerdicts) {
  const byReviewer = new Map<string, Bar>();
  return {
    add(c: ConversationRecord): void {
      const e = c.current;
      if (!e) return;
      const several = reviewers.size > 0 ? reviewers.get(c.convKey) : undefined;
      if (several) for (const r of several) addTo(byReviewer, r.reviewer, r.verdict);
      else addTo(byReviewer, e.reviewer, e.verdict);
    },
    result: () => sortedBars(byReviewer),
  };
}

/** Adds `n` conversations with this verdict to a bar. */
export function addTo(map: Map<string, Bar>, label: string, verdict: string, n = 1): void {
  let bar = map.get(label);
  if (!bar) map.set(label, (bar = { label, total: 0, false: 0, decided: 0 }));
  bar.total += n;
  if (verdict === 'false') bar.false += n;
  if (verdict !== 'unsure') bar.decided += n;
}

export const sortedBars = (map: Map<string, Bar>) => [...map.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
