import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { recordCaseEvent } from '../cases/case-events';
import { CASE_NOTIFIER, type CaseNotifier } from '../cases/case-notifier';
import { hashToken, isWellFormedToken, tokenMatches } from '../common/secrets';
import { EvaluationDto } from './evaluation.dto';
import { editableUntil, isEditable } from './evaluation-window';
import * as sql from '../database/sql';

export interface StoredEvaluation {
  id: string;
  pleasant: boolean;
  helped: boolean;
  personalContact: boolean;
  meaningfulScore: number;
  helpedScore: number;
  comment: string | null;
  submittedAt: Date;
}

/** The evaluation round of a case: the latest reply, and what (if anything) was said about it. */
export interface EvaluationRound {
  replyMessageId: string;
  evaluation: StoredEvaluation | null;
  /** Open for a first answer, or still inside the day to change it. */
  open: boolean;
  editableUntil: Date | null;
}

export interface EvaluationSaved {
  id: string;
  created: boolean;
  editableUntil: Date;
}

interface EvaluationRow {
  id: string;
  pleasant: boolean;
  helped: boolean;
  personal_contact: boolean;
  meaningful_score: number;
  helped_score: number;
  comment: string | null;
  submitted_at: Date;
}

const NOT_FOUND = () => new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });

/**
 * The help-seeker's evaluation, once per reply round (the latest outgoing message), changeable for
 * 24 hours. A "yes" to personal contact becomes a follow-up task for the worker: a case event and
 * an in-app notification (facts only; the comment never leaves the evaluation row).
 * `now` comes from the caller so tests control the clock.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly db: DataSource,
    @Inject(CASE_NOTIFIER) private readonly notifier: CaseNotifier,
  ) {}

  /** The round shown on the case page, or null when there is no reply yet or the case is erased. */
  async roundForCase(caseId: string, now: Date): Promise<EvaluationRound | null> {
    return this.roundOf(this.db.manager, caseId, now);
  }

  async submit(token: string, input: EvaluationDto, now: Date): Promise<EvaluationSaved> {
    return this.db.transaction(async (m) => {
      const caseId = await this.caseIdOf(m, token);
      // One writer per case at a time: two quick submits of the same round cannot both insert.
      const c = await sql.one<{
        id: string;
        region_id: number;
        channel: string;
        assigned_to: string | null;
        erased_at: Date | null;
      }>(m, `SELECT id, region_id, channel, assigned_to, erased_at FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
      if (!c || c.erased_at) throw NOT_FOUND();
      const round = await this.roundOf(m, caseId, now);
      if (!round) throw new ConflictException({ code: 'evaluation_not_open', message: 'evaluation.errors.notOpen' });
      if (!round.open) throw new ConflictException({ code: 'evaluation_closed', message: 'evaluation.errors.closed' });

      const previous = round.evaluation;
      let id: string;
      if (previous) {
        await sql.exec(
          m,
          `UPDATE evaluation SET pleasant = $2, helped = $3, personal_contact = $4, meaningful_score = $5, helped_score = $6, comment = $7, updated_at = $8
            WHERE id = $1`,
          [
            previous.id,
            input.pleasant,
            input.helped,
            input.personalContact,
            input.meaningfulScore,
            input.helpedScore,
            input.comment ?? null,
            now,
          ],
        );
        id = previous.id;
      } else {
        const row = await sql.only<{ id: string }>(
          m,
          `INSERT INTO evaluation (case_id, reply_message_id, pleasant, helped, personal_contact, meaningful_score, helped_score, comment, submitted_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
          [
            caseId,
            round.replyMessageId,
            input.pleasant,
            input.helped,
            input.personalContact,
            input.meaningfulScore,
            input.helpedScore,
            input.comment ?? null,
            now,
          ],
        );
        id = String(row.id);
      }

      const facts = {
        evaluationId: Number(id),
        pleasant: input.pleasant,
        helped: input.helped,
        personalContact: input.personalContact,
        meaningfulScore: input.meaningfulScore,
        helpedScore: input.helpedScore,
        hasComment: input.comment !== undefined,
      };
      const base = { caseId, regionId: c.region_id, channel: c.channel, occurredAt: now };
      await recordCaseEvent(m, {
        ...base,
        type: previous ? 'evaluation.updated' : 'evaluation.submitted',
        data: facts,
      });
      if (input.personalContact && !previous?.personalContact) {
        await recordCaseEvent(m, { ...base, type: 'evaluation.contact_requested', data: { evaluationId: Number(id) } });
        await this.notifyWorker(m, caseId, c.assigned_to, round.replyMessageId, Number(id), now);
      }
      return { id, created: !previous, editableUntil: editableUntil(previous?.submittedAt ?? now) };
    });
  }

  /** The assigned worker, or else whoever wrote the reply being evaluated, gets the task in their inbox. */
  private async notifyWorker(
    m: EntityManager,
    caseId: string,
    assignedTo: string | null,
    replyMessageId: string,
    evaluationId: number,
    now: Date,
  ): Promise<void> {
    let worker = assignedTo;
    if (!worker) {
      const reply = await sql.one<{ author_id: string | null }>(m, `SELECT author_id FROM message WHERE id = $1`, [
        replyMessageId,
      ]);
      worker = reply?.author_id ?? null;
    }
    if (!worker) return;
    // A task as well as a notification: the worker marks it done on /notifications.
    await this.notifier.notify(m, [
      { to: { staffUserId: worker }, caseId, kind: 'evaluation.contact_requested', data: { evaluationId }, at: now },
    ]);
  }

  private async roundOf(m: EntityManager, caseId: string, now: Date): Promise<EvaluationRound | null> {
    const reply = await sql.one<{ id: string; erased: boolean }>(
      m,
      `SELECT msg.id, c.erased_at IS NOT NULL AS erased
         FROM cases c JOIN message msg ON msg.case_id = c.id AND msg.direction = 'out'
        WHERE c.id = $1 ORDER BY msg.created_at DESC, msg.id DESC LIMIT 1`,
      [caseId],
    );
    if (!reply || reply.erased) return null;
    const row = await sql.one<EvaluationRow>(
      m,
      `SELECT id, pleasant, helped, personal_contact, meaningful_score, helped_score, comment, submitted_at FROM evaluation WHERE reply_message_id = $1`,
      [reply.id],
    );
    const evaluation: StoredEvaluation | null = row
      ? {
          id: String(row.id),
          pleasant: row.pleasant,
          helped: row.helped,
          personalContact: row.personal_contact,
          meaningfulScore: row.meaningful_score,
          helpedScore: row.helped_score,
          comment: row.comment,
          submittedAt: row.submitted_at,
        }
      : null;
    return {
      replyMessageId: reply.id,
      evaluation,
      open: !evaluation || isEditable(evaluation.submittedAt, now),
      editableUntil: evaluation ? editableUntil(evaluation.submittedAt) : null,
    };
  }

  /** The case behind a secret link: looked up by hash, then compared in constant time. */
  private async caseIdOf(m: EntityManager, token: string): Promise<string> {
    if (!isWellFormedToken(token)) throw NOT_FOUND();
    const row = await sql.one<{ id: string; access_token_hash: Buffer }>(
      m,
      `SELECT id, access_token_hash FROM cases WHERE access_token_hash = $1`,
      [hashToken(token)],
    );
    if (!row || !tokenMatches(token, row.access_token_hash)) throw NOT_FOUND();
    return row.id;
  }
}
