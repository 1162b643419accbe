import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { translate } from '../common/i18n/i18n';
import { APP_CONFIG, AppConfig } from '../config/config';
import { JobsService } from '../jobs/jobs.service';
import { insertSystemNote } from './case-actions.repository';
import { recordCaseEvent } from './case-events';
import { silentCases } from './cases.repository';
import { CasesService } from './cases.service';

export const AUTO_CLOSE_QUEUE = 'case-auto-close';

/**
 * Closes cases that have waited on the help-seeker for their region's `auto_close_days` (default
 * 14; null: never), once a day. Waiting since: the later of the case's last message and its last
 * status change. Each case closes through CasesService.changeStatus (event, SLA, lock freed) with a
 * `case.auto_closed` event and a system note on the timeline; a new message opens it again as any
 * closed case (CasesService.addInboundMessage).
 *
 * Safe with several instances: pg-boss runs one job per schedule, and each batch takes its cases
 * FOR UPDATE SKIP LOCKED with `status = 'waiting'` re-checked under the lock, so a case another run
 * (or a worker, or a new message) got to first is left alone.
 */
@Injectable()
export class CaseAutoCloseService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('cases');

  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly cases: CasesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue(AUTO_CLOSE_QUEUE, { name: AUTO_CLOSE_QUEUE, policy: 'singleton', retryLimit: 2 });
    this.jobs.defineWorker(AUTO_CLOSE_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
      const r = await this.run(new Date());
      if (r.closed) this.logger.log({ ...r }, 'silent cases closed');
    });
  }

  /** Daily at 02:30 UTC; one schedule in the database, so N instances send one job. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    const boss = await this.jobs.start();
    await boss.schedule(AUTO_CLOSE_QUEUE, '30 2 * * *');
  }

  /** Closes every case silent long enough at `now` (the controlled clock in tests), in batches. */
  async run(now: Date, batchSize = 200): Promise<{ closed: number }> {
    let closed = 0;
    for (;;) {
      const n = await this.db.transaction(async (m) => {
        const due = await silentCases(m, now, batchSize);
        for (const c of due) {
          await this.cases.changeStatus(m, c, 'closed', undefined, now);
          await recordCaseEvent(m, {
            caseId: c.id,
            type: 'case.auto_closed',
            regionId: c.region_id,
            occurredAt: now,
            data: { days: c.days },
          });
          // The timeline's note, in the staff's default language; the system wrote it (no author).
          await insertSystemNote(m, c.id, translate('nl', 'autoClose.note', { days: String(c.days) }), now);
        }
        return due.length;
      });
      closed += n;
      if (n < batchSize) return { closed };
    }
  }
}
