import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { transferredOut } from './case-actions.repository';
import type { TransferReason } from './transfer-note';

/** One case the user's organisation handed to another: facts only, never its content. */
export interface TransferredOut {
  caseRef: string;
  transferredAt: Date;
  /** The sending region (one of the user's). */
  fromRegionCode: string;
  fromRegionName: string;
  toOrganisation: { code: string; name: string };
  reason: TransferReason;
}

export interface TransferredOutPage {
  items: TransferredOut[];
  /** Cursor for `after`; null on the last page. */
  next: string | null;
}

const CURSOR = /^\d{1,18}$/;

/**
 * What the sending side keeps of a case it transferred to another organisation (`case_transfer`,
 * written by CaseActionsService.transfer): the reference, when, to which organisation, why. Scoped
 * in SQL by the user's regions and organisation (the platform admin: all), newest first (by id:
 * rows are only ever added, so the id is the order they happened in and a stable cursor).
 */
@Injectable()
export class CaseTransfersService {
  constructor(private readonly db: DataSource) {}

  async transferredOut(
    staff: StaffIdentity,
    q: { limit?: unknown; after?: unknown } = {},
  ): Promise<TransferredOutPage> {
    const fields: Record<string, string[]> = {};
    const limit = q.limit === undefined || q.limit === '' ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) fields.limit = ['inbox.invalid.limit'];
    let after: string | null = null;
    if (q.after !== undefined && q.after !== '') {
      if (typeof q.after === 'string' && CURSOR.test(q.after)) after = q.after;
      else fields.after = ['inbox.invalid.after'];
    }
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    const admin = isAdmin(staff);
    const rows = await transferredOut(
      this.db,
      admin ? null : staff.regionIds,
      admin ? null : (staff.organisation?.id ?? -1),
      after,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        caseRef: r.caseRef,
        transferredAt: r.transferredAt,
        fromRegionCode: r.fromRegionCode,
        fromRegionName: r.fromRegionName,
        toOrganisation: { code: r.toCode, name: r.toName },
        reason: r.reason,
      })),
      next: rows.length > limit && last ? last.id : null,
    };
  }
}
