import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { newSecretKey } from '../../src/common/secret-box';
import { loadConfig } from '../../src/config/config';
import { MailboxSecrets } from '../../src/mail/mailboxes/mailbox-secrets.service';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';
import { Dovecot, dovecotAvailable, startDovecot, testMail } from '../support/dovecot';
import { mailboxConfig, storedFrom, waitFor } from './support/mailboxes';

const run = dovecotAvailable() ? describe : describe.skip;
const ROOT = path.join(__dirname, '..', '..');

/**
 * /admin/mailboxes and /api/v1/admin/mailboxes: admins only, validated with per-field messages,
 * audited, secrets sealed and never returned, a connection test, status in /metrics and /health,
 * key rotation with `npm run secrets:rotate`, and IMAP_URL's mailbox.
 */
run('mailboxes: admin page, API, secrets, operations', () => {
  let dovecot: Dovecot;
  let t: TestApp;
  let keyDir: string;
  let keyFile: string;
  let admin: { Authorization: string };
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-key-'));
    keyFile = path.join(keyDir, 'secret.key');
    fs.writeFileSync(keyFile, `${newSecretKey()}\n`, { mode: 0o600 });
    [dovecot, t] = await Promise.all([
      startDovecot({ users: { 'hulp@org.test': 'right password', 'other@org.test': 'secret' } }),
      // Failing for "0 minutes" is enough for /health to report a mailbox.
      startTestApp({ ...mailboxConfig({ failingMinutes: 0 }), secrets: { keyFile } }),
    ]);
    admin = await apiLogin(t, 'admin@luister.example');
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.destroy();
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  const base = () => ({ host: dovecot.host, port: dovecot.port, security: 'none' });

  it('is for admins only', async () => {
    const worker = await apiLogin(t, 'worker@luister.example');
    expect((await http().get('/api/v1/admin/mailboxes').set(worker)).status).toBe(403);
    expect((await http().post('/api/v1/admin/mailboxes').set(worker).send({})).status).toBe(403);
    expect((await http().get('/admin/mailboxes').set('Accept', 'text/html')).status).toBe(303);
    const manager = await pageLogin(t, 'manager@luister.example');
    expect((await manager.get('/admin/mailboxes')).status).toBe(403);
  });

  it('refuses bad input with a message per field', async () => {
    const res = await http()
      .post('/api/v1/admin/mailboxes')
      .set(admin)
      .set('Accept-Language', 'en')
      .send({ address: 'not an address', host: 'imap.example.nl', security: 'none', region: 'atlantis' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(Object.keys(res.body.fields).sort()).toEqual(['address', 'password', 'region', 'security']);
    expect(res.body.fields.security[0]).toMatch(/localhost/);
    const ms = await http()
      .post('/api/v1/admin/mailboxes')
      .set(admin)
      .send({ address: 'a@org.test', auth: 'microsoft' });
    expect(Object.keys(ms.body.fields).sort()).toEqual(['clientId', 'clientSecret', 'tenantId']);
    const unknown = await http()
      .post('/api/v1/admin/mailboxes')
      .set(admin)
      .send({ address: 'a@org.test', smtpPassword: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields.smtpPassword).toBeDefined();
  });

  it('stores the password sealed, never returns it, audits the change, and tests the connection', async () => {
    const created = await http()
      .post('/api/v1/admin/mailboxes')
      .set(admin)
      .send({ address: 'Hulp@Org.Test', password: 'wrong password', region: 'gent', processed: 'flag', ...base() });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const list = await http().get('/api/v1/admin/mailboxes').set(admin);
    const m = list.body.items.find((x: { id: string }) => x.id === id);
    expect(m).toMatchObject({
      address: 'hulp@org.test',
      username: 'hulp@org.test',
      auth: 'password',
      secretSet: true,
      region: 'gent',
      processed: 'flag',
      processedFolder: null,
      sendVia: 'relay',
    });
    expect(JSON.stringify(list.body)).not.toContain('wrong password');
    const [row] = await t.db.ds.query(`SELECT encode(secret_sealed, 'escape') AS s FROM mailbox WHERE id = $1`, [id]);
    expect(row.s).not.toContain('wrong password');
    const [audit] = await t.db.ds.query(
      `SELECT data FROM audit_log WHERE action = 'mailbox.change' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.data).toMatchObject({ op: 'create', mailbox: id, address: 'hulp@org.test' });
    expect(JSON.stringify(audit.data)).not.toContain('wrong password');

    // Wrong password: the test says so in plain words, and the fetcher's status agrees.
    const bad = await http().post(`/api/v1/admin/mailboxes/${id}/test`).set(admin).set('Accept-Language', 'nl');
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ ok: false, imap: { ok: false, error: { code: 'login-refused' } } });
    expect(bad.body.imap.error.message).toMatch(/^Inloggen geweigerd/);
    const failing = await waitFor(
      'failing status',
      async () => (await http().get(`/api/v1/admin/mailboxes/${id}`).set(admin)).body.status,
      (s) => s.lastError?.code === 'login-refused' && !!s.failingSince,
    );
    expect(failing.connected).toBe(false);
    // /health reports it and stays 200: the web works.
    const health = await http().get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', mailboxes: 'failing' });
    expect(health.body.failingMailboxes).toEqual([
      expect.objectContaining({ address: 'hulp@org.test', error: 'login-refused' }),
    ]);
    const metrics = (await http().get('/metrics')).text;
    expect(metrics).toMatch(/luister_mailbox_connected\{mailbox="hulp@org.test"\} 0/);
    expect(metrics).toMatch(/luister_mailbox_error\{mailbox="hulp@org.test",error="login-refused"\} 1/);

    // The right password (PATCH, the other settings kept): it connects, fetches, and is healthy.
    dovecot.writeMaildir('hulp@org.test', [testMail(1)]);
    expect(
      (await http().patch(`/api/v1/admin/mailboxes/${id}`).set(admin).send({ password: 'right password' })).status,
    ).toBe(204);
    expect((await http().get(`/api/v1/admin/mailboxes/${id}`).set(admin)).body).toMatchObject({
      region: 'gent',
      processed: 'flag',
    });
    await waitFor(
      'fetched',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 1,
    );
    const ok = await waitFor(
      'connected',
      async () => (await http().get(`/api/v1/admin/mailboxes/${id}`).set(admin)).body.status,
      (s) => s.connected && !s.failingSince,
    );
    expect(ok).toMatchObject({ fetched: 1 });
    expect((await http().get('/health')).body).toEqual({ status: 'ok', database: 'up' });
    const after = (await http().get('/metrics')).text;
    expect(after).toMatch(/luister_mailbox_connected\{mailbox="hulp@org.test"\} 1/);
    expect(after).toMatch(/luister_mailbox_fetched_mails\{mailbox="hulp@org.test"\} 1/);
    expect(after).toMatch(/luister_mailbox_last_fetch_timestamp_seconds\{mailbox="hulp@org.test"\} \d/);
    expect((await http().post(`/api/v1/admin/mailboxes/${id}/test`).set(admin)).body).toMatchObject({
      ok: true,
      imap: { ok: true, messages: 1 },
    });
    expect(t.logLines.join('\n')).not.toMatch(/right password|wrong password/);
  });

  it('fills in Microsoft 365 and Google servers from the kind of login', async () => {
    const ms = await http().post('/api/v1/admin/mailboxes').set(admin).send({
      address: 'hulp@welzijn.example',
      auth: 'microsoft',
      tenantId: 'welzijn.onmicrosoft.com',
      clientId: '0f5b3c1e-1111-2222-3333-444455556666',
      clientSecret: 'app secret value',
      active: false,
    });
    expect(ms.status).toBe(201);
    const got = (await http().get(`/api/v1/admin/mailboxes/${ms.body.id}`).set(admin)).body;
    expect(got).toMatchObject({
      host: 'outlook.office365.com',
      port: 993,
      security: 'tls',
      sendVia: 'mailbox',
      smtpHost: 'smtp.office365.com',
      smtpPort: 587,
      smtpSecurity: 'starttls',
      oauth: { tenantId: 'welzijn.onmicrosoft.com', clientId: '0f5b3c1e-1111-2222-3333-444455556666' },
      processed: 'move',
      processedFolder: 'Luister/Verwerkt',
    });
    expect(JSON.stringify(got)).not.toContain('app secret value');
  });

  it('the page: list with status, add with CSRF and field messages, edit, connection test (nl and en)', async () => {
    const agent = await pageLogin(t, 'admin@luister.example');
    const page = await agent.get('/admin/mailboxes');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Mailboxen van de organisatie');
    expect(page.text).toContain('hulp@org.test');
    expect(page.text).not.toContain('right password');
    const noCsrf = await agent.post('/admin/mailboxes').type('form').send({ address: 'x@org.test' });
    expect(noCsrf.status).toBe(403);
    const invalid = await agent
      .post('/admin/mailboxes')
      .type('form')
      .send({ _csrf: await csrfOf(agent, '/admin/mailboxes'), address: 'other@org.test', ...base(), port: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Vul het (app-)wachtwoord in.');
    const created = await agent
      .post('/admin/mailboxes')
      .type('form')
      .send({
        _csrf: await csrfOf(agent, '/admin/mailboxes'),
        address: 'other@org.test',
        auth: 'password',
        host: dovecot.host,
        port: String(dovecot.port),
        security: 'none',
        password: 'secret',
        folder: 'INBOX',
        processed: 'move',
        processedFolder: 'Luister/Verwerkt',
        region: '',
        sendVia: '',
      });
    expect(created.status).toBe(303);
    const edit = created.headers.location as string;
    expect(edit).toMatch(/^\/admin\/mailboxes\/[0-9a-f-]{36}\?done=created$/);
    const editPage = await agent.get(`${edit}&lang=en`);
    expect(editPage.text).toContain('The mailbox is connected.');
    const id = edit.split('/')[3].split('?')[0];
    const tested = await agent
      .post(`/admin/mailboxes/${id}/test`)
      .type('form')
      .send({ _csrf: await csrfOf(agent, `/admin/mailboxes/${id}`) });
    expect(tested.status).toBe(200);
    expect(tested.text).toContain('Logged in; the folder holds 0 mails.');
    const saved = await agent
      .post(`/admin/mailboxes/${id}`)
      .type('form')
      .send({
        _csrf: await csrfOf(agent, `/admin/mailboxes/${id}`),
        address: 'other@org.test',
        host: dovecot.host,
        port: String(dovecot.port),
        security: 'none',
        folder: 'INBOX',
        processed: 'flag',
        region: 'utrecht',
        // active unchecked: fetching stops
      });
    expect(saved.status).toBe(303);
    const after = (await http().get(`/api/v1/admin/mailboxes/${id}`).set(admin)).body;
    expect(after).toMatchObject({ processed: 'flag', region: 'utrecht', active: false, secretSet: true });
    const ops = await t.db.ds.query(
      `SELECT data->>'op' AS op FROM audit_log WHERE action = 'mailbox.change' AND data->>'mailbox' = $1 ORDER BY id`,
      [id],
    );
    expect(ops.map((o: { op: string }) => o.op)).toEqual(['create', 'deactivate']);
  });

  it('npm run secrets:rotate re-seals every secret under a new key; the running app keeps working', async () => {
    const [before] = await t.db.ds.query(`SELECT id, secret_sealed FROM mailbox WHERE address = 'hulp@org.test'`);
    const oldKey = fs.readFileSync(keyFile, 'utf8').trim();
    const r = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/mail/mailboxes/secrets-rotate.cli.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: t.db.url, LUISTER_SECRET_KEY_FILE: keyFile, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [{ n }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM mailbox WHERE secret_sealed IS NOT NULL`);
    expect(r.stdout).toContain(`re-sealed under the current key: ${n} (already current: 0)`);
    const keys = fs.readFileSync(keyFile, 'utf8').trim().split('\n');
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(oldKey);
    const [after] = await t.db.ds.query(`SELECT secret_sealed FROM mailbox WHERE id = $1`, [before.id]);
    expect(after.secret_sealed.equals(before.secret_sealed)).toBe(false);
    // The app still holds the old key in memory; it reads the file again on meeting the new one.
    expect(await t.app.get(MailboxSecrets).secretOf({ id: before.id, source: 'admin' })).toEqual({
      password: 'right password',
    });
    expect((await http().post(`/api/v1/admin/mailboxes/${before.id}/test`).set(admin)).body.ok).toBe(true);
  }, 60_000);
});

run('mailboxes: IMAP_URL', () => {
  let dovecot: Dovecot;
  let t: TestApp;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: { 'hulp@env.test': 'p@ss word' } });
    dovecot.writeMaildir('hulp@env.test', [testMail(1, { prefix: 'env' }), testMail(2, { prefix: 'env' })]);
    const config = loadConfig({
      NODE_ENV: 'test',
      IMAP_URL: `imap://hulp%40env.test:p%40ss%20word@127.0.0.1:${dovecot.port}/INBOX?tls=none&region=rotterdam`,
    });
    t = await startTestApp({
      ...mailboxConfig(),
      mailboxes: { ...mailboxConfig().mailboxes!, imapUrl: config.mailboxes.imapUrl },
    });
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.destroy();
  });

  it('fetches the mailbox from the environment; admins see it read-only, without its password', async () => {
    const admin = await apiLogin(t, 'admin@luister.example');
    const list = (await request(t.app.getHttpServer()).get('/api/v1/admin/mailboxes').set(admin)).body.items;
    expect(list).toEqual([
      expect.objectContaining({ source: 'env', address: 'hulp@env.test', region: 'rotterdam', secretSet: true }),
    ]);
    const id = list[0].id;
    await waitFor(
      'fetched',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 2,
    );
    const [row] = await t.db.ds.query(`SELECT secret_sealed FROM mailbox WHERE id = $1`, [id]);
    expect(row.secret_sealed).toBeNull();
    expect(JSON.stringify(list)).not.toContain('p@ss word');
    const patch = await request(t.app.getHttpServer())
      .patch(`/api/v1/admin/mailboxes/${id}`)
      .set(admin)
      .send({ folder: 'X' });
    expect(patch.status).toBe(400);
    expect(patch.body.code).toBe('mailbox_from_environment');
  });
});
