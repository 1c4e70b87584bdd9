// What one conversation adds to the dashboard's figures, reduced to the few fields a filter other than free text
// can ask about: the store keeps a count per local day of these (utils/store/tallies.ts), moved in the same
// transaction as every write, so the dashboard's figures need no pass over the conversations.
import type { ConversationRecord } from './records';
import { isBillableClaim, type ResolutionKind, type Vendor, type Verdict } from './verdict';

/** A conversation the dashboard counts: the vendor billed it, or someone tagged it. */
export const isRelevant = (c: Pick<ConversationRecord, 'claim' | 'current'>) => isBillableClaim(c.claim) || c.current !== null;

/** Billed units of a conversation at the unit price (Agentforce bills per 24-hour window). */
export function billedUnits(c: Pick<ConversationRecord, 'vendor' | 'billing'>): number {
  return c.vendor === 'salesforce' ? Math.max(1, c.billing?.windows ?? 1) : 1;
}

// Every time zone's offset is a whole number of quarter hours, so one quarter hour falls on one local day:
// the dashboard asks for the day of every conversation at each filter change, and a Date per call adds up.
const QUARTER_HOUR = 15 * 60_000;
const dayOfQuarter = new Map<number, string>();

/** The local calendar day of a time, as YYYY-MM-DD (the time zone this page or worker runs in). */
export function localDay(at: number): string {
  const quarter = Math.floor(at / QUARTER_HOUR);
  let day = dayOfQuarter.get(quarter);
  if (day === undefined) {
    const d = new Date(at);
    day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    if (dayOfQuarter.size > 100_000) dayOfQuarter.clear(); // bounded: 100,000 quarter hours ≈ 3 years
    dayOfQuarter.set(quarter, day);
  }
  return day;
}

const ZONE_RECHECK_MS = 1000;
let zoneAsked: { zone: string; offset: number; at: number } | null = null;

/**
 * The time zone local days are counted in here. Asking Intl costs about 0.5 ms, on every tag, so the answer is kept
 * for a second, or until the UTC offset moves; a new zone empties the days cached under the old one.
 */
export function localZone(): string {
  const now = Date.now();
  const offset = new Date(now).getTimezoneOffset();
  if (!zoneAsked || offset !== zoneAsked.offset || Math.abs(now - zoneAsked.at) > ZONE_RECHECK_MS) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zoneAsked && (zone !== zoneAsked.zone || offset !== zoneAsked.offset)) dayOfQuarter.clear();
    zoneAsked = { zone, offset, at: now };
  }
  return zoneAsked.zone;
}

/** One conversation's part of the figures: when (its current verdict's time, or last seen when untagged) and what. */
export interface Contribution {
  at: number;
  vendor: Vendor;
  workspace: string;
  resolution: ResolutionKind;
  billable: boolean;
  verdict: Verdict | 'untagged';
  reason: string;
  reviewer: string;
  units: number;
}

/** A conversation's contribution, or null when the dashboard does not count it (neither billed nor tagged). */
export function contributionOf(c: ConversationRecord | null | undefined): Contribution | null {
  if (!c || !isRelevant(c)) return null;
  const e = c.current;
  return {
    at: e?.at ?? c.lastSeenAt,
    vendor: c.vendor,
    workspace: c.workspace,
    resolution: c.claim.resolution,
    billable: isBillableClaim(c.claim),
    verdict: e?.verdict ?? 'untagged',
    reason: e?.reason ?? '',
    reviewer: e?.reviewer ?? '',
    units: billedUnits(c),
  };
}

/**
 * A conversation known by what it counted for rather than by its record: kept beside the event-only index for each
 * conversation's latest event (store/event-only.ts), so that a merge replacing that event need not read it.
 */
export interface CountedAs {
  convKey: string;
  contribution: Contribution;
  /** Whether that event had a note (the notes' index then holds an entry to supersede). */
  noted: boolean;
}

export const isCountedAs = (c: ConversationRecord | CountedAs | null | undefined): c is CountedAs => !!c && 'contribution' in c;

/** A record's contribution, or the one a CountedAs carries. */
export const contributionOfEither = (c: ConversationRecord | CountedAs | null | undefined): Contribution | null => (isCountedAs(c) ? c.contribution : contributionOf(c));

/** The fields of a contribution a day's count is kept by (its time is the day), as one key. Tabs cannot occur in them. */
export type TallyFields = Omit<Contribution, 'at' | 'units'>;

const SEPARATOR = '\t';

export function tallyKey(c: TallyFields): string {
  return [c.vendor, c.workspace.replaceAll(SEPARATOR, ' '), c.resolution, c.billable ? '1' : '0', c.verdict, c.reason, c.reviewer.replaceAll(SEPARATOR, ' ')].join(SEPARATOR);
}

export function tallyFields(key: string): TallyFields {
  const [vendor, workspace, resolution, billable, verdict, reason, reviewer] = key.split(SEPARATOR);
  return { vendor: vendor as Vendor, workspace, resolution: resolution as ResolutionKind, billable: billable === '1', verdict: verdict as TallyFields['verdict'], reason, reviewer };
}

/** One local day's counts: per key, [conversations, billed units]. */
export type DayCounts = Record<string, [number, number]>;

/** Moves `counts` (day → DayCounts) by one conversation's change from `before` to `after` (either may be null). */
export function moveCounts(counts: Map<string, DayCounts>, before: Contribution | null, after: Contribution | null): void {
  if (before) bump(counts, before, -1);
  if (after) bump(counts, after, 1);
}

function bump(counts: Map<string, DayCounts>, c: Contribution, sign: 1 | -1): void {
  const day = localDay(c.at);
  let entries = counts.get(day);
  if (!entries) counts.set(day, (entries = {}));
  const key = tallyKey(c);
  const there = entries[key] ?? [0, 0];
  const next: [number, number] = [there[0] + sign, there[1] + sign * c.units];
  if (next[0] === 0 && next[1] === 0) delete entries[key];
  else entries[key] = next;
}
