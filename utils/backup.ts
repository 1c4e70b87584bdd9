// Whole-database backups in dexie-export-import's format. Decoding goes through a scratch database so that
// every value the format encodes (shared references, special types) comes back exactly as it was stored; the
// background then checks the tables and writes them all in one transaction.
import Dexie from 'dexie';
import { exportDB, importDB, peakImportFile } from 'dexie-export-import';
import { DB_NAME, type RecountDB } from './db';

export async function backupBlob(db: RecountDB): Promise<Blob> {
  return exportDB(db, { prettyJson: false });
}

/** Reads a backup file into plain tables, naming what is wrong with it. Needs a page (FileReader). */
export async function decodeBackup(file: Blob, databaseName = DB_NAME): Promise<{ tables: Record<string, unknown[]> }> {
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
  try {
    scratch = await importDB(file, { name: scratchName });
    const tables: Record<string, unknown[]> = {};
    for (const table of scratch.tables) tables[table.name] = await table.toArray();
    return { tables };
  } catch (error) {
    throw new Error(`Not restorable: ${(error as Error).message}`);
  } finally {
    scratch?.close();
    await Dexie.delete(scratchName);
  }
}
