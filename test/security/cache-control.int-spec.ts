/**
 * Nothing with message text or personal data may be cached (issue 21 item 10): every API answer
 * and page says Cache-Control: no-store; only the static assets may be kept.
 */
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { makeCase } from '../inbox/factories';
import { apiLogin, pageLogin } from '../staff/staff-login';

describe('Cache-Control', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('the help-seeker API: the case with its messages, and errors, are no-store', async () => {
    const q = await http()
      .post('/api/v1/questions')
      .send({ nickname: 'Anna', text: 'Mijn vraag met persoonlijke dingen.' });
    expect(q.status).toBe(201);
    expect(q.headers['cache-control']).toBe('no-store');
    const c = await http().get('/api/v1/case').set('Authorization', `Bearer ${q.body.token}`);
    expect(c.status).toBe(200);
    expect(c.body.messages[0].text).toContain('persoonlijke');
    expect(c.headers['cache-control']).toBe('no-store');
    const denied = await http().get('/api/v1/case').set('Authorization', 'Bearer x');
    expect(denied.headers['cache-control']).toBe('no-store');
  });

  it('the staff API: a case, lists, the inbound mail log and the dashboard are no-store', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam', text: 'Tekst die niet in een cache mag.' });
    const worker = await apiLogin(t, 'worker@luister.example');
    const admin = await apiLogin(t, 'admin@luister.example');
    const one = await http().get(`/api/v1/cases/${c.id}`).set(worker);
    expect(one.status).toBe(200);
    expect(one.headers['cache-control']).toBe('no-store');
    for (const [path, auth] of [
      ['/api/v1/cases?view=open', worker],
      ['/api/v1/auth/me', worker],
      ['/api/v1/referrals', worker],
      ['/api/v1/mail/inbound', admin],
      ['/api/v1/admin/users', admin],
      ['/api/v1/notifications', worker],
    ] as const) {
      const res = await http().get(path).set(auth);
      expect({ path, status: res.status, cache: res.headers['cache-control'] }).toEqual({
        path,
        status: 200,
        cache: 'no-store',
      });
    }
  });

  it('pages and redirects are no-store; static assets may be cached', async () => {
    const agent = await pageLogin(t, 'worker@luister.example');
    for (const path of ['/', '/login', '/inbox', '/account']) {
      const res = await agent.get(path);
      expect({ path, cache: res.headers['cache-control'] }).toEqual({ path, cache: 'no-store' });
    }
    const redirect = await http().get('/inbox');
    expect(redirect.status).toBe(303);
    expect(redirect.headers['cache-control']).toBe('no-store');
    const css = await http().get('/static/app.css');
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).toMatch(/max-age=3600/);
  });
});
