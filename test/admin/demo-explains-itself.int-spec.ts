import { DEMO_REGIONS, DEMO_STAFF } from '../../src/database/demo-data';
import { RunningServer, startupBanner } from '../../src/server';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { makeCase } from '../inbox/factories';
import { pageLogin } from '../staff/staff-login';

/** The demo says who covers what, admins are warned about a region that would let cases wait, and referrals fit the case's country. */
describe('a demo that explains itself', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has a worker, a supervisor and a trainee in every demo region', async () => {
    const rows: { code: string; role: string }[] = await t.db.ds.query(
      `SELECT r.code, u.role FROM region r JOIN staff_region sr ON sr.region_id = r.id JOIN staff_user u ON u.id = sr.staff_user_id WHERE u.active`,
    );
    for (const r of DEMO_REGIONS)
      for (const role of ['worker', 'supervisor', 'trainee'])
        expect({ region: r.code, role, found: rows.some((x) => x.code === r.code && x.role === role) }).toEqual({
          region: r.code,
          role,
          found: true,
        });
  });

  it('prints who covers which region, and sends admins to the outbound mail page', () => {
    const banner = startupBanner(t.config, { app: t.app, url: 'http://localhost:3000' } as RunningServer);
    for (const r of DEMO_REGIONS) {
      const line = banner.split('\n').find((l) => l.startsWith(`    ${r.code.padEnd(10)} `));
      expect(line).toBeDefined();
      for (const s of DEMO_STAFF.filter(
        (x) => x.regions.includes(r.code) && x.role !== 'manager' && x.role !== 'org-admin',
      ))
        expect(line).toContain(`${s.role} ${s.email}`);
    }
    expect(banner).toContain('http://localhost:3000/admin/mail/outbound');
    expect(banner).not.toContain('/api/v1/mail/outbound');
  });

  it('warns an admin about a region with nobody to answer or without a calendar', async () => {
    const admin = await pageLogin(t, 'admin@luister.example');
    const before = await admin.get('/admin').expect(200);
    expect(before.text).not.toContain('id="region-warnings"');
    await admin
      .post('/admin/regions')
      .type('form')
      .send({ _csrf: csrfFrom(before.text), code: 'zwolle', name: 'Zwolle' })
      .expect(303);
    const after = await admin.get('/admin').expect(200);
    const warnings = after.text.slice(
      after.text.indexOf('id="region-warnings"'),
      after.text.indexOf('</div>', after.text.indexOf('id="region-warnings"')),
    );
    expect(warnings).toContain('Zwolle heeft geen actieve hulpverlener of begeleider');
    expect(warnings).toContain('Zwolle heeft geen kalender met openingstijden');
    expect(warnings).toContain('href="#region-zwolle"');
    // The users table names regions, not codes.
    expect(after.text).toContain('Rotterdam, Utrecht');
  });

  it('offers a Dutch case in the national team Dutch referrals, not a Belgian CAW first', async () => {
    const c = await makeCase(t.db.ds, { region: 'landelijk', topic: 'money', nickname: 'Zon' });
    await t.db.ds.query(`UPDATE cases SET country = 'NL' WHERE id = $1`, [c.id]);
    const worker = await pageLogin(t, 'worker.landelijk@luister.example');
    const page = await worker.get(`/cases/${c.id}/reply`).expect(200);
    const names = [...page.text.matchAll(/name="referralIds" value="[^"]+" data-kind="[^"]+"[^>]*> ([^<]+)/g)].map(
      (m) => m[1].trim(),
    );
    expect(names.length).toBeGreaterThan(0);
    expect(names).toContain('Geldfit');
    expect(names.some((n) => n.startsWith('CAW'))).toBe(false);
    // Without a known country the national team still sees both countries' entries.
    await t.db.ds.query(`UPDATE cases SET country = NULL WHERE id = $1`, [c.id]);
    const open = await worker.get(`/cases/${c.id}/reply`).expect(200);
    expect(open.text).toContain('CAW (Centrum Algemeen Welzijnswerk)');
  });
});
