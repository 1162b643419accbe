import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { recordCaseEvent } from '../cases/case-events';
import { CASE_NOTIFIER, type CaseNotifier } from '../cases/case-notifier';
import { CasesService } from '../cases/cases.service';
import { assertCaseId, caseNotFound, scopeParam, scopeSql } from '../cases/staff-case-scope';
import { InputInvalidException } from '../common/validation';
import { OutboxService } from '../mail/outbound/outbox.service';
import { Referral, ReferralsService } from '../referrals/referrals.service';
import { blockingFailures, checkReply, ChecklistResult } from './reply-checklist';
import { signatureOf } from '../staff/staff-texts';
import { checkVariables, formatReferrals, renderReply, ReplyVariables } from './reply-render';
import { ReplySections, SECTION_ORDER } from './reply-sections';
import { ReplyTemplatesService, variableErrors } from './reply-templates.service';
import * as sql from '../database/sql';

export type ReplyStatus = 'draft' | 'pending-review' | 'returned' | 'sent';

export interface ReplyInput {
  templateId?: string;
  sections: ReplySections;
  referralIds?: string[];
  send: boolean;
}

export interface ReplyResult {
  id: string;
  status: ReplyStatus;
  checklist: ChecklistResult[];
}

export type ReviewStep = 'submitted' | 'edited' | 'returned' | 'approved';

/** One step of a trainee reply's review; the comment is staff-only and lives only in `reply_review`. */
export interface ReviewStepView {
  step: ReviewStep;
  actorId: string;
  actorName: string;
  comment: string | null;
  /** For an edit: which sections the supervisor changed. */
  changed: string[];
  createdAt: Date;
}

/** A reply under review: as the help-seeker will receive it, beside its checklist and history. */
export interface ReplyReview {
  reply: ReplyView;
  caseId: string;
  channel: 'web' | 'email';
  language: 'nl' | 'en';
  /** The reply text exactly as sent: rendered through the sender's own function. */
  text: string;
  checklist: ChecklistResult[];
  problems: ReturnType<typeof checkVariables>;
  steps: ReviewStepView[];
}

export interface ReplyView extends ReplyResult {
  caseId: string;
  authorId: string;
  authorName: string;
  templateId: string | null;
  sections: ReplySections;
  referralIds: string[];
  reviewComment: string | null;
  text: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

interface CaseRow {
  id: string;
  status: string;
  channel: 'web' | 'email';
  region_id: number;
  assigned_to: string | null;
  nickname: string;
  language?: string;
  region_name: string;
  /** The organisation of the case's region: its templates and referrals are the ones a reply may use. */
  organisation_id: number;
}

interface ReplyRow {
  id: string;
  case_id: string;
  author_id: string;
  status: ReplyStatus;
  sections: ReplySections;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function trimSections(s: ReplySections): ReplySections {
  return {
    opening: s.opening ?? '',
    summarise: s.summarise ?? '',
    explore: s.explore ?? '',
    advise: s.advise ?? '',
    closing: s.closing ?? '',
  };
}

/**
 * Writing and sending replies. Every query goes through the case's region scope (another
 * region's case or reply: 404). Sending is one transaction: the `out` message, its mail in the
 * outbox, the SLA verdict, the case to `waiting`, the referrals and the audit row.
 */
@Injectable()
export class RepliesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CasesService,
    private readonly outbox: OutboxService,
    private readonly referrals: ReferralsService,
    private readonly templates: ReplyTemplatesService,
    @Inject(CASE_NOTIFIER) private readonly notifier: CaseNotifier,
  ) {}

  private async lockCase(m: EntityManager, staff: StaffIdentity, caseId: string): Promise<CaseRow> {
    assertCaseId(caseId);
    const c = await sql.one<CaseRow>(
      m,
      `SELECT c.id, c.status, c.channel, c.region_id, c.assigned_to, h.nickname, h.language, r.name AS region_name,
              r.organisation_id
         FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id JOIN region r ON r.id = c.region_id
        WHERE c.id = $1 AND ${scopeSql(2)} FOR UPDATE OF c`,
      [caseId, scopeParam(staff)],
    );
    if (!c) throw caseNotFound();
    return c;
  }

  async blockingItems(m: EntityManager = this.db.manager): Promise<Set<string>> {
    const rows = await sql.rows<{ item: string }>(m, `SELECT item FROM reply_checklist_rule WHERE blocking`);
    return new Set(rows.map((r) => r.item));
  }

  async setBlocking(item: string, blocking: boolean): Promise<void> {
    await sql.exec(
      this.db,
      `INSERT INTO reply_checklist_rule (item, blocking) VALUES ($1, $2) ON CONFLICT (item) DO UPDATE SET blocking = EXCLUDED.blocking`,
      [item, blocking],
    );
  }

  /** Variables, rendered text and checklist of a reply as it stands. */
  private async evaluate(m: EntityManager, c: CaseRow, authorId: string, sections: ReplySections, chosen: Referral[]) {
    const author = await sql.one<{ display_name: string }>(m, `SELECT display_name FROM staff_user WHERE id = $1`, [
      authorId,
    ]);
    // {{signature}}: the author's own signature in the help-seeker's language, else their name.
    const signature = await signatureOf(m, authorId, c.language ?? 'nl');
    const vars: ReplyVariables = {
      nickname: c.nickname,
      workerName: author?.display_name,
      signature: signature ?? author?.display_name,
      regionName: c.region_name,
      referrals: chosen.length ? formatReferrals(chosen) : null,
    };
    const checklist = checkReply({ sections, referrals: chosen }, await this.blockingItems(m));
    return { vars, checklist, problems: checkVariables(sections, vars), text: renderReply(sections, vars) };
  }

  /** What the help-seeker would read, with the checklist and any variable problem; writes nothing. */
  async preview(staff: StaffIdentity, caseId: string, sections: ReplySections, referralIds: string[] = []) {
    return this.db.transaction(async (m) => {
      const c = await this.lockCase(m, staff, caseId);
      const chosen = await this.referrals.byIds(m, referralIds, c.organisation_id);
      const e = await this.evaluate(m, c, staff.id, trimSections(sections), chosen);
      return { text: e.text, checklist: e.checklist, problems: e.problems };
    });
  }

  /**
   * Saves the worker's reply on the case (one unsent reply per worker and case, picked up again
   * on the next save) and, with `send`, sends it — or, for a trainee, puts it up for review.
   */
  async save(staff: StaffIdentity, caseId: string, input: ReplyInput): Promise<ReplyResult> {
    return this.db.transaction(async (m) => {
      const c = await this.lockCase(m, staff, caseId);
      const sections = trimSections(input.sections);
      let templateVersion: number | null = null;
      if (input.templateId)
        templateVersion = (await this.templates.get(input.templateId, { organisationId: c.organisation_id }, m))
          .version;
      const chosen = await this.referrals.byIds(m, input.referralIds ?? [], c.organisation_id);
      const e = await this.evaluate(m, c, staff.id, sections, chosen);
      if (input.send) this.assertSendable(e);
      const status: ReplyStatus = !input.send ? 'draft' : staff.role === 'trainee' ? 'pending-review' : 'sent';
      const existing = await sql.one<{ id: string; status: ReplyStatus }>(
        m,
        `SELECT id, status FROM reply WHERE case_id = $1 AND author_id = $2 AND status <> 'sent' FOR UPDATE`,
        [c.id, staff.id],
      );
      let id: string;
      const before: ReplyStatus | null = existing?.status ?? null;
      if (existing) {
        id = existing.id;
        await sql.exec(
          m,
          `UPDATE reply SET template_id = COALESCE($2, template_id), template_version = COALESCE($3, template_version), status = $4, sections = $5, checklist = $6, updated_at = now() WHERE id = $1`,
          [
            id,
            input.templateId ?? null,
            templateVersion,
            status === 'sent' ? 'draft' : status,
            JSON.stringify(sections),
            JSON.stringify(e.checklist),
          ],
        );
      } else {
        [{ id }] = await sql.rows<{ id: string }>(
          m,
          `INSERT INTO reply (case_id, author_id, template_id, template_version, status, sections, checklist) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            c.id,
            staff.id,
            input.templateId ?? null,
            templateVersion,
            status === 'sent' ? 'draft' : status,
            JSON.stringify(sections),
            JSON.stringify(e.checklist),
          ],
        );
      }
      await this.recordReferrals(m, id, chosen);
      if (status === 'pending-review' && before !== 'pending-review')
        await this.reviewStep(m, c, id, staff.id, 'submitted', {
          notify: { regionId: c.region_id, roles: ['supervisor'] },
        });
      if (status === 'sent') await this.deliver(m, staff, c, { id, author_id: staff.id }, e.text, e.checklist, chosen);
      else
        await this.audit.record(m, {
          actorId: staff.id,
          action: 'case.reply',
          caseId: c.id,
          data: { replyId: id, status },
        });
      return { id, status, checklist: e.checklist };
    });
  }

  /** A supervisor of the case's region sends a trainee's reply, with their edits if any. */
  async approve(
    staff: StaffIdentity,
    replyId: string,
    edits: { sections?: ReplySections; referralIds?: string[] },
  ): Promise<ReplyResult> {
    return this.db.transaction(async (m) => {
      const { reply, c } = await this.lockReply(m, staff, replyId);
      if (reply.status !== 'pending-review')
        throw new ConflictException({ code: 'reply_not_pending', message: 'replies.notPending' });
      const sections = edits.sections ? trimSections(edits.sections) : reply.sections;
      const ids =
        edits.referralIds ??
        (
          await sql.rows<{ referral_id: string }>(
            m,
            `SELECT referral_id FROM reply_referral WHERE reply_id = $1 ORDER BY position`,
            [reply.id],
          )
        ).map((r) => r.referral_id);
      const chosen = await this.referrals.byIds(m, ids, c.organisation_id);
      const e = await this.evaluate(m, c, reply.author_id, sections, chosen);
      this.assertSendable(e);
      const before = await this.referralIdsOf(m, reply.id);
      const changed = SECTION_ORDER.filter((k) => (sections[k] ?? '') !== (reply.sections[k] ?? ''));
      const referralsChanged = before.join() !== chosen.map((r) => r.id).join();
      await sql.exec(m, `UPDATE reply SET sections = $2, reviewed_by = $3, updated_at = now() WHERE id = $1`, [
        reply.id,
        JSON.stringify(sections),
        staff.id,
      ]);
      await this.recordReferrals(m, reply.id, chosen);
      // The supervisor's edit is kept: what the trainee wrote, and which parts changed.
      if (changed.length || referralsChanged)
        await this.reviewStep(m, c, reply.id, staff.id, 'edited', {
          sectionsBefore: { ...reply.sections, referralIds: before },
          data: { sections: [...changed, ...(referralsChanged ? ['referrals'] : [])] },
        });
      await this.reviewStep(m, c, reply.id, staff.id, 'approved', { notify: { staffUserId: reply.author_id } });
      await this.deliver(m, staff, c, reply, e.text, e.checklist, chosen);
      return { id: reply.id, status: 'sent' as const, checklist: e.checklist };
    });
  }

  /** Back to the trainee with the supervisor's comment; they edit and send it for review again. */
  async returnToAuthor(staff: StaffIdentity, replyId: string, comment: string): Promise<ReplyResult> {
    const why = comment.trim();
    if (!why) throw new InputInvalidException({ comment: ['replies.commentRequired'] });
    if (why.length > 2000) throw new InputInvalidException({ comment: ['replies.commentTooLong'] });
    return this.db.transaction(async (m) => {
      const { reply, c } = await this.lockReply(m, staff, replyId);
      if (reply.status !== 'pending-review')
        throw new ConflictException({ code: 'reply_not_pending', message: 'replies.notPending' });
      const r = await sql.only<{ checklist: ChecklistResult[] }>(
        m,
        `WITH u AS (UPDATE reply SET status = 'returned', reviewed_by = $2, updated_at = now() WHERE id = $1 RETURNING checklist) SELECT checklist FROM u`,
        [reply.id, staff.id],
      );
      await this.reviewStep(m, c, reply.id, staff.id, 'returned', {
        comment: why,
        notify: { staffUserId: reply.author_id },
      });
      await this.audit.record(m, {
        actorId: staff.id,
        action: 'case.reply',
        caseId: c.id,
        targetUserId: reply.author_id,
        data: { replyId: reply.id, status: 'returned' },
      });
      return { id: reply.id, status: 'returned' as const, checklist: r.checklist };
    });
  }

  /** The replies of a case: everything sent or waiting for review, and the user's own drafts. */
  async list(staff: StaffIdentity, caseId: string): Promise<ReplyView[]> {
    assertCaseId(caseId);
    const c = await sql.one<{ id: string }>(this.db, `SELECT c.id FROM cases c WHERE c.id = $1 AND ${scopeSql(2)}`, [
      caseId,
      scopeParam(staff),
    ]);
    if (!c) throw caseNotFound();
    const rows = await sql.rows<ReplyView>(
      this.db,
      `SELECT r.id, r.case_id AS "caseId", r.author_id AS "authorId", u.display_name AS "authorName", r.template_id AS "templateId", r.status, r.sections,
              r.checklist,
              CASE WHEN r.status = 'returned' THEN (SELECT v.comment FROM reply_review v WHERE v.reply_id = r.id AND v.step = 'returned'
                                                     ORDER BY v.created_at DESC, v.id DESC LIMIT 1) END AS "reviewComment",
              r.body_text AS text, r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.sent_at AS "sentAt",
              COALESCE((SELECT array_agg(rr.referral_id ORDER BY rr.position) FROM reply_referral rr WHERE rr.reply_id = r.id), '{}') AS "referralIds"
         FROM reply r JOIN staff_user u ON u.id = r.author_id
        WHERE r.case_id = $1 AND (r.status IN ('sent', 'pending-review') OR r.author_id = $2)
        ORDER BY r.created_at`,
      [caseId, staff.id],
    );
    return rows;
  }

  /**
   * A reply waiting for review as the supervisor sees it: the text exactly as the help-seeker
   * will receive it (the sender's own rendering: template variables, referrals, greeting and
   * closing filled in; `edits` shows a supervisor's changes before they are saved), its checklist
   * and every review step. Supervisors and up of the case's region; the reply's author may read
   * it too. Anything else: 404 (another region) or 403.
   */
  async review(
    staff: StaffIdentity,
    replyId: string,
    edits?: { sections?: ReplySections; referralIds?: string[] },
  ): Promise<ReplyReview> {
    return this.db.transaction(async (m) => {
      const [r] = UUID.test(replyId)
        ? await sql.rows<{ case_id: string }>(m, `SELECT case_id FROM reply WHERE id = $1`, [replyId])
        : [];
      if (!r) throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
      const c = await sql.one<CaseRow & { language: string }>(
        m,
        `SELECT c.id, c.status, c.channel, c.region_id, c.assigned_to, h.nickname, h.language, r.name AS region_name,
              r.organisation_id
           FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id JOIN region r ON r.id = c.region_id
          WHERE c.id = $1 AND c.erased_at IS NULL AND ${scopeSql(2)}`,
        [r.case_id, scopeParam(staff)],
      );
      if (!c) throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
      const reply = (await this.list(staff, c.id)).find((x) => x.id === replyId);
      if (!reply) throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
      if (reply.authorId !== staff.id && !rolesAtLeast('supervisor').includes(staff.role))
        throw new ForbiddenException({ code: 'forbidden', message: 'errors.http403' });
      const sections = edits?.sections ? trimSections(edits.sections) : trimSections(reply.sections);
      const chosen = await this.referrals.byIds(m, edits?.referralIds ?? reply.referralIds, c.organisation_id);
      const e = await this.evaluate(m, c, reply.authorId, sections, chosen);
      const rows = await sql.rows<Omit<ReviewStepView, 'changed'> & { before: Record<string, unknown> | null }>(
        m,
        `SELECT v.step, v.actor_id AS "actorId", u.display_name AS "actorName", v.comment, v.created_at AS "createdAt",
                v.sections_before AS before
           FROM reply_review v JOIN staff_user u ON u.id = v.actor_id
          WHERE v.reply_id = $1 ORDER BY v.created_at, v.id`,
        [replyId],
      );
      // An edit is followed by the approval that sent it, so what it changed is the difference to the reply as sent.
      const steps: ReviewStepView[] = rows.map(({ before, ...v }) => ({
        ...v,
        changed: before
          ? [
              ...SECTION_ORDER.filter((k) => (before[k] ?? '') !== (reply.sections[k] ?? '')),
              ...(JSON.stringify(before.referralIds ?? []) !== JSON.stringify(reply.referralIds) ? ['referrals'] : []),
            ]
          : [],
      }));
      return {
        reply: { ...reply, sections, referralIds: chosen.map((x) => x.id) },
        caseId: c.id,
        channel: c.channel,
        language: c.language === 'en' ? 'en' : 'nl',
        text: e.text,
        checklist: e.checklist,
        problems: e.problems,
        steps,
      };
    });
  }

  private async referralIdsOf(m: EntityManager, replyId: string): Promise<string[]> {
    const rows = await sql.rows<{ referral_id: string }>(
      m,
      `SELECT referral_id FROM reply_referral WHERE reply_id = $1 ORDER BY position`,
      [replyId],
    );
    return rows.map((r) => r.referral_id);
  }

  /**
   * One review step: its row in `reply_review` (the only place a comment is kept), an event on the
   * case timeline (facts only: the reply id, the step, which sections an edit changed) and the
   * notification for whoever is next.
   */
  private async reviewStep(
    m: EntityManager,
    c: CaseRow,
    replyId: string,
    actorId: string,
    step: ReviewStep,
    o: {
      comment?: string;
      sectionsBefore?: Record<string, unknown>;
      data?: Record<string, string[]>;
      notify?: { staffUserId: string } | { regionId: number; roles: string[] };
    } = {},
  ): Promise<void> {
    const { id } = await sql.only<{ id: string }>(
      m,
      `INSERT INTO reply_review (reply_id, case_id, actor_id, step, comment, sections_before) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [replyId, c.id, actorId, step, o.comment ?? null, o.sectionsBefore ? JSON.stringify(o.sectionsBefore) : null],
    );
    await recordCaseEvent(m, {
      caseId: c.id,
      type: `reply.${step}`,
      regionId: c.region_id,
      actorId,
      data: { replyId, step: String(id), ...(o.data ?? {}) },
    });
    // A decision ends the request: the supervisors' "review requested" notices are read.
    if (step === 'approved' || step === 'returned')
      await this.notifier.settle(m, { caseId: c.id, kind: 'review.requested', replyId });
    if (o.notify)
      await this.notifier.notify(m, [
        {
          to: o.notify,
          caseId: c.id,
          kind: step === 'submitted' ? 'review.requested' : step === 'returned' ? 'review.returned' : 'review.approved',
          actorId,
          data: { replyId },
        },
      ]);
  }

  private assertSendable(e: { problems: ReturnType<typeof checkVariables>; checklist: ChecklistResult[] }): void {
    // Every problem at once: a worker fixes them in one go instead of meeting them one by one.
    const failing = blockingFailures(e.checklist);
    if (!e.problems.length && !failing.length) return;
    const fields = {
      ...(e.problems.length ? variableErrors(e.problems).fields : {}),
      ...Object.fromEntries(failing.map((i) => [`checklist.${i}`, [`replies.checklist.${i}`]])),
    };
    throw new InputInvalidException(fields, e.problems.length ? 'template_variable' : 'checklist_incomplete');
  }

  private async lockReply(
    m: EntityManager,
    staff: StaffIdentity,
    replyId: string,
  ): Promise<{ reply: ReplyRow; c: CaseRow }> {
    const [r] = UUID.test(replyId)
      ? await sql.rows<{ case_id: string }>(m, `SELECT case_id FROM reply WHERE id = $1`, [replyId])
      : [];
    if (!r) throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
    const c = await this.lockCase(m, staff, r.case_id).catch(() => {
      throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
    });
    const reply = await sql.only<ReplyRow>(
      m,
      `SELECT id, case_id, author_id, status, sections FROM reply WHERE id = $1 FOR UPDATE`,
      [replyId],
    );
    return { reply, c };
  }

  private async recordReferrals(m: EntityManager, replyId: string, chosen: Referral[]): Promise<void> {
    await sql.exec(m, `DELETE FROM reply_referral WHERE reply_id = $1`, [replyId]);
    for (const [i, r] of chosen.entries()) {
      await sql.exec(m, `INSERT INTO reply_referral (reply_id, referral_id, position, kind) VALUES ($1, $2, $3, $4)`, [
        replyId,
        r.id,
        i,
        r.kind,
      ]);
    }
  }

  private async deliver(
    m: EntityManager,
    actor: StaffIdentity,
    c: CaseRow,
    reply: { id: string; author_id: string },
    text: string,
    checklist: ChecklistResult[],
    chosen: Referral[],
  ): Promise<void> {
    const now = new Date();
    const msg = await sql.only<{ id: string }>(
      m,
      `INSERT INTO message (case_id, direction, channel, body_text, author_id, created_at) VALUES ($1, 'out', $2, $3, $4, $5) RETURNING id`,
      [c.id, c.channel, text, reply.author_id, now],
    );
    const mail = await this.outbox.enqueueReply(m, { caseId: c.id, text });
    await this.cases.replySent(m, c, reply.author_id, actor.id, now);
    await sql.exec(
      m,
      `UPDATE reply SET status = 'sent', body_text = $2, checklist = $3, message_id = $4, sent_at = $5, updated_at = $5 WHERE id = $1`,
      [reply.id, text, JSON.stringify(checklist), msg.id, now],
    );
    // The dashboards' quality figures come from this fact, not from the reply text.
    const referralKinds = (kind: string) => chosen.filter((r) => r.kind === kind).length;
    await recordCaseEvent(m, {
      caseId: c.id,
      type: 'reply.sent',
      regionId: c.region_id,
      channel: c.channel,
      actorId: reply.author_id,
      occurredAt: now,
      data: {
        replyId: reply.id,
        checks: checklist.filter((i) => i.ok).map((i) => i.item),
        referrals: {
          'social-work': referralKinds('social-work'),
          'face-to-face': referralKinds('face-to-face'),
          online: referralKinds('online'),
        },
      },
    });
    await this.audit.record(m, {
      actorId: actor.id,
      action: 'case.reply',
      caseId: c.id,
      targetUserId: reply.author_id === actor.id ? null : reply.author_id,
      data: {
        replyId: reply.id,
        status: 'sent',
        referrals: chosen.length,
        online: chosen.filter((r) => r.kind === 'online').length,
        mail: mail ? mail.outboxId : null,
      },
    });
  }
}
