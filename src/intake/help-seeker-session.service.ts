import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { AppSecrets } from '../common/app-secrets.service';
import { APP_CONFIG, AppConfig } from '../config/config';
import { openToken, sealToken } from '../mail/outbound/sealed-link';
import * as repo from './intake.repository';

/** The help-seeker's browser session cookie: HttpOnly, only sent to the case pages (/c…). */
export const HELP_SEEKER_COOKIE = 'luister.hs';
export const HELP_SEEKER_COOKIE_PATH = '/c';
/** A session ends after this long without a page view, and at the latest after SESSION_MAX_HOURS. */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_MAX_HOURS = 4;

export interface HelpSeekerSession {
  caseId: string;
  /** The case token, opened from its sealed copy: the services behind the pages take the token. */
  token: string;
}

/** A new session's cookie value and the hash stored for it. */
export interface NewSessionId {
  value: string;
  hash: Buffer;
}

const hash = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Opening `/c/<token>` exchanges the token for this session, so the pages behind it have
 * addresses without the token (nothing secret in the history or the address bar), and quick
 * exit can end it on the server: afterwards Back and Forward reach only a neutral page. The row
 * holds the token sealed (AES-GCM under a server secret) because the confirmation page shows
 * the link again; the cookie holds only a random id, stored hashed.
 */
@Injectable()
export class HelpSeekerSessions {
  constructor(
    private readonly db: DataSource,
    private readonly secrets: AppSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  newId(): NewSessionId {
    const value = randomBytes(32).toString('base64url');
    return { value, hash: hash(value) };
  }

  seal(token: string): Buffer {
    return sealToken(this.secrets.get('case-token-seal'), token);
  }

  open(sealed: Buffer): string {
    return openToken(this.secrets.get('case-token-seal'), sealed);
  }

  /** A session for the case, in the caller's transaction when given; sets the cookie. */
  async start(res: Response, caseId: string, token: string, m: EntityManager = this.db.manager): Promise<void> {
    const id = this.newId();
    await repo.insertSession(m, id.hash, caseId, this.seal(token));
    this.setCookie(res, id.value);
    // Now and then, not on every request: sessions and question keys past their time go.
    if (Math.random() < 0.05) await this.purge();
  }

  setCookie(res: Response, value: string): void {
    res.cookie(HELP_SEEKER_COOKIE, value, {
      httpOnly: true,
      // Lax, not Strict: a link opened from a mail (another site) must carry it on the redirect.
      sameSite: 'lax',
      secure: this.config.behindTls,
      path: HELP_SEEKER_COOKIE_PATH,
    });
  }

  /** The live session of this browser (its idle time restarts), or undefined. */
  async current(req: Request): Promise<HelpSeekerSession | undefined> {
    const value = req.cookies?.[HELP_SEEKER_COOKIE] as unknown;
    if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(value)) return undefined;
    const row = await repo.touchLiveSession(this.db, hash(value), SESSION_IDLE_MINUTES, SESSION_MAX_HOURS);
    if (!row) return undefined;
    try {
      return { caseId: row.case_id, token: this.open(row.sealed_token) };
    } catch {
      return undefined;
    }
  }

  /** Ends this browser's session on the server and drops the cookie. */
  async end(req: Request, res: Response): Promise<void> {
    const value = req.cookies?.[HELP_SEEKER_COOKIE] as unknown;
    if (typeof value === 'string' && value.length <= 100) {
      await repo.deleteSession(this.db, hash(value));
    }
    res.clearCookie(HELP_SEEKER_COOKIE, { path: HELP_SEEKER_COOKIE_PATH, httpOnly: true, sameSite: 'lax' });
  }

  /** Ends every session of a case (after the help-seeker erased it). */
  async endAll(caseId: string, m: EntityManager = this.db.manager): Promise<void> {
    await repo.deleteSessionsOfCase(m, caseId);
  }

  /** Sessions past their idle time and question keys older than a day (their sealed tokens with them). */
  async purge(): Promise<void> {
    await repo.deleteExpiredSessions(this.db, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS);
    await repo.deleteOldQuestionKeys(this.db);
  }
}
