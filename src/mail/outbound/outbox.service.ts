import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppSecrets } from '../../common/app-secrets.service';
import { isLanguage, Language, translate } from '../../common/i18n/i18n';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { newMessageId } from '../mail-identity';
import { memoised, TransactionMemo } from '../../database/transaction-memo';
import { formatDueDated } from '../../sla/due-format';
import { BusinessCalendar } from '../../sla/business-calendar';
import { honestReplyTime } from '../../sla/honest-reply-time';
import { SlaService } from '../../sla/sla.service';
import { OrganisationsService } from '../../organisations/organisations.service';
import { MailTemplates } from './mail-templates';
import * as repo from './outbox.repository';
import type { Delivery, OutboxKind, OutboxRow, RecipientRow } from './outbox.repository';
import { CASE_LINK_MARKER, sealToken } from './sealed-link';

export type { Delivery, OutboxKind } from './outbox.repository';

/**
 * The transaction-level advisory lock that serialises acknowledgements to one address (the
 * throttle is checked under it); a caller that takes it itself says so (`addressLocked`).
 */
export const acknowledgementLockKey = (address: string): string => `outbox-ack:${address.toLowerCase()}`;

/** Channel on which committed outbox rows are announced (NOTIFY is delivered only on commit). */
export const OUTBOX_CHANNEL = 'luister_outbox';

export interface OutgoingMail {
  /** Null for staff mail about no single case (then staffUserId is set). */
  caseId: string | null;
  /** The staff member a staff mail goes to (keys the staff mail throttle). */
  staffUserId?: string;
  kind: OutboxKind;
  /** Sent by a machine, not a person: marked Auto-Submitted so other robots do not answer it. */
  automatic: boolean;
  language: Language;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** The help-seeker's Message-ID we answer, and the thread so far (oldest first). */
  inReplyTo?: string | null;
  references?: string[];
  /** The case link's token, when the body holds CASE_LINK_MARKER; stored only encrypted. */
  caseToken?: string;
  /** The From display name: the answering organisation's sender name; unset: the platform's. */
  senderName?: string | null;
}

/** Acknowledgements collected in a group's transaction, written by OutboxService.writeBatch. */
export class OutboxBatch {
  rows: OutboxRow[] = [];
}

export interface EnqueuedMail {
  outboxId: string;
  /** Our signed Message-ID, fixed now so that a resend after a crash carries the same one. */
  messageId: string;
}

interface Recipient extends RecipientRow {
  /** The organisation that answers the case: its name heads the mail, its sender name signs the From line. */
  organisationName: string;
  senderName: string;
}

/**
 * The transactional outbox. Callers write a mail in the same transaction as the event that
 * causes it (a new e-mail case, a staff reply): if that rolls back, no mail exists; if it
 * commits, the mail will be sent. The sender (OutboxSender) does the rest.
 *
 * Privacy: a help-seeker's mailbox may be shared. Mails to web help-seekers say only that there
 * is an answer; no mail repeats what the help-seeker wrote, and subjects are neutral.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('mail-outbound');
  private readonly templates = new MailTemplates();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly secrets: AppSecrets,
    private readonly sla: SlaService,
    @Optional() organisations?: OrganisationsService,
  ) {
    // Built by hand (benches) without Nest: the same service on the same database.
    this.organisations = organisations ?? new OrganisationsService(db);
  }

  private readonly organisations: OrganisationsService;

  /** Writes one mail into the outbox inside the caller's transaction. */
  async enqueue(m: EntityManager, mail: OutgoingMail): Promise<EnqueuedMail> {
    return (await this.insert(m, this.outboxRow(mail, null)))!;
  }

  /**
   * The row a mail is written as, with our signed Message-ID fixed now. With `throttleMinutes`:
   * written only if no acknowledgement went to this address in that time.
   */
  private outboxRow(mail: OutgoingMail, throttleMinutes: number | null): OutboxRow {
    return {
      caseId: mail.caseId,
      kind: mail.kind,
      automatic: mail.automatic,
      language: mail.language,
      recipient: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? null,
      // Staff mail is about no case: an unsigned id, so an answer to it threads into no case.
      messageId: mail.caseId
        ? newMessageId(this.secrets.get('message-id'), this.config.mailDomain, mail.caseId)
        : `<s.${randomBytes(12).toString('base64url')}@${this.config.mailDomain}>`,
      inReplyTo: mail.inReplyTo ?? null,
      references: mail.references ?? [],
      sealedLink: mail.caseToken ? sealToken(this.secrets.get('message-id'), mail.caseToken) : null,
      staffUserId: mail.staffUserId ?? null,
      senderName: mail.senderName ?? null,
      throttleMinutes,
    };
  }

  /**
   * The outbox row and the NOTIFY that wakes the senders (delivered on commit), in one statement;
   * undefined when its throttle held it back (the caller holds the address's lock).
   */
  private async insert(m: EntityManager, row: OutboxRow): Promise<EnqueuedMail | undefined> {
    const id = await repo.insertOutboxRow(m, row, OUTBOX_CHANNEL);
    if (!id) return undefined;
    this.logger.log({ outboxId: id, caseId: row.caseId, kind: row.kind }, 'mail queued');
    return { outboxId: id, messageId: row.messageId };
  }

  /**
   * Writes the acknowledgements a group collected (`batch` of enqueueAcknowledgement) in one
   * statement, each under its own throttle; after the cases they belong to are written.
   */
  async writeBatch(m: EntityManager, batch: OutboxBatch): Promise<void> {
    if (!batch.rows.length) return;
    const written = await repo.insertOutboxRows(m, batch.rows, OUTBOX_CHANNEL);
    for (const r of batch.rows) {
      const id = written.get(r.messageId);
      if (id) this.logger.log({ outboxId: id, caseId: r.caseId, kind: r.kind }, 'mail queued');
      else this.logger.log({ caseId: r.caseId, kind: r.kind }, 'acknowledgement throttled');
    }
    batch.rows = [];
  }

  /**
   * The automatic answer to a new e-mail case: received, when to expect an answer, the case
   * link, the crisis lines. At most one per sender address per `ackThrottleMinutes`, so a
   * robot or a flood of mails never gets a flood back. `caseToken` is the token CasesService
   * returned at creation (the only moment it exists in the clear). Returns null when nothing
   * was queued now (throttled, no usable address, or collected into `batch` for writeBatch).
   */
  async enqueueAcknowledgement(
    m: EntityManager,
    a: {
      caseId: string;
      caseToken: string;
      inReplyTo?: string | null;
      references?: string[];
      /**
       * The case just made in this transaction, as its maker wrote it: the address (with consent),
       * language, first due time and region calendar, so they need not be read back.
       */
      created?: {
        email: string;
        language: Language;
        dueAt: Date | null;
        timeZone: string;
        regionId: number;
        calendar: BusinessCalendar;
      };
      /** The caller holds acknowledgementLockKey(address) already (taken with its other locks). */
      addressLocked?: boolean;
      /** Look-ups shared by a group of acknowledgements written in one transaction. */
      memo?: TransactionMemo;
      /**
       * Collect the mail instead of writing it; the group writes its batch in one statement
       * (`writeBatch`). The recipients of one batch must differ (each holds its address's lock).
       */
      batch?: OutboxBatch;
    },
  ): Promise<EnqueuedMail | null> {
    const r = a.created ? await this.withLook(m, a.created, a.memo) : await this.recipient(m, a.caseId);
    if (!r) return null;
    const to = r.email;
    // Two mails from one address processed at once: the second waits here and sees the first's row.
    if (!a.addressLocked) await repo.lockKey(m, acknowledgementLockKey(to));
    const lang = r.language;
    // The same honest line as the confirmation page: a due time when nobody works (a crisis
    // target ending at night) is never promised; the team's next opening is.
    const calendar = r.dueAt ? (a.created?.calendar ?? (await this.sla.region(m, r.regionId)).calendar) : undefined;
    const honest = r.dueAt && calendar ? honestReplyTime(r.dueAt, calendar) : null;
    const when = honest ? formatDueDated(honest.at, r.timeZone, lang) : null;
    const body = this.templates.render('acknowledgement', {
      lang,
      organisation: r.organisationName,
      caseLink: CASE_LINK_MARKER,
      expectedBy: honest?.kind === 'by' ? when : null,
      expectedFrom: honest?.kind === 'from' ? when : null,
    });
    // Not if an acknowledgement went to this address lately: checked in the insert, under the lock above.
    const row = this.outboxRow(
      {
        caseId: a.caseId,
        kind: 'acknowledgement',
        automatic: true,
        language: lang,
        to,
        subject: translate(lang, 'mail.ack.subject'),
        text: body.text,
        html: body.html,
        inReplyTo: a.inReplyTo ?? null,
        references: a.references ?? (a.inReplyTo ? [a.inReplyTo] : []),
        caseToken: a.caseToken,
        senderName: r.senderName,
      },
      this.config.outboundMail.ackThrottleMinutes,
    );
    // A group's: written, or held back by the same throttle, with the others (writeBatch).
    if (a.batch) {
      a.batch.rows.push(row);
      return null;
    }
    const queued = await this.insert(m, row);
    if (!queued) {
      this.logger.log({ caseId: a.caseId, kind: 'acknowledgement' }, 'acknowledgement throttled');
      return null;
    }
    return queued;
  }

  /**
   * The case link, mailed once because the web help-seeker asked for it (an address and consent on
   * the form or on the confirmation page). Kind `acknowledgement`: it confirms the question. The
   * token is kept only sealed until the mail has gone (CASE_LINK_MARKER), like the e-mail
   * acknowledgement's. No content, no topic, a neutral subject.
   */
  async enqueueCaseLink(m: EntityManager, a: { caseId: string; caseToken: string }): Promise<EnqueuedMail | null> {
    const r = await this.recipient(m, a.caseId);
    if (!r) return null;
    const lang = r.language;
    const body = this.templates.render('case-link', {
      lang,
      organisation: r.organisationName,
      caseLink: CASE_LINK_MARKER,
    });
    return this.enqueue(m, {
      caseId: a.caseId,
      kind: 'acknowledgement',
      automatic: true,
      language: lang,
      to: r.email,
      subject: translate(lang, 'mail.link.subject'),
      text: body.text,
      html: body.html,
      caseToken: a.caseToken,
      senderName: r.senderName,
    });
  }

  /**
   * "There is an answer for you": content-free, for help-seekers who left an address on the web
   * form. No topic, no text, no nickname, a neutral subject — and no case link either: the
   * token exists only as a hash, and a link in a shared mailbox would open the conversation to
   * whoever reads it. The mail sends them to the link they saved when they asked.
   */
  async enqueueReplyNotification(m: EntityManager, n: { caseId: string }): Promise<EnqueuedMail | null> {
    const r = await this.recipient(m, n.caseId);
    if (!r) return null;
    const lang = r.language;
    // The organisation's name, never the topic or a word of the case (a mailbox may be shared).
    const body = this.templates.render('reply-notification', { lang, organisation: r.organisationName });
    return this.enqueue(m, {
      caseId: n.caseId,
      kind: 'reply-notification',
      automatic: true,
      language: lang,
      to: r.email,
      subject: translate(lang, 'mail.notification.subject'),
      text: body.text,
      html: body.html,
      senderName: r.senderName,
    });
  }

  /**
   * A worker's reply going out: an e-mail help-seeker gets the text, threaded under their own
   * latest mail; a web help-seeker who left an address gets only the content-free notification.
   */
  async enqueueReply(m: EntityManager, reply: { caseId: string; text: string }): Promise<EnqueuedMail | null> {
    const r = await this.recipient(m, reply.caseId);
    if (!r) return null;
    if (r.channel !== 'email') return this.enqueueReplyNotification(m, { caseId: reply.caseId });
    const thread = await this.thread(m, reply.caseId);
    const lang = r.language;
    const body = { text: this.replyMailText(lang, reply.text, r.organisationName) };
    return this.enqueue(m, {
      caseId: reply.caseId,
      kind: 'reply',
      automatic: false,
      language: lang,
      to: r.email,
      subject: translate(lang, 'mail.reply.subject'),
      text: body.text,
      inReplyTo: thread.inReplyTo,
      references: thread.references,
      senderName: r.senderName,
    });
  }

  /**
   * The body of the mail that carries a reply to an e-mail help-seeker: what enqueueReply sends,
   * and what a preview or a supervisor's review shows, so both are the same words. `organisation`:
   * the answering organisation's name, which heads the mail (a preview that leaves it out shows
   * the body without that first line).
   */
  replyMailText(lang: Language, replyText: string, organisation?: string): string {
    return this.templates.render('reply', { lang, replyText, organisation }).text;
  }

  /** The mails of one case and how they fared, for the case page: no addresses, no content. */
  async deliveries(caseId: string, manager: EntityManager = this.db.manager): Promise<Delivery[]> {
    return repo.deliveriesOf(manager, caseId);
  }

  /** Where mail about a case goes, or undefined: no address, no consent, or it bounced. */
  private async recipient(
    m: EntityManager,
    caseId: string,
  ): Promise<(Recipient & { email: string; language: Language }) | undefined> {
    const r = await repo.recipientOf(m, caseId);
    if (!r || !r.email || r.undeliverable) return undefined;
    return this.withLook(m, { ...r, email: r.email, language: isLanguage(r.language) ? r.language : 'nl' });
  }

  /** The answering organisation's name and sender name, as of now (the region the case is in). */
  private async withLook<T extends { regionId: number }>(
    m: EntityManager,
    r: T,
    memo?: TransactionMemo,
  ): Promise<T & { organisationName: string; senderName: string }> {
    const look = await memoised(memo, `organisation-look ${r.regionId}`, () =>
      this.organisations.lookOfRegion(r.regionId, m),
    );
    return { ...r, organisationName: look?.name ?? 'Luister', senderName: look?.senderName ?? 'Luister' };
  }

  /**
   * The thread a reply joins: the help-seeker's mails and ours, oldest first (the last ten, as
   * mail clients do), answering their latest mail.
   */
  private async thread(m: EntityManager, caseId: string): Promise<{ inReplyTo: string | null; references: string[] }> {
    const rows = await repo.latestThreadMails(m, caseId);
    const references = rows.map((r) => r.id).reverse();
    return { inReplyTo: rows.find((r) => r.inbound)?.id ?? references[references.length - 1] ?? null, references };
  }
}
