import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CasesService, NewCase } from '../cases/cases.service';
import { hashToken, isWellFormedToken, tokenMatches } from '../common/secrets';
import { InputInvalidException } from '../common/validation';
import { OutboxService } from '../mail/outbound/outbox.service';
import { parsePostcode, Postcode } from '../routing/postcode';
import { OrganisationLook, OrganisationsService } from '../organisations/organisations.service';
import { ExpectedReply, SlaService } from '../sla/sla.service';
import { HelpSeekerSessions, NewSessionId } from './help-seeker-session.service';
import { honestReplyTime, HonestReplyTime } from '../sla/honest-reply-time';
import { CrisisSelfReport, FollowUpDto, QuestionDto } from './question.dto';
import * as repo from './intake.repository';

export interface SubmittedQuestion {
  caseId: string;
  caseRef: string;
  /** The case's secret; returned once, never stored in the clear. */
  token: string;
  link: string;
  regionCode: string;
  /** When the first answer is due (the region's SLA), with the zone to show it in. */
  expectedReplyBy: ExpectedReply | null;
  /** A crisis case from the start (the crisis question or the wording). */
  crisis: boolean;
  /** The same idempotency key was seen before: this is that case, nothing new was written. */
  replayed: boolean;
}

export interface CaseMessageView {
  id: string;
  direction: 'in' | 'out';
  channel: 'web' | 'email';
  text: string;
  createdAt: Date;
}

export interface HelpSeekerCaseView {
  id: string;
  caseRef: string;
  status: string;
  regionName: string;
  /** The region's zone: the conversation's dates are shown in it. */
  timeZone: string;
  nickname: string;
  messages: CaseMessageView[];
  /** The due time of the reply owed now, if any. */
  expectedReplyBy: ExpectedReply | null;
  regionId: number;
  /** From the postcode, when given. */
  country: 'NL' | 'BE' | null;
  crisis: boolean;
  crisisSelfReport: CrisisSelfReport | null;
  /** The help-seeker left an address (with consent) for the link and notifications. */
  hasEmail: boolean;
  /** The organisation that answers: its name and look, shown once the case is routed (it always is). */
  organisation?: OrganisationLook;
}

/** Raised inside the question's transaction when its idempotency key is already taken. */
class KeyTaken extends Error {}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The help-seeker side of a case: ask a question, read the conversation, write again. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly sessions: HelpSeekerSessions,
    private readonly outbox: OutboxService,
    private readonly sla: SlaService,
    private readonly organisations: OrganisationsService,
  ) {}

  /**
   * A question from the form or the API. `session`: also start the browser session the form's
   * confirmation page runs in (in the same transaction). With an idempotency key, the same key
   * again gives the same case (`replayed`), and a different question under it is a 409.
   */
  async submitQuestion(q: QuestionDto, opts: { session?: NewSessionId } = {}): Promise<SubmittedQuestion> {
    const newCase = this.newCase(q);
    const wantsLink = !!(q.email && q.emailConsent);
    if (!q.idempotencyKey && !opts.session && !wantsLink) {
      // Everything or nothing: a help-seeker is told "received" only for a committed case. The
      // topic is checked (InputInvalidException, nothing written) in the same round trip as the
      // routing, so a plain question costs two: the look-up and the insert (see openCase).
      const created = await this.cases.openCase(newCase);
      return this.submitted(created, false);
    }
    const key = q.idempotencyKey ? sha256(q.idempotencyKey) : null;
    const fingerprint = fingerprintOf(q);
    try {
      return await this.db.transaction(async (m) => {
        const created = await this.cases.createCase(m, newCase);
        const sealed = this.sessions.seal(created.token);
        // The key is taken last, in the same transaction: a second request with it waits here
        // for the first to commit and then finds it taken (KeyTaken rolls its own case back).
        const claimed = await repo.claimQuestionKey(
          m,
          key,
          fingerprint,
          created.caseId,
          sealed,
          opts.session?.hash ?? null,
        );
        if (key && !claimed) throw new KeyTaken();
        if (wantsLink) await this.outbox.enqueueCaseLink(m, { caseId: created.caseId, caseToken: created.token });
        return this.submitted(created, false);
      });
    } catch (e) {
      if (e instanceof KeyTaken) return this.replay(key!, fingerprint, opts.session);
      throw e;
    }
  }

  /** The case an idempotency key was first used for; a different question under it is refused. */
  private async replay(key: Buffer, fingerprint: Buffer, session?: NewSessionId): Promise<SubmittedQuestion> {
    const row = await repo.questionByKey(this.db, key);
    if (!row || !Buffer.from(row.fingerprint).equals(fingerprint)) {
      throw new ConflictException({ code: 'idempotency_key_reused', message: 'errors.idempotencyConflict' });
    }
    const token = this.sessions.open(row.sealed_token);
    if (session) {
      await repo.insertSession(this.db, session.hash, row.case_id, row.sealed_token);
    }
    return {
      caseId: row.case_id,
      caseRef: row.case_ref,
      token,
      link: `/c/${token}`,
      regionCode: row.code,
      expectedReplyBy: row.first_reply_due_at ? { at: row.first_reply_due_at, timeZone: row.time_zone } : null,
      crisis: row.crisis,
      replayed: true,
    };
  }

  private submitted(created: Awaited<ReturnType<CasesService['openCase']>>, replayed: boolean): SubmittedQuestion {
    return {
      caseId: created.caseId,
      caseRef: created.caseRef,
      token: created.token,
      link: `/c/${created.token}`,
      regionCode: created.region.code,
      expectedReplyBy: created.expectedReplyBy,
      crisis: created.crisis,
      replayed,
    };
  }

  private newCase(q: QuestionDto): NewCase {
    const postcode = this.postcodeOf(q);
    return {
      channel: 'web',
      helpSeeker: {
        nickname: q.nickname,
        ageBand: q.ageBand,
        gender: q.gender,
        language: q.language ?? 'nl',
        email: q.email,
      },
      postcode,
      topic: q.topic,
      need: q.need,
      needOther: q.needOther,
      firstMessage: { text: q.text },
      crisisSelfReport: q.crisisSelfReport ?? null,
    };
  }

  /**
   * The confirmation page's "mail me the link": the address is kept for this case only (as an
   * address given on the form is), and the link goes out once, sealed until sent.
   * False when the case already has an address.
   */
  async mailLink(caseId: string, token: string, email: string): Promise<boolean> {
    return this.db.transaction(async (m) => {
      if (!(await this.cases.setHelpSeekerEmail(m, caseId, email))) return false;
      await this.outbox.enqueueCaseLink(m, { caseId, caseToken: token });
      return true;
    });
  }

  /** When a worker will read the case, as it may honestly be told: never a time when nobody works. */
  async honestReply(regionId: number, due: ExpectedReply): Promise<HonestReplyTime & { timeZone: string }> {
    const region = await this.sla.region(this.db.manager, regionId);
    return { ...honestReplyTime(due.at, region.calendar), timeZone: due.timeZone };
  }

  private postcodeOf(q: QuestionDto): Postcode | undefined {
    if (q.postcodeWithheld || !q.postcode) return undefined;
    const parsed = parsePostcode(q.postcode, q.country);
    if (!parsed.ok) {
      throw new InputInvalidException({
        postcode: [parsed.reason === 'format' ? 'validation.postcode.invalid' : 'validation.postcode.countryMismatch'],
      });
    }
    return parsed.postcode;
  }

  /** The case behind a secret link, or undefined. Looks up by hash, then compares in constant time. */
  async findCaseIdByToken(token: string, manager: EntityManager = this.db.manager): Promise<string | undefined> {
    if (!isWellFormedToken(token)) return undefined;
    const row = await repo.caseByTokenHash(manager, hashToken(token));
    return row && tokenMatches(token, row.access_token_hash) ? row.id : undefined;
  }

  async readCase(token: string): Promise<HelpSeekerCaseView> {
    const id = await this.findCaseIdByToken(token);
    if (!id) throw new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });
    const c = await repo.helpSeekerCase(this.db, id);
    const messages: CaseMessageView[] = (await repo.caseMessages(this.db, id)).map((r) => ({
      id: r.id,
      direction: r.direction,
      channel: r.channel,
      text: r.body_text,
      createdAt: r.created_at,
    }));
    const expectedReplyBy = c.due_at ? { at: c.due_at, timeZone: c.time_zone } : null;
    const organisation = await this.organisations.lookOfRegion(c.region_id);
    return {
      id: c.id,
      caseRef: c.case_ref,
      status: c.status,
      regionName: c.region_name,
      timeZone: c.time_zone,
      nickname: c.nickname,
      messages,
      expectedReplyBy,
      regionId: c.region_id,
      country: c.country,
      crisis: c.crisis,
      crisisSelfReport: c.crisis_self_report,
      hasEmail: c.has_email,
      organisation,
    };
  }

  /** A follow-up on the same case; a closed or waiting case is open again for the team. */
  async addFollowUp(token: string, input: FollowUpDto): Promise<{ messageId: string }> {
    return this.db.transaction(async (m) => {
      const id = await this.findCaseIdByToken(token, m);
      if (!id) throw new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });
      const { messageId } = await this.cases.addInboundMessage(m, id, { channel: 'web', text: input.text });
      return { messageId };
    });
  }

  async listTopics(): Promise<string[]> {
    return repo.activeTopicCodes(this.db);
  }
}

/** What makes two submissions the same question: every field that goes into the case. */
function fingerprintOf(q: QuestionDto): Buffer {
  return sha256(
    JSON.stringify([
      q.nickname,
      q.text,
      q.postcode ?? null,
      q.country ?? null,
      q.postcodeWithheld ?? null,
      q.topic ?? null,
      q.need ?? null,
      q.needOther ?? null,
      q.ageBand ?? null,
      q.gender ?? null,
      q.language ?? null,
      q.email ?? null,
      q.crisisSelfReport ?? null,
    ]),
  );
}
