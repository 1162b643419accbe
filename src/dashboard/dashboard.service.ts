import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { isAdmin, organisationParam, organisationScopeSql, StaffIdentity } from '../auth/staff-identity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DashboardFilter, DashboardQuery, parseDashboardFilter } from './dashboard-filter';
import { FigureName, FIGURES, RESPONSE_COUNT_SQL, SAMPLE_EVERY } from './dashboard-figures';
import { Baseline, Column, formatCell, ShapedRow, shapeRows } from './dashboard-table';
import { Read, readSession } from './dashboard.repository';

/** Per sort of a dashboard query; at most a few run at once per instance. */
const WORK_MEM = '64MB';

export interface DashboardScope {
  /** Region code → id, of the regions the user may see. */
  regions: Map<string, number>;
  regionNames: Map<string, string>;
  /** Organisation code → name and region ids, of the organisations the user may see. */
  organisations: Map<string, { name: string; regionIds: number[] }>;
  topics: string[];
}

export interface FigureResult {
  figure: FigureName;
  filter: {
    from: string;
    to: string;
    region: string | null;
    organisation?: string | null;
    topic: string | null;
    channel: string | null;
  };
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
      this.replica = new Pool({
        connectionString: config.dashboard.readUrl,
        max: 4,
        application_name: 'luister-dashboard',
        options: `-c work_mem=${WORK_MEM}`,
      });
      // An idle connection lost (the replica restarted) must not become an uncaught 'error' event:
      // the pool drops it and opens a new one for the next read.
      this.replica.on('error', () => undefined);
    }
  }

  /**
   * One read session for a request's queries: a replica connection, or one transaction on the main
   * database. A page's ten figures run one after another on it, so a dashboard holds one pooled
   * connection, not ten, while help-seekers' questions need the pool. Exact percentiles sort every
   * response time of the period: with PostgreSQL's default 4 MB they spill to disk from about
   * 100,000 values, so the session's sorts get WORK_MEM in memory.
   */
  private async reading<T>(work: (read: Read) => Promise<T>): Promise<T> {
    if (this.replica) {
      const client = await this.replica.connect();
      try {
        // The replica is another server, reached through its own pool (docs/data-layer.md).
        // eslint-disable-next-line no-restricted-syntax
        return await work(async (text, params) => (await client.query(text, params)).rows);
      } finally {
        client.release();
      }
    }
    return this.db.transaction(async (m) => work(await readSession(m, WORK_MEM)));
  }

  /** Today on the dashboard clock. */
  today(now = new Date()): string {
    return DateTime.fromJSDate(now, { zone: this.config.dashboard.timeZone }).toISODate()!;
  }

  /**
   * The regions (code → id), organisations and topics a user may filter by: a manager or org-admin
   * sees every region of their organisation (its figures), the platform admin all of them.
   */
  async scope(staff: StaffIdentity): Promise<DashboardScope> {
    const [regions, topics] = await this.reading(
      async (read) =>
        [
          await read<{ id: number; code: string; name: string; organisation: string; organisation_name: string }>(
            `SELECT r.id, r.code, r.name, o.code AS organisation, o.name AS organisation_name
               FROM region r JOIN organisation o ON o.id = r.organisation_id
              WHERE ${organisationScopeSql('r.organisation_id', 1)} ORDER BY r.name`,
            [organisationParam(staff)],
          ),
          await read<{ code: string }>(`SELECT code FROM topic ORDER BY sort_order, code`, []),
        ] as const,
    );
    const organisations = new Map<string, { name: string; regionIds: number[] }>();
    for (const r of regions) {
      const o = organisations.get(r.organisation) ?? { name: r.organisation_name, regionIds: [] };
      o.regionIds.push(r.id);
      organisations.set(r.organisation, o);
    }
    return {
      regions: new Map(regions.map((r) => [r.code, r.id])),
      regionNames: new Map(regions.map((r) => [r.code, r.name])),
      organisations: new Map([...organisations].sort((a, b) => a[1].name.localeCompare(b[1].name))),
      topics: topics.map((t) => t.code),
    };
  }

  /** The filter of a request; pass the user's scope when the caller has it already. */
  async parseFilter(
    staff: StaffIdentity,
    q: DashboardQuery,
    s?: DashboardScope,
    now = new Date(),
  ): Promise<DashboardFilter> {
    s ??= await this.scope(staff);
    return parseDashboardFilter(q, {
      today: this.today(now),
      regions: s.regions,
      allRegions: isAdmin(staff),
      organisations: new Map([...s.organisations].map(([code, o]) => [code, o.regionIds])),
      topics: new Set(s.topics),
    });
  }

  async figure(name: FigureName, f: DashboardFilter, o: { suppress?: boolean } = {}): Promise<FigureResult> {
    return (await this.figures([name], f, o))[0];
  }

  /**
   * Whether the small-count rule applies: wherever figures leave the team (exports, the API, an
   * admin's platform-wide view), not on a manager's own live counts of their own regions.
   * The rule, and why, in docs/small-counts.md.
   */
  exportMinCount(): number {
    return Math.max(1, this.config.dashboard.minCount);
  }

  suppressOnPage(staff: StaffIdentity, f: DashboardFilter): boolean {
    // The platform admin's view crosses organisations: their figures leave each team.
    return isAdmin(staff) && !f.region;
  }

  /** Several figures of one filter in one read session; the freshness and the count of response times are looked up once. */
  async figures(
    names: readonly FigureName[],
    f: DashboardFilter,
    o: { suppress?: boolean } = {},
  ): Promise<FigureResult[]> {
    const topic = f.topic === 'none' ? '' : f.topic;
    const all = [f.regionIds, topic, f.channel, f.from, f.to, this.config.dashboard.timeZone];
    // PostgreSQL refuses parameters a statement does not use: pass $1 up to the highest one used.
    const paramsOf = (text: string) =>
      all.slice(0, Math.max(...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))));
    const minCount = o.suppress === false ? 1 : Math.max(1, this.config.dashboard.minCount);
    return this.reading(async (read) => {
      const [fresh] = await read<{ at: Date | null }>(
        `SELECT max(rolled_at) AS at FROM dashboard_rollup_day WHERE day BETWEEN $1::date AND $2::date`,
        [f.from, f.to],
      );
      let responses: number | undefined;
      const results: FigureResult[] = [];
      for (const name of names) {
        const def = FIGURES[name];
        let statement = def.sql;
        let sampled: number | null = null;
        if ('sampledSql' in def && def.sampledSql) {
          responses ??= Number((await read<{ n: string }>(RESPONSE_COUNT_SQL, paramsOf(RESPONSE_COUNT_SQL)))[0].n);
          if (responses > this.config.dashboard.exactPercentilesUpTo) {
            statement = def.sampledSql;
            sampled = SAMPLE_EVERY;
          }
        }
        const raw = await read(statement, paramsOf(statement));
        const columns: Column[] = def.columns;
        const kindOf = (key: string) => columns.find((c) => c.key === key)?.kind ?? 'count';
        results.push({
          figure: name,
          filter: {
            from: f.from,
            to: f.to,
            region: f.region,
            organisation: f.organisation ?? null,
            topic: f.topic,
            channel: f.channel,
          },
          now: 'now' in def && def.now === true,
          columns,
          rows: shapeRows(columns, raw, minCount, 'additivity' in def ? def.additivity : {}),
          baselines: ('baselines' in def ? def.baselines : []).map((b: Baseline) => ({
            ...b,
            value: formatCell(kindOf(b.column), b.value),
          })),
          minCount,
          rolledUpAt: fresh?.at ? new Date(fresh.at).toISOString() : null,
          percentilesSampledEvery: sampled,
        });
      }
      return results;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.replica?.end();
  }
}
