import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isAdmin, rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { CHANNELS, Cursor, decodeCursor, encodeCursor, InboxFilter, InboxScope, InboxView, VIEWS } from './inbox-query';
import { decodeReviewCursor, encodeReviewCursor } from './review-queue';
import * as repo from './inbox.repository';
import type { InboxRow } from './inbox.repository';

export type { InboxRow } from './inbox.repository';

export interface InboxPage {
  view: InboxView | 'review';
  items: InboxRow[];
  next: string | null;
}

/** `review` only for supervisors and up (the trainee replies waiting for them). */
export type InboxCounts = Record<InboxView, number> & { review?: number };

export const REVIEW_VIEW = 'review';
export const canReview = (staff: StaffIdentity) => rolesAtLeast('supervisor').includes(staff.role);

export interface InboxRequest {
  view?: unknown;
  region?: unknown;
  topic?: unknown;
  channel?: unknown;
  worker?: unknown;
  limit?: unknown;
  after?: unknown;
}

// A worker needs "a lot" beyond this, not the exact figure (dashboards have the exact backlog).
export const COUNT_CAP = 1_000;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export function scopeOf(staff: StaffIdentity): InboxScope {
  return { userId: staff.id, regionIds: isAdmin(staff) ? null : staff.regionIds };
}

/** The case inbox: a page of one view, and the count of every view, in the user's regions only. */
@Injectable()
export class InboxService {
  constructor(private readonly db: DataSource) {}

  /** Checks the query string; unknown values are a 400 with the field named, never ignored. */
  parse(q: InboxRequest): { view: InboxView; filter: InboxFilter; limit: number; after?: Cursor } {
    const fields: Record<string, string[]> = {};
    const view = (str(q.view) ?? 'unassigned') as InboxView;
    if (!VIEWS.includes(view)) fields.view = ['inbox.invalid.view'];
    const filter: InboxFilter = {
      regionCode: str(q.region),
      topic: str(q.topic),
      channel: str(q.channel),
      worker: str(q.worker),
    };
    if (filter.regionCode && !/^[a-z][a-z0-9-]{1,39}$/.test(filter.regionCode))
      fields.region = ['inbox.invalid.region'];
    if (filter.topic && !/^[a-z][a-z0-9-]{1,39}$/.test(filter.topic)) fields.topic = ['inbox.invalid.topic'];
    if (filter.channel && !(CHANNELS as readonly string[]).includes(filter.channel))
      fields.channel = ['inbox.invalid.channel'];
    if (filter.worker && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(filter.worker))
      fields.worker = ['inbox.invalid.worker'];
    const limitRaw = str(q.limit);
    const limit = limitRaw === undefined ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) fields.limit = ['inbox.invalid.limit'];
    const after = VIEWS.includes(view) ? decodeCursor(q.after, view) : undefined;
    if (after === 'invalid') fields.after = ['inbox.invalid.after'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    return { view, filter, limit, after: after as Cursor | undefined };
  }

  async page(staff: StaffIdentity, q: InboxRequest): Promise<InboxPage> {
    if (q.view === REVIEW_VIEW) return this.reviewPage(staff, q);
    const { view, filter, limit, after } = this.parse(q);
    const keys = await repo.inboxPageKeys(this.db, view, scopeOf(staff), filter, limit, after);
    const pageKeys = keys.slice(0, limit);
    const last = pageKeys[pageKeys.length - 1];
    const next =
      keys.length > limit && last
        ? encodeCursor(
            view === 'closed'
              ? { v: 'closed', k: [last.k1, last.k2] }
              : { v: view, k: [last.k0!, last.k1, last.k2, last.k3!] },
          )
        : null;
    const rows = await this.rows(
      staff.id,
      pageKeys.map((k) => k.id),
    );
    return { view, items: rows, next };
  }

  async counts(staff: StaffIdentity, q: InboxRequest): Promise<InboxCounts> {
    const { filter } = this.parse({ ...q, view: undefined, after: undefined, limit: undefined });
    const row: InboxCounts = await repo.inboxCounts(this.db, scopeOf(staff), filter, COUNT_CAP);
    if (canReview(staff)) {
      row.review = await repo.reviewCount(this.db, scopeOf(staff), filter, COUNT_CAP);
    }
    return row;
  }

  /**
   * `view=review`: the trainee replies waiting for review in the caller's regions, for supervisors
   * and up (others: 403). One row per reply (a case with two trainees' replies shows twice).
   */
  private async reviewPage(staff: StaffIdentity, q: InboxRequest): Promise<InboxPage> {
    if (!canReview(staff)) throw new ForbiddenException({ code: 'forbidden', message: 'errors.http403' });
    const { filter, limit } = this.parse({ ...q, view: undefined, after: undefined });
    const after = decodeReviewCursor(q.after);
    if (after === 'invalid') throw new InputInvalidException({ after: ['inbox.invalid.after'] });
    const keys = await repo.reviewPageKeys(this.db, scopeOf(staff), filter, limit, after);
    const pageKeys = keys.slice(0, limit);
    const last = pageKeys[pageKeys.length - 1];
    const next = keys.length > limit && last ? encodeReviewCursor([last.k0, last.k1, last.k2]) : null;
    const rows = await this.rows(staff.id, [...new Set(pageKeys.map((k) => k.id))]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = pageKeys.map((k) => ({
      ...byId.get(k.id)!,
      review: { replyId: k.replyId, authorId: k.authorId, authorName: k.authorName, submittedAt: k.submittedAt },
    }));
    return { view: REVIEW_VIEW, items, next };
  }

  /** The counts at the top of the inbox: what needs doing now. */
  async attention(staff: StaffIdentity): Promise<repo.AttentionCounts> {
    return repo.attentionCounts(this.db, scopeOf(staff), COUNT_CAP);
  }

  /** Display fields of the page's cases, in page order. Never message text. */
  private async rows(userId: string, ids: string[]): Promise<InboxRow[]> {
    if (!ids.length) return [];
    return repo.inboxRows(this.db, userId, ids);
  }

  /** Workers the user may filter by: staff of the user's regions (admins: everyone). */
  async workers(staff: StaffIdentity): Promise<{ id: string; displayName: string }[]> {
    return repo.activeWorkersOf(this.db, isAdmin(staff) ? null : staff.regionIds);
  }

  async regions(staff: StaffIdentity): Promise<{ code: string; name: string }[]> {
    return repo.regionsOf(this.db, isAdmin(staff) ? null : staff.regionIds);
  }

  /** Every region, for a transfer's target. */
  async allRegions(): Promise<{ code: string; name: string }[]> {
    return repo.allRegions(this.db);
  }

  async topics(): Promise<string[]> {
    return repo.activeTopicCodes(this.db);
  }
}
