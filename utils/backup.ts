// Whole-database backups in dexie-export-import's format. Decoding goes through a scratch database so that
// every value the format encodes (shared references, special types) comes back exactly as it was stored; the
// background then checks the tables and writes them all in one transaction.
import Dexie from 'dexie';
import { exportDB, importDB, peakImportFile } from 'dexie-export-import';
import { DB_NAME, type RecountDB } from './db';

export async function backupBlob(db: RecountDB): Promise<Blob> {
  // The event-only index is derived from the events; a restore builds it again.
  return exportDB(db, { prettyJson: false, skipTables: ['eventOnly'] });
}

/** Reads a backup file into plain tables, naming what is wrong with it. Needs a page (FileReader). */
export async function decodeBackup(file: Blob, databaseName = DB_NAME): Promise<{ tables: Record<string, unknown[]> }> {
  // dexie-export-import's reader is forgiving; a backup must be exactly what was written: one JSON object, whole.
  const head = await file.slice(0, 1).text();
  const tail = (await file.slice(Math.max(0, file.size - 16)).text()).trimEnd();
  if (head !== '{' || !tail.endsWith('}}')) throw new Error('Not a backup: it does not start and end as a Recount backup does (cut short, or another file)');
  let meta;
  try {
    meta = await peakImportFile(file);
  } catch (error) {
    throw new Error(`Not a backup: ${(error as Error).message}`);
  }
  if (meta?.formatName !== 'dexie' || meta.data?.databaseName !== databaseName) {
    throw new Error(`Not a backup of Recount: formatName must be "dexie" and databaseName "${databaseName}"`);
  }
  const scratchName = `recount-restore-${crypto.randomUUID()}`;
  let scratch: Dexie | null = null;
  let tables: Record<string, unknown[]>;
  try {
    scratch = await importDB(file, { name: scratchName });
    tables = {};
    for (const table of scratch.tables) tables[table.name] = await table.toArray();
  } catch (error) {
    throw new Error(`Not restorable: ${(error as Error).message}`);
  } finally {
    scratch?.close();
    await Dexie.delete(scratchName);
  }
  // A file cut short can still decode: every table the backup declares must be there with all its rows.
  for (const declared of meta.data.tables) {
    const rows = tables[declared.name]?.length ?? 0;
    if (rows !== declared.rowCount) {
      throw new Error(`Not restorable: table ${declared.name} has ${rows} row(s) where the backup declares ${declared.rowCount} (cut short or edited)`);
    }
  }
  return { tables };
}
