import { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/common/logging/logger';
import { loadConfig } from '../../src/config/config';
import { createDataSource, runMigrations } from '../../src/database/data-source';
import { seedDemoData } from '../../src/database/seed';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { PgProcess, startPgProcess } from './support/pg-process';
import { sendRaw, simpleMail } from './support/smtp';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * "Durable before accepted" against a real PostgreSQL that really stops: this file runs its own
 * embedded cluster in a child process (the shared test server must stay up for the other files).
 */
describe('inbound SMTP while the database is down', () => {
  let dataDir: string;
  let pgPort: number;
  let pg: PgProcess | undefined;
  let ds: DataSource;
  let app: NestExpressApplication;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-mail-down-'));
    fs.chmodSync(dataDir, 0o755);
    pgPort = await freePort();
    pg = await startPgProcess(dataDir, pgPort);
    ds = createDataSource(pg.url, { poolSize: 3 });
    await ds.initialize();
    await runMigrations(ds);
    await seedDemoData(ds);
    const config = {
      ...loadConfig({ NODE_ENV: 'test' }),
      databaseUrl: pg.url,
      port: 0,
      smtpPort: 0,
      jobs: { enabled: false },
    };
    app = await createApp(config, ds, createLogger('silent'));
    await app.init();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    if (ds?.isInitialized) await ds.destroy();
    await pg?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('answers 451 while the database is stopped, and stores the retried mail exactly once after restart', async () => {
    const port = app.get(InboundSmtpServer).port;
    const envelope = { from: 'anna@example.nl', to: ['hulp@luister.example'] };
    // A first mail while all is well (and the region list is warm: the 451 must come from storing).
    expect((await sendRaw(port, simpleMail({ text: 'Eerste', messageId: '<before@example.nl>' }), envelope)).ok).toBe(
      true,
    );

    await pg!.stop();
    pg = undefined;
    const mail = simpleMail({ text: 'Tijdens de storing geschreven.', messageId: '<during-outage@example.nl>' });
    const refused = await sendRaw(port, mail, envelope);
    expect(refused).toMatchObject({ ok: false, code: 451 });

    pg = await startPgProcess(dataDir, pgPort);
    // The sending server retries the same message later.
    let retried = await sendRaw(port, mail, envelope);
    for (let i = 0; i < 10 && !retried.ok; i++) {
      await new Promise((r) => setTimeout(r, 300));
      retried = await sendRaw(port, mail, envelope);
    }
    expect(retried.ok).toBe(true);
    const rows = await ds.query(`SELECT message_id, status FROM raw_mail ORDER BY received_at`);
    expect(rows).toEqual([
      { message_id: '<before@example.nl>', status: 'stored' },
      { message_id: '<during-outage@example.nl>', status: 'stored' },
    ]);
  }, 60_000);
});
