import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { hashToken, isWellFormedToken } from '../common/secrets';
import { clientAddress } from '../common/web/request-context';
import { caseTokenHashExists } from './intake.repository';

/** How many leading characters of a presented token count as its prefix. */
export const TOKEN_PREFIX_LENGTH = 6;

/**
 * Slows down guessing of case links. Unknown tokens are counted per client address and per token
 * prefix (someone who saw part of a link over a shoulder and tries the rest from many addresses);
 * over either limit, unknown tokens get 429 for the rest of the window. A valid link always
 * passes: a help-seeker behind the same proxy or NAT as a guesser is never locked out of their
 * own conversation, and the penalty ends with the (short) window.
 */
@Injectable()
export class CaseLinkThrottle {
  constructor(
    private readonly limits: RateLimitService,
    private readonly db: DataSource,
  ) {}

  async check(req: Request, token?: string): Promise<void> {
    const prefix = prefixOf(token);
    const blocked =
      (await this.limits.isBlocked('caseLinkFailures', clientAddress(req))) ||
      (prefix !== undefined && (await this.limits.isBlocked('caseLinkPrefixFailures', prefix)));
    if (!blocked) return;
    if (token && (await this.isKnown(token))) return;
    throw new HttpException(
      { statusCode: 429, code: 'too_many_requests', message: 'errors.tooManyRequests' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  async recordMiss(req: Request, token?: string): Promise<void> {
    await this.limits.consume('caseLinkFailures', clientAddress(req));
    const prefix = prefixOf(token);
    if (prefix !== undefined) await this.limits.consume('caseLinkPrefixFailures', prefix);
  }

  private async isKnown(token: string): Promise<boolean> {
    if (!isWellFormedToken(token)) return false;
    return caseTokenHashExists(this.db, hashToken(token));
  }
}

function prefixOf(token: string | undefined): string | undefined {
  return token && token.length >= TOKEN_PREFIX_LENGTH ? `p:${token.slice(0, TOKEN_PREFIX_LENGTH)}` : undefined;
}
