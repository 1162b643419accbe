import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { markEmailUndeliverable } from '../../cases/case-state';
import { CasesService, NewCaseBatch } from '../../cases/cases.service';
import { AppSecrets } from '../../common/app-secrets.service';
import { hashToken } from '../../common/secrets';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { RoutedRegion } from '../../routing/region-routing.service';
import { caseIdFromMessageId } from '../mail-identity';
import { acknowledgementLockKey, OutboxBatch, OutboxService } from '../outbound/outbox.service';
import { TransactionMemo } from '../../database/transaction-memo';
import { acknowledgementDecision } from './acknowledgement-decision';
import { Classification, classifyMail, failedRecipients, MailKind, mailFacts } from './mail-classifier';
import * as repo from './inbound-mail.repository';
import type { GroupFacts, MailDetails, RegionRow } from './inbound-mail.repository';
import { guessLanguage, nicknameFromDisplayName } from './mail-help-seeker';
import { decideThread, referencedMessageIds, ThreadDecision } from './mail-threading';
import { extractNewText } from './new-text';
import { parseMail, ParsedInboundMail } from './parsed-mail';
import { contentHash } from './raw-headers';
import { ClaimedMail, ProcessedMail, RawMail, RawMailStore } from './raw-mail.store';
import { isOwnAddress, parseRecipient, Recipient } from './recipient';
import { RegionAddresses } from './region-addresses.service';
import { rememberRobotAddresses, robotKey, sentRobotMailRecently } from './robot-addresses';
import { isTransientDatabaseError } from './transient-error';

/** A mail processed inside a group's transaction: its facts, and where its writes are collected. */
interface GroupMember {
  facts: GroupFacts;
  /** contentHash of the raw mail, worked out for the facts' query. */
  contentSha256: Buffer;
  /** Its classification with seenBefore false, made while choosing the group. */
  classification: Classification;
  memo: TransactionMemo;
  /** The group's new cases and acknowledgements, written together after its last mail. */
  caseBatch: NewCaseBatch;
  outboxBatch: OutboxBatch;
  details: MailDetails[];
  processed: { id: string; result: ProcessedMail }[];
}

export interface GroupResult {
  /** Processed in the group's transaction (committed). */
  done: string[];
  /** Left to be processed one by one (see processGroup). */
  rest: string[];
}

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
        return this.processParsed(m, raw, parsed, extractNewText(parsed.text).text, codes);
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

  /**
   * Processes claimed mails that start new cases together, in one transaction: a burst of mail
   * from many people then costs one commit and a handful of statements per group instead of a
   * transaction and a dozen statements per mail. The result is the same as processing them one
   * after the other (the same code writes each; duplicates, the acknowledgement throttle and
   * continuity are decided under the same locks, taken for the whole group in one fixed order).
   *
   * Left out, for `process` one by one (returned in `rest`): a mail that cannot be parsed (it is
   * quarantined there), one that is not a help-seeker's new message (a reply to a case, a
   * bounce, an auto-reply: they touch existing cases and rows other runs may hold), one whose
   * Message-ID or sender another mail of the group has (so no mail of a group depends on another
   * one's writes), one no longer waiting, and — if anything in the transaction fails — the whole
   * group: it rolled back, nothing of it was written, so each mail is then processed once on its
   * own and only a mail that is itself at fault is quarantined.
   */
  async processGroup(mails: ClaimedMail[]): Promise<GroupResult> {
    const codes = await this.regions.codes();
    const domain = this.config.mailDomain;
    const secret = this.secrets.get('message-id');
    const rest: string[] = [];
    const keys = new Set<string>();
    const members: {
      raw: RawMail;
      mail: ParsedInboundMail;
      newText: string;
      classification: Classification;
      address: string | null;
      keys: string[];
    }[] = [];
    for (const c of mails) {
      const raw: RawMail = {
        id: c.id,
        receivedAt: c.receivedAt,
        envelope: c.envelope,
        bytes: c.bytes,
        status: 'stored',
        class: null,
        kind: null,
        reason: null,
        messageId: c.messageId,
        caseId: null,
        error: null,
      };
      const mail = await parseMail(raw.bytes).catch(() => undefined);
      if (!mail) {
        rest.push(c.id);
        continue;
      }
      const recipients = raw.envelope.rcptTo.map((r) => parseRecipient(r, domain, codes));
      const referencesCase = referencedMessageIds(mail.inReplyTo, mail.references).some(
        (id) => !!caseIdFromMessageId(secret, domain, id),
      );
      // Worked out once: the classifier reads it, and the message is stored with it.
      const newText = extractNewText(mail.text).text;
      const classification = classifyMail(
        mailFacts(
          mail,
          {
            envelopeFrom: raw.envelope.mailFrom,
            isOwnAddress: (a) => isOwnAddress(a, domain, codes),
            mailDomain: domain,
            seenBefore: false,
          },
          newText,
        ),
      );
      // The keys one-by-one processing locks: the stored and the parsed Message-ID (the row id
      // without one), and the sender's acknowledgement lock.
      const address = robotKey(mail.fromAddress ?? (raw.envelope.mailFrom.toLowerCase() || undefined));
      const mine = [
        ...new Set([raw.messageId ?? raw.id, ...(mail.messageId ? [mail.messageId] : [])]),
        ...(address ? [acknowledgementLockKey(mail.fromAddress ?? raw.envelope.mailFrom)] : []),
      ];
      if (
        classification.class !== 'message' ||
        referencesCase ||
        recipients.some((r) => r.kind === 'reply') ||
        mine.some((k) => keys.has(k))
      ) {
        rest.push(c.id);
        continue;
      }
      for (const k of mine) keys.add(k);
      members.push({ raw, mail, newText, classification, address, keys: mine });
    }
    if (!members.length) return { done: [], rest };

    const outcomes: { id: string; outcome: ProcessOutcome }[] = [];
    try {
      await this.db.transaction(async (m) => {
        // Only here, never on the SMTP path: the raw mail was committed durably before its 250,
        // and processing it is idempotent and re-claimable (its lease lapses, another run takes
        // it). A crash in the last few milliseconds can lose this commit, which then only means
        // these mails are processed again; nothing acknowledged is lost. The commit not waiting
        // for its WAL flush is most of what a group saves.
        await repo.commitWithoutFlushWait(m);
        const waiting = await this.store.lockGroup(
          m,
          members.map((x) => x.raw.id),
          members.flatMap((x) => x.keys),
        );
        const present = members.filter((x) => waiting.has(x.raw.id));
        rest.push(...members.filter((x) => !waiting.has(x.raw.id)).map((x) => x.raw.id));
        const hashes = present.map((x) => contentHash(x.raw.bytes));
        const facts = await repo.groupFacts(
          m,
          present.map((x) => x.raw.id),
          present.map((x) => x.mail.messageId ?? null),
          hashes,
          present.map((x) => x.address),
        );
        const memo = new TransactionMemo();
        const caseBatch = new NewCaseBatch();
        const outboxBatch = new OutboxBatch();
        const details: MailDetails[] = [];
        const processed: { id: string; result: ProcessedMail }[] = [];
        for (const [i, x] of present.entries()) {
          const outcome = await this.processParsed(m, x.raw, x.mail, x.newText, codes, {
            facts: facts[i],
            contentSha256: hashes[i],
            classification: x.classification,
            memo,
            caseBatch,
            outboxBatch,
            details,
            processed,
          });
          outcomes.push({ id: x.raw.id, outcome });
        }
        // The collected rows, each kind in one statement, in the order their references need.
        await this.cases.writeBatch(m, caseBatch);
        await this.outbox.writeBatch(m, outboxBatch);
        await repo.insertMailDetails(m, details);
        await this.store.markProcessedMany(m, processed);
      });
    } catch (e) {
      this.logger.warn(
        { mails: members.length, err: { type: (e as Error).name } },
        'mail group rolled back; its mails are processed one by one',
      );
      return { done: [], rest: mails.map((c) => c.id) };
    }
    for (const { id, outcome } of outcomes)
      this.logger.log(
        { rawMailId: id, status: outcome.status, class: outcome.class, caseId: outcome.caseId, thread: outcome.thread },
        'mail processed',
      );
    return { done: outcomes.map((o) => o.id), rest };
  }

  /**
   * Inside the transaction that holds the raw mail row locked (and found it not yet processed).
   * In a group (`group`), the group's transaction took the locks and read the facts already, and
   * the mail details and the processed mark are collected to be written for the whole group.
   */
  private async processParsed(
    m: EntityManager,
    raw: RawMail,
    mail: ParsedInboundMail,
    /** extractNewText of the mail's text. */
    newText: string,
    codes: ReadonlySet<string>,
    group?: GroupMember,
  ): Promise<ProcessOutcome> {
    const domain = this.config.mailDomain;
    const contentSha256 = group?.contentSha256 ?? contentHash(raw.bytes);
    const messageId = mail.messageId ?? null;
    const ackAddress = mail.fromAddress ?? (raw.envelope.mailFrom.toLowerCase() || undefined);
    let seen: GroupFacts | Omit<GroupFacts, 'known'>;
    if (group) seen = group.facts;
    else {
      // Two copies of one mail processed at the same moment: the second waits and sees the first.
      // The Message-ID read from the raw header at storing was locked with the row; the parsed one
      // is the same but for odd encodings, and then it is locked here too.
      if (messageId && messageId !== raw.messageId) await repo.lockMessageId(m, messageId);
      // The original of a duplicate and, in the same round trip, whether the sender's address sent
      // us machine mail lately (read for the acknowledgement of a new case).
      seen = await repo.seenBefore(m, messageId, contentSha256, raw.id, robotKey(ackAddress));
    }
    const original = seen.found ? { case_id: seen.case_id } : undefined;
    // The group classified it already with seenBefore false; only a duplicate comes out otherwise.
    const classification =
      group && !original
        ? group.classification
        : classifyMail(
            mailFacts(
              mail,
              {
                envelopeFrom: raw.envelope.mailFrom,
                isOwnAddress: (a) => isOwnAddress(a, domain, codes),
                mailDomain: domain,
                seenBefore: original !== undefined,
              },
              newText,
            ),
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
      caseId = await this.storeMessage(m, raw, mail, recipients, decision, classification.kind, {
        newText,
        robotRecently: seen.robot,
        group,
      });
    } else if (classification.class === 'bounce') {
      caseId = await this.recordBounce(m, raw, recipients, mail, classification.kind !== 'delivery-delay');
    } else if (classification.class === 'duplicate') {
      caseId = original?.case_id ?? null;
    } else {
      // An auto-reply or loop sent to a case's reply address belongs with that case (for the
      // admins' log, and so it goes when the help-seeker erases the case).
      caseId = (await this.replyTokenCase(m, recipients)) ?? null;
    }
    const result: ProcessedMail = {
      class: classification.class,
      kind: classification.kind,
      reason: classification.reason,
      messageId,
      contentSha256,
      caseId,
    };
    if (group) group.processed.push({ id: raw.id, result });
    else await this.store.markProcessed(m, raw.id, result);
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
      const caseId = await repo.caseOfReplyToken(m, hashToken(r.token));
      if (caseId) return caseId;
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
    // An erased case takes no more mail, not even a bounce: it is not among the rows.
    const rows = await repo.casesWithSender(m, candidates);
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
    known: {
      /** extractNewText of the mail's text, if already worked out. */
      newText?: string;
      /** Whether the sender's address sent us machine mail lately, if already read. */
      robotRecently?: boolean;
      group?: GroupMember;
    } = {},
  ): Promise<string> {
    const { robotRecently, group } = known;
    const fullText = mail.text.trim();
    // parseMail trims the text: only a NUL at its edge (removed after trimming) leaves any to trim.
    const newText =
      known.newText !== undefined && fullText === mail.text ? known.newText : extractNewText(fullText).text;
    let caseId: string;
    let messageRowId: string;
    if (decision.kind === 'new') {
      const language = guessLanguage(newText);
      // Writing to us is the consent to be answered by e-mail at this address.
      const email = mail.fromAddress ?? (raw.envelope.mailFrom.toLowerCase() || null);
      const created = await this.cases.createCase(
        m,
        {
          channel: 'email',
          helpSeeker: { nickname: nicknameFromDisplayName(mail.fromName), language, email },
          region: await this.regionOf(m, recipients, group?.memo),
          firstMessage: { text: newText },
          // The clocks start when the mail reached us, not when a (possibly delayed) job ran.
          receivedAt: raw.receivedAt,
        },
        group && { memo: group.memo, firstContact: !group.facts.known, batch: group.caseBatch },
      );
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
          // The group took the address's lock with its others, in their fixed order.
          addressLocked: !!group,
          memo: group?.memo,
          batch: group?.outboxBatch,
        });
    } else {
      caseId = decision.caseId;
      messageRowId = (
        await this.cases.addInboundMessage(m, caseId, { channel: 'email', text: newText, receivedAt: raw.receivedAt })
      ).messageId;
    }
    const details: MailDetails = { messageRowId, rawMailId: raw.id, mail, fullText };
    if (group) group.details.push(details);
    else await repo.insertMailDetails(m, [details]);
    return caseId;
  }

  /** A region's own address routes the new case to that region; the service address to the fallback. */
  private async regionOf(
    m: EntityManager,
    recipients: Recipient[],
    memo?: TransactionMemo,
  ): Promise<RoutedRegion | undefined> {
    const code = recipients.find((r): r is Extract<Recipient, { kind: 'region' }> => r.kind === 'region')?.code;
    if (!code) return undefined;
    const read = (): Promise<RegionRow[]> => repo.regionsByCode(m, code);
    const rows = memo ? await memo.get(`region ${code}`, read) : await read();
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
