import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { markEmailUndeliverable } from '../../cases/case-state';
import { CasesService } from '../../cases/cases.service';
import { AppSecrets } from '../../common/app-secrets.service';
import { hashToken } from '../../common/secrets';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { RoutedRegion } from '../../routing/region-routing.service';
import { caseIdFromMessageId } from '../mail-identity';
import { OutboxService } from '../outbound/outbox.service';
import { acknowledgementDecision } from './acknowledgement-decision';
import { Classification, classifyMail, failedRecipients, MailKind, mailFacts } from './mail-classifier';
import { guessLanguage, nicknameFromDisplayName } from './mail-help-seeker';
import { decideThread, referencedMessageIds, ThreadDecision } from './mail-threading';
import { extractNewText } from './new-text';
import { parseMail, ParsedInboundMail } from './parsed-mail';
import { contentHash } from './raw-headers';
import { RawMail, RawMailStore } from './raw-mail.store';
import { isOwnAddress, parseRecipient, Recipient } from './recipient';
import { RegionAddresses } from './region-addresses.service';
import { rememberRobotAddresses, robotKey, robotRecentlySql, sentRobotMailRecently } from './robot-addresses';
import { isTransientDatabaseError } from './transient-error';

export interface ProcessOutcome {
  status: 'processed' | 'quarantined' | 'already-processed' | 'missing';
  class?: Classification['class'];
  caseId?: string | null;
  thread?: ThreadDecision['kind'];
}

/**
 * Turns one stored raw mail into what it means: parse, classify, thread, and for a
 * help-seeker's message a new case or a message in an existing one, with the mail details and
 * attachments — all in one transaction that also marks the raw mail processed, so processing
 * the same mail twice (a run after a lapsed claim, a replay) changes nothing the second time.
 * A mail that cannot be parsed or processed is quarantined with its error, never dropped.
 */
@Injectable()
export class InboundMailProcessor {
  private readonly logger = new Logger('mail-inbound');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly secrets: AppSecrets,
    private readonly store: RawMailStore,
    private readonly cases: CasesService,
    private readonly regions: RegionAddresses,
    private readonly outbox: OutboxService,
  ) {}

  async process(rawMailId: string): Promise<ProcessOutcome> {
    let parsed: ParsedInboundMail | undefined;
    try {
      // Read before the transaction: a cache miss inside it would need a second pool connection.
      const codes = await this.regions.codes();
      // The row is read and locked in one statement, then parsed inside the transaction: a mail
      // that cannot be parsed rolls it back (nothing written) and is quarantined below.
      const outcome = await this.db.transaction(async (m): Promise<ProcessOutcome> => {
        // Also locks the Message-ID read when the mail was stored (see processParsed).
        const raw = await this.store.get(rawMailId, m, true, true);
        if (!raw) return { status: 'missing' };
        if (raw.status === 'processed')
          return { status: 'already-processed', class: raw.class ?? undefined, caseId: raw.caseId };
        parsed = await parseMail(raw.bytes);
        return this.processParsed(m, raw, parsed, codes);
      });
      if (outcome.status === 'missing') return outcome;
      this.logger.log(
        { rawMailId, status: outcome.status, class: outcome.class, caseId: outcome.caseId, thread: outcome.thread },
        'mail processed',
      );
      return outcome;
    } catch (e) {
      const err = e as Error;
      // A passing database trouble is no fault of the mail: the run frees it for a later try.
      if (isTransientDatabaseError(err)) throw err;
      // If the quarantine cannot be written either, the database is the problem: let the run retry.
      await this.store.markQuarantined(rawMailId, `${err.name}: ${err.message}`, parsed?.messageId ?? null);
      this.logger.warn({ rawMailId, err: { type: err.name } }, 'mail quarantined');
      return { status: 'quarantined' };
    }
  }

  /** Inside the transaction that holds the raw mail row locked (and found it not yet processed). */
  private async processParsed(
    m: EntityManager,
    raw: RawMail,
    mail: ParsedInboundMail,
    codes: ReadonlySet<string>,
  ): Promise<ProcessOutcome> {
    const domain = this.config.mailDomain;
    const contentSha256 = contentHash(raw.bytes);
    const messageId = mail.messageId ?? null;
    // Two copies of one mail processed at the same moment: the second waits and sees the first.
    // The Message-ID read from the raw header at storing was locked with the row; the parsed one
    // is the same but for odd encodings, and then it is locked here too.
    if (messageId && messageId !== raw.messageId)
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [messageId]);
    // The original of a duplicate and, in the same round trip, whether the sender's address sent
    // us machine mail lately (read for the acknowledgement of a new case).
    const ackAddress = mail.fromAddress ?? (raw.envelope.mailFrom.toLowerCase() || undefined);
    const [seen]: { found: boolean; case_id: string | null; robot: boolean }[] = await m.query(
      `SELECT o.found IS NOT NULL AS found, o.case_id, ${robotRecentlySql('$4')} AS robot
         FROM (SELECT 1) one LEFT JOIN LATERAL (
           SELECT true AS found, case_id FROM raw_mail
            WHERE message_id = $1 AND content_sha256 = $2 AND status = 'processed' AND class <> 'duplicate' AND id <> $3
            ORDER BY received_at LIMIT 1) o ON true`,
      [messageId, contentSha256, raw.id, robotKey(ackAddress)],
    );
    const original = seen.found ? { case_id: seen.case_id } : undefined;
    const classification = classifyMail(
      mailFacts(mail, {
        envelopeFrom: raw.envelope.mailFrom,
        isOwnAddress: (a) => isOwnAddress(a, domain, codes),
        mailDomain: domain,
        seenBefore: original !== undefined,
      }),
    );
    if (classification.class === 'auto-reply' || classification.class === 'bounce')
      await rememberRobotAddresses(
        m,
        [
          mail.fromAddress ?? '',
          raw.envelope.mailFrom,
          ...(classification.class === 'bounce' ? failedRecipients(mail) : []),
        ],
        classification.kind,
      );
    const recipients = raw.envelope.rcptTo.map((r) => parseRecipient(r, domain, codes));

    let caseId: string | null = null;
    let thread: ThreadDecision['kind'] | undefined;
    if (classification.class === 'message') {
      const decision = await this.thread(m, recipients, mail);
      thread = decision.kind;
      caseId = await this.storeMessage(m, raw, mail, recipients, decision, classification.kind, seen.robot);
    } else if (classification.class === 'bounce') {
      caseId = await this.recordBounce(m, raw, recipients, mail, classification.kind !== 'delivery-delay');
    } else if (classification.class === 'duplicate') {
      caseId = original?.case_id ?? null;
    } else {
      // An auto-reply or loop sent to a case's reply address belongs with that case (for the
      // admins' log, and so it goes when the help-seeker erases the case).
      caseId = (await this.replyTokenCase(m, recipients)) ?? null;
    }
    await this.store.markProcessed(m, raw.id, {
      class: classification.class,
      kind: classification.kind,
      reason: classification.reason,
      messageId,
      contentSha256,
      caseId,
    });
    return { status: 'processed', class: classification.class, caseId, thread };
  }

  private async thread(m: EntityManager, recipients: Recipient[], mail: ParsedInboundMail): Promise<ThreadDecision> {
    return decideThread({
      replyTokenCaseId: await this.replyTokenCase(m, recipients),
      referencedCaseIds: await this.referencedCases(
        m,
        referencedMessageIds(mail.inReplyTo, mail.references),
        mail.fromAddress,
      ),
    });
  }

  private async replyTokenCase(m: EntityManager, recipients: Recipient[]): Promise<string | undefined> {
    for (const r of recipients) {
      if (r.kind !== 'reply') continue;
      const rows: { case_id: string }[] = await m.query(`SELECT case_id FROM reply_token WHERE token_hash = $1`, [
        hashToken(r.token),
      ]);
      if (rows[0]) return rows[0].case_id;
    }
    return undefined;
  }

  /**
   * Cases named by our signed Message-IDs. The signature stops forged ids; requiring the
   * sender to be the case's own help-seeker also stops a forwarded mail's new reader from
   * writing into someone else's case (they get a case of their own).
   */
  private async referencedCases(
    m: EntityManager,
    messageIds: string[],
    sender: string | undefined,
    requireSender = true,
  ): Promise<string[]> {
    const secret = this.secrets.get('message-id');
    const candidates = [
      ...new Set(
        messageIds
          .map((id) => caseIdFromMessageId(secret, this.config.mailDomain, id))
          .filter((id): id is string => !!id),
      ),
    ];
    if (!candidates.length) return [];
    const rows: { id: string; email: string | null }[] = await m.query(
      // An erased case takes no more mail, not even a bounce: it must stay without traces.
      `SELECT c.id, lower(h.email) AS email FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id WHERE c.id = ANY($1::uuid[]) AND c.erased_at IS NULL`,
      [candidates],
    );
    const ok = new Set(
      rows.filter((r) => !requireSender || (sender && r.email === sender.toLowerCase())).map((r) => r.id),
    );
    return candidates.filter((id) => ok.has(id));
  }

  private async storeMessage(
    m: EntityManager,
    raw: RawMail,
    mail: ParsedInboundMail,
    recipients: Recipient[],
    decision: ThreadDecision,
    kind: MailKind,
    /** Whether the sender's address sent us machine mail lately, if already read. */
    robotRecently?: boolean,
  ): Promise<string> {
    const fullText = mail.text.trim();
    const newText = extractNewText(fullText).text;
    let caseId: string;
    let messageRowId: string;
    if (decision.kind === 'new') {
      const language = guessLanguage(newText);
      // Writing to us is the consent to be answered by e-mail at this address.
      const email = mail.fromAddress ?? (raw.envelope.mailFrom.toLowerCase() || null);
      const created = await this.cases.createCase(m, {
        channel: 'email',
        helpSeeker: { nickname: nicknameFromDisplayName(mail.fromName), language, email },
        region: await this.regionOf(m, recipients),
        firstMessage: { text: newText },
        // The clocks start when the mail reached us, not when a (possibly delayed) job ran.
        receivedAt: raw.receivedAt,
      });
      caseId = created.caseId;
      messageRowId = created.messageId;
      // In this same transaction: the case and its acknowledgement commit together or not at all.
      // The outbox throttles per sender and skips undeliverable addresses; robots get none.
      const address = mail.fromAddress ?? (raw.envelope.mailFrom.toLowerCase() || undefined);
      const ack = acknowledgementDecision({
        kind,
        address,
        robotRecently: robotRecently ?? (await sentRobotMailRecently(m, address)),
      });
      if (ack.send)
        await this.outbox.enqueueAcknowledgement(m, {
          caseId,
          caseToken: created.token,
          // What the case was just made with: no need to read it back.
          created: email
            ? {
                email,
                language,
                dueAt: created.expectedReplyBy?.at ?? null,
                timeZone: created.regionSla.timeZone,
                regionId: created.region.id,
                calendar: created.regionSla.calendar,
              }
            : undefined,
          inReplyTo: mail.messageId ?? null,
          references: mail.messageId
            ? [...mail.references.filter((r) => r !== mail.messageId), mail.messageId]
            : mail.references,
        });
    } else {
      caseId = decision.caseId;
      messageRowId = (
        await this.cases.addInboundMessage(m, caseId, { channel: 'email', text: newText, receivedAt: raw.receivedAt })
      ).messageId;
    }
    await m.query(
      `INSERT INTO mail_message (message_id, raw_mail_id, header_message_id, from_address, subject, full_text, html) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        messageRowId,
        raw.id,
        mail.messageId ?? null,
        mail.fromAddress ?? null,
        mail.subject ?? null,
        fullText,
        mail.html ?? null,
      ],
    );
    for (const a of mail.attachments) {
      await m.query(
        `INSERT INTO mail_attachment (message_id, filename, content_type, size, content_id, inline, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          messageRowId,
          a.filename ?? null,
          a.contentType,
          a.content.length,
          a.contentId ?? null,
          a.inline,
          createHash('sha256').update(a.content).digest(),
          a.content,
        ],
      );
    }
    return caseId;
  }

  /** A region's own address routes the new case to that region; the service address to the fallback. */
  private async regionOf(m: EntityManager, recipients: Recipient[]): Promise<RoutedRegion | undefined> {
    const code = recipients.find((r): r is Extract<Recipient, { kind: 'region' }> => r.kind === 'region')?.code;
    if (!code) return undefined;
    const rows: { id: number; code: string; name: string; is_fallback: boolean }[] = await m.query(
      `SELECT id, code, name, is_fallback FROM region WHERE code = $1`,
      [code],
    );
    return rows[0]
      ? { id: rows[0].id, code: rows[0].code, name: rows[0].name, fallback: rows[0].is_fallback }
      : undefined;
  }

  /**
   * A bounce of one of our mails: the case is found by the reply address it came back to, or by
   * our signed Message-IDs (in its headers or in the returned original), and its help-seeker's
   * address is marked undeliverable.
   */
  private async recordBounce(
    m: EntityManager,
    raw: RawMail,
    recipients: Recipient[],
    mail: ParsedInboundMail,
    undeliverable = true,
  ): Promise<string | null> {
    const inBody =
      raw.bytes.toString('latin1').match(/<l\.[0-9a-f]{32}\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}@[^<>\s]+>/g) ?? [];
    const caseId =
      (await this.replyTokenCase(m, recipients)) ??
      (
        await this.referencedCases(
          m,
          [...referencedMessageIds(mail.inReplyTo, mail.references), ...inBody],
          undefined,
          false,
        )
      )[0];
    // A delay warning names the case but says nothing is lost yet.
    if (!caseId || !undeliverable) return caseId ?? null;
    await markEmailUndeliverable(m, caseId);
    return caseId;
  }

  /**
   * A worker's or admin's "this is a person after all" for a stored bulk mail: it becomes a
   * message through the same path as any mail (threaded, a case through CasesService, mail
   * details and attachments), without an acknowledgement. Runs in the caller's transaction,
   * which holds the raw mail row locked.
   */
  async storeAsMessage(m: EntityManager, raw: RawMail): Promise<{ caseId: string; thread: ThreadDecision['kind'] }> {
    const mail = await parseMail(raw.bytes);
    const codes = await this.regions.codes();
    const recipients = raw.envelope.rcptTo.map((r) => parseRecipient(r, this.config.mailDomain, codes));
    const decision = await this.thread(m, recipients, mail);
    const caseId = await this.storeMessage(m, raw, mail, recipients, decision, 'suspected-bulk');
    return { caseId, thread: decision.kind };
  }
}
