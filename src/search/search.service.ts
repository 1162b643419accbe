import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import {
  encodeSearchCursor,
  markCount,
  parseSearch,
  queryShape,
  SearchParams,
  SearchRequest,
  snippetHtml,
} from './search-query';
import * as repo from './search.repository';

export { buildSearchQuery, SEARCH_CANDIDATES } from './search.repository';

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

/**
 * Full-text search over the cases of the caller's regions (docs/search.md). The scope is a
 * region-id array computed inside the statement (an admin's: every region) and used as an index
 * condition on `cases_search (region_id, search_tsv)`; erased cases have no document and are
 * excluded by the index predicate as well as by the query. Ranked by ts_rank (tags above messages
 * above notes); an exact case reference ranks first. Snippets are made for the page's rows only.
 */
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
  async matches(staff: StaffIdentity, p: SearchParams): Promise<repo.SearchMatch[]> {
    // In a transaction of its own: the repository turns JIT off for this one statement (SET LOCAL).
    return this.db.transaction((m) => repo.matchingCases(m, isAdmin(staff) ? null : staff.regionIds, p));
  }

  async regions(regionIds: number[] | null): Promise<{ code: string; name: string }[]> {
    return repo.regionsOf(this.db, regionIds);
  }

  private async snippets(q: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await repo.snippetSources(this.db, q, ids);
    const out = new Map<string, string>();
    for (const r of rows) {
      const best = markCount(r.en) > markCount(r.nl) ? r.en : (r.nl ?? r.en);
      // A match on tags or the reference only: the start of the first message, no marks.
      out.set(r.case_id, snippetHtml(best && markCount(best) ? best : (r.plain ?? '')));
    }
    return out;
  }
}
