import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { dbErrorSummary, isDatabaseUnavailable } from '../database-errors';
import { hasTranslation, Language, translate } from '../i18n/i18n';
import { ViewService } from '../views/view.service';
import { apiLanguage, langOf, translateFields } from './request-context';

const DEFAULT_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  500: 'internal_error',
  503: 'unavailable',
};

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}

/** Turns any thrown error into `{ statusCode, code, message, fields }` (translated) with its status. */
export function toErrorBody(exception: unknown, lang: Language): ErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const resp = exception.getResponse();
    const r = (typeof resp === 'object' && resp !== null ? resp : {}) as Partial<ErrorBody> & {
      message?: unknown;
      vars?: Record<string, string>;
    };
    const key = typeof r.message === 'string' && hasTranslation('nl', r.message) ? r.message : `errors.http${status}`;
    const body: ErrorBody = {
      statusCode: status,
      code: r.code ?? DEFAULT_CODES[status] ?? 'error',
      message: translate(lang, hasTranslation('nl', key) ? key : 'errors.generic', r.vars),
    };
    if (r.fields) body.fields = translateFields(lang, r.fields);
    return body;
  }
  // The database is away (restarting, unreachable): nothing was saved, and asking again soon works.
  if (isDatabaseUnavailable(exception))
    return { statusCode: 503, code: 'database_unavailable', message: translate(lang, 'errors.databaseUnavailable') };
  return { statusCode: 500, code: 'internal_error', message: translate(lang, 'errors.http500') };
}

/** Seconds a client is asked to wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 60;

/**
 * The last word on errors: JSON for the API, a plain page for people. Never a stack trace to a
 * user, and never the request body in the log (it may hold a help-seeker's text).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(private readonly views: ViewService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: dbErrorSummary(exception) }, 'database unavailable; answering 503');
    } else if (!(exception instanceof HttpException)) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err: { type: err.name, stack: err.stack } }, 'unhandled error');
    }
    if (res.headersSent) return;
    sendError(req, res, exception, this.views);
  }
}

export function sendError(req: Request, res: Response, exception: unknown, views: ViewService): void {
  const isApi = req.path.startsWith('/api/');
  const lang = isApi ? apiLanguage(req) : langOf(res);
  const body = toErrorBody(exception, lang);
  if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  if (isApi || !req.accepts('html')) {
    res.status(body.statusCode).json(body);
    return;
  }
  views.send(
    res,
    'error',
    {
      lang,
      title: body.message,
      error: body,
      isNotFound: body.statusCode === HttpStatus.NOT_FOUND,
      isUnavailable: body.statusCode === HttpStatus.SERVICE_UNAVAILABLE,
    },
    body.statusCode,
  );
}
