import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffIdentity } from '../auth/staff-identity';
import type { CaseNotice, CaseNotifier } from '../cases/case-notifier';
import { InputInvalidException } from '../common/validation';
import { StaffSlaMailService } from '../mail/outbound/staff-sla-mail.service';
import type { ScanNotified } from '../cases/sla-scan';
import type { SlaStaffAlerts } from '../cases/sla-staff-alerts';
import * as repo from './notifications.repository';

export const SLA_MAIL_CHOICES = ['off', 'immediately', 'daily'] as const;
export type SlaMailChoice = (typeof SLA_MAIL_CHOICES)[number];

/** Kinds that are a task as well: the worker marks them done. */
export const TASK_KINDS = ['evaluation.contact_requested'];

export interface NotificationItem extends repo.NotificationRow {
  task: boolean;
}

export interface NotificationPage {
  items: NotificationItem[];
  unread: number;
  next: string | null;
}

// A header badge needs "a lot" beyond this, not the exact figure.
export const UNREAD_CAP = 99;

type Cursor = [string, string];

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(raw: unknown): Cursor | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 200) return 'invalid';
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(c) &&
      c.length === 2 &&
      typeof c[0] === 'string' &&
      /^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:?\d\d)?|Z)?$/.test(c[0]) &&
      typeof c[1] === 'string' &&
      /^\d{1,18}$/.test(c[1])
    )
      return c as Cursor;
  } catch {
    /* below */
  }
  return 'invalid';
}

/**
 * The staff's in-app notifications ("this needs you now"), the one writer of `notification` and
 * `notification_setting`. Other modules reach it through ports only: the SLA scan through
 * SLA_STAFF_ALERTS, case work (messages, assignment, transfer, review, contact requests) through
 * CASE_NOTIFIER. A notification holds a kind, a case id and facts; never case content.
 */
@Injectable()
export class NotificationsService implements CaseNotifier, SlaStaffAlerts {
  constructor(
    private readonly db: DataSource,
    private readonly staffMail: StaffSlaMailService,
  ) {}

  private scope(staff: StaffIdentity): number[] | null {
    return staff.role === 'admin' ? null : staff.regionIds;
  }

  /** Newest first, keyset paged; `unread` counts the unread ones (up to UNREAD_CAP + 1). */
  async list(
    staff: StaffIdentity,
    q: { limit?: unknown; after?: unknown; unread?: unknown },
  ): Promise<NotificationPage> {
    const fields: Record<string, string[]> = {};
    const limit = q.limit === undefined || q.limit === '' ? 30 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) fields.limit = ['notifications.invalid.limit'];
    const after = decodeCursor(q.after);
    if (after === 'invalid') fields.after = ['notifications.invalid.after'];
    const onlyUnread = q.unread === 'true' || q.unread === true;
    if (q.unread !== undefined && q.unread !== 'true' && q.unread !== 'false' && typeof q.unread !== 'boolean')
      fields.unread = ['notifications.invalid.unread'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    const cursor = after as Cursor | undefined;
    const rows = await repo.visibleNotifications(this.db, staff.id, this.scope(staff), cursor, onlyUnread, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ k: _k, ...r }) => ({ ...r, task: TASK_KINDS.includes(r.kind) })),
      unread: await this.unreadCount(staff),
      next: rows.length > limit && last ? encodeCursor([last.k, last.id]) : null,
    };
  }

  async unreadCount(staff: StaffIdentity): Promise<number> {
    return repo.countUnread(this.db, staff.id, this.scope(staff), UNREAD_CAP + 1);
  }

  /** Marks the caller's own notifications read (others' ids are ignored); `all` marks every one. */
  async markRead(staff: StaffIdentity, sel: { ids?: string[]; all?: boolean }): Promise<number> {
    return repo.markRead(this.db, staff.id, !!sel.all, sel.all ? [] : (sel.ids ?? []));
  }

  /** A task done (and read): only the caller's own task; anything else is 404. */
  async markDone(staff: StaffIdentity, id: string): Promise<void> {
    const done = /^\d{1,18}$/.test(id)
      ? await repo.markTaskDone(this.db, staff.id, this.scope(staff), id, TASK_KINDS)
      : false;
    if (!done) throw new NotFoundException({ code: 'notification_not_found', message: 'errors.http404' });
  }

  /** Open tasks (personal contact requests not yet done) of the caller. */
  async openTasks(staff: StaffIdentity): Promise<NotificationItem[]> {
    const rows = await repo.openTasks(this.db, staff.id, this.scope(staff), TASK_KINDS);
    return rows.map((r) => ({ ...r, task: true }));
  }

  async settings(staffUserId: string): Promise<{ slaMail: SlaMailChoice }> {
    const choice = await repo.slaMailChoice(this.db, staffUserId);
    return { slaMail: (choice as SlaMailChoice) ?? 'immediately' };
  }

  async setSettings(staffUserId: string, s: { slaMail: unknown }): Promise<{ slaMail: SlaMailChoice }> {
    if (!(SLA_MAIL_CHOICES as readonly unknown[]).includes(s.slaMail))
      throw new InputInvalidException({ slaMail: ['notifications.invalid.slaMail'] });
    // A new daily choice starts its digest from now: no digest of what was mailed before.
    const slaMail = s.slaMail as SlaMailChoice;
    await repo.saveSlaMailChoice(this.db, staffUserId, slaMail);
    return { slaMail };
  }

  /** CASE_NOTIFIER: writes the notices in the caller's transaction; a region's role group is resolved here. */
  async notify(m: EntityManager, notices: CaseNotice[]): Promise<void> {
    for (const n of notices) {
      const at = n.at ?? null;
      const data = JSON.stringify(n.data ?? {});
      if ('staffUserId' in n.to) {
        if (n.to.staffUserId === n.actorId) continue;
        await repo.notifyStaffUser(m, n.to.staffUserId, n.caseId, n.kind, data, at);
      } else {
        await repo.notifyRegionRoles(m, n.to.regionId, n.caseId, n.kind, data, at, n.to.roles, n.actorId ?? null);
      }
    }
  }

  /** CASE_NOTIFIER: a finished job's open notices are read for everyone (see CaseNotifier.settle). */
  async settle(m: EntityManager, s: { caseId: string; kind: string; replyId?: string }): Promise<void> {
    await repo.settleNotices(m, s.caseId, s.kind, s.replyId ?? null);
  }

  /**
   * SLA_STAFF_ALERTS: the scan batch's notices become in-app notifications, and the content-free
   * e-mail goes at once only to those who chose "immediately" (the default); "daily" waits for
   * the digest job, "off" gets none. Returns the number of mails queued.
   */
  async enqueue(m: EntityManager, notified: ScanNotified[]): Promise<number> {
    if (!notified.length) return 0;
    await repo.insertSlaNotifications(m, notified);
    const people = [...new Set(notified.map((n) => n.staffUserId))];
    const now = new Set(await repo.immediateSlaMailRecipients(m, people));
    return this.staffMail.enqueue(
      m,
      notified.filter((n) => now.has(n.staffUserId)),
    );
  }

  /**
   * The daily digest for everyone who chose it: per person, the SLA notifications since their last
   * digest (counts only). Safe with several instances: each person's row is claimed by a
   * conditional UPDATE (`digest_through` older than the cut-off), so only one run sends it.
   */
  async sendDigests(now: Date): Promise<number> {
    return this.db.transaction(async (m) => {
      const claimed = await repo.claimDueDigests(m, now);
      let queued = 0;
      for (const c of claimed) {
        const rows = await repo.slaNotificationCounts(m, c.staff_user_id, c.since, now);
        const warnings = rows.filter((r) => r.kind === 'sla.warning').reduce((a, r) => a + r.n, 0);
        const breaches = rows.filter((r) => r.kind !== 'sla.warning').reduce((a, r) => a + r.n, 0);
        if (warnings + breaches === 0) continue;
        if (await this.staffMail.enqueueDigest(m, c.staff_user_id, { warnings, breaches })) queued++;
      }
      return queued;
    });
  }
}
