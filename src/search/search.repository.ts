import * as sql from '../database/sql';
import { MARK_END, MARK_START, SearchParams } from './search-query';

/**
 * The search's SQL (docs/data-layer.md; plans in docs/search-plan.md and docs/search.md): the
 * ranked match statement, the page's snippets and the region list. SearchService keeps parsing,
 * paging, the snippets' HTML and the audit.
 */

/** Dutch and English readings of the query, either may match (websearch syntax: "phrase", or, -not). */
const QUERY = `websearch_to_tsquery('luister_nl', $1) || websearch_to_tsquery('luister_en', $1)`;
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** A case the search found: its id, reference, region code, status and sort key (buildSearchQuery's columns). */
export interface SearchMatch {
  id: string;
  case_ref: string;
  code: string;
  status: string;
  k: string;
}

/** A case's best text for a snippet: its Dutch and English headlines (when it matches) and its start. */
export interface SnippetSource {
  case_id: string;
  nl: string | null;
  en: string | null;
  plain: string | null;
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

/**
 * The page's cases (limit + 1), best first: the statement the bench measures. Runs in the caller's
 * transaction, with JIT off for it: a search over many regions has a high estimated cost, and
 * compiling it (~50 ms measured) took longer than running it.
 */
export async function matchingCases(m: sql.Db, regionIds: number[] | null, p: SearchParams): Promise<SearchMatch[]> {
  const built = buildSearchQuery(regionIds, p);
  await sql.exec(m, `SET LOCAL jit = off`);
  return sql.rows<SearchMatch>(m, built.sql, built.params);
}

/** The regions with these ids (null: every region), by name. */
export function regionsOf(m: sql.Db, regionIds: number[] | null): Promise<{ code: string; name: string }[]> {
  return sql.rows<{ code: string; name: string }>(
    m,
    `SELECT code, name FROM region WHERE $1::int[] IS NULL OR id = ANY($1::int[]) ORDER BY name`,
    [regionIds],
  );
}

/** Per case of `ids`, its best-matching message or note for query `q`, with headlines in both languages. */
export function snippetSources(m: sql.Db, q: string, ids: string[]): Promise<SnippetSource[]> {
  return sql.rows<SnippetSource>(
    m,
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
}
