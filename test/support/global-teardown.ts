import * as fs from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.LUISTER_TEST_ADMIN_URL;
  const template = process.env.LUISTER_TEST_TEMPLATE;
  if (adminUrl && template) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    // Leftovers of crashed test files, then the template itself.
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${template.replace('_tpl_', '_t_')}%`,
    ]);
    for (const r of rows)
      await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  const embedded = (globalThis as Record<string, unknown>).__LUISTER_EMBEDDED__ as
    { stop(): Promise<void>; dataDir: string } | undefined;
  if (embedded) {
    await embedded.stop();
    fs.rmSync(embedded.dataDir, { recursive: true, force: true });
  }
}
