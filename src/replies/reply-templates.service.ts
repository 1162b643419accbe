import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { checkVariables, VariableProblem } from './reply-render';
import { ReplySections } from './reply-sections';

export interface ReplyTemplate {
  id: string;
  code: string;
  name: string;
  language: string;
  topic: string | null;
  version: number;
  sections: ReplySections;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SELECT = `SELECT t.id, t.code, t.name, t.language, t.topic_code AS topic, t.current_version AS version, v.sections
                  FROM reply_template t JOIN reply_template_version v ON v.template_id = t.id AND v.version = t.current_version`;

/** Field errors naming each offending variable, e.g. `variables.foo: ['replies.variable.unknown']`. */
export function variableErrors(problems: VariableProblem[]): InputInvalidException {
  const fields: Record<string, string[]> = {};
  for (const p of problems) fields[`variables.${p.name}`] = [`replies.variable.${p.problem}`];
  return new InputInvalidException(fields, 'template_variable');
}

/** Reply templates; managers edit them, every edit is a new version (old replies keep theirs). */
@Injectable()
export class ReplyTemplatesService {
  constructor(private readonly db: DataSource) {}

  /** Templates for a language; with a topic, that topic's template first, then the general one. */
  async list(filter: { language?: string; topic?: string }): Promise<ReplyTemplate[]> {
    return this.db.query(
      `${SELECT} WHERE t.active AND ($1::text IS NULL OR t.language = $1) AND ($2::text IS NULL OR t.topic_code = $2 OR t.topic_code IS NULL)
        ORDER BY t.language, t.topic_code IS NULL, t.topic_code, t.name`,
      [filter.language || null, filter.topic || null],
    );
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<ReplyTemplate> {
    const [row] = UUID.test(id) ? await m.query(`${SELECT} WHERE t.id = $1`, [id]) : [];
    if (!row) throw new NotFoundException({ code: 'template_not_found', message: 'errors.http404' });
    return row;
  }

  /** A new version. Unknown variables or handlebars syntax are refused here already. */
  async update(staff: StaffIdentity, id: string, sections: ReplySections): Promise<ReplyTemplate> {
    const all = { nickname: 'x', workerName: 'x', regionName: 'x', referrals: 'x', signature: 'x' };
    const problems = checkVariables(sections, all);
    if (problems.length) throw variableErrors(problems);
    await this.get(id);
    await this.db.transaction(async (m) => {
      const [t] = await m.query(
        // A CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
        `WITH u AS (UPDATE reply_template SET current_version = current_version + 1 WHERE id = $1 RETURNING current_version) SELECT current_version FROM u`,
        [id],
      );
      await m.query(
        `INSERT INTO reply_template_version (template_id, version, sections, created_by) VALUES ($1, $2, $3, $4)`,
        [id, t.current_version, JSON.stringify(sections), staff.id],
      );
    });
    return this.get(id);
  }

  async versions(id: string): Promise<{ version: number; createdAt: Date; createdBy: string | null }[]> {
    await this.get(id);
    return this.db.query(
      `SELECT v.version, v.created_at AS "createdAt", u.display_name AS "createdBy" FROM reply_template_version v
         LEFT JOIN staff_user u ON u.id = v.created_by WHERE v.template_id = $1 ORDER BY v.version DESC`,
      [id],
    );
  }
}
