import { DataSource } from 'typeorm';
import * as repo from './dashboard-rollup.repository';

/** Every table the roll-up job writes (and nothing else does): derived data, rebuilt per day. */
export const ROLLUP_TABLES = [
  'dashboard_daily',
  'dashboard_daily_all',
  'dashboard_region_daily',
  'dashboard_response',
  'dashboard_worker_daily',
  'dashboard_worker_weekly',
  'dashboard_rollup_day',
] as const;

/**
 * A day stays open for rebuilding until this long after its end: evaluations can be edited for
 * 24 hours after they were submitted, and late commits need a margin.
 */
const SETTLE_HOURS = 25;

export interface RollUpResult {
  days: string[];
  milliseconds: number;
}

/**
 * The dashboards' daily roll-ups. A run rebuilds every day that has not settled (today,
 * yesterday, anything never rolled up); settled days are final, so a history of years costs
 * nothing after the first run. Two runners take the same per-day lock and compute the same rows.
 */
export class DashboardRollup {
  constructor(
    private readonly db: DataSource,
    private readonly timeZone: string,
  ) {}

  async openDays(now: Date): Promise<string[]> {
    return repo.openDays(this.db, now, this.timeZone, SETTLE_HOURS);
  }

  /** Rebuilds one day (YYYY-MM-DD on the dashboard clock). */
  async rollUpDay(day: string): Promise<void> {
    await this.db.transaction(async (m) => {
      // The day's lock and its week's: the week's row adds up all of its days.
      await repo.lockDayAndWeek(m, day);
      await repo.rebuildDayFacts(m, day, this.timeZone);
      await repo.rebuildDayAllRegions(m, day);
      // Derived from the rows just built above, so they always add up to the same numbers.
      await repo.rebuildDayPerRegion(m, day);
      await repo.rebuildWorkerWeek(m, day);
    });
  }

  /** Rebuilds every open day, oldest first. */
  async run(now: Date = new Date()): Promise<RollUpResult> {
    const started = Date.now();
    const days = await this.openDays(now);
    for (const day of days) await this.rollUpDay(day);
    return { days, milliseconds: Date.now() - started };
  }

  /** Rebuilds the given period whatever its state (after a correction, or for a benchmark). */
  async rebuild(from: string, to: string): Promise<RollUpResult> {
    const started = Date.now();
    const days = await repo.daysBetween(this.db, from, to);
    for (const day of days) await this.rollUpDay(day);
    return { days, milliseconds: Date.now() - started };
  }
}
