import { Controller, Get, HttpStatus, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CaseLinkThrottle } from './case-link-throttle.service';
import { HelpSeekerSessions } from './help-seeker-session.service';
import { CASE_PAGE } from './intake-pages.controller';
import { IntakeService } from './intake.service';

/**
 * The secret link itself: `GET /c/<token>` (from a bookmark, a mail, a paste) is exchanged for a
 * help-seeker session and answered with a redirect to a page without the token, so the token is
 * in no history entry and in no address bar after this one request. The older sub-page links
 * (`/c/<token>/erase`, `/c/<token>/evaluation`) are exchanged the same way.
 *
 * In a module of its own that AppModule imports last: `c/:token` must be registered after the
 * fixed one-segment routes (`/c/ontvangen`, `/c/erase`, `/c/evaluation`, …), or it would take them.
 */
@ApiExcludeController()
@Controller('c/:token')
export class CaseLinkController {
  constructor(
    private readonly intake: IntakeService,
    private readonly sessions: HelpSeekerSessions,
    private readonly caseLinks: CaseLinkThrottle,
  ) {}

  @Get()
  async open(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.exchange(token, req, res, CASE_PAGE);
  }

  @Get('erase')
  async erase(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.exchange(token, req, res, `${CASE_PAGE}/erase`);
  }

  @Get('evaluation')
  async evaluation(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.exchange(token, req, res, `${CASE_PAGE}/evaluation`);
  }

  private async exchange(token: string, req: Request, res: Response, to: string): Promise<void> {
    await this.caseLinks.check(req, token);
    const caseId = await this.intake.findCaseIdByToken(token);
    if (!caseId) {
      await this.caseLinks.recordMiss(req, token);
      throw new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });
    }
    await this.sessions.start(res, caseId, token);
    // The page language chosen in the link (?lang=en) is kept; nothing else of the query.
    const lang = req.query.lang === 'en' || req.query.lang === 'nl' ? `?lang=${req.query.lang}` : '';
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(HttpStatus.SEE_OTHER, `${to}${lang}`);
  }
}
