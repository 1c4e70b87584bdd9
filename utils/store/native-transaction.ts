// One read-write transaction of bare IndexedDB requests on the connection Dexie opened, for the one write an agent
// waits on (a tag): Dexie's promise wrapping around a transaction cost about as much as the transaction itself
// (docs/benchmarks.md). Open pages are told what it changed in the form Dexie tells them of its own writes, so
// their live queries and patched views follow it like any other write.
import Dexie, { RangeSet, type ObservabilitySet } from 'dexie';
import type { RecountDB } from './db';

export interface NativeWrite {
  table: string;
  kind: 'add' | 'put';
  value: object;
}

/**
 * A read of the state before the writes: the request's result when it succeeds (a cursor's value for a cursor).
 * `store.get(key)`, `index.openCursor(range, 'prev')` and the like.
 */
export type NativeRead = (tx: IDBTransaction) => IDBRequest;

/**
 * Issues `reads`, then `writes`, in one transaction on `stores`. Requests run in the order issued, so the reads see
 * the state before the writes; `keep` is called with their results before the commit, and returning false aborts
 * the transaction: nothing is written. Resolves true when committed; false when `keep` refused, IndexedDB refused a
 * request (an add of a key that exists), or the connection is closed or changing version — a caller then writes
 * the careful way, through Dexie.
 */
export function writeInOneTransaction(
  db: RecountDB,
  stores: readonly string[],
  reads: readonly NativeRead[],
  writes: readonly NativeWrite[],
  keep: (results: unknown[]) => boolean,
): Promise<boolean> {
  const connection = db.isOpen() ? db.backendDB() : null;
  if (!connection) return Promise.resolve(false);
  let tx: IDBTransaction;
  try {
    tx = connection.transaction([...stores], 'readwrite');
  } catch {
    return Promise.resolve(false); // closed meanwhile, or a version change under way
  }
  return new Promise((resolve) => {
    const results: unknown[] = new Array(reads.length);
    let last: IDBRequest | undefined;
    tx.oncomplete = () => {
      resolve(true);
      if (writes.length > 0) Dexie.on('storagemutated').fire(changesOf(db, writes));
    };
    // A refused request aborts the transaction (its error is not prevented); an abort by `keep` comes here too.
    tx.onabort = () => resolve(false);
    try {
      reads.forEach((read, i) => {
        const request = (last = read(tx));
        request.onsuccess = () => {
          const result = request.result;
          results[i] = result instanceof IDBCursorWithValue ? result.value : result;
        };
      });
      for (const { table, kind, value } of writes) last = kind === 'add' ? tx.objectStore(table).add(value) : tx.objectStore(table).put(value);
    } catch {
      // A request IndexedDB would not take (a value it cannot clone, a bad key): none of the others may stay.
      tx.abort();
      return;
    }
    // Every request before the last has succeeded when the last has: the check comes while the transaction is open.
    const check = () => {
      if (!keep(results)) tx.abort();
    };
    if (!last) check();
    else {
      const own = last.onsuccess;
      last.onsuccess = (event) => {
        own?.call(last!, event);
        check();
      };
    }
  });
}

/**
 * What Dexie's observability layer would record for the same adds and puts (with no earlier copy at hand): the
 * primary keys, under ":dels" as well, and each index's keys of the new values.
 */
export function changesOf(db: RecountDB, writes: readonly NativeWrite[]): ObservabilitySet {
  const parts: ObservabilitySet = {};
  const rangeSet = (table: string, part: string) => (parts[`idb://${db.name}/${table}/${part}`] ??= new RangeSet()) as RangeSet;
  for (const { table, value } of writes) {
    const schema = db.core.schema.tables.find((t) => t.name === table);
    if (!schema) throw new Error(`No table ${table} in ${db.name}`);
    const key = schema.primaryKey.extractKey?.(value);
    if (key === undefined) throw new Error(`${table} has no inline primary key`); // only inline keys are written here
    rangeSet(table, '').addKey(key);
    rangeSet(table, ':dels').addKey(key);
    for (const index of schema.indexes) {
      const indexKey = index.extractKey?.(value);
      if (indexKey == null) continue;
      if (index.multiEntry && Array.isArray(indexKey)) for (const k of indexKey) rangeSet(table, index.name!).addKey(k);
      else rangeSet(table, index.name!).addKey(indexKey);
    }
  }
  return parts;
}
