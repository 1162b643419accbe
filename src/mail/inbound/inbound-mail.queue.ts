import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { JobsService } from '../../jobs/jobs.service';
import { InboundMailProcessor } from './inbound-mail.processor';
import { RawMailStore } from './raw-mail.store';

export const INBOUND_MAIL_QUEUE = 'mail-inbound';

/**
 * Gets stored mail processed. The job is sent after the raw mail is committed, so a crash in
 * between would strand it: the sweeper queues every still-stored mail at start and every
 * `sweepIntervalSeconds`. Processing is idempotent, so a mail queued twice is processed once.
 */
@Injectable()
export class InboundMailQueue implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('mail-inbound');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly store: RawMailStore,
    private readonly processor: InboundMailProcessor,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue(INBOUND_MAIL_QUEUE, {
      name: INBOUND_MAIL_QUEUE,
      retryLimit: 8,
      retryDelay: 5,
      retryBackoff: true,
    });
    this.jobs.defineWorker<{ rawMailId: string }>(INBOUND_MAIL_QUEUE, { pollingIntervalSeconds: 1 }, async (batch) => {
      for (const job of batch) await this.processor.process(job.data.rawMailId);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.sweep(0);
    const every = this.config.inboundMail.sweepIntervalSeconds;
    if (every > 0) this.timer = setInterval(() => void this.sweep(every), every * 1000).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Queue one stored mail; without background jobs (some tests) the sweeper or a replay does it. */
  enqueue(rawMailId: string): void {
    if (!this.config.jobs.enabled) return;
    this.jobs
      .send(INBOUND_MAIL_QUEUE, { rawMailId })
      .catch((e: Error) =>
        this.logger.warn({ rawMailId, err: { type: e.name } }, 'could not queue mail; the sweeper will'),
      );
  }

  /** Queues stored mail older than `olderThanSeconds` (fresh mail has its own job on the way). */
  async sweep(olderThanSeconds: number): Promise<number> {
    try {
      const ids = await this.store.waitingIds(olderThanSeconds);
      for (const id of ids) await this.jobs.send(INBOUND_MAIL_QUEUE, { rawMailId: id });
      if (ids.length) this.logger.log({ count: ids.length }, 'stored mail queued by the sweeper');
      return ids.length;
    } catch (e) {
      this.logger.warn({ err: { type: (e as Error).name } }, 'mail sweep failed; next round retries');
      return 0;
    }
  }
}
