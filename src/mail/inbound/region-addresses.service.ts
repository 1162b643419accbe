import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { regionCodes } from './region-addresses.repository';

const TTL_MS = 30_000;

/**
 * The region codes that have their own mail address (`<code>@MAIL_DOMAIN`), read from the
 * database and kept for half a minute: RCPT TO is answered for every recipient of every mail.
 */
@Injectable()
export class RegionAddresses {
  private cached?: { codes: ReadonlySet<string>; at: number };

  constructor(private readonly db: DataSource) {}

  async codes(): Promise<ReadonlySet<string>> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.codes;
    const codes = await regionCodes(this.db);
    this.cached = { codes: new Set(codes.map((c) => c.toLowerCase())), at: Date.now() };
    return this.cached.codes;
  }
}
