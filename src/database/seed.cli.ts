// `npm run seed`: load the demo regions (with postcode ranges), topics and staff accounts. Idempotent.
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { openCliDatabase } from './cli-database';
import { seedDemoData } from './seed';

async function main(): Promise<void> {
  const { ds, close } = await openCliDatabase(loadConfig());
  try {
    const { staffCreated } = await seedDemoData(ds);
    const [r] = await ds.query(
      `SELECT (SELECT count(*) FROM region)::int AS regions, (SELECT count(*) FROM postcode_range)::int AS ranges, (SELECT count(*) FROM topic)::int AS topics`,
    );
    process.stdout.write(
      `Seeded: ${r.regions} regions, ${r.ranges} postcode ranges, ${r.topics} topics, ${staffCreated} new staff accounts.\n`,
    );
  } finally {
    await close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`seed failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
