import { DataSource } from 'typeorm';
import { InputInvalidException } from '../common/validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditFilterInput {
  caseId?: unknown;
  userId?: unknown;
  limit?: unknown;
  after?: unknown;
}

/** Checks the audit trail's query: a case (id or reference like L-7K3M9QX) and/or a user id. */
export async function parseAuditFilter(
  db: DataSource,
  q: AuditFilterInput,
): Promise<{ caseId?: string; userId?: string; limit: number; after?: string }> {
  const fields: Record<string, string[]> = {};
  const s = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  let caseId = s(q.caseId);
  if (caseId && !UUID.test(caseId)) {
    const [c] = await db.query(`SELECT id FROM cases WHERE case_ref = $1`, [caseId.toUpperCase()]);
    if (c) caseId = c.id;
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
  return { caseId, userId, limit, after };
}
