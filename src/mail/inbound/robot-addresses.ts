import type { EntityManager } from 'typeorm';
import type { MailKind } from './mail-classifier';
import * as repo from './robot-addresses.repository';

// The memory's length and its SQL condition live beside the statements on mail_robot_address.
export { ROBOT_MEMORY_DAYS, robotRecentlySql } from './robot-addresses.repository';

/**
 * Remembers the addresses behind a bounce, bulk mail or auto-reply (and the recipients a bounce
 * says failed), so the next "message" from them within 30 days is not acknowledged: an
 * out-of-office that slips through as a message, or a spoofed sender that bounces, would
 * otherwise start a loop. Written in the processing transaction; old rows are pruned here too.
 */
export async function rememberRobotAddresses(m: EntityManager, addresses: string[], kind: MailKind): Promise<void> {
  const clean = [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter((a) => /^[^@\s]+@[^@\s]+$/.test(a)))];
  if (!clean.length) return;
  await repo.upsertRobotAddresses(m, clean, kind);
  // Pruning rides along (rarely more than a few rows): no separate job needed.
  await repo.pruneRobotAddresses(m);
}

/** An address as sentRobotMailRecently compares it (null: none). */
export const robotKey = (address: string | undefined): string | null => address?.trim().toLowerCase() || null;

export async function sentRobotMailRecently(m: EntityManager, address: string | undefined): Promise<boolean> {
  if (!address) return false;
  return repo.robotMailRecently(m, address.trim().toLowerCase());
}
