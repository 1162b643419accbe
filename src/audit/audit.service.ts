import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import * as repo from './audit.repository';

export type { AuditRow } from './audit.repository';

/** What staff did; `case.*` rows name the case, `user.*`/`auth.*` rows may name another user. */
export type AuditAction =
  | 'auth.login'
  | 'auth.login-failed'
  | 'auth.locked'
  | 'auth.logout'
  | 'auth.password-changed'
  | 'auth.totp-enabled'
  | 'auth.totp-disabled'
  | 'case.open'
  | 'case.claim'
  | 'case.assign'
  | 'case.transfer'
  | 'case.status'
  | 'case.note'
  | 'case.tags'
  | 'case.lock'
  | 'case.export'
  | 'case.reply'
  | 'case.crisis'
  // Privacy: a case's content erased (data: by, reason for admins); one row per retention run with counts.
  | 'case.erase'
  | 'retention.run'
  | 'sla.change'
  | 'user.create'
  | 'user.update'
  | 'user.password-reset'
  | 'region.change'
  // A stored bulk mail turned into a case by a worker or admin (data: rawMailId).
  | 'mail.convert'
  | 'topic.change'
  // An organisation created or its name, look, sender or retention changed (data: op, organisation).
  | 'organisation.change'
  // An organisation mailbox added or changed (data: op, mailbox id, address; never its secrets).
  | 'mailbox.change'
  // Staff search (data: the query's shape and filters, never its words) and, per case whose
  // reference and snippet a search showed, one `case.search_hit` (a snippet is a read of the case).
  | 'search'
  | 'case.search_hit'
  // An absence set or ended (data: from, to, substitute; the target is the absent user).
  | 'absence.set'
  | 'absence.end'
  // Several cases in one request: each case's own action row follows (data: action, count).
  | 'case.bulk'
  | 'audit.read'
  | 'export';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  caseId?: string | null;
  targetUserId?: string | null;
  /**
   * The organisation whose trail the row joins. Left out, it is the case's organisation, else the
   * actor's (the platform admin's own actions without a case: the platform's, null). A transfer
   * between organisations writes one row for each side.
   */
  organisationId?: number | null;
  /** Facts only (ids, codes, counts): never message text, names or addresses. */
  data?: Record<string, string | number | boolean | null | string[]>;
}

/** One audit row, in the caller's transaction: a change and its trace commit together or not at all. */
export async function recordAudit(m: EntityManager | DataSource, e: AuditEntry): Promise<void> {
  await recordAuditMany(m, [e]);
}

/** Several rows in one statement (same caller transaction rules as recordAudit). */
export async function recordAuditMany(m: EntityManager | DataSource, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await repo.insertAuditRows(m, entries);
}

/**
 * The append-only audit trail (`audit_log`; a trigger makes PostgreSQL refuse UPDATE, DELETE
 * and TRUNCATE). Write inside the transaction of the change it records, so both commit or neither.
 * Other modules: inject AuditService and call `record(manager, {...})`, e.g. for exports.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(m: EntityManager | DataSource | null, e: AuditEntry): Promise<void> {
    await recordAudit(m ?? this.db, e);
  }

  async recordMany(m: EntityManager | DataSource | null, entries: AuditEntry[]): Promise<void> {
    await recordAuditMany(m ?? this.db, entries);
  }

  /**
   * The trail of one case, or of one user (as actor or as target), newest first, keyset-paged by id;
   * `scope` (organisationParam): only the rows of that organisation's trail (null: every row).
   */
  async list(
    filter: { caseId?: string; userId?: string },
    limit: number,
    before?: string,
    scope: number | null = null,
  ): Promise<{ items: repo.AuditRow[]; next: string | null }> {
    // One row more than the page: whether there is a next one.
    const rows = await repo.auditRows(this.db, filter, limit + 1, before ?? null, scope);
    const items = rows.slice(0, limit);
    return { items, next: rows.length > limit ? items[items.length - 1].id : null };
  }
}
