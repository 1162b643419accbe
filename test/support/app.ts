import { NestExpressApplication } from '@nestjs/platform-express';
import { Writable } from 'node:stream';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/common/logging/logger';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestExpressApplication;
  db: TestDatabase;
  config: AppConfig;
  /** Every log line the app wrote, for tests that check what must never be logged. */
  logLines: string[];
  /** Base URL once `listen()` was called. */
  url?: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** The real application on a fresh database, with generous rate limits unless a test sets them. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const base = loadConfig({ NODE_ENV: 'test' });
  const config: AppConfig = {
    ...base,
    databaseUrl: db.url,
    port: 0,
    // Inbound SMTP on a free port; tests read it from InboundSmtpServer.port.
    smtpPort: 0,
    rateLimits: {
      ...base.rateLimits,
      questions: { points: 1000, windowSeconds: 600 },
      caseLinkFailures: { points: 1000, windowSeconds: 600 },
      caseLinkPrefixFailures: { points: 1000, windowSeconds: 600 },
      staffLoginFailures: { points: 1000, windowSeconds: 600 },
    },
    logLevel: 'info',
    jobs: { enabled: false },
    ...overrides,
  };
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const app = await createApp(config, db.ds, createLogger(config.logLevel, sink));
  await app.init();
  const t: TestApp = {
    app,
    db,
    config,
    logLines,
    listen: async () => {
      await app.listen(0, '127.0.0.1');
      const addr = app.getHttpServer().address() as import('node:net').AddressInfo;
      t.url = `http://127.0.0.1:${addr.port}`;
      return t.url;
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
  return t;
}

/** GET a form page and pull out the CSRF token; the agent keeps the cookie. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}
