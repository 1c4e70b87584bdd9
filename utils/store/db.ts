// The one database, in the extension's origin. Only the background writes it (extension pages may read):
// a content script's IndexedDB would belong to the vendor's page, which the vendor's code can read and wipe.
import Dexie, { type EntityTable, type Table } from 'dexie';
import { eventHash, GENESIS, type Tombstone } from '../model/chain.mjs';
import { sha256hex } from '../model/hash';
import { checkBackup, withoutBackupMeta } from './backup-schema';
import { conversationsFromEvents, foldEvent, latestEventOf, replaceLatestEvents, type EventOnlyRow, type LatestEvents } from './event-only';
import type { BillingSignals, ConversationRead, TranscriptMessage } from '../adapters/types';
import type { BilledItem } from '../io/billed-list';
import type { VendorProfile } from '../adapters/profiles';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../model/settings';
import type { Suggestion } from '../model/suggest';
import {
  compareEvents,
  conversationKeyString,
  currentVerdict,
  isBillableClaim,
  UNNAMED_REVIEWER,
  type ConversationKey,
  type FalseReason,
  type Vendor,
  type VendorClaim,
  type Verdict,
  type VerdictEvent,
} from '../model/verdict';

export const DB_NAME = 'recount';

export interface ConversationRecord {
  convKey: string;
  vendor: Vendor;
  workspace: string;
  conversationId: string;
  agentName: string;
  claim: VendorClaim;
  messageCounts: Record<TranscriptMessage['author'], number>;
  billingNote: string | null;
  billing: BillingSignals | null;
  firstSeenAt: number;
  lastSeenAt: number;
  suggestion: Suggestion | null;
  /** SHA-256 of the transcript as read: proves later what was on screen, even without the text. */
  transcriptDigest: string;
  /** Null when the user turned "keep transcripts" off. */
  transcript: TranscriptMessage[] | null;
  /**
   * Projection of the event log (latest event), kept in the same transaction as each append. A conversation
   * known only from merged events has no row: see event-only.ts.
   */
  current: VerdictEvent | null;
}

/** A billed list as imported: its items live in billedItems, keyed by listId. */
export interface BilledList {
  id: string;
  name: string;
  vendor: Vendor;
  /** The workspace the list is matched against (Intercom app id, Zendesk subdomain, …); '' for any. */
  workspace: string;
  format: string;
  importedAt: number;
  items: number;
  units: number;
  skipped: number;
}

/** A spot check: what was drawn, from what, with which seed, so anyone can reproduce it. */
export interface SpotCheckPlan {
  id: string;
  name: string;
  createdAt: number;
  vendor: Vendor;
  workspace: string;
  /** Where the population came from: a billed list, or the billed conversations Recount has seen. */
  source: { kind: 'billed-list'; listId: string; listName: string } | { kind: 'seen' };
  seed: string;
  algorithm: string;
  margin: number;
  expectedRate: number;
  strata: Array<{ stratum: string; population: string[]; sample: string[] }>;
  /**
   * The billed units the population stands for — every line of the bill, repeats included, and for Agentforce
   * its billed windows (OutcomeCount) — what an over-billing projection multiplies. Absent in older plans: one a
   * conversation.
   */
  populationUnits?: number;
}

/** What an adapter last said about a host page: which marker failed, and when it last worked. */
export interface HealthRecord {
  id: string;
  vendor: Vendor;
  adapter: string;
  /** The page's path with ids folded, e.g. /a/inbox/:id/inbox/shared/all/conversation/:id */
  urlPattern: string;
  missing: string[];
  failures: number;
  lastFailureAt: number | null;
  lastWorkingAt: number | null;
  /** The failing page's outline (structure only, utils/adapters/page-outline.ts), taken when it failed. */
  outline?: string;
  /** The page words the adapter looked for when it last reported. */
  lookedFor?: string;
}

type SettingsRow = { key: 'settings'; value: Settings } | { key: 'install'; value: { chainId: string } };

export class RecountDB extends Dexie {
  events!: EntityTable<VerdictEvent, 'id'>;
  conversations!: EntityTable<ConversationRecord, 'convKey'>;
  settings!: EntityTable<SettingsRow, 'key'>;
  profiles!: EntityTable<VendorProfile, 'id'>;
  health!: EntityTable<HealthRecord, 'id'>;
  tombstones!: Table<Tombstone, [string, number]>;
  billedLists!: EntityTable<BilledList, 'id'>;
  billedItems!: Table<BilledItem & { pk?: number; listId: string }, number>;
  spotChecks!: EntityTable<SpotCheckPlan, 'id'>;
  eventOnly!: EntityTable<EventOnlyRow, 'key'>;

  constructor(name = DB_NAME) {
    super(name);
    // Index only what is queried; never transcript text.
    this.version(1).stores({
      events: 'id, convKey, at, [vendor+at], reviewer',
      conversations: 'convKey, vendor, lastSeenAt',
      settings: 'key',
    });
    // v2: user-defined vendor profiles and adapter health. No data moves, so no upgrade function.
    this.version(2).stores({
      profiles: 'id',
      health: 'id, vendor',
    });
    // v3: the tamper-evident chain. Events recorded before it join this installation's chain in time order.
    this.version(3)
      .stores({ events: 'id, convKey, at, [vendor+at], reviewer, [chain+seq]' })
      .upgrade(async (tx) => {
        const settings = tx.table<SettingsRow, string>('settings');
        const chainId = await installChainIdIn(settings);
        const events = tx.table<VerdictEvent, string>('events');
        const unchained = (await events.orderBy('at').toArray()).filter((e) => !e.chain).sort(compareEvents);
        let prevHash = GENESIS;
        const chained = unchained.map((e, i) => {
          const next = { ...e, chain: chainId, seq: i + 1, prevHash };
          next.hash = eventHash(next, sha256hex);
          prevHash = next.hash;
          return next;
        });
        await events.bulkPut(chained);
        // Keep the conversations' projection pointing at the chained copy of each event.
        const byId = new Map(chained.map((e) => [e.id, e]));
        await tx
          .table<ConversationRecord, string>('conversations')
          .toCollection()
          .modify((c) => {
            if (c.current && byId.has(c.current.id)) c.current = byId.get(c.current.id)!;
          });
      });
    // v4: tombstones of deleted events (hashes only), so chains still verify after a deletion.
    this.version(4).stores({ tombstones: '[chain+seq], chain' });
    // v5: the vendor's billed lists and spot-check plans.
    this.version(5).stores({ billedLists: 'id, importedAt', billedItems: '++pk, listId', spotChecks: 'id, createdAt' });
    // v6: indexes nothing queries are dropped (events by vendor+time and by reviewer, conversations by vendor):
    // every tag and every imported event paid for them, and the dashboard filters those fields in memory.
    this.version(6).stores({ events: 'id, convKey, at, [chain+seq]', conversations: 'convKey, lastSeenAt' });
    // v7: conversations known only from merged events get no row of their own (see event-only.ts). The rows
    // earlier merges wrote for them stay: a row is always right, only dearer to write.
    this.version(7).stores({ eventOnly: 'key' });
  }
}

async function installChainIdIn(settings: Table<SettingsRow, string>): Promise<string> {
  const row = await settings.get('install');
  if (row?.key === 'install') return row.value.chainId;
  const chainId = crypto.randomUUID();
  await settings.put({ key: 'install', value: { chainId } });
  return chainId;
}

/** This installation's chain id, created on first use. */
export function installChainId(db: RecountDB): Promise<string> {
  return installChainIdIn(db.settings as unknown as Table<SettingsRow, string>);
}

export async function transcriptDigest(messages: readonly TranscriptMessage[]): Promise<string> {
  const canonical = JSON.stringify(messages.map((m) => [m.author, m.authorName, m.at, m.text]));
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function countMessages(messages: readonly TranscriptMessage[]): ConversationRecord['messageCounts'] {
  const counts = { customer: 0, ai_agent: 0, teammate: 0, note: 0 };
  for (const m of messages) counts[m.author]++;
  return counts;
}

export async function getSettings(db: RecountDB): Promise<Settings> {
  const row = await db.settings.get('settings');
  const saved = row?.key === 'settings' ? row.value : undefined;
  return mergeSettings(DEFAULT_SETTINGS, saved ?? {});
}

function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  const contracts = { ...base.contracts };
  for (const [vendor, terms] of Object.entries(patch.contracts ?? {})) {
    contracts[vendor as Vendor] = { ...base.contracts[vendor as Vendor], ...terms };
  }
  const pageLabels = { ...base.pageLabels };
  for (const [key, labels] of Object.entries(patch.pageLabels ?? {})) {
    if (labels === null) delete pageLabels[key];
    else pageLabels[key] = labels;
  }
  return { ...base, ...patch, unitPrices: { ...base.unitPrices, ...patch.unitPrices }, contracts, pageLabels };
}

export async function updateSettings(db: RecountDB, patch: SettingsPatch): Promise<Settings> {
  return db.transaction('rw', db.settings, db.conversations, async () => {
    const next = mergeSettings(await getSettings(db), patch);
    await db.settings.put({ key: 'settings', value: next });
    // Turning transcripts off also forgets the ones already kept: the user asked for them not to be stored.
    if (patch.keepTranscripts === false) {
      await db.conversations.toCollection().modify((c) => {
        c.transcript = null;
      });
    }
    return next;
  });
}

/** Stores what the adapter read; keeps the first-seen time and the verdict projection. */
export async function recordConversationSeen(
  db: RecountDB,
  read: ConversationRead,
  suggestion: Suggestion | null,
  now = Date.now(),
): Promise<ConversationRecord> {
  const digest = await transcriptDigest(read.messages); // outside the transaction: it awaits non-Dexie work
  return db.transaction('rw', db.conversations, db.settings, db.events, async () => {
    const convKey = conversationKeyString(read.key);
    const [existing, settings] = await Promise.all([db.conversations.get(convKey), getSettings(db)]);
    // Read here for the first time: it may already have events (merged from another agent's log).
    const current = existing ? existing.current : await latestEventOf(db, convKey);
    const record: ConversationRecord = {
      convKey,
      ...read.key,
      agentName: read.agentName,
      claim: read.claim,
      messageCounts: countMessages(read.messages),
      billingNote: read.billingNote,
      billing: read.billing ?? null,
      firstSeenAt: existing?.firstSeenAt ?? now,
      lastSeenAt: now,
      suggestion,
      transcriptDigest: digest,
      transcript: settings.keepTranscripts ? [...read.messages] : null,
      current,
    };
    await db.conversations.put(record);
    rememberRow(db, record); // the next tag on it can skip reading it (checked there)
    return record;
  });
}

export interface VerdictInput {
  key: ConversationKey;
  verdict: Verdict;
  reason: FalseReason | null;
  note: string;
  claim: VendorClaim;
  suggested: Verdict | null;
}

/** The latest link of a chain: its last event, or the tombstone of a deleted event if that came later. */
async function chainHead(db: RecountDB, chain: string): Promise<{ seq: number; hash: string } | undefined> {
  const range = [[chain, Dexie.minKey], [chain, Dexie.maxKey]] as const;
  const [lastEvent, lastTombstone] = await Promise.all([
    db.events.where('[chain+seq]').between(...range).last(),
    db.tombstones.where('[chain+seq]').between(...range).last(),
  ]);
  return (lastTombstone?.seq ?? 0) > (lastEvent?.seq ?? 0) ? lastTombstone : lastEvent;
}

/**
 * What the last tag of this database read and wrote: the settings, the chain and its head, and the rows of the
 * conversations it last touched (as JSON). The next tag on one of those conversations is planned from it and
 * checked against the database inside its own transaction (see recordVerdict).
 */
interface TagMemory {
  settingsJson: string;
  chain: string;
  head: { seq: number; hash: string } | undefined;
}
const tagMemory = new WeakMap<RecountDB, TagMemory>();
const rowMemory = new WeakMap<RecountDB, Map<string, string>>();
const REMEMBERED_ROWS = 20;

/** Rows with more transcript text than this are not remembered (their tags read first): memory stays small. */
const MAX_REMEMBERED_TEXT = 200_000;

function rememberRow(db: RecountDB, row: ConversationRecord): void {
  let rows = rowMemory.get(db);
  if (!rows) rowMemory.set(db, (rows = new Map()));
  rows.delete(row.convKey);
  let text = 0;
  for (const m of row.transcript ?? []) text += m.text.length;
  if (text > MAX_REMEMBERED_TEXT) return;
  rows.set(row.convKey, JSON.stringify(row));
  if (rows.size > REMEMBERED_ROWS) rows.delete(rows.keys().next().value!);
}

/** How recent tags were recorded: in one round on what was remembered, or by reading first. For tests. */
export const tagPaths = { oneRound: 0, readFirst: 0 };

class MemoryOutdated extends Error {}

type SettingsRowValue = Extract<SettingsRow, { key: 'settings' }>['value'] | undefined;

/** The event and the conversation row a tag writes, from what was read (or remembered) before it. */
function planTag(
  input: VerdictInput,
  options: { now?: number; id?: string },
  settingsValue: SettingsRowValue,
  chain: string,
  head: { seq: number; hash: string } | undefined,
  conversation: ConversationRecord | undefined,
  /** Without a row: what the conversation's events (merged from other logs) say of it, if it has any. */
  fromEvents?: ConversationRecord,
): { event: VerdictEvent; current: VerdictEvent; row: ConversationRecord } {
  const settings = mergeSettings(DEFAULT_SETTINGS, settingsValue ?? {});
  const convKey = conversationKeyString(input.key);
  const unhashed: Omit<VerdictEvent, 'hash'> = {
    id: options.id ?? crypto.randomUUID(),
    convKey,
    ...input.key,
    verdict: input.verdict,
    reason: input.verdict === 'false' ? input.reason : null,
    note: input.note,
    reviewer: settings.reviewerName || UNNAMED_REVIEWER,
    at: options.now ?? Date.now(),
    claim: input.claim,
    suggested: input.suggested,
    chain,
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? GENESIS,
  };
  const event: VerdictEvent = { ...unhashed, hash: eventHash(unhashed as VerdictEvent, sha256hex) };
  if (!conversation) {
    // Tagged before any read reached us (e.g. the read message was lost when the worker stopped).
    const row = foldEvent(fromEvents, event);
    return { event, current: row.current!, row };
  }
  const current = conversation.current && compareEvents(conversation.current, event) > 0 ? conversation.current : event;
  const row: ConversationRecord = { ...conversation, current };
  return { event, current, row };
}

/**
 * Appends one event and moves the projection forward, in one transaction: the caller acks only after commit.
 * Nothing is overwritten: a changed verdict is a new event.
 *
 * A tag is what an agent waits on, and each round of IndexedDB requests costs a round trip. When this database
 * remembers the last tag's reads and the conversation's row, the tag is planned from them and its reads and
 * writes go out together; the reads (issued first, so they see the state before the writes) must then equal
 * what was remembered, or the transaction is aborted — nothing written — and the tag is recorded the careful
 * way: read, then write.
 */
export async function recordVerdict(
  db: RecountDB,
  input: VerdictInput,
  options: { now?: number; id?: string } = {},
): Promise<{ event: VerdictEvent; current: VerdictEvent }> {
  const convKey = conversationKeyString(input.key);
  const memory = tagMemory.get(db);
  const rowJson = rowMemory.get(db)?.get(convKey);
  if (memory && rowJson !== undefined && options.id) {
    try {
      const result = await recordInOneRound(db, input, options, memory, rowJson);
      tagPaths.oneRound++;
      return result;
    } catch (error) {
      if (!(error instanceof MemoryOutdated)) throw error;
    }
  }
  tagPaths.readFirst++;
  return recordReadingFirst(db, input, options);
}

async function recordInOneRound(
  db: RecountDB,
  input: VerdictInput,
  options: { now?: number; id?: string },
  memory: TagMemory,
  rowJson: string,
): Promise<{ event: VerdictEvent; current: VerdictEvent }> {
  return db.transaction('rw', db.events, db.conversations, db.settings, db.tombstones, async () => {
    const convKey = conversationKeyString(input.key);
    const remembered = JSON.parse(rowJson) as ConversationRecord;
    const settingsValue = JSON.parse(memory.settingsJson) as SettingsRowValue | null;
    const { event, current, row } = planTag(input, options, settingsValue ?? undefined, memory.chain, memory.head, remembered);
    const reads = Promise.all([
      db.events.get(event.id),
      db.settings.bulkGet(['settings', 'install']),
      db.conversations.get(convKey),
      chainHead(db, memory.chain),
    ]);
    const writes = Promise.all([db.events.add(event), db.conversations.put(row)]);
    let seen: Awaited<typeof reads>;
    try {
      [seen] = await Promise.all([reads, writes]);
    } catch {
      throw new MemoryOutdated(); // e.g. the id is already there (a retry): the careful way answers that
    }
    const [already, [settingsRow, installRow], conversationNow, headNow] = seen;
    const holds =
      !already &&
      installRow?.key === 'install' &&
      installRow.value.chainId === memory.chain &&
      JSON.stringify(settingsRow?.key === 'settings' ? settingsRow.value : null) === memory.settingsJson &&
      conversationNow !== undefined &&
      JSON.stringify(conversationNow) === rowJson &&
      headNow?.seq === memory.head?.seq &&
      headNow?.hash === memory.head?.hash;
    if (!holds) throw new MemoryOutdated(); // aborts the transaction: neither write stays
    tagMemory.set(db, { ...memory, head: { seq: event.seq, hash: event.hash } });
    rememberRow(db, row);
    return { event, current };
  });
}

async function recordReadingFirst(
  db: RecountDB,
  input: VerdictInput,
  options: { now?: number; id?: string },
): Promise<{ event: VerdictEvent; current: VerdictEvent }> {
  return db.transaction('rw', db.events, db.conversations, db.settings, db.tombstones, async () => {
    const convKey = conversationKeyString(input.key);
    // Every read a tag needs, issued at once. The chain head is read with the chain id of the last tag; the
    // install row read in this same transaction tells whether that guess still holds (a restore can change it).
    const guessedChain = tagMemory.get(db)?.chain;
    const [already, [settingsRow, installRow], conversation, guessedHead] = await Promise.all([
      options.id ? db.events.get(options.id) : undefined,
      db.settings.bulkGet(['settings', 'install']),
      db.conversations.get(convKey),
      guessedChain ? chainHead(db, guessedChain) : undefined,
    ]);
    // The same tag sent twice (a retry after a lost answer) is recorded once.
    if (already) {
      const ofIt = already.convKey === convKey ? conversation : await db.conversations.get(already.convKey);
      return { event: already, current: ofIt?.current ?? already };
    }
    const settingsValue = settingsRow?.key === 'settings' ? settingsRow.value : undefined;
    const chain = installRow?.key === 'install' ? installRow.value.chainId : await installChainId(db);
    const head = chain === guessedChain ? guessedHead : await chainHead(db, chain);
    const fromEvents = conversation ? undefined : conversationsFromEvents(await eventsFor(db, convKey), () => false).get(convKey);
    const { event, current, row } = planTag(input, options, settingsValue, chain, head, conversation, fromEvents);
    // Both writes in flight together; the transaction commits when both are done.
    await Promise.all([db.events.add(event), db.conversations.put(row)]);
    tagMemory.set(db, { settingsJson: JSON.stringify(settingsValue ?? null), chain, head: { seq: event.seq, hash: event.hash } });
    rememberRow(db, row);
    return { event, current };
  });
}

export async function currentVerdictFor(db: RecountDB, key: ConversationKey): Promise<VerdictEvent | null> {
  const convKey = conversationKeyString(key);
  return db.transaction('r', db.conversations, db.events, async () => {
    const row = await db.conversations.get(convKey);
    return row ? row.current : latestEventOf(db, convKey);
  });
}

export async function eventsFor(db: RecountDB, convKey: string): Promise<VerdictEvent[]> {
  return (await db.events.where('convKey').equals(convKey).toArray()).sort(compareEvents);
}

/** The whole event log in time order, for export. */
export async function allEvents(db: RecountDB): Promise<VerdictEvent[]> {
  return db.events.orderBy('at').toArray();
}

export interface RowStatus {
  billable: boolean;
  verdict: Verdict | null;
  suggested: Verdict | null;
}

/** Badge data for list rows: conversations Recount has read or has merged events of (it cannot know the rest). */
export async function rowStatuses(db: RecountDB, convKeys: readonly string[]): Promise<Record<string, RowStatus>> {
  const [rows, eventOnly] = await db.transaction('r', db.conversations, db.events, db.eventOnly, async () => {
    const [found, anyEventOnly] = await Promise.all([db.conversations.bulkGet([...convKeys]), db.eventOnly.count()]);
    const missing = convKeys.filter((_, i) => !found[i]);
    // Only when some conversation is known from merged events alone: an agent's own log never needs this read.
    const events = anyEventOnly > 0 && missing.length > 0 ? await db.events.where('convKey').anyOf(missing).toArray() : [];
    return [found, conversationsFromEvents(events, () => false)] as const;
  });
  const statuses: Record<string, RowStatus> = {};
  for (const row of [...rows, ...eventOnly.values()]) {
    if (!row) continue;
    statuses[row.convKey] = {
      billable: isBillableClaim(row.claim),
      verdict: row.current?.verdict ?? null,
      suggested: row.suggestion?.verdict ?? null,
    };
  }
  return statuses;
}

export function healthId(vendor: Vendor, adapter: string, urlPattern: string): string {
  return `${vendor}|${adapter}|${urlPattern}`;
}

/** Records a failed read (with the missing markers) or a working one (missing empty). */
export async function reportHealth(
  db: RecountDB,
  report: { vendor: Vendor; adapter: string; urlPattern: string; missing: string[] },
  now = Date.now(),
): Promise<HealthRecord> {
  return db.transaction('rw', db.health, async () => {
    const id = healthId(report.vendor, report.adapter, report.urlPattern);
    const existing = await db.health.get(id);
    const failed = report.missing.length > 0;
    const record: HealthRecord = {
      id,
      ...report,
      missing: failed ? report.missing : (existing?.missing ?? []),
      failures: (existing?.failures ?? 0) + (failed ? 1 : 0),
      lastFailureAt: failed ? now : (existing?.lastFailureAt ?? null),
      lastWorkingAt: failed ? (existing?.lastWorkingAt ?? null) : now,
      ...(existing?.outline ? { outline: existing.outline } : {}),
    };
    await db.health.put(record);
    return record;
  });
}

/**
 * Deletes the events a filter chose, and the conversations left with none that the filter also chose, in one
 * transaction. Each deleted event leaves a tombstone (its chain position and hashes, none of its contents).
 */
export async function deleteWhere(
  db: RecountDB,
  eventMatches: (e: VerdictEvent) => boolean,
  conversationMatches: (c: ConversationRecord) => boolean,
  now = Date.now(),
): Promise<{ events: number; conversations: number }> {
  return db.transaction('rw', db.events, db.conversations, db.tombstones, db.eventOnly, async () => {
    const [everyEvent, rows] = await Promise.all([db.events.toArray(), db.conversations.toArray()]);
    const doomed = everyEvent.filter(eventMatches);
    const doomedIds = new Set(doomed.map((e) => e.id));
    const read = new Set(rows.map((c) => c.convKey));
    // Which conversations were in the view is judged before anything goes (those known from events included).
    const fromEvents = conversationsFromEvents(everyEvent, (k) => read.has(k));
    const inView = new Set([...rows, ...fromEvents.values()].filter(conversationMatches).map((c) => c.convKey));
    await db.tombstones.bulkPut(doomed.map((e) => ({ chain: e.chain, seq: e.seq, prevHash: e.prevHash, hash: e.hash, deletedAt: now })));
    await db.events.bulkDelete(doomed.map((e) => e.id));
    const touched = new Set(doomed.map((e) => e.convKey));
    const remaining = new Map<string, VerdictEvent[]>();
    for (const e of everyEvent) {
      if (!touched.has(e.convKey) || doomedIds.has(e.id)) continue;
      const list = remaining.get(e.convKey);
      if (list) list.push(e);
      else remaining.set(e.convKey, [e]);
    }
    let conversations = 0;
    for (const c of rows) {
      if (!touched.has(c.convKey)) continue;
      const current = currentVerdict(remaining.get(c.convKey) ?? []);
      if (!current && inView.has(c.convKey)) {
        await db.conversations.delete(c.convKey);
        conversations++;
      } else {
        await db.conversations.update(c.convKey, { current });
      }
    }
    // A conversation known only from events is gone with its last event; the index is written again whole.
    const latest: LatestEvents = new Map();
    for (const [convKey, record] of fromEvents) {
      const current = touched.has(convKey) ? currentVerdict(remaining.get(convKey) ?? []) : record.current;
      if (current) latest.set(convKey, { at: current.at, id: current.id });
      else conversations++;
    }
    await replaceLatestEvents(db, latest);
    return { events: doomed.length, conversations };
  });
}

export const BACKUP_TABLES = ['events', 'conversations', 'settings', 'profiles', 'health', 'tombstones', 'billedLists', 'billedItems', 'spotChecks'] as const;

/**
 * Replaces the whole database with a backup (dexie-export-import's format), all or nothing: every table is
 * checked first, row by row and field by field, and against each other (backup-schema.ts; the events also by
 * `checkEvents`, field by field and chain by chain), then every table is cleared and filled in one transaction.
 * The tables may carry the dashboard's note of the backup's schema version (BACKUP_META_TABLE): a backup made by
 * a newer Recount is refused.
 */
export async function restoreBackup(
  db: RecountDB,
  backup: { tables: Record<string, unknown[]>; databaseVersion?: number },
  checkEvents: (rows: unknown[], tombstones: Tombstone[], ownChain: string | null) => string[],
): Promise<Record<string, number>> {
  const split = withoutBackupMeta(backup.tables);
  const databaseVersion = backup.databaseVersion ?? split.databaseVersion;
  const restored = split.tables;
  // Every check before the transaction: a refusal writes nothing.
  await checkBackup(restored, { runningVersion: db.verno, databaseVersion, checkEvents });
  const tables = [...BACKUP_TABLES.map((name) => db.table(name)), db.eventOnly];
  return db.transaction('rw', tables, async () => {
    const counts: Record<string, number> = {};
    for (const name of BACKUP_TABLES) {
      const table = db.table(name);
      await table.clear();
      const rows = restored[name] ?? [];
      await table.bulkAdd(rows);
      counts[name] = rows.length;
    }
    // Not in backups (it is derived): which restored conversations are known only from their events.
    const read = new Set((restored.conversations as ConversationRecord[]).map((c) => c.convKey));
    const latest: LatestEvents = new Map();
    for (const [convKey, record] of conversationsFromEvents(restored.events as VerdictEvent[], (k) => read.has(k))) {
      latest.set(convKey, { at: record.current!.at, id: record.current!.id });
    }
    await replaceLatestEvents(db, latest);
    counts.conversations += latest.size; // the conversations restored, rows or not
    return counts;
  });
}

/** Stores a billed list and all its items in one transaction: never half a list. */
export async function saveBilledList(db: RecountDB, list: BilledList, items: readonly BilledItem[]): Promise<BilledList> {
  return db.transaction('rw', db.billedLists, db.billedItems, async () => {
    await db.billedLists.add(list);
    await db.billedItems.bulkAdd(items.map((item) => ({ ...item, listId: list.id })));
    return list;
  });
}

export async function deleteBilledList(db: RecountDB, id: string): Promise<void> {
  await db.transaction('rw', db.billedLists, db.billedItems, async () => {
    await db.billedItems.where('listId').equals(id).delete();
    await db.billedLists.delete(id);
  });
}

export async function billedItemsOf(db: RecountDB, listId: string): Promise<BilledItem[]> {
  return (await db.billedItems.where('listId').equals(listId).toArray()).map(({ pk: _pk, listId: _l, ...item }) => item as BilledItem);
}
