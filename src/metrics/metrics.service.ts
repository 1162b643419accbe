import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { httpRequestDuration, processRegistry } from './process-metrics';
import { routeLabel } from './route-label';
import * as repo from './metrics.repository';
import type { MailboxMetricRow } from './metrics.repository';

/**
 * GET /metrics: the process counters plus gauges read from the database at scrape time (shared
 * truth across instances: every instance reports the same backlog). Each gauge is one cheap
 * query on a partial index. With the database down the scrape still answers, without these gauges
 * (/health says 503 then).
 */
@Injectable()
export class MetricsService {
  private readonly dbRegistry = new Registry();

  constructor(db: DataSource) {
    new Gauge({
      name: 'luister_open_cases',
      help: 'Cases not closed, by region and SLA state (running: due later; breached: due time passed; paused: waiting for the help-seeker; none: no target)',
      labelNames: ['region', 'sla_state'] as const,
      registers: [this.dbRegistry],
      async collect() {
        this.reset();
        const rows = await repo.openCasesByRegionAndSlaState(db);
        for (const r of rows) this.set({ region: r.region, sla_state: r.state }, r.n);
      },
    });
    new Gauge({
      name: 'luister_outbox_mails',
      help: 'Outgoing mails waiting to be sent (pending) or given up (failed)',
      labelNames: ['status'] as const,
      registers: [this.dbRegistry],
      async collect() {
        const r = await repo.outboxCounts(db);
        this.set({ status: 'pending' }, r.pending);
        this.set({ status: 'failed' }, r.failed);
      },
    });
    new Gauge({
      name: 'luister_inbound_mails',
      help: 'Inbound mails stored but not processed yet (stored) and quarantined',
      labelNames: ['status'] as const,
      registers: [this.dbRegistry],
      async collect() {
        const r = await repo.inboundMailCounts(db);
        this.set({ status: 'stored' }, r.stored);
        this.set({ status: 'quarantined' }, r.quarantined);
      },
    });
    // The organisation mailboxes (IMAP): one read per scrape serves the four gauges.
    let mailboxRead: { at: number; rows: Promise<MailboxMetricRow[]> } | undefined;
    const mailboxes = () => {
      if (!mailboxRead || Date.now() - mailboxRead.at > 1000)
        mailboxRead = { at: Date.now(), rows: repo.activeMailboxes(db) };
      return mailboxRead.rows;
    };
    const mailboxGauge = (
      name: string,
      help: string,
      value: (r: MailboxMetricRow) => number | undefined,
      extra?: (r: MailboxMetricRow) => Record<string, string> | undefined,
    ) =>
      new Gauge({
        name,
        help,
        labelNames: extra ? ['mailbox', 'error'] : ['mailbox'],
        registers: [this.dbRegistry],
        async collect() {
          this.reset();
          for (const r of await mailboxes()) {
            const v = value(r);
            const labels = extra ? extra(r) : {};
            if (v !== undefined && labels) this.set({ mailbox: r.address, ...labels }, v);
          }
        },
      });
    mailboxGauge(
      'luister_mailbox_connected',
      'An instance holds a live IMAP connection to the mailbox (1) or not (0)',
      (r) => (r.connected ? 1 : 0),
    );
    mailboxGauge(
      'luister_mailbox_last_fetch_timestamp_seconds',
      'When the mailbox was last synced successfully (Unix time)',
      (r) => r.last_fetch ?? undefined,
    );
    mailboxGauge(
      'luister_mailbox_fetched_mails',
      'Mails stored from the mailbox since it was connected',
      (r) => r.fetched,
    );
    mailboxGauge(
      'luister_mailbox_failing_seconds',
      'How long every attempt on the mailbox has failed (0 while it works)',
      (r) => r.failing ?? 0,
    );
    mailboxGauge(
      'luister_mailbox_error',
      'The last problem with the mailbox while it is failing (1), by code (docs/mailboxes.md)',
      (r) => (r.failing !== null && r.last_error ? 1 : undefined),
      (r) => (r.last_error ? { error: r.last_error } : undefined),
    );
    new Gauge({
      name: 'luister_jobs',
      help: 'Background jobs by queue and state: created/retry (queue depth), active, failed (kept by pg-boss until archived)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.dbRegistry],
      async collect() {
        this.reset();
        if (!(await repo.pgBossJobTablePresent(db))) return;
        const rows = await repo.jobsByQueueAndState(db);
        for (const r of rows) this.set({ queue: r.name, state: r.state }, r.n);
      },
    });
  }

  /** Prometheus text for both registries. */
  async render(): Promise<{ contentType: string; body: string }> {
    const parts = await Promise.all([processRegistry.metrics(), this.dbRegistry.metrics().catch(() => '')]);
    return { contentType: processRegistry.contentType, body: parts.join('\n') };
  }

  /** Times every request and labels it with the route pattern once it finished. */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = httpRequestDuration.startTimer();
      res.once('finish', () => end({ method: req.method, route: routeLabel(req), status: String(res.statusCode) }));
      next();
    };
  }
}
