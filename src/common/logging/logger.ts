import type { LoggerService } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Fixed help-seeker pages under /c; any other segment after /c is a case token. */
const CASE_PAGES = new Set(['ontvangen', 'exit', 'open', 'erase', 'evaluation']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Looks like a random secret (a case token, a reply token): long, and not one of our lower-case route words. */
const looksSecret = (seg: string) =>
  seg.length >= 20 && /^[A-Za-z0-9_-]+$/.test(seg) && !UUID.test(seg) && (/\d/.test(seg) || /[A-Z]/.test(seg));

/** %XX sequences decoded one by one (a malformed one stays as it is). */
function decode(path: string): string {
  return path.replace(/(?:%[0-9a-f]{2})+/gi, (seq) => {
    try {
      return decodeURIComponent(seq);
    } catch {
      return seq;
    }
  });
}

/**
 * Paths carry secrets (`/c/<token>`) and query strings can carry anything: logs get the route
 * shape only. The path is normalised first as a router might read it (percent-decoding, twice
 * for %25; repeated or back slashes; dot segments; any letter case), so `/C/<token>`,
 * `//c/<token>` and `/%63/<token>` are redacted like `/c/<token>`; any other segment that looks
 * like a random secret is redacted too. Bodies and headers (cookies, bearer tokens) are never logged.
 */
export function redactPath(url: string | undefined): string {
  let path = (url ?? '').split(/[?#]/)[0];
  path = decode(decode(path)).replace(/[\\/]+/g, '/');
  const segments: string[] = [];
  for (const seg of path.split('/').slice(1)) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const shown = segments.map((seg, i) => {
    if (i === 0 && seg.toLowerCase() === 'c') return 'c';
    if (i === 1 && segments[0].toLowerCase() === 'c' && !CASE_PAGES.has(seg)) return ':token';
    return looksSecret(seg) ? ':secret' : seg;
  });
  return `/${shown.join('/')}`.slice(0, 200);
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'luister' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Defence in depth: should someone log one of these keys, it is censored.
      redact: {
        paths: [
          'email',
          '*.email',
          'text',
          '*.text',
          'nickname',
          '*.nickname',
          'postcode',
          '*.postcode',
          'password',
          '*.password',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export function httpLogger(logger: Logger) {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    genReqId: (_req, res) => {
      const id = Math.random().toString(36).slice(2, 10);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, path: redactPath(req.url) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
  });
}

/** Nest's own messages (start-up, errors) into the same JSON stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (typeof message === 'object' && message !== null)
      this.logger[level](
        { context, ...(message as object) },
        typeof rest[0] === 'string' && rest.length > 1 ? (rest[0] as string) : undefined,
      );
    else this.logger[level]({ context }, String(message));
  }
  // Nest's start-up chatter (routes mapped, modules loaded) is debug detail, not operations news.
  log(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}
