import { Controller, Get, HttpStatus, NotFoundException, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { translate } from '../common/i18n/i18n';
import { ViewService } from '../common/views/view.service';
import { CsrfService } from '../common/web/csrf.service';
import { langOf } from '../common/web/request-context';
import { sendClosedPage } from '../intake/closed-page';
import { HelpSeekerSessions } from '../intake/help-seeker-session.service';
import { IntakeService } from '../intake/intake.service';
import { ErasureService } from './erasure.service';

/**
 * The help-seeker's way out, without JavaScript: case page → confirmation page → erased. Runs in
 * the help-seeker session (`/c/<token>/erase` is exchanged for one by CaseLinkController).
 */
@ApiExcludeController()
@Controller('c/erase')
export class ErasurePagesController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly intake: IntakeService,
    private readonly views: ViewService,
    private readonly csrf: CsrfService,
    private readonly sessions: HelpSeekerSessions,
  ) {}

  @Get()
  async confirm(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    if (!session || !(await this.intake.findCaseIdByToken(session.token)))
      return sendClosedPage(this.views, this.csrf, req, res, {}, HttpStatus.OK);
    this.renderConfirm(req, res, HttpStatus.OK, false);
  }

  @Post()
  async erase(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.current(req);
    if (!session) return sendClosedPage(this.views, this.csrf, req, res, {}, HttpStatus.UNAUTHORIZED);
    if (!this.csrf.isValid(req)) return this.renderConfirm(req, res, HttpStatus.FORBIDDEN, true);
    try {
      await this.erasure.eraseByHelpSeeker(session.token);
    } catch (e) {
      if (e instanceof NotFoundException)
        return sendClosedPage(this.views, this.csrf, req, res, {}, HttpStatus.NOT_FOUND);
      throw e;
    }
    // Nothing of the case stays reachable from this browser.
    await this.sessions.endAll(session.caseId);
    await this.sessions.end(req, res);
    const lang = langOf(res);
    this.views.send(res, 'erase-done', { lang, title: translate(lang, 'erase.doneTitle') }, HttpStatus.OK);
  }

  private renderConfirm(req: Request, res: Response, status: number, expired: boolean): void {
    const lang = langOf(res);
    this.views.send(
      res,
      'erase-confirm',
      {
        lang,
        title: translate(lang, 'erase.title'),
        action: '/c/erase',
        back: '/c',
        expired,
        csrfToken: this.csrf.token(req, res),
      },
      status,
    );
  }
}
