import { Inject, Injectable } from '@nestjs/common';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AppSecrets } from '../app-secrets.service';

export const SESSION_COOKIE = 'luister.sid';

/**
 * CSRF protection for server-rendered forms: csrf-csrf's signed double-submit cookie, bound to
 * the staff session when there is one. Controllers check it themselves so a failed check can
 * re-render the form with what the person typed instead of throwing it away.
 */
@Injectable()
export class CsrfService {
  private utils?: DoubleCsrfUtilities;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
  ) {}

  private get csrf(): DoubleCsrfUtilities {
    this.utils ??= doubleCsrf({
      getSecret: () => this.secrets.get('csrf'),
      getSessionIdentifier: (req) => (req.cookies?.[SESSION_COOKIE] as string | undefined) ?? '',
      cookieName: 'luister.csrf',
      cookieOptions: { sameSite: 'lax', secure: this.config.behindTls, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
    });
    return this.utils;
  }

  token(req: Request, res: Response): string {
    return this.csrf.generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false });
  }

  isValid(req: Request): boolean {
    try {
      return this.csrf.validateRequest(req);
    } catch {
      return false;
    }
  }
}
