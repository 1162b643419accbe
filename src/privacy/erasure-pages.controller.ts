import { Controller, Get, HttpStatus, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { translate } from '../common/i18n/i18n';
import { ViewService } from '../common/views/view.service';
import { CsrfService } from '../common/web/csrf.service';
import { langOf } from '../common/web/request-context';
import { CaseLinkThrottle } from '../intake/case-link-throttle.service';
import { IntakeService } from '../intake/intake.service';
import { ErasureService } from './erasure.service';

/** The help-seeker's way out, without JavaScript: case page → confirmation page → erased. */
@ApiExcludeController()
@Controller('c/:token/erase')
export class ErasurePagesController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly intake: IntakeService,
    private readonly views: ViewService,
    private readonly csrf: CsrfService,
    private readonly caseLinks: CaseLinkThrottle,
  ) {}

  @Get()
  async confirm(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.caseLinks.check(req);
    if (!(await this.intake.findCaseIdByToken(token))) {
      await this.caseLinks.recordMiss(req);
      throw new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });
    }
    this.renderConfirm(req, res, token, HttpStatus.OK, false);
  }

  @Post()
  async erase(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.caseLinks.check(req);
    if (!this.csrf.isValid(req)) {
      if (!(await this.intake.findCaseIdByToken(token)))
        throw new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });
      return this.renderConfirm(req, res, token, HttpStatus.FORBIDDEN, true);
    }
    try {
      await this.erasure.eraseByHelpSeeker(token);
    } catch (e) {
      if (e instanceof NotFoundException) await this.caseLinks.recordMiss(req);
      throw e;
    }
    const lang = langOf(res);
    this.views.send(res, 'erase-done', { lang, title: translate(lang, 'erase.doneTitle') }, HttpStatus.OK);
  }

  private renderConfirm(req: Request, res: Response, token: string, status: number, expired: boolean): void {
    const lang = langOf(res);
    this.views.send(
      res,
      'erase-confirm',
      {
        lang,
        title: translate(lang, 'erase.title'),
        action: `/c/${token}/erase`,
        back: `/c/${token}`,
        expired,
        csrfToken: this.csrf.token(req, res),
      },
      status,
    );
  }
}
