import { Global, Inject, Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CASE_NOTIFIER } from '../cases/case-notifier';
import { APP_CONFIG, AppConfig } from '../config/config';
import { JobsService } from '../jobs/jobs.service';
import { SLA_STAFF_ALERTS } from '../cases/sla-staff-alerts';
import { NotificationsApiController } from './notifications-api.controller';
import { NotificationsPagesController } from './notifications-pages.controller';
import { NotificationsService } from './notifications.service';
import { UnreadBadgeInterceptor } from './unread-badge.interceptor';

export const DIGEST_QUEUE = 'notification-digest';

/**
 * In-app notifications and the per-user choice of the staff SLA e-mail. Global: it provides the
 * ports the SLA scan (SLA_STAFF_ALERTS) and case work (CASE_NOTIFIER) declare, so neither imports
 * this module.
 */
@Global()
@Module({
  controllers: [NotificationsApiController, NotificationsPagesController],
  providers: [
    NotificationsService,
    { provide: SLA_STAFF_ALERTS, useExisting: NotificationsService },
    { provide: CASE_NOTIFIER, useExisting: NotificationsService },
    { provide: APP_INTERCEPTOR, useClass: UnreadBadgeInterceptor },
  ],
  exports: [NotificationsService, SLA_STAFF_ALERTS, CASE_NOTIFIER],
})
export class NotificationsModule implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('notifications');

  constructor(
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue(DIGEST_QUEUE, { name: DIGEST_QUEUE, policy: 'singleton', retryLimit: 2 });
    this.jobs.defineWorker(DIGEST_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
      const n = await this.notifications.sendDigests(new Date());
      if (n) this.logger.log({ digests: n }, 'sla digests queued');
    });
  }

  /** Daily at 07:00 UTC, before the working day; one schedule in the database for all instances. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    const boss = await this.jobs.start();
    await boss.schedule(DIGEST_QUEUE, '0 7 * * *');
  }
}
