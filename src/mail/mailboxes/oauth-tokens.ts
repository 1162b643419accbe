import { createSign } from 'node:crypto';
import { MailboxError } from './mailbox-errors';
import { AuthKind, MailboxSecret, OAuthSettings } from './mailbox-settings';

/** What a token request needs: the mailbox's login name, its OAuth settings and its (opened) secret. */
export interface TokenSubject {
  mailboxId: string;
  auth: Exclude<AuthKind, 'password'>;
  username: string;
  oauth: OAuthSettings;
  secret: MailboxSecret;
}

export const MICROSOFT_SCOPE = 'https://outlook.office365.com/.default';
export const GOOGLE_SCOPE = 'https://mail.google.com/';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export function tokenUrlOf(s: Pick<TokenSubject, 'auth' | 'oauth'>): string {
  if (s.oauth.tokenUrl) return s.oauth.tokenUrl;
  if (s.auth === 'microsoft')
    return `https://login.microsoftonline.com/${encodeURIComponent(s.oauth.tenantId ?? '')}/oauth2/v2.0/token`;
  if (s.auth === 'google') return GOOGLE_TOKEN_URL;
  throw new MailboxError('token-refused', 'no token URL configured');
}

function base64url(v: Buffer | string): string {
  return Buffer.from(v).toString('base64url');
}

/** Google's service-account grant: a JWT signed with the account's key, acting as the mailbox (domain-wide delegation). */
export function googleAssertion(s: TokenSubject, now = Math.floor(Date.now() / 1000)): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({
      iss: s.oauth.serviceAccount,
      sub: s.username,
      scope: s.oauth.scope || GOOGLE_SCOPE,
      aud: tokenUrlOf(s),
      iat: now,
      exp: now + 3600,
    }),
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  return `${header}.${claims}.${base64url(signer.sign(s.secret.privateKey ?? ''))}`;
}

/** The form body of the token request for each kind of app registration. */
export function tokenRequestBody(s: TokenSubject): URLSearchParams {
  if (s.auth === 'microsoft')
    return new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: s.oauth.clientId ?? '',
      client_secret: s.secret.clientSecret ?? '',
      scope: s.oauth.scope || MICROSOFT_SCOPE,
    });
  if (s.auth === 'google')
    return new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: googleAssertion(s),
    });
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: s.secret.refreshToken ?? '',
    client_id: s.oauth.clientId ?? '',
  });
  if (s.secret.clientSecret) body.set('client_secret', s.secret.clientSecret);
  if (s.oauth.scope) body.set('scope', s.oauth.scope);
  return body;
}

interface Cached {
  token: string;
  expiresAt: number;
}

/**
 * Access tokens for XOAUTH2 logins (IMAP and SMTP), fetched from the provider's token endpoint
 * and kept until a minute before they expire. A refresh token the provider rotates is handed to
 * `onNewRefreshToken` (which seals and stores it) before the new access token is used, so a crash
 * in between cannot leave only a spent refresh token behind.
 */
export class OAuthTokens {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly onNewRefreshToken: (mailboxId: string, refreshToken: string) => Promise<void>,
    private readonly timeoutMs = 15_000,
  ) {}

  async accessToken(s: TokenSubject, opts: { force?: boolean } = {}): Promise<string> {
    const hit = this.cache.get(s.mailboxId);
    if (hit && !opts.force && hit.expiresAt - 60_000 > Date.now()) return hit.token;
    let p = this.inFlight.get(s.mailboxId);
    if (!p) {
      p = this.fetchToken(s).finally(() => this.inFlight.delete(s.mailboxId));
      this.inFlight.set(s.mailboxId, p);
    }
    return p;
  }

  /** Forget the cached token (the server refused it, or the settings changed). */
  invalidate(mailboxId: string): void {
    this.cache.delete(mailboxId);
  }

  private async fetchToken(s: TokenSubject): Promise<string> {
    const url = tokenUrlOf(s);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: tokenRequestBody(s),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      throw new MailboxError('token-unreachable', `${new URL(url).host}: ${cause?.code ?? (e as Error).name}`);
    }
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number | string;
      refresh_token?: string;
      error?: string;
      error_description?: string;
    };
    if (!res.ok || !body.access_token) {
      // error_description can be long (Entra ID adds trace ids); the error code says what matters.
      const first = (body.error_description ?? '').split(/\r?\n|\. /)[0];
      throw new MailboxError('token-refused', `${res.status} ${body.error ?? ''} ${first}`.trim());
    }
    if (s.auth === 'oauth2' && body.refresh_token && body.refresh_token !== s.secret.refreshToken) {
      await this.onNewRefreshToken(s.mailboxId, body.refresh_token);
      s.secret.refreshToken = body.refresh_token;
    }
    const seconds = Number(body.expires_in ?? 3600);
    this.cache.set(s.mailboxId, {
      token: body.access_token,
      expiresAt: Date.now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000,
    });
    return body.access_token;
  }
}
