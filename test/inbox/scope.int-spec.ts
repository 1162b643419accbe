import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';
import { makeCase } from './factories';

/** Every page and API route that reads or changes a case, tried on another region's case by every role: always 404, nothing changed. */
describe("region scope: another region's case is 404 everywhere", () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let gentCase: string;
  let amsterdamCase: string;
  let ownCase: string;

  const API_ROUTES: [string, string, object?][] = [
    ['get', ''],
    ['post', '/claim'],
    ['post', '/assign', { workerId: null }],
    ['post', '/transfer', { region: 'utrecht', reason: 'Verhuisd naar Utrecht' }],
    ['post', '/status', { status: 'closed' }],
    ['post', '/notes', { text: 'Een notitie' }],
    ['post', '/tags', { tags: ['x'] }],
    ['post', '/lock'],
    ['delete', '/lock'],
  ];
  const PAGE_ACTIONS: [string, Record<string, string>][] = [
    ['claim', {}],
    ['assign', { workerId: '' }],
    ['transfer', { region: 'utrecht', reason: 'Verhuisd naar Utrecht' }],
    ['status', { status: 'closed' }],
    ['notes', { text: 'Een notitie' }],
    ['tags', { tags: 'x' }],
    ['lock', {}],
    ['unlock', {}],
  ];

  beforeAll(async () => {
    t = await startTestApp();
    gentCase = (await makeCase(t.db.ds, { region: 'gent', status: 'open' })).id;
    amsterdamCase = (await makeCase(t.db.ds, { region: 'amsterdam', status: 'open' })).id;
    ownCase = (await makeCase(t.db.ds, { region: 'amsterdam', status: 'open' })).id;
    const [m] = await t.db.ds.query(`SELECT id FROM message WHERE case_id = $1`, [gentCase]);
    await t.db.ds.query(
      `INSERT INTO mail_attachment (message_id, filename, content_type, size, sha256, bytes) VALUES ($1, 'brief.pdf', 'application/pdf', 3, sha256('abc'::bytea), 'abc'::bytea)`,
      [m.id],
    );
  });
  afterAll(() => t.close());

  const snapshot = async (id: string) =>
    t.db.ds.query(
      `SELECT c.status, c.assigned_to, c.region_id,
              (SELECT count(*) FROM case_note WHERE case_id = c.id)::int AS notes, (SELECT count(*) FROM case_tag WHERE case_id = c.id)::int AS tags,
              (SELECT count(*) FROM case_lock WHERE case_id = c.id)::int AS locks, (SELECT count(*) FROM audit_log WHERE case_id = c.id)::int AS audits,
              (SELECT count(*) FROM case_read WHERE case_id = c.id)::int AS reads
         FROM cases c WHERE c.id = $1`,
      [id],
    );

  const outsiders: [string, () => string][] = [
    ['trainee@luister.example', () => gentCase],
    ['worker@luister.example', () => gentCase],
    ['supervisor@luister.example', () => gentCase],
    ['manager@luister.example', () => gentCase],
    ['gent@luister.example', () => amsterdamCase],
  ];

  it.each(outsiders)('%s gets 404 from every API route and changes nothing', async (email, caseOf) => {
    const id = caseOf();
    const before = await snapshot(id);
    const auth = await apiLogin(t, email);
    for (const [method, path, body] of API_ROUTES) {
      const req = (http() as unknown as Record<string, (u: string) => request.Test>)
        [method](`/api/v1/cases/${id}${path}`)
        .set(auth);
      const res = body ? await req.send(body) : await req;
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 404, 'case_not_found']);
    }
    expect(await snapshot(id)).toEqual(before);
    // The inbox does not list it either, whatever the filter.
    const list = await http().get('/api/v1/cases?view=open&limit=200').set(auth);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it.each(outsiders)('%s gets 404 from every page and form and the attachment download', async (email, caseOf) => {
    const id = caseOf();
    const before = await snapshot(id);
    const agent = await pageLogin(t, email);
    expect((await agent.get(`/cases/${id}`).set('Accept', 'text/html')).status).toBe(404);
    for (const [action, form] of PAGE_ACTIONS) {
      const csrf = await csrfOf(agent, '/account');
      const res = await agent
        .post(`/cases/${id}/${action}`)
        .type('form')
        .send({ _csrf: csrf, ...form });
      expect([action, res.status]).toEqual([action, 404]);
    }
    const [att] = await t.db.ds.query(`SELECT id FROM mail_attachment LIMIT 1`);
    expect((await agent.get(`/cases/${gentCase}/attachments/${att.id}`)).status).toBe(
      email === 'gent@luister.example' ? 200 : 404,
    );
    if (email !== 'gent@luister.example') expect(await snapshot(id)).toEqual(before);
  });

  it('treats malformed and unknown ids the same as foreign ones', async () => {
    const auth = await apiLogin(t, 'worker@luister.example');
    expect((await http().get('/api/v1/cases/not-a-uuid').set(auth)).status).toBe(404);
    expect((await http().get('/api/v1/cases/00000000-0000-4000-8000-000000000000').set(auth)).status).toBe(404);
  });

  it('lets admins reach every region and members their own', async () => {
    const admin = await apiLogin(t, 'admin@luister.example');
    expect((await http().get(`/api/v1/cases/${gentCase}`).set(admin)).status).toBe(200);
    expect((await http().get(`/api/v1/cases/${amsterdamCase}`).set(admin)).status).toBe(200);
    const worker = await apiLogin(t, 'worker@luister.example');
    expect((await http().get(`/api/v1/cases/${ownCase}`).set(worker)).status).toBe(200);
    const gent = await apiLogin(t, 'gent@luister.example');
    expect((await http().get(`/api/v1/cases/${gentCase}`).set(gent)).status).toBe(200);
  });

  it('refuses anonymous access to every case route', async () => {
    for (const [method, path] of API_ROUTES) {
      const res = await (http() as unknown as Record<string, (u: string) => request.Test>)[method](
        `/api/v1/cases/${ownCase}${path}`,
      );
      expect(res.status).toBe(401);
    }
    const page = await http().get(`/cases/${ownCase}`).set('Accept', 'text/html');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login?next=%2Fcases%2F${ownCase}`);
  });
});
