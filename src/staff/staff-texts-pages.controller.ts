import { Controller, Get, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from './staff-views.service';
import { StaffTextsService } from './staff-texts.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const DONE = ['signature', 'snippet', 'deleted'];

/** /me/texts: edit your signatures (nl, en) and your snippets. */
@ApiExcludeController()
@Controller('me/texts')
@UseGuards(StaffAuthGuard)
export class StaffTextsPagesController {
  constructor(
    private readonly texts: StaffTextsService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.render(req, res, staff, {}, {}, HttpStatus.OK, str(req.query.done));
  }

  @Post(':what')
  async save(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const what = req.params.what;
    const values = {
      signatureNl: str(body.signatureNl),
      signatureEn: str(body.signatureEn),
      title: str(body.title),
      text: str(body.text),
    };
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, { _form: ['errors.formExpired'] }, values, HttpStatus.FORBIDDEN);
    try {
      if (what === 'signature') {
        await this.texts.setSignature(staff.id, 'nl', values.signatureNl);
        await this.texts.setSignature(staff.id, 'en', values.signatureEn);
      } else if (what === 'snippets') await this.texts.addSnippet(staff.id, values.title, values.text);
      else if (what === 'delete') await this.texts.deleteSnippet(staff.id, str(body.id));
      else return this.render(req, res, staff, { _form: ['errors.http404'] }, values, HttpStatus.NOT_FOUND);
    } catch (e) {
      if (!(e instanceof InputInvalidException)) throw e;
      const fields = what === 'signature' ? { signatureNl: e.fields.text ?? [] } : e.fields;
      return this.render(req, res, staff, fields, values, HttpStatus.BAD_REQUEST);
    }
    const done = what === 'signature' ? 'signature' : what === 'snippets' ? 'snippet' : 'deleted';
    res.redirect(HttpStatus.SEE_OTHER, `/me/texts?done=${done}`);
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    fieldKeys: Record<string, string[]>,
    values: Partial<Record<'signatureNl' | 'signatureEn' | 'title' | 'text', string>>,
    status: number,
    done = '',
  ): Promise<void> {
    const lang = langOf(res);
    const [signatures, snippets] = await Promise.all([this.texts.signatures(staff.id), this.texts.snippets(staff.id)]);
    const errors = translateFields(lang, fieldKeys);
    this.views.send(
      req,
      res,
      'staff/texts',
      {
        titleKey: 'texts.title',
        signatureNl: values.signatureNl ?? signatures.nl,
        signatureEn: values.signatureEn ?? signatures.en,
        snippets,
        values,
        errors,
        formError: errors._form?.[0],
        done: DONE.includes(done)
          ? { signature: 'texts.signatureSaved', snippet: 'texts.snippetSaved', deleted: 'texts.snippetDeleted' }[done]
          : undefined,
      },
      status,
    );
  }
}
