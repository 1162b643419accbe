import { Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { hasTranslation, Language, translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { ReplySections, SECTION_ORDER } from './reply-sections';
import { ReplyTemplatesService } from './reply-templates.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** /reply-templates: managers edit the reply templates; every save is a new version. */
@ApiExcludeController()
@Controller('reply-templates')
@UseGuards(StaffAuthGuard)
@RequireRole(...rolesAtLeast('manager'))
export class ReplyTemplatePagesController {
  constructor(
    private readonly templates: ReplyTemplatesService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const items = await this.templates.list({});
    this.views.send(req, res, 'staff/reply-templates', { titleKey: 'templatesPage.title', items });
  }

  @Get(':id')
  async edit(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const t = await this.templates.get(id);
    await this.render(req, res, id, t.sections, {}, str(req.query.done) === '1', HttpStatus.OK);
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
      return this.render(req, res, id, sections, { _form: ['errors.formExpired'] }, false, HttpStatus.FORBIDDEN);
    try {
      await this.templates.update(staff, id, sections);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, id, sections, e.fields, false, HttpStatus.BAD_REQUEST);
      throw e;
    }
    res.redirect(HttpStatus.SEE_OTHER, `/reply-templates/${id}?done=1`);
  }

  private async render(
    req: Request,
    res: Response,
    id: string,
    sections: ReplySections,
    fields: Record<string, string[]>,
    done: boolean,
    status: number,
  ): Promise<void> {
    const t = await this.templates.get(id);
    const errors = translateFields(langOf(res), fields);
    this.views.send(
      req,
      res,
      'staff/reply-template',
      {
        titleKey: 'templatesPage.editTitle',
        titleVars: { name: t.name },
        t,
        sections,
        versions: await this.templates.versions(id),
        languageLabel: translate(langOf(res), `language.${t.language}`),
        errorList: Object.entries(errors).flatMap(([k, msgs]) =>
          msgs.map((m) => ({ ...templateErrorPlace(langOf(res), k, sections), message: m })),
        ),
        done,
      },
      status,
    );
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
  const sec = field.replace(/^sections\./, '');
  return hasTranslation(lang, `composer.section.${sec}`)
    ? { href: `#tpl-${sec}`, label: translate(lang, `composer.section.${sec}`) }
    : { href: '#tpl-opening', label: null };
}
