/**
 * The inbox's SQL, built as plain data so the scoping and the keyset are visible and testable.
 *
 * Every view is scoped to the user's regions inside the query. Region views run one index scan
 * per region (a LATERAL subquery on the view's partial index, in index order, LIMIT n) and merge
 * the few rows: a worker of two regions never sorts the regions' whole backlogs ("mine" the same,
 * on the index of (assignee, region)). Order: crisis first, then due time (`inbox_due_at`: the reply due time,
 * 'infinity' while none is set), then oldest first; closed cases newest first.
 */

export const VIEWS = ['unassigned', 'mine', 'waiting', 'open', 'closed', 'absent'] as const;
export type InboxView = (typeof VIEWS)[number];
export const CHANNELS = ['web', 'email'] as const;

export interface InboxFilter {
  regionCode?: string;
  topic?: string;
  channel?: string;
  /** Assigned worker's id. */
  worker?: string;
}

export interface InboxScope {
  userId: string;
  /** null: every region (admins). */
  regionIds: number[] | null;
}

/** Sort key of the last row shown; timestamps kept as PostgreSQL text so no microsecond is lost. */
export type Cursor = { v: InboxView; k: [boolean, string, string, string] } | { v: 'closed'; k: [string, string] };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

export function decodeCursor(raw: unknown, view: InboxView): Cursor | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 400) return 'invalid';
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    const ts = (s: unknown) =>
      typeof s === 'string' && /^(infinity|\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:?\d\d)?|Z)?)$/.test(s);
    const uuid = (s: unknown) => typeof s === 'string' && /^[0-9a-f-]{36}$/i.test(s);
    if (c.v !== view || !Array.isArray(c.k)) return 'invalid';
    if (view === 'closed') return c.k.length === 2 && ts(c.k[0]) && uuid(c.k[1]) ? c : 'invalid';
    const [notCrisis, due, created, id] = c.k as unknown[];
    return c.k.length === 4 && typeof notCrisis === 'boolean' && ts(due) && ts(created) && uuid(id) ? c : 'invalid';
  } catch {
    return 'invalid';
  }
}

const VIEW_PREDICATE: Record<Exclude<InboxView, 'mine'>, string> = {
  // Word for word the partial indexes' predicates (migration 1732450100000), so the planner uses them.
  unassigned: `c.status <> 'closed' AND c.assigned_to IS NULL`,
  waiting: `c.status = 'waiting'`,
  open: `c.status <> 'closed'`,
  closed: `c.status = 'closed'`,
  // "Collega afwezig": open cases of colleagues away right now (staff_absence, issue 17 item 4);
  // the array is computed once per statement, and the absence ends by itself at its end time.
  absent: `c.status <> 'closed' AND c.assigned_to = ANY(ARRAY(SELECT a.staff_user_id FROM staff_absence a WHERE a.starts_at <= now() AND a.ends_at > now()))`,
};

const ORDER = `(NOT c.crisis), c.inbox_due_at, c.created_at, c.id`;
const CLOSED_ORDER = `c.updated_at DESC, c.id DESC`;

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

/** The ids and sort keys of one page (limit + 1 rows, to know whether there is a next page). */
export function buildInboxPageQuery(
  view: InboxView,
  scope: InboxScope,
  filter: InboxFilter,
  limit: number,
  after?: Cursor,
): BuiltQuery {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Erased cases (privacy) leave every view.
  const filters: string[] = ['c.erased_at IS NULL'];
  if (filter.topic) filters.push(`c.topic_code = ${p(filter.topic)}`);
  if (filter.channel) filters.push(`c.channel = ${p(filter.channel)}`);
  if (filter.worker) filters.push(`c.assigned_to = ${p(filter.worker)}::uuid`);
  let keyset = '';
  if (after && view === 'closed')
    keyset = `(c.updated_at, c.id) < (${p(after.k[0])}::timestamptz, ${p(after.k[1])}::uuid)`;
  else if (after) {
    const k = after.k as [boolean, string, string, string];
    keyset = `(${ORDER}) > (${p(k[0])}::boolean, ${p(k[1])}::timestamptz, ${p(k[2])}::timestamptz, ${p(k[3])}::uuid)`;
  }
  if (keyset) filters.push(keyset);
  const regions = regionScope(scope, filter, p);
  const lim = p(limit + 1);
  const keys =
    view === 'closed'
      ? `c.updated_at::text AS k1, c.id::text AS k2`
      : `(NOT c.crisis) AS k0, c.inbox_due_at::text AS k1, c.created_at::text AS k2, c.id::text AS k3`;
  const outerOrder =
    view === 'closed' ? `p.updated_at DESC, p.id DESC` : `(NOT p.crisis), p.inbox_due_at, p.created_at, p.id`;
  const and = (xs: string[]) => xs.map((x) => ` AND ${x}`).join('');

  const predicate =
    view === 'mine' ? `c.assigned_to = ${p(scope.userId)}::uuid AND c.status <> 'closed'` : VIEW_PREDICATE[view];
  const sql = `SELECT p.* FROM (${regions}) r(id)
         CROSS JOIN LATERAL (
           SELECT c.id, c.crisis, c.inbox_due_at, c.created_at, c.updated_at, ${keys}
             FROM cases c
            WHERE c.region_id = r.id AND ${predicate}${and(filters)}
            ORDER BY ${view === 'closed' ? CLOSED_ORDER : ORDER} LIMIT ${lim}
         ) p
         ORDER BY ${outerOrder} LIMIT ${lim}`;
  return { sql, params };
}

/** The region ids a user may see, narrowed by the region filter: a sub-select, never a list from memory. */
function regionScope(scope: InboxScope, filter: InboxFilter, p: (v: unknown) => string): string {
  const where: string[] = [];
  if (scope.regionIds !== null) where.push(`id = ANY(${p(scope.regionIds)}::int[])`);
  if (filter.regionCode) where.push(`code = ${p(filter.regionCode)}`);
  return `SELECT id FROM region${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
}

/** Counts per view, each capped (an index walk stops at the cap) so a large closed pile stays cheap. */
export function buildInboxCountsQuery(scope: InboxScope, filter: InboxFilter, cap: number): BuiltQuery {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Erased cases (privacy) leave every view.
  const filters: string[] = ['c.erased_at IS NULL'];
  if (filter.topic) filters.push(`c.topic_code = ${p(filter.topic)}`);
  if (filter.channel) filters.push(`c.channel = ${p(filter.channel)}`);
  if (filter.worker) filters.push(`c.assigned_to = ${p(filter.worker)}::uuid`);
  const regions = regionScope(scope, filter, p);
  const capP = p(cap);
  const me = p(scope.userId);
  const extra = filters.map((f) => ` AND ${f}`).join('');
  const count = (pred: string) =>
    `(SELECT count(*)::int FROM (SELECT 1 FROM cases c WHERE c.region_id IN (${regions}) AND ${pred}${extra} LIMIT ${capP}) x)`;
  const sql = `SELECT ${count(VIEW_PREDICATE.unassigned)} AS unassigned,
                      ${count(`c.assigned_to = ${me}::uuid AND c.status <> 'closed'`)} AS mine,
                      ${count(VIEW_PREDICATE.waiting)} AS waiting,
                      ${count(VIEW_PREDICATE.open)} AS open,
                      ${count(VIEW_PREDICATE.closed)} AS closed,
                      ${count(VIEW_PREDICATE.absent)} AS absent`;
  return { sql, params };
}

/**
 * What needs doing now, for the top of the inbox: crisis cases and new questions nobody has
 * taken, my cases that wait for my answer, and cases past their reply time. Scoped like the
 * views, each count capped.
 */
export function buildAttentionQuery(scope: InboxScope, cap: number): BuiltQuery {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const regions = regionScope(scope, {} as InboxFilter, p);
  const capP = p(cap);
  const me = p(scope.userId);
  const count = (pred: string) =>
    `(SELECT count(*)::int FROM (SELECT 1 FROM cases c WHERE c.region_id IN (${regions}) AND c.erased_at IS NULL AND ${pred} LIMIT ${capP}) x)`;
  const sql = `SELECT ${count(`${VIEW_PREDICATE.unassigned} AND c.crisis`)} AS "crisisUnassigned",
                      ${count(VIEW_PREDICATE.unassigned)} AS unassigned,
                      ${count(`c.assigned_to = ${me}::uuid AND c.status IN ('new', 'open')`)} AS "mineToAnswer",
                      ${count(`${VIEW_PREDICATE.open} AND c.status <> 'waiting' AND c.inbox_due_at < now()`)} AS overdue`;
  return { sql, params };
}
