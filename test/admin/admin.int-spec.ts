import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';

describe('admin: regions, postcode ranges, staff and topics', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let admin: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await apiLogin(t, 'admin@luister.example');
  });
  afterAll(() => t.close());

  it('is for admins only, on every route', async () => {
    for (const email of [
      'trainee@luister.example',
      'worker@luister.example',
      'supervisor@luister.example',
      'manager@luister.example',
    ]) {
      const auth = await apiLogin(t, email);
      for (const [method, path] of [
        ['get', '/api/v1/admin/regions'],
        ['post', '/api/v1/admin/regions'],
        ['get', '/api/v1/admin/users'],
        ['post', '/api/v1/admin/users'],
        ['get', '/api/v1/admin/topics'],
        ['patch', '/api/v1/admin/topics/money'],
      ]) {
        const res = await (http() as unknown as Record<string, (u: string) => request.Test>)
          [method](path)
          .set(auth)
          .send({});
        expect([email, path, res.status]).toEqual([email, path, 403]);
      }
    }
    const agent = await pageLogin(t, 'manager@luister.example');
    expect((await agent.get('/admin')).status).toBe(403);
    expect((await http().get('/admin').set('Accept', 'text/html')).status).toBe(303);
  });

  it('creates a region, adds ranges, refuses overlaps with a clear message, and routes postcodes to it', async () => {
    await http().post('/api/v1/admin/regions').set(admin).send({ code: 'haarlem', name: 'Haarlem' }).expect(201);
    expect(
      (await http().post('/api/v1/admin/regions').set(admin).send({ code: 'haarlem', name: 'Nog een' })).body.fields
        .code,
    ).toBeDefined();
    expect((await http().post('/api/v1/admin/regions').set(admin).send({ code: 'Bad Code!', name: 'x' })).status).toBe(
      400,
    );
    const range = await http()
      .post('/api/v1/admin/regions/haarlem/ranges')
      .set(admin)
      .send({ country: 'NL', from: 2000, to: 2099 });
    expect(range.status).toBe(201);
    const overlap = await http()
      .post('/api/v1/admin/regions/haarlem/ranges')
      .set(admin)
      .set('Accept-Language', 'en')
      .send({ country: 'NL', from: 1100, to: 1200 });
    expect(overlap.status).toBe(400);
    expect(overlap.body.code).toBe('postcode_range_overlap');
    expect(overlap.body.fields.from[0]).toMatch(/overlap an area that already belongs to a region/);
    expect(
      (
        await http()
          .post('/api/v1/admin/regions/haarlem/ranges')
          .set(admin)
          .send({ country: 'BE', from: 1100, to: 1200 })
      ).status,
    ).toBe(201);
    expect(
      (
        await http()
          .post('/api/v1/admin/regions/haarlem/ranges')
          .set(admin)
          .send({ country: 'NL', from: 2200, to: 2100 })
      ).body.fields.to,
    ).toBeDefined();
    expect(
      (
        await http()
          .post('/api/v1/admin/regions/atlantis/ranges')
          .set(admin)
          .send({ country: 'NL', from: 2200, to: 2300 })
      ).status,
    ).toBe(404);
    const q = await http()
      .post('/api/v1/questions')
      .send({ nickname: 'Duin', text: 'Een vraag uit Haarlem over geld.', postcode: '2011 AB', country: 'NL' });
    expect(q.status).toBe(201);
    const [c] = await t.db.ds.query(
      `SELECT r.code FROM cases c JOIN region r ON r.id = c.region_id WHERE c.case_ref = $1`,
      [q.body.caseRef],
    );
    expect(c.code).toBe('haarlem');
    const regions = (await http().get('/api/v1/admin/regions').set(admin)).body.items;
    const haarlem = regions.find((r: { code: string }) => r.code === 'haarlem');
    expect(haarlem.ranges).toEqual([
      expect.objectContaining({ country: 'BE', from: 1100, to: 1200 }),
      expect.objectContaining({ country: 'NL', from: 2000, to: 2099 }),
    ]);
    await http().delete(`/api/v1/admin/ranges/${range.body.id}`).set(admin).expect(204);
    await http().patch('/api/v1/admin/regions/haarlem').set(admin).send({ name: 'Haarlem e.o.' }).expect(204);
    const audit = await t.db.ds.query(
      `SELECT data->>'op' AS op FROM audit_log WHERE action = 'region.change' ORDER BY id`,
    );
    expect(audit.map((a: { op: string }) => a.op)).toEqual([
      'create',
      'add-range',
      'add-range',
      'delete-range',
      'update',
    ]);
  });

  it('shows the overlap refusal on the page, translated, naming the range in the way', async () => {
    const agent = await pageLogin(t, 'admin@luister.example');
    const csrf = await csrfOf(agent, '/admin');
    const res = await agent
      .post('/admin/regions/gent/ranges')
      .type('form')
      .send({ _csrf: csrf, country: 'NL', from: '3050', to: '3060' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Deze postcodes overlappen met een gebied dat al bij een regio hoort.');
    expect(res.text).toContain('NL 3000–3099 (Rotterdam)');
    const again = await csrfOf(agent, '/admin');
    const ok = await agent
      .post('/admin/regions/gent/ranges')
      .type('form')
      .send({ _csrf: again, country: 'BE', from: '9060', to: '9070' });
    expect(ok.status).toBe(303);
  });

  it('creates staff with a temporary password, edits role and memberships, deactivation ends sessions', async () => {
    const created = await http()
      .post('/api/v1/admin/users')
      .set(admin)
      .send({ email: 'nina@luister.example', displayName: 'Nina', role: 'worker', regions: ['utrecht'] });
    expect(created.status).toBe(201);
    expect(
      (
        await http()
          .post('/api/v1/admin/users')
          .set(admin)
          .send({ email: 'nina@luister.example', role: 'worker', regions: ['utrecht'] })
      ).body.fields.email,
    ).toBeDefined();
    expect(
      (
        await http()
          .post('/api/v1/admin/users')
          .set(admin)
          .send({ email: 'x@luister.example', role: 'worker', regions: [] })
      ).body.fields.regions,
    ).toBeDefined();
    const nina = await apiLogin(t, 'nina@luister.example', created.body.temporaryPassword);
    expect((await http().get('/api/v1/auth/me').set(nina)).body.pending).toBe('password-change');
    await http()
      .patch(`/api/v1/admin/users/${created.body.id}`)
      .set(admin)
      .send({ role: 'supervisor', regions: ['utrecht', 'rotterdam'] })
      .expect(204);
    const users = (await http().get('/api/v1/admin/users').set(admin)).body.items;
    expect(users.find((u: { id: string }) => u.id === created.body.id)).toMatchObject({
      role: 'supervisor',
      regions: ['rotterdam', 'utrecht'],
      active: true,
    });
    expect(
      (
        await http()
          .patch(`/api/v1/admin/users/${created.body.id}`)
          .set(admin)
          .send({ regions: ['atlantis'] })
      ).status,
    ).toBe(400);
    await http().patch(`/api/v1/admin/users/${created.body.id}`).set(admin).send({ active: false }).expect(204);
    expect((await http().get('/api/v1/auth/me').set(nina)).status).toBe(401);
    expect(
      (
        await http()
          .post('/api/v1/auth/login')
          .send({ email: 'nina@luister.example', password: created.body.temporaryPassword })
      ).status,
    ).toBe(401);
    const me = (await http().get('/api/v1/auth/me').set(admin)).body;
    expect((await http().patch(`/api/v1/admin/users/${me.id}`).set(admin).send({ role: 'worker' })).status).toBe(400);
  });

  it('creates staff on the page, showing the temporary password once', async () => {
    const agent = await pageLogin(t, 'admin@luister.example');
    const csrf = await csrfOf(agent, '/admin');
    const res = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrf, email: 'piet@luister.example', displayName: 'Piet', role: 'trainee', regions: 'gent' });
    expect(res.status).toBe(201);
    const pw = /id="temporary-password">([^<]+)</.exec(res.text)![1];
    await apiLogin(t, 'piet@luister.example', pw);
    const page = await agent.get('/admin');
    expect(page.text).toContain('Piet');
    expect(page.text).not.toContain(pw);
  });

  it('writes staff and topic changes with their audit rows, or not at all', async () => {
    await t.db.ds.query(
      `CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$`,
    );
    await t.db.ds.query(`CREATE TRIGGER no_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION no_audit()`);
    try {
      await http()
        .post('/api/v1/admin/users')
        .set(admin)
        .send({ email: 'untraced@luister.example', role: 'worker', regions: ['utrecht'] })
        .expect(500);
      await http().post('/api/v1/admin/topics').set(admin).send({ code: 'untraced' }).expect(500);
    } finally {
      await t.db.ds.query(`DROP TRIGGER no_audit ON audit_log`);
      await t.db.ds.query(`DROP FUNCTION no_audit()`);
    }
    expect(await t.db.ds.query(`SELECT 1 FROM staff_user WHERE email = 'untraced@luister.example'`)).toEqual([]);
    expect(await t.db.ds.query(`SELECT 1 FROM topic WHERE code = 'untraced'`)).toEqual([]);
  });

  it('adds and switches topics off and on', async () => {
    await http().post('/api/v1/admin/topics').set(admin).send({ code: 'gaming' }).expect(201);
    expect((await http().post('/api/v1/admin/topics').set(admin).send({ code: 'gaming' })).status).toBe(400);
    await http().patch('/api/v1/admin/topics/gaming').set(admin).send({ active: false }).expect(204);
    const topics = (await http().get('/api/v1/admin/topics').set(admin)).body.items;
    expect(topics.find((x: { code: string }) => x.code === 'gaming')).toMatchObject({ active: false });
    expect((await http().patch('/api/v1/admin/topics/nope').set(admin).send({ active: true })).status).toBe(404);
  });

  it('describes the admin and staff routes in OpenAPI', async () => {
    const doc = (await http().get('/api/docs-json')).body;
    for (const p of [
      '/api/v1/admin/regions',
      '/api/v1/admin/regions/{code}/ranges',
      '/api/v1/admin/users',
      '/api/v1/admin/users/{id}',
      '/api/v1/admin/topics',
      '/api/v1/admin/audit',
      '/api/v1/auth/login',
      '/api/v1/cases',
      '/api/v1/cases/{id}',
      '/api/v1/cases/{id}/transfer',
    ]) {
      expect([p, doc.paths[p] !== undefined]).toEqual([p, true]);
    }
  });
});
