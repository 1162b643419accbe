import request from 'supertest';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { askByForm, openCase } from '../support/help-seeker';
import { DEMO_PASSWORD, pageLogin } from '../staff/staff-login';

/** The CSP's directives as a map: directive → sources. */
function csp(header: string | undefined): Map<string, string[]> {
  expect(header).toBeDefined();
  return new Map(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** What every HTML page must satisfy: a strict CSP and no inline script in the markup. */
function expectStrictPage(res: request.Response, path: string): void {
  expect({ path, type: res.headers['content-type'] }).toEqual({ path, type: expect.stringMatching(/text\/html/) });
  const policy = csp(res.headers['content-security-policy']);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('script-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  for (const [directive, sources] of policy) {
    for (const s of sources)
      expect({ path, directive, source: s }).toEqual({
        path,
        directive,
        source: expect.stringMatching(/^('self'|'none'|data:)$/),
      });
  }
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['strict-transport-security']).toBeUndefined();
  const html = res.text;
  // Scripts only from our own /static, none inline; no inline handlers or javascript: links.
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? [])
    expect({ path, tag }).toEqual({ path, tag: expect.stringMatching(/\ssrc="\/static\/[\w.-]+\.js"/) });
  expect(html).not.toMatch(/<script\b(?![^>]*\ssrc=)[^>]*>/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:/i);
  for (const m of html.matchAll(/<(?:link|img|script|iframe)\b[^>]*\s(?:src|href)="([^"]*)"/gi)) {
    expect({ path, url: m[1] }).toEqual({ path, url: expect.stringMatching(/^(\/(?!\/)|#|data:)/) });
  }
}

describe('security headers and sessions', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('every help-seeker page: strict CSP, no inline script, Referrer-Policy no-referrer, no HSTS without TLS', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const start = await agent.get('/').expect(200);
    expectStrictPage(start, '/');
    const { token, received } = await askByForm(agent, {
      nickname: 'Kees',
      text: 'Ik wil graag iets vragen over mijn huur.',
      postcodeWithheld: 'on',
      country: 'NL',
      language: 'nl',
    });
    expectStrictPage(received, 'received');
    expectStrictPage(await openCase(agent, token), '/c');
    expectStrictPage(await agent.get('/c/erase').expect(200), '/c/erase');
    expectStrictPage(await request(t.app.getHttpServer()).get('/c').expect(200), '/c closed');
    expectStrictPage(await agent.get('/c/AAAAAAAAAAAAAAAAAAAAAA').expect(404), 'not found');
    expectStrictPage(await agent.get('/?lang=en').expect(200), '/?lang=en');
  });

  it('every staff page: strict CSP and no inline script', async () => {
    const [c] = await t.db.ds.query(`SELECT id FROM cases LIMIT 1`);
    let caseId: string = c?.id;
    if (!caseId) {
      await http()
        .post('/api/v1/questions')
        .send({ nickname: 'Kees', text: 'Een vraag over mijn geldzaken.', postcode: '1012 AB', country: 'NL' })
        .expect(201);
      caseId = (await t.db.ds.query(`SELECT id FROM cases LIMIT 1`))[0].id;
    }
    expectStrictPage(await http().get('/login').expect(200), '/login');
    const admin = await pageLogin(t, 'admin@luister.example');
    for (const path of [
      '/inbox',
      `/cases/${caseId}`,
      `/admin/cases/${caseId}/erase`,
      '/account',
      '/admin',
      '/admin/audit',
      '/admin/mail/inbound',
      '/admin/mail/outbound',
    ]) {
      const res = await admin.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expectStrictPage(res, path);
    }
  });

  it('the staff session cookie is HttpOnly and SameSite=Lax, not Secure without TLS', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'worker@luister.example', password: DEMO_PASSWORD })
      .expect(303);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('luister.sid='));
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    for (const other of ([] as string[]).concat(page.headers['set-cookie'] ?? []))
      expect(other).toMatch(/;\s*HttpOnly/i);
  });

  describe('behind TLS (BEHIND_TLS)', () => {
    let tls: TestApp;
    beforeAll(async () => {
      tls = await startTestApp({ behindTls: true, trustProxy: true });
    });
    afterAll(() => tls.close());

    it('sends HSTS and marks the session cookie Secure', async () => {
      const agent = request.agent(tls.app.getHttpServer());
      const page = await agent.get('/login').set('X-Forwarded-Proto', 'https').expect(200);
      expect(page.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      const start = await agent.get('/').set('X-Forwarded-Proto', 'https').expect(200);
      expect(start.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      expect(start.headers['referrer-policy']).toBe('no-referrer');
      const csrfCookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
      const res = await request(tls.app.getHttpServer())
        .post('/login')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', csrfCookie.join('; '))
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: 'worker@luister.example', password: DEMO_PASSWORD })
        .expect(303);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('luister.sid='));
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    });
  });
});
