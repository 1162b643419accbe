import { ConflictException, Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { isAdmin, organisationParam, rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { hasTranslation, Language, translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { OrganisationsService } from '../organisations/organisations.service';
import { StaffViews } from '../staff/staff-views.service';
import { ReplySections, SECTION_ORDER } from './reply-sections';
import { ReplyTemplatesService } from './reply-templates.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

const NEW_FIELD_IDS: Record<string, string> = {
  code: 'new-code',
  name: 'new-name',
  language: 'new-language',
  topic: 'new-topic',
  organisation: 'new-organisation',
};

/**
 * /reply-templates: the platform admin keeps the platform's templates, managers and org-admins
 * their organisation's: new ones, or a platform template copied to adapt (which then replaces the
 * platform's for their cases). Every save is a new version.
 */
@ApiExcludeController()
@Controller('reply-templates')
@UseGuards(StaffAuthGuard)
@RequireRole(...rolesAtLeast('manager'))
export class ReplyTemplatePagesController {
  constructor(
    private readonly templates: ReplyTemplatesService,
    private readonly organisations: OrganisationsService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.renderList(req, res, staff, {}, {}, HttpStatus.OK);
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      code: str(body.code).trim(),
      name: str(body.name).trim(),
      language: str(body.language),
      topic: str(body.topic),
      organisation: str(body.organisation),
    };
    if (!this.csrf.isValid(req))
      return this.renderList(req, res, staff, values, { _form: ['errors.formExpired'] }, HttpStatus.FORBIDDEN);
    try {
      const t = await this.templates.create(staff, {
        ...values,
        topic: values.topic || null,
        organisation: values.organisation || null,
        // A new template starts empty; its page is where it is written.
        sections: { opening: '', summarise: '', explore: '', advise: '', closing: '' },
      });
      res.redirect(HttpStatus.SEE_OTHER, `/reply-templates/${t.id}?done=created`);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderList(req, res, staff, values, e.fields, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  @Get(':id')
  async edit(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const t = await this.templates.get(id, { organisationId: organisationParam(staff) });
    await this.render(req, res, staff, id, t.sections, {}, str(req.query.done), HttpStatus.OK);
  }

  @Post(':id')
  async save(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sections = Object.fromEntries(
      SECTION_ORDER.map((s) => [s, str(body[s]).replace(/\r\n/g, '\n')]),
    ) as unknown as ReplySections;
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, id, sections, { _form: ['errors.formExpired'] }, '', HttpStatus.FORBIDDEN);
    try {
      await this.templates.update(staff, id, sections);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, staff, id, sections, e.fields, '', HttpStatus.BAD_REQUEST);
      throw e;
    }
    res.redirect(HttpStatus.SEE_OTHER, `/reply-templates/${id}?done=1`);
  }

  /** A platform template copied into the user's organisation (the platform admin picks one), then its page. */
  @Post(':id/copy')
  async copy(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const t = await this.templates.get(id, { organisationId: organisationParam(staff) });
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, id, t.sections, { _form: ['errors.formExpired'] }, '', HttpStatus.FORBIDDEN);
    try {
      const copy = await this.templates.copy(staff, id, str(body.organisation) || null);
      res.redirect(HttpStatus.SEE_OTHER, `/reply-templates/${copy.id}?done=copied`);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, staff, id, t.sections, e.fields, '', HttpStatus.BAD_REQUEST);
      if (e instanceof ConflictException)
        return this.render(
          req,
          res,
          staff,
          id,
          t.sections,
          { _form: [(e.getResponse() as { message: string }).message] },
          '',
          HttpStatus.CONFLICT,
        );
      throw e;
    }
  }

  private async renderList(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    values: Record<string, string>,
    fields: Record<string, string[]>,
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const errors = translateFields(lang, fields);
    const admin = isAdmin(staff);
    const items = (await this.templates.manageable(staff)).map((t) => ({
      ...t,
      languageLabel: translate(lang, `language.${t.language}`),
      owner: t.organisationName ?? translate(lang, 'templatesPage.platform'),
    }));
    this.views.send(
      req,
      res,
      'staff/reply-templates',
      {
        titleKey: 'templatesPage.title',
        items,
        intro: translate(lang, admin ? 'templatesPage.introAdmin' : 'templatesPage.introOrganisation', {
          organisation: staff.organisation?.name ?? '',
        }),
        values,
        errors,
        errorList: Object.entries(errors).flatMap(([k, msgs]) =>
          msgs.map((m) => ({
            href: `#${NEW_FIELD_IDS[k] ?? 'new-template'}`,
            label: hasTranslation(lang, `templatesPage.new.${k}`) ? translate(lang, `templatesPage.new.${k}`) : null,
            message: m,
          })),
        ),
        languageOptions: ['nl', 'en'].map((l) => ({
          value: l,
          label: translate(lang, `language.${l}`),
          selected: l === (values.language || lang),
        })),
        topicOptions: (await this.templates.topicCodes()).map((code) => ({
          value: code,
          label: translate(lang, `topic.${code}`),
          selected: code === values.topic,
        })),
        organisationOptions: admin ? await this.organisationOptions(values.organisation) : null,
      },
      status,
    );
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    id: string,
    sections: ReplySections,
    fields: Record<string, string[]>,
    done: string,
    status: number,
  ): Promise<void> {
    const scope = { organisationId: organisationParam(staff) };
    const t = await this.templates.get(id, scope);
    const lang = langOf(res);
    const errors = translateFields(lang, fields);
    const editable = this.templates.mayEdit(staff, t);
    // A platform template the user's organisation already adapted: point to their own instead of copying again.
    const ownCopy =
      t.organisation === null && !isAdmin(staff)
        ? ((await this.templates.manageable(staff)).find((x) => x.id === id)?.ownCopyId ?? null)
        : null;
    this.views.send(
      req,
      res,
      'staff/reply-template',
      {
        titleKey: 'templatesPage.editTitle',
        titleVars: { name: t.name },
        t,
        sections,
        editable,
        owner: t.organisation
          ? ((await this.organisations.list(scope.organisationId)).find((o) => o.code === t.organisation)?.name ??
            t.organisation)
          : translate(lang, 'templatesPage.platform'),
        canCopy: t.organisation === null && !ownCopy,
        ownCopy,
        organisationOptions: isAdmin(staff) && t.organisation === null ? await this.organisationOptions('') : null,
        versions: await this.templates.versions(id, scope),
        languageLabel: translate(lang, `language.${t.language}`),
        errorList: Object.entries(errors).flatMap(([k, msgs]) =>
          msgs.map((m) => ({ ...templateErrorPlace(lang, k, sections), message: m })),
        ),
        done:
          done === '1'
            ? 'templatesPage.saved'
            : done === 'copied' || done === 'created'
              ? `templatesPage.${done}`
              : null,
      },
      status,
    );
  }

  private async organisationOptions(selected: string): Promise<{ value: string; label: string; selected: boolean }[]> {
    return (await this.organisations.list(null)).map((o) => ({
      value: o.code,
      label: o.name,
      selected: o.code === selected,
    }));
  }
}

/** Where a template error belongs, in words: the section it is in (a variable: as it was written). */
function templateErrorPlace(
  lang: Language,
  field: string,
  sections: ReplySections,
): { href: string; label: string | null } {
  const variable = /^variables\.(.+)$/.exec(field)?.[1];
  if (variable !== undefined) {
    const sec =
      SECTION_ORDER.find((s) => ((sections as unknown as Record<string, string>)[s] ?? '').includes(`{{${variable}`)) ??
      'opening';
    return { href: `#tpl-${sec}`, label: `${translate(lang, `composer.section.${sec}`)} ({{${variable}}})` };
  }
  if (field === 'organisation') return { href: '#copy-organisation', label: null };
  const sec = field.replace(/^sections\./, '');
  return hasTranslation(lang, `composer.section.${sec}`)
    ? { href: `#tpl-${sec}`, label: translate(lang, `composer.section.${sec}`) }
    : { href: '#tpl-opening', label: null };
}
