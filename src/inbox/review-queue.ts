/**
 * The "Te beoordelen" view (issue 17): trainee replies waiting for review in the caller's regions,
 * crisis first, then the longest waiting. Built as plain data like inbox-query.ts; its own cursor.
 */
import type { InboxScope } from './inbox-query';
import type { BuiltQuery } from './inbox-query';

export type ReviewCursor = [boolean, string, string];

export function encodeReviewCursor(c: ReviewCursor): string {
  return Buffer.from(JSON.stringify({ v: 'review', k: c }), 'utf8').toString('base64url');
}

export function decodeReviewCursor(raw: unknown): ReviewCursor | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 300) return 'invalid';
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { v?: unknown; k?: unknown };
    const k = c.k as unknown[];
    if (
      c.v === 'review' &&
      Array.isArray(k) &&
      k.length === 3 &&
      typeof k[0] === 'boolean' &&
      typeof k[1] === 'string' &&
      /^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:?\d\d)?|Z)?$/.test(k[1]) &&
      typeof k[2] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(k[2])
    )
      return k as ReviewCursor;
  } catch {
    /* below */
  }
  return 'invalid';
}

/**
 * Scope in SQL: the reply's case must be in one of the caller's regions (admins: all) and not
 * erased. Waiting replies are few (a team's trainees' day), so the plan walks them by the partial
 * index `reply_pending_case` and looks each case up by primary key (LATERAL), never hashing every
 * case of the regions (bench/notifications.bench.ts).
 */
function reviewFrom(scope: InboxScope, filter: { regionCode?: string }, p: (v: unknown) => string): string {
  const where = [`c.id = r.case_id`, `c.erased_at IS NULL`];
  if (scope.regionIds !== null) where.push(`c.region_id = ANY(${p(scope.regionIds)}::int[])`);
  if (filter.regionCode) where.push(`c.region_id = (SELECT id FROM region WHERE code = ${p(filter.regionCode)})`);
  // LIMIT 1 keeps the planner from flattening the look-up into a join over the regions' cases.
  return `reply r CROSS JOIN LATERAL (SELECT c.id, c.crisis FROM cases c WHERE ${where.join(' AND ')} LIMIT 1) c`;
}

export function buildReviewPageQuery(
  scope: InboxScope,
  filter: { regionCode?: string },
  limit: number,
  after?: ReviewCursor,
): BuiltQuery {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const from = reviewFrom(scope, filter, p);
  const keyset = after
    ? ` AND ((NOT c.crisis), r.updated_at, r.id) > (${p(after[0])}::boolean, ${p(after[1])}::timestamptz, ${p(after[2])}::uuid)`
    : '';
  const sql = `SELECT c.id, r.id AS "replyId", r.author_id AS "authorId", u.display_name AS "authorName", r.updated_at AS "submittedAt",
                      (NOT c.crisis) AS k0, r.updated_at::text AS k1, r.id::text AS k2
                 FROM ${from} JOIN staff_user u ON u.id = r.author_id
                WHERE r.status = 'pending-review'${keyset}
                ORDER BY (NOT c.crisis), r.updated_at, r.id LIMIT ${p(limit + 1)}`;
  return { sql, params };
}

/** How many replies wait, capped like the other counts. */
export function buildReviewCountQuery(scope: InboxScope, filter: { regionCode?: string }, cap: number): BuiltQuery {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const from = reviewFrom(scope, filter, p);
  return {
    sql: `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE r.status = 'pending-review' LIMIT ${p(cap)}) x`,
    params,
  };
}
