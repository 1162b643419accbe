import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { CaseEventType, recordCaseEvent } from '../../cases/case-events';
import { AppSecrets } from '../../common/app-secrets.service';
import { hashToken } from '../../common/secrets';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { DrainLoop } from '../../database/drain-loop';
import { newReplyToken, replyAddress } from '../mail-identity';
import { describeMailboxError } from '../mailboxes/mailbox-errors';
import { dkimFor, MailRoute, MailTransports } from './mail-transports';
import { OutboxRow, retryDelaySeconds, SendFailure, sendFailure, toMailOptions } from './outbound-message';
import * as repo from './outbox.repository';
import { OUTBOX_CHANNEL } from './outbox.service';
import { openToken } from './sealed-link';

export interface BatchResult {
  sent: number;
  kept: number;
  retrying: number;
  failed: number;
}

/**
 * Sends what the outbox holds. A batch of due rows is claimed in one statement (FOR UPDATE SKIP
 * LOCKED, so instances side by side never take the same mail) that writes a claim id and moves
 * `next_attempt_at` past a lease; the statement commits at once, so no row lock and no pooled
 * connection is held while the mail talks SMTP. Afterwards one short transaction marks each mail
 * sent, retrying or failed, only where the claim is still ours. If the process dies in between,
 * the lease lapses and the rows are due again: a mail already handed to the relay goes out once
 * more, with the same Message-ID (fixed at enqueue), so the receiving side can tell it is the same
 * mail. Nothing is marked before it was sent, so nothing is lost; a mail claimed `maxAttempts`
 * times without an outcome (a crash loop) is given up, never resent forever.
 *
 * Wake-ups: enqueue NOTIFYs, which PostgreSQL delivers only when the writing transaction
 * commits (a queue job sent from inside that transaction would not be part of it); a sweep every
 * `sweepSeconds` catches retries that came due, lapsed claims and anything a dropped listener missed.
 *
 * Without a relay (SMTP_RELAY_URL unset, the demo), mail is marked `kept`: it stays in the app,
 * where admins read it.
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('mail-outbound');
  private readonly loop: DrainLoop;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly secrets: AppSecrets,
    transports?: MailTransports,
  ) {
    // Nest injects the app's transports; constructed by hand (benches, crash tests) it builds its own.
    this.ownTransports = !transports;
    this.transports = transports ?? MailTransports.standalone(config, db);
    this.loop = new DrainLoop({
      name: 'outbox',
      databaseUrl: (db.options as PostgresConnectionOptions).url,
      channel: OUTBOX_CHANNEL,
      sweepSeconds: config.outboundMail.sweepSeconds,
      batch: async () => {
        const r = await this.sendBatch();
        return r.sent + r.kept + r.retrying + r.failed;
      },
      logger: this.logger,
      failMessage: 'outbox drain failed; the next sweep retries',
    });
  }

  private readonly transports: MailTransports;
  private readonly ownTransports: boolean;

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.jobs.enabled) await this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    if (this.ownTransports) this.transports.onApplicationShutdown();
  }

  /** Runs (or re-runs after the current run) a drain in the background. */
  wake(): void {
    this.loop.wake();
  }

  /** Sends batches until nothing is due (one drain at a time per process). */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  /** Claims, sends and marks one batch of due mail. */
  async sendBatch(): Promise<BatchResult> {
    const result: BatchResult = { sent: 0, kept: 0, retrying: 0, failed: 0 };
    const o = this.config.outboundMail;
    const claim = randomUUID();
    // One autocommitted statement: the lease, not a held lock, keeps other senders off these rows.
    const rows = await repo.claimDue(this.db, o.batchSize, claim, o.claimSeconds);
    if (!rows.length) return result;
    // Claimed this often without an outcome (each claim counts as a try): a crash loop, given up.
    const abandoned = rows.filter((r) => r.attempts > o.maxAttempts);
    const live = rows.filter((r) => r.attempts <= o.maxAttempts);
    // Rows with no way out (no relay, and not from a mailbox with its own server) are kept.
    const routes = await this.ownOrganisationOnly(live, await this.transports.routes(live));
    const kept = live.filter((_, i) => !routes[i].transport && !routes[i].error);
    const out = live.flatMap((row, i) => (routes[i].transport || routes[i].error ? [{ row, route: routes[i] }] : []));
    const outcomes = await this.sendAll(out);
    await this.db.transaction(async (m) => {
      result.kept = await this.markDone(m, claim, kept, 'kept');
      const sent = out.filter((_, i) => outcomes[i] === 'sent').map((x) => x.row);
      result.sent = await this.markDone(m, claim, sent, 'sent');
      for (let i = 0; i < out.length; i++) {
        const outcome = outcomes[i];
        if (outcome === 'sent') continue;
        const r = await this.markFailedTry(m, claim, out[i].row, outcome);
        if (r === 'failed') result.failed++;
        else if (r === 'retrying') result.retrying++;
      }
      for (const row of abandoned) {
        const reason = { permanent: true, reason: 'abandoned: claimed by senders that never finished' };
        if ((await this.markFailedTry(m, claim, row, reason)) === 'failed') result.failed++;
      }
    });
    if (result.sent + result.kept + result.retrying + result.failed) this.logger.log({ ...result }, 'outbox batch');
    return result;
  }

  /**
   * A case transferred to another organisation must not leave through the sending organisation's
   * mailbox (its server, its sent folder): that would hand the new organisation's replies back to
   * the old one. Such mail goes out as mail without a mailbox does (the relay, from the service
   * address, or kept without one). A mailbox of no organisation (the platform's) serves everyone.
   */
  private async ownOrganisationOnly(rows: OutboxRow[], routes: MailRoute[]): Promise<MailRoute[]> {
    const viaMailbox = rows.flatMap((r, i) => (r.caseId && routes[i].from ? [i] : []));
    if (!viaMailbox.length) return routes;
    const foreign = await repo.foreignMailboxes(
      this.db,
      viaMailbox.map((i) => rows[i].caseId),
      viaMailbox.map((i) => routes[i].from),
      viaMailbox,
    );
    if (!foreign.length) return routes;
    const out = [...routes];
    for (const i of foreign) out[i] = { transport: this.transports.relayTransport() };
    return out;
  }

  private async sendAll(out: { row: OutboxRow; route: MailRoute }[]): Promise<('sent' | SendFailure)[]> {
    if (!out.length) return [];
    const rows = out.map((o) => o.row);
    const domain = this.config.mailDomain;
    const secret = this.secrets.get('message-id');
    // Reply tokens are committed before the mail leaves (outside the batch transaction): an
    // answer to this mail must find its case even if the batch is later rolled back and resent.
    // Staff mail belongs to no case: no token, and replies go to an address our server refuses.
    const tokens = rows.map((r) => (r.caseId ? newReplyToken() : null));
    const withCase = rows.flatMap((r, i) => (r.caseId ? [{ caseId: r.caseId, token: tokens[i]! }] : []));
    if (withCase.length) {
      await repo.insertReplyTokens(
        this.db,
        withCase.map((w) => hashToken(w.token)),
        withCase.map((w) => w.caseId),
      );
    }
    return Promise.all(
      out.map(async ({ row, route }, i) => {
        if (route.error) return { permanent: false, reason: describeMailboxError(route.error).code };
        try {
          const caseLink = row.sealedLink
            ? `${this.config.outboundMail.publicUrl}/c/${openToken(secret, row.sealedLink)}`
            : undefined;
          const token = tokens[i];
          await route.transport!.sendMail(
            toMailOptions(row, {
              domain,
              replyTo: token ? replyAddress(token, domain) : `noreply@${domain}`,
              caseLink,
              from: route.from,
              dkim: dkimFor(route.from ?? `hulp@${domain}`, this.transports.dkim),
            }),
          );
          return 'sent' as const;
        } catch (e) {
          return sendFailure(e);
        }
      }),
    );
  }

  /**
   * Sent or kept: marked (where our claim still holds), the sealed case link wiped (it is not
   * needed any more), and an `email.sent` case event each — one statement for the whole batch.
   * Returns how many were marked.
   */
  private async markDone(m: EntityManager, claim: string, rows: OutboxRow[], status: 'sent' | 'kept'): Promise<number> {
    if (!rows.length) return 0;
    const type: CaseEventType = 'email.sent';
    return repo.markDone(
      m,
      rows.map((r) => r.id),
      status,
      type,
      claim,
    );
  }

  /**
   * Schedules the next try, or gives up: after maxAttempts, or at once on a permanent (5xx)
   * answer. Nothing when our claim lapsed (another sender has the row now).
   */
  private async markFailedTry(
    m: EntityManager,
    claim: string,
    row: OutboxRow,
    f: SendFailure,
  ): Promise<'failed' | 'retrying' | 'lapsed'> {
    const attempts = row.attempts;
    const giveUp = f.permanent || attempts >= this.config.outboundMail.maxAttempts;
    if (giveUp) {
      const marked = await repo.markFailed(m, row.id, f.reason, claim);
      if (!marked) return 'lapsed';
      if (row.caseId)
        await recordCaseEvent(m, {
          caseId: row.caseId,
          type: 'email.failed',
          channel: 'email',
          data: { outboxId: row.id, kind: row.kind, attempts, reason: f.reason },
        });
      this.logger.warn({ outboxId: row.id, caseId: row.caseId, attempts, reason: f.reason }, 'mail given up');
      return 'failed';
    }
    const delay = retryDelaySeconds(attempts, this.config.outboundMail.retryBaseSeconds);
    const marked = await repo.scheduleRetry(m, row.id, f.reason, delay, claim);
    return marked ? 'retrying' : 'lapsed';
  }
}
