import { Inject, Injectable } from '@nestjs/common';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AppSecrets } from '../app-secrets.service';

export const SESSION_COOKIE = 'luister.sid';
/** The header that carries the CSRF token on API requests made with the session cookie. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection: csrf-csrf's signed double-submit cookie, bound to the staff session when there
 * is one. Forms send the token as `_csrf`; page scripts calling the API send it in the
 * X-CSRF-Token header. Page controllers check it themselves so a failed check can re-render the
 * form with what the person typed instead of throwing it away; the API check is apiRequestAllowed.
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
      getCsrfTokenFromRequest: (req) => {
        const header = req.headers[CSRF_HEADER];
        if (typeof header === 'string') return header;
        return (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined;
      },
    });
    return this.utils;
  }

  token(req: Request, res: Response): string {
    return this.csrf.generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false });
  }

  /**
   * A state-changing API request authenticated by the session cookie (never by a bearer token)
   * must come from our own pages: a same-origin Origin and Sec-Fetch-Site when the browser sends
   * them, and the CSRF token. SameSite=Lax alone lets a sibling subdomain or another port on the
   * host through. The accepted `_csrf` form field is taken out of the body, so validation never
   * sees it.
   */
  apiRequestAllowed(req: Request): boolean {
    if (SAFE_METHODS.has(req.method)) return true;
    if (!this.sameOrigin(req) || !this.isValid(req)) return false;
    const body = req.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && '_csrf' in body) delete body._csrf;
    return true;
  }

  /** False when Origin or Sec-Fetch-Site says the request comes from another site (absent: no opinion). */
  sameOrigin(req: Request): boolean {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return false;
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    let from: string;
    try {
      from = new URL(origin).origin;
    } catch {
      return false; // "null" (sandboxed frames, some redirects) and anything unreadable
    }
    const own = new Set([new URL(this.config.outboundMail.publicUrl).origin]);
    const host = req.host; // with TRUST_PROXY the forwarded host, as the browser saw it
    if (host) {
      own.add(`${req.protocol}://${host}`);
      if (this.config.behindTls) own.add(`https://${host}`);
    }
    return own.has(from);
  }

  isValid(req: Request): boolean {
    try {
      return this.csrf.validateRequest(req);
    } catch {
      return false;
    }
  }
}
