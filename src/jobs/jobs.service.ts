import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { APP_CONFIG, AppConfig } from '../config/config';
import { dbErrorSummary } from '../common/database-errors';
import { endPoolAndWait } from '../database/pool-close';
import { runPgBossStatement } from './jobs.repository';

export type JobHandler<T> = (jobs: PgBoss.Job<T>[]) => Promise<void>;

interface Registration {
  queue: string;
  options: PgBoss.Queue;
  work?: { options: PgBoss.WorkOptions; handler: JobHandler<never> };
}

/**
 * Background jobs on pg-boss 10 (PostgreSQL, no Redis): jobs are claimed with SKIP LOCKED, so
 * several app instances can run side by side and each job runs once. Modules declare their
 * queues (and workers) in their own onModuleInit; the boss starts once every module is
 * initialised (onApplicationBootstrap) and stops gracefully on shutdown. With `jobs.enabled` off
 * (most tests) nothing is worked, and pg-boss starts only when something is sent.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('jobs');
  private boss?: PgBoss;
  private pool?: Pool;
  private readonly registrations = new Map<string, Registration>();
  private started?: Promise<PgBoss>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  /** Declare a queue; options such as retryLimit/retryDelay/retryBackoff apply to its jobs. */
  defineQueue(queue: string, options: PgBoss.Queue = { name: queue }): void {
    const existing = this.registrations.get(queue);
    this.registrations.set(queue, { ...existing, queue, options: { ...options, name: queue } });
  }

  /** Declare a worker; it starts with the boss. Handlers receive arrays of jobs (pg-boss 10). */
  defineWorker<T>(queue: string, options: PgBoss.WorkOptions, handler: JobHandler<T>): void {
    const reg = this.registrations.get(queue) ?? { queue, options: { name: queue } };
    reg.work = { options, handler: handler as JobHandler<never> };
    this.registrations.set(queue, reg);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.jobs.enabled) await this.start();
  }

  /** Starts pg-boss (idempotent), creates the declared queues and workers. */
  async start(): Promise<PgBoss> {
    this.started ??= (async () => {
      // pg-boss gets a pool of ours: every connection error is handled here (an idle connection
      // lost to a database restart is dropped, and the next query opens a new one), and on
      // shutdown the connections are known to be closed before the database is stopped.
      const pool = new Pool({
        connectionString: (this.db.options as PostgresConnectionOptions).url,
        max: 4,
        application_name: 'luister-jobs',
        connectionTimeoutMillis: 10_000,
      });
      pool.on('error', (e) => this.logger.warn({ err: dbErrorSummary(e) }, 'job queue connection lost'));
      this.pool = pool;
      // pg-boss's statements on pg-boss's own pool: a connection for a library, not application SQL.
      // eslint-disable-next-line no-restricted-syntax
      const boss = new PgBoss({ db: { executeSql: (text, values) => pool.query(text, values) } });
      // Maintenance, cron and worker errors: while the database is away these repeat until it is back.
      boss.on('error', (e) => this.logger.error({ err: dbErrorSummary(e) }, 'job queue error'));
      await boss.start();
      for (const r of this.registrations.values()) await boss.createQueue(r.queue, r.options);
      if (this.config.jobs.enabled) {
        for (const r of this.registrations.values())
          if (r.work) await boss.work(r.queue, r.work.options, r.work.handler);
      }
      this.boss = boss;
      return boss;
    })();
    // A start that failed (the database away at that moment) is tried again on the next call.
    const started = this.started;
    started.catch(() => {
      if (this.started === started) this.started = undefined;
    });
    return started;
  }

  async send<T extends object>(queue: string, data: T, options: PgBoss.SendOptions = {}): Promise<string | null> {
    const boss = await this.start();
    return boss.send(queue, data, options);
  }

  /**
   * Queues a job inside the caller's transaction: it exists exactly when the change that asked for
   * it commits (pg-boss runs its insert on the transaction's connection).
   */
  async sendInTransaction<T extends object>(
    m: EntityManager,
    queue: string,
    data: T,
    options: PgBoss.SendOptions = {},
  ): Promise<string | null> {
    const boss = await this.start();
    // pg-boss's own statement, whose rows pg-boss reads: passed through untouched.
    const db = {
      executeSql: async (text: string, values: unknown[]) => ({ rows: await runPgBossStatement(m, text, values) }),
    };
    return boss.send(queue, data, { ...options, db });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    const boss = await this.started.catch(() => undefined);
    await boss?.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
    if (this.pool) await endPoolAndWait(this.pool);
  }
}
