import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CasesService } from '../cases/cases.service';
import { hashToken, isWellFormedToken, tokenMatches } from '../common/secrets';
import { InputInvalidException } from '../common/validation';
import { parsePostcode, Postcode } from '../routing/postcode';
import { ExpectedReply } from '../sla/sla.service';
import { FollowUpDto, QuestionDto } from './question.dto';

export interface SubmittedQuestion {
  caseId: string;
  caseRef: string;
  /** The case's secret; returned once, never stored in the clear. */
  token: string;
  link: string;
  regionCode: string;
  /** When the first answer is due (the region's SLA), with the zone to show it in. */
  expectedReplyBy: ExpectedReply | null;
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
  nickname: string;
  messages: CaseMessageView[];
  /** The due time of the reply owed now, if any. */
  expectedReplyBy: ExpectedReply | null;
}

/** The help-seeker side of a case: ask a question, read the conversation, write again. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly db: DataSource,
    private readonly cases: CasesService,
  ) {}

  async submitQuestion(q: QuestionDto): Promise<SubmittedQuestion> {
    const postcode = this.postcodeOf(q);
    // Everything or nothing: a help-seeker is told "received" only for a committed case. The
    // topic is checked (InputInvalidException, nothing written) in the same round trip as the
    // routing, so a question costs two: the look-up and the insert (see openCase).
    const created = await this.cases.openCase({
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
    });
    return {
      caseId: created.caseId,
      caseRef: created.caseRef,
      token: created.token,
      link: `/c/${created.token}`,
      regionCode: created.region.code,
      expectedReplyBy: created.expectedReplyBy,
    };
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
    const rows: { id: string; access_token_hash: Buffer }[] = await manager.query(
      `SELECT id, access_token_hash FROM cases WHERE access_token_hash = $1`,
      [hashToken(token)],
    );
    const row = rows[0];
    return row && tokenMatches(token, row.access_token_hash) ? row.id : undefined;
  }

  async readCase(token: string): Promise<HelpSeekerCaseView> {
    const id = await this.findCaseIdByToken(token);
    if (!id) throw new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });
    const [c] = await this.db.query(
      `SELECT c.id, c.case_ref, c.status, r.name AS region_name, h.nickname, r.time_zone,
              COALESCE(c.next_reply_due_at, c.first_reply_due_at) AS due_at
         FROM cases c JOIN region r ON r.id = c.region_id JOIN help_seeker h ON h.id = c.help_seeker_id
        WHERE c.id = $1`,
      [id],
    );
    const messages: CaseMessageView[] = (
      await this.db.query(
        `SELECT id, direction, channel, body_text, created_at FROM message WHERE case_id = $1 ORDER BY created_at, id`,
        [id],
      )
    ).map(
      (r: { id: string; direction: 'in' | 'out'; channel: 'web' | 'email'; body_text: string; created_at: Date }) => ({
        id: r.id,
        direction: r.direction,
        channel: r.channel,
        text: r.body_text,
        createdAt: r.created_at,
      }),
    );
    const expectedReplyBy = c.due_at ? { at: c.due_at as Date, timeZone: c.time_zone as string } : null;
    return {
      id: c.id,
      caseRef: c.case_ref,
      status: c.status,
      regionName: c.region_name,
      nickname: c.nickname,
      messages,
      expectedReplyBy,
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
    const rows: { code: string }[] = await this.db.query(
      `SELECT code FROM topic WHERE active ORDER BY sort_order, code`,
    );
    return rows.map((r) => r.code);
  }
}
