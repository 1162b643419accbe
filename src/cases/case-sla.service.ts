import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { Pause } from '../sla/due-time';
import { SLA_RECOMPUTE_QUEUE, type SlaRecomputeJob } from '../sla/sla-recompute';
import { type ExpectedReply, SlaService } from '../sla/sla.service';
import { recordCaseEvent } from './case-events';
import * as repo from './case-sla.repository';
import type { CaseSlaRow } from './case-sla.repository';

export interface CrisisChange {
  actorId?: string;
  reason: string;
  source: 'triage' | 'staff' | 'self-report';
}

/**
 * The case's reply targets, stored on the case: when a case is created or written to, a target
 * starts; when a reply is sent it is met or missed; waiting on the help-seeker pauses it; any
 * change of status, region, crisis flag, policy or calendar stores the due times SLA computes from
 * the facts as they are now. The cases module owns these columns and the events; SLA calculates.
 * Every method works in the caller's transaction and takes `now` from the caller (tests control
 * the clock).
 */
@Injectable()
export class CaseSlaService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly sla: SlaService,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.defineWorker<SlaRecomputeJob>(SLA_RECOMPUTE_QUEUE, { pollingIntervalSeconds: 2 }, (jobs) =>
      this.workRecompute(jobs.map((j) => j.data)),
    );
  }

  /** Works queued recompute jobs (one region each; the same region twice is done once). */
  async workRecompute(jobs: SlaRecomputeJob[]): Promise<void> {
    for (const regionId of new Set(jobs.map((j) => j.regionId))) await this.recomputeRegion(regionId);
  }

  /**
   * The help-seeker wrote again. A running target keeps its due time (writing again must not
   * push the answer later); with nothing owed, a next-reply target starts (a first-reply target
   * when the case was closed before anyone answered). A pause ends.
   */
  async onInboundMessage(m: EntityManager, caseId: string, now: Date): Promise<ExpectedReply | null> {
    const c = await this.loadCase(m, caseId);
    await this.endPause(m, c, now);
    if (c.sla_target) return this.recompute(m, caseId);
    // A reply sent is recorded by onReplySent as met or missed.
    const answered = await repo.wasAnswered(m, caseId);
    await repo.setTarget(m, caseId, answered ? 'next' : 'first', now);
    return this.recompute(m, caseId);
  }

  /** A reply went out: the running target is met or missed, and nothing is owed until they write. */
  async onReplySent(m: EntityManager, caseId: string, now: Date, actorId?: string): Promise<void> {
    const c = await this.loadCase(m, caseId);
    await this.endPause(m, c, now);
    const region = await this.sla.region(m, c.region_id);
    const v = this.sla.verdict(region, c, await this.sla.pauses(m, caseId), now);
    if (v)
      await recordCaseEvent(m, {
        caseId,
        type: v.met ? 'sla.met' : 'sla.missed',
        regionId: c.region_id,
        actorId,
        occurredAt: now,
        wallSeconds: v.wallSeconds,
        businessSeconds: v.businessSeconds,
        data: { target: c.sla_target, dueAt: v.dueAt?.toISOString() ?? null, crisis: c.crisis, wallClock: v.wallClock },
      });
    await repo.setTarget(m, caseId, null, null);
  }

  /**
   * Status changed (call after writing the new status): `waiting` opens a pause, leaving it
   * closes the pause, `closed` stops the clock without a met/missed verdict.
   */
  async onStatusChanged(
    m: EntityManager,
    caseId: string,
    from: string,
    to: string,
    now: Date,
    actorId?: string,
  ): Promise<ExpectedReply | null> {
    const c = await this.loadCase(m, caseId);
    if (from === 'waiting' && to !== 'waiting') await this.endPause(m, c, now);
    if (to === 'waiting' && from !== 'waiting' && (await this.sla.openPause(m, caseId, now)))
      await recordCaseEvent(m, { caseId, type: 'sla.paused', regionId: c.region_id, actorId, occurredAt: now });
    if (to === 'closed') {
      if (c.sla_target)
        await recordCaseEvent(m, {
          caseId,
          type: 'sla.stopped',
          regionId: c.region_id,
          actorId,
          occurredAt: now,
          data: { target: c.sla_target },
        });
      await repo.setTarget(m, caseId, null, null);
      return null;
    }
    return this.recompute(m, caseId);
  }

  /** The case moved to another region (call after writing region_id): its calendar and policy apply. */
  onRegionChanged(m: EntityManager, caseId: string): Promise<ExpectedReply | null> {
    return this.recompute(m, caseId);
  }

  /** Staff or triage set or cleared the crisis flag: the crisis policy applies or stops applying. */
  async setCrisis(m: EntityManager, caseId: string, crisis: boolean, now: Date, by: CrisisChange): Promise<void> {
    const c = await repo.setCrisisFlag(m, caseId, crisis, now);
    if (!c) return;
    await this.recordCrisisChange(m, caseId, c.region_id, crisis, now, by);
    await this.recompute(m, caseId);
  }

  /** The event of a crisis flag set at creation (the row was inserted with the flag). */
  recordCrisisSet(m: EntityManager, caseId: string, regionId: number, now: Date, by: CrisisChange): Promise<void> {
    return this.recordCrisisChange(m, caseId, regionId, true, now, by);
  }

  /** Stores the due times of the running target as the policy, calendar and pauses say now. */
  async recompute(m: EntityManager, caseId: string): Promise<ExpectedReply | null> {
    const c = await this.loadCase(m, caseId);
    const region = await this.sla.region(m, c.region_id);
    const due = this.sla.dueTimes(region, c, await this.sla.pauses(m, caseId));
    await repo.storeDueTimes(m, caseId, due);
    return due.dueAt ? { at: due.dueAt, timeZone: region.timeZone } : null;
  }

  /**
   * Recomputes every case with a running target in a region, in keyset batches with one UPDATE
   * per batch that writes only rows whose times change: what a policy or calendar change queues.
   * Returns the number of cases looked at.
   */
  async recomputeRegion(regionId: number, batchSize = 5000): Promise<number> {
    const region = await this.sla.region(this.db.manager, regionId);
    let after = '00000000-0000-0000-0000-000000000000';
    let count = 0;
    for (;;) {
      // Each batch locks its rows while it reads and writes them, so a reply, status change or
      // transfer committed meanwhile is never overwritten with due times computed before it.
      const last = await this.db.transaction(async (m) => {
        const rows = await repo.runningTargetsAfter(m, regionId, after, batchSize);
        if (!rows.length) return null;
        const pauses = await this.sla.pausesOf(
          m,
          rows.map((r) => r.id),
        );
        // Only rows whose times change are written: most changes move few due times.
        const changed: string[] = [];
        const first: (Date | null)[] = [];
        const next: (Date | null)[] = [];
        const check: (Date | null)[] = [];
        for (const r of rows) {
          const d = this.sla.dueTimes(region, r, pauses.get(r.id) ?? NO_PAUSES);
          const f = d.target === 'first' ? d.dueAt : null;
          const n = d.target === 'next' ? d.dueAt : null;
          if (same(f, r.first_reply_due_at) && same(n, r.next_reply_due_at) && same(d.warnAt, r.sla_check_at)) continue;
          changed.push(r.id);
          first.push(f);
          next.push(n);
          check.push(d.warnAt);
        }
        if (changed.length) {
          await repo.storeDueTimesOf(m, changed, first, next, check);
        }
        count += rows.length;
        return rows[rows.length - 1].id;
      });
      if (last === null) return count;
      after = last;
    }
  }

  // ---- Internals -------------------------------------------------------------------------

  private async recordCrisisChange(
    m: EntityManager,
    caseId: string,
    regionId: number,
    crisis: boolean,
    now: Date,
    by: CrisisChange,
  ): Promise<void> {
    await recordCaseEvent(m, {
      caseId,
      type: crisis ? 'case.crisis_set' : 'case.crisis_cleared',
      regionId,
      actorId: by.actorId,
      occurredAt: now,
      data: { source: by.source, reason: by.reason.slice(0, 200) },
    });
  }

  private async endPause(m: EntityManager, c: CaseSlaRow, now: Date): Promise<void> {
    if (await this.sla.endPause(m, c.id, now))
      await recordCaseEvent(m, { caseId: c.id, type: 'sla.resumed', regionId: c.region_id, occurredAt: now });
  }

  private async loadCase(m: EntityManager, caseId: string): Promise<CaseSlaRow> {
    const c = await repo.caseSlaRow(m, caseId);
    if (!c) throw new Error(`Unknown case ${caseId}`);
    return c;
  }
}

const NO_PAUSES: Pause[] = [];

function same(a: Date | null, b: Date | null): boolean {
  return a === null ? b === null : b !== null && a.getTime() === b.getTime();
}
