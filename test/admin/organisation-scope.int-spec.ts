import request from 'supertest';
import { newSecretKey } from '../../src/common/secret-box';
import { MailboxesService } from '../../src/mail/mailboxes/mailboxes.service';
import { makeCase, staffId } from '../inbox/factories';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';

type Auth = { Authorization: string };
type Method = 'get' | 'post' | 'patch' | 'delete';

const ORG_ADMIN_A = 'orgadmin.amsterdam@luister.example'; // welzijn-amsterdam: region amsterdam
const ORG_ADMIN_B = 'orgadmin.gent@luister.example'; // caw-oost-vlaanderen: region gent
const ADMIN = 'admin@luister.example';
const BELOW = [
  'trainee@luister.example',
  'worker@luister.example',
  'supervisor@luister.example',
  'manager@luister.example',
];

/**
 * Issue 16: the admin pages and API for every role. An org-admin runs their own organisation's
 * staff, regions' settings, audit trail and mailboxes and finds nothing of another organisation
 * (404); the platform admin sees both; roles below org-admin are refused (403).
 */
describe('admin routes scoped by organisation', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const call = (auth: Auth, method: Method, path: string, body?: object) =>
    (http()[method](path) as request.Test).set(auth).send(body ?? {});
  const auth: Record<string, Auth> = {};
  let id: Record<
    'workerA' | 'workerB' | 'orgAdminB' | 'admin' | 'caseA' | 'caseB' | 'boxA' | 'boxB' | 'boxPlatform',
    string
  >;
  let caseRefA: string;
  let caseRefB: string;
  let rangeB: number;

  beforeAll(async () => {
    t = await startTestApp({ secrets: { key: newSecretKey() } });
    for (const email of [...BELOW, ORG_ADMIN_A, ORG_ADMIN_B, ADMIN]) auth[email] = await apiLogin(t, email);
    const ds = t.db.ds;
    const caseA = await makeCase(ds, { region: 'amsterdam' });
    const caseB = await makeCase(ds, { region: 'gent' });
    caseRefA = caseA.caseRef;
    caseRefB = caseB.caseRef;
    // Each organisation's worker opens its case: a `case.open` row in each organisation's trail.
    await http().get(`/api/v1/cases/${caseA.id}`).set(auth['worker@luister.example']).expect(200);
    await http()
      .get(`/api/v1/cases/${caseB.id}`)
      .set(await apiLogin(t, 'gent@luister.example'))
      .expect(200);
    const adminId = await staffId(ds, ADMIN);
    const mailboxes = t.app.get(MailboxesService);
    const box = (address: string, region?: string) =>
      mailboxes
        .create(adminId, { address, host: '127.0.0.1', port: 1, security: 'none', password: 'x', region })
        .then((r) => r.id);
    id = {
      workerA: await staffId(ds, 'worker@luister.example'),
      workerB: await staffId(ds, 'gent@luister.example'),
      orgAdminB: await staffId(ds, ORG_ADMIN_B),
      admin: adminId,
      caseA: caseA.id,
      caseB: caseB.id,
      boxA: await box('hulp@welzijn-amsterdam.test', 'amsterdam'),
      boxB: await box('hulp@caw-gent.test', 'gent'),
      boxPlatform: await box('hulp@platform.test'),
    };
    [{ id: rangeB }] = await ds.query(
      `SELECT p.id FROM postcode_range p JOIN region r ON r.id = p.region_id WHERE r.code = 'gent' LIMIT 1`,
    );
  });
  afterAll(() => t.close());

  /** Every organisation-scoped route, with something of one organisation in it. */
  const routesOf = (org: 'A' | 'B'): [Method, string, object?][] => {
    const [region, worker, caseId, caseRef, box] =
      org === 'A'
        ? ['amsterdam', id.workerA, id.caseA, caseRefA, id.boxA]
        : ['gent', id.workerB, id.caseB, caseRefB, id.boxB];
    return [
      ['patch', `/api/v1/admin/regions/${region}`, { name: 'Overgenomen', autoCloseDays: 1 }],
      ['get', `/api/v1/admin/users/${worker}`],
      ['patch', `/api/v1/admin/users/${worker}`, { displayName: 'Overgenomen' }],
      ['post', `/api/v1/admin/users/${worker}/password-reset`],
      ['get', `/api/v1/admin/audit?caseId=${caseId}`],
      ['get', `/api/v1/admin/audit?caseId=${caseRef}`],
      ['get', `/api/v1/admin/audit?userId=${worker}`],
      ['get', `/api/v1/admin/mailboxes/${box}`],
      ['patch', `/api/v1/admin/mailboxes/${box}`, { folder: 'Elders' }],
      ['post', `/api/v1/admin/mailboxes/${box}/test`],
    ];
  };

  /** What those routes could change: it must stay as it was. */
  const stateOf = () =>
    t.db.ds.query(
      `SELECT r.code, r.name, r.auto_close_days, u.display_name, u.password_hash, m.folder
         FROM region r JOIN staff_region sr ON sr.region_id = r.id JOIN staff_user u ON u.id = sr.staff_user_id
         JOIN mailbox m ON m.region_id = r.id
        WHERE u.id IN ($1, $2) ORDER BY r.code`,
      [id.workerA, id.workerB],
    );

  it('refuses every admin route to trainee, worker, supervisor and manager (403)', async () => {
    const routes: [Method, string][] = [
      ['get', '/api/v1/admin/regions'],
      ['post', '/api/v1/admin/regions'],
      ['patch', '/api/v1/admin/regions/amsterdam'],
      ['get', '/api/v1/admin/users'],
      ['post', '/api/v1/admin/users'],
      ['get', `/api/v1/admin/users/${id.workerA}`],
      ['patch', `/api/v1/admin/users/${id.workerA}`],
      ['post', `/api/v1/admin/users/${id.workerA}/password-reset`],
      ['get', '/api/v1/admin/topics'],
      ['get', `/api/v1/admin/audit?caseId=${id.caseA}`],
      ['get', '/api/v1/admin/mailboxes'],
      ['post', '/api/v1/admin/mailboxes'],
      ['get', `/api/v1/admin/mailboxes/${id.boxA}`],
      ['patch', `/api/v1/admin/mailboxes/${id.boxA}`],
      ['post', `/api/v1/admin/mailboxes/${id.boxA}/test`],
    ];
    for (const email of BELOW) {
      for (const [method, path] of routes)
        expect([email, method, path, (await call(auth[email], method, path)).status]).toEqual([
          email,
          method,
          path,
          403,
        ]);
      const agent = await pageLogin(t, email);
      for (const page of ['/admin', `/admin/users/${id.workerA}`, '/admin/audit', '/admin/mailboxes'])
        expect([email, page, (await agent.get(page)).status]).toEqual([email, page, 403]);
      expect((await agent.get('/account')).text).not.toContain('href="/admin"');
    }
  });

  it('answers 404 to an org-admin for everything of another organisation, and changes nothing of it', async () => {
    const before = await stateOf();
    expect(before).toHaveLength(2);
    for (const [who, other] of [
      [ORG_ADMIN_A, 'B'],
      [ORG_ADMIN_B, 'A'],
    ] as const)
      for (const [method, path, body] of routesOf(other))
        expect([who, method, path, (await call(auth[who], method, path, body)).status]).toEqual([
          who,
          method,
          path,
          404,
        ]);
    // Platform admins and the platform's mailbox belong to no organisation: not found either.
    for (const [method, path, body] of [
      ['get', `/api/v1/admin/users/${id.admin}`],
      ['patch', `/api/v1/admin/users/${id.admin}`, { displayName: 'x' }],
      ['post', `/api/v1/admin/users/${id.admin}/password-reset`],
      ['get', `/api/v1/admin/audit?userId=${id.admin}`],
      ['get', `/api/v1/admin/mailboxes/${id.boxPlatform}`],
      ['patch', `/api/v1/admin/mailboxes/${id.boxPlatform}`, { folder: 'Elders' }],
      ['post', `/api/v1/admin/mailboxes/${id.boxPlatform}/test`],
      // An unknown case reference looks the same as another organisation's.
      ['get', '/api/v1/admin/audit?caseId=L-NOPE123'],
    ] as [Method, string, object?][])
      expect([path, (await call(auth[ORG_ADMIN_A], method, path, body)).status]).toEqual([path, 404]);
    expect(await stateOf()).toEqual(before);

    // The same on the pages.
    const agent = await pageLogin(t, ORG_ADMIN_A);
    const csrf = await csrfOf(agent, '/admin');
    for (const page of [
      `/admin/users/${id.workerB}`,
      `/admin/users/${id.admin}`,
      `/admin/audit?case=${caseRefB}`,
      `/admin/audit?user=${id.workerB}`,
      `/admin/mailboxes/${id.boxB}`,
      `/admin/mailboxes/${id.boxPlatform}`,
    ])
      expect([page, (await agent.get(page)).status]).toEqual([page, 404]);
    for (const [path, body] of [
      [
        `/admin/users/${id.workerB}`,
        { displayName: 'Overgenomen', role: 'worker', regions: 'amsterdam', active: 'on' },
      ],
      [`/admin/users/${id.workerB}/password-reset`, {}],
      ['/admin/regions/gent', { name: 'Gent (gewijzigd)', timeZone: 'Europe/Brussels', autoCloseDays: '5' }],
      [`/admin/mailboxes/${id.boxB}`, { address: 'x@caw-gent.test', folder: 'Elders' }],
      [`/admin/mailboxes/${id.boxB}/test`, {}],
    ] as [string, object][])
      expect([
        path,
        (
          await agent
            .post(path)
            .type('form')
            .send({ _csrf: csrf, ...body })
        ).status,
      ]).toEqual([path, 404]);
    expect(await stateOf()).toEqual(before);

    // The platform admin opens all of it (the reads; the changes are tested elsewhere).
    for (const org of ['A', 'B'] as const)
      for (const [method, path] of routesOf(org).filter(([m]) => m === 'get'))
        expect([path, (await call(auth[ADMIN], method, path)).status]).toEqual([path, 200]);
  });

  it('lists only the own organisation to an org-admin, both to the platform admin', async () => {
    const codes = async (email: string, path: string, key: string) =>
      ((await call(auth[email], 'get', path).expect(200)).body.items as Record<string, string>[]).map((x) => x[key]);

    expect(await codes(ORG_ADMIN_A, '/api/v1/admin/regions', 'code')).toEqual(['amsterdam']);
    expect(await codes(ORG_ADMIN_B, '/api/v1/admin/regions', 'code')).toEqual(['gent']);
    expect(await codes(ADMIN, '/api/v1/admin/regions', 'code')).toEqual(
      expect.arrayContaining(['amsterdam', 'gent', 'rotterdam', 'utrecht', 'landelijk']),
    );

    const usersA = (await call(auth[ORG_ADMIN_A], 'get', '/api/v1/admin/users').expect(200)).body.items;
    expect(new Set(usersA.map((u: { organisation: string }) => u.organisation))).toEqual(
      new Set(['welzijn-amsterdam']),
    );
    expect(usersA.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining([ORG_ADMIN_A, 'worker@luister.example', 'trainee@luister.example']),
    );
    expect(usersA.map((u: { email: string }) => u.email)).not.toContain(ADMIN);
    const emailsB = await codes(ORG_ADMIN_B, '/api/v1/admin/users', 'email');
    expect(emailsB).toContain('gent@luister.example');
    expect(emailsB).not.toContain('worker@luister.example');
    const all = await codes(ADMIN, '/api/v1/admin/users', 'email');
    expect(all).toEqual(expect.arrayContaining([ADMIN, ORG_ADMIN_A, ORG_ADMIN_B, 'gent@luister.example']));
    expect((await call(auth[ADMIN], 'get', `/api/v1/admin/users/${id.workerB}`).expect(200)).body).toMatchObject({
      email: 'gent@luister.example',
      organisation: 'caw-oost-vlaanderen',
      regions: ['gent'],
    });
    expect((await call(auth[ORG_ADMIN_A], 'get', `/api/v1/admin/users/${id.workerA}`).expect(200)).body.email).toBe(
      'worker@luister.example',
    );

    expect(await codes(ORG_ADMIN_A, '/api/v1/admin/mailboxes', 'address')).toEqual(['hulp@welzijn-amsterdam.test']);
    expect(await codes(ORG_ADMIN_B, '/api/v1/admin/mailboxes', 'address')).toEqual(['hulp@caw-gent.test']);
    expect(await codes(ADMIN, '/api/v1/admin/mailboxes', 'address')).toEqual(
      expect.arrayContaining(['hulp@welzijn-amsterdam.test', 'hulp@caw-gent.test', 'hulp@platform.test']),
    );
    await call(auth[ADMIN], 'get', `/api/v1/admin/mailboxes/${id.boxB}`).expect(200);
    await call(auth[ADMIN], 'get', `/api/v1/admin/mailboxes/${id.boxPlatform}`).expect(200);

    // The audit trail: own case and own staff; the platform admin reads both organisations'. (Each
    // read adds an `audit.read` row to the case's trail; left out here.)
    const actions = async (email: string, q: string) =>
      ((await call(auth[email], 'get', `/api/v1/admin/audit?${q}`).expect(200)).body.items as { action: string }[])
        .map((i) => i.action)
        .filter((a) => a !== 'audit.read');
    expect(await actions(ORG_ADMIN_A, `caseId=${id.caseA}`)).toEqual(['case.open']);
    expect(await actions(ORG_ADMIN_A, `userId=${id.workerA}`)).toEqual(expect.arrayContaining(['case.open']));
    expect(await actions(ORG_ADMIN_B, `caseId=${caseRefB}`)).toEqual(['case.open']);
    expect(await actions(ADMIN, `caseId=${id.caseA}`)).toEqual(['case.open']);
    expect(await actions(ADMIN, `caseId=${id.caseB}`)).toEqual(['case.open']);
    expect(await actions(ADMIN, `userId=${id.workerB}`)).toEqual(expect.arrayContaining(['case.open']));
    // The platform admin's own actions on an organisation's staff join that organisation's trail.
    await call(auth[ADMIN], 'post', `/api/v1/admin/users/${id.workerB}/password-reset`).expect(200);
    expect(await actions(ORG_ADMIN_B, `userId=${id.workerB}`)).toContain('user.password-reset');
    expect(await actions(ORG_ADMIN_A, `userId=${id.workerA}`)).not.toContain('user.password-reset');
  });

  it("lets an org-admin change their regions' settings, never the platform's parts", async () => {
    await call(auth[ORG_ADMIN_A], 'patch', '/api/v1/admin/regions/amsterdam', {
      name: 'Amsterdam e.o.',
      timeZone: 'Europe/Amsterdam',
      autoCloseDays: 21,
    }).expect(204);
    expect((await t.db.ds.query(`SELECT name, auto_close_days FROM region WHERE code = 'amsterdam'`))[0]).toEqual({
      name: 'Amsterdam e.o.',
      auto_close_days: 21,
    });
    const [row] = await t.db.ds.query(
      `SELECT a.organisation_id, o.code FROM audit_log a JOIN organisation o ON o.id = a.organisation_id
        WHERE a.action = 'region.change' ORDER BY a.id DESC LIMIT 1`,
    );
    expect(row.code).toBe('welzijn-amsterdam');
    // Platform admin only: moving regions, new regions, postcode ranges, topics.
    for (const [method, path, body] of [
      ['patch', '/api/v1/admin/regions/amsterdam', { organisation: 'caw-oost-vlaanderen' }],
      ['post', '/api/v1/admin/regions', { code: 'diemen', name: 'Diemen' }],
      ['post', '/api/v1/admin/regions/amsterdam/ranges', { country: 'NL', from: 9990, to: 9991 }],
      ['delete', `/api/v1/admin/ranges/${rangeB}`],
      ['get', '/api/v1/admin/topics'],
      ['post', '/api/v1/admin/topics', { code: 'gaming' }],
      ['patch', '/api/v1/admin/topics/money', { active: false }],
    ] as [Method, string, object?][])
      expect([method, path, (await call(auth[ORG_ADMIN_A], method, path, body)).status]).toEqual([method, path, 403]);
    const agent = await pageLogin(t, ORG_ADMIN_A);
    const csrf = await csrfOf(agent, '/admin');
    for (const [path, body] of [
      ['/admin/regions', { code: 'diemen', name: 'Diemen' }],
      ['/admin/organisations', { code: 'eigen-club', name: 'Eigen club' }],
      ['/admin/regions/amsterdam/ranges', { country: 'NL', from: '9990', to: '9991' }],
      [`/admin/ranges/${rangeB}/delete`, {}],
      ['/admin/topics', { code: 'gaming' }],
    ] as [string, object][])
      expect([
        path,
        (
          await agent
            .post(path)
            .type('form')
            .send({ _csrf: csrf, ...body })
        ).status,
      ]).toEqual([path, 403]);
    // Through the page's settings form, with a field message for a wrong number.
    const bad = await agent
      .post('/admin/regions/amsterdam')
      .type('form')
      .send({ _csrf: csrf, name: 'Amsterdam', timeZone: 'Europe/Amsterdam', autoCloseDays: 'veel' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="settings-error-amsterdam"');
    await agent
      .post('/admin/regions/amsterdam')
      .type('form')
      .send({ _csrf: csrf, name: 'Amsterdam', timeZone: 'Europe/Amsterdam', autoCloseDays: '' })
      .expect(303);
    expect((await t.db.ds.query(`SELECT name, auto_close_days FROM region WHERE code = 'amsterdam'`))[0]).toEqual({
      name: 'Amsterdam',
      auto_close_days: null,
    });
    expect(await t.db.ds.query(`SELECT 1 FROM region WHERE code = 'diemen'`)).toEqual([]);
    expect(await t.db.ds.query(`SELECT 1 FROM organisation WHERE code = 'eigen-club'`)).toEqual([]);
  });

  it('lets an org-admin create, change and reset only their own staff, in their own organisation', async () => {
    const A = auth[ORG_ADMIN_A];
    const fields = async (body: object) => {
      const res = await call(A, 'post', '/api/v1/admin/users', body);
      expect(res.status).toBe(400);
      return Object.keys(res.body.fields);
    };
    expect(await fields({ email: 'x1@luister.example', role: 'worker', regions: ['gent'] })).toEqual(['regions']);
    expect(await fields({ email: 'x2@luister.example', role: 'admin', regions: [] })).toEqual(['role']);
    expect(
      await fields({
        email: 'x3@luister.example',
        role: 'worker',
        regions: ['amsterdam'],
        organisation: 'caw-oost-vlaanderen',
      }),
    ).toEqual(['organisation']);
    expect(await t.db.ds.query(`SELECT 1 FROM staff_user WHERE email LIKE 'x_@luister.example'`)).toEqual([]);

    const created = await call(A, 'post', '/api/v1/admin/users', {
      email: 'nieuw.amsterdam@luister.example',
      displayName: 'Noor Nieuw',
      role: 'worker',
      regions: ['amsterdam'],
    }).expect(201);
    const deputy = await call(A, 'post', '/api/v1/admin/users', {
      email: 'orgadmin2.amsterdam@luister.example',
      role: 'org-admin',
      regions: [],
    }).expect(201);
    const orgOf = async (userId: string) =>
      (
        await t.db.ds.query(
          `SELECT o.code FROM staff_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.id = $1`,
          [userId],
        )
      )[0].code;
    expect(await orgOf(created.body.id)).toBe('welzijn-amsterdam');
    expect(await orgOf(deputy.body.id)).toBe('welzijn-amsterdam');
    const [audit] = await t.db.ds.query(
      `SELECT o.code FROM audit_log a JOIN organisation o ON o.id = a.organisation_id WHERE a.action = 'user.create' AND a.target_user_id = $1`,
      [created.body.id],
    );
    expect(audit.code).toBe('welzijn-amsterdam');
    // Gent's org-admin does not find the new colleague.
    await call(auth[ORG_ADMIN_B], 'get', `/api/v1/admin/users/${created.body.id}`).expect(404);

    const patch = (body: object) => call(A, 'patch', `/api/v1/admin/users/${created.body.id}`, body);
    expect((await patch({ regions: ['gent'] })).body.fields.regions).toBeDefined();
    expect((await patch({ role: 'admin' })).body.fields.role).toBeDefined();
    await patch({ role: 'supervisor', displayName: 'Noor' }).expect(204);
    expect((await call(A, 'get', `/api/v1/admin/users/${created.body.id}`)).body).toMatchObject({
      role: 'supervisor',
      displayName: 'Noor',
      regions: ['amsterdam'],
    });
    // An org-admin neither demotes nor switches off themselves.
    const me = (await http().get('/api/v1/auth/me').set(A)).body.id;
    expect((await call(A, 'patch', `/api/v1/admin/users/${me}`, { role: 'manager' })).status).toBe(400);
    const reset = await call(A, 'post', `/api/v1/admin/users/${created.body.id}/password-reset`).expect(200);
    await apiLogin(t, 'nieuw.amsterdam@luister.example', reset.body.temporaryPassword);

    // The page: own staff only, roles up to org-admin, own regions only.
    const agent = await pageLogin(t, ORG_ADMIN_A);
    const page = await agent.get('/admin').expect(200);
    expect(page.text).toContain('Noor');
    expect(page.text).not.toContain('gent@luister.example');
    expect(page.text).not.toContain(ADMIN);
    expect(page.text).not.toContain('value="admin"');
    expect(page.text).toContain('value="org-admin"');
    expect(page.text).not.toContain('name="regions" value="gent"');
    expect(page.text).not.toContain('id="organisations"');
    expect(page.text).not.toContain('id="topics"');
    const made = await agent
      .post('/admin/users')
      .type('form')
      .send({
        _csrf: await csrfOf(agent, '/admin'),
        email: 'pagina.amsterdam@luister.example',
        role: 'trainee',
        regions: 'amsterdam',
        // Ignored for an org-admin: their staff join their own organisation.
        organisation: 'caw-oost-vlaanderen',
      });
    expect(made.status).toBe(201);
    expect(
      (
        await t.db.ds.query(
          `SELECT o.code FROM staff_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.email = 'pagina.amsterdam@luister.example'`,
        )
      )[0].code,
    ).toBe('welzijn-amsterdam');
    const edit = await agent.get(`/admin/users/${created.body.id}`).expect(200);
    expect(edit.text).toContain('name="regions" value="amsterdam"');
    expect(edit.text).not.toContain('value="gent"');
  });

  it('lets an org-admin add, change and test only mailboxes of their own regions', async () => {
    const A = auth[ORG_ADMIN_A];
    const base = { host: '127.0.0.1', port: 1, security: 'none', password: 'x' };
    const other = await call(A, 'post', '/api/v1/admin/mailboxes', { ...base, address: 'a@x.test', region: 'gent' });
    expect([other.status, Object.keys(other.body.fields)]).toEqual([400, ['region']]);
    const none = await call(A, 'post', '/api/v1/admin/mailboxes', { ...base, address: 'b@x.test' });
    expect([none.status, Object.keys(none.body.fields)]).toEqual([400, ['region']]);
    const created = await call(A, 'post', '/api/v1/admin/mailboxes', {
      ...base,
      address: 'tweede@welzijn-amsterdam.test',
      region: 'amsterdam',
    }).expect(201);
    const [row] = await t.db.ds.query(
      `SELECT o.code FROM mailbox m JOIN organisation o ON o.id = m.organisation_id WHERE m.id = $1`,
      [created.body.id],
    );
    expect(row.code).toBe('welzijn-amsterdam');
    await call(auth[ORG_ADMIN_B], 'get', `/api/v1/admin/mailboxes/${created.body.id}`).expect(404);
    // Their own: changed (a region elsewhere refused, the platform's "no region" too) and tested.
    expect((await call(A, 'patch', `/api/v1/admin/mailboxes/${id.boxA}`, { region: 'gent' })).status).toBe(400);
    expect((await call(A, 'patch', `/api/v1/admin/mailboxes/${id.boxA}`, { region: null })).status).toBe(400);
    await call(A, 'patch', `/api/v1/admin/mailboxes/${id.boxA}`, { folder: 'Hulp' }).expect(204);
    const tested = await call(A, 'post', `/api/v1/admin/mailboxes/${id.boxA}/test`).expect(200);
    expect(tested.body.ok).toBe(false); // nothing listens on port 1
    const [audit] = await t.db.ds.query(
      `SELECT o.code FROM audit_log a JOIN organisation o ON o.id = a.organisation_id
        WHERE a.action = 'mailbox.change' AND a.data->>'mailbox' = $1 ORDER BY a.id DESC LIMIT 1`,
      [id.boxA],
    );
    expect(audit.code).toBe('welzijn-amsterdam');
    // The platform admin moves a mailbox to another organisation's region: it goes with it.
    await call(auth[ADMIN], 'patch', `/api/v1/admin/mailboxes/${created.body.id}`, { region: 'gent' }).expect(204);
    await call(A, 'get', `/api/v1/admin/mailboxes/${created.body.id}`).expect(404);
    await call(auth[ORG_ADMIN_B], 'get', `/api/v1/admin/mailboxes/${created.body.id}`).expect(200);

    const agent = await pageLogin(t, ORG_ADMIN_A);
    const list = await agent.get('/admin/mailboxes').expect(200);
    expect(list.text).toContain('hulp@welzijn-amsterdam.test');
    expect(list.text).not.toContain('hulp@caw-gent.test');
    expect(list.text).not.toContain('hulp@platform.test');
    expect(list.text).not.toContain('value="gent"');
    // Their regions only, and no "by postcode" choice (a mailbox without a region is the platform's).
    expect(list.text).toContain('name="region"><option value="amsterdam">Amsterdam</option></select>');
    await agent.get(`/admin/mailboxes/${id.boxA}`).expect(200);
  });

  it('shows the platform admin the organisations, lets them add one, and place regions and staff in it', async () => {
    const agent = await pageLogin(t, ADMIN);
    const page = await agent.get('/admin').expect(200);
    const orgs = page.text.slice(page.text.indexOf('id="organisations"'), page.text.indexOf('id="regions"'));
    for (const text of ['welzijn-amsterdam', 'Welzijn Amsterdam', 'caw-oost-vlaanderen', 'Gent', 'Rotterdam, Utrecht'])
      expect([text, orgs.includes(text)]).toEqual([text, true]);
    // The users table names each member's organisation.
    const users = page.text.slice(page.text.indexOf('id="users"'));
    expect(users).toMatch(/Griet Gent<\/a><\/td><td>gent@luister.example<\/td><td>[^<]+<\/td><td>CAW Oost-Vlaanderen/);

    const csrf = await csrfOf(agent, '/admin');
    const bad = await agent.post('/admin/organisations').type('form').send({ _csrf: csrf, code: 'X!', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="organisation-errors"');
    await agent
      .post('/admin/organisations')
      .type('form')
      .send({ _csrf: csrf, code: 'welzijn-haarlem', name: 'Welzijn Haarlem' })
      .expect(303);
    await agent
      .post('/admin/regions')
      .type('form')
      .send({
        _csrf: csrf,
        code: 'haarlem',
        name: 'Haarlem',
        timeZone: 'Europe/Amsterdam',
        organisation: 'welzijn-haarlem',
      })
      .expect(303);
    const [region] = await t.db.ds.query(
      `SELECT o.code FROM region r JOIN organisation o ON o.id = r.organisation_id WHERE r.code = 'haarlem'`,
    );
    expect(region.code).toBe('welzijn-haarlem');
    // An org-admin for the new organisation (no regions: the organisation is named) and a worker (from the region).
    const orgAdmin = await agent.post('/admin/users').type('form').send({
      _csrf: csrf,
      email: 'orgadmin.haarlem@luister.example',
      role: 'org-admin',
      organisation: 'welzijn-haarlem',
    });
    expect(orgAdmin.status).toBe(201);
    await call(auth[ADMIN], 'post', '/api/v1/admin/users', {
      email: 'worker.haarlem@luister.example',
      role: 'worker',
      regions: ['haarlem'],
    }).expect(201);
    const wrong = await call(auth[ADMIN], 'post', '/api/v1/admin/users', {
      email: 'mixed@luister.example',
      role: 'worker',
      regions: ['haarlem', 'gent'],
    });
    expect([wrong.status, Object.keys(wrong.body.fields)]).toEqual([400, ['regions']]);
    const missing = await call(auth[ADMIN], 'post', '/api/v1/admin/users', {
      email: 'nowhere@luister.example',
      role: 'org-admin',
      regions: [],
    });
    expect([missing.status, Object.keys(missing.body.fields)]).toEqual([400, ['organisation']]);
    const haarlem = await apiLogin(
      t,
      'orgadmin.haarlem@luister.example',
      /id="temporary-password">([^<]+)</.exec(orgAdmin.text)![1],
    );
    expect((await http().get('/api/v1/auth/me').set(haarlem)).body.pending).toBe('password-change');
    const staff = (
      await t.db.ds.query(
        `SELECT u.email, o.code FROM staff_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.email LIKE '%haarlem@luister.example' ORDER BY u.email`,
      )
    ).map((r: { email: string; code: string }) => `${r.email} ${r.code}`);
    expect(staff).toEqual([
      'orgadmin.haarlem@luister.example welzijn-haarlem',
      'worker.haarlem@luister.example welzijn-haarlem',
    ]);
    // A region with staff stays in its organisation (they would see another's cases).
    const move = await call(auth[ADMIN], 'patch', '/api/v1/admin/regions/haarlem', {
      organisation: 'welzijn-amsterdam',
    });
    expect([move.status, Object.keys(move.body.fields)]).toEqual([400, ['organisation']]);
  });

  it("warns each org-admin only about their own organisation's regions", async () => {
    await call(auth[ADMIN], 'post', '/api/v1/admin/regions', {
      code: 'aalst',
      name: 'Aalst',
      timeZone: 'Europe/Brussels',
      organisation: 'caw-oost-vlaanderen',
    }).expect(201);
    const warnings = async (email: string) => {
      const text = (await (await pageLogin(t, email)).get('/admin').expect(200)).text;
      const at = text.indexOf('id="region-warnings"');
      return at < 0 ? '' : text.slice(at, text.indexOf('</div>', at));
    };
    expect(await warnings(ORG_ADMIN_B)).toContain('href="#region-aalst"');
    expect(await warnings(ORG_ADMIN_A)).not.toContain('aalst');
    expect(await warnings(ADMIN)).toContain('href="#region-aalst"');
  });

  it('offers an org-admin the admin pages they may use in the menu, not the platform mail logs', async () => {
    const agent = await pageLogin(t, ORG_ADMIN_A);
    const page = await agent.get('/admin/audit').expect(200);
    for (const href of ['/admin', '/admin/audit', '/admin/mailboxes'])
      expect([href, page.text.includes(`href="${href}"`)]).toEqual([href, true]);
    expect(page.text).not.toContain('href="/admin/mail/inbound"');
    expect(page.text).not.toContain('href="/admin/mail/outbound"');
    expect((await agent.get('/admin/mail/inbound')).status).toBe(403);
    const admin = await (await pageLogin(t, ADMIN)).get('/admin/audit').expect(200);
    expect(admin.text).toContain('href="/admin/mail/inbound"');
    // The audit page's list of people: the own organisation's only.
    expect(page.text).toContain('Wim Werker');
    expect(page.text).not.toContain('Griet Gent');
    expect(page.text).not.toContain('Anne Admin');
  });
});
