import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { MailboxStore } from '../mail/mailboxes/mailbox.store';
import { ping } from './health.repository';

/** Liveness for load balancers: 200 while the database answers, 503 otherwise. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailboxes: MailboxStore,
  ) {}

  @Get()
  @ApiOkResponse({
    description:
      '{ status: "ok", database: "up" }; a mailbox failing longer than IMAP_FAILING_MINUTES adds mailboxes: "failing", failingMailboxes: [{ address, since, error }] without making the web unhealthy',
  })
  @ApiServiceUnavailableResponse({ description: '{ status: "error", database: "down" }' })
  async check(@Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await Promise.race([
        ping(this.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
    } catch {
      res.status(503).json({ status: 'error', database: 'down' });
      return;
    }
    // Mail that cannot be fetched waits safely in the mailbox: worth an alert, not a restart.
    const failing = await this.mailboxes.failingLongerThan(this.config.mailboxes.failingMinutes).catch(() => []);
    res.status(200).json({
      status: 'ok',
      database: 'up',
      ...(failing.length
        ? {
            mailboxes: 'failing',
            failingMailboxes: failing.map((f) => ({ address: f.address, since: f.since, error: f.error })),
          }
        : {}),
    });
  }
}
