import { isDatabaseUnavailable } from '../../common/database-errors';

/**
 * Database trouble that passes: the database away (isDatabaseUnavailable: connection lost, server
 * shutting down, a runner released by a connection error, …) or a conflict that a retry resolves
 * (serialization failure, deadlock, lock timeout, resources). No fault of the mail being
 * processed, so it is retried rather than quarantined.
 */
// SQLSTATE codes/classes: 40001 serialization, 40P01 deadlock, 55P03 lock timeout, 53 resources.
const RETRYABLE_SQLSTATE = /^(40001|40P01|55P03|53)/;

export function isTransientDatabaseError(e: unknown): boolean {
  if (isDatabaseUnavailable(e)) return true;
  const err = e as { code?: unknown; driverError?: { code?: unknown } };
  return RETRYABLE_SQLSTATE.test(String(err?.driverError?.code ?? err?.code ?? ''));
}
