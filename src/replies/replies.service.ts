import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { recordCaseEvent } from '../cases/case-events';
import { CASE_NOTIFIER, type CaseNotifier } from '../cases/case-notifier';
import { CasesService } from '../cases/cases.service';
import { assertCaseId, caseNotFound, scopeParam } from '../cases/staff-case-scope';
import { InputInvalidException } from '../common/validation';
import { OutboxService } from '../mail/outbound/outbox.service';
import { Referral, ReferralsService } from '../referrals/referrals.service';
import { blockingFailures, checkReply, ChecklistResult } from './reply-checklist';
import { signatureOf } from '../staff/staff-texts';
import { checkVariables, formatReferrals, renderReply, ReplyVariables } from './reply-render';
import { ReplySections, SECTION_ORDER } from './reply-sections';
import { ReplyTemplatesService, variableErrors } from './reply-templates.service';
import * as repo from './replies.repository';
import type {
  CaseRow,
  ReplyResult,
  ReplyRow,
  ReplyStatus,
  ReplyView,
  ReviewStep,
  ReviewStepView,
} from './replies.repository';

export type { ReplyResult, ReplyStatus, ReplyView, ReviewStep, ReviewStepView } from './replies.repository';

export interface ReplyInput {
  templateId?: string;
  sections: ReplySections;
  referralIds?: string[];
  send: boolean;
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
    const c = await repo.lockCase(m, caseId, scopeParam(staff));
    if (!c) throw caseNotFound();
    return c;
  }

  async blockingItems(m: EntityManager = this.db.manager): Promise<Set<string>> {
    return new Set(await repo.blockingItems(m));
  }

  async setBlocking(item: string, blocking: boolean): Promise<void> {
    await repo.setBlocking(this.db, item, blocking);
  }

  /** Variables, rendered text and checklist of a reply as it stands. */
  private async evaluate(m: EntityManager, c: CaseRow, authorId: string, sections: ReplySections, chosen: Referral[]) {
    const authorName = await repo.displayNameOf(m, authorId);
    // {{signature}}: the author's own signature in the help-seeker's language, else their name.
    const signature = await signatureOf(m, authorId, c.language ?? 'nl');
    const vars: ReplyVariables = {
      nickname: c.nickname,
      workerName: authorName,
      signature: signature ?? authorName,
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
      const existing = await repo.unsentReplyOf(m, c.id, staff.id);
      const draft: repo.ReplyDraft = {
        templateId: input.templateId ?? null,
        templateVersion,
        status: status === 'sent' ? 'draft' : status,
        sections,
        checklist: e.checklist,
      };
      let id: string;
      const before: ReplyStatus | null = existing?.status ?? null;
      if (existing) {
        id = existing.id;
        await repo.updateReply(m, id, draft);
      } else {
        id = await repo.insertReply(m, c.id, staff.id, draft);
      }
      await repo.replaceReferrals(m, id, chosen);
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
      const ids = edits.referralIds ?? (await repo.referralIdsOf(m, reply.id));
      const chosen = await this.referrals.byIds(m, ids, c.organisation_id);
      const e = await this.evaluate(m, c, reply.author_id, sections, chosen);
      this.assertSendable(e);
      const before = await repo.referralIdsOf(m, reply.id);
      const changed = SECTION_ORDER.filter((k) => (sections[k] ?? '') !== (reply.sections[k] ?? ''));
      const referralsChanged = before.join() !== chosen.map((r) => r.id).join();
      await repo.saveEdit(m, reply.id, sections, staff.id);
      await repo.replaceReferrals(m, reply.id, chosen);
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
      const checklist = await repo.markReturned(m, reply.id, staff.id);
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
      return { id: reply.id, status: 'returned' as const, checklist };
    });
  }

  /** The replies of a case: everything sent or waiting for review, and the user's own drafts. */
  async list(staff: StaffIdentity, caseId: string): Promise<ReplyView[]> {
    assertCaseId(caseId);
    if (!(await repo.caseInScope(this.db, caseId, scopeParam(staff)))) throw caseNotFound();
    return repo.repliesOfCase(this.db, caseId, staff.id);
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
      const caseId = UUID.test(replyId) ? await repo.caseIdOfReply(m, replyId) : undefined;
      if (!caseId) throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
      const c = await repo.caseForReview(m, caseId, scopeParam(staff));
      if (!c) throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
      const reply = (await this.list(staff, c.id)).find((x) => x.id === replyId);
      if (!reply) throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
      if (reply.authorId !== staff.id && !rolesAtLeast('supervisor').includes(staff.role))
        throw new ForbiddenException({ code: 'forbidden', message: 'errors.http403' });
      const sections = edits?.sections ? trimSections(edits.sections) : trimSections(reply.sections);
      const chosen = await this.referrals.byIds(m, edits?.referralIds ?? reply.referralIds, c.organisation_id);
      const e = await this.evaluate(m, c, reply.authorId, sections, chosen);
      const rows = await repo.reviewStepsOf(m, replyId);
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
    const id = await repo.insertReviewStep(m, {
      replyId,
      caseId: c.id,
      actorId,
      step,
      comment: o.comment ?? null,
      sectionsBefore: o.sectionsBefore ?? null,
    });
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
    const caseId = UUID.test(replyId) ? await repo.caseIdOfReply(m, replyId) : undefined;
    if (!caseId) throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
    const c = await this.lockCase(m, staff, caseId).catch(() => {
      throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
    });
    const reply = await repo.lockReply(m, replyId);
    return { reply, c };
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
    const messageId = await repo.insertOutMessage(m, {
      caseId: c.id,
      channel: c.channel,
      text,
      authorId: reply.author_id,
      at: now,
    });
    const mail = await this.outbox.enqueueReply(m, { caseId: c.id, text });
    await this.cases.replySent(m, c, reply.author_id, actor.id, now);
    await repo.markSent(m, reply.id, { text, checklist, messageId, at: now });
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
