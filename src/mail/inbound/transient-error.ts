/**
 * Database trouble that passes (connection lost, server shutting down, serialization failure,
 * deadlock, lock timeout, resources): no fault of the mail being processed, so it is retried
 * rather than quarantined.
 */
// SQLSTATE classes/codes: 08 connection, 57P0x shutdown, 40001 serialization, 40P01 deadlock, 55P03 lock timeout, 53 resources.
const TRANSIENT_SQLSTATE = /^(08|57P0|40001|40P01|55P03|53)/;

export function isTransientDatabaseError(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } };
  const code = String(err?.driverError?.code ?? err?.code ?? '');
  return (
    TRANSIENT_SQLSTATE.test(code) ||
    /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/.test(code) ||
    /Connection terminated/i.test((e as Error)?.message ?? '')
  );
}
