import {
  ConflictException,
  Controller,
  Get,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Language, translate } from '../common/i18n/i18n';
import { InputInvalidException, validateInput } from '../common/validation';
import { ViewService } from '../common/views/view.service';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { CaseLinkThrottle } from '../intake/case-link-throttle.service';
import { IntakeService } from '../intake/intake.service';
import { EvaluationDto, evaluationFromForm } from './evaluation.dto';
import { EvaluationService } from './evaluation.service';
import { evaluationFormView } from './evaluation-view';

/**
 * /c/<token>/evaluation: the evaluation form on its own page (the case page shows it inline),
 * and where both post to. Plain HTML forms with a CSRF token; no script needed.
 */
@ApiExcludeController()
@Controller('c/:token/evaluation')
export class EvaluationPagesController {
  constructor(
    private readonly evaluations: EvaluationService,
    private readonly intake: IntakeService,
    private readonly views: ViewService,
    private readonly csrf: CsrfService,
    private readonly caseLinks: CaseLinkThrottle,
  ) {}

  @Get()
  async page(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.render(req, res, token, {}, undefined, HttpStatus.OK);
  }

  @Post()
  async submit(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const posted = evaluationFromForm(req.body);
    if (!this.csrf.isValid(req))
      return this.render(req, res, token, { _form: ['errors.formExpired'] }, posted, HttpStatus.FORBIDDEN);
    await this.caseLinks.check(req);
    try {
      const dto = validateInput(EvaluationDto, posted, { rejectUnknown: false });
      await this.evaluations.submit(token, dto, new Date());
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, token, e.fields, posted, HttpStatus.BAD_REQUEST);
      if (e instanceof ConflictException) {
        const key = (e.getResponse() as { message: string }).message;
        return this.render(req, res, token, { _form: [key] }, posted, HttpStatus.CONFLICT);
      }
      if (e instanceof NotFoundException) await this.caseLinks.recordMiss(req);
      throw e;
    }
    // Post/redirect/get: a reload must not submit twice.
    res.redirect(HttpStatus.SEE_OTHER, `/c/${token}?evaluated=1#evaluation`);
  }

  private async render(
    req: Request,
    res: Response,
    token: string,
    fields: Record<string, string[]>,
    posted: Record<string, unknown> | undefined,
    status: number,
  ): Promise<void> {
    await this.caseLinks.check(req);
    let view;
    try {
      view = await this.intake.readCase(token);
    } catch (e) {
      if (e instanceof NotFoundException) await this.caseLinks.recordMiss(req);
      throw e;
    }
    const lang: Language = langOf(res);
    const round = await this.evaluations.roundForCase(view.id, new Date());
    if (!round) throw new NotFoundException({ code: 'evaluation_not_open', message: 'evaluation.errors.notOpen' });
    const errors = translateFields(lang, fields);
    this.views.send(
      res,
      'evaluation',
      {
        lang,
        title: translate(lang, 'evaluation.title'),
        caseLink: `/c/${token}`,
        evaluation: evaluationFormView(round, {
          action: `/c/${token}/evaluation`,
          csrfToken: this.csrf.token(req, res),
          errors,
          posted,
        }),
        errorSummary: Object.entries(errors).map(([field, messages]) => ({ field, message: messages[0] })),
      },
      status,
    );
  }
}
