import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig, RetentionConfig } from '../config/config';
import { JobsService } from '../jobs/jobs.service';
import { erasures } from '../metrics/process-metrics';
import { eraseCases } from './case-erasure';
import { closedCaseMonthsOf, RetentionCounts, RetentionCutoffs, retentionCutoffs } from './retention-policy';
import * as sql from '../database/sql';

export const RETENTION_QUEUE = 'privacy-retention';

/**
 * Closed cases (alias `c`) past their retention: their organisation's period when it has one, else
 * the platform's. Parameters from $p: the latest cutoff of all (so the partial index bounds the
 * scan), the organisations with a period of their own, their cutoffs, the platform's cutoff.
 */
const closedCases = (p: number) => `c.status = 'closed' AND c.erased_at IS NULL AND c.updated_at < $${p}
  AND c.updated_at < COALESCE(
    (SELECT o.before FROM region r JOIN unnest($${p + 1}::int[], $${p + 2}::timestamptz[]) AS o (id, before) ON o.id = r.organisation_id
      WHERE r.id = c.region_id),
    $${p + 3}::timestamptz)`;

/** Where each organisation's closed cases are cut off, as the parameters of closedCases. */
interface ClosedCaseCutoffs {
  /** The latest cutoff of all; null: no closed case is erased at all. */
  latest: Date | null;
  organisationIds: number[];
  before: Date[];
  platform: Date | null;
  /** For the dry run and the audit row: which organisation is cut off where. */
  organisations: { code: string; closedCasesBefore: Date }[];
}
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

  /**
   * The closed-case cutoff of the platform and of every organisation with a retention period of its
   * own (`organisation.retention_closed_case_months`, within the platform's limit).
   */
  private async closedCaseCutoffs(now: Date, policy: RetentionConfig): Promise<ClosedCaseCutoffs> {
    const platform = retentionCutoffs(policy, now).closedCasesBefore;
    const own = await sql.rows<{ id: number; code: string; months: number }>(
      this.db,
      `SELECT id, code, retention_closed_case_months AS months FROM organisation
        WHERE retention_closed_case_months IS NOT NULL ORDER BY code`,
    );
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
    const closedParams = [closedCut.latest, closedCut.organisationIds, closedCut.before, closedCut.platform];
    const closed = `SELECT c.id FROM cases c WHERE ${closedCases(1)}`;
    const countClosed = async (text: string): Promise<number> =>
      closedCut.latest ? Number((await sql.only<{ n: number }>(this.db, text, closedParams)).n) : 0;
    const count = async (text: string, params: unknown[]): Promise<number> =>
      params[0] ? Number((await sql.only<{ n: number }>(this.db, text, params)).n) : 0;
    const counts: RetentionCounts = {
      cases: await countClosed(`SELECT count(*)::int AS n FROM (${closed}) x`),
      messages: await countClosed(
        `SELECT count(*)::int AS n FROM message WHERE case_id IN (${closed}) AND body_text <> ''`,
      ),
      attachments: await countClosed(
        `SELECT count(*)::int AS n FROM mail_attachment a JOIN message m ON m.id = a.message_id WHERE m.case_id IN (${closed})`,
      ),
      caseRawMails: await countClosed(`SELECT count(*)::int AS n FROM raw_mail WHERE case_id IN (${closed})`),
      // Mail of the cases erased above goes with them, so it is not counted twice.
      rawMailBytes: await count(
        `SELECT count(*)::int AS n FROM raw_mail WHERE ${PROCESSED_MAIL}` +
          (closedCut.latest
            ? ` AND (case_id IS NULL OR case_id NOT IN (SELECT c.id FROM cases c WHERE ${closedCases(2)}))`
            : ''),
        closedCut.latest ? [cutoffs.rawMailBefore, ...closedParams] : [cutoffs.rawMailBefore],
      ),
      quarantined: await count(`SELECT count(*)::int AS n FROM raw_mail WHERE ${QUARANTINED_MAIL}`, [
        cutoffs.quarantineBefore,
      ]),
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
          const ids: string[] = (
            await sql.rows<{ id: string }>(
              m,
              `SELECT c.id FROM cases c WHERE ${closedCases(2)} ORDER BY c.updated_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
              [batch, closedCut.latest, closedCut.organisationIds, closedCut.before, closedCut.platform],
            )
          ).map((r) => r.id);
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
        // Organisations keeping closed cases shorter: `code before`.
        organisationCutoffs: closedCut.organisations.map((o) => `${o.code} ${o.closedCasesBefore.toISOString()}`),
        rawMailBefore: cutoffs.rawMailBefore?.toISOString() ?? null,
        quarantineBefore: cutoffs.quarantineBefore?.toISOString() ?? null,
      },
    });
    return counts;
  }

  private async inBatches(text: string, params: unknown[], batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await sql.count(this.db, text, params);
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
