import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, RateLimitSetting } from '../../config/config';
import { AppSecrets } from '../app-secrets.service';

export type LimitName = keyof AppConfig['rateLimits'];

/**
 * Per-client counters kept in PostgreSQL (rate-limiter-flexible), so every instance behind a
 * load balancer sees the same counts. Keys are HMACs of the client address: the table never
 * holds an IP address.
 */
@Injectable()
export class RateLimitService {
  private readonly limiters = new Map<LimitName, RateLimiterPostgres>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly secrets: AppSecrets,
  ) {}

  private limiter(name: LimitName): RateLimiterPostgres | undefined {
    const setting: RateLimitSetting = this.config.rateLimits[name];
    if (setting.points === 0) return undefined;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const pool = (this.db.driver as unknown as { master: Pool }).master;
      limiter = new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: 'rate_limit',
        tableCreated: true,
        keyPrefix: name,
        points: setting.points,
        duration: setting.windowSeconds,
        clearExpiredByTimeout: false,
      });
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  private key(client: string): string {
    return createHmac('sha256', this.secrets.get('rate-limit')).update(client).digest('base64url');
  }

  /** Counts one attempt; false when the client is over the limit. */
  async consume(name: LimitName, client: string): Promise<boolean> {
    const limiter = this.limiter(name);
    if (!limiter) return true;
    try {
      await limiter.consume(this.key(client));
      return true;
    } catch (e) {
      if (e instanceof RateLimiterRes) return false;
      throw e;
    }
  }

  /** Whether the client is already over the limit, without counting (for "failures only" limits). */
  async isBlocked(name: LimitName, client: string): Promise<boolean> {
    const limiter = this.limiter(name);
    if (!limiter) return false;
    const res = await limiter.get(this.key(client));
    return res !== null && res.consumedPoints >= this.config.rateLimits[name].points;
  }
}
