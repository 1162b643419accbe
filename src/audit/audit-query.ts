import { NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InputInvalidException } from '../common/validation';
import * as repo from './audit.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditFilterInput {
  caseId?: unknown;
  userId?: unknown;
  limit?: unknown;
  after?: unknown;
}

/**
 * Checks the audit trail's query: a case (id or reference like L-7K3M9QX) and/or a user id.
 * `scope` (organisationParam; null: the platform admin): a case or user the organisation's trail
 * knows nothing of is another organisation's, and answers 404 like any other of its things.
 */
export async function parseAuditFilter(
  db: DataSource,
  q: AuditFilterInput,
  scope: number | null = null,
): Promise<{ caseId?: string; userId?: string; limit: number; after?: string }> {
  const fields: Record<string, string[]> = {};
  const s = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  let caseId = s(q.caseId);
  if (caseId && !UUID.test(caseId)) {
    const id = await repo.caseIdByRef(db, caseId.toUpperCase());
    if (id) caseId = id;
    // For an org-admin an unknown reference looks like another organisation's: no hint that it exists.
    else if (scope !== null) throw new NotFoundException();
    else fields.caseId = ['audit.invalid.case'];
  }
  const userId = s(q.userId);
  if (userId && !UUID.test(userId)) fields.userId = ['audit.invalid.user'];
  const limit = s(q.limit) === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) fields.limit = ['audit.invalid.limit'];
  const after = s(q.after);
  if (after && !/^\d{1,18}$/.test(after)) fields.after = ['audit.invalid.after'];
  if (!caseId && !userId && !fields.caseId && !fields.userId) fields.caseId = ['audit.invalid.caseOrUser'];
  if (Object.keys(fields).length) throw new InputInvalidException(fields);
  if (scope !== null) {
    // A case is the organisation's while it is in one of its regions, and stays in its trail
    // afterwards (transferred away, erased): its own rows about the case say so.
    if (caseId) {
      if (!(await repo.caseInTrailOf(db, caseId, scope))) throw new NotFoundException();
    }
    if (userId) {
      if (!(await repo.staffOfOrganisation(db, userId, scope))) throw new NotFoundException();
    }
  }
  return { caseId, userId, limit, after };
}
