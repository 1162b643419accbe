import * as sql from '../../database/sql';

/**
 * The staff SLA mail's SQL (docs/data-layer.md): the per-person lock and the staff member a mail
 * goes to. StaffSlaMailService keeps the throttle's rule, the content and the queueing.
 */

/** A staff member a mail goes to. */
export interface StaffAddressee {
  email: string;
  name: string;
}

/** The transaction-level lock on one person's staff SLA mail: two scans notifying them take turns. */
export async function lockStaffSlaMail(m: sql.Db, staffUserId: string): Promise<void> {
  await sql.exec(m, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`outbox-staff-sla:${staffUserId}`]);
}

/** An active staff member, and whether a staff SLA mail went to them in the last `minutes`. */
export async function addresseeWithRecentMail(
  m: sql.Db,
  staffUserId: string,
  minutes: number,
): Promise<(StaffAddressee & { recent: boolean }) | undefined> {
  const rows = await sql.rows<StaffAddressee & { recent: boolean }>(
    m,
    `SELECT u.email, u.display_name AS name,
                EXISTS (SELECT 1 FROM outbox o WHERE o.staff_user_id = u.id AND o.kind = 'staff-sla'
                          AND o.created_at > clock_timestamp() - make_interval(mins => $2)) AS recent
           FROM staff_user u WHERE u.id = $1 AND u.active`,
    [staffUserId, minutes],
  );
  return rows[0];
}

/** An active staff member's address and name. */
export function activeAddressee(m: sql.Db, staffUserId: string): Promise<StaffAddressee | undefined> {
  return sql.one<StaffAddressee>(m, `SELECT email, display_name AS name FROM staff_user WHERE id = $1 AND active`, [
    staffUserId,
  ]);
}
