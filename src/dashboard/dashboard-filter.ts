import { DateTime } from 'luxon';
import { FieldErrors, InputInvalidException } from '../common/validation';

/** What every dashboard figure is filtered by. Dates are days on the dashboard clock, both inclusive. */
export interface DashboardFilter {
  from: string;
  to: string;
  /** Region ids to include; null: every region (admins without a region filter). */
  regionIds: number[] | null;
  /** The region code asked for, if any (echoed back, used in links). */
  region: string | null;
  /** The organisation code asked for, if any (the platform admin's view of one organisation). */
  organisation?: string | null;
  /** A topic code, 'none' for cases without a topic, or null for all. */
  topic: string | null;
  channel: 'web' | 'email' | null;
}

export interface DashboardQuery {
  from?: unknown;
  to?: unknown;
  region?: unknown;
  organisation?: unknown;
  topic?: unknown;
  channel?: unknown;
}

export interface FilterContext {
  /** Today on the dashboard clock. */
  today: string;
  /** Regions the user may see: code → id. */
  regions: ReadonlyMap<string, number>;
  /** Whether the user sees every region (admin): no region filter means no restriction. */
  allRegions: boolean;
  /** Organisation code → its region ids, of the organisations the user may see. */
  organisations?: ReadonlyMap<string, readonly number[]>;
  topics: ReadonlySet<string>;
}

/** Four weeks up to today when no period is given; at most two years at once. */
export const DEFAULT_DAYS = 28;
export const MAX_DAYS = 731;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(value: unknown, field: string, errors: FieldErrors): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !DAY.test(value) || !DateTime.fromISO(value).isValid) {
    errors[field] = ['dashboard.invalid.date'];
    return null;
  }
  return value;
}

/**
 * Parses the query string of a dashboard page or API call. Unknown or out-of-scope regions
 * are field errors, not silently widened or narrowed: a manager asking for another region's
 * figures gets a 400 that names the field.
 */
export function parseDashboardFilter(q: DashboardQuery, ctx: FilterContext): DashboardFilter {
  const errors: FieldErrors = {};
  const to = day(q.to, 'to', errors) ?? ctx.today;
  let from = day(q.from, 'from', errors);
  if (!from)
    from = DateTime.fromISO(to)
      .minus({ days: DEFAULT_DAYS - 1 })
      .toISODate()!;
  if (!errors.from && !errors.to) {
    const span = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days + 1;
    if (span < 1) errors.to = ['dashboard.invalid.period'];
    else if (span > MAX_DAYS) errors.from = ['dashboard.invalid.tooLong'];
  }

  let region: string | null = null;
  let organisation: string | null = null;
  let regionIds: number[] | null = ctx.allRegions ? null : [...ctx.regions.values()];
  if (q.organisation !== undefined && q.organisation !== '') {
    const ids = typeof q.organisation === 'string' ? ctx.organisations?.get(q.organisation) : undefined;
    if (ids === undefined) errors.organisation = ['dashboard.invalid.organisation'];
    else {
      organisation = q.organisation as string;
      regionIds = [...ids];
    }
  }
  if (q.region !== undefined && q.region !== '') {
    const id = typeof q.region === 'string' ? ctx.regions.get(q.region) : undefined;
    // A region outside the organisation asked for is as unknown as one outside the user's scope.
    if (id === undefined || (organisation !== null && !regionIds?.includes(id)))
      errors.region = ['dashboard.invalid.region'];
    else {
      region = q.region as string;
      regionIds = [id];
    }
  }

  let topic: string | null = null;
  if (q.topic !== undefined && q.topic !== '') {
    if (typeof q.topic === 'string' && (q.topic === 'none' || ctx.topics.has(q.topic))) topic = q.topic;
    else errors.topic = ['dashboard.invalid.topic'];
  }

  let channel: DashboardFilter['channel'] = null;
  if (q.channel !== undefined && q.channel !== '') {
    if (q.channel === 'web' || q.channel === 'email') channel = q.channel;
    else errors.channel = ['dashboard.invalid.channel'];
  }

  if (Object.keys(errors).length) throw new InputInvalidException(errors);
  return { from, to, regionIds, region, organisation, topic, channel };
}
