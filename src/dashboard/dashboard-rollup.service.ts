import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { JobsService } from '../jobs/jobs.service';
import { DashboardRollup, RollUpResult } from './dashboard-rollup';

export const DASHBOARD_ROLLUP_QUEUE = 'dashboard-rollup';

/** Runs the roll-up as a pg-boss job: on a schedule, and once at start so a fresh install has figures. */
@Injectable()
export class DashboardRollupService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('dashboard');
  readonly rollup: DashboardRollup;

  constructor(
    db: DataSource,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.rollup = new DashboardRollup(db, config.dashboard.timeZone);
  }

  onModuleInit(): void {
    // singleton: one run at a time across instances; a second one would only redo the same days.
    this.jobs.defineQueue(DASHBOARD_ROLLUP_QUEUE, {
      name: DASHBOARD_ROLLUP_QUEUE,
      policy: 'singleton',
      retryLimit: 2,
      retryDelay: 60,
    });
    this.jobs.defineWorker(DASHBOARD_ROLLUP_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
      await this.run();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    const boss = await this.jobs.start();
    await boss.schedule(DASHBOARD_ROLLUP_QUEUE, this.config.dashboard.rollupCron);
    await boss.send(DASHBOARD_ROLLUP_QUEUE, {});
  }

  async run(now = new Date()): Promise<RollUpResult> {
    const result = await this.rollup.run(now);
    this.logger.log({ days: result.days.length, ms: result.milliseconds }, 'dashboard roll-up');
    return result;
  }
}
