import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { JobsService } from '../jobs/jobs.service';
import { scanSlaChecks } from './sla-scan';
import { SLA_STAFF_ALERTS, type SlaStaffAlerts } from './sla-staff-alerts';

export const SLA_SCAN_QUEUE = 'sla-scan';

export type { ScanResult } from './sla-scan';
import type { ScanResult } from './sla-scan';

/**
 * Finds cases whose warning threshold or due time has come and tells staff once.
 *
 * Each case carries `sla_check_at` (its warning instant, then its due time, then nothing), kept by
 * SlaService beside the indexed due columns, so a scan reads only the cases whose moment has
 * come. One statement per batch claims them with SKIP LOCKED, writes a notice keyed by (case,
 * kind, start of the target's clock) — the key that makes a second instance, a retry or a
 * recomputed due time send nothing twice — and, only for notices it really inserted, the case event and
 * whom to tell: the assigned worker (or the region's team when nobody is assigned) and, on a
 * breach, an escalation to the region's supervisors. The SLA_STAFF_ALERTS port (src/notifications)
 * turns that into in-app notifications and, as each person chose, a content-free e-mail.
 */
@Injectable()
export class SlaWarningService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('sla');

  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobsService,
    @Inject(SLA_STAFF_ALERTS) private readonly staffMail: SlaStaffAlerts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue(SLA_SCAN_QUEUE, { name: SLA_SCAN_QUEUE, policy: 'singleton', retryLimit: 2 });
    this.jobs.defineWorker(SLA_SCAN_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
      const r = await this.scan(new Date());
      if (r.warnings || r.breaches) this.logger.log({ ...r }, 'sla scan');
    });
  }

  /** Every minute; pg-boss keeps one schedule in the database, so N instances send one job. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    const boss = await this.jobs.start();
    await boss.schedule(SLA_SCAN_QUEUE, '* * * * *');
  }

  /** Scans in batches until no case's check time has come at `now`; each batch queues its staff e-mails in its own transaction. */
  scan(now: Date, batchSize = 1000): Promise<ScanResult> {
    return scanSlaChecks(this.db, now, batchSize, (m, notified) => this.staffMail.enqueue(m, notified));
  }
}
