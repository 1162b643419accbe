import * as sql from '../database/sql';
import {
  buildAttentionQuery,
  buildInboxCountsQuery,
  buildInboxPageQuery,
  Cursor,
  InboxFilter,
  InboxScope,
  InboxView,
} from './inbox-query';
import { buildReviewCountQuery, buildReviewPageQuery, ReviewCursor } from './review-queue';

/**
 * The inbox's SQL (docs/data-layer.md, plans in docs/inbox-plan.md): the page and count statements
 * that inbox-query.ts and review-queue.ts build, and the display rows of a page. InboxService keeps
 * the parsing, the roles and the cursors; this file only runs the statements.
 */

export interface InboxRow {
  id: string;
  caseRef: string;
  status: string;
  channel: string;
  topic: string | null;
  regionCode: string;
  regionName: string;
  /** The region's zone: the row's dates are shown in it. */
  timeZone: string;
  assignedTo: string | null;
  assignedToName: string | null;
  crisis: boolean;
  firstReplyDueAt: Date | null;
  nextReplyDueAt: Date | null;
  createdAt: Date;
  lastMessageAt: Date;
  /** Something happened since this user last opened the case (or they never did). */
  unread: boolean;
  /** Someone else holds the soft lock: "… is writing a reply". */
  writingName: string | null;
  /** The review view only: the trainee reply waiting, its author and since when. */
  review?: { replyId: string; authorId: string; authorName: string; submittedAt: Date };
}

/** A page's case id and sort keys (k0/k3 absent for the closed view). */
export interface InboxPageKey {
  id: string;
  k0?: boolean;
  k1: string;
  k2: string;
  k3?: string;
}

/** A review page's case id, the reply waiting and its sort keys. */
export interface ReviewPageKey {
  id: string;
  replyId: string;
  authorId: string;
  authorName: string;
  submittedAt: Date;
  k0: boolean;
  k1: string;
  k2: string;
}

export interface AttentionCounts {
  crisisUnassigned: number;
  unassigned: number;
  mineToAnswer: number;
  overdue: number;
}

/** The ids and sort keys of one page of a view (limit + 1 rows, to know whether there is a next page). */
export function inboxPageKeys(
  m: sql.Db,
  view: InboxView,
  scope: InboxScope,
  filter: InboxFilter,
  limit: number,
  after?: Cursor,
): Promise<InboxPageKey[]> {
  const built = buildInboxPageQuery(view, scope, filter, limit, after);
  return sql.rows<InboxPageKey>(m, built.sql, built.params);
}

/** The count of every view, each capped at `cap`. */
export function inboxCounts(
  m: sql.Db,
  scope: InboxScope,
  filter: InboxFilter,
  cap: number,
): Promise<Record<InboxView, number>> {
  const built = buildInboxCountsQuery(scope, filter, cap);
  return sql.only<Record<InboxView, number>>(m, built.sql, built.params);
}

/** The trainee replies waiting for review in the scope, capped at `cap`. */
export async function reviewCount(m: sql.Db, scope: InboxScope, filter: InboxFilter, cap: number): Promise<number> {
  const built = buildReviewCountQuery(scope, filter, cap);
  return (await sql.only<{ n: number }>(m, built.sql, built.params)).n;
}

/** One page of the review view: one row per waiting reply (limit + 1 rows). */
export function reviewPageKeys(
  m: sql.Db,
  scope: InboxScope,
  filter: InboxFilter,
  limit: number,
  after?: ReviewCursor,
): Promise<ReviewPageKey[]> {
  const built = buildReviewPageQuery(scope, filter, limit, after);
  return sql.rows<ReviewPageKey>(m, built.sql, built.params);
}

/** The counts at the top of the inbox, each capped at `cap`. */
export function attentionCounts(m: sql.Db, scope: InboxScope, cap: number): Promise<AttentionCounts> {
  const built = buildAttentionQuery(scope, cap);
  return sql.only<AttentionCounts>(m, built.sql, built.params);
}

/** Display fields of the page's cases, in page order, as `userId` sees them. Never message text. */
export function inboxRows(m: sql.Db, userId: string, ids: string[]): Promise<InboxRow[]> {
  return sql.rows<InboxRow>(
    m,
    `SELECT c.id, c.case_ref AS "caseRef", c.status, c.channel, c.topic_code AS topic, r.code AS "regionCode", r.name AS "regionName",
              r.time_zone AS "timeZone", c.assigned_to AS "assignedTo", u.display_name AS "assignedToName", c.crisis,
              c.first_reply_due_at AS "firstReplyDueAt", c.next_reply_due_at AS "nextReplyDueAt",
              c.created_at AS "createdAt", c.last_message_at AS "lastMessageAt",
              (cr.read_at IS NULL OR cr.read_at < c.last_message_at) AS unread,
              lu.display_name AS "writingName"
         FROM unnest($1::uuid[]) WITH ORDINALITY AS page(id, n)
         JOIN cases c ON c.id = page.id
         JOIN region r ON r.id = c.region_id
         LEFT JOIN staff_user u ON u.id = c.assigned_to
         LEFT JOIN case_read cr ON cr.case_id = c.id AND cr.staff_user_id = $2
         LEFT JOIN case_lock cl ON cl.case_id = c.id AND cl.expires_at > now() AND cl.staff_user_id <> $2
         LEFT JOIN staff_user lu ON lu.id = cl.staff_user_id
        ORDER BY page.n`,
    [ids, userId],
  );
}

/** Active staff of the regions (null: every region), by name. */
export function activeWorkersOf(m: sql.Db, regionIds: number[] | null): Promise<{ id: string; displayName: string }[]> {
  return sql.rows<{ id: string; displayName: string }>(
    m,
    `SELECT DISTINCT u.id, u.display_name AS "displayName" FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id
        WHERE u.active AND ($1::int[] IS NULL OR sr.region_id = ANY($1::int[])) ORDER BY "displayName"`,
    [regionIds],
  );
}

/** The regions with these ids (null: every region), by name. */
export function regionsOf(m: sql.Db, regionIds: number[] | null): Promise<{ code: string; name: string }[]> {
  return sql.rows<{ code: string; name: string }>(
    m,
    `SELECT code, name FROM region WHERE $1::int[] IS NULL OR id = ANY($1::int[]) ORDER BY name`,
    [regionIds],
  );
}

export function allRegions(m: sql.Db): Promise<{ code: string; name: string }[]> {
  return sql.rows<{ code: string; name: string }>(m, `SELECT code, name FROM region ORDER BY name`);
}

/** Codes of the active topics, in their sort order. */
export async function activeTopicCodes(m: sql.Db): Promise<string[]> {
  return (await sql.rows<{ code: string }>(m, `SELECT code FROM topic WHERE active ORDER BY sort_order, code`)).map(
    (r) => r.code,
  );
}
