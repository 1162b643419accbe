import Handlebars from 'handlebars';

/**
 * Staff search, the parts without a database: checking the query string, the keyset cursor, and
 * turning ts_headline's output into safe HTML.
 */

export const SEARCH_STATUSES = ['new', 'open', 'waiting', 'closed'] as const;
export const SEARCH_MAX_LIMIT = 50;

export interface SearchRequest {
  q?: unknown;
  region?: unknown;
  status?: unknown;
  from?: unknown;
  to?: unknown;
  limit?: unknown;
  after?: unknown;
}

export interface SearchParams {
  q: string;
  /** The query as a case reference (`L-7K3M9QX`), when it looks like one. */
  caseRef: string | null;
  region?: string;
  status?: string;
  /** Cases created on or after `from`, before the day after `to` (UTC dates). */
  from?: string;
  to?: string;
  limit: number;
  after?: SearchCursor;
}

/** The last row shown: its score (float4 as PostgreSQL prints it, exact) and id. */
export interface SearchCursor {
  s: string;
  id: string;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const DATE = /^\d{4}-\d\d-\d\d$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeSearchCursor(c: SearchCursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeSearchCursor(raw: unknown): SearchCursor | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 200) return 'invalid';
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as SearchCursor;
    return typeof c.s === 'string' && /^-?[0-9.e+-]{1,30}$/i.test(c.s) && typeof c.id === 'string' && UUID.test(c.id)
      ? { s: c.s, id: c.id }
      : 'invalid';
  } catch {
    return 'invalid';
  }
}

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Field name → message keys; empty when the request is fine. */
export function parseSearch(q: SearchRequest): { params?: SearchParams; fields: Record<string, string[]> } {
  const fields: Record<string, string[]> = {};
  const text = str(q.q);
  if (!text || text.length < 2 || text.length > 200) fields.q = ['search.invalid.q'];
  const region = str(q.region);
  if (region && !/^[a-z][a-z0-9-]{1,39}$/.test(region)) fields.region = ['search.invalid.region'];
  const status = str(q.status);
  if (status && !(SEARCH_STATUSES as readonly string[]).includes(status)) fields.status = ['search.invalid.status'];
  const from = str(q.from);
  const to = str(q.to);
  if (from && !validDate(from)) fields.from = ['search.invalid.date'];
  if (to && !validDate(to)) fields.to = ['search.invalid.date'];
  if (from && to && validDate(from) && validDate(to) && from > to) fields.to = ['search.invalid.range'];
  const limitRaw = str(q.limit);
  const limit = limitRaw === undefined ? 20 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX_LIMIT) fields.limit = ['search.invalid.limit'];
  const after = decodeSearchCursor(q.after);
  if (after === 'invalid') fields.after = ['search.invalid.after'];
  if (Object.keys(fields).length) return { fields };
  const ref = text!.toUpperCase();
  return {
    fields,
    params: {
      q: text!,
      caseRef: /^L-[0-9A-Z]{7}$/.test(ref) ? ref : null,
      region,
      status,
      from,
      to,
      limit,
      after: after as SearchCursor | undefined,
    },
  };
}

/** Highlight marks ts_headline puts around matches; removed from the text first, so only ours remain. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/**
 * ts_headline's fragment as HTML: everything escaped (handlebars' escaping, as in every page),
 * then only our marks become `<mark>`. A mark left open is closed, so the HTML stays balanced.
 */
export function snippetHtml(headline: string): string {
  let open = false;
  let out = '';
  for (const part of headline.split(/([\uE000\uE001])/)) {
    if (part === MARK_START) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === MARK_END) {
      if (open) out += '</mark>';
      open = false;
    } else out += Handlebars.Utils.escapeExpression(part);
  }
  return open ? `${out}</mark>` : out;
}

/** How many highlights a headline has (to pick the language whose stemming matched). */
export function markCount(headline: string | null): number {
  return headline ? headline.split(MARK_START).length - 1 : 0;
}

/** The query's shape for the audit row: counts and flags, never its words (docs/search.md). */
export function queryShape(p: SearchParams): Record<string, string | number | boolean | null> {
  return {
    terms: p.q.split(/\s+/).filter(Boolean).length,
    length: p.q.length,
    phrase: p.q.includes('"'),
    caseRef: p.caseRef !== null,
    region: p.region ?? null,
    status: p.status ?? null,
    from: p.from ?? null,
    to: p.to ?? null,
    page: p.after ? 'next' : 'first',
  };
}
