import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { isAdmin, organisationParam, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { checkVariables, VariableProblem } from './reply-render';
import { ReplySections } from './reply-sections';
import * as repo from './reply-templates.repository';
import type { ReplyTemplate } from './reply-templates.repository';

export type { ReplyTemplate };

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
    const rows = await repo.activeTemplates(m, filter.language || null, filter.topic || null, org);
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
    const rows = await repo.manageableTemplates(this.db, org);
    return rows.map((t) => ({ ...t, editable: this.mayEdit(staff, t) }));
  }

  /** One template in the scope (the current version); another organisation's: 404. */
  async get(id: string, scope: TemplateScope, m: EntityManager = this.db.manager): Promise<ReplyTemplate> {
    if (!UUID.test(id)) throw notFound();
    const org = await this.organisationOf(scope, m);
    const row = await repo.visibleTemplate(m, id, org);
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
    await this.db.transaction((m) => repo.addTemplateVersion(m, id, sections, staff.id));
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
    if (input.topic && !(await repo.topicExists(this.db, input.topic))) fields.topic = ['validation.topic.invalid'];
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
    return repo.activeTopicCodes(this.db);
  }

  async versions(
    id: string,
    scope: TemplateScope,
  ): Promise<{ version: number; createdAt: Date; createdBy: string | null }[]> {
    await this.get(id, scope);
    return repo.templateVersions(this.db, id);
  }

  /** The organisation a call is scoped to (null: all); a region's is its organisation's. */
  private async organisationOf(scope: TemplateScope, m: EntityManager): Promise<number | null> {
    if ('organisationId' in scope) return scope.organisationId;
    const organisationId = await repo.organisationOfRegion(m, scope.regionCode);
    // An unknown region sees the platform's templates only, never everything.
    return organisationId ?? -1;
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
    const id = await repo.organisationIdByCode(this.db, code);
    if (id === undefined) fields.organisation = ['templatesPage.invalid.organisation'];
    return id ?? null;
  }

  private async insert(staff: StaffIdentity, organisationId: number | null, t: NewTemplate): Promise<string> {
    return this.db.transaction((m) => repo.insertTemplate(m, t, organisationId, staff.id));
  }
}
