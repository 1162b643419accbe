import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { clientAddress } from '../common/web/request-context';

/**
 * Slows down guessing of case links: a client that presented too many unknown tokens gets 429
 * for a while, whatever token it tries next. Known tokens cost nothing.
 */
@Injectable()
export class CaseLinkThrottle {
  constructor(private readonly limits: RateLimitService) {}

  async check(req: Request): Promise<void> {
    if (await this.limits.isBlocked('caseLinkFailures', clientAddress(req))) {
      throw new HttpException(
        { statusCode: 429, code: 'too_many_requests', message: 'errors.tooManyRequests' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  async recordMiss(req: Request): Promise<void> {
    await this.limits.consume('caseLinkFailures', clientAddress(req));
  }
}
