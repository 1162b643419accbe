import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { recordCaseEvent } from '../cases/case-events';
import { CASE_NOTIFIER, type CaseNotifier } from '../cases/case-notifier';
import { hashToken, isWellFormedToken, tokenMatches } from '../common/secrets';
import { EvaluationDto } from './evaluation.dto';
import { editableUntil, isEditable } from './evaluation-window';
import * as repo from './evaluation.repository';

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
      const c = await repo.lockCase(m, caseId);
      if (!c || c.erased_at) throw NOT_FOUND();
      const round = await this.roundOf(m, caseId, now);
      if (!round) throw new ConflictException({ code: 'evaluation_not_open', message: 'evaluation.errors.notOpen' });
      if (!round.open) throw new ConflictException({ code: 'evaluation_closed', message: 'evaluation.errors.closed' });

      const previous = round.evaluation;
      let id: string;
      if (previous) {
        await repo.updateEvaluation(m, previous.id, input, now);
        id = previous.id;
      } else {
        id = await repo.insertEvaluation(m, caseId, round.replyMessageId, input, now);
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
      worker = (await repo.authorOf(m, replyMessageId)) ?? null;
    }
    if (!worker) return;
    // A task as well as a notification: the worker marks it done on /notifications.
    await this.notifier.notify(m, [
      { to: { staffUserId: worker }, caseId, kind: 'evaluation.contact_requested', data: { evaluationId }, at: now },
    ]);
  }

  private async roundOf(m: EntityManager, caseId: string, now: Date): Promise<EvaluationRound | null> {
    const reply = await repo.latestReply(m, caseId);
    if (!reply || reply.erased) return null;
    const row = await repo.evaluationOfReply(m, reply.id);
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
    const row = await repo.caseByTokenHash(m, hashToken(token));
    if (!row || !tokenMatches(token, row.access_token_hash)) throw NOT_FOUND();
    return row.id;
  }
}
