import { DataSource, EntityManager } from 'typeorm';
import { scanSlaBatch, type ScanNotified, type ScanResult } from './case-sla.repository';

export type { ScanNotified, ScanResult } from './case-sla.repository';

/** Runs in the batch's transaction with whom it must tell (notifications, e-mail), so both commit or neither. */
export type OnNotified = (m: EntityManager, notified: ScanNotified[]) => Promise<unknown>;

/** Scans in batches until no case's check time has come at `now` (see SlaWarningService). */
export async function scanSlaChecks(
  db: DataSource,
  now: Date,
  batchSize = 1000,
  onNotified?: OnNotified,
): Promise<ScanResult> {
  const total: ScanResult = { checked: 0, warnings: 0, breaches: 0 };
  for (;;) {
    const r = onNotified
      ? await db.transaction(async (m) => {
          const b = await scanBatch(m, now, batchSize);
          if (b.notified.length) await onNotified(m, b.notified);
          return b;
        })
      : await scanBatch(db.manager, now, batchSize);
    total.checked += r.checked;
    total.warnings += r.warnings;
    total.breaches += r.breaches;
    if (r.checked < batchSize) return total;
  }
}

async function scanBatch(
  db: EntityManager,
  now: Date,
  limit: number,
): Promise<ScanResult & { notified: ScanNotified[] }> {
  const row = await scanSlaBatch(db, now, limit);
  return { checked: row.checked, warnings: row.warnings, breaches: row.breaches, notified: row.notified };
}
