// Restoring a backup: every table checked (backup-schema.ts), then the whole database replaced in one transaction.
import type { Tombstone } from '../model/chain.mjs';
import type { ConversationRecord } from '../model/records';
import { checkBackup, withoutBackupMeta } from './backup-schema';
import { conversationsFromEvents, latestCountOf, replaceLatestEvents, type LatestEvents } from './event-only';
import type { VerdictEvent } from '../model/verdict';
import type { RecountDB } from './db';
import { BACKUP_TABLES } from './db';
import { rebuildTallies } from './tallies';
import { startNewChain } from './signing';
import { forgetTagMemory } from './tag-memory';

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
  const tables = [...BACKUP_TABLES.map((name) => db.table(name)), db.eventOnly, db.tallies, db.keys];
  forgetTagMemory(db); // the settings and maybe the chain change: the next tag reads them again
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
      latest.set(convKey, { at: record.current!.at, id: record.current!.id, counts: latestCountOf(record.current!) });
    }
    await replaceLatestEvents(db, latest);
    await rebuildTallies(db);
    counts.conversations += latest.size; // the conversations restored, rows or not
    // The backup's own chain is continued here only if this browser's key owns it. Otherwise (a backup from another
    // profile, whose key stayed there: no key is ever in a backup) it is kept as it came, and this installation's
    // next tags start a chain of their own.
    const key = await db.keys.get('signing');
    const install = (restored.settings as Array<{ key: string; value: { chainId?: string } }>).find((r) => r.key === 'install');
    if (install && key?.ownChain !== install.value.chainId) await startNewChain(db, key ?? null);
    return counts;
  });
}
