import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppProcess } from '../support/app-process';
import { PgServer } from '../support/pg-server';
import { freePort, request } from '../support/raw-http';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * PostgreSQL hangs: every process SIGSTOPped, so connections stay open and nothing answers. The
 * app must not hang with it: a request fails with 503 once the query timeout passes, /health says
 * so at once, and when the server goes on, the same process answers again without a restart.
 */
describe('a database that answers nothing', () => {
  let dir: string;
  let pg: PgServer;
  let app: AppProcess | undefined;
  let port: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-dbfrozen-'));
    fs.chmodSync(dir, 0o755);
    pg = await PgServer.create(dir, await freePort());
    port = await freePort();
    app = await AppProcess.start({
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: pg.url,
      DATABASE_QUERY_TIMEOUT_SECONDS: '3',
      PORT: String(port),
      SMTP_PORT: String(await freePort()),
      LUISTER_DATA_DIR: dir,
      LUISTER_DEMO: '0',
      LUISTER_JOBS: '0',
      LOG_LEVEL: 'info',
    });
  }, 180_000);

  afterAll(async () => {
    pg?.thaw();
    await app?.stop();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const ask = (i: number) =>
    request(port, 'POST', '/api/v1/questions', {
      nickname: 'Vast',
      text: `Een vraag terwijl alles stilstaat, nummer ${i}.`,
    });

  it('answers 503 within the query timeout instead of hanging, and recovers by itself', async () => {
    expect((await ask(0)).status).toBe(201);
    pg.freezeAll();
    try {
      const started = Date.now();
      const [health, ...asked] = await Promise.all([request(port, 'GET', '/health'), ask(1), ask(2), ask(3)]);
      const tookMs = Date.now() - started;
      expect(health.status).toBe(503);
      expect(asked.map((a) => a.status)).toEqual([503, 503, 503]);
      expect(JSON.parse(asked[0].body)).toMatchObject({ statusCode: 503 });
      // The query timeout (3 s) and some slack on a busy machine; without it these hang for good.
      expect(tookMs).toBeLessThan(15_000);
    } finally {
      pg.thaw();
    }
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await ask(4)).status) !== 201) await sleep(500);
    expect(status).toBe(201);
    expect((await request(port, 'GET', '/health')).status).toBe(200);
    expect(app!.running).toBe(true);
  }, 120_000);
});
