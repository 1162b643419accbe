/**
 * CSRF on the JSON API (issue 21 item 5): a state-changing API request that rides on the
 * browser's session cookie needs the page's CSRF token and must not come from another site;
 * bearer-token clients and the help-seekers' public API are unaffected.
 */
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { makeCase } from '../inbox/factories';
import { apiLogin, cookieApiHeaders, csrfOf, pageLogin } from '../staff/staff-login';

describe('CSRF on the API', () => {
  let t: TestApp;
  let origin: string;
  const http = () => request(t.app.getHttpServer());
  const caseExists = async (id: string) =>
    (await t.db.ds.query(`SELECT erased_at FROM cases WHERE id = $1`, [id]))[0]?.erased_at === null;
  const notes = async (id: string) =>
    Number((await t.db.ds.query(`SELECT count(*)::int AS n FROM case_note WHERE case_id = $1`, [id]))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    origin = await t.listen();
  });
  afterAll(() => t.close());

  it('a cross-site form post with an admin cookie no longer erases a case (403 csrf_failed)', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    const admin = await pageLogin(t, 'admin@luister.example');
    const forged = await admin
      .post(`/api/v1/admin/cases/${c.id}/erase`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ reason: 'op verzoek' });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ statusCode: 403, code: 'csrf_failed' });
    expect(forged.headers['content-type']).toMatch(/json/);
    // Same without any Origin (an old browser, a proxy that drops it): no token, no erasure.
    const noToken = await admin.post(`/api/v1/admin/cases/${c.id}/erase`).type('form').send({ reason: 'op verzoek' });
    expect(noToken.status).toBe(403);
    // A sibling subdomain or another port is another origin, token or not.
    const token = await csrfOf(admin);
    for (const other of ['http://evil.127.0.0.1.nip.io', origin.replace(/:\d+$/, ':1'), 'null']) {
      const res = await admin
        .post(`/api/v1/admin/cases/${c.id}/erase`)
        .set({ Origin: other, 'X-CSRF-Token': token })
        .send({ reason: 'op verzoek' });
      expect({ other, status: res.status }).toEqual({ other, status: 403 });
    }
    const crossSite = await admin
      .post(`/api/v1/admin/cases/${c.id}/erase`)
      .set({ 'Sec-Fetch-Site': 'cross-site', 'X-CSRF-Token': token })
      .send({ reason: 'op verzoek' });
    expect(crossSite.status).toBe(403);
    const sameSite = await admin
      .post(`/api/v1/admin/cases/${c.id}/erase`)
      .set({ 'Sec-Fetch-Site': 'same-site', 'X-CSRF-Token': token })
      .send({ reason: 'op verzoek' });
    expect(sameSite.status).toBe(403);
    const wrongToken = await admin
      .post(`/api/v1/admin/cases/${c.id}/erase`)
      .set({ Origin: origin, 'X-CSRF-Token': 'forged' })
      .send({ reason: 'op verzoek' });
    expect(wrongToken.status).toBe(403);
    expect(await caseExists(c.id)).toBe(true);
  });

  it('the page token in X-CSRF-Token from the same origin works, as does `_csrf` in a same-origin form', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    const worker = await pageLogin(t, 'worker@luister.example');
    const h = await cookieApiHeaders(worker, origin);
    const json = await worker.post(`/api/v1/cases/${c.id}/notes`).set(h).send({ text: 'Notitie via de API' });
    expect(json.status).toBe(201);
    const viaFetch = await worker
      .post(`/api/v1/cases/${c.id}/notes`)
      .set({ 'X-CSRF-Token': h['X-CSRF-Token'], 'Sec-Fetch-Site': 'same-origin' })
      .send({ text: 'Notitie zoals fetch hem stuurt' });
    expect(viaFetch.status).toBe(201);
    const form = await worker
      .post(`/api/v1/cases/${c.id}/notes`)
      .set('Origin', origin)
      .type('form')
      .send({ _csrf: h['X-CSRF-Token'], text: 'Notitie uit een formulier' });
    expect(form.status).toBe(201);
    expect(await notes(c.id)).toBe(3);

    const admin = await pageLogin(t, 'admin@luister.example');
    // (Headers first: the agent attaches its cookies when the request is built.)
    const adminHeaders = await cookieApiHeaders(admin, origin);
    const erased = await admin
      .post(`/api/v1/admin/cases/${c.id}/erase`)
      .set(adminHeaders)
      .send({ reason: 'op verzoek van de hulpvrager' });
    expect(erased.status).toBe(200);
    expect(await caseExists(c.id)).toBe(false);
  });

  it('reading with the cookie needs no token; the token of another session does not count', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    const worker = await pageLogin(t, 'worker@luister.example');
    expect((await worker.get(`/api/v1/cases/${c.id}`).set('Origin', 'https://evil.example')).status).toBe(200);
    const other = await pageLogin(t, 'worker@luister.example');
    await csrfOf(worker); // the worker's own token cookie, valid for its session
    const othersToken = await csrfOf(other);
    const res = await worker
      .post(`/api/v1/cases/${c.id}/notes`)
      .set({ Origin: origin, 'X-CSRF-Token': othersToken })
      .send({ text: 'Met het token van een andere sessie' });
    expect(res.status).toBe(403);
    expect(await notes(c.id)).toBe(0);
  });

  it('bearer tokens are unaffected: no CSRF token, any Origin', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    const auth = await apiLogin(t, 'worker@luister.example');
    const res = await http()
      .post(`/api/v1/cases/${c.id}/notes`)
      .set({ ...auth, Origin: 'https://integrator.example', 'Sec-Fetch-Site': 'cross-site' })
      .send({ text: 'Notitie van een koppeling' });
    expect(res.status).toBe(201);
    const admin = await apiLogin(t, 'admin@luister.example');
    const erased = await http()
      .post(`/api/v1/admin/cases/${c.id}/erase`)
      .set({ ...admin, Origin: 'https://integrator.example' })
      .send({ reason: 'op verzoek' });
    expect(erased.status).toBe(200);
  });

  it("the help-seekers' public API keeps working from any site", async () => {
    const q = await http()
      .post('/api/v1/questions')
      .set({ Origin: 'https://partner.example', 'Sec-Fetch-Site': 'cross-site' })
      .send({ nickname: 'Koppeling', text: 'Een vraag via de website van een partner.' });
    expect(q.status).toBe(201);
    const bearer = { Authorization: `Bearer ${q.body.token}` };
    const follow = await http()
      .post('/api/v1/case/messages')
      .set({ ...bearer, Origin: 'https://partner.example' })
      .send({ text: 'Nog een bericht erachteraan.' });
    expect(follow.status).toBe(201);
    // A staff member's cookie in the same browser changes nothing for routes that don't use it.
    const worker = await pageLogin(t, 'worker@luister.example');
    const again = await worker
      .post('/api/v1/questions')
      .set('Origin', 'https://partner.example')
      .send({ nickname: 'Koppeling', text: 'Nog een vraag via de website van een partner.' });
    expect(again.status).toBe(201);
  });
});
