/**
 * `npm run tour`: starts Luister with its demo on a throw-away database, walks every page of every
 * role in Dutch and English on a phone (390 px) and a desktop (1440 px) in real Chromium, and
 * writes the screenshots and test-artifacts/tour/index.html. Exits 1 when a page has a finding
 * (axe violation, raw key, sideways scrolling, wrong status, console error).
 *
 * The database: with DATABASE_URL, a new database on that server (dropped afterwards); without,
 * an embedded PostgreSQL in a temporary directory.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createLogger } from '../../src/common/logging/logger';
import { loadConfig } from '../../src/config/config';
import { startServer } from '../../src/server';
import { launchBrowser, ARTIFACTS } from '../support/browser';
import { DESKTOP, PHONE, prepareTour, problems, tourStops, walkTour, writeIndex } from '../support/tour';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const started = new Date();
  const outDir = path.join(ARTIFACTS, 'tour');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  const adminUrl = process.env.DATABASE_URL;
  const dbName = `luister_tour_${process.pid}`;
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  if (adminUrl) {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  } else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-tour-'));

  const base = loadConfig({ ...process.env, NODE_ENV: 'development', LUISTER_DEMO: '1' });
  const port = await freePort();
  const config = {
    ...base,
    databaseUrl,
    dataDir: dataDir ?? base.dataDir,
    embeddedPostgresPort: await freePort(),
    port,
    smtpPort: 0,
    logLevel: 'warn',
    jobs: { enabled: false },
  };
  process.stdout.write(`Starting Luister on a throw-away database (${databaseUrl ? dbName : dataDir})…\n`);
  const server = await startServer(config, createLogger('warn'));
  const url = `http://127.0.0.1:${port}`;
  const browser = await launchBrowser();
  let failed = 0;
  try {
    const data = await prepareTour(url);
    const stops = tourStops(data);
    const findings = await walkTour(browser, url, stops, {
      outDir,
      passes: [
        { lang: 'nl', viewport: DESKTOP },
        { lang: 'nl', viewport: PHONE },
        { lang: 'en', viewport: DESKTOP },
        { lang: 'en', viewport: PHONE },
      ],
      log: (l) => process.stdout.write(`  ${l}\n`),
    });
    const index = writeIndex(outDir, findings, started);
    const lines = findings.flatMap(problems);
    failed = lines.length;
    process.stdout.write(
      `\nTour: ${findings.length} pages (${stops.length} pages × 2 languages × 2 viewports), ` +
        `${findings.filter((f) => f.axe.length === 0).length} with 0 axe violations.\n` +
        (lines.length ? `Findings:\n  ${lines.join('\n  ')}\n` : 'No findings.\n') +
        `Open ${index}\n`,
    );
  } finally {
    await browser.close();
    await server.stop();
    if (adminUrl) {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  process.stderr.write(`The tour failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
