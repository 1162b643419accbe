/**
 * Recognises errors that mean "the database is not reachable right now" (as opposed to a bad
 * query or a bug): the server going down, a refused or reset connection, a pool timing out while
 * connecting. These become 503 on the web and 451 in SMTP, and are retried later.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08007',
]);

const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i,
  /connection terminated unexpectedly/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /terminating connection due to/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Connection terminated due to connection timeout/i,
  // pg's query_timeout: the server holds the connection but answers nothing (frozen, hung).
  /^Query read timeout$/,
];

interface MaybeDbError {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/**
 * TypeORM releases a query runner by itself when its connection reports an error (the server
 * went away mid-transaction); the transaction's next statement then fails with one of these
 * (sql.ts's check, TypeORM's own query or COMMIT) instead of the connection error. Using a
 * runner after its transaction ended would raise them too, but nothing here keeps a
 * transaction's manager past its callback.
 */
const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 3) return false;
  if (RELEASED_RUNNER.has(String((e as { name?: unknown }).name))) return true;
  const err = e as MaybeDbError;
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || UNAVAILABLE_NODE_CODES.has(code)))
    return true;
  const message = typeof err.message === 'string' ? err.message : '';
  if (UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
  // TypeORM's QueryFailedError keeps the pg error as driverError.
  return isDatabaseUnavailable(err.driverError, depth + 1) || isDatabaseUnavailable(err.cause, depth + 1);
}

/**
 * What may be logged about an error that came from (or near) the database: its type, SQLSTATE or
 * system code, and a message only when it is one of the known connection-level ones (those name no
 * data). Other messages can quote values ("invalid input syntax … "<value>"), so they are left out.
 */
export function dbErrorSummary(e: unknown): { type: string; code?: string; message?: string } {
  const err = (e && typeof e === 'object' ? e : {}) as MaybeDbError & { name?: unknown; constructor?: unknown };
  const type =
    typeof err.name === 'string' && err.name !== 'error'
      ? err.name
      : typeof (err.constructor as { name?: unknown } | undefined)?.name === 'string'
        ? String((err.constructor as { name: string }).name)
        : typeof e;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const message = typeof err.message === 'string' ? err.message : '';
  const known = UNAVAILABLE_MESSAGES.some((re) => re.test(message));
  return { type, ...(code ? { code } : {}), ...(known ? { message: message.slice(0, 200) } : {}) };
}
