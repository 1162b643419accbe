import request from 'supertest';
import { DataSource } from 'typeorm';
import { DashboardRollupService } from '../../src/dashboard/dashboard-rollup.service';
import { createStaffUser } from '../../src/staff/staff-users';
import { caseWithFact } from './facts';
import { apiLogin, DEMO_PASSWORD, pageLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';

type Auth = { Authorization: string };

/**
 * Figures per organisation (issue 16): a manager or org-admin sees their organisation's regions,
 * all of them, and nothing of another; the platform admin sees the organisations side by side,
 * with the small-count rule, and every CSV row names its organisation.
 */
describe('dashboard figures per organisation', () => {
  let t: TestApp;
  let ds: DataSource;
  const http = () => request(t.app.getHttpServer());
  const period = 'from=2025-03-03&to=2025-03-16';
  const figure = async (name: string, auth: Auth, query = period) =>
    http().get(`/api/v1/dashboard/${name}?${query}`).set(auth);
  const codes = (rows: { region?: string; organisation?: string }[], key: 'region' | 'organisation') =>
    rows.map((r) => r[key]).sort();

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.db.ds;
    // Cases in three organisations: Amsterdam 6, Rotterdam 2 + Utrecht 5 (one organisation), Gent 1.
    const at = '2025-03-05T10:00:00Z';
    for (let i = 0; i < 6; i++) await caseWithFact(ds, 'amsterdam', 'money', 'web', at);
    for (let i = 0; i < 2; i++) await caseWithFact(ds, 'rotterdam', 'money', 'web', at);
    for (let i = 0; i < 5; i++) await caseWithFact(ds, 'utrecht', 'housing', 'email', at);
    await caseWithFact(ds, 'gent', 'money', 'web', at);
    await t.app.get(DashboardRollupService).rollup.rebuild('2025-03-01', '2025-03-20');
    // A manager of Zuid-Holland en Utrecht who works in Rotterdam only: the figures are the organisation's.
    await createStaffUser(ds, {
      email: 'manager.rotterdam@example.org',
      role: 'manager',
      regionCodes: ['rotterdam'],
      password: DEMO_PASSWORD,
    });
  }, 120_000);
  afterAll(() => t?.close());

  it("a manager sees every region of their organisation and nothing of another's", async () => {
    const manager = await apiLogin(t, 'manager.rotterdam@example.org');
    const regions = await figure('regions', manager);
    expect(regions.status).toBe(200);
    expect(codes(regions.body.rows, 'region')).toEqual(['rotterdam', 'utrecht']);
    expect(regions.body.rows.every((r: { organisation: string }) => r.organisation === 'zuid-holland-utrecht')).toBe(
      true,
    );
    const volume = await figure('volume', manager);
    expect(volume.body.rows.find((r: { channel: string }) => r.channel === 'all').cases_new).toBe(7);
    // Another organisation's region or the organisation itself: a field error, never its figures.
    const gent = await figure('volume', manager, `${period}&region=gent`);
    expect(gent.status).toBe(400);
    expect(Object.keys(gent.body.fields)).toEqual(['region']);
    const other = await figure('volume', manager, `${period}&organisation=caw-oost-vlaanderen`);
    expect(other.status).toBe(400);
    expect(Object.keys(other.body.fields)).toEqual(['organisation']);
  });

  it("an org-admin sees their organisation's figures only", async () => {
    const orgAdmin = await apiLogin(t, 'orgadmin.gent@luister.example');
    const orgs = await figure('organisations', orgAdmin);
    expect(orgs.status).toBe(200);
    expect(codes(orgs.body.rows, 'organisation')).toEqual(['caw-oost-vlaanderen']);
    const regions = await figure('regions', orgAdmin);
    expect(codes(regions.body.rows, 'region')).toEqual(['gent']);
    // Workers and supervisors still have no dashboard.
    expect((await figure('volume', await apiLogin(t, 'gent@luister.example'))).status).toBe(403);
  });

  it('the platform admin sees the organisations side by side, small counts hidden, and can look at one', async () => {
    const admin = await apiLogin(t, 'admin@luister.example');
    const orgs = await figure('organisations', admin);
    expect(orgs.status).toBe(200);
    const byCode = Object.fromEntries(
      orgs.body.rows.map((r: { organisation: string }) => [r.organisation, r]),
    ) as Record<string, { cases_new: number | null; regions: number; suppressed: string[] }>;
    expect(Object.keys(byCode).sort()).toEqual([
      'caw-oost-vlaanderen',
      'landelijk',
      'welzijn-amsterdam',
      'zuid-holland-utrecht',
    ]);
    expect(byCode['zuid-holland-utrecht']).toMatchObject({ cases_new: 7, regions: 2 });
    // One case in Gent: below the small-count threshold, so hidden and marked; and the smallest
    // other organisation's count with it (Amsterdam, 6), so the platform total cannot give Gent away.
    expect(byCode['caw-oost-vlaanderen'].cases_new).toBeNull();
    expect(byCode['caw-oost-vlaanderen'].suppressed).toContain('cases_new');
    expect(byCode['welzijn-amsterdam'].suppressed).toContain('cases_new');

    const one = await figure('regions', admin, `${period}&organisation=zuid-holland-utrecht`);
    expect(codes(one.body.rows, 'region')).toEqual(['rotterdam', 'utrecht']);
    const mismatch = await figure('regions', admin, `${period}&organisation=zuid-holland-utrecht&region=gent`);
    expect(mismatch.status).toBe(400);

    // The CSV names each row's organisation.
    const csv = await figure('regions', admin, `${period}&format=csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0].split(',')).toContain('organisation');
    const orgColumn = lines[0].split(',').indexOf('organisation');
    const regionColumn = lines[0].split(',').indexOf('region');
    const pairs = lines.slice(1).map((l) => [l.split(',')[regionColumn], l.split(',')[orgColumn]]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        ['amsterdam', 'welzijn-amsterdam'],
        ['gent', 'caw-oost-vlaanderen'],
        ['rotterdam', 'zuid-holland-utrecht'],
        ['landelijk', 'landelijk'],
      ]),
    );
  });

  it("the admin's page compares the organisations by name; a manager's page has no such table", async () => {
    const admin = await pageLogin(t, 'admin@luister.example');
    const page = await admin.get(`/dashboard?${period}`).expect(200);
    expect(page.text).toContain('id="organisation"');
    expect(page.text).toContain('id="figure-organisations-caption"');
    expect(page.text).toContain('Maatschappelijk Werk Zuid-Holland en Utrecht');
    const manager = await pageLogin(t, 'manager@luister.example');
    const own = await manager.get(`/dashboard?${period}`).expect(200);
    expect(own.text).not.toContain('id="figure-organisations-caption"');
    expect(own.text).not.toContain('id="organisation"');
    expect(own.text).not.toContain('Gent');
  });
});
