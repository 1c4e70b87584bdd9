// Adapter health: which page markers failed on which host page, and when a read last worked (Diagnostics).
import type { HealthRecord } from '../model/records';
import type { Vendor } from '../model/verdict';
import type { RecountDB } from './db';
import { healthId } from './db';

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
