// The dashboard's figures kept at write time: per local day, how many relevant conversations have each
// combination of vendor, workspace, claim, verdict, reason and reviewer (and their billed units). Every write that
// moves a conversation (a read, a tag, a merge) moves these counts in its own transaction, so they are always the
// counts of what is stored, and the dashboard reads a row per day instead of every conversation.
//
// Days are local days, so the counts belong to one time zone (the meta row says which). Counted in another zone,
// or never counted (a database from before them), they are built again from the conversations: `rebuildTallies`.
import type { ConversationRecord } from '../model/records';
import { contributionOf, localZone, moveCounts, type Contribution, type DayCounts } from '../model/tally';
import type { RecountDB, TallyRow } from './db';
import { conversationsFromEvents } from './event-only';

const META = 'meta';
const dayRowKey = (day: string) => `day:${day}`;

type DayRow = Extract<TallyRow, { day: string }>;

/** A conversation's change, before and after a write (undefined or null: not there, or not counted). */
export type ConversationChange = [before: ConversationRecord | null | undefined, after: ConversationRecord | null | undefined];

/**
 * Moves the counts by these changes, inside the caller's transaction (which must include `db.tallies`). Counts
 * not built yet, or built in another time zone, are left alone: the dashboard has them built again.
 */
export async function moveTallies(db: RecountDB, changes: Iterable<ConversationChange>): Promise<void> {
  const delta = new Map<string, DayCounts>();
  for (const [before, after] of changes) {
    const b = contributionOf(before);
    const a = contributionOf(after);
    if (!sameContribution(b, a)) moveCounts(delta, b, a);
  }
  if (delta.size === 0) return;
  const days = [...delta.keys()];
  const [meta, ...rows] = await db.tallies.bulkGet([META, ...days.map(dayRowKey)]);
  if (!meta || !('zone' in meta) || meta.zone !== localZone()) return;
  const next = days.map((day, i) => {
    const row = rows[i] as DayRow | undefined;
    const counts: DayCounts = { ...(row?.counts ?? {}) };
    for (const [key, [n, units]] of Object.entries(delta.get(day)!)) {
      const there = counts[key] ?? [0, 0];
      const sum: [number, number] = [there[0] + n, there[1] + units];
      if (sum[0] === 0 && sum[1] === 0) delete counts[key];
      else counts[key] = sum;
    }
    return { key: dayRowKey(day), day, counts };
  });
  await db.tallies.bulkPut(next);
}

function sameContribution(a: Contribution | null, b: Contribution | null): boolean {
  if (!a || !b) return a === b;
  return a.at === b.at && a.vendor === b.vendor && a.workspace === b.workspace && a.resolution === b.resolution && a.billable === b.billable && a.verdict === b.verdict && a.reason === b.reason && a.reviewer === b.reviewer && a.units === b.units;
}

/**
 * Counts everything again from the conversations (their rows, and those known only from events), replacing what
 * was there: after a deletion or a restore, on the first open after an upgrade, or in another time zone.
 * Inside the caller's transaction if there is one (it must include events, conversations, eventOnly, tallies).
 */
export async function rebuildTallies(db: RecountDB): Promise<{ days: number; zone: string }> {
  return db.transaction('rw', [db.events, db.conversations, db.eventOnly, db.tallies], async () => {
    const rows = await db.conversations.toArray();
    const counts = new Map<string, DayCounts>();
    for (const row of rows) moveCounts(counts, null, contributionOf(row));
    if ((await db.eventOnly.count()) > 0) {
      const read = new Set(rows.map((r) => r.convKey));
      for (const record of conversationsFromEvents(await db.events.toArray(), (k) => read.has(k)).values()) moveCounts(counts, null, contributionOf(record));
    }
    const zone = localZone();
    await db.tallies.clear();
    await db.tallies.bulkPut([{ key: META, zone } as TallyRow, ...[...counts].map(([day, c]) => ({ key: dayRowKey(day), day, counts: c }))]);
    return { days: counts.size, zone };
  });
}

/** The counts per local day, oldest first, or null if they must be built (never built, or in another zone). */
export async function readTallies(db: RecountDB): Promise<Array<{ day: string; counts: DayCounts }> | null> {
  return db.transaction('r', db.tallies, async () => {
    const meta = await db.tallies.get(META);
    if (!meta || !('zone' in meta) || meta.zone !== localZone()) return null;
    const rows = (await db.tallies.where(':id').between('day:', 'day:\uffff').toArray()) as DayRow[];
    return rows.map(({ day, counts }) => ({ day, counts }));
  });
}
