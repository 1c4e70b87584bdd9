// What the background remembers between tags (kept apart so that every writer of what a tag depends on — the
// settings, the chain — can make it forget), and whether a bulk write holds the log's stores right now.
import type { ConversationRecord } from '../model/records';
import type { RecountDB } from './db';

/**
 * What the last tag of this database read and wrote: the settings, the chain and its head. The next tag is planned
 * from it: checked against the database inside its own transaction, or (while a bulk write holds the log) when its
 * journal entry is folded into the log.
 */
export interface TagMemory {
  settingsJson: string;
  chain: string;
  head: { seq: number; hash: string } | undefined;
}
export const tagMemory = new WeakMap<RecountDB, TagMemory>();

/** The rows of the conversations the last tags touched, as JSON. */
export const rowMemory = new WeakMap<RecountDB, Map<string, string>>();
const REMEMBERED_ROWS = 20;

/** Rows with more transcript text than this are not remembered (their tags read first): memory stays small. */
const MAX_REMEMBERED_TEXT = 200_000;

export function rememberRow(db: RecountDB, row: ConversationRecord): void {
  let rows = rowMemory.get(db);
  if (!rows) rowMemory.set(db, (rows = new Map()));
  rows.delete(row.convKey);
  let text = 0;
  for (const m of row.transcript ?? []) text += m.text.length;
  if (text > MAX_REMEMBERED_TEXT) return;
  rows.set(row.convKey, JSON.stringify(row));
  if (rows.size > REMEMBERED_ROWS) rows.delete(rows.keys().next().value!);
}

export function forgetRow(db: RecountDB, convKey: string): void {
  rowMemory.get(db)?.delete(convKey);
}

/** After the settings or this installation's chain changed: the next tag reads them again. */
export function forgetTagMemory(db: RecountDB): void {
  tagMemory.delete(db);
}

const bulkWrites = new WeakMap<RecountDB, number>();

/**
 * Runs a write that holds the log's stores for a long while (a merged page of a team pull, an import): tags that
 * come meanwhile go to the journal instead of waiting for it (see tag-journal.ts).
 */
export async function asBulkWrite<T>(db: RecountDB, write: () => Promise<T>): Promise<T> {
  bulkWrites.set(db, (bulkWrites.get(db) ?? 0) + 1);
  try {
    return await write();
  } finally {
    const left = (bulkWrites.get(db) ?? 1) - 1;
    if (left > 0) bulkWrites.set(db, left);
    else bulkWrites.delete(db);
  }
}

export function bulkWriteRunning(db: RecountDB): boolean {
  return (bulkWrites.get(db) ?? 0) > 0;
}
