import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff search (issue 17 item 3): one full-text document per case in `cases.search_tsv`, written
 * by the cases module (the table's owner) whenever a message, note or tag changes, through
 * `case_search_document(case_id)` below, so the migration, the app and the bench build it the
 * same way. Erased cases lose the document (and the index predicate skips them).
 *
 * Dutch and English stemming side by side (a worker searches in either language, help-seekers
 * write both), accent-insensitive through the `unaccent` filtering dictionary in front of the
 * stemmers: `luister_nl` / `luister_en` are copies of the built-in configurations. `unaccent` and
 * `btree_gin` are contrib extensions (both in the embedded PostgreSQL 17 and Debian's 15; both
 * trusted, so a database owner may create them).
 *
 * Weights: tags A, messages B, internal notes C. The GIN index leads with `region_id`
 * (btree_gin), so the region scope narrows the posting lists inside the index instead of after it:
 * a worker of one region ranks only that region's matches. A word found in very many cases is
 * read newest first from `cases_search_recent` instead (the search ranks at most its newest
 * matches; docs/search.md).
 */
export class CaseSearch1733800000000 implements MigrationInterface {
  name = 'CaseSearch1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    for (const [name, base, stem] of [
      ['luister_nl', 'dutch', 'dutch_stem'],
      ['luister_en', 'english', 'english_stem'],
    ]) {
      await q.query(`CREATE TEXT SEARCH CONFIGURATION ${name} (COPY = pg_catalog.${base})`);
      // Words with non-ASCII letters go through unaccent first (ASCII words have nothing to strip).
      await q.query(
        `ALTER TEXT SEARCH CONFIGURATION ${name} ALTER MAPPING FOR word, hword, hword_part WITH unaccent, ${stem}`,
      );
    }
    await q.query(`ALTER TABLE cases ADD COLUMN search_tsv tsvector`);
    // Each text capped (a tsvector holds at most 1 MB; the start of a long mail is what people remember).
    await q.query(`
      CREATE FUNCTION case_search_document(p_case uuid) RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('luister_nl', t.tags) || to_tsvector('luister_en', t.tags), 'A')
            || setweight(to_tsvector('luister_nl', m.body) || to_tsvector('luister_en', m.body), 'B')
            || setweight(to_tsvector('luister_nl', n.body) || to_tsvector('luister_en', n.body), 'C')
          FROM (SELECT COALESCE(string_agg(replace(tag, '-', ' '), ' '), '') AS tags FROM case_tag WHERE case_id = p_case) t,
               (SELECT COALESCE(string_agg(left(body_text, 20000), E'\\n' ORDER BY created_at), '') AS body
                  FROM message WHERE case_id = p_case) m,
               (SELECT COALESCE(string_agg(left(body_text, 10000), E'\\n' ORDER BY created_at), '') AS body
                  FROM case_note WHERE case_id = p_case) n
      $$`);
    await q.query(`UPDATE cases SET search_tsv = case_search_document(id) WHERE erased_at IS NULL`);
    await q.query(
      `CREATE INDEX cases_search ON cases USING gin (region_id, search_tsv) WHERE erased_at IS NULL AND search_tsv IS NOT NULL`,
    );
    // A word in many cases: its newest matches, newest first per region, without ranking them all.
    await q.query(
      `CREATE INDEX cases_search_recent ON cases (region_id, created_at DESC, id) WHERE erased_at IS NULL AND search_tsv IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_search_recent`);
    await q.query(`DROP INDEX cases_search`);
    await q.query(`DROP FUNCTION case_search_document(uuid)`);
    await q.query(`ALTER TABLE cases DROP COLUMN search_tsv`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION luister_en`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION luister_nl`);
  }
}
