import type { NextFunction, Request, Response } from 'express';
import { Language, pickLanguage, translate } from '../i18n/i18n';
import type { FieldErrors } from '../validation';

export const LANG_COOKIE = 'lang';

/** The page language: `?lang=` (remembered in a cookie), the cookie, else Dutch. */
export function languageMiddleware(secureCookies: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const lang = pickLanguage(req.query.lang, req.cookies?.[LANG_COOKIE]);
    if (req.query.lang === lang && req.cookies?.[LANG_COOKIE] !== lang) {
      res.cookie(LANG_COOKIE, lang, {
        maxAge: 365 * 24 * 3600 * 1000,
        sameSite: 'lax',
        httpOnly: true,
        secure: secureCookies,
        path: '/',
      });
    }
    res.locals.lang = lang;
    next();
  };
}

export function langOf(res: Response): Language {
  return (res.locals.lang as Language) ?? 'nl';
}

/** Language for API error messages: the Accept-Language header, Dutch by default. */
export function apiLanguage(req: Request): Language {
  return pickLanguage(undefined, undefined, req.headers['accept-language']);
}

/** The client address used for rate limits (honours X-Forwarded-For only with TRUST_PROXY). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

export function translateFields(lang: Language, fields: FieldErrors): Record<string, string[]> {
  return Object.fromEntries(Object.entries(fields).map(([k, keys]) => [k, keys.map((key) => translate(lang, key))]));
}

/**
 * Behind a reverse proxy without TRUST_PROXY, every request seems to come from the proxy: the
 * per-address limits (questions, case links, staff logins) then count all help-seekers as one
 * client. Says so once, loudly, when the first request with X-Forwarded-For arrives.
 */
export function proxyWarningMiddleware(trustProxy: boolean, warn: (message: string) => void) {
  let warned = trustProxy;
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      warn(
        'Requests arrive through a proxy (X-Forwarded-For) but TRUST_PROXY is off: every client is counted as the proxy ' +
          'by the rate limits, so one guesser can slow down everyone. Set TRUST_PROXY=1 when the app runs behind a reverse proxy.',
      );
    }
    next();
  };
}
