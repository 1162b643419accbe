import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { InboundMailProcessor } from './inbound-mail.processor';
import { ClaimedMail, RAW_MAIL_CHANNEL, RawMailStore } from './raw-mail.store';

const DEFAULTS = { claimSeconds: 120, concurrency: 6, batchSize: 32, maxClaims: 8 };

/** First wait after passing database trouble; doubles per run that took the mail, capped at the claim time. */
const RETRY_BASE_SECONDS = 5;

/**
 * Gets stored mail processed, as fast as it is accepted. There is no job per mail: a run claims
 * a batch of stored mail straight from `raw_mail` (FOR UPDATE SKIP LOCKED, with a lease in
 * `claimed_until`) and processes it `concurrency` at a time, batch after batch until none is
 * left. Instances side by side each claim other mail; a mail is never held by two runs.
 *
 * Wake-ups: the SMTP server (and the mailbox fetcher) wake this instance's run after a commit;
 * the store's NOTIFY (delivered on commit) wakes every instance's, so mail accepted by an
 * instance without background jobs is processed promptly elsewhere; and a sweep every
 * `sweepIntervalSeconds` catches what a lost listener missed, a lapsed claim (a run that died)
 * and a retry that came due. Processing is idempotent (the row is locked and a processed mail
 * left alone), so even a mail whose claim lapsed mid-run is processed once.
 *
 * A mail a run took but could not finish (passing database trouble, or the process died) is
 * tried again later; after `maxClaims` runs it is quarantined with that reason, never dropped.
 */
@Injectable()
export class InboundMailQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('mail-inbound');
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly store: RawMailStore,
    private readonly processor: InboundMailProcessor,
  ) {}

  private get settings() {
    const c = this.config.inboundMail;
    // Each mail in flight holds a connection for its transaction; leave three of the pool to SMTP
    // commits, claims and the web.
    const pool = Number((this.db.options as { extra?: { max?: number } }).extra?.max ?? 10);
    return {
      claimSeconds: c.claimSeconds || DEFAULTS.claimSeconds,
      concurrency: Math.max(1, Math.min(c.concurrency || DEFAULTS.concurrency, pool - 3)),
      batchSize: c.batchSize || DEFAULTS.batchSize,
      maxClaims: c.maxClaims || DEFAULTS.maxClaims,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.listen().catch(() => undefined);
    const every = this.config.inboundMail.sweepIntervalSeconds;
    if (every > 0) this.timer = setInterval(() => this.wake(), every * 1000).unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  /**
   * New mail is stored: process it soon. Without background jobs (some tests, web-only
   * instances) this instance leaves it to the others (woken by the store's NOTIFY) or a replay.
   */
  wake(): void {
    if (this.stopped || !this.config.jobs.enabled) return;
    if (!this.listener) void this.listen().catch(() => undefined);
    void this.drain().catch((e: Error) =>
      this.logger.warn({ err: { type: e.name } }, 'mail processing run failed; the next sweep retries'),
    );
  }

  /** Processes batches until no stored mail is free. One run at a time per process; a wake during a run makes it go round again. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.runBatch()) > 0);
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Claims one batch and processes it `concurrency` at a time. Returns how many mails it claimed. */
  async runBatch(): Promise<number> {
    const s = this.settings;
    const claimed = await this.store.claim(s.batchSize, s.claimSeconds);
    if (!claimed.length) return 0;
    let next = 0;
    const worker = async () => {
      while (next < claimed.length && !this.stopped) await this.processClaimed(claimed[next++], s);
    };
    await Promise.all(Array.from({ length: Math.min(s.concurrency, claimed.length) }, worker));
    // Stopping: what this run never started is free for another instance at once.
    if (next < claimed.length)
      await this.store.returnClaims(claimed.slice(next).map((c) => c.id)).catch(() => undefined);
    return claimed.length;
  }

  private async processClaimed(mail: ClaimedMail, s: { claimSeconds: number; maxClaims: number }): Promise<void> {
    try {
      if (mail.claims > s.maxClaims) {
        await this.store.markQuarantined(
          mail.id,
          `ProcessingAbandoned: taken by ${mail.claims - 1} runs without finishing (database trouble or a crash while processing)`,
          null,
        );
        this.logger.warn({ rawMailId: mail.id, claims: mail.claims }, 'mail quarantined');
        return;
      }
      // Quarantines what is wrong with the mail itself; throws only for passing database trouble.
      await this.processor.process(mail.id);
    } catch (e) {
      const delay = Math.min(RETRY_BASE_SECONDS * 2 ** Math.max(mail.claims - 1, 0), s.claimSeconds);
      this.logger.warn(
        { rawMailId: mail.id, claims: mail.claims, retryInSeconds: delay, err: { type: (e as Error).name } },
        'mail not processed; tried again later',
      );
      // If even this fails, the claim lapses by itself.
      await this.store.releaseClaim(mail.id, delay).catch(() => undefined);
    }
  }

  /** LISTEN on a connection of its own; on loss the sweep keeps mail moving and reconnects. */
  private async listen(): Promise<void> {
    if (this.listener || this.stopped) return;
    const client = new Client({
      connectionString: (this.db.options as PostgresConnectionOptions).url,
      application_name: 'luister-mail-inbound',
    });
    this.listener = client;
    client.on('notification', () => this.wake());
    client.on('error', () => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${RAW_MAIL_CHANNEL}`);
    } catch (e) {
      if (this.listener === client) this.listener = undefined;
      await client.end().catch(() => undefined);
      throw e;
    }
    // Stopped while connecting: don't leave the connection open.
    if (this.stopped) await client.end().catch(() => undefined);
  }
}
