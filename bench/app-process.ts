/**
 * The app under test in its own process, as it runs in production: the load generator in the
 * parent must not share (and so halve) the app's event loop. Reports its port over IPC.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app';
import { createLogger } from '../src/common/logging/logger';
import { AppConfig, loadConfig } from '../src/config/config';
import { createDataSource } from '../src/database/data-source';

export const POOL_SIZE = 10;

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL!;
  const base = loadConfig({});
  // As behind a reverse proxy: the client address comes from X-Forwarded-For, and the per-address
  // rate limits run with their production settings (each bench submission has its own address).
  // No job workers polling.
  const config: AppConfig = {
    ...base,
    databaseUrl: url,
    port: 0,
    trustProxy: true,
    jobs: { enabled: false },
    logLevel: 'silent',
  };
  const ds = createDataSource(url, { poolSize: POOL_SIZE });
  await ds.initialize();
  const app = await createApp(config, ds, createLogger('silent'));
  await app.listen(0, '127.0.0.1');
  process.send!({ port: (app.getHttpServer().address() as AddressInfo).port });
  process.on('message', async (m: { stop?: boolean }) => {
    if (!m.stop) return;
    await app.close();
    await ds.destroy();
    process.exit(0);
  });
}

if (require.main === module) {
  main().catch((e) => {
    console.error('bench app failed:', e);
    process.exit(1);
  });
}
