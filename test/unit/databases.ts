// Throwaway databases for a test file: a fresh one per call, all deleted after each test.
import { afterEach } from 'vitest';
import { RecountDB } from '../../utils/store/db';

export function freshDatabases(prefix: string): () => RecountDB {
  const made: RecountDB[] = [];
  let count = 0;
  afterEach(async () => {
    await Promise.all(made.splice(0).map((db) => db.delete()));
  });
  return () => {
    const db = new RecountDB(`${prefix}-${++count}`);
    made.push(db);
    return db;
  };
}
