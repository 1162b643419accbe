import type { EntityManager } from 'typeorm';
import * as sql from '../../database/sql';
import type { MailKind } from './mail-classifier';

/** How long an address that sent us machine mail gets no acknowledgement. */
export const ROBOT_MEMORY_DAYS = 30;

/**
 * Remembers the addresses behind a bounce, bulk mail or auto-reply (and the recipients a bounce
 * says failed), so the next "message" from them within 30 days is not acknowledged: an
 * out-of-office that slips through as a message, or a spoofed sender that bounces, would
 * otherwise start a loop. Written in the processing transaction; old rows are pruned here too.
 */
export async function rememberRobotAddresses(m: EntityManager, addresses: string[], kind: MailKind): Promise<void> {
  const clean = [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter((a) => /^[^@\s]+@[^@\s]+$/.test(a)))];
  if (!clean.length) return;
  await sql.exec(
    m,
    `INSERT INTO mail_robot_address (address, kind, last_seen_at) SELECT a, $2, now() FROM unnest($1::text[]) a
       ON CONFLICT (address) DO UPDATE SET kind = EXCLUDED.kind, last_seen_at = now()`,
    [clean, kind],
  );
  // Pruning rides along (rarely more than a few rows): no separate job needed.
  await sql.exec(
    m,
    `DELETE FROM mail_robot_address WHERE last_seen_at < now() - make_interval(days => $1) AND ctid IN
       (SELECT ctid FROM mail_robot_address WHERE last_seen_at < now() - make_interval(days => $1) LIMIT 100)`,
    [ROBOT_MEMORY_DAYS],
  );
}

/** The SQL condition of sentRobotMailRecently, to ride along in a statement of the caller's: the address (lower case) as `param`. */
export function robotRecentlySql(param: string): string {
  return `EXISTS (SELECT 1 FROM mail_robot_address WHERE address = ${param} AND last_seen_at > now() - make_interval(days => ${ROBOT_MEMORY_DAYS}))`;
}

/** An address as sentRobotMailRecently compares it (null: none). */
export const robotKey = (address: string | undefined): string | null => address?.trim().toLowerCase() || null;

export async function sentRobotMailRecently(m: EntityManager, address: string | undefined): Promise<boolean> {
  if (!address) return false;
  const rows = await sql.rows<{ '?column?': number }>(
    m,
    `SELECT 1 FROM mail_robot_address WHERE address = $1 AND last_seen_at > now() - make_interval(days => $2)`,
    [address.trim().toLowerCase(), ROBOT_MEMORY_DAYS],
  );
  return rows.length > 0;
}
