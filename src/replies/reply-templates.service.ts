import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { isAdmin, organisationParam, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { checkVariables, VariableProblem } from './reply-render';
import { ReplySections } from './reply-sections';
import * as sql from '../database/sql';

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

/**
 * Whose templates a call sees: an organisation's staff (`organisationId`, organisationParam: null
 * for the platform admin, who sees all) or a case's, through its region (what the composer offers).
 */
export type TemplateScope = { organisationId: number | null } | { regionCode: string };

export interface NewTemplate {
  code: string;
  language: string;
  name: string;
  topic?: string | null;
  sections: ReplySections;
  /** The platform admin only: the organisation it is for (none: a platform template). */
  organisation?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[a-z][a-z0-9-]{1,39}$/;

const COLUMNS = `t.id, t.code, t.name, t.language, t.topic_code AS topic, t.current_version AS version, v.sections,
                 (SELECT o.code FROM organisation o WHERE o.id = t.organisation_id) AS organisation`;
const FROM = `FROM reply_template t JOIN reply_template_version v ON v.template_id = t.id AND v.version = t.current_version`;
/** The templates of `$n`'s organisation and the platform's (`$n` null: every template). */
const visibleSql = (param: number) =>
  `($${param}::int IS NULL OR t.organisation_id IS NULL OR t.organisation_id = $${param}::int)`;

/** Whether `e` is the database refusing a second template of one code and language in one organisation. */
const isCodeTaken = (e: unknown) =>
  e instanceof QueryFailedError &&
  (e as unknown as { driverError?: { constraint?: string } }).driverError?.constraint ===
    'reply_template_code_language';

const notFound = () => new NotFoundException({ code: 'template_not_found', message: 'errors.http404' });

/** Field errors naming each offending variable, e.g. `variables.foo: ['replies.variable.unknown']`. */
export function variableErrors(problems: VariableProblem[]): InputInvalidException {
  const fields: Record<string, string[]> = {};
  for (const p of problems) fields[`variables.${p.name}`] = [`replies.variable.${p.problem}`];
  return new InputInvalidException(fields, 'template_variable');
}

function checkSections(sections: ReplySections): void {
  const all = { nickname: 'x', workerName: 'x', regionName: 'x', referrals: 'x', signature: 'x' };
  const problems = checkVariables(sections, all);
  if (problems.length) throw variableErrors(problems);
}

/**
 * Reply templates: the platform's defaults (organisation_id null, kept by the platform admin) and
 * each organisation's own (kept by its managers and org-admin), new ones or copies of a platform
 * template to adapt. An organisation's template replaces the platform's of the same code and
 * language for that organisation's cases. Every edit is a new version (old replies keep theirs).
 * Another organisation's template is simply not found.
 */
@Injectable()
export class ReplyTemplatesService {
  constructor(private readonly db: DataSource) {}

  /**
   * Active templates for a language; with a topic, that topic's templates first, then the general
   * ones. For an organisation (or a case's region): the platform's, each replaced by the
   * organisation's own of the same code and language. For the platform admin: every template.
   */
  async list(
    filter: { language?: string; topic?: string },
    scope: TemplateScope,
    m: EntityManager = this.db.manager,
  ): Promise<ReplyTemplate[]> {
    const org = await this.organisationOf(scope, m);
    // DISTINCT ON keeps one template per code and language, the organisation's before the
    // platform's; for the platform admin (no organisation) the organisation is part of the key.
    const rows = await sql.rows<ReplyTemplate & { organisation_id: number | null }>(
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
      [filter.language || null, filter.topic || null, org],
    );
    return rows.map(({ organisation_id: _, ...t }) => t);
  }

  /**
   * Every template a user keeps or may copy (inactive ones too): the platform's and their
   * organisation's side by side, with whether they may edit it and, for a platform template, the
   * id of their organisation's own version of it. The platform admin: all of them.
   */
  async manageable(
    staff: StaffIdentity,
  ): Promise<(ReplyTemplate & { organisationName: string | null; editable: boolean; ownCopyId: string | null })[]> {
    const org = organisationParam(staff);
    const rows = await sql.rows<ReplyTemplate & { organisationName: string | null; ownCopyId: string | null }>(
      this.db,
      `SELECT ${COLUMNS}, (SELECT o.name FROM organisation o WHERE o.id = t.organisation_id) AS "organisationName",
              CASE WHEN t.organisation_id IS NULL AND $1::int IS NOT NULL THEN
                (SELECT c.id FROM reply_template c WHERE c.organisation_id = $1::int AND c.code = t.code AND c.language = t.language)
              END AS "ownCopyId"
         ${FROM}
        WHERE ${visibleSql(1)}
        ORDER BY t.language, t.organisation_id NULLS FIRST, t.topic_code IS NULL, t.topic_code, t.name`,
      [org],
    );
    return rows.map((t) => ({ ...t, editable: this.mayEdit(staff, t) }));
  }

  /** One template in the scope (the current version); another organisation's: 404. */
  async get(id: string, scope: TemplateScope, m: EntityManager = this.db.manager): Promise<ReplyTemplate> {
    if (!UUID.test(id)) throw notFound();
    const org = await this.organisationOf(scope, m);
    const row = await sql.one<ReplyTemplate>(m, `SELECT ${COLUMNS} ${FROM} WHERE t.id = $1 AND ${visibleSql(2)}`, [
      id,
      org,
    ]);
    if (!row) throw notFound();
    return row;
  }

  /** Whether the user may change this template: the platform's only the platform admin, an organisation's its own staff. */
  mayEdit(staff: StaffIdentity, t: Pick<ReplyTemplate, 'organisation'>): boolean {
    return isAdmin(staff) || (t.organisation !== null && t.organisation === staff.organisation?.code);
  }

  /** A new version. Unknown variables or handlebars syntax are refused here already. */
  async update(staff: StaffIdentity, id: string, sections: ReplySections): Promise<ReplyTemplate> {
    const scope = { organisationId: organisationParam(staff) };
    const current = await this.get(id, scope);
    if (!this.mayEdit(staff, current))
      throw new ForbiddenException({ code: 'template_platform', message: 'templatesPage.platformOnly' });
    checkSections(sections);
    await this.db.transaction(async (m) => {
      const t = await sql.only<{ current_version: number }>(
        m,
        // The CTE dates from TypeORM's `[rows, count]` answer to a bare UPDATE … RETURNING; sql.ts reads both alike.
        `WITH u AS (UPDATE reply_template SET current_version = current_version + 1 WHERE id = $1 RETURNING current_version) SELECT current_version FROM u`,
        [id],
      );
      await sql.exec(
        m,
        `INSERT INTO reply_template_version (template_id, version, sections, created_by) VALUES ($1, $2, $3, $4)`,
        [id, t.current_version, JSON.stringify(sections), staff.id],
      );
    });
    return this.get(id, scope);
  }

  /**
   * A new template: a manager's or org-admin's for their organisation, the platform admin's for
   * the platform (or the organisation named). A code and language the organisation already has:
   * a field error (its template of that code replaces the platform's of the same code).
   */
  async create(staff: StaffIdentity, input: NewTemplate): Promise<ReplyTemplate> {
    const fields: Record<string, string[]> = {};
    if (!CODE.test(input.code)) fields.code = ['templatesPage.invalid.code'];
    if (input.language !== 'nl' && input.language !== 'en') fields.language = ['templatesPage.invalid.language'];
    const name = input.name.trim();
    if (!name || name.length > 120) fields.name = ['templatesPage.invalid.name'];
    if (
      input.topic &&
      !(await sql.rows<{ '?column?': number }>(this.db, `SELECT 1 FROM topic WHERE code = $1`, [input.topic])).length
    )
      fields.topic = ['validation.topic.invalid'];
    const organisationId = await this.targetOrganisation(staff, input.organisation ?? null, fields);
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    checkSections(input.sections);
    const id = await this.insert(staff, organisationId, { ...input, name }).catch((e: unknown) => {
      if (isCodeTaken(e)) throw new InputInvalidException({ code: ['templatesPage.invalid.codeTaken'] });
      throw e;
    });
    return this.get(id, { organisationId: organisationParam(staff) });
  }

  /**
   * A platform template copied into an organisation (the user's own; the platform admin names
   * one), to adapt there: from then on it replaces the platform's for that organisation's cases.
   */
  async copy(staff: StaffIdentity, id: string, organisation?: string | null): Promise<ReplyTemplate> {
    const source = await this.get(id, { organisationId: organisationParam(staff) });
    if (source.organisation !== null)
      throw new ConflictException({ code: 'template_not_platform', message: 'templatesPage.copyPlatformOnly' });
    const fields: Record<string, string[]> = {};
    const organisationId = await this.targetOrganisation(staff, organisation ?? null, fields);
    if (organisationId === null && !fields.organisation) fields.organisation = ['templatesPage.invalid.organisation'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    const copyId = await this.insert(staff, organisationId, {
      code: source.code,
      language: source.language,
      name: source.name,
      topic: source.topic,
      sections: source.sections,
    }).catch((e: unknown) => {
      if (isCodeTaken(e)) throw new ConflictException({ code: 'template_exists', message: 'templatesPage.copyExists' });
      throw e;
    });
    return this.get(copyId, { organisationId: organisationParam(staff) });
  }

  /** The active topics, in their order, for a new template's topic choice. */
  async topicCodes(): Promise<string[]> {
    const rows = await sql.rows<{ code: string }>(
      this.db,
      `SELECT code FROM topic WHERE active ORDER BY sort_order, code`,
    );
    return rows.map((r) => r.code);
  }

  async versions(
    id: string,
    scope: TemplateScope,
  ): Promise<{ version: number; createdAt: Date; createdBy: string | null }[]> {
    await this.get(id, scope);
    return sql.rows<{ version: number; createdAt: Date; createdBy: string | null }>(
      this.db,
      `SELECT v.version, v.created_at AS "createdAt", u.display_name AS "createdBy" FROM reply_template_version v
         LEFT JOIN staff_user u ON u.id = v.created_by WHERE v.template_id = $1 ORDER BY v.version DESC`,
      [id],
    );
  }

  /** The organisation a call is scoped to (null: all); a region's is its organisation's. */
  private async organisationOf(scope: TemplateScope, m: EntityManager): Promise<number | null> {
    if ('organisationId' in scope) return scope.organisationId;
    const r = await sql.one<{ organisation_id: number }>(m, `SELECT organisation_id FROM region WHERE code = $1`, [
      scope.regionCode,
    ]);
    // An unknown region sees the platform's templates only, never everything.
    return r ? r.organisation_id : -1;
  }

  /** Where a new template goes: the user's organisation; for the platform admin the one named, else the platform. */
  private async targetOrganisation(
    staff: StaffIdentity,
    code: string | null,
    fields: Record<string, string[]>,
  ): Promise<number | null> {
    if (!isAdmin(staff)) {
      // Naming another organisation is refused, not quietly turned into one's own.
      if (code && code !== staff.organisation?.code) fields.organisation = ['templatesPage.invalid.organisation'];
      return organisationParam(staff);
    }
    if (!code) return null;
    const o = await sql.one<{ id: number }>(this.db, `SELECT id FROM organisation WHERE code = $1`, [code]);
    if (!o) fields.organisation = ['templatesPage.invalid.organisation'];
    return o?.id ?? null;
  }

  private async insert(staff: StaffIdentity, organisationId: number | null, t: NewTemplate): Promise<string> {
    return this.db.transaction(async (m) => {
      const { id } = await sql.only<{ id: string }>(
        m,
        `INSERT INTO reply_template (code, language, topic_code, name, organisation_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [t.code, t.language, t.topic || null, t.name, organisationId],
      );
      await sql.exec(
        m,
        `INSERT INTO reply_template_version (template_id, version, sections, created_by) VALUES ($1, 1, $2, $3)`,
        [id, JSON.stringify(t.sections), staff.id],
      );
      return id as string;
    });
  }
}
