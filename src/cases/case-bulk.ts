import { HttpException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { CaseActionsService } from './case-actions.service';
import { caseRefsInScope } from './cases.repository';
import { scopeParam } from './staff-case-scope';

export const BULK_ACTIONS = ['claim', 'assign', 'close', 'tag', 'transfer'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const BULK_MAX = 100;

export interface BulkRequest {
  ids?: unknown;
  action?: unknown;
  /** assign: a worker of the case's region, or null to unassign */
  workerId?: unknown;
  /** tag: one tag to add */
  tag?: unknown;
  /** transfer: region code and reason */
  region?: unknown;
  reason?: unknown;
}

export interface BulkResult {
  id: string;
  ok: boolean;
  code?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One action on many cases: each case goes through the same CaseActionsService method as a
 * single action (its own transaction, scope check, state check, event and audit row), so a case
 * that fails (another region's: `case_not_found`; someone else's: `already_assigned`; …) is
 * listed and the others still happen. The request itself is checked first (400 with fields).
 */
@Injectable()
export class CaseBulkService {
  constructor(
    private readonly actions: CaseActionsService,
    private readonly audit: AuditService,
    private readonly db: DataSource,
  ) {}

  /** Case references of the ids still in the caller's regions (for the result page; others stay ids). */
  async refs(staff: StaffIdentity, ids: string[]): Promise<Map<string, string>> {
    const rows = await caseRefsInScope(
      this.db,
      ids.filter((i) => UUID.test(i)),
      scopeParam(staff),
    );
    return new Map(rows.map((r) => [r.id, r.case_ref]));
  }

  parse(body: BulkRequest): {
    ids: string[];
    action: BulkAction;
    workerId: string | null;
    tag: string;
    region: string;
    reason: string;
  } {
    const fields: Record<string, string[]> = {};
    const rawIds = Array.isArray(body.ids) ? body.ids : typeof body.ids === 'string' ? [body.ids] : null;
    const ids = rawIds ? [...new Set(rawIds.filter((i): i is string => typeof i === 'string'))] : [];
    if (!rawIds || !ids.length || ids.length !== rawIds.length || ids.length > BULK_MAX)
      fields.ids = ['bulk.invalid.ids'];
    const action = body.action as BulkAction;
    if (!(BULK_ACTIONS as readonly string[]).includes(action as string)) fields.action = ['bulk.invalid.action'];
    const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const workerId = body.workerId === null || s(body.workerId) === '' ? null : s(body.workerId);
    if (action === 'assign' && workerId !== null && !UUID.test(workerId)) fields.workerId = ['bulk.invalid.workerId'];
    const tag = s(body.tag).toLowerCase();
    if (action === 'tag' && !/^[a-z0-9][a-z0-9-]{0,39}$/.test(tag)) fields.tag = ['bulk.invalid.tag'];
    const region = s(body.region);
    const reason = s(body.reason);
    if (action === 'transfer') {
      if (!/^[a-z][a-z0-9-]{1,39}$/.test(region)) fields.region = ['bulk.invalid.region'];
      if (reason.length < 3 || reason.length > 1000) fields.reason = ['bulk.invalid.reason'];
    }
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    return { ids, action, workerId, tag, region, reason };
  }

  async run(staff: StaffIdentity, body: BulkRequest): Promise<BulkResult[]> {
    const p = this.parse(body);
    const results: BulkResult[] = [];
    for (const id of p.ids) {
      try {
        switch (p.action) {
          case 'claim':
            await this.actions.claim(staff, id);
            break;
          case 'assign':
            await this.actions.assign(staff, id, p.workerId);
            break;
          case 'close':
            await this.actions.setStatus(staff, id, 'closed');
            break;
          case 'tag':
            await this.actions.addTag(staff, id, p.tag);
            break;
          case 'transfer':
            await this.actions.transfer(staff, id, p.region, p.reason);
            break;
        }
        results.push({ id, ok: true });
      } catch (e) {
        if (!(e instanceof HttpException)) throw e;
        const r = e.getResponse() as { code?: string };
        results.push({ id, ok: false, code: typeof r === 'object' && r.code ? r.code : 'error' });
      }
    }
    await this.audit.record(null, {
      actorId: staff.id,
      action: 'case.bulk',
      data: { action: p.action, count: results.length, failed: results.filter((r) => !r.ok).length },
    });
    return results;
  }
}
