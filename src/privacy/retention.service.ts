import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig, RetentionConfig } from '../config/config';
import { JobsService } from '../jobs/jobs.service';
import { erasures } from '../metrics/process-metrics';
import { eraseCases } from './case-erasure';
import { RetentionCounts, RetentionCutoffs, retentionCutoffs } from './retention-policy';

export const RETENTION_QUEUE = 'privacy-retention';

const CLOSED_CASES = `status = 'closed' AND erased_at IS NULL AND updated_at < $1`;
const PROCESSED_MAIL = `status = 'processed' AND bytes_erased_at IS NULL AND received_at < $1`;
const QUARANTINED_MAIL = `status = 'quarantined' AND received_at < $1`;

/**
 * The retention policy: each rule walks its partial index in batches, one transaction per batch;
 * rows are claimed with SKIP LOCKED, so two instances (or a manual run beside the job) share the
 * work instead of doing it twice. A run writes one audit row with its counts.
 */
export class RetentionRunner {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** What a run at `now` would erase, without changing anything. */
  async dryRun(now: Date, policy: RetentionConfig): Promise<{ cutoffs: RetentionCutoffs; counts: RetentionCounts }> {
    const cutoffs = retentionCutoffs(policy, now);
    const count = async (sql: string, before: Date | null, ...more: (Date | null)[]): Promise<number> =>
      before ? Number((await this.db.query(sql, [before, ...more.filter((d) => d)]))[0].n) : 0;
    const closed = `SELECT id FROM cases WHERE ${CLOSED_CASES}`;
    const counts: RetentionCounts = {
      cases: await count(`SELECT count(*)::int AS n FROM (${closed}) c`, cutoffs.closedCasesBefore),
      messages: await count(
        `SELECT count(*)::int AS n FROM message WHERE case_id IN (${closed}) AND body_text <> ''`,
        cutoffs.closedCasesBefore,
      ),
      attachments: await count(
        `SELECT count(*)::int AS n FROM mail_attachment a JOIN message m ON m.id = a.message_id WHERE m.case_id IN (${closed})`,
        cutoffs.closedCasesBefore,
      ),
      caseRawMails: await count(
        `SELECT count(*)::int AS n FROM raw_mail WHERE case_id IN (${closed})`,
        cutoffs.closedCasesBefore,
      ),
      // Mail of the cases erased above goes with them, so it is not counted twice.
      rawMailBytes: await count(
        `SELECT count(*)::int AS n FROM raw_mail WHERE ${PROCESSED_MAIL}` +
          (cutoffs.closedCasesBefore
            ? ` AND (case_id IS NULL OR case_id NOT IN (SELECT id FROM cases WHERE ${CLOSED_CASES.replace('$1', '$2')}))`
            : ''),
        cutoffs.rawMailBefore,
        cutoffs.closedCasesBefore,
      ),
      quarantined: await count(
        `SELECT count(*)::int AS n FROM raw_mail WHERE ${QUARANTINED_MAIL}`,
        cutoffs.quarantineBefore,
      ),
    };
    return { cutoffs, counts };
  }

  /** Applies the policy at `now` (the job passes the clock; tests pass theirs). */
  async run(now: Date, policy: RetentionConfig): Promise<RetentionCounts> {
    const cutoffs = retentionCutoffs(policy, now);
    const counts: RetentionCounts = {
      cases: 0,
      messages: 0,
      attachments: 0,
      caseRawMails: 0,
      rawMailBytes: 0,
      quarantined: 0,
    };
    const batch = policy.batchSize;

    if (cutoffs.closedCasesBefore) {
      for (;;) {
        const n = await this.db.transaction(async (m) => {
          const ids: string[] = (
            await m.query(
              `SELECT id FROM cases WHERE ${CLOSED_CASES} ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
              [cutoffs.closedCasesBefore, batch],
            )
          ).map((r: { id: string }) => r.id);
          const erased = await eraseCases(m, ids, 'retention', now);
          counts.cases += erased.cases;
          counts.messages += erased.messages;
          counts.attachments += erased.attachments;
          counts.caseRawMails += erased.rawMails;
          return { n: ids.length, erased: erased.cases };
        });
        erasures.inc({ by: 'retention' }, n.erased);
        if (n.n < batch) break;
      }
    }
    if (cutoffs.rawMailBefore) {
      // The bytes and the sender address go; size, hash, class, status and times stay for the mail log.
      counts.rawMailBytes = await this.inBatches(
        `UPDATE raw_mail SET bytes = '\\x'::bytea, mail_from = '', bytes_erased_at = $3
          WHERE id IN (SELECT id FROM raw_mail WHERE ${PROCESSED_MAIL} ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoffs.rawMailBefore, batch, now],
        batch,
      );
    }
    if (cutoffs.quarantineBefore) {
      counts.quarantined = await this.inBatches(
        `DELETE FROM raw_mail WHERE id IN (SELECT id FROM raw_mail WHERE ${QUARANTINED_MAIL} ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoffs.quarantineBefore, batch],
        batch,
      );
    }
    await this.audit.record(null, {
      actorId: null,
      action: 'retention.run',
      data: {
        ...counts,
        closedCasesBefore: cutoffs.closedCasesBefore?.toISOString() ?? null,
        rawMailBefore: cutoffs.rawMailBefore?.toISOString() ?? null,
        quarantineBefore: cutoffs.quarantineBefore?.toISOString() ?? null,
      },
    });
    return counts;
  }

  private async inBatches(sql: string, params: unknown[], batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await this.db.query(sql, params);
      const n = Array.isArray(r) && typeof r[1] === 'number' ? r[1] : 0;
      total += n;
      if (n < batch) return total;
    }
  }
}

/** The daily job around RetentionRunner. */
@Injectable()
export class RetentionService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('retention');
  private readonly runner: RetentionRunner;

  constructor(
    db: DataSource,
    audit: AuditService,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.runner = new RetentionRunner(db, audit);
  }

  onModuleInit(): void {
    this.jobs.defineQueue(RETENTION_QUEUE, {
      name: RETENTION_QUEUE,
      policy: 'singleton',
      retryLimit: 2,
      retryDelay: 300,
    });
    this.jobs.defineWorker(RETENTION_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
      await this.run(new Date());
    });
  }

  /** Daily; pg-boss keeps one schedule in the database, so N instances send one job. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    const boss = await this.jobs.start();
    await boss.schedule(RETENTION_QUEUE, this.config.retention.cron);
  }

  dryRun(now: Date, policy: RetentionConfig = this.config.retention) {
    return this.runner.dryRun(now, policy);
  }

  async run(now: Date, policy: RetentionConfig = this.config.retention): Promise<RetentionCounts> {
    const counts = await this.runner.run(now, policy);
    this.logger.log({ ...counts }, 'retention run');
    return counts;
  }
}
