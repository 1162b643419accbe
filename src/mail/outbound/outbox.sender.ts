import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { CaseEventType, recordCaseEvent } from '../../cases/case-events';
import { AppSecrets } from '../../common/app-secrets.service';
import { hashToken } from '../../common/secrets';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { newReplyToken, replyAddress } from '../mail-identity';
import { describeMailboxError } from '../mailboxes/mailbox-errors';
import { dkimFor, MailRoute, MailTransports } from './mail-transports';
import { OutboxRow, retryDelaySeconds, SendFailure, sendFailure, toMailOptions } from './outbound-message';
import { OUTBOX_CHANNEL } from './outbox.service';
import { openToken } from './sealed-link';

export interface BatchResult {
  sent: number;
  kept: number;
  retrying: number;
  failed: number;
}

const ROW_COLUMNS = `id, case_id AS "caseId", kind, automatic, recipient, subject, text_body AS "textBody", html_body AS "htmlBody",
  message_id AS "messageId", in_reply_to AS "inReplyTo", "references", sealed_link AS "sealedLink", attempts`;

/**
 * Sends what the outbox holds. A batch of due rows is claimed FOR UPDATE SKIP LOCKED (so
 * instances side by side never take the same mail), sent, marked and committed in one
 * transaction. If the process dies in between, the transaction rolls back and the rows are due
 * again: a mail already handed to the relay goes out once more, with the same Message-ID (fixed
 * at enqueue), so the receiving side can tell it is the same mail. Nothing is marked before it
 * was sent, so nothing is lost.
 *
 * Wake-ups: enqueue NOTIFYs, which PostgreSQL delivers only when the writing transaction
 * commits (a queue job sent from inside that transaction would not be part of it); a sweep every
 * `sweepSeconds` catches retries that came due and anything a dropped listener missed.
 *
 * Without a relay (SMTP_RELAY_URL unset, the demo), mail is marked `kept`: it stays in the app,
 * where admins read it.
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('mail-outbound');
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly secrets: AppSecrets,
    transports?: MailTransports,
  ) {
    // Nest injects the app's transports; constructed by hand (benches, crash tests) it builds its own.
    this.ownTransports = !transports;
    this.transports = transports ?? MailTransports.standalone(config, db);
  }

  private readonly transports: MailTransports;
  private readonly ownTransports: boolean;

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.listen().catch(() => undefined);
    const every = this.config.outboundMail.sweepSeconds;
    if (every > 0) this.timer = setInterval(() => this.wake(), every * 1000).unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    await this.running?.catch(() => undefined);
    if (this.ownTransports) this.transports.onApplicationShutdown();
  }

  /** Runs (or re-runs after the current run) a drain in the background. */
  wake(): void {
    if (this.stopped) return;
    if (!this.listener) void this.listen().catch(() => undefined);
    void this.drain().catch((e: Error) =>
      this.logger.warn({ err: { type: e.name } }, 'outbox drain failed; the next sweep retries'),
    );
  }

  /** Sends batches until nothing is due. One drain at a time per process; a call during a run makes it go round again. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped) {
            const r = await this.sendBatch();
            if (r.sent + r.kept + r.retrying + r.failed === 0) break;
          }
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Claims, sends and marks one batch of due mail. */
  async sendBatch(): Promise<BatchResult> {
    const result: BatchResult = { sent: 0, kept: 0, retrying: 0, failed: 0 };
    const qr = this.db.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const rows: OutboxRow[] = await qr.query(
        `SELECT ${ROW_COLUMNS} FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.config.outboundMail.batchSize],
      );
      if (rows.length) {
        // Rows with no way out (no relay, and not from a mailbox with its own server) are kept.
        const routes = await this.transports.routes(rows);
        const kept = rows.filter((_, i) => !routes[i].transport && !routes[i].error);
        await this.markDone(qr.manager, kept, 'kept');
        result.kept = kept.length;
        const out = rows.flatMap((row, i) =>
          routes[i].transport || routes[i].error ? [{ row, route: routes[i] }] : [],
        );
        const outcomes = await this.sendAll(out);
        const sent = out.filter((_, i) => outcomes[i] === 'sent').map((o) => o.row);
        await this.markDone(qr.manager, sent, 'sent');
        result.sent = sent.length;
        for (let i = 0; i < out.length; i++) {
          const outcome = outcomes[i];
          if (outcome === 'sent') continue;
          if (await this.markFailedTry(qr.manager, out[i].row, outcome)) result.failed++;
          else result.retrying++;
        }
      }
      await qr.commitTransaction();
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
    if (result.sent + result.kept + result.retrying + result.failed) this.logger.log({ ...result }, 'outbox batch');
    return result;
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
      await this.db.query(
        `INSERT INTO reply_token (token_hash, case_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])`,
        [withCase.map((w) => hashToken(w.token)), withCase.map((w) => w.caseId)],
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
   * Sent or kept: marked, the sealed case link wiped (it is not needed any more), and an
   * `email.sent` case event each — one statement for the whole batch.
   */
  private async markDone(m: EntityManager, rows: OutboxRow[], status: 'sent' | 'kept'): Promise<void> {
    if (!rows.length) return;
    const type: CaseEventType = 'email.sent';
    await m.query(
      `WITH done AS (
         UPDATE outbox SET status = $2, sent_at = now(), attempts = attempts + 1, sealed_link = NULL, last_error = NULL
          WHERE id = ANY($1::uuid[]) RETURNING id, case_id, kind
       )
       INSERT INTO case_event (case_id, type, channel, data)
       SELECT case_id, $3, 'email', jsonb_build_object('outboxId', id, 'kind', kind, 'delivery', $2::text) FROM done WHERE case_id IS NOT NULL`,
      [rows.map((r) => r.id), status, type],
    );
  }

  /** Schedules the next try, or gives up: after maxAttempts, or at once on a permanent (5xx) answer. Returns true when given up. */
  private async markFailedTry(m: EntityManager, row: OutboxRow, f: SendFailure): Promise<boolean> {
    const attempts = row.attempts + 1;
    const giveUp = f.permanent || attempts >= this.config.outboundMail.maxAttempts;
    if (giveUp) {
      await m.query(
        `UPDATE outbox SET status = 'failed', attempts = $2, last_error = $3, sealed_link = NULL WHERE id = $1`,
        [row.id, attempts, f.reason],
      );
      if (row.caseId)
        await recordCaseEvent(m, {
          caseId: row.caseId,
          type: 'email.failed',
          channel: 'email',
          data: { outboxId: row.id, kind: row.kind, attempts, reason: f.reason },
        });
      this.logger.warn({ outboxId: row.id, caseId: row.caseId, attempts, reason: f.reason }, 'mail given up');
    } else {
      const delay = retryDelaySeconds(attempts, this.config.outboundMail.retryBaseSeconds);
      await m.query(
        `UPDATE outbox SET attempts = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1`,
        [row.id, attempts, f.reason, delay],
      );
    }
    return giveUp;
  }

  /** LISTEN on a connection of its own; on loss the sweep keeps mail moving and reconnects. */
  private async listen(): Promise<void> {
    if (this.listener || this.stopped) return;
    const client = new Client({
      connectionString: (this.db.options as PostgresConnectionOptions).url,
      application_name: 'luister-outbox',
    });
    this.listener = client;
    client.on('notification', () => this.wake());
    client.on('error', () => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (e) {
      if (this.listener === client) this.listener = undefined;
      await client.end().catch(() => undefined);
      throw e;
    }
  }
}
