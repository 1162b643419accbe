import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig, RetentionConfig } from '../config/config';
import { JobsService } from '../jobs/jobs.service';
import { erasures } from '../metrics/process-metrics';
import { eraseCases } from './case-erasure';
import { closedCaseMonthsOf, RetentionCounts, RetentionCutoffs, retentionCutoffs } from './retention-policy';
import * as repo from './retention.repository';

export const RETENTION_QUEUE = 'privacy-retention';

/** Where each organisation's closed cases are cut off, as the parameters of closedCases. */
interface ClosedCaseCutoffs extends repo.ClosedCaseParams {
  /** For the dry run and the audit row: which organisation is cut off where. */
  organisations: { code: string; closedCasesBefore: Date }[];
}

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

  /**
   * The closed-case cutoff of the platform and of every organisation with a retention period of its
   * own (`organisation.retention_closed_case_months`, within the platform's limit).
   */
  private async closedCaseCutoffs(now: Date, policy: RetentionConfig): Promise<ClosedCaseCutoffs> {
    const platform = retentionCutoffs(policy, now).closedCasesBefore;
    const own = await repo.organisationRetentionMonths(this.db);
    const organisations = own.flatMap((o) => {
      const months = closedCaseMonthsOf(policy.closedCaseMonths, o.months);
      const before = retentionCutoffs(
        { closedCaseMonths: months, rawMailDays: 0, quarantineDays: 0 },
        now,
      ).closedCasesBefore;
      return before ? [{ id: o.id, code: o.code, closedCasesBefore: before }] : [];
    });
    const all = [platform, ...organisations.map((o) => o.closedCasesBefore)].filter((d): d is Date => d !== null);
    return {
      latest: all.length ? new Date(Math.max(...all.map((d) => d.getTime()))) : null,
      organisationIds: organisations.map((o) => o.id),
      before: organisations.map((o) => o.closedCasesBefore),
      platform,
      organisations: organisations.map(({ code, closedCasesBefore }) => ({ code, closedCasesBefore })),
    };
  }

  /** What a run at `now` would erase, without changing anything. */
  async dryRun(
    now: Date,
    policy: RetentionConfig,
  ): Promise<{
    cutoffs: RetentionCutoffs;
    organisations: { code: string; closedCasesBefore: Date }[];
    counts: RetentionCounts;
  }> {
    const cutoffs = retentionCutoffs(policy, now);
    const closedCut = await this.closedCaseCutoffs(now, policy);
    const countClosed = async (count: (m: DataSource, cut: repo.ClosedCaseParams) => Promise<number>) =>
      closedCut.latest ? count(this.db, closedCut) : 0;
    const rawMailBefore = cutoffs.rawMailBefore;
    const quarantineBefore = cutoffs.quarantineBefore;
    const counts: RetentionCounts = {
      cases: await countClosed(repo.countClosedCases),
      messages: await countClosed(repo.countClosedCaseMessages),
      attachments: await countClosed(repo.countClosedCaseAttachments),
      caseRawMails: await countClosed(repo.countClosedCaseRawMails),
      // Mail of the cases erased above goes with them, so it is not counted twice.
      rawMailBytes: rawMailBefore ? await repo.countProcessedRawMails(this.db, rawMailBefore, closedCut) : 0,
      quarantined: quarantineBefore ? await repo.countQuarantinedMails(this.db, quarantineBefore) : 0,
    };
    return { cutoffs, organisations: closedCut.organisations, counts };
  }

  /** Applies the policy at `now` (the job passes the clock; tests pass theirs). */
  async run(now: Date, policy: RetentionConfig): Promise<RetentionCounts> {
    const cutoffs = retentionCutoffs(policy, now);
    const closedCut = await this.closedCaseCutoffs(now, policy);
    const counts: RetentionCounts = {
      cases: 0,
      messages: 0,
      attachments: 0,
      caseRawMails: 0,
      rawMailBytes: 0,
      quarantined: 0,
    };
    const batch = policy.batchSize;

    if (closedCut.latest) {
      for (;;) {
        const n = await this.db.transaction(async (m) => {
          const ids = await repo.claimClosedCases(m, batch, closedCut);
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
    const rawMailBefore = cutoffs.rawMailBefore;
    if (rawMailBefore) {
      // The bytes and the sender address go; size, hash, class, status and times stay for the mail log.
      counts.rawMailBytes = await this.inBatches(
        () => repo.eraseProcessedRawMailBytes(this.db, rawMailBefore, batch, now),
        batch,
      );
    }
    const quarantineBefore = cutoffs.quarantineBefore;
    if (quarantineBefore) {
      counts.quarantined = await this.inBatches(
        () => repo.deleteQuarantinedMails(this.db, quarantineBefore, batch),
        batch,
      );
    }
    await this.audit.record(null, {
      actorId: null,
      action: 'retention.run',
      data: {
        ...counts,
        closedCasesBefore: cutoffs.closedCasesBefore?.toISOString() ?? null,
        // Organisations keeping closed cases shorter: `code before`.
        organisationCutoffs: closedCut.organisations.map((o) => `${o.code} ${o.closedCasesBefore.toISOString()}`),
        rawMailBefore: cutoffs.rawMailBefore?.toISOString() ?? null,
        quarantineBefore: cutoffs.quarantineBefore?.toISOString() ?? null,
      },
    });
    return counts;
  }

  /** Runs one batch after another (each its own statement) until a batch comes back short. */
  private async inBatches(oneBatch: () => Promise<number>, batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await oneBatch();
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
