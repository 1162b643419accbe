import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createLogger } from '../../src/common/logging/logger';
import { loadConfig } from '../../src/config/config';
import { DashboardService } from '../../src/dashboard/dashboard.service';
import { RunningServer, startServer } from '../../src/server';

/**
 * `npm start` on an empty database: migrations, demo data and history, and the dashboard's
 * roll-up, all before the server reports itself running. Jobs are off here, so the figures
 * can only come from the start-up itself.
 */
describe('first start on an empty database', () => {
  const adminUrl = process.env.LUISTER_TEST_ADMIN_URL!;
  const name = `luister_first_start_${randomBytes(4).toString('hex')}`;
  let server: RunningServer | undefined;

  const admin = async (sql: string) => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  beforeAll(() => admin(`CREATE DATABASE ${name}`));
  afterAll(async () => {
    await server?.stop();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('has dashboard figures for the demo history as soon as it is running', async () => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const config = {
      ...loadConfig({ NODE_ENV: 'test' }),
      databaseUrl: url.toString(),
      port: 0,
      smtpPort: 0,
      demo: true,
      jobs: { enabled: false },
      logLevel: 'silent' as const,
    };
    server = await startServer(config, createLogger('silent'));
    expect(server.demoLoaded).toBe(true);

    const dashboard = server.app.get(DashboardService);
    const to = dashboard.today();
    const from = new Date(Date.parse(`${to}T12:00:00Z`) - 27 * 86400_000).toISOString().slice(0, 10);
    const volume = await dashboard.figure('volume', {
      from,
      to,
      regionIds: null,
      region: null,
      topic: null,
      channel: null,
    });
    expect(volume.rolledUpAt).not.toBeNull();
    expect(volume.rows.find((r) => r.channel === 'all')?.cases_new).toBeGreaterThan(50);
  }, 120_000);
});
