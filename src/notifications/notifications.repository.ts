import type { ScanNotified } from '../cases/sla-scan';
import * as sql from '../database/sql';

/**
 * The SQL of staff notifications (docs/data-layer.md), the one writer of `notification` and
 * `notification_setting`. NotificationsService keeps validation, cursors, the ports' rules and the
 * transactions, and passes its manager (the ports' notices run in the caller's transaction).
 */

/**
 * A visible notification: its case (if any) is in one of the caller's regions and not erased, so
 * a case moved to another region's team, or erased, leaves the list with it. `$2` the regions
 * (null: admin, every region).
 */
const VISIBLE = `(n.case_id IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.id = n.case_id AND c.erased_at IS NULL
                   AND ($2::int[] IS NULL OR c.region_id = ANY($2::int[]))))`;

/**
 * The same test as a LEFT JOIN LATERAL on the case's primary key, for the list and the count: the
 * planner then walks the user's notifications in index order and looks each case up by id, instead
 * of hashing every case of the regions (bench/notifications.bench.ts: 49 → under 1 ms at 1M).
 */
const VISIBLE_JOIN = `LEFT JOIN LATERAL (SELECT c.case_ref, c.erased_at, c.region_id FROM cases c WHERE c.id = n.case_id) c ON true`;
const VISIBLE_WHERE = `(n.case_id IS NULL OR (c.erased_at IS NULL AND c.region_id IS NOT NULL AND ($2::int[] IS NULL OR c.region_id = ANY($2::int[]))))`;

export interface NotificationRow {
  id: string;
  kind: string;
  caseId: string | null;
  /** The case's short public reference (not a secret, not content), for the list. */
  caseRef: string | null;
  /** Facts only: target, due time, crisis flag, ids. */
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
  /** A task (personal contact request): when the worker marked it done; null while open. */
  doneAt: Date | null;
}

/** A row of the list with its keyset key (`created_at` as text). */
export type NotificationListRow = NotificationRow & { k: string };

/** The user's visible notifications, newest first, after the cursor (`after`: created_at text, id). */
export function visibleNotifications(
  m: sql.Db,
  staffUserId: string,
  regionIds: number[] | null,
  after: [string, string] | undefined,
  onlyUnread: boolean,
  limit: number,
): Promise<NotificationListRow[]> {
  return sql.rows<NotificationListRow>(
    m,
    `SELECT n.id::text AS id, n.kind, n.case_id AS "caseId", c.case_ref AS "caseRef", n.data, n.created_at AS "createdAt",
              n.read_at AS "readAt", n.done_at AS "doneAt", n.created_at::text AS k
         FROM notification n ${VISIBLE_JOIN}
        WHERE n.staff_user_id = $1 AND ${VISIBLE_WHERE}
          AND ($3::timestamptz IS NULL OR (n.created_at, n.id) < ($3::timestamptz, $4::bigint))
          AND (NOT $5 OR n.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id DESC LIMIT $6`,
    [staffUserId, regionIds, after?.[0] ?? null, after?.[1] ?? null, onlyUnread, limit],
  );
}

/** The user's visible unread notifications, counted up to `cap`. */
export async function countUnread(
  m: sql.Db,
  staffUserId: string,
  regionIds: number[] | null,
  cap: number,
): Promise<number> {
  const r = await sql.only<{ n: number }>(
    m,
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM notification n ${VISIBLE_JOIN}
          WHERE n.staff_user_id = $1 AND n.read_at IS NULL AND ${VISIBLE_WHERE} LIMIT $3) x`,
    [staffUserId, regionIds, cap],
  );
  return r.n;
}

/** Marks the user's own unread notifications read: every one (`all`) or those of `ids`. How many. */
export function markRead(m: sql.Db, staffUserId: string, all: boolean, ids: string[]): Promise<number> {
  return sql.count(
    m,
    `UPDATE notification SET read_at = now()
        WHERE staff_user_id = $1 AND read_at IS NULL AND ($2 OR id = ANY($3::bigint[])) RETURNING id`,
    [staffUserId, all, ids],
  );
}

/** Marks the user's own visible task of one of `kinds` done (and read); false when there is none. */
export async function markTaskDone(
  m: sql.Db,
  staffUserId: string,
  regionIds: number[] | null,
  id: string,
  kinds: string[],
): Promise<boolean> {
  const rows = await sql.rows<{ id: string }>(
    m,
    `UPDATE notification n SET done_at = COALESCE(done_at, now()), read_at = COALESCE(read_at, now())
            WHERE n.id = $3 AND n.staff_user_id = $1 AND n.kind = ANY($4::text[]) AND ${VISIBLE} RETURNING id`,
    [staffUserId, regionIds, id, kinds],
  );
  return rows.length > 0;
}

/** The user's visible open tasks of one of `kinds`, oldest first (at most 100). */
export function openTasks(
  m: sql.Db,
  staffUserId: string,
  regionIds: number[] | null,
  kinds: string[],
): Promise<NotificationRow[]> {
  return sql.rows<NotificationRow>(
    m,
    `SELECT n.id::text AS id, n.kind, n.case_id AS "caseId", c.case_ref AS "caseRef", n.data, n.created_at AS "createdAt",
              n.read_at AS "readAt", n.done_at AS "doneAt"
         FROM notification n ${VISIBLE_JOIN}
        WHERE n.staff_user_id = $1 AND ${VISIBLE_WHERE} AND n.kind = ANY($3::text[]) AND n.done_at IS NULL
        ORDER BY n.created_at, n.id LIMIT 100`,
    [staffUserId, regionIds, kinds],
  );
}

/** The user's stored SLA mail choice, if any. */
export async function slaMailChoice(m: sql.Db, staffUserId: string): Promise<string | undefined> {
  const r = await sql.one<{ sla_mail: string }>(
    m,
    `SELECT sla_mail FROM notification_setting WHERE staff_user_id = $1`,
    [staffUserId],
  );
  return r?.sla_mail;
}

/** Stores the choice; a new daily choice starts its digest from now (no digest of what was mailed before). */
export async function saveSlaMailChoice(m: sql.Db, staffUserId: string, choice: string): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO notification_setting (staff_user_id, sla_mail, digest_through) VALUES ($1, $2, now())
       ON CONFLICT (staff_user_id) DO UPDATE SET sla_mail = EXCLUDED.sla_mail, updated_at = now(),
         digest_through = CASE WHEN notification_setting.sla_mail = 'daily' THEN notification_setting.digest_through ELSE now() END`,
    [staffUserId, choice],
  );
}

/** A notification for one staff user, if active (`data` as JSON text; `at` null: now). */
export async function notifyStaffUser(
  m: sql.Db,
  staffUserId: string,
  caseId: string,
  kind: string,
  data: string,
  at: Date | null,
): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO notification (staff_user_id, case_id, kind, data, created_at)
           SELECT u.id, $2, $3, $4, COALESCE($5, now()) FROM staff_user u WHERE u.id = $1 AND u.active`,
    [staffUserId, caseId, kind, data, at],
  );
}

/** A notification for every active staff user of the region with one of `roles`, the actor aside. */
export async function notifyRegionRoles(
  m: sql.Db,
  regionId: number,
  caseId: string,
  kind: string,
  data: string,
  at: Date | null,
  roles: readonly string[],
  actorId: string | null,
): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO notification (staff_user_id, case_id, kind, data, created_at)
           SELECT DISTINCT u.id, $2::uuid, $3, $4::jsonb, COALESCE($5, now())
             FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id
            WHERE sr.region_id = $1 AND u.active AND u.role = ANY($6::text[]) AND u.id IS DISTINCT FROM $7::uuid`,
    [regionId, caseId, kind, data, at, roles, actorId],
  );
}

/** The case's unread notices of the kind (and reply, when given) are read for everyone. */
export async function settleNotices(m: sql.Db, caseId: string, kind: string, replyId: string | null): Promise<void> {
  await sql.exec(
    m,
    `UPDATE notification SET read_at = now()
        WHERE case_id = $1 AND kind = $2 AND read_at IS NULL AND ($3::text IS NULL OR data->>'replyId' = $3)`,
    [caseId, kind, replyId],
  );
}

/** The SLA scan's notices as `sla.<kind>` notifications. */
export async function insertSlaNotifications(m: sql.Db, notified: ScanNotified[]): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO notification (staff_user_id, case_id, kind, data)
       SELECT x."staffUserId", x."caseId", 'sla.' || x.kind, x.data
         FROM jsonb_to_recordset($1::jsonb) AS x("staffUserId" uuid, "caseId" uuid, kind text, data jsonb)`,
    [JSON.stringify(notified)],
  );
}

/** Of these staff users, those who get SLA mail at once (their choice, or the default). */
export async function immediateSlaMailRecipients(m: sql.Db, staffUserIds: string[]): Promise<string[]> {
  const rows = await sql.rows<{ id: string }>(
    m,
    `SELECT u.id FROM unnest($1::uuid[]) AS u(id) LEFT JOIN notification_setting s ON s.staff_user_id = u.id
        WHERE COALESCE(s.sla_mail, 'immediately') = 'immediately'`,
    [staffUserIds],
  );
  return rows.map((r) => r.id);
}

/** A digest claimed for a person: since when (null: never had one). */
export interface ClaimedDigest {
  staff_user_id: string;
  since: Date | null;
}

/**
 * Claims the daily digests due at `now`: each person's row by a conditional UPDATE
 * (`digest_through` older than the cut-off, SKIP LOCKED), so only one run sends it.
 */
export function claimDueDigests(m: sql.Db, now: Date): Promise<ClaimedDigest[]> {
  return sql.rows<ClaimedDigest>(
    m,
    `WITH due AS (
           SELECT staff_user_id, digest_through FROM notification_setting
            WHERE sla_mail = 'daily' AND (digest_through IS NULL OR digest_through <= $1::timestamptz - interval '23 hours')
            FOR UPDATE SKIP LOCKED)
         UPDATE notification_setting s SET digest_through = $1 FROM due
          WHERE s.staff_user_id = due.staff_user_id
         RETURNING s.staff_user_id, due.digest_through AS since`,
    [now],
  );
}

/** The person's SLA notifications per kind, after `since` (null: all) up to `now`. */
export function slaNotificationCounts(
  m: sql.Db,
  staffUserId: string,
  since: Date | null,
  now: Date,
): Promise<{ kind: string; n: number }[]> {
  return sql.rows<{ kind: string; n: number }>(
    m,
    `SELECT kind, count(*)::int AS n FROM notification
            WHERE staff_user_id = $1 AND kind LIKE 'sla.%' AND created_at <= $3
              AND ($2::timestamptz IS NULL OR created_at > $2) GROUP BY kind`,
    [staffUserId, since, now],
  );
}
