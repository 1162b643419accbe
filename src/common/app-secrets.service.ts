import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import * as sql from '../database/sql';

const NAMES = ['csrf', 'rate-limit', 'message-id', 'case-token-seal'] as const;
export type SecretName = (typeof NAMES)[number];

/**
 * Server-side secrets generated once per database and shared by every instance (a CSRF secret
 * that differed per process would reject forms served by a neighbour).
 */
@Injectable()
export class AppSecrets {
  private readonly values = new Map<SecretName, string>();

  constructor(private readonly db: DataSource) {}

  async load(): Promise<void> {
    for (const name of NAMES) {
      await sql.exec(this.db, `INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
        name,
        randomBytes(32).toString('base64url'),
      ]);
    }
    const rows = await sql.rows<{ name: SecretName; value: string }>(this.db, `SELECT name, value FROM app_secret`);
    for (const r of rows) this.values.set(r.name, r.value);
  }

  get(name: SecretName): string {
    const v = this.values.get(name);
    if (!v) throw new Error(`Secret ${name} not loaded`);
    return v;
  }
}
