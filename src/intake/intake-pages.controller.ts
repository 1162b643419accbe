import { Controller, Get, HttpStatus, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Language, translate } from '../common/i18n/i18n';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { InputInvalidException, validateInput } from '../common/validation';
import { ViewService } from '../common/views/view.service';
import { formatDue } from '../sla/due-format';
import { EvaluationService } from '../evaluation/evaluation.service';
import { evaluationFormView } from '../evaluation/evaluation-view';
import { CsrfService } from '../common/web/csrf.service';
import { clientAddress, langOf, translateFields } from '../common/web/request-context';
import { CaseLinkThrottle } from './case-link-throttle.service';
import { IntakeService } from './intake.service';
import { AGE_BANDS, FollowUpDto, GENDERS, NEEDS, QuestionDto } from './question.dto';

type FormValues = Record<string, string | boolean | undefined>;

/** Help-seeker pages: the start page with the question form, and the case page behind the secret link. */
@ApiExcludeController()
@Controller()
export class IntakePagesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly views: ViewService,
    private readonly csrf: CsrfService,
    private readonly limits: RateLimitService,
    private readonly caseLinks: CaseLinkThrottle,
    private readonly evaluations: EvaluationService,
  ) {}

  @Get()
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderForm(req, res, { country: 'NL' }, {}, HttpStatus.OK);
  }

  @Post('vragen')
  async submit(@Req() req: Request, @Res() res: Response): Promise<void> {
    const values = formValues(req.body);
    if (!this.csrf.isValid(req)) {
      return this.renderForm(req, res, values, { _form: ['errors.formExpired'] }, HttpStatus.FORBIDDEN);
    }
    if (!(await this.limits.consume('questions', clientAddress(req)))) {
      return this.renderForm(req, res, values, { _form: ['errors.tooManyQuestions'] }, HttpStatus.TOO_MANY_REQUESTS);
    }
    try {
      const dto = validateInput(QuestionDto, questionFromForm(values, langOf(res)), { rejectUnknown: false });
      const created = await this.intake.submitQuestion(dto);
      const due = created.expectedReplyBy;
      this.views.send(
        res,
        'received',
        {
          lang: langOf(res),
          title: translate(langOf(res), 'received.title'),
          caseRef: created.caseRef,
          link: created.link,
          absoluteLink: `${req.protocol}://${req.get('host')}${created.link}`,
          expectedBy: due ? formatDue(due.at, due.timeZone, langOf(res)) : undefined,
        },
        HttpStatus.CREATED,
      );
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderForm(req, res, values, e.fields, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  @Get('c/:token')
  async casePage(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderCase(req, res, token, {}, undefined, HttpStatus.OK);
  }

  @Post('c/:token')
  async followUp(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const text = typeof req.body?.text === 'string' ? (req.body.text as string) : '';
    if (!this.csrf.isValid(req))
      return this.renderCase(req, res, token, { _form: ['errors.formExpired'] }, text, HttpStatus.FORBIDDEN);
    await this.caseLinks.check(req);
    try {
      const dto = validateInput(FollowUpDto, { text }, { rejectUnknown: false });
      await this.intake.addFollowUp(token, dto);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderCase(req, res, token, e.fields, text, HttpStatus.BAD_REQUEST);
      if (e instanceof NotFoundException) await this.caseLinks.recordMiss(req);
      throw e;
    }
    // Post/redirect/get: a reload must not send the message twice.
    res.redirect(HttpStatus.SEE_OTHER, `/c/${token}?sent=1#latest`);
  }

  private async renderCase(
    req: Request,
    res: Response,
    token: string,
    fields: Record<string, string[]>,
    text: string | undefined,
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
    const lang = langOf(res);
    const errors = translateFields(lang, fields);
    const last = view.messages.length - 1;
    const csrfToken = this.csrf.token(req, res);
    // After a reply: the invitation to evaluate it (own module; form posts to /c/<token>/evaluation).
    const round = await this.evaluations.roundForCase(view.id, new Date());
    this.views.send(
      res,
      'case',
      {
        lang,
        title: translate(lang, 'case.title', { ref: view.caseRef }),
        case: view,
        messages: view.messages.map((m, i) => ({ ...m, latest: i === last })),
        statusLabel: translate(lang, `case.status.${view.status}`),
        expectedBy: view.expectedReplyBy
          ? formatDue(view.expectedReplyBy.at, view.expectedReplyBy.timeZone, lang)
          : undefined,
        sent: req.query.sent === '1' && status === HttpStatus.OK,
        text,
        errors,
        errorSummary: summary(errors),
        csrfToken,
        action: `/c/${token}`,
        evaluation: round
          ? evaluationFormView(round, { action: `/c/${token}/evaluation`, csrfToken, errors: {} })
          : undefined,
        evaluated: req.query.evaluated === '1' && status === HttpStatus.OK,
      },
      status,
    );
  }

  private async renderForm(
    req: Request,
    res: Response,
    values: FormValues,
    fields: Record<string, string[]>,
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const errors = translateFields(lang, fields);
    const topics = await this.intake.listTopics();
    const options = (name: string, codes: readonly string[]) =>
      codes.map((code) => ({
        value: code,
        label: translate(lang, `${name}.${code}`),
        selected: values[name] === code,
      }));
    this.views.send(
      res,
      'start',
      {
        lang,
        title: translate(lang, 'start.title'),
        values,
        errors,
        errorSummary: summary(errors),
        csrfToken: this.csrf.token(req, res),
        topics: options('topic', topics),
        needs: options('need', NEEDS),
        ageBands: options('ageBand', AGE_BANDS),
        genders: options('gender', GENDERS),
        countries: options('country', ['NL', 'BE']),
        languages: options('language', ['nl', 'en']),
      },
      status,
    );
  }
}

function summary(errors: Record<string, string[]>): { field: string; message: string }[] {
  return Object.entries(errors).map(([field, messages]) => ({ field, message: messages[0] }));
}

/** Keeps only string fields of the posted form (anything else is junk), to re-fill it on errors. */
function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k !== '_csrf' && typeof v === 'string') values[k] = v;
    }
  }
  return values;
}

const checked = (v: unknown) => v === 'on' || v === 'true' || v === '1';

/** The form's strings → the API's shape, so both go through the same DTO and rules. */
function questionFromForm(v: FormValues, lang: Language): Record<string, unknown> {
  return {
    nickname: v.nickname ?? '',
    text: v.text ?? '',
    postcode: v.postcode,
    country: v.country,
    postcodeWithheld: checked(v.postcodeWithheld),
    topic: v.topic,
    need: v.need,
    needOther: v.need === 'other' ? v.needOther : undefined,
    ageBand: v.ageBand,
    gender: v.gender,
    language: v.language || lang,
    email: v.email,
    emailConsent: v.email ? checked(v.emailConsent) : undefined,
  };
}
