// How the dashboard's hooks follow the background's writes: Dexie tells every context of this origin which
// primary keys each write touched, and each hook re-reads only those, one piece of work at a time.
import Dexie, { cmp, RangeSet, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { RecountDB } from '../../utils/store/db';

/** Past this many touched keys, one full read is cheaper than patching. */
export const MAX_PATCHED = 500;

/** The keys a write touched, or 'all' when it touched a range (a clear, a delete by range) or too many keys. */
export function touchedKeys(trees: Array<IntervalTree | undefined>): string[] | 'all' {
  const keys = new Set<string>();
  for (const tree of trees) {
    if (!tree || tree.d === 0) continue;
    for (const range of RangeSet(tree)) {
      if (cmp(range.from, range.to) !== 0 || typeof range.from !== 'string') return 'all';
      keys.add(range.from);
      if (keys.size > MAX_PATCHED) return 'all';
    }
  }
  return [...keys];
}

/**
 * Calls `listener` after each write to `db` in any context, with what it touched of a table (Dexie lists an added
 * key under ":dels" too: it cannot tell an add from an overwrite). Returns the unsubscribe.
 */
export function onWrites(db: RecountDB, listener: (touched: (table: string) => string[] | 'all') => void): () => void {
  const onMutated = (parts: ObservabilitySet) => {
    listener((table) => {
      const prefix = `idb://${db.name}/${table}/`;
      return touchedKeys([parts[prefix], parts[`${prefix}:dels`]]);
    });
  };
  Dexie.on('storagemutated', onMutated);
  return () => Dexie.on('storagemutated').unsubscribe(onMutated);
}

/** Work run one piece at a time, in the order given: a patch never lands on a state older than itself. */
export function serialQueue(what: string): (work: () => Promise<void>) => void {
  let queue: Promise<unknown> = Promise.resolve();
  return (work) => {
    queue = queue.then(work).catch((error) => console.error(`[Recount] could not refresh ${what}`, error));
  };
}

/** How long a write waits for others before the readers that follow it read again. */
export const READ_GAP_MS = 150;

/**
 * Calls `run` once after writes that touched any of `tables`, at most once per READ_GAP_MS: writes that come while
 * one waits go in the same run (50 tags a second elsewhere make a few reads). Returns the unsubscribe.
 */
export function afterWritesTo(db: RecountDB, tables: readonly string[], run: () => void): () => void {
  let waiting = false;
  return onWrites(db, (touched) => {
    if (waiting) return;
    const moved = tables.some((table) => {
      const keys = touched(table);
      return keys === 'all' || keys.length > 0;
    });
    if (!moved) return;
    waiting = true;
    setTimeout(() => {
      waiting = false;
      run();
    }, READ_GAP_MS);
  });
}
