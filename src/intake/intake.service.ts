import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { recordCaseEvent } from '../cases/case-events';
import { hashToken, isWellFormedToken, newCaseRef, newSecretToken, tokenMatches } from '../common/secrets';
import { InputInvalidException } from '../common/validation';
import { parsePostcode, Postcode } from '../routing/postcode';
import { RegionRoutingService } from '../routing/region-routing.service';
import { FollowUpDto, QuestionDto } from './question.dto';

export interface SubmittedQuestion {
  caseId: string;
  caseRef: string;
  /** The case's secret; returned once, never stored in the clear. */
  token: string;
  link: string;
  regionCode: string;
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
}

/** The help-seeker side of a case: ask a question, read the conversation, write again. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly db: DataSource,
    private readonly routing: RegionRoutingService,
  ) {}

  async submitQuestion(q: QuestionDto): Promise<SubmittedQuestion> {
    const postcode = this.postcodeOf(q);
    if (q.topic) await this.assertTopic(q.topic);
    const token = newSecretToken();
    // Everything or nothing: a help-seeker is told "received" only for a committed case.
    return this.db.transaction(async (m) => {
      const region = await this.routing.route(postcode, m);
      const [seeker] = await m.query(
        `INSERT INTO help_seeker (nickname, age_band, gender, language, email, email_consent_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
        [q.nickname, q.ageBand ?? null, q.gender ?? null, q.language ?? 'nl', q.email ?? null],
      );
      const { id, caseRef } = await this.insertCase(m, {
        tokenHash: hashToken(token),
        helpSeekerId: seeker.id,
        regionId: region.id,
        topic: q.topic ?? null,
        need: q.need ?? null,
        needOther: q.need === 'other' ? (q.needOther ?? null) : null,
        postcode,
      });
      await m.query(`INSERT INTO message (case_id, direction, channel, body_text) VALUES ($1, 'in', 'web', $2)`, [id, q.text]);
      await recordCaseEvent(m, {
        caseId: id,
        type: 'case.created',
        regionId: region.id,
        channel: 'web',
        data: { routedBy: region.fallback ? 'fallback' : 'postcode', topic: q.topic ?? null },
      });
      return { caseId: id, caseRef, token, link: `/c/${token}`, regionCode: region.code };
    });
  }

  private postcodeOf(q: QuestionDto): Postcode | undefined {
    if (q.postcodeWithheld || !q.postcode) return undefined;
    const parsed = parsePostcode(q.postcode, q.country);
    if (!parsed.ok) {
      throw new InputInvalidException({ postcode: [parsed.reason === 'format' ? 'validation.postcode.invalid' : 'validation.postcode.countryMismatch'] });
    }
    return parsed.postcode;
  }

  private async assertTopic(code: string): Promise<void> {
    const rows = await this.db.query(`SELECT 1 FROM topic WHERE code = $1 AND active`, [code]);
    if (!rows.length) throw new InputInvalidException({ topic: ['validation.topic.invalid'] });
  }

  private async insertCase(
    m: EntityManager,
    c: { tokenHash: Buffer; helpSeekerId: string; regionId: number; topic: string | null; need: string | null; needOther: string | null; postcode?: Postcode },
  ): Promise<{ id: string; caseRef: string }> {
    // A 7-character reference from 31 symbols collides rarely; retry the few times it does.
    for (let attempt = 0; ; attempt++) {
      const caseRef = newCaseRef();
      const rows: { id: string }[] = await m.query(
        `INSERT INTO cases (case_ref, access_token_hash, help_seeker_id, region_id, channel, topic_code, need, need_other, country, postcode_area)
         VALUES ($1, $2, $3, $4, 'web', $5, $6, $7, $8, $9)
         ON CONFLICT (case_ref) DO NOTHING RETURNING id`,
        [caseRef, c.tokenHash, c.helpSeekerId, c.regionId, c.topic, c.need, c.needOther, c.postcode?.country ?? null, c.postcode?.area ?? null],
      );
      if (rows[0]) return { id: rows[0].id, caseRef };
      if (attempt >= 5) throw new Error('Could not allocate a unique case reference');
    }
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
      `SELECT c.id, c.case_ref, c.status, r.name AS region_name, h.nickname
         FROM cases c JOIN region r ON r.id = c.region_id JOIN help_seeker h ON h.id = c.help_seeker_id
        WHERE c.id = $1`,
      [id],
    );
    const messages: CaseMessageView[] = (
      await this.db.query(
        `SELECT id, direction, channel, body_text, created_at FROM message WHERE case_id = $1 ORDER BY created_at, id`,
        [id],
      )
    ).map((r: { id: string; direction: 'in' | 'out'; channel: 'web' | 'email'; body_text: string; created_at: Date }) => ({
      id: r.id,
      direction: r.direction,
      channel: r.channel,
      text: r.body_text,
      createdAt: r.created_at,
    }));
    return { id: c.id, caseRef: c.case_ref, status: c.status, regionName: c.region_name, nickname: c.nickname, messages };
  }

  /** A follow-up on the same case; a closed or waiting case is open again for the team. */
  async addFollowUp(token: string, input: FollowUpDto): Promise<{ messageId: string }> {
    return this.db.transaction(async (m) => {
      const id = await this.findCaseIdByToken(token, m);
      if (!id) throw new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });
      const [c] = await m.query(`SELECT status, region_id FROM cases WHERE id = $1 FOR UPDATE`, [id]);
      const [msg] = await m.query(`INSERT INTO message (case_id, direction, channel, body_text) VALUES ($1, 'in', 'web', $2) RETURNING id`, [
        id,
        input.text,
      ]);
      const reopen = c.status === 'closed' || c.status === 'waiting';
      await m.query(
        `UPDATE cases SET last_message_at = now(), updated_at = now(), status = CASE WHEN $2 THEN 'open' ELSE status END WHERE id = $1`,
        [id, reopen],
      );
      await recordCaseEvent(m, { caseId: id, type: 'message.received', regionId: c.region_id, channel: 'web' });
      if (reopen) await recordCaseEvent(m, { caseId: id, type: 'case.reopened', regionId: c.region_id, data: { from: c.status } });
      return { messageId: msg.id };
    });
  }

  async listTopics(): Promise<string[]> {
    const rows: { code: string }[] = await this.db.query(`SELECT code FROM topic WHERE active ORDER BY sort_order, code`);
    return rows.map((r) => r.code);
  }
}
