import * as sql from '../../database/sql';
import type { MailKind } from './mail-classifier';

/**
 * The SQL of mail_robot_address (docs/data-layer.md): the addresses that sent us machine mail,
 * and the condition "sent machine mail lately" that other statements take along. robot-addresses.ts
 * keeps which addresses are remembered and when the pruning runs.
 */

/** How long an address that sent us machine mail gets no acknowledgement. */
export const ROBOT_MEMORY_DAYS = 30;

/** The addresses (clean, lower case), seen now as `kind`. */
export async function upsertRobotAddresses(m: sql.Db, addresses: string[], kind: MailKind): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO mail_robot_address (address, kind, last_seen_at) SELECT a, $2, now() FROM unnest($1::text[]) a
       ON CONFLICT (address) DO UPDATE SET kind = EXCLUDED.kind, last_seen_at = now()`,
    [addresses, kind],
  );
}

/** Up to 100 addresses not seen for ROBOT_MEMORY_DAYS, deleted. */
export async function pruneRobotAddresses(m: sql.Db): Promise<void> {
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

/** Whether the address (lower case) sent us machine mail in the last ROBOT_MEMORY_DAYS. */
export async function robotMailRecently(m: sql.Db, address: string): Promise<boolean> {
  const rows = await sql.rows<{ '?column?': number }>(
    m,
    `SELECT 1 FROM mail_robot_address WHERE address = $1 AND last_seen_at > now() - make_interval(days => $2)`,
    [address, ROBOT_MEMORY_DAYS],
  );
  return rows.length > 0;
}
