import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { isDatabaseUnavailable } from '../../common/database-errors';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { DrainLoop } from '../../database/drain-loop';
import { InboundMailProcessor } from './inbound-mail.processor';
import { InflowPacer } from './inflow-pacer';
import { ClaimedMail, RAW_MAIL_CHANNEL, RawMailStore } from './raw-mail.store';

const DEFAULTS = { claimSeconds: 120, concurrency: 3, batchSize: 12, maxClaims: 8 };

/** First wait after passing database trouble; doubles per run that took the mail, capped at the claim time. */
const RETRY_BASE_SECONDS = 5;

/**
 * Gets stored mail processed, as fast as it is accepted. There is no job per mail: a run claims
 * a batch of stored mail straight from `raw_mail` (FOR UPDATE SKIP LOCKED, with a lease in
 * `claimed_until`), processes the mails that start new cases together in one transaction
 * (InboundMailProcessor.processGroup) and the others one by one, batch after batch until none is
 * left. `concurrency` runs do this side by side in each instance, and instances side by side each
 * claim other mail; a mail is never held by two runs.
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
  private readonly loop: DrainLoop;
  /** Paces SMTP acceptance to this instance's processing; off without background jobs (nothing here processes). */
  readonly pacer: InflowPacer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly store: RawMailStore,
    private readonly processor: InboundMailProcessor,
  ) {
    this.loop = new DrainLoop({
      name: 'mail-inbound',
      databaseUrl: (db.options as PostgresConnectionOptions).url,
      channel: RAW_MAIL_CHANNEL,
      sweepSeconds: config.inboundMail.sweepIntervalSeconds,
      batch: () => this.runBatch(),
      logger: this.logger,
      failMessage: 'mail processing run failed; the next sweep retries',
      workers: this.settings.concurrency,
    });
    const c = config.inboundMail;
    this.pacer = new InflowPacer(c.inflowBurst ?? 100, config.jobs.enabled ? (c.inflowDelayMs ?? 1000) : 0);
  }

  private get settings() {
    const c = this.config.inboundMail;
    // Each run holds a connection for its transaction; leave three of the pool to SMTP commits,
    // claims and the web.
    const pool = Number((this.db.options as { extra?: { max?: number } }).extra?.max ?? 10);
    return {
      claimSeconds: c.claimSeconds || DEFAULTS.claimSeconds,
      concurrency: Math.max(1, Math.min(c.concurrency || DEFAULTS.concurrency, pool - 3)),
      batchSize: c.batchSize || DEFAULTS.batchSize,
      maxClaims: c.maxClaims || DEFAULTS.maxClaims,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.jobs.enabled) await this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    this.pacer.release();
    return this.loop.stop();
  }

  /**
   * New mail is stored: process it soon. Without background jobs (some tests, web-only
   * instances) this instance leaves it to the others (woken by the store's NOTIFY) or a replay.
   */
  wake(): void {
    if (this.config.jobs.enabled) this.loop.wake();
  }

  /** Processes batches until no stored mail is free (`concurrency` runs side by side per process). */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  /**
   * Claims one batch: the mails that start new cases in one transaction, the rest (and all of it
   * if that transaction fails) one by one. Returns how many mails it claimed.
   */
  async runBatch(): Promise<number> {
    const s = this.settings;
    const claimed = await this.store.claim(s.batchSize, s.claimSeconds);
    if (!claimed.length) return 0;
    if (this.loop.stopped) {
      await this.store.returnClaims(claimed.map((c) => c.id)).catch(() => undefined);
      return claimed.length;
    }
    const fresh = claimed.filter((c) => c.claims <= s.maxClaims);
    let away: unknown;
    const { done, rest } = await this.processor.processGroup(fresh).catch((e: unknown) => {
      if (isDatabaseUnavailable(e)) away = e;
      return { done: [], rest: fresh.map((c) => c.id) };
    });
    this.pacer.give(done.length);
    const left = new Set(rest);
    const alone = claimed.filter((c) => c.claims > s.maxClaims || left.has(c.id));
    let next = 0;
    // The database away (frozen, restarting): trying each mail alone would only wait out a query
    // timeout per mail, holding the batch's claims for minutes. Stop; the next sweep tries again.
    while (next < alone.length && !this.loop.stopped && !away) {
      away = await this.processClaimed(alone[next++], s);
      if (!away) this.pacer.give(1);
    }
    // Stopping or the database away: what this run never started is free again at once.
    if (next < alone.length) await this.store.returnClaims(alone.slice(next).map((c) => c.id)).catch(() => undefined);
    if (away) throw away;
    return claimed.length;
  }

  /** Processes one claimed mail; returns the error when the database is away (the mail's claim then released for a retry). */
  private async processClaimed(mail: ClaimedMail, s: { claimSeconds: number; maxClaims: number }): Promise<unknown> {
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
      return isDatabaseUnavailable(e) ? e : undefined;
    }
    return undefined;
  }
}
