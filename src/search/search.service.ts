import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import {
  encodeSearchCursor,
  MARK_END,
  MARK_START,
  markCount,
  parseSearch,
  queryShape,
  SearchParams,
  SearchRequest,
  snippetHtml,
} from './search-query';
import * as sql from '../database/sql';

export interface SearchHit {
  caseId: string;
  caseRef: string;
  regionCode: string;
  status: string;
  /** HTML: the text escaped, matches in `<mark>`; nothing else. */
  snippet: string;
  score: number;
}

export interface SearchPage {
  items: SearchHit[];
  next: string | null;
}

/** Dutch and English readings of the query, either may match (websearch syntax: "phrase", or, -not). */
const QUERY = `websearch_to_tsquery('luister_nl', $1) || websearch_to_tsquery('luister_en', $1)`;
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * Full-text search over the cases of the caller's regions (docs/search.md). The scope is a
 * region-id array computed inside the statement (an admin's: every region) and used as an index
 * condition on `cases_search (region_id, search_tsv)`; erased cases have no document and are
 * excluded by the index predicate as well as by the query. Ranked by ts_rank (tags above messages
 * above notes); an exact case reference ranks first. Snippets are made for the page's rows only.
 */
/** A case the search found: its id, reference, region code, status and sort key (buildSearchQuery's columns). */
interface SearchMatch {
  id: string;
  case_ref: string;
  code: string;
  status: string;
  k: string;
}

@Injectable()
export class SearchService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  parse(q: SearchRequest): SearchParams {
    const { params, fields } = parseSearch(q);
    if (!params) throw new InputInvalidException(fields);
    return params;
  }

  async search(staff: StaffIdentity, q: SearchRequest): Promise<SearchPage> {
    const p = this.parse(q);
    const rows = await this.matches(staff, p);
    const page = rows.slice(0, p.limit);
    const last = page[page.length - 1];
    const next = rows.length > p.limit && last ? encodeSearchCursor({ s: last.k, id: last.id }) : null;
    const snippets = await this.snippets(
      p.q,
      page.map((r) => r.id),
    );
    const items = page.map((r) => ({
      caseId: r.id,
      caseRef: r.case_ref,
      regionCode: r.code,
      status: r.status,
      snippet: snippets.get(r.id) ?? '',
      score: Number(r.k),
    }));
    // Every search is audited: its shape (never its words) and, per case shown, a read of that case.
    await this.db.transaction(async (m) => {
      await this.audit.record(m, {
        actorId: staff.id,
        action: 'search',
        data: { ...queryShape(p), results: items.length, more: next !== null },
      });
      await this.audit.recordMany(
        m,
        items.map((i) => ({ actorId: staff.id, action: 'case.search_hit' as const, caseId: i.caseId })),
      );
    });
    return { items, next };
  }

  /** The page's cases (limit + 1), best first. The statement the bench measures. */
  async matches(staff: StaffIdentity, p: SearchParams): Promise<SearchMatch[]> {
    const built = buildSearchQuery(isAdmin(staff) ? null : staff.regionIds, p);
    // JIT off for this one statement: a search over many regions has a high estimated cost, and
    // compiling it (~50 ms measured) took longer than running it.
    return this.db.transaction(async (m) => {
      await sql.exec(m, `SET LOCAL jit = off`);
      return sql.rows<SearchMatch>(m, built.sql, built.params);
    });
  }

  async regions(regionIds: number[] | null): Promise<{ code: string; name: string }[]> {
    return sql.rows<{ code: string; name: string }>(
      this.db,
      `SELECT code, name FROM region WHERE $1::int[] IS NULL OR id = ANY($1::int[]) ORDER BY name`,
      [regionIds],
    );
  }

  private async snippets(q: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await sql.rows<{ case_id: string; nl: string | null; en: string | null; plain: string | null }>(
      this.db,
      `WITH q AS (SELECT ${QUERY} AS q),
              t AS (
                SELECT case_id, translate(body_text, E'\\uE000\\uE001', '') AS body, created_at
                  FROM message WHERE case_id = ANY($2::uuid[]) AND body_text <> ''
                UNION ALL
                SELECT case_id, translate(body_text, E'\\uE000\\uE001', ''), created_at
                  FROM case_note WHERE case_id = ANY($2::uuid[])),
              v AS (SELECT t.*, to_tsvector('luister_nl', left(t.body, 20000)) || to_tsvector('luister_en', left(t.body, 20000)) AS tsv FROM t)
         SELECT DISTINCT ON (v.case_id) v.case_id,
                CASE WHEN v.tsv @@ q.q THEN ts_headline('luister_nl', left(v.body, 20000), q.q, $3) END AS nl,
                CASE WHEN v.tsv @@ q.q THEN ts_headline('luister_en', left(v.body, 20000), q.q, $3) END AS en,
                left(v.body, 200) AS plain
           FROM v, q
          ORDER BY v.case_id, (v.tsv @@ q.q) DESC, ts_rank(v.tsv, q.q) DESC, v.created_at`,
      [q, ids, HEADLINE_OPTIONS],
    );
    const out = new Map<string, string>();
    for (const r of rows) {
      const best = markCount(r.en) > markCount(r.nl) ? r.en : (r.nl ?? r.en);
      // A match on tags or the reference only: the start of the first message, no marks.
      out.set(r.case_id, snippetHtml(best && markCount(best) ? best : (r.plain ?? '')));
    }
    return out;
  }
}

/**
 * At most this many matching cases are ranked per search: the newest ones. A rare word has fewer
 * matches than this and is ranked exactly; a word in a tenth of all cases would otherwise mean
 * fetching and ranking tens of thousands of documents (seconds at a million cases), so it is
 * ranked among its newest matches instead (docs/search.md).
 */
export const SEARCH_CANDIDATES = 300;

/**
 * The search statement. `$1` the query text, inlined wherever it is used (not a CTE) so the
 * planner sees the tsquery and estimates how many cases match: few → the GIN index
 * `cases_search (region_id, search_tsv)`, many → newest first on `cases_search_recent
 * (region_id, created_at DESC, id)`, stopping at SEARCH_CANDIDATES. One such scan per region
 * (LATERAL), the regions' candidates merged newest first, then ranked. The region ids come from
 * the caller's scope inside the statement (null: an admin, every region), narrowed by the filter.
 */
export function buildSearchQuery(regionIds: number[] | null, p: SearchParams): { sql: string; params: unknown[] } {
  const params: unknown[] = [p.q];
  const v = (x: unknown) => {
    params.push(x);
    return `$${params.length}`;
  };
  const regions = `SELECT id FROM region WHERE (${v(regionIds)}::int[] IS NULL OR id = ANY($${params.length}::int[]))${
    p.region ? ` AND code = ${v(p.region)}` : ''
  }`;
  const filters = ['c.erased_at IS NULL'];
  if (p.status) filters.push(`c.status = ${v(p.status)}`);
  if (p.from) filters.push(`c.created_at >= ${v(p.from)}::date`);
  if (p.to) filters.push(`c.created_at < ${v(p.to)}::date + 1`);
  const where = filters.join(' AND ');
  const cap = v(SEARCH_CANDIDATES);
  const byRef = p.caseRef
    ? `UNION ALL
       SELECT c.id, 2::real FROM cases c WHERE c.case_ref = ${v(p.caseRef)} AND c.region_id IN (${regions}) AND ${where}`
    : '';
  const keyset = p.after
    ? `WHERE (s.score < ${v(p.after.s)}::real OR (s.score = $${params.length}::real AND s.id > ${v(p.after.id)}::uuid))`
    : '';
  const sql = `WITH cand AS (
       SELECT m.id, m.search_tsv FROM (${regions}) r
       CROSS JOIN LATERAL (
         SELECT c.id, c.search_tsv, c.created_at FROM cases c
          WHERE c.region_id = r.id AND c.search_tsv @@ (${QUERY}) AND c.search_tsv IS NOT NULL AND ${where}
          ORDER BY c.created_at DESC, c.id DESC LIMIT ${cap}
       ) m
       ORDER BY m.created_at DESC, m.id DESC LIMIT ${cap}
     ), s AS (
       SELECT id, max(score) AS score FROM (
         SELECT cand.id, ts_rank(cand.search_tsv, (${QUERY}), 1) AS score FROM cand
         ${byRef}
       ) u GROUP BY id)
     SELECT s.id, c.case_ref, r.code, c.status, s.score::text AS k
       FROM (SELECT * FROM s ${keyset} ORDER BY s.score DESC, s.id LIMIT ${v(p.limit + 1)}) s
       JOIN cases c ON c.id = s.id JOIN region r ON r.id = c.region_id
      ORDER BY s.score DESC, s.id`;
  return { sql, params };
}
