import { totpCode } from '../../src/auth/totp';
import request from 'supertest';
import { hashToken } from '../../src/common/secrets';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { apiLogin, csrfOf, DEMO_PASSWORD, pageLogin } from './staff-login';

describe('staff login and sessions', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  beforeAll(async () => {
    t = await startTestApp({
      staffAuth: {
        sessionIdleMinutes: 120,
        sessionMaxHours: 12,
        maxFailedLogins: 3,
        lockoutMinutes: 15,
        totpRequiredRoles: ['manager'],
      },
    });
  });
  afterAll(() => t.close());

  it('sends anonymous visitors of staff pages to /login and answers the API with 401 in the error shape', async () => {
    const page = await http().get('/account').set('Accept', 'text/html');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Faccount');
    const api = await http().get('/api/v1/auth/me');
    expect(api.status).toBe(401);
    expect(api.body).toEqual({ statusCode: 401, code: 'unauthorized', message: expect.any(String) });
    const forged = await http().get('/api/v1/auth/me').set('Authorization', 'Bearer AAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.status).toBe(401);
  });

  it('logs in on the page with an httpOnly SameSite=Lax luister.sid cookie stored only as a hash, and logs out', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login?next=/account');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="password"');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'Worker@Luister.example', password: DEMO_PASSWORD, next: '/account' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('luister.sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = /luister\.sid=([^;]+)/.exec(cookie)![1];
    const rows = await t.db.ds.query(`SELECT token_hash, kind FROM staff_session`);
    expect(rows.some((r: { token_hash: Buffer }) => r.token_hash.equals(hashToken(token)))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);

    const account = await agent.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain('Wim Werker');
    const out = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(account.text) });
    expect(out.status).toBe(303);
    expect((await agent.get('/account')).status).toBe(303);
  });

  it('refuses a login form without a valid CSRF token and external "next" targets', async () => {
    const res = await http()
      .post('/login')
      .type('form')
      .send({ email: 'worker@luister.example', password: DEMO_PASSWORD });
    expect(res.status).toBe(403);
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login');
    const ok = await agent
      .post('/login')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        email: 'worker@luister.example',
        password: DEMO_PASSWORD,
        next: '//evil.example/x',
      });
    expect(ok.headers.location).toBe('/inbox');
  });

  it('gives API clients a bearer token whose hash alone is stored; /me tells who, role and regions', async () => {
    const auth = await apiLogin(t, 'worker@luister.example');
    const me = await http().get('/api/v1/auth/me').set(auth);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      email: 'worker@luister.example',
      role: 'worker',
      regions: ['amsterdam'],
      organisation: { code: 'welzijn-amsterdam', name: 'Welzijn Amsterdam' },
    });
    const bad = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'worker@luister.example', password: 'wrong password!' });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('invalid_credentials');
    const unknown = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@luister.example', password: 'wrong password!' });
    expect(unknown.body).toEqual(bad.body);
    await http().post('/api/v1/auth/logout').set(auth).expect(204);
    expect((await http().get('/api/v1/auth/me').set(auth)).status).toBe(401);
  });

  it('a bearer token is not a cookie and a cookie is not a bearer token', async () => {
    const auth = await apiLogin(t, 'worker@luister.example');
    const token = auth.Authorization.slice(7);
    const res = await http().get('/account').set('Cookie', `luister.sid=${token}`);
    expect(res.status).toBe(303);
  });

  it('ends sessions that were idle too long', async () => {
    const auth = await apiLogin(t, 'trainee@luister.example');
    expect((await http().get('/api/v1/auth/me').set(auth)).status).toBe(200);
    await t.db.ds.query(`UPDATE staff_session SET last_seen_at = now() - interval '3 hours' WHERE token_hash = $1`, [
      hashToken(auth.Authorization.slice(7)),
    ]);
    expect((await http().get('/api/v1/auth/me').set(auth)).status).toBe(401);
    const other = await apiLogin(t, 'trainee@luister.example');
    await t.db.ds.query(`UPDATE staff_session SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      hashToken(other.Authorization.slice(7)),
    ]);
    expect((await http().get('/api/v1/auth/me').set(other)).status).toBe(401);
  });

  it('locks an account after repeated failures, whatever the password, and audits it', async () => {
    for (let i = 0; i < 2; i++) {
      expect(
        (await http().post('/api/v1/auth/login').send({ email: 'gent@luister.example', password: 'not the password' }))
          .status,
      ).toBe(401);
    }
    const third = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'gent@luister.example', password: 'not the password' });
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('account_locked');
    const right = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'gent@luister.example', password: DEMO_PASSWORD });
    expect(right.status).toBe(429);
    const [u] = await t.db.ds.query(
      `SELECT id, locked_until > now() AS locked FROM staff_user WHERE email = 'gent@luister.example'`,
    );
    expect(u.locked).toBe(true);
    const audit = await t.db.ds.query(`SELECT action FROM audit_log WHERE target_user_id = $1 ORDER BY id`, [u.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'auth.login-failed',
      'auth.login-failed',
      'auth.login-failed',
      'auth.locked',
    ]);
    // The lock runs out by itself.
    await t.db.ds.query(`UPDATE staff_user SET locked_until = now() - interval '1 second' WHERE id = $1`, [u.id]);
    await apiLogin(t, 'gent@luister.example');
  });

  it('rate-limits failed logins per client address across accounts', async () => {
    const strict = await startTestApp({
      rateLimits: {
        questions: { points: 100, windowSeconds: 600 },
        caseLinkFailures: { points: 100, windowSeconds: 600 },
        caseLinkPrefixFailures: { points: 100, windowSeconds: 600 },
        staffLoginFailures: { points: 2, windowSeconds: 600 },
      },
    });
    try {
      const s = request(strict.app.getHttpServer());
      await s.post('/api/v1/auth/login').send({ email: 'a@luister.example', password: 'x' }).expect(401);
      await s.post('/api/v1/auth/login').send({ email: 'b@luister.example', password: 'x' }).expect(401);
      const third = await s
        .post('/api/v1/auth/login')
        .send({ email: 'worker@luister.example', password: DEMO_PASSWORD });
      expect(third.status).toBe(429);
      expect(third.body.code).toBe('too_many_requests');
    } finally {
      await strict.close();
    }
  });

  it('switches on TOTP; then a login needs a fresh code and a code works only once', async () => {
    const auth = await apiLogin(t, 'supervisor@luister.example');
    const setup = await http().post('/api/v1/auth/totp/setup').set(auth).expect(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    await http().post('/api/v1/auth/totp/enable').set(auth).send({ code: '000000' }).expect(400);
    const code = await totpCode(setup.body.secret);
    await http().post('/api/v1/auth/totp/enable').set(auth).send({ code }).expect(204);

    const noCode = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'supervisor@luister.example', password: DEMO_PASSWORD });
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('totp_required');
    // The code that switched it on was used already: replay refused.
    const replay = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'supervisor@luister.example', password: DEMO_PASSWORD, totp: code });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('invalid_totp');
    // A code of the next time step (within the allowed drift) works, once.
    const next = await totpCode(setup.body.secret, Math.floor(Date.now() / 1000) + 30);
    await apiLogin(t, 'supervisor@luister.example', DEMO_PASSWORD, next);
    const again = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'supervisor@luister.example', password: DEMO_PASSWORD, totp: next });
    expect(again.body.code).toBe('invalid_totp');

    await http().post('/api/v1/auth/totp/disable').set(auth).send({ password: 'wrong' }).expect(400);
    await http().post('/api/v1/auth/totp/disable').set(auth).send({ password: DEMO_PASSWORD }).expect(204);
    await apiLogin(t, 'supervisor@luister.example');
  });

  it('writes a login and a password change with their audit rows, or not at all', async () => {
    const sessions = async () =>
      (
        await t.db.ds.query(
          `SELECT count(*)::int AS n FROM staff_session s JOIN staff_user u ON u.id = s.staff_user_id
            WHERE u.email = 'worker@luister.example'`,
        )
      )[0].n as number;
    const auth = await apiLogin(t, 'worker@luister.example');
    const before = await sessions();
    await t.db.ds.query(
      `CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$`,
    );
    await t.db.ds.query(`CREATE TRIGGER no_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION no_audit()`);
    try {
      await http()
        .post('/api/v1/auth/login')
        .send({ email: 'worker@luister.example', password: DEMO_PASSWORD })
        .expect(500);
      await http()
        .post('/api/v1/auth/password')
        .set(auth)
        .send({ currentPassword: DEMO_PASSWORD, newPassword: 'een-heel-nieuw-wachtwoord-2026' })
        .expect(500);
    } finally {
      await t.db.ds.query(`DROP TRIGGER no_audit ON audit_log`);
      await t.db.ds.query(`DROP FUNCTION no_audit()`);
    }
    // No session without its trace; the old password still works and the session in use still does.
    expect(await sessions()).toBe(before);
    await http().get('/api/v1/auth/me').set(auth).expect(200);
    await apiLogin(t, 'worker@luister.example');
  });

  it('lets one of several logins sent at once with the same code through, never two', async () => {
    const auth = await apiLogin(t, 'trainee@luister.example');
    const setup = await http().post('/api/v1/auth/totp/setup').set(auth).expect(200);
    await http()
      .post('/api/v1/auth/totp/enable')
      .set(auth)
      .send({ code: await totpCode(setup.body.secret) })
      .expect(204);
    const next = await totpCode(setup.body.secret, Math.floor(Date.now() / 1000) + 30);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        http()
          .post('/api/v1/auth/login')
          .send({ email: 'trainee@luister.example', password: DEMO_PASSWORD, totp: next }),
      ),
    );
    // One gets in; the others are replays, refused (and counted as failures: 401, or 429 once locked).
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401 || s === 429)).toHaveLength(3);
    await t.db.ds.query(
      `UPDATE staff_user SET failed_logins = 0, locked_until = NULL WHERE email = 'trainee@luister.example'`,
    );
    await http().post('/api/v1/auth/totp/disable').set(auth).send({ password: DEMO_PASSWORD }).expect(204);
  });

  it('makes a role that requires TOTP set it up before anything else', async () => {
    const auth = await apiLogin(t, 'manager@luister.example');
    const me = await http().get('/api/v1/auth/me').set(auth);
    expect(me.body.pending).toBe('totp-setup');
    const blocked = await http().post('/api/v1/auth/totp/disable').set(auth).send({ password: DEMO_PASSWORD });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('totp_setup_required');
    const agent = await pageLogin(t, 'manager@luister.example');
    const page = await agent.get('/account');
    expect(page.text).toContain('tweestapsverificatie');
    const setup = await http().post('/api/v1/auth/totp/setup').set(auth).expect(200);
    await http()
      .post('/api/v1/auth/totp/enable')
      .set(auth)
      .send({ code: await totpCode(setup.body.secret) })
      .expect(204);
    expect((await http().get('/api/v1/auth/me').set(auth)).body.pending).toBeUndefined();
  });

  it('changes the password on the page and ends the other sessions', async () => {
    await t.db.ds.query(
      `INSERT INTO staff_user (email, display_name, role, password_hash) SELECT 'pw@luister.example', 'Pim', 'worker', password_hash FROM staff_user WHERE email = 'worker@luister.example'`,
    );
    const other = await apiLogin(t, 'pw@luister.example');
    const agent = await pageLogin(t, 'pw@luister.example');
    // (The token first: a supertest agent attaches its cookies when a request is created.)
    let csrf = await csrfOf(agent);
    const short = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, currentPassword: DEMO_PASSWORD, newPassword: 'kort', repeatPassword: 'kort' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('minstens 12 tekens');
    csrf = await csrfOf(agent);
    const ok = await agent.post('/account/password').type('form').send({
      _csrf: csrf,
      currentPassword: DEMO_PASSWORD,
      newPassword: 'een nieuw lang wachtwoord',
      repeatPassword: 'een nieuw lang wachtwoord',
    });
    expect(ok.status).toBe(303);
    expect((await agent.get('/account')).status).toBe(200);
    expect((await http().get('/api/v1/auth/me').set(other)).status).toBe(401);
    await apiLogin(t, 'pw@luister.example', 'een nieuw lang wachtwoord');
  });

  it('lets an admin reset a password: temporary password, sessions ended, change required first', async () => {
    const [u] = await t.db.ds.query(`SELECT id FROM staff_user WHERE email = 'trainee@luister.example'`);
    const old = await apiLogin(t, 'trainee@luister.example');
    const worker = await apiLogin(t, 'worker@luister.example');
    await http().post(`/api/v1/admin/users/${u.id}/password-reset`).set(worker).expect(403);
    const admin = await apiLogin(t, 'admin@luister.example');
    const res = await http().post(`/api/v1/admin/users/${u.id}/password-reset`).set(admin).expect(200);
    expect((await http().get('/api/v1/auth/me').set(old)).status).toBe(401);
    const fresh = await apiLogin(t, 'trainee@luister.example', res.body.temporaryPassword);
    expect((await http().get('/api/v1/auth/me').set(fresh)).body.pending).toBe('password-change');
    await http()
      .post('/api/v1/auth/password')
      .set(fresh)
      .send({ currentPassword: res.body.temporaryPassword, newPassword: 'mijn eigen wachtwoord' })
      .expect(204);
    expect((await http().get('/api/v1/auth/me').set(fresh)).body.pending).toBeUndefined();
    const [row] = await t.db.ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.password-reset' AND target_user_id = $1`,
      [u.id],
    );
    expect(row.n).toBe(1);
  });

  it('marks the session cookie Secure behind TLS', async () => {
    const tls = await startTestApp({ behindTls: true });
    try {
      // A Secure cookie does not travel back over plain HTTP by itself: hand the CSRF cookie over.
      const page = await request(tls.app.getHttpServer()).get('/login');
      const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
      const res = await request(tls.app.getHttpServer())
        .post('/login')
        .set('Cookie', csrfCookie)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: 'worker@luister.example', password: DEMO_PASSWORD });
      expect(res.status).toBe(303);
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('luister.sid='))!;
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/HttpOnly/);
    } finally {
      await tls.close();
    }
  });

  it('never logs passwords, tokens or e-mail addresses', () => {
    const all = t.logLines.join('\n');
    expect(all).not.toContain(DEMO_PASSWORD);
    expect(all).not.toContain('worker@luister.example');
  });
});
