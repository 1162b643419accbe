import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

/** One DataSource definition for the app, the TypeORM CLI (ormconfig.ts) and the tests. */
export function createDataSource(url: string, opts: { poolSize?: number; queryTimeoutMs?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    entities: [],
    synchronize: false,
    logging: false,
    // connectionTimeoutMillis: a database that accepts TCP but never answers (stopped, hung) makes
    // a request fail (503) after this long instead of hanging; it also bounds waiting for a free
    // pooled connection, hence generous.
    // query_timeout: a server that holds its connections but answers nothing (frozen, hung)
    // fails a query after this long (503 / 451) instead of keeping the request forever; the
    // app's own pool sets it, set-up (migrations, demo history) and the CLI tools do not.
    extra: {
      max: opts.poolSize ?? 10,
      application_name: 'luister',
      // Waiting for a (new or free pooled) connection is bounded by the same time.
      connectionTimeoutMillis: opts.queryTimeoutMs || 30_000,
      ...(opts.queryTimeoutMs ? { query_timeout: opts.queryTimeoutMs } : {}),
    },
  });
}

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const done = await ds.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}
