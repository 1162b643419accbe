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
import { MailTemplates } from '../mail/outbound/mail-templates';
import { ReferralsService } from '../referrals/referrals.service';
import { StaffViews } from '../staff/staff-views.service';
import { insertBullets, sentencesOf } from './compose';
import { checkReply } from './reply-checklist';
import { ReplySections, SECTION_ORDER } from './reply-sections';
import { ReplyTemplatesService } from './reply-templates.service';
import { RepliesService } from './replies.service';

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
  private readonly mail = new MailTemplates();

  constructor(
    private readonly cases: StaffCaseService,
    private readonly actions: CaseActionsService,
    private readonly replies: RepliesService,
    private readonly templates: ReplyTemplatesService,
    private readonly referrals: ReferralsService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
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
    if (action === 'insert') {
      draft.sections.summarise = insertBullets(draft.sections.summarise, list(body.quote));
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
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, id, {
        status: HttpStatus.FORBIDDEN,
        fields: { _form: ['errors.formExpired'] },
      });
    if (!rolesAtLeast('supervisor').includes(staff.role))
      throw new ForbiddenException({ code: 'forbidden', message: 'errors.http403' });
    try {
      if (decision === 'approve') await this.replies.approve(staff, replyId, {});
      else if (decision === 'return') await this.replies.returnToAuthor(staff, replyId, str(body.comment));
      else throw new NotFoundException({ code: 'not_found', message: 'errors.http404' });
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, staff, id, { status: HttpStatus.BAD_REQUEST, fields: e.fields });
      if (e instanceof ConflictException)
        return this.render(req, res, staff, id, {
          status: HttpStatus.CONFLICT,
          fields: { _form: ['replies.notPending'] },
        });
      throw e;
    }
    res.redirect(HttpStatus.SEE_OTHER, `/cases/${id}/reply?done=${decision === 'approve' ? 'approved' : 'returned'}`);
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
    // Writing a reply shows the others "… is writing"; someone else's lock is a warning, not a wall.
    let lockedBy: string | null = null;
    // After sending (or a review decision) the page says so and offers the next step; it does not
    // take the writing lock or show an empty composer under "sent".
    const finished = ['sent', 'pending-review', 'approved', 'returned'].includes(o.done ?? '');
    try {
      if (!finished) await this.actions.lock(staff, id);
    } catch (e) {
      if (!(e instanceof ConflictException)) throw e;
      lockedBy = (e.getResponse() as { holder?: string }).holder ?? '?';
    }
    const language = isLanguage(c.intake.language) ? c.intake.language : 'nl';
    const templates = await this.templates.list({ language, topic: c.intake.topic ?? undefined });
    const all = await this.replies.list(staff, id);
    const own = all.find((r) => r.authorId === staff.id && r.status !== 'sent');
    let draft = o.draft;
    if (!draft && o.template) {
      const t = templates.find((x) => x.id === o.template) ?? (await this.templates.get(o.template));
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
        mail: c.channel === 'email' ? this.mail.render('reply', { lang: language, replyText: p.text }).text : null,
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
