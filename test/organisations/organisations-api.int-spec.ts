import request from 'supertest';
import { logoType, OrganisationsService } from '../../src/organisations/organisations.service';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';

type Auth = { Authorization: string };

/** `/api/v1/admin/organisations` (API.md): the platform admin runs all, an org-admin sees and runs its own. */
describe('organisations API', () => {
  let t: TestApp;
  let admin: Auth;
  let orgAdminA: Auth;
  let orgAdminB: Auth;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
    admin = await apiLogin(t, 'admin@luister.example');
    orgAdminA = await apiLogin(t, 'orgadmin.amsterdam@luister.example');
    orgAdminB = await apiLogin(t, 'orgadmin.gent@luister.example');
  }, 60_000);
  afterAll(() => t?.close());

  it('lists the demo consortium for the platform admin, with each organisation’s regions', async () => {
    const res = await http().get('/api/v1/admin/organisations').set(admin).expect(200);
    const byCode = Object.fromEntries(res.body.items.map((o: { code: string; regionCodes: string[] }) => [o.code, o]));
    expect(Object.keys(byCode).sort()).toEqual([
      'caw-oost-vlaanderen',
      'landelijk',
      'welzijn-amsterdam',
      'zuid-holland-utrecht',
    ]);
    expect(byCode['zuid-holland-utrecht'].regionCodes).toEqual(['rotterdam', 'utrecht']);
    expect(byCode['landelijk'].regionCodes).toEqual(['landelijk']);
    expect(byCode['welzijn-amsterdam']).toMatchObject({ name: 'Welzijn Amsterdam', hasLogo: true, isDefault: false });
  });

  it('shows an org-admin only their own organisation; another one answers 404', async () => {
    const own = await http().get('/api/v1/admin/organisations').set(orgAdminA).expect(200);
    expect(own.body.items.map((o: { code: string }) => o.code)).toEqual(['welzijn-amsterdam']);
    await http().get('/api/v1/admin/organisations/welzijn-amsterdam').set(orgAdminA).expect(200);
    const other = await http().get('/api/v1/admin/organisations/welzijn-amsterdam').set(orgAdminB).expect(404);
    expect(other.body.code).toBe('organisation_not_found');
    await http()
      .patch('/api/v1/admin/organisations/welzijn-amsterdam')
      .set(orgAdminB)
      .send({ name: 'Overgenomen' })
      .expect(404);
    const unchanged = await http().get('/api/v1/admin/organisations/welzijn-amsterdam').set(admin).expect(200);
    expect(unchanged.body.name).toBe('Welzijn Amsterdam');
  });

  it('lets only the platform admin create an organisation, taking over a region without staff', async () => {
    await http().post('/api/v1/admin/organisations').set(orgAdminA).send({ code: 'nieuw', name: 'Nieuw' }).expect(403);
    for (const role of ['manager@luister.example', 'worker@luister.example'])
      await http()
        .get('/api/v1/admin/organisations')
        .set(await apiLogin(t, role))
        .expect(403);
    // A region with staff cannot move: they belong to the old organisation.
    const staffed = await http()
      .post('/api/v1/admin/organisations')
      .set(admin)
      .send({ code: 'welzijn-west', name: 'Welzijn West', regionCodes: ['amsterdam'] })
      .expect(400);
    expect(staffed.body.fields.regionCodes).toBeDefined();
    await http().post('/api/v1/admin/regions').set(admin).send({ code: 'haarlem', name: 'Haarlem' }).expect(201);
    await http()
      .post('/api/v1/admin/organisations')
      .set(admin)
      .send({ code: 'welzijn-west', name: 'Welzijn West', regionCodes: ['haarlem'] })
      .expect(201);
    const made = await http().get('/api/v1/admin/organisations/welzijn-west').set(admin).expect(200);
    expect(made.body).toMatchObject({ name: 'Welzijn West', regionCodes: ['haarlem'], staffCount: 0 });
    const regions = await http().get('/api/v1/admin/regions').set(admin).expect(200);
    expect(regions.body.items.find((r: { code: string }) => r.code === 'haarlem').organisation).toBe('welzijn-west');
    // Bad input: per-field messages; a taken code too.
    const bad = await http().post('/api/v1/admin/organisations').set(admin).send({ code: 'X!', name: '' }).expect(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['code', 'name']);
    const taken = await http()
      .post('/api/v1/admin/organisations')
      .set(admin)
      .send({ code: 'welzijn-west', name: 'W' })
      .expect(400);
    expect(taken.body.fields.code).toBeDefined();
    // Audited in the new organisation's own trail.
    const [row] = await t.db.ds.query(
      `SELECT a.action, o.code FROM audit_log a JOIN organisation o ON o.id = a.organisation_id
        WHERE a.action = 'organisation.change' ORDER BY a.id DESC LIMIT 1`,
    );
    expect(row).toEqual({ action: 'organisation.change', code: 'welzijn-west' });
  });

  it('lets an org-admin change their own look and retention within the platform limit', async () => {
    await http()
      .patch('/api/v1/admin/organisations/caw-oost-vlaanderen')
      .set(orgAdminB)
      .send({ senderName: 'CAW Oost-Vlaanderen hulp', accentColour: '#123456', retentionClosedCaseMonths: 6 })
      .expect(204);
    const got = await http().get('/api/v1/admin/organisations/caw-oost-vlaanderen').set(orgAdminB).expect(200);
    expect(got.body).toMatchObject({
      senderName: 'CAW Oost-Vlaanderen hulp',
      accentColour: '#123456',
      retentionClosedCaseMonths: 6,
    });
    const tooLong = await http()
      .patch('/api/v1/admin/organisations/caw-oost-vlaanderen')
      .set(orgAdminB)
      .send({
        retentionClosedCaseMonths: t.config.retention.closedCaseMonths + 1,
        accentColour: 'red',
        senderName: 'a<b>',
      })
      .expect(400);
    expect(Object.keys(tooLong.body.fields).sort()).toEqual([
      'accentColour',
      'retentionClosedCaseMonths',
      'senderName',
    ]);
  });

  it('serves a logo only of the type its bytes are, sandboxed', async () => {
    const svg = await http().get('/organisations/welzijn-amsterdam/logo').expect(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['content-security-policy']).toContain('sandbox');
    expect(svg.headers['x-content-type-options']).toBe('nosniff');
    await http().get('/organisations/nergens/logo').expect(404);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(logoType(png)).toBe('image/png');
    expect(logoType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    const organisations = t.app.get(OrganisationsService);
    await expect(organisations.setLogo('x', 'landelijk', null, Buffer.from('GIF89a'))).rejects.toThrow();
    await organisations.setLogo(
      (await t.db.ds.query(`SELECT id FROM staff_user WHERE email = 'admin@luister.example'`))[0].id,
      'landelijk',
      null,
      png,
    );
    const served = await http().get('/organisations/landelijk/logo').expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, png)).toBe(0);
  });
});
