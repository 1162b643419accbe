import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { createDataSource, runMigrations } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * For command-line tools: the same database `npm start` uses (DATABASE_URL, else the embedded
 * one under .data/), migrated. Stop the app first when using the embedded database: it has one owner.
 */
export async function openCliDatabase(config: AppConfig): Promise<{ ds: DataSource; close(): Promise<void> }> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, database: 'luister' });
  const ds = createDataSource(config.databaseUrl ?? embedded!.url, { poolSize: 2 });
  await ds.initialize();
  await runMigrations(ds);
  return {
    ds,
    close: async () => {
      await ds.destroy();
      await embedded?.stop();
    },
  };
}
