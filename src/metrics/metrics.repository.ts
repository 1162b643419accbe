import * as sql from '../database/sql';

/**
 * The gauges' SQL (docs/data-layer.md), read at scrape time: each one cheap query on a partial
 * index. MetricsService turns the rows into gauges; this file only reads them.
 */

export interface MailboxMetricRow {
  address: string;
  connected: boolean;
  last_fetch: number | null;
  fetched: number;
  last_error: string | null;
  failing: number | null;
}

/** Cases not closed, counted by region and SLA state (running, breached, paused, none). */
export function openCasesByRegionAndSlaState(m: sql.Db): Promise<{ region: string; state: string; n: number }[]> {
  return sql.rows<{ region: string; state: string; n: number }>(
    m,
    `SELECT r.code AS region, s.state, count(*)::int AS n
             FROM cases c JOIN region r ON r.id = c.region_id
             CROSS JOIN LATERAL (SELECT CASE WHEN c.inbox_due_at = 'infinity' THEN CASE WHEN c.status = 'waiting' THEN 'paused' ELSE 'none' END
                                             WHEN c.inbox_due_at < now() THEN 'breached' ELSE 'running' END AS state) s
            WHERE c.status <> 'closed'
            GROUP BY 1, 2`,
  );
}

/** Outgoing mails waiting to be sent, and given up. */
export function outboxCounts(m: sql.Db): Promise<{ pending: number; failed: number }> {
  return sql.only<{ pending: number; failed: number }>(
    m,
    `SELECT (SELECT count(*)::int FROM outbox WHERE status = 'pending') AS pending, (SELECT count(*)::int FROM outbox WHERE status = 'failed') AS failed`,
  );
}

/** Inbound mails stored but not processed yet, and quarantined. */
export function inboundMailCounts(m: sql.Db): Promise<{ stored: number; quarantined: number }> {
  return sql.only<{ stored: number; quarantined: number }>(
    m,
    `SELECT (SELECT count(*)::int FROM raw_mail WHERE status = 'stored') AS stored, (SELECT count(*)::int FROM raw_mail WHERE status = 'quarantined') AS quarantined`,
  );
}

/** The active organisation mailboxes' connection, last fetch (Unix time), count and failure (seconds). */
export function activeMailboxes(m: sql.Db): Promise<MailboxMetricRow[]> {
  return sql.rows<MailboxMetricRow>(
    m,
    `SELECT address, (connected AND lease_until > now()) AS connected, extract(epoch FROM last_fetch_at)::float8 AS last_fetch,
                    fetched_count::float8 AS fetched, last_error, extract(epoch FROM now() - failing_since)::float8 AS failing
               FROM mailbox WHERE active`,
  );
}

/** Whether pg-boss has made its job table yet (it does at its first start). */
export async function pgBossJobTablePresent(m: sql.Db): Promise<boolean> {
  const { present } = await sql.only<{ present: boolean }>(
    m,
    `SELECT to_regclass('pgboss.job') IS NOT NULL AS present`,
  );
  return present;
}

/** pg-boss's jobs counted by queue and state (created, retry, active, failed). */
export function jobsByQueueAndState(m: sql.Db): Promise<{ name: string; state: string; n: number }[]> {
  return sql.rows<{ name: string; state: string; n: number }>(
    m,
    `SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY 1, 2`,
  );
}
