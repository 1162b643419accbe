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
