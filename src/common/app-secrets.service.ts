import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import * as repo from './app-secrets.repository';

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
    for (const name of NAMES) await repo.insertSecretIfAbsent(this.db, name, randomBytes(32).toString('base64url'));
    // The names this version knows (get asks for no other).
    const stored = new Map((await repo.allSecrets(this.db)).map((r) => [r.name, r.value]));
    for (const name of NAMES) {
      const value = stored.get(name);
      if (value !== undefined) this.values.set(name, value);
    }
  }

  get(name: SecretName): string {
    const v = this.values.get(name);
    if (!v) throw new Error(`Secret ${name} not loaded`);
    return v;
  }
}
