import {
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { CaseActionsService } from '../cases/case-actions.service';
import { StaffCaseService } from '../cases/staff-case.service';
import { isLanguage, Language, translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { OrganisationsService } from '../organisations/organisations.service';
import { OutboxService } from '../mail/outbound/outbox.service';
import { ReferralsService } from '../referrals/referrals.service';
import { StaffViews } from '../staff/staff-views.service';
import { StaffTextsService } from '../staff/staff-texts.service';
import { appendSnippet, insertBullets, sentencesOf } from './compose';
import { checkReply } from './reply-checklist';
import { ReplySections, SECTION_ORDER } from './reply-sections';
import { ReplyTemplatesService } from './reply-templates.service';
import { RepliesService, ReplyReview } from './replies.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [];

interface Draft {
  templateId: string;
  sections: ReplySections;
  referralIds: string[];
}

/**
 * /cases/<id>/reply: the composer as a plain form (template, three sections, quoting the
 * help-seeker's sentences, referrals, checklist, preview, draft, send) and the review of
 * trainees' replies. composer.js only makes the same things live; nothing needs it.
 * (Posts go to /cases/<id>/reply/…: a bare POST /cases/<id>/reply would be a case action.)
 */
@ApiExcludeController()
@Controller('cases/:id/reply')
@UseGuards(StaffAuthGuard)
export class ReplyPagesController {
  constructor(
    private readonly cases: StaffCaseService,
    private readonly actions: CaseActionsService,
    private readonly replies: RepliesService,
    private readonly templates: ReplyTemplatesService,
    private readonly referrals: ReferralsService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
    private readonly texts: StaffTextsService,
    private readonly outbox: OutboxService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Get()
  async show(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    await this.render(req, res, staff, id, {
      status: HttpStatus.OK,
      template: str(req.query.template),
      done: str(req.query.done),
    });
  }

  @Post('compose')
  async compose(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const draft: Draft = {
      templateId: str(body.templateId),
      sections: Object.fromEntries(
        SECTION_ORDER.map((s) => [s, str(body[s]).replace(/\r\n/g, '\n')]),
      ) as unknown as ReplySections,
      referralIds: list(body.referralIds),
    };
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, id, {
        status: HttpStatus.FORBIDDEN,
        draft,
        fields: { _form: ['errors.formExpired'] },
      });
    const action = str(body.action);
    // Working on the draft without JavaScript is writing too: "… is writing" for the others.
    if (action !== 'send') await this.takeLock(staff, id);
    if (action === 'insert') {
      draft.sections.summarise = insertBullets(draft.sections.summarise, list(body.quote));
      return this.render(req, res, staff, id, { status: HttpStatus.OK, draft });
    }
    if (action === 'snippet') {
      // One of the worker's own snippets, appended to the chosen section (composer.js does the same live).
      const section = SECTION_ORDER.find((x) => x === str(body.snippetSection)) ?? 'advise';
      const snippet = await this.texts.snippet(staff.id, str(body.snippetId));
      draft.sections[section] = appendSnippet(draft.sections[section] ?? '', snippet.text);
      return this.render(req, res, staff, id, { status: HttpStatus.OK, draft });
    }
    if (action === 'preview') return this.render(req, res, staff, id, { status: HttpStatus.OK, draft, preview: true });
    if (action !== 'save' && action !== 'send')
      throw new NotFoundException({ code: 'not_found', message: 'errors.http404' });
    try {
      const r = await this.replies.save(staff, id, {
        templateId: draft.templateId || undefined,
        sections: draft.sections,
        referralIds: draft.referralIds,
        send: action === 'send',
      });
      res.redirect(HttpStatus.SEE_OTHER, `/cases/${id}/reply?done=${r.status}`);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, staff, id, { status: HttpStatus.BAD_REQUEST, draft, fields: e.fields });
      throw e;
    }
  }

  /** The review of one trainee reply: as it will be sent, beside the original message, checklist and history. */
  @Get(':replyId')
  async reviewPage(
    @Param('id') id: string,
    @Param('replyId') replyId: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const done = str(req.query.done);
    await this.renderReview(req, res, staff, id, replyId, {
      status: HttpStatus.OK,
      done: done === 'approved' || done === 'returned' ? `composer.done.${done}` : undefined,
    });
  }

  @Post(':replyId/:decision')
  async review(
    @Param('id') id: string,
    @Param('replyId') replyId: string,
    @Param('decision') decision: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    // From the review page (`from=review`) errors show there, with the supervisor's edits kept.
    const fromReview = body.from === 'review';
    const edits = SECTION_ORDER.some((k) => typeof body[k] === 'string')
      ? {
          sections: Object.fromEntries(
            SECTION_ORDER.map((k) => [k, str(body[k]).replace(/\r\n/g, '\n')]),
          ) as unknown as ReplySections,
          referralIds: body.referralsShown === '1' ? list(body.referralIds) : undefined,
        }
      : undefined;
    const again = (status: number, fields: Record<string, string[]>) =>
      fromReview
        ? this.renderReview(req, res, staff, id, replyId, { status, fields, edits, comment: str(body.comment) })
        : this.render(req, res, staff, id, { status, fields });
    if (!this.csrf.isValid(req)) return again(HttpStatus.FORBIDDEN, { _form: ['errors.formExpired'] });
    if (!rolesAtLeast('supervisor').includes(staff.role))
      throw new ForbiddenException({ code: 'forbidden', message: 'errors.http403' });
    try {
      if (decision === 'preview')
        return await this.renderReview(req, res, staff, id, replyId, { status: HttpStatus.OK, edits, preview: true });
      if (decision === 'approve') await this.replies.approve(staff, replyId, edits ?? {});
      else if (decision === 'return') await this.replies.returnToAuthor(staff, replyId, str(body.comment));
      else throw new NotFoundException({ code: 'not_found', message: 'errors.http404' });
    } catch (e) {
      if (e instanceof InputInvalidException) return again(HttpStatus.BAD_REQUEST, e.fields);
      if (e instanceof ConflictException) return again(HttpStatus.CONFLICT, { _form: ['replies.notPending'] });
      throw e;
    }
    const done = decision === 'approve' ? 'approved' : 'returned';
    res.redirect(
      HttpStatus.SEE_OTHER,
      fromReview ? `/cases/${id}/reply/${replyId}?done=${done}` : `/cases/${id}/reply?done=${done}`,
    );
  }

  private async renderReview(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    id: string,
    replyId: string,
    o: {
      status: number;
      fields?: Record<string, string[]>;
      edits?: { sections?: ReplySections; referralIds?: string[] };
      preview?: boolean;
      comment?: string;
      done?: string;
    },
  ): Promise<void> {
    const lang = langOf(res);
    const c = await this.cases.open(staff, id, 'page');
    const r: ReplyReview = await this.replies.review(staff, replyId, o.edits);
    if (r.caseId !== c.id) throw new NotFoundException({ code: 'reply_not_found', message: 'errors.http404' });
    const directory = await this.referrals.list({ region: c.regionCode, topic: c.intake.topic ?? undefined });
    const chosen = new Set(r.reply.referralIds);
    const errors = translateFields(lang, o.fields ?? {});
    const canReview = rolesAtLeast('supervisor').includes(staff.role) && r.reply.status === 'pending-review';
    this.views.send(
      req,
      res,
      'staff/reply-review',
      {
        titleKey: 'review.title',
        titleVars: { ref: c.caseRef },
        c,
        r: r.reply,
        asSent: r.text,
        // The mail as it will leave: headed with the answering organisation's name.
        mail:
          r.channel === 'email'
            ? this.outbox.replyMailText(r.language, r.text, (await this.organisations.lookOfRegion(c.regionCode))?.name)
            : null,
        problems: r.problems.map((x) => ({ name: x.name, message: translate(lang, `replies.variable.${x.problem}`) })),
        checklist: r.checklist.map((x) => ({ ...x, label: translate(lang, `composer.check.${x.item}`) })),
        inbound: c.messages.filter((m) => m.direction === 'in'),
        steps: r.steps.map((s) => ({
          ...s,
          label: translate(lang, `review.step.${s.step}`),
          changedLabels: s.changed
            .map((k) => translate(lang, k === 'referrals' ? 'composer.referrals' : `composer.section.${k}`))
            .join(', '),
        })),
        referralOptions: directory.map((x) => ({ ...x, checked: chosen.has(x.id) })),
        canReview,
        edited: !!o.edits,
        preview: !!o.preview,
        comment: o.comment ?? '',
        done: o.done,
        errors,
        errorList: Object.entries(errors).flatMap(([k, msgs]) => msgs.map((m) => ({ field: k, message: m }))),
      },
      o.status,
    );
  }

  /** Takes or refreshes the writing lock; someone else's lock only shows as a warning on the page. */
  private async takeLock(staff: StaffIdentity, id: string): Promise<void> {
    try {
      await this.actions.lock(staff, id);
    } catch (e) {
      if (!(e instanceof ConflictException)) throw e;
    }
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    id: string,
    o: {
      status: number;
      draft?: Draft;
      template?: string;
      done?: string;
      preview?: boolean;
      fields?: Record<string, string[]>;
    },
  ): Promise<void> {
    const lang = langOf(res);
    const c = await this.cases.open(staff, id, 'page');
    // Someone else's live writing lock is a warning, not a wall. Rendering only reads it: the
    // lock is taken by the POSTs of this form and by composer.js as soon as the page is open.
    const lockedBy = c.lock && c.lock.staffUserId !== staff.id ? c.lock.displayName : null;
    // After sending (or a review decision) the page says so and offers the next step, not an
    // empty composer under "sent".
    const finished = ['sent', 'pending-review', 'approved', 'returned'].includes(o.done ?? '');
    const language = isLanguage(c.intake.language) ? c.intake.language : 'nl';
    // The templates of the case's organisation (its own replacing the platform's of the same code).
    const templates = await this.templates.list(
      { language, topic: c.intake.topic ?? undefined },
      { regionCode: c.regionCode },
    );
    const all = await this.replies.list(staff, id);
    const own = all.find((r) => r.authorId === staff.id && r.status !== 'sent');
    let draft = o.draft;
    if (!draft && o.template) {
      const t =
        templates.find((x) => x.id === o.template) ??
        (await this.templates.get(o.template, { regionCode: c.regionCode }));
      draft = { templateId: t.id, sections: t.sections, referralIds: own?.referralIds ?? [] };
    }
    if (!draft && own)
      draft = { templateId: own.templateId ?? '', sections: own.sections, referralIds: own.referralIds };
    if (!draft)
      draft = {
        templateId: templates[0]?.id ?? '',
        sections: templates[0]?.sections ?? { summarise: '', explore: '', advise: '' },
        referralIds: [],
      };

    const directory = await this.referrals.list({
      region: c.regionCode,
      topic: c.intake.topic ?? undefined,
      country: c.intake.country ?? undefined,
    });
    const chosen = new Set(draft.referralIds);
    const option = (r: (typeof directory)[number]) => ({
      ...r,
      checked: chosen.has(r.id),
      kindLabel: translate(lang, `composer.kind.${r.kind}`),
    });
    const blocking = await this.replies.blockingItems();
    const checklist = checkReply(
      { sections: draft.sections, referrals: directory.filter((r) => chosen.has(r.id)) },
      blocking,
    ).map((r) => ({
      ...r,
      label: translate(lang, `composer.check.${r.item}`),
      error: translateFields(lang, o.fields ?? {})[`checklist.${r.item}`]?.[0],
    }));
    let preview: { text: string; mail: string | null; problems: { label: string; message: string }[] } | null = null;
    if (o.preview) {
      const p = await this.replies.preview(
        staff,
        id,
        draft.sections,
        draft.referralIds.filter((x) => directory.some((r) => r.id === x)),
      );
      preview = {
        text: p.text,
        mail:
          c.channel === 'email'
            ? this.outbox.replyMailText(language, p.text, (await this.organisations.lookOfRegion(c.regionCode))?.name)
            : null,
        problems: p.problems.map((x) => ({
          label: `${translate(lang, `composer.section.${x.section}`)} ({{${x.name}}})`,
          message: translate(lang, `replies.variable.${x.problem}`),
        })),
      };
    }
    const errors = translateFields(lang, o.fields ?? {});
    const placed = placeComposerErrors(lang, errors, draft.sections);
    const quotes = c.messages
      .filter((m) => m.direction === 'in')
      .flatMap((m) => sentencesOf(m.text))
      .slice(-40);
    const snippets = await this.texts.snippets(staff.id);
    const pending = all
      .filter((r) => r.status === 'pending-review')
      .map((r) => ({ ...r, canReview: rolesAtLeast('supervisor').includes(staff.role) }));
    this.views.send(
      req,
      res,
      'staff/reply',
      {
        titleKey: 'composer.title',
        titleVars: { ref: c.caseRef },
        c,
        lockedBy,
        finished,
        templates: templates.map((t) => ({ id: t.id, name: t.name, selected: t.id === draft!.templateId })),
        draft,
        quotes,
        snippets,
        snippetSections: SECTION_ORDER.map((s) => ({
          value: s,
          label: translate(lang, `composer.section.${s}`),
          selected: s === 'advise',
        })),
        local: directory.filter((r) => r.kind !== 'online').map(option),
        online: directory.filter((r) => r.kind === 'online').map(option),
        checklist,
        preview,
        own: own ? { status: own.status, reviewComment: own.reviewComment } : null,
        pending,
        isTrainee: staff.role === 'trainee',
        canEditTemplates: rolesAtLeast('manager').includes(staff.role),
        canTakeOver: rolesAtLeast('supervisor').includes(staff.role) && !!c.assignedTo && c.assignedTo !== staff.id,
        errors,
        sectionErrors: placed.sections,
        errorList: placed.list,
        done: ['draft', 'sent', 'pending-review', 'approved', 'returned'].includes(o.done ?? '')
          ? `composer.done.${o.done}`
          : undefined,
      },
      o.status,
    );
  }
}

/**
 * The composer's errors where the worker looks: a variable's problem beside the section that holds
 * it, a checklist item's beside that item, and all of them at once in the summary, each in words
 * and linked to its place (never a field key).
 */
export function placeComposerErrors(
  lang: Language,
  errors: Record<string, string[]>,
  sections: ReplySections,
): { sections: Record<string, string[]>; list: { href: string; label: string; message: string }[] } {
  const bySection: Record<string, string[]> = {};
  const list: { href: string; label: string; message: string }[] = [];
  for (const [field, messages] of Object.entries(errors)) {
    for (const message of messages) {
      const variable = /^variables\.(.+)$/.exec(field)?.[1];
      const item = /^checklist\.(.+)$/.exec(field)?.[1];
      if (variable !== undefined) {
        const escaped = variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const where = SECTION_ORDER.filter((sec) =>
          new RegExp(`\\{\\{\\s*${escaped}`).test((sections as unknown as Partial<Record<string, string>>)[sec] ?? ''),
        );
        for (const sec of where.length ? where : ['summarise']) {
          (bySection[sec] ??= []).push(message);
          list.push({
            href: `#reply-${sec}`,
            label: `${translate(lang, `composer.section.${sec}`)} ({{${variable}}})`,
            message,
          });
        }
      } else if (item !== undefined) {
        list.push({ href: `#check-${item}`, label: translate(lang, `composer.check.${item}`), message });
      } else if (SECTION_ORDER.includes(field.replace(/^sections\./, '') as (typeof SECTION_ORDER)[number])) {
        const sec = field.replace(/^sections\./, '');
        (bySection[sec] ??= []).push(message);
        list.push({ href: `#reply-${sec}`, label: translate(lang, `composer.section.${sec}`), message });
      } else {
        list.push({ href: '#composer', label: translate(lang, 'composer.errorGeneral'), message });
      }
    }
  }
  return { sections: bySection, list };
}
