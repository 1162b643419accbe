import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { accentCss } from './organisation-look';
import { OrganisationsService } from './organisations.service';

/** An organisation's logo and accent, public (case pages show them; they name nobody). */
@ApiExcludeController()
@Controller('organisations')
export class OrganisationLogoController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get(':code/logo')
  async logo(@Param('code') code: string, @Res() res: Response): Promise<void> {
    const logo = await this.organisations.logo(code);
    if (!logo) throw new NotFoundException({ code: 'organisation_not_found', message: 'errors.http404' });
    // Shown only through <img>; the sandbox keeps an SVG's script from running if opened directly.
    res.setHeader('Content-Type', logo.type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.end(logo.bytes);
  }

  /** The accent colour as a stylesheet: the pages allow no inline style. Empty without one. */
  @Get(':code/look.css')
  async look(@Param('code') code: string, @Res() res: Response): Promise<void> {
    const look = await this.organisations.look(code);
    if (!look) throw new NotFoundException({ code: 'organisation_not_found', message: 'errors.http404' });
    res.setHeader('Content-Type', 'text/css; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.end(accentCss(look.accentColour));
  }
}
