// The tag journal: tags kept in a store of their own until they are folded into the log, each as the next
// transaction over the log's stores. Two kinds of entry, under one key each (the event id):
// - a tag as a helpdesk tab made it (model/tag-intake.ts): the tab writes it to `storage.local` itself and shows
//   "Saved" once that write is committed, then asks the background to record it. The background records the tag
//   the usual way (tagging.ts) and drops the entry; an entry whose request never came (the tab closed at once, the
//   worker stopped) is folded here, planned at the chain's head then.
// - a tag the background planned while a team pull or an import holds the log: saved here, answered, folded right
//   after the bulk write's current transaction.
//
// Why: a tab's write to `storage.local` goes to the browser and back (about 1.5 ms here); a request to the
// background crosses two processes each way and waits on the worker's thread and on IndexedDB, which a pull keeps
// busy. IndexedDB runs write transactions over the same stores one after another, so a tag that touches the log
// while a pulled page of 2,000 events is being written waits for that page (130–230 ms here); `storage.local` is
// another engine. Elsewhere (the unit tests) a database of its own holds the journal. Entries are only ever added,
// folded, then deleted: nothing needs the journal and the log in one transaction, as a fold skips what the log
// already holds.
//
// The background's fold transaction is created the moment its entry is saved, before the tag is answered, so every
// read or write of the log asked for after the answer comes after the fold and sees the tag (IndexedDB orders
// transactions with overlapping stores by creation).
import { eventHash, GENESIS } from '../model/chain.mjs';
import { sha256hex } from '../model/hash';
import type { ConversationRecord } from '../model/records';
import { conversationKeyString, type VerdictEvent } from '../model/verdict';
import { ImportedEventSchema } from '../model/event-schema';
import { describeIssue, readTagIntake, TAG_JOURNAL_PREFIX, type TagIntake } from '../model/tag-intake';
import Dexie, { type EntityTable } from 'dexie';
import * as v from 'valibot';
import type { RecountDB } from './db';
import { installChainId } from './db';
import { conversationsFromEvents } from './event-only';
import { planTag, projectTag } from './tag-plan';
import { tallyDelta } from './tallies';
import { forgetTagMemory, rememberRow } from './tag-memory';

/** The latest link of a chain: its last event, or the tombstone of a deleted event if that came later. */
export async function chainHead(db: RecountDB, chain: string): Promise<{ seq: number; hash: string } | undefined> {
  const range = [[chain, Dexie.minKey], [chain, Dexie.maxKey]] as const;
  const [lastEvent, lastTombstone] = await Promise.all([
    db.events.where('[chain+seq]').between(...range).last(),
    db.tombstones.where('[chain+seq]').between(...range).last(),
  ]);
  return (lastTombstone?.seq ?? 0) > (lastEvent?.seq ?? 0) ? lastTombstone : lastEvent;
}

/** A tag the background planned while a bulk write held the log, until it is folded into the log. */
export interface PlannedEntry {
  id: string;
  event: VerdictEvent;
}

/** An entry of either kind, as written (a tab's entry is checked when it is read back: see readJournal). */
export type JournalRow = PlannedEntry | TagIntake;

/**
 * Where journal entries are kept: added one at a time (an entry under an id already there replaces it: the
 * background's plan of a tab's tag), read back after a stop or by id, deleted once folded. Entries come back as
 * stored, with the id their key names: a tab wrote some of them, so each is checked before it is folded.
 */
export interface JournalStore {
  add(entry: JournalRow): Promise<void>;
  all(): Promise<StoredEntry[]>;
  some(ids: readonly string[]): Promise<StoredEntry[]>;
  remove(ids: readonly string[]): Promise<void>;
}
export interface StoredEntry {
  id: string;
  value: unknown;
}

class JournalDB extends Dexie {
  entries!: EntityTable<JournalRow, 'id'>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ entries: 'id' });
  }
}

/** A journal in a database of its own beside the log, named after it. */
function databaseJournal(db: RecountDB): JournalStore {
  const journal = new JournalDB(`${db.name}-journal`);
  const stored = (rows: ReadonlyArray<JournalRow | undefined>) => rows.filter((row) => row !== undefined).map((row) => ({ id: row.id, value: row }));
  return {
    add: async (entry) => void (await journal.entries.put(entry)),
    all: async () => stored(await journal.entries.toArray()),
    some: async (ids) => stored(await journal.entries.bulkGet([...ids])),
    remove: (ids) => journal.entries.bulkDelete([...ids]),
  };
}

/** The journal's entries in storage.local, one key each: this prefix and the event's id. */
export const JOURNAL_STORAGE_PREFIX = TAG_JOURNAL_PREFIX;

const journals = new WeakMap<RecountDB, JournalStore>();

/** Keeps this log's journal in `store` (the background's storage.local). */
export function useJournal(db: RecountDB, store: JournalStore): void {
  journals.set(db, store);
}

export function journalOf(db: RecountDB): JournalStore {
  let journal = journals.get(db);
  if (!journal) journals.set(db, (journal = databaseJournal(db)));
  return journal;
}

/** Databases whose journal may hold entries no fold has taken (a fold failed, or the worker stopped first). */
const leftovers = new WeakMap<RecountDB, boolean>();

/**
 * Saves a planned tag in the journal (a transaction over the journal alone) and starts its fold. Resolves once the
 * entry is committed: the tag is then as safe as one written to the log.
 */
export async function writeToJournal(db: RecountDB, event: VerdictEvent): Promise<void> {
  await journalOf(db).add({ id: event.id, event });
  void foldJournal(db, [{ event }]);
}

/** A tab's journal entry still there this long after it was written: its request never came, so a fold takes it. */
export const UNANSWERED_TAB_ENTRY_MS = 2_000;

/** After a tab's tag was recorded by its request: its journal entry has done its job. */
export function dropTabJournalEntry(db: RecountDB, id: string): void {
  journalOf(db)
    .remove([id])
    .catch(() => undefined); // left behind, a later fold finds the event in the log and drops it then
}

/** An entry to fold: an event the background planned, or a tab's tag, planned when it is folded. */
type Pending = { event: VerdictEvent } | { intake: TagIntake };
const idOf = (p: Pending) => ('event' in p ? p.event.id : p.intake.id);
const timeOf = (p: Pending) => ('event' in p ? p.event.at : p.intake.at);

/**
 * Stored entries checked: a planned event must have every field of one, a tab's tag the fields of a request, each
 * under its own id. Any other entry is dropped with a warning naming its field: folding it could not be undone.
 */
async function checkedEntries(db: RecountDB, stored: readonly StoredEntry[]): Promise<Pending[]> {
  const pending: Pending[] = [];
  const refused: string[] = [];
  for (const { id, value } of stored) {
    const planned = value !== null && typeof value === 'object' && 'event' in value;
    const checked = planned ? checkPlannedEvent((value as { event: unknown }).event) : readTagIntake(value);
    const entryId = planned ? (value as { event: { id?: unknown } }).event?.id : (value as { id?: unknown } | null)?.id;
    if ('problem' in checked || entryId !== id) {
      refused.push(id);
      console.warn(`[Recount] a tag in the journal (id ${id.slice(0, 100)}) was not added to the log: ${'problem' in checked ? checked.problem : 'its id is not the one it is kept under'}`);
    } else pending.push(checked);
  }
  if (refused.length > 0) await journalOf(db).remove(refused);
  return pending;
}

function checkPlannedEvent(value: unknown): { event: VerdictEvent } | { problem: string } {
  const parsed = v.safeParse(ImportedEventSchema, value);
  return parsed.success ? { event: parsed.output as VerdictEvent } : { problem: describeIssue(parsed.issues[0]) };
}

/**
 * Moves journal entries into the log: each event added at the next position of this installation's chain (planned
 * there when it was saved; planned again if anything else took that position meanwhile — a deletion's tombstone, a
 * restore's new chain; a tab's tag is planned now, with the reviewer's name as the settings give it now), its
 * conversation's row and the figures' counts moved, as a tag does. An event already in the log (its request
 * recorded it, or a fold whose journal clean-up did not happen) is skipped. Entries leave the journal only after the
 * log has them; a failed fold leaves them for the next one.
 * `events`: the background's own plans, folded at once; `ids`: those entries, if still there; neither: all.
 */
export async function foldJournal(db: RecountDB, given?: readonly { event: VerdictEvent }[], ids?: readonly string[]): Promise<number> {
  try {
    // Created at once when the events are given (see the top of this file); otherwise the journal is read first.
    const pending: Pending[] = given ? [...given] : (await checkedEntries(db, await (ids ? journalOf(db).some(ids) : journalOf(db).all())));
    if (pending.length === 0) {
      if (!given && !ids) leftovers.set(db, false);
      return 0;
    }
    const anyIntake = pending.some((p) => 'intake' in p);
    const { added, rows, replanned } = await db.transaction('rw', [db.events, db.conversations, db.settings, db.tombstones, db.tallies], async () => {
      const [present, installRow, settingsRow] = await Promise.all([
        db.events.bulkGet(pending.map(idOf)),
        db.settings.get('install'),
        anyIntake ? db.settings.get('settings') : undefined,
      ]);
      const todo = pending.filter((_, i) => !present[i]).sort((a, b) => timeOf(a) - timeOf(b) || ('event' in a && 'event' in b ? a.event.seq - b.event.seq : 0));
      const rows = new Map<string, ConversationRecord>();
      if (todo.length === 0) return { added: 0, rows, replanned: false };
      const chain = installRow?.key === 'install' ? installRow.value.chainId : await installChainId(db);
      const settingsValue = settingsRow?.key === 'settings' ? settingsRow.value : undefined;
      let head = await chainHead(db, chain);
      let replanned = false;
      const convKeys = [...new Set(todo.map((p) => ('event' in p ? p.event.convKey : conversationKeyString(p.intake.input.key))))];
      const found = await db.conversations.bulkGet(convKeys);
      const known = new Map(convKeys.map((k, i) => [k, found[i]]));
      for (const item of todo) {
        const convKey = 'event' in item ? item.event.convKey : conversationKeyString(item.intake.input.key);
        const conversation = known.get(convKey);
        const fromEvents = conversation
          ? undefined
          : conversationsFromEvents(await db.events.where('convKey').equals(convKey).toArray(), () => false).get(convKey);
        let event: VerdictEvent;
        let row: ConversationRecord;
        if ('intake' in item) {
          // Planned now: the chain's head as it is, and no later than now (the tab's clock is this computer's).
          ({ event, row } = planTag(item.intake.input, { id: item.intake.id, now: Math.min(item.intake.at, Date.now()) }, settingsValue, chain, head, conversation, fromEvents));
          replanned = true; // the head the background remembers from its last tag has moved
        } else {
          event = item.event;
          const seq = (head?.seq ?? 0) + 1;
          const prevHash = head?.hash ?? GENESIS;
          if (event.chain !== chain || event.seq !== seq || event.prevHash !== prevHash) {
            const { hash: _planned, ...rest } = event;
            const moved = { ...rest, chain, seq, prevHash };
            event = { ...moved, hash: eventHash(moved as VerdictEvent, sha256hex) };
            replanned = true;
          }
          row = projectTag(event, conversation, fromEvents);
        }
        const delta = tallyDelta([[conversation ?? fromEvents, row]]);
        await Promise.all([db.events.add(event), db.conversations.put(row), delta ? db.tallies.add(delta) : undefined]);
        known.set(convKey, row);
        rows.set(convKey, row);
        head = { seq: event.seq, hash: event.hash };
      }
      return { added: todo.length, rows, replanned };
    });
    // Cleared after the log has the events (a crash between is skipped above).
    await journalOf(db).remove(pending.map(idOf));
    if (replanned) forgetTagMemory(db);
    for (const row of rows.values()) rememberRow(db, row);
    if (!given && !ids) leftovers.set(db, false);
    return added;
  } catch {
    leftovers.set(db, true);
    return 0;
  }
}

/**
 * Before a tag that reads the log first (the worker started afresh, or a fold failed): whatever the journal still
 * holds goes into the log, so the chain's head read next is the real one.
 */
export async function foldJournalLeftovers(db: RecountDB): Promise<void> {
  if (leftovers.get(db) === false) return;
  await foldJournal(db);
}
