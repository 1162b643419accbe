import { ConflictException, Controller, Get, HttpStatus, NotFoundException, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Language, translate } from '../common/i18n/i18n';
import { InputInvalidException, validateInput } from '../common/validation';
import { ViewService } from '../common/views/view.service';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { sendClosedPage } from '../intake/closed-page';
import { HelpSeekerSession, HelpSeekerSessions } from '../intake/help-seeker-session.service';
import { IntakeService } from '../intake/intake.service';
import { EvaluationDto, evaluationFromForm } from './evaluation.dto';
import { EvaluationService } from './evaluation.service';
import { evaluationFormView } from './evaluation-view';

/**
 * /c/evaluation: the evaluation form on its own page (the case page shows it inline), and where
 * both post to, in the help-seeker session (`/c/<token>/evaluation` is exchanged for one by
 * CaseLinkController). Plain HTML forms with a CSRF token; no script needed.
 */
@ApiExcludeController()
@Controller('c/evaluation')
export class EvaluationPagesController {
  constructor(
    private readonly evaluations: EvaluationService,
    private readonly intake: IntakeService,
    private readonly views: ViewService,
    private readonly csrf: CsrfService,
    private readonly sessions: HelpSeekerSessions,
  ) {}

  @Get()
  async page(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    if (!session) return sendClosedPage(this.views, this.csrf, req, res, {}, HttpStatus.OK);
    await this.render(req, res, session, {}, undefined, HttpStatus.OK);
  }

  @Post()
  async submit(@Req() req: Request, @Res() res: Response): Promise<void> {
    const posted = evaluationFromForm(req.body);
    const session = await this.sessions.current(req);
    if (!session) return sendClosedPage(this.views, this.csrf, req, res, {}, HttpStatus.UNAUTHORIZED);
    if (!this.csrf.isValid(req))
      return this.render(req, res, session, { _form: ['errors.formExpired'] }, posted, HttpStatus.FORBIDDEN);
    try {
      const dto = validateInput(EvaluationDto, posted, { rejectUnknown: false });
      await this.evaluations.submit(session.token, dto, new Date());
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, session, e.fields, posted, HttpStatus.BAD_REQUEST);
      if (e instanceof ConflictException) {
        const key = (e.getResponse() as { message: string }).message;
        return this.render(req, res, session, { _form: [key] }, posted, HttpStatus.CONFLICT);
      }
      if (e instanceof NotFoundException)
        return sendClosedPage(this.views, this.csrf, req, res, {}, HttpStatus.NOT_FOUND);
      throw e;
    }
    // Post/redirect/get: a reload must not submit twice.
    res.redirect(HttpStatus.SEE_OTHER, `/c?evaluated=1#evaluation`);
  }

  private async render(
    req: Request,
    res: Response,
    session: HelpSeekerSession,
    fields: Record<string, string[]>,
    posted: Record<string, unknown> | undefined,
    status: number,
  ): Promise<void> {
    let view;
    try {
      view = await this.intake.readCase(session.token);
    } catch (e) {
      if (e instanceof NotFoundException) return sendClosedPage(this.views, this.csrf, req, res, {}, HttpStatus.OK);
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
        caseLink: '/c',
        evaluation: evaluationFormView(round, {
          action: '/c/evaluation',
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
