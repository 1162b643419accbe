import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffIdentity } from '../auth/staff-identity';
import type { CaseNotice, CaseNotifier } from '../cases/case-notifier';
import { InputInvalidException } from '../common/validation';
import { StaffSlaMailService } from '../mail/outbound/staff-sla-mail.service';
import type { ScanNotified } from '../cases/sla-scan';
import type { SlaStaffAlerts } from '../cases/sla-staff-alerts';
import * as sql from '../database/sql';

export const SLA_MAIL_CHOICES = ['off', 'immediately', 'daily'] as const;
export type SlaMailChoice = (typeof SLA_MAIL_CHOICES)[number];

/** Kinds that are a task as well: the worker marks them done. */
export const TASK_KINDS = ['evaluation.contact_requested'];

export interface NotificationItem {
  id: string;
  kind: string;
  caseId: string | null;
  /** The case's short public reference (not a secret, not content), for the list. */
  caseRef: string | null;
  /** Facts only: target, due time, crisis flag, ids. */
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
  /** A task (personal contact request): when the worker marked it done; null while open. */
  doneAt: Date | null;
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
 * A visible notification: its case (if any) is in one of the caller's regions and not erased, so
 * a case moved to another region's team, or erased, leaves the list with it. `$2` the regions
 * (null: admin, every region).
 */
const VISIBLE = `(n.case_id IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.id = n.case_id AND c.erased_at IS NULL
                   AND ($2::int[] IS NULL OR c.region_id = ANY($2::int[]))))`;

/**
 * The same test as a LEFT JOIN LATERAL on the case's primary key, for the list and the count: the
 * planner then walks the user's notifications in index order and looks each case up by id, instead
 * of hashing every case of the regions (bench/notifications.bench.ts: 49 → under 1 ms at 1M).
 */
const VISIBLE_JOIN = `LEFT JOIN LATERAL (SELECT c.case_ref, c.erased_at, c.region_id FROM cases c WHERE c.id = n.case_id) c ON true`;
const VISIBLE_WHERE = `(n.case_id IS NULL OR (c.erased_at IS NULL AND c.region_id IS NOT NULL AND ($2::int[] IS NULL OR c.region_id = ANY($2::int[]))))`;

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
    const rows = await sql.rows<Omit<NotificationItem, 'task' | 'id'> & { id: string; k: string }>(
      this.db,
      `SELECT n.id::text AS id, n.kind, n.case_id AS "caseId", c.case_ref AS "caseRef", n.data, n.created_at AS "createdAt",
              n.read_at AS "readAt", n.done_at AS "doneAt", n.created_at::text AS k
         FROM notification n ${VISIBLE_JOIN}
        WHERE n.staff_user_id = $1 AND ${VISIBLE_WHERE}
          AND ($3::timestamptz IS NULL OR (n.created_at, n.id) < ($3::timestamptz, $4::bigint))
          AND (NOT $5 OR n.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id DESC LIMIT $6`,
      [staff.id, this.scope(staff), cursor?.[0] ?? null, cursor?.[1] ?? null, onlyUnread, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ k: _k, ...r }) => ({ ...r, task: TASK_KINDS.includes(r.kind) })),
      unread: await this.unreadCount(staff),
      next: rows.length > limit && last ? encodeCursor([last.k, last.id]) : null,
    };
  }

  async unreadCount(staff: StaffIdentity): Promise<number> {
    const r = await sql.only<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM notification n ${VISIBLE_JOIN}
          WHERE n.staff_user_id = $1 AND n.read_at IS NULL AND ${VISIBLE_WHERE} LIMIT $3) x`,
      [staff.id, this.scope(staff), UNREAD_CAP + 1],
    );
    return r.n;
  }

  /** Marks the caller's own notifications read (others' ids are ignored); `all` marks every one. */
  async markRead(staff: StaffIdentity, sel: { ids?: string[]; all?: boolean }): Promise<number> {
    return sql.count(
      this.db,
      `UPDATE notification SET read_at = now()
        WHERE staff_user_id = $1 AND read_at IS NULL AND ($2 OR id = ANY($3::bigint[])) RETURNING id`,
      [staff.id, !!sel.all, sel.all ? [] : (sel.ids ?? [])],
    );
  }

  /** A task done (and read): only the caller's own task; anything else is 404. */
  async markDone(staff: StaffIdentity, id: string): Promise<void> {
    const rows = /^\d{1,18}$/.test(id)
      ? await sql.rows<{ id: string }>(
          this.db,
          `UPDATE notification n SET done_at = COALESCE(done_at, now()), read_at = COALESCE(read_at, now())
            WHERE n.id = $3 AND n.staff_user_id = $1 AND n.kind = ANY($4::text[]) AND ${VISIBLE} RETURNING id`,
          [staff.id, this.scope(staff), id, TASK_KINDS],
        )
      : [];
    if (!rows.length) throw new NotFoundException({ code: 'notification_not_found', message: 'errors.http404' });
  }

  /** Open tasks (personal contact requests not yet done) of the caller. */
  async openTasks(staff: StaffIdentity): Promise<NotificationItem[]> {
    const rows = await sql.rows<NotificationItem>(
      this.db,
      `SELECT n.id::text AS id, n.kind, n.case_id AS "caseId", c.case_ref AS "caseRef", n.data, n.created_at AS "createdAt",
              n.read_at AS "readAt", n.done_at AS "doneAt"
         FROM notification n ${VISIBLE_JOIN}
        WHERE n.staff_user_id = $1 AND ${VISIBLE_WHERE} AND n.kind = ANY($3::text[]) AND n.done_at IS NULL
        ORDER BY n.created_at, n.id LIMIT 100`,
      [staff.id, this.scope(staff), TASK_KINDS],
    );
    return rows.map((r) => ({ ...r, task: true }));
  }

  async settings(staffUserId: string): Promise<{ slaMail: SlaMailChoice }> {
    const r = await sql.one<{ sla_mail: string }>(
      this.db,
      `SELECT sla_mail FROM notification_setting WHERE staff_user_id = $1`,
      [staffUserId],
    );
    return { slaMail: (r?.sla_mail as SlaMailChoice) ?? 'immediately' };
  }

  async setSettings(staffUserId: string, s: { slaMail: unknown }): Promise<{ slaMail: SlaMailChoice }> {
    if (!(SLA_MAIL_CHOICES as readonly unknown[]).includes(s.slaMail))
      throw new InputInvalidException({ slaMail: ['notifications.invalid.slaMail'] });
    // A new daily choice starts its digest from now: no digest of what was mailed before.
    await sql.exec(
      this.db,
      `INSERT INTO notification_setting (staff_user_id, sla_mail, digest_through) VALUES ($1, $2, now())
       ON CONFLICT (staff_user_id) DO UPDATE SET sla_mail = EXCLUDED.sla_mail, updated_at = now(),
         digest_through = CASE WHEN notification_setting.sla_mail = 'daily' THEN notification_setting.digest_through ELSE now() END`,
      [staffUserId, s.slaMail],
    );
    return { slaMail: s.slaMail as SlaMailChoice };
  }

  /** CASE_NOTIFIER: writes the notices in the caller's transaction; a region's role group is resolved here. */
  async notify(m: EntityManager, notices: CaseNotice[]): Promise<void> {
    for (const n of notices) {
      const at = n.at ?? null;
      const data = JSON.stringify(n.data ?? {});
      if ('staffUserId' in n.to) {
        if (n.to.staffUserId === n.actorId) continue;
        await sql.exec(
          m,
          `INSERT INTO notification (staff_user_id, case_id, kind, data, created_at)
           SELECT u.id, $2, $3, $4, COALESCE($5, now()) FROM staff_user u WHERE u.id = $1 AND u.active`,
          [n.to.staffUserId, n.caseId, n.kind, data, at],
        );
      } else {
        await sql.exec(
          m,
          `INSERT INTO notification (staff_user_id, case_id, kind, data, created_at)
           SELECT DISTINCT u.id, $2::uuid, $3, $4::jsonb, COALESCE($5, now())
             FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id
            WHERE sr.region_id = $1 AND u.active AND u.role = ANY($6::text[]) AND u.id IS DISTINCT FROM $7::uuid`,
          [n.to.regionId, n.caseId, n.kind, data, at, n.to.roles, n.actorId ?? null],
        );
      }
    }
  }

  /** CASE_NOTIFIER: a finished job's open notices are read for everyone (see CaseNotifier.settle). */
  async settle(m: EntityManager, s: { caseId: string; kind: string; replyId?: string }): Promise<void> {
    await sql.exec(
      m,
      `UPDATE notification SET read_at = now()
        WHERE case_id = $1 AND kind = $2 AND read_at IS NULL AND ($3::text IS NULL OR data->>'replyId' = $3)`,
      [s.caseId, s.kind, s.replyId ?? null],
    );
  }

  /**
   * SLA_STAFF_ALERTS: the scan batch's notices become in-app notifications, and the content-free
   * e-mail goes at once only to those who chose "immediately" (the default); "daily" waits for
   * the digest job, "off" gets none. Returns the number of mails queued.
   */
  async enqueue(m: EntityManager, notified: ScanNotified[]): Promise<number> {
    if (!notified.length) return 0;
    await sql.exec(
      m,
      `INSERT INTO notification (staff_user_id, case_id, kind, data)
       SELECT x."staffUserId", x."caseId", 'sla.' || x.kind, x.data
         FROM jsonb_to_recordset($1::jsonb) AS x("staffUserId" uuid, "caseId" uuid, kind text, data jsonb)`,
      [JSON.stringify(notified)],
    );
    const people = [...new Set(notified.map((n) => n.staffUserId))];
    const immediate = await sql.rows<{ id: string }>(
      m,
      `SELECT u.id FROM unnest($1::uuid[]) AS u(id) LEFT JOIN notification_setting s ON s.staff_user_id = u.id
        WHERE COALESCE(s.sla_mail, 'immediately') = 'immediately'`,
      [people],
    );
    const now = new Set(immediate.map((r) => r.id));
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
      const claimed = await sql.rows<{ staff_user_id: string; since: Date | null }>(
        m,
        `WITH due AS (
           SELECT staff_user_id, digest_through FROM notification_setting
            WHERE sla_mail = 'daily' AND (digest_through IS NULL OR digest_through <= $1::timestamptz - interval '23 hours')
            FOR UPDATE SKIP LOCKED)
         UPDATE notification_setting s SET digest_through = $1 FROM due
          WHERE s.staff_user_id = due.staff_user_id
         RETURNING s.staff_user_id, due.digest_through AS since`,
        [now],
      );
      let queued = 0;
      for (const c of claimed) {
        const rows = await sql.rows<{ kind: string; n: number }>(
          m,
          `SELECT kind, count(*)::int AS n FROM notification
            WHERE staff_user_id = $1 AND kind LIKE 'sla.%' AND created_at <= $3
              AND ($2::timestamptz IS NULL OR created_at > $2) GROUP BY kind`,
          [c.staff_user_id, c.since, now],
        );
        const warnings = rows.filter((r) => r.kind === 'sla.warning').reduce((a, r) => a + r.n, 0);
        const breaches = rows.filter((r) => r.kind !== 'sla.warning').reduce((a, r) => a + r.n, 0);
        if (warnings + breaches === 0) continue;
        if (await this.staffMail.enqueueDigest(m, c.staff_user_id, { warnings, breaches })) queued++;
      }
      return queued;
    });
  }
}
