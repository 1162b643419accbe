import {
  ConflictException,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Logger,
  NotFoundException,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { Language, translate } from '../common/i18n/i18n';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { InputInvalidException, validateInput } from '../common/validation';
import { ViewService } from '../common/views/view.service';
import { formatDue } from '../sla/due-format';
import { EvaluationService } from '../evaluation/evaluation.service';
import { evaluationFormView } from '../evaluation/evaluation-view';
import { CsrfService } from '../common/web/csrf.service';
import { RETRY_AFTER_SECONDS } from '../common/web/error.filter';
import { dbErrorSummary, isDatabaseUnavailable } from '../common/database-errors';
import { clientAddress, langOf, translateFields } from '../common/web/request-context';
import { pageLook } from '../organisations/organisation-look';
import { CaseLinkThrottle } from './case-link-throttle.service';
import { sendClosedPage } from './closed-page';
import { crisisLines } from './crisis-lines';
import { HelpSeekerSession, HelpSeekerSessions } from './help-seeker-session.service';
import { HelpSeekerCaseView, IntakeService } from './intake.service';
import { linkify } from './linkify';
import {
  AGE_BANDS,
  CRISIS_SELF_REPORTS,
  FollowUpDto,
  GENDERS,
  MailLinkDto,
  NEEDS,
  QuestionDto,
  TEXT_MAX,
} from './question.dto';

type FormValues = Record<string, string | boolean | undefined>;

/** Where the pages of a help-seeker's session live: no token in any of these addresses. */
export const CASE_PAGE = '/c';
export const RECEIVED_PAGE = '/c/ontvangen';

/**
 * Help-seeker pages: the start page with the question form; the confirmation, the case page and
 * the "page closed" page behind the help-seeker session (see HelpSeekerSessions); quick exit.
 * `GET /c/<token>`, which starts a session, is in CaseLinkController.
 */
@ApiExcludeController()
@Controller()
export class IntakePagesController {
  private readonly logger = new Logger('intake');
  private lastTopics?: string[];

  constructor(
    private readonly intake: IntakeService,
    private readonly views: ViewService,
    private readonly csrf: CsrfService,
    private readonly limits: RateLimitService,
    private readonly caseLinks: CaseLinkThrottle,
    private readonly evaluations: EvaluationService,
    private readonly sessions: HelpSeekerSessions,
  ) {}

  @Get()
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderForm(req, res, { country: 'NL' }, {}, HttpStatus.OK);
  }

  /**
   * The form re-rendered with errors has the address /vragen: its language switch (and a reload
   * that is not a resubmission) must lead back to the form, not to a 404.
   */
  @Get('vragen')
  formAgain(@Req() req: Request, @Res() res: Response): void {
    const lang = req.query.lang === 'en' || req.query.lang === 'nl' ? `?lang=${req.query.lang}` : '';
    res.redirect(HttpStatus.SEE_OTHER, `/${lang}`);
  }

  /**
   * Post/redirect/get: the question is stored (once per idempotency key: a reload or a double
   * click finds the same case), a session starts, and the browser is sent to the confirmation
   * page, which a reload merely shows again.
   */
  @Post('vragen')
  async submit(@Req() req: Request, @Res() res: Response): Promise<void> {
    const values = formValues(req.body);
    try {
      await this.submitForm(req, res, values);
    } catch (e) {
      if (!isDatabaseUnavailable(e) || res.headersSent) throw e;
      // The database is away for a moment: the form comes back as it was sent, nothing lost.
      this.logger.warn({ err: dbErrorSummary(e) }, 'question not stored: database unavailable');
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return this.renderForm(req, res, values, { _form: ['errors.databaseUnavailableForm'] }, 503);
    }
  }

  private async submitForm(req: Request, res: Response, values: FormValues): Promise<void> {
    if (!this.csrf.isValid(req)) {
      return this.renderForm(req, res, values, { _form: ['errors.formExpired'] }, HttpStatus.FORBIDDEN);
    }
    if (!(await this.limits.consume('questions', clientAddress(req)))) {
      return this.renderForm(req, res, values, { _form: ['errors.tooManyQuestions'] }, HttpStatus.TOO_MANY_REQUESTS);
    }
    try {
      const dto = validateInput(QuestionDto, questionFromForm(values, langOf(res)), { rejectUnknown: false });
      const session = this.sessions.newId();
      await this.intake.submitQuestion(dto, { session });
      this.sessions.setCookie(res, session.value);
      res.redirect(HttpStatus.SEE_OTHER, RECEIVED_PAGE);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderForm(req, res, values, e.fields, HttpStatus.BAD_REQUEST);
      if (e instanceof ConflictException) {
        // The key belongs to another question (a changed text after going back): a fresh key.
        return this.renderForm(
          req,
          res,
          { ...values, idempotencyKey: newFormKey() },
          { _form: ['errors.idempotencyConflictForm'] },
          HttpStatus.CONFLICT,
        );
      }
      throw e;
    }
  }

  /** The confirmation: the link to save (with a copy button), mail it if wanted, and, in a crisis, help first. */
  @Get('c/ontvangen')
  async received(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    const view = session && (await this.caseOf(session));
    if (!session || !view) return this.renderClosed(req, res, {}, HttpStatus.OK);
    await this.renderReceived(req, res, session, view, {}, undefined, HttpStatus.OK);
  }

  /** "Mail me the link", from the confirmation page. */
  @Post('c/ontvangen')
  async mailLink(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    const view = session && (await this.caseOf(session));
    if (!session || !view) return this.renderClosed(req, res, {}, HttpStatus.UNAUTHORIZED);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email : '';
    if (!this.csrf.isValid(req))
      return this.renderReceived(req, res, session, view, { _form: ['errors.formExpired'] }, email, 403);
    try {
      const dto = validateInput(
        MailLinkDto,
        { email, emailConsent: checked(body.emailConsent) },
        { rejectUnknown: false },
      );
      await this.intake.mailLink(session.caseId, session.token, dto.email);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderReceived(req, res, session, view, e.fields, email, HttpStatus.BAD_REQUEST);
      throw e;
    }
    res.redirect(HttpStatus.SEE_OTHER, `${RECEIVED_PAGE}?mailed=1#mail-link`);
  }

  @Get('c')
  async casePage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    const view = session && (await this.caseOf(session));
    if (!session || !view) return this.renderClosed(req, res, {}, HttpStatus.OK);
    await this.renderCase(req, res, session, view, {}, undefined, HttpStatus.OK);
  }

  @Post('c')
  async followUp(@Req() req: Request, @Res() res: Response): Promise<void> {
    const text = typeof req.body?.text === 'string' ? (req.body.text as string) : '';
    try {
      await this.sendFollowUp(req, res, text);
    } catch (e) {
      if (!isDatabaseUnavailable(e) || res.headersSent) throw e;
      // The database is away for a moment: the message is shown to copy, nothing of the case.
      this.logger.warn({ err: dbErrorSummary(e) }, 'follow-up not stored: database unavailable');
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      const lang = langOf(res);
      const message = translate(lang, 'errors.databaseUnavailable');
      this.views.send(
        res,
        'error',
        {
          lang,
          title: message,
          error: { statusCode: 503, code: 'database_unavailable', message },
          isUnavailable: true,
          unsentText: text || undefined,
        },
        503,
      );
    }
  }

  private async sendFollowUp(req: Request, res: Response, text: string): Promise<void> {
    const session = await this.sessions.current(req);
    const view = session && (await this.caseOf(session));
    // The session ended while the text was being written: it is not lost, it is shown to copy.
    if (!session || !view) return this.renderClosed(req, res, { unsentText: text }, HttpStatus.UNAUTHORIZED);
    if (!this.csrf.isValid(req))
      return this.renderCase(req, res, session, view, { _form: ['errors.formExpired'] }, text, HttpStatus.FORBIDDEN);
    try {
      const dto = validateInput(FollowUpDto, { text }, { rejectUnknown: false });
      await this.intake.addFollowUp(session.token, dto);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderCase(req, res, session, view, e.fields, text, HttpStatus.BAD_REQUEST);
      throw e;
    }
    // Post/redirect/get: a reload must not send the message twice.
    res.redirect(HttpStatus.SEE_OTHER, `${CASE_PAGE}?sent=1#latest`);
  }

  /**
   * Quick exit: the button and Esc send this (sendBeacon, or fetch with keepalive) as they leave,
   * so the session ends even though the page is gone; Back then finds only the "closed" page.
   */
  @Post('c/exit')
  @HttpCode(HttpStatus.NO_CONTENT)
  async exit(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.end(req, res);
    res.setHeader('Cache-Control', 'no-store');
  }

  /** The "closed" page's field: a pasted link (or just its code) opens the conversation again. */
  @Post('c/open')
  async open(@Req() req: Request, @Res() res: Response): Promise<void> {
    const pasted = typeof req.body?.link === 'string' ? (req.body.link as string) : '';
    if (!this.csrf.isValid(req))
      return this.renderClosed(req, res, { link: pasted, errors: { link: ['errors.formExpired'] } }, 403);
    await this.caseLinks.check(req, tokenOfPasted(pasted));
    const token = tokenOfPasted(pasted);
    const caseId = token ? await this.intake.findCaseIdByToken(token) : undefined;
    if (!token || !caseId) {
      await this.caseLinks.recordMiss(req, token);
      return this.renderClosed(req, res, { link: pasted, errors: { link: ['safety.closed.unknownLink'] } }, 400);
    }
    await this.sessions.start(res, caseId, token);
    res.redirect(HttpStatus.SEE_OTHER, CASE_PAGE);
  }

  /** The case behind a session, or undefined when it can no longer be opened (erased). */
  private async caseOf(session: HelpSeekerSession): Promise<HelpSeekerCaseView | undefined> {
    try {
      return await this.intake.readCase(session.token);
    } catch (e) {
      if (e instanceof NotFoundException) return undefined;
      throw e;
    }
  }

  /** The honest "when" line: by a time in working hours, or from the team's next opening. */
  private async when(view: HelpSeekerCaseView, lang: Language): Promise<{ key: string; when: string } | undefined> {
    if (!view.expectedReplyBy) return undefined;
    const h = await this.intake.honestReply(view.regionId, view.expectedReplyBy);
    return { key: h.kind, when: formatDue(h.at, h.timeZone, lang) };
  }

  private async renderReceived(
    req: Request,
    res: Response,
    session: HelpSeekerSession,
    view: HelpSeekerCaseView,
    fields: Record<string, string[]>,
    email: string | undefined,
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const errors = translateFields(lang, fields);
    this.views.send(
      res,
      'received',
      {
        lang,
        title: translate(lang, view.crisis ? 'safety.crisisFirst.pageTitle' : 'received.title'),
        caseRef: view.caseRef,
        look: pageLook(view.organisation),
        absoluteLink: `${req.protocol}://${req.get('host')}/c/${session.token}`,
        crisis: view.crisis,
        crisisLines: crisisLines(lang, view.country),
        when: await this.when(view, lang),
        hasEmail: view.hasEmail,
        mailed: req.query.mailed === '1' && status === HttpStatus.OK,
        email,
        errors,
        errorSummary: summary(errors),
        csrfToken: this.csrf.token(req, res),
      },
      status,
    );
  }

  private async renderCase(
    req: Request,
    res: Response,
    session: HelpSeekerSession,
    view: HelpSeekerCaseView,
    fields: Record<string, string[]>,
    text: string | undefined,
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const errors = translateFields(lang, fields);
    const last = view.messages.length - 1;
    const csrfToken = this.csrf.token(req, res);
    // After a reply: the invitation to evaluate it (own module; form posts to /c/evaluation).
    const round = await this.evaluations.roundForCase(view.id, new Date());
    this.views.send(
      res,
      'case',
      {
        lang,
        title: translate(lang, 'case.title', { ref: view.caseRef }),
        case: view,
        // The answering organisation's name, logo and accent (routed cases only: never the start page).
        look: pageLook(view.organisation),
        timeZone: view.timeZone,
        // Replies and the referrals in them: web addresses and phone numbers are links.
        messages: view.messages.map((m, i) => ({
          ...m,
          latest: i === last,
          parts: m.direction === 'out' ? linkify(m.text) : [{ text: m.text }],
        })),
        statusLabel: translate(lang, `case.status.${view.status}`),
        when: await this.when(view, lang),
        crisis: view.crisis,
        crisisLines: view.crisis ? crisisLines(lang, view.country) : undefined,
        absoluteLink: `${req.protocol}://${req.get('host')}/c/${session.token}`,
        sent: req.query.sent === '1' && status === HttpStatus.OK,
        text,
        textMax: TEXT_MAX,
        errors,
        errorSummary: summary(errors),
        csrfToken,
        action: CASE_PAGE,
        evaluation: round
          ? evaluationFormView(round, { action: `${CASE_PAGE}/evaluation`, csrfToken, errors: {} })
          : undefined,
        evaluated: req.query.evaluated === '1' && status === HttpStatus.OK,
      },
      status,
    );
  }

  private renderClosed(
    req: Request,
    res: Response,
    opts: { unsentText?: string; link?: string; errors?: Record<string, string[]> },
    status: number,
  ): void {
    sendClosedPage(this.views, this.csrf, req, res, opts, status);
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
    // The topic list rarely changes: with the database away the last one read still draws the form.
    const topics = await this.intake.listTopics().then(
      (t) => (this.lastTopics = t),
      (e: unknown) => {
        if (this.lastTopics && isDatabaseUnavailable(e)) return this.lastTopics;
        throw e;
      },
    );
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
        values: { ...values, idempotencyKey: values.idempotencyKey || newFormKey() },
        errors,
        errorSummary: summary(errors),
        csrfToken: this.csrf.token(req, res),
        textMax: TEXT_MAX,
        topics: options('topic', topics),
        needs: options('need', NEEDS),
        ageBands: options('ageBand', AGE_BANDS),
        genders: options('gender', GENDERS),
        countries: options('country', ['NL', 'BE']),
        languages: options('language', ['nl', 'en']),
        crisisAnswers: CRISIS_SELF_REPORTS.map((code) => ({
          value: code,
          label: translate(lang, `safety.selfReport.${code}`),
          selected: values.crisisSelfReport === code,
        })),
      },
      status,
    );
  }
}

/** A fresh idempotency key for a rendered form (22 characters, 128 bits). */
function newFormKey(): string {
  return randomBytes(16).toString('base64url');
}

/** The error summary's links: each field's id (a radio group links to its first option). */
function summary(errors: Record<string, string[]>): { field: string; message: string }[] {
  return Object.entries(errors).map(([field, messages]) => ({ field, message: messages[0] }));
}

/** A case token from what a help-seeker pasted: the whole link, or only its code. */
export function tokenOfPasted(pasted: string): string | undefined {
  const m = /(?:^|\/c\/)([A-Za-z0-9_-]{22})(?:[/?#].*)?$/.exec(pasted.trim());
  return m?.[1];
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
    crisisSelfReport: v.crisisSelfReport,
    // A form without a key (an old page still open) gets one: it then simply is not deduplicated.
    idempotencyKey: typeof v.idempotencyKey === 'string' && v.idempotencyKey ? v.idempotencyKey : newFormKey(),
  };
}
