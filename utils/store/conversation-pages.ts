// The conversations read a page at a time, never all at once: the dashboard's table (newest first, page after
// page by a keyset cursor), the conversations a few keys name, and a pass over all of them for what the day
// counts cannot answer (free text in notes). Each page is its own short read transaction — a long one would
// hold back every tag written meanwhile — and a caller can stop between pages.
import type { RecountDB } from './db';
import type { ConversationRecord } from '../model/records';
import type { VerdictEvent } from '../model/verdict';
import { byLastSeen, eventsOfConversations, foldEvent, latestEventsFor } from './event-only';

/** Where a page of the newest-first list ended: the next page starts after this conversation. */
export interface PageCursor {
  lastSeenAt: number;
  convKey: string;
}

export const cursorOf = (c: ConversationRecord): PageCursor => ({ lastSeenAt: c.lastSeenAt, convKey: c.convKey });

/** Comes after the cursor in the newest-first order (byLastSeen: later first, equal times greater key first). */
const isAfter = (c: PageCursor, cursor: PageCursor | null) =>
  !cursor || c.lastSeenAt < cursor.lastSeenAt || (c.lastSeenAt === cursor.lastSeenAt && c.convKey < cursor.convKey);

export interface PageOptions {
  /** Start after this conversation (the last of the previous page). */
  after?: PageCursor | null;
  /** Asked between pages: true stops the read, which then answers null. */
  cancelled?: () => boolean;
}

/**
 * How many to read next: enough for the rows still wanted at the rate the last page kept them (half again, for
 * luck), at least twice the last page when it kept none, at most `most`.
 */
function nextPageSize(last: number, read: number, kept: number, wanted: number, most: number): number {
  const guess = kept > 0 ? Math.ceil((wanted * read * 1.5) / kept) : last * 2;
  return Math.max(ROW_PAGE_FIRST, Math.min(guess, most));
}

/**
 * The rows of these conversations (undefined where there is none). Reading a missing row costs nearly as much as
 * reading one that is there, and a page of a large merged log or a large merge is mostly conversations known only
 * from events: one scan of the keys over their range says which exist, and only those rows are read. A range that
 * holds many other rows (more than four per key asked) is read by key instead.
 */
export async function conversationRowsOf(db: RecountDB, keys: readonly string[]): Promise<Array<ConversationRecord | undefined>> {
  if (keys.length === 0) return [];
  const sorted = [...keys].sort();
  const limit = keys.length * 4;
  const inRange = await db.conversations.where(':id').between(sorted[0], sorted[sorted.length - 1], true, true).limit(limit).primaryKeys();
  if (inRange.length >= limit) return db.conversations.bulkGet([...keys]);
  const existing = new Set(inRange);
  const known = keys.filter((k) => existing.has(k));
  const found = known.length > 0 ? await db.conversations.bulkGet(known) : [];
  const byKey = new Map(known.map((k, i) => [k, found[i]]));
  return keys.map((k) => byKey.get(k));
}

/** Rows read at first, then twice as many each time up to ROW_PAGE_MOST: a common filter is answered by one small read. */
const ROW_PAGE_FIRST = 200;
const ROW_PAGE_MOST = 2_000;

/** The rows of conversations read here that `keep` accepts, newest first after the cursor; at most `limit`. */
async function newestRows(db: RecountDB, keep: (c: ConversationRecord) => boolean, limit: number, options: PageOptions): Promise<ConversationRecord[] | null> {
  const found: ConversationRecord[] = [];
  let cursor = options.after ?? null;
  for (let size = ROW_PAGE_FIRST; ; ) {
    if (options.cancelled?.()) return null;
    const before = found.length;
    const from = cursor;
    // A plain range with a limit is one request for the whole page; a filter in it would make the read step a
    // cursor row by row, a round trip each (most of a filter change's wait here). So the rows at the cursor's own
    // time (after it by key: usually none) are read apart from the older ones, which need no filter.
    const [tied, older] = await Promise.all([
      from ? db.conversations.where('lastSeenAt').equals(from.lastSeenAt).reverse().filter((c) => isAfter(c, from)).toArray() : [],
      (from ? db.conversations.where('lastSeenAt').below(from.lastSeenAt) : db.conversations.orderBy('lastSeenAt')).reverse().limit(size).toArray(),
    ]);
    const page = [...tied, ...older];
    for (const c of page) if (keep(c) && found.push(c) >= limit) return found;
    if (older.length < size) return found;
    cursor = cursorOf(page[page.length - 1]);
    size = nextPageSize(size, page.length, found.length - before, limit - found.length, ROW_PAGE_MOST);
  }
}

/**
 * The conversations known only from events that `keep` accepts, newest first after the cursor; at most `limit`.
 * Walking the events back in time, a conversation's first event met is its latest — unless a later one lies
 * above the cursor (the conversation was on an earlier page): after a cursor, each candidate's latest event is
 * looked up before it is taken.
 */
async function newestFromEvents(db: RecountDB, keep: (c: ConversationRecord) => boolean, limit: number, options: PageOptions): Promise<ConversationRecord[] | null> {
  if ((await db.eventOnly.count()) === 0) return [];
  const after = options.after ?? null;
  const derived: ConversationRecord[] = [];
  const met = new Set<string>();
  let below = null as number | null;
  for (let page = 200; derived.length < limit; ) {
    if (options.cancelled?.()) return null;
    const before = derived.length;
    const range = below !== null ? db.events.where('at').below(below) : after ? db.events.where('at').belowOrEqual(after.lastSeenAt) : db.events.orderBy('at');
    const events: VerdictEvent[] = await range.reverse().limit(page).toArray();
    if (events.length === 0) break;
    // Events at the page's last time may continue on the next page: leave that time whole to the next one.
    const lastAt = events[events.length - 1].at;
    const whole: VerdictEvent[] = events.length === page ? events.filter((e) => e.at !== lastAt) : events;
    if (whole.length === 0) {
      // One time holds a whole page: read that time alone (newest first, as the index walk gives them).
      whole.push(...(await db.events.where('at').equals(lastAt).reverse().toArray()));
    }
    const fresh: VerdictEvent[] = [];
    for (const e of whole) {
      if (met.has(e.convKey)) continue;
      met.add(e.convKey);
      fresh.push(e);
    }
    const keys = fresh.map((e) => e.convKey);
    const [rows, latest] = await Promise.all([conversationRowsOf(db, keys), after ? latestEventsFor(db, keys) : Promise.resolve(null)]);
    fresh.forEach((e, i) => {
      if (rows[i]) return; // read here: its row is listed by newestRows
      if (latest && latest.get(e.convKey)?.id !== e.id) return; // its latest event is above the cursor
      const record = foldEvent(undefined, e);
      if (isAfter(record, after) && keep(record)) derived.push(record);
    });
    below = whole[whole.length - 1].at;
    if (events.length < page) break;
    page = nextPageSize(page, whole.length, derived.length - before, limit - derived.length, 20_000);
  }
  return derived;
}

/**
 * The `limit` newest conversations `keep` accepts after the cursor (all of them from the start without one),
 * without reading the rest: rows by their time index, conversations known only from events by the events' time
 * index. Null when cancelled.
 */
export async function newestConversations(db: RecountDB, keep: (c: ConversationRecord) => boolean, limit: number, options: PageOptions = {}): Promise<ConversationRecord[] | null> {
  // Both walks at once: each is a few short reads, and a round trip costs more than a read here.
  const [rows, derived] = await Promise.all([newestRows(db, keep, limit, options), newestFromEvents(db, keep, limit, options)]);
  if (!rows || !derived) return null;
  return [...rows, ...derived].sort(byLastSeen).slice(0, limit);
}

/** These conversations as the dashboard knows them: their rows, or what their events say (no row). Absent: left out. */
export async function conversationsByKey(db: RecountDB, convKeys: readonly string[]): Promise<Map<string, ConversationRecord>> {
  const found = new Map<string, ConversationRecord>();
  if (convKeys.length === 0) return found;
  const rows = await db.conversations.bulkGet([...convKeys]);
  const missing: string[] = [];
  convKeys.forEach((k, i) => (rows[i] ? found.set(k, rows[i]!) : missing.push(k)));
  if (missing.length > 0) {
    for (const e of await eventsOfConversations(db, missing)) found.set(e.convKey, foldEvent(found.get(e.convKey), e));
  }
  return found;
}

const SCAN_PAGE = 5_000;

/**
 * Every conversation once, a page at a time (rows by key, then those known only from events, grouped by the
 * events' conversation index), in no particular order. Resolves false when cancelled.
 */
export async function scanConversations(
  db: RecountDB,
  onPage: (conversations: ConversationRecord[]) => void | Promise<void>,
  cancelled: () => boolean = () => false,
): Promise<boolean> {
  const withRow = new Set<string>();
  let lastKey: string | null = null;
  for (;;) {
    if (cancelled()) return false;
    const page: ConversationRecord[] = await (lastKey === null ? db.conversations.orderBy(':id') : db.conversations.where(':id').above(lastKey)).limit(SCAN_PAGE).toArray();
    if (page.length === 0) break;
    for (const c of page) withRow.add(c.convKey);
    await onPage(page);
    lastKey = page[page.length - 1].convKey;
    if (page.length < SCAN_PAGE) break;
  }
  if ((await db.eventOnly.count()) === 0) return !cancelled();
  return eventsByConversation(
    db,
    async (events) => {
      const derived = new Map<string, ConversationRecord>();
      for (const e of events) if (!withRow.has(e.convKey)) derived.set(e.convKey, foldEvent(derived.get(e.convKey), e));
      if (derived.size > 0) await onPage([...derived.values()]);
    },
    cancelled,
  );
}

/**
 * Every event, a page of about `pageSize` (SCAN_PAGE unless said) at a time in the order of the events' conversation index, each page its
 * own short transaction, each conversation's events whole within one page (the last conversation of a page is
 * read to its end). Resolves false when cancelled.
 */
export async function eventsByConversation(
  db: RecountDB,
  onPage: (events: VerdictEvent[]) => void | Promise<void>,
  cancelled: () => boolean = () => false,
  pageSize = SCAN_PAGE,
): Promise<boolean> {
  let from: string | null = null;
  for (;;) {
    if (cancelled()) return false;
    const events: VerdictEvent[] = await (from === null ? db.events.orderBy('convKey') : db.events.where('convKey').above(from)).limit(pageSize).toArray();
    if (events.length === 0) break;
    const last = events[events.length - 1].convKey;
    const whole = events.length === pageSize ? [...events.filter((e) => e.convKey !== last), ...(await db.events.where('convKey').equals(last).toArray())] : events;
    await onPage(whole);
    from = last;
    if (events.length < pageSize) break;
  }
  return !cancelled();
}
