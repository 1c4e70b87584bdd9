// A tag that comes while a team pull or an import is writing: saved at once in a store of its own (the journal),
// answered, and folded into the log as the next transaction over the log's stores.
//
// Why: IndexedDB runs write transactions over the same stores one after another, so a tag that touches the log
// while a pulled page of 2,000 events is being written waits for that page (130–230 ms here); and one origin's
// IndexedDB works through its requests one at a time, so even a write to another database waited 15 ms at the
// median behind a pull's requests. The extension's key-value storage (`storage.local`) is another engine: a write
// there took about 1 ms meanwhile. So the background keeps its journal there (see useJournal); elsewhere (the unit
// tests) a database of its own holds it. Entries are only ever added, folded, then deleted: nothing needs the
// journal and the log in one transaction, as a fold skips what the log already holds.
//
// The fold's transaction is created the moment the journal entry is saved, before the tag is answered, so every
// read or write of the log asked for after the answer comes after the fold and sees the tag (IndexedDB orders
// transactions with overlapping stores by creation).
import { eventHash, GENESIS } from '../model/chain.mjs';
import { sha256hex } from '../model/hash';
import type { ConversationRecord } from '../model/records';
import { compareEvents, type VerdictEvent } from '../model/verdict';
import Dexie, { type EntityTable } from 'dexie';
import type { RecountDB } from './db';
import { installChainId } from './db';
import { conversationsFromEvents, foldEvent } from './event-only';
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

/**
 * The conversation row after a tag: its current verdict is the later of the row's and the tag's. Without a row,
 * what the conversation's events (merged from other logs) say of it, if it has any.
 */
export function projectTag(event: VerdictEvent, conversation: ConversationRecord | undefined, fromEvents?: ConversationRecord): ConversationRecord {
  if (!conversation) return foldEvent(fromEvents, event); // tagged before any read reached us
  const current = conversation.current && compareEvents(conversation.current, event) > 0 ? conversation.current : event;
  return { ...conversation, current };
}

/** A tag saved while a bulk write held the log, until it is folded into the log. */
export interface JournalRow {
  id: string;
  event: VerdictEvent;
}

/** Where journal entries are kept: added one at a time, read back all at once after a stop, deleted once folded. */
export interface JournalStore {
  add(entry: JournalRow): Promise<void>;
  all(): Promise<JournalRow[]>;
  remove(ids: readonly string[]): Promise<void>;
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
  return {
    add: async (entry) => void (await journal.entries.add(entry)),
    all: () => journal.entries.toArray(),
    remove: (ids) => journal.entries.bulkDelete([...ids]),
  };
}

/** The background's journal entries in storage.local, one key each: this prefix and the event's id. */
export const JOURNAL_STORAGE_PREFIX = 'recount.tagJournal.';

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
  void foldJournal(db, [event]);
}

/**
 * Moves journal entries into the log: each event added at the next position of this installation's chain (planned
 * there when it was saved; planned again if anything else took that position meanwhile — a deletion's tombstone, a
 * restore's new chain), its conversation's row and the figures' counts moved, as a tag does. An event already in the
 * log (a fold whose journal clean-up did not happen) is skipped. Entries leave the journal only after the log has
 * them; a failed fold leaves them for the next one.
 */
export async function foldJournal(db: RecountDB, events?: readonly VerdictEvent[]): Promise<number> {
  try {
    // Created at once when the events are given (see the top of this file); a recovery reads the journal first.
    const pending = events ?? (await journalOf(db).all()).map((row) => row.event);
    if (pending.length === 0) {
      leftovers.set(db, false);
      return 0;
    }
    const { added, rows, replanned } = await db.transaction('rw', [db.events, db.conversations, db.settings, db.tombstones, db.tallies], async () => {
      const ids = pending.map((e) => e.id);
      const [present, installRow] = await Promise.all([db.events.bulkGet(ids), db.settings.get('install')]);
      const todo = pending.filter((_, i) => !present[i]).sort((a, b) => a.seq - b.seq);
      const rows = new Map<string, ConversationRecord>();
      if (todo.length === 0) return { added: 0, rows, replanned: false };
      const chain = installRow?.key === 'install' ? installRow.value.chainId : await installChainId(db);
      let head = await chainHead(db, chain);
      let replanned = false;
      const convKeys = [...new Set(todo.map((e) => e.convKey))];
      const found = await db.conversations.bulkGet(convKeys);
      const known = new Map(convKeys.map((k, i) => [k, found[i]]));
      for (const planned of todo) {
        let event = planned;
        const seq = (head?.seq ?? 0) + 1;
        const prevHash = head?.hash ?? GENESIS;
        if (planned.chain !== chain || planned.seq !== seq || planned.prevHash !== prevHash) {
          const { hash: _planned, ...rest } = planned;
          const moved = { ...rest, chain, seq, prevHash };
          event = { ...moved, hash: eventHash(moved as VerdictEvent, sha256hex) };
          replanned = true;
        }
        const conversation = known.get(event.convKey);
        const fromEvents = conversation
          ? undefined
          : conversationsFromEvents(await db.events.where('convKey').equals(event.convKey).toArray(), () => false).get(event.convKey);
        const row = projectTag(event, conversation, fromEvents);
        const delta = tallyDelta([[conversation ?? fromEvents, row]]);
        await Promise.all([db.events.add(event), db.conversations.put(row), delta ? db.tallies.add(delta) : undefined]);
        known.set(event.convKey, row);
        rows.set(event.convKey, row);
        head = { seq: event.seq, hash: event.hash };
      }
      return { added: todo.length, rows, replanned };
    });
    // Cleared after the log has the events (a crash between is skipped above).
    await journalOf(db).remove(pending.map((e) => e.id));
    if (replanned) forgetTagMemory(db);
    for (const row of rows.values()) rememberRow(db, row);
    if (!events) leftovers.set(db, false);
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
