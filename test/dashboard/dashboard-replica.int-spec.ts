import request from 'supertest';
import { DashboardRollup } from '../../src/dashboard/dashboard-rollup';
import { loadConfig } from '../../src/config/config';
import { makeCase } from '../inbox/factories';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * DATABASE_READ_URL: the dashboard reads from the replica, not the primary. A second database
 * stands in for the replica and holds figures the primary does not, so only a read that really
 * went there can show them.
 */
describe('dashboard on a read replica', () => {
  let replica: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    replica = await createTestDatabase();
    const c = await makeCase(replica.ds, { region: 'amsterdam', status: 'closed', channel: 'email' });
    for (let i = 0; i < 3; i++) {
      await replica.ds.query(
        `INSERT INTO case_event (case_id, type, region_id, channel, occurred_at) VALUES ($1, 'message.received', (SELECT id FROM region WHERE code = 'amsterdam'), 'email', '2025-05-06T10:00:00Z')`,
        [c.id],
      );
    }
    await new DashboardRollup(replica.ds, 'Europe/Amsterdam').rebuild('2025-05-06', '2025-05-06');
    const base = loadConfig({ NODE_ENV: 'test' });
    t = await startTestApp({ dashboard: { ...base.dashboard, minCount: 1, readUrl: replica.url } });
  });
  afterAll(async () => {
    await t?.close();
    await replica?.drop();
  });

  it('answers the figures from the replica', async () => {
    const manager = await apiLogin(t, 'manager@luister.example');
    const body = (
      await request(t.app.getHttpServer())
        .get('/api/v1/dashboard/volume?from=2025-05-01&to=2025-05-31')
        .set(manager)
        .expect(200)
    ).body;
    expect(body.rows.at(-1)).toMatchObject({ channel: 'all', messages_in: 3 });
    // The primary has no such figures.
    const [{ n }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM dashboard_daily`);
    expect(n).toBe(0);
  });
});
