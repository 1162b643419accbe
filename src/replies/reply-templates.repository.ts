import * as sql from '../database/sql';
import type { ReplySections } from './reply-sections';

/**
 * Reply templates' SQL (docs/data-layer.md): `reply_template` and its versions, and the topics,
 * regions and organisations a template names. ReplyTemplatesService keeps the rules (who sees and
 * edits which template, the variables); this file only reads and writes rows, in the transaction
 * the service passes in. `org` is the organisation whose templates a call sees beside the
 * platform's (null: every template).
 */

export interface ReplyTemplate {
  id: string;
  code: string;
  name: string;
  language: string;
  topic: string | null;
  version: number;
  sections: ReplySections;
  /** The organisation's code whose template this is; null: the platform's default, for everyone. */
  organisation: string | null;
}

const COLUMNS = `t.id, t.code, t.name, t.language, t.topic_code AS topic, t.current_version AS version, v.sections,
                 (SELECT o.code FROM organisation o WHERE o.id = t.organisation_id) AS organisation`;
const FROM = `FROM reply_template t JOIN reply_template_version v ON v.template_id = t.id AND v.version = t.current_version`;
/** The templates of `$n`'s organisation and the platform's (`$n` null: every template). */
const visibleSql = (param: number) =>
  `($${param}::int IS NULL OR t.organisation_id IS NULL OR t.organisation_id = $${param}::int)`;

/**
 * Active templates for a language and topic (null: any), one per code and language: the
 * organisation's before the platform's; for `org` null the organisation is part of the key.
 * By language, the topic's before the general ones, then by name.
 */
export function activeTemplates(
  m: sql.Db,
  language: string | null,
  topic: string | null,
  org: number | null,
): Promise<(ReplyTemplate & { organisation_id: number | null })[]> {
  return sql.rows<ReplyTemplate & { organisation_id: number | null }>(
    m,
    `SELECT * FROM (
         SELECT DISTINCT ON (t.code, t.language, CASE WHEN $3::int IS NULL THEN COALESCE(t.organisation_id, 0) END)
                ${COLUMNS}, t.organisation_id
           ${FROM}
          WHERE t.active AND ${visibleSql(3)}
            AND ($1::text IS NULL OR t.language = $1) AND ($2::text IS NULL OR t.topic_code = $2 OR t.topic_code IS NULL)
          ORDER BY t.code, t.language, CASE WHEN $3::int IS NULL THEN COALESCE(t.organisation_id, 0) END, t.organisation_id NULLS LAST
       ) t
       ORDER BY t.language, t.topic IS NULL, t.topic, t.name, t.organisation_id NULLS FIRST`,
    [language, topic, org],
  );
}

/**
 * Every template `org` sees (inactive ones too), with its organisation's name and, for a platform
 * template, the id of `org`'s own copy of it.
 */
export function manageableTemplates(
  m: sql.Db,
  org: number | null,
): Promise<(ReplyTemplate & { organisationName: string | null; ownCopyId: string | null })[]> {
  return sql.rows<ReplyTemplate & { organisationName: string | null; ownCopyId: string | null }>(
    m,
    `SELECT ${COLUMNS}, (SELECT o.name FROM organisation o WHERE o.id = t.organisation_id) AS "organisationName",
              CASE WHEN t.organisation_id IS NULL AND $1::int IS NOT NULL THEN
                (SELECT c.id FROM reply_template c WHERE c.organisation_id = $1::int AND c.code = t.code AND c.language = t.language)
              END AS "ownCopyId"
         ${FROM}
        WHERE ${visibleSql(1)}
        ORDER BY t.language, t.organisation_id NULLS FIRST, t.topic_code IS NULL, t.topic_code, t.name`,
    [org],
  );
}

/** One template (its current version) that `org` sees, or undefined. */
export function visibleTemplate(m: sql.Db, id: string, org: number | null): Promise<ReplyTemplate | undefined> {
  return sql.one<ReplyTemplate>(m, `SELECT ${COLUMNS} ${FROM} WHERE t.id = $1 AND ${visibleSql(2)}`, [id, org]);
}

/** A new current version of a template: its number goes up and the sections are stored under it. */
export async function addTemplateVersion(
  m: sql.Db,
  id: string,
  sections: ReplySections,
  createdBy: string,
): Promise<void> {
  const t = await sql.only<{ current_version: number }>(
    m,
    // The CTE dates from TypeORM's `[rows, count]` answer to a bare UPDATE … RETURNING; sql.ts reads both alike.
    `WITH u AS (UPDATE reply_template SET current_version = current_version + 1 WHERE id = $1 RETURNING current_version) SELECT current_version FROM u`,
    [id],
  );
  await sql.exec(
    m,
    `INSERT INTO reply_template_version (template_id, version, sections, created_by) VALUES ($1, $2, $3, $4)`,
    [id, t.current_version, JSON.stringify(sections), createdBy],
  );
}

/**
 * A new template with its first version; its id. A code and language the organisation has
 * already: the unique constraint `reply_template_code_language` refuses it.
 */
export async function insertTemplate(
  m: sql.Db,
  t: { code: string; language: string; topic?: string | null; name: string; sections: ReplySections },
  organisationId: number | null,
  createdBy: string,
): Promise<string> {
  const { id } = await sql.only<{ id: string }>(
    m,
    `INSERT INTO reply_template (code, language, topic_code, name, organisation_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [t.code, t.language, t.topic || null, t.name, organisationId],
  );
  await sql.exec(
    m,
    `INSERT INTO reply_template_version (template_id, version, sections, created_by) VALUES ($1, 1, $2, $3)`,
    [id, JSON.stringify(t.sections), createdBy],
  );
  return id;
}

/** A template's versions, newest first, with who made each. */
export function templateVersions(
  m: sql.Db,
  id: string,
): Promise<{ version: number; createdAt: Date; createdBy: string | null }[]> {
  return sql.rows<{ version: number; createdAt: Date; createdBy: string | null }>(
    m,
    `SELECT v.version, v.created_at AS "createdAt", u.display_name AS "createdBy" FROM reply_template_version v
         LEFT JOIN staff_user u ON u.id = v.created_by WHERE v.template_id = $1 ORDER BY v.version DESC`,
    [id],
  );
}

export async function topicExists(m: sql.Db, code: string): Promise<boolean> {
  return (await sql.rows<{ '?column?': number }>(m, `SELECT 1 FROM topic WHERE code = $1`, [code])).length > 0;
}

/** The active topics' codes, in their order. */
export async function activeTopicCodes(m: sql.Db): Promise<string[]> {
  const rows = await sql.rows<{ code: string }>(m, `SELECT code FROM topic WHERE active ORDER BY sort_order, code`);
  return rows.map((r) => r.code);
}

/** The organisation of the region of this code, or undefined when there is no such region. */
export async function organisationOfRegion(m: sql.Db, code: string): Promise<number | undefined> {
  const r = await sql.one<{ organisation_id: number }>(m, `SELECT organisation_id FROM region WHERE code = $1`, [code]);
  return r?.organisation_id;
}

/** The id of the organisation of this code, or undefined. */
export async function organisationIdByCode(m: sql.Db, code: string): Promise<number | undefined> {
  const o = await sql.one<{ id: number }>(m, `SELECT id FROM organisation WHERE code = $1`, [code]);
  return o?.id;
}
