import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

/** One DataSource definition for the app, the TypeORM CLI (ormconfig.ts) and the tests. */
export function createDataSource(url: string, opts: { poolSize?: number } = {}): DataSource {
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
    extra: { max: opts.poolSize ?? 10, application_name: 'luister', connectionTimeoutMillis: 30_000 },
  });
}

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const done = await ds.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}
