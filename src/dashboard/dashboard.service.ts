import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DashboardFilter, DashboardQuery, parseDashboardFilter } from './dashboard-filter';
import { FigureName, FIGURES, RESPONSE_COUNT_SQL, SAMPLE_EVERY } from './dashboard-figures';
import { Baseline, Column, formatCell, ShapedRow, shapeRows } from './dashboard-table';

/** Per sort of a dashboard query; at most a few run at once per instance. */
const WORK_MEM = '64MB';

export interface DashboardScope {
  /** Region code → id, of the regions the user may see. */
  regions: Map<string, number>;
  regionNames: Map<string, string>;
  topics: string[];
}

export interface FigureResult {
  figure: FigureName;
  filter: { from: string; to: string; region: string | null; topic: string | null; channel: string | null };
  /** True for figures of the current moment (the backlog), which ignore the period. */
  now: boolean;
  columns: Column[];
  rows: ShapedRow[];
  baselines: (Omit<Baseline, 'value'> & { value: number | string | null })[];
  /** Counts from 1 to minCount - 1 are hidden. */
  minCount: number;
  /** When the period's last day was last rolled up (null: not yet). */
  rolledUpAt: string | null;
  /** Null: percentiles are exact; n: estimated from every n-th response time (too many to sort at once). */
  percentilesSampledEvery: number | null;
}

/**
 * Manager figures, scoped to the user's regions in SQL. Reads go to DATABASE_READ_URL when it
 * is set (a replica: the figures tolerate its lag), else to the main database.
 */
@Injectable()
export class DashboardService implements OnApplicationShutdown {
  private readonly replica?: Pool;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    if (config.dashboard.readUrl) {
      this.replica = new Pool({ connectionString: config.dashboard.readUrl, max: 4, application_name: 'luister-dashboard', options: `-c work_mem=${WORK_MEM}` });
    }
  }

  /**
   * Exact percentiles sort every response time of the period: with PostgreSQL's default 4 MB
   * they spill to disk from about 100,000 values. The figure queries get WORK_MEM in memory.
   */
  private async read<T>(sql: string, params: unknown[]): Promise<T[]> {
    if (this.replica) return (await this.replica.query(sql, params)).rows as T[];
    return this.db.transaction(async (m) => {
      await m.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
      return m.query(sql, params);
    });
  }

  /** Today on the dashboard clock. */
  today(now = new Date()): string {
    return DateTime.fromJSDate(now, { zone: this.config.dashboard.timeZone }).toISODate()!;
  }

  /** The regions (code → id) and topics a user may filter by. */
  async scope(staff: StaffIdentity): Promise<DashboardScope> {
    const regions: { id: number; code: string; name: string }[] = await this.read(
      `SELECT id, code, name FROM region WHERE $1::int[] IS NULL OR id = ANY($1::int[]) ORDER BY name`,
      [isAdmin(staff) ? null : staff.regionIds],
    );
    const topics: { code: string }[] = await this.read(`SELECT code FROM topic ORDER BY sort_order, code`, []);
    return {
      regions: new Map(regions.map((r) => [r.code, r.id])),
      regionNames: new Map(regions.map((r) => [r.code, r.name])),
      topics: topics.map((t) => t.code),
    };
  }

  /** The filter of a request; pass the user's scope when the caller has it already. */
  async parseFilter(staff: StaffIdentity, q: DashboardQuery, s?: DashboardScope, now = new Date()): Promise<DashboardFilter> {
    s ??= await this.scope(staff);
    return parseDashboardFilter(q, { today: this.today(now), regions: s.regions, allRegions: isAdmin(staff), topics: new Set(s.topics) });
  }

  async figure(name: FigureName, f: DashboardFilter): Promise<FigureResult> {
    const def = FIGURES[name];
    const topic = f.topic === 'none' ? '' : f.topic;
    const all = [f.regionIds, topic, f.channel, f.from, f.to, this.config.dashboard.timeZone];
    // PostgreSQL refuses parameters a statement does not use: pass $1 up to the highest one used.
    const paramsOf = (sql: string) => all.slice(0, Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))));
    let sql = def.sql;
    let sampled: number | null = null;
    if ('sampledSql' in def && def.sampledSql) {
      const [{ n }] = await this.read<{ n: string }>(RESPONSE_COUNT_SQL, paramsOf(RESPONSE_COUNT_SQL));
      if (Number(n) > this.config.dashboard.exactPercentilesUpTo) {
        sql = def.sampledSql;
        sampled = SAMPLE_EVERY;
      }
    }
    const raw = await this.read<Record<string, unknown>>(sql, paramsOf(sql));
    const minCount = Math.max(1, this.config.dashboard.minCount);
    const [fresh] = await this.read<{ at: Date | null }>(`SELECT max(rolled_at) AS at FROM dashboard_rollup_day WHERE day BETWEEN $1::date AND $2::date`, [f.from, f.to]);
    const columns: Column[] = def.columns;
    const kindOf = (key: string) => columns.find((c) => c.key === key)?.kind ?? 'count';
    return {
      figure: name,
      filter: { from: f.from, to: f.to, region: f.region, topic: f.topic, channel: f.channel },
      now: 'now' in def && def.now === true,
      columns,
      rows: shapeRows(columns, raw, minCount, 'additivity' in def ? def.additivity : {}),
      baselines: ('baselines' in def ? def.baselines : []).map((b: Baseline) => ({ ...b, value: formatCell(kindOf(b.column), b.value) })),
      minCount,
      rolledUpAt: fresh?.at ? new Date(fresh.at).toISOString() : null,
      percentilesSampledEvery: sampled,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.replica?.end();
  }
}
