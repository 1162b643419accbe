// TypeORM CLI entry: `npx typeorm-ts-node-commonjs migration:run -d ormconfig.ts`
// (or `npm run migration:run`). Needs DATABASE_URL; the app itself migrates on start.
import { createDataSource } from './src/database/data-source';

if (!process.env.DATABASE_URL) {
  throw new Error('Set DATABASE_URL to run the TypeORM CLI (the app migrates the embedded database itself on start).');
}

export default createDataSource(process.env.DATABASE_URL);
