import { createVerify, KeyObject } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequestLog {
  grant: string;
  form: Record<string, string>;
}

/**
 * A stand-in for Entra ID's and Google's token endpoints (RFC 6749) plus the introspection
 * endpoint (RFC 7662) Dovecot's oauth2 passdb asks, so XOAUTH2 logins run for real against the
 * test Dovecot: client credentials (Microsoft 365), a service account's signed JWT (Google), and
 * refresh tokens that rotate on every use (as Entra ID does).
 */
export class TokenServer {
  readonly requests: TokenRequestLog[] = [];
  /** The refresh token the server accepts now (rotated on every use). */
  refreshToken = 'rt-1';
  private issued = 0;
  private readonly tokens = new Map<string, { user: string; expires: number }>();
  private server?: http.Server;
  url = '';

  constructor(
    private readonly o: {
      microsoft: { clientId: string; clientSecret: string; mailbox: string };
      google: { serviceAccount: string; publicKey: KeyObject };
      refresh: { clientId: string; mailbox: string; expiresIn: number };
    },
  ) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body)) as Record<string, string>;
        const json = (status: number, v: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(v));
        };
        if (req.url === '/introspect') {
          const t = this.tokens.get(form.token ?? '');
          return json(200, t && t.expires > Date.now() ? { active: true, username: t.user } : { active: false });
        }
        if (req.url !== '/token') return json(404, {});
        this.requests.push({ grant: form.grant_type, form });
        const issue = (user: string, seconds: number, extra: Record<string, string> = {}) => {
          const token = `at-${++this.issued}`;
          this.tokens.set(token, { user, expires: Date.now() + seconds * 1000 });
          json(200, { token_type: 'Bearer', access_token: token, expires_in: seconds, ...extra });
        };
        const { microsoft, google, refresh } = this.o;
        if (form.grant_type === 'client_credentials') {
          if (form.client_id !== microsoft.clientId || form.client_secret !== microsoft.clientSecret)
            return json(401, {
              error: 'invalid_client',
              error_description: 'AADSTS7000215: Invalid client secret provided. Trace ID: x',
            });
          if (form.scope !== 'https://outlook.office365.com/.default') return json(400, { error: 'invalid_scope' });
          return issue(microsoft.mailbox, 3600);
        }
        if (form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
          const [h, c, sig] = (form.assertion ?? '').split('.');
          const v = createVerify('RSA-SHA256');
          v.update(`${h}.${c}`);
          if (!sig || !v.verify(google.publicKey, Buffer.from(sig, 'base64url')))
            return json(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
          const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, string | number>;
          if (claims.iss !== google.serviceAccount || claims.scope !== 'https://mail.google.com/')
            return json(400, { error: 'unauthorized_client' });
          if (claims.aud !== `${this.url}/token`)
            return json(400, { error: 'invalid_grant', error_description: 'aud' });
          return issue(String(claims.sub), 3600);
        }
        if (form.grant_type === 'refresh_token') {
          if (form.client_id !== refresh.clientId || form.refresh_token !== this.refreshToken)
            return json(400, { error: 'invalid_grant', error_description: 'The refresh token has expired.' });
          this.refreshToken = `rt-${Number(this.refreshToken.slice(3)) + 1}`;
          return issue(refresh.mailbox, refresh.expiresIn, { refresh_token: this.refreshToken });
        }
        json(400, { error: 'unsupported_grant_type' });
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Whether an access token is (still) accepted. */
  accepts(token: string): boolean {
    const t = this.tokens.get(token);
    return !!t && t.expires > Date.now();
  }

  /** The user an access token was issued for. */
  userOf(token: string): string | undefined {
    return this.tokens.get(token)?.user;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
