import type { Request, Response } from 'express';
import { translate } from '../common/i18n/i18n';
import { ViewService } from '../common/views/view.service';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';

/**
 * The neutral page where a help-seeker session has ended (quick exit, idle time, another
 * browser): nothing of the case, no nickname, no link; a field to paste the link again, and, when
 * a message could not be sent any more, that text to copy.
 */
export function sendClosedPage(
  views: ViewService,
  csrf: CsrfService,
  req: Request,
  res: Response,
  opts: { unsentText?: string; link?: string; errors?: Record<string, string[]> },
  status: number,
): void {
  const lang = langOf(res);
  const errors = translateFields(lang, opts.errors ?? {});
  views.send(
    res,
    'closed',
    {
      lang,
      title: translate(lang, 'safety.closed.title'),
      unsentText: opts.unsentText || undefined,
      link: opts.link,
      errors,
      errorSummary: Object.entries(errors).map(([field, messages]) => ({ field, message: messages[0] })),
      csrfToken: csrf.token(req, res),
    },
    status,
  );
}
