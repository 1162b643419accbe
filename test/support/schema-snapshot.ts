import { Client } from 'pg';

/**
 * The schema of a database as comparable text, read from the catalog: tables and their columns
 * in order, constraints, indexes, views, functions, triggers, sequences and extensions. It plays
 * the part of `pg_dump --schema-only`, which is not always at hand in the server's version (the
 * embedded PostgreSQL 17 ships no pg_dump, Debian's 15 refuses a newer server).
 */
export async function schemaSnapshot(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const part = async (label: string, sql: string) =>
      (await c.query<{ line: string }>(sql)).rows.map((r) => `${label} ${r.line}`);
    // Objects that belong to an extension (btree_gist's operators and functions) are the
    // extension's, not ours.
    const notExtension = (oidCol: string, catalog: string) =>
      `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = ${oidCol} AND d.classid = '${catalog}'::regclass AND d.deptype = 'e')`;
    return [
      ...(await part('extension', `SELECT extname AS line FROM pg_extension ORDER BY 1`)),
      ...(await part(
        'column',
        `SELECT format('%s.%s #%s %s null=%s default=%s', table_name, column_name, ordinal_position,
                       CASE WHEN data_type IN ('USER-DEFINED', 'ARRAY') THEN udt_name ELSE data_type END
                         || COALESCE('(' || character_maximum_length || ')', ''),
                       is_nullable, COALESCE(column_default, '-')) AS line
           FROM information_schema.columns WHERE table_schema = current_schema()
          ORDER BY table_name, ordinal_position`,
      )),
      ...(await part(
        'constraint',
        `SELECT format('%s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS line
           FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conrelid <> 0 ORDER BY 1`,
      )),
      ...(await part(
        'index',
        `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`,
      )),
      ...(await part(
        'view',
        `SELECT format('%s %s', viewname, definition) AS line FROM pg_views WHERE schemaname = current_schema() ORDER BY 1`,
      )),
      ...(await part(
        'function',
        `SELECT pg_get_functiondef(p.oid) AS line FROM pg_proc p
          WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind IN ('f', 'p')
            AND ${notExtension('p.oid', 'pg_proc')} ORDER BY p.proname, pg_get_function_identity_arguments(p.oid)`,
      )),
      ...(await part(
        'trigger',
        `SELECT pg_get_triggerdef(t.oid) AS line FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
          WHERE r.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal ORDER BY r.relname, t.tgname`,
      )),
      ...(await part(
        'sequence',
        `SELECT format('%s %s', sequence_name, data_type) AS line FROM information_schema.sequences
          WHERE sequence_schema = current_schema() ORDER BY 1`,
      )),
    ];
  } finally {
    await c.end();
  }
}
