import type { Client, Pool } from 'pg';

interface PoolInternals {
  _clients?: Client[];
}

interface ClientInternals {
  connection?: { stream?: { destroyed?: boolean } };
}

/**
 * `pool.end()` resolves once the pool has let go of its clients, not once their connections are
 * closed: each client has only been sent off with a Terminate message. A database stopped right
 * after that (our embedded one on shutdown, or a test's) can still reach those backends, which
 * then answer "terminating connection due to administrator command" to a client that nobody
 * listens to any more but the pool's idle handler, and the error is reported as if it mattered.
 * This ends the pool and waits (at most `timeoutMs`) until every connection is really closed.
 */
export async function endPoolAndWait(pool: Pool, timeoutMs = 5000): Promise<void> {
  const closed = connectionsClosed(pool);
  if (!pool.ended && !pool.ending) await pool.end();
  await closed(timeoutMs);
}

/**
 * For a pool that someone else ends (TypeORM's, in `dataSource.destroy()`): call before the end,
 * await the returned function after it.
 */
export function connectionsClosed(pool: Pool | undefined): (timeoutMs?: number) => Promise<void> {
  const clients = [...((pool as unknown as PoolInternals | undefined)?._clients ?? [])];
  const closed = Promise.all(clients.map((c) => untilClosed(c)));
  return async (timeoutMs = 5000) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()))]);
    clearTimeout(timer);
  };
}

/** TypeORM's pool of a PostgreSQL DataSource (undefined before initialize / after destroy). */
export function poolOf(dataSource: { driver: unknown }): Pool | undefined {
  return (dataSource.driver as { master?: Pool }).master;
}

function untilClosed(client: Client): Promise<void> {
  const stream = (client as unknown as ClientInternals).connection?.stream;
  if (!stream || stream.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    client.once('end', () => resolve());
    // A client that errors on the way out emits 'error' and then 'end'; keep the error quiet here.
    client.on('error', () => undefined);
  });
}
