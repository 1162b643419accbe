import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { MailboxSecrets } from '../../src/mail/mailboxes/mailbox-secrets.service';
import { MailboxesService } from '../../src/mail/mailboxes/mailboxes.service';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';
import { Dovecot, dovecotAvailable, startDovecot, testMail } from '../support/dovecot';
import { adminId, mailboxConfig, storedFrom, waitFor } from './support/mailboxes';
import { TokenServer } from './support/token-server';

const run = dovecotAvailable() ? describe : describe.skip;

/**
 * XOAUTH2 logins for Microsoft 365 (client credentials), Google Workspace (a service account's
 * signed JWT) and any OAuth2 server (a rotating refresh token), against a Dovecot that checks
 * every access token with the token server: no personal passwords anywhere.
 */
run('mailboxes: OAuth2 (XOAUTH2) logins', () => {
  let dovecot: Dovecot;
  let tokens: TokenServer;
  let t: TestApp;
  const google = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    tokens = new TokenServer({
      microsoft: { clientId: 'ms-client', clientSecret: 'ms-secret-value', mailbox: 'm365@org.test' },
      google: { serviceAccount: 'luister@project.iam.gserviceaccount.com', publicKey: google.publicKey },
      refresh: { clientId: 'generic-client', mailbox: 'generic@org.test', expiresIn: 2 },
    });
    await tokens.start();
    [dovecot, t] = await Promise.all([
      startDovecot({
        oauth2IntrospectionUrl: `${tokens.url}/introspect`,
        users: { 'password@org.test': 'secret' },
      }),
      startTestApp(mailboxConfig()),
    ]);
    for (const u of ['m365@org.test', 'gws@org.test', 'generic@org.test'])
      dovecot.writeMaildir(u, [testMail(1, { prefix: u })]);
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.destroy();
    await tokens?.stop();
  });

  const create = async (input: Parameters<MailboxesService['create']>[1]) =>
    (
      await t.app.get(MailboxesService).create(await adminId(t.db.ds), {
        host: dovecot.host,
        port: dovecot.port,
        security: 'none',
        ...input,
      })
    ).id;

  it('Microsoft 365: client credentials from the app registration, no password', async () => {
    const id = await create({
      address: 'm365@org.test',
      auth: 'microsoft',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: 'ms-client',
      clientSecret: 'ms-secret-value',
      tokenUrl: `${tokens.url}/token`,
      sendVia: 'relay',
    });
    await waitFor(
      'fetched with XOAUTH2',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 1,
    );
    const req = tokens.requests.find((r) => r.grant === 'client_credentials')!;
    expect(req.form).toMatchObject({ client_id: 'ms-client', scope: 'https://outlook.office365.com/.default' });
    // The connection test uses the same login.
    const admin = await apiLogin(t, 'admin@luister.example');
    const test = await request(t.app.getHttpServer()).post(`/api/v1/admin/mailboxes/${id}/test`).set(admin);
    expect(test.body).toMatchObject({ ok: true, imap: { ok: true } });
  });

  it('Google Workspace: a service account with domain-wide delegation (signed JWT)', async () => {
    const key = JSON.stringify({
      type: 'service_account',
      client_email: 'luister@project.iam.gserviceaccount.com',
      private_key: google.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      token_uri: `${tokens.url}/token`,
    });
    const id = await create({ address: 'gws@org.test', auth: 'google', serviceAccountKey: key, sendVia: 'relay' });
    await waitFor(
      'fetched with XOAUTH2',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 1,
    );
    // The JWT named the mailbox as its subject: that is whose mail the token opens.
    const jwtReq = tokens.requests.find((r) => r.grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer')!;
    const claims = JSON.parse(Buffer.from(jwtReq.form.assertion.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'gws@org.test', iss: 'luister@project.iam.gserviceaccount.com' });
  });

  it('any OAuth2 server: refreshes expired tokens and keeps the rotated refresh token, sealed', async () => {
    const id = await create({
      address: 'generic@org.test',
      auth: 'oauth2',
      clientId: 'generic-client',
      refreshToken: 'rt-1',
      tokenUrl: `${tokens.url}/token`,
    });
    await waitFor(
      'fetched',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 1,
    );
    const open = async () => {
      const [r] = await t.db.ds.query(`SELECT secret_sealed FROM mailbox WHERE id = $1`, [id]);
      return t.app.get(MailboxSecrets).open(id, r.secret_sealed);
    };
    expect(await open()).toEqual({ refreshToken: 'rt-2' });
    const [raw] = await t.db.ds.query(`SELECT encode(secret_sealed, 'escape') AS s FROM mailbox WHERE id = $1`, [id]);
    expect(raw.s).not.toContain('rt-2');

    // The access token lives 2 s; the next login (a new connection) must get a fresh one.
    await new Promise((r) => setTimeout(r, 2100));
    await t.app.get(MailboxesService).update(await adminId(t.db.ds), id, { folder: 'INBOX' });
    const before = tokens.requests.filter((r) => r.grant === 'refresh_token').length;
    dovecot.writeMaildir('generic@org.test', [testMail(2, { prefix: 'generic' })]);
    await waitFor(
      'fetched after a refresh',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 2,
    );
    expect(tokens.requests.filter((r) => r.grant === 'refresh_token').length).toBeGreaterThan(before);
    expect(await open()).toEqual({ refreshToken: tokens.refreshToken });
  });

  it('a refused app secret shows in plain words on the status, without the secret', async () => {
    const id = await create({
      address: 'wrong@org.test',
      auth: 'microsoft',
      tenantId: 'contoso',
      clientId: 'ms-client',
      clientSecret: 'expired-secret-value',
      tokenUrl: `${tokens.url}/token`,
    });
    const admin = await apiLogin(t, 'admin@luister.example');
    const status = await waitFor(
      'the failure recorded',
      async () =>
        (
          await request(t.app.getHttpServer())
            .get(`/api/v1/admin/mailboxes/${id}`)
            .set(admin)
            .set('Accept-Language', 'en')
        ).body,
      (b) => !!b.status?.lastError,
    );
    expect(status.status.lastError).toMatchObject({ code: 'token-refused' });
    expect(status.status.lastError.message).toMatch(/client secret/);
    expect(status.status.lastError.detail).toContain('invalid_client');
    expect(JSON.stringify(status)).not.toContain('expired-secret-value');
    expect(t.logLines.join('\n')).not.toContain('expired-secret-value');
    expect(t.logLines.join('\n')).not.toContain('ms-secret-value');
  });
});
