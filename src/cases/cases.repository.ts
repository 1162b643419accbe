import * as sql from '../database/sql';
import { scopeSql } from './staff-case-scope';

/**
 * The SQL of the case rows and their events (docs/data-layer.md): status, assignee, the inbound
 * message, the search document, the bounce and erasure marks, the auto-close pick. CasesService,
 * the auto-close job and the small state helpers (case-events.ts, case-state.ts,
 * case-search-document.ts) keep the rules and call these inside their transaction; this file only
 * reads and writes rows.
 */

/**
 * One case event's row values. The event vocabulary (`CaseEventType`, facts only) is
 * case-events.ts's, whose `recordCaseEvent` is the way to write one.
 */
export interface CaseEventRow {
  caseId: string;
  type: string;
  regionId?: number;
  channel?: string;
  actorId?: string;
  data?: Record<string, unknown>;
  wallSeconds?: number;
  businessSeconds?: number;
  /** Defaults to the transaction's now(). */
  occurredAt?: Date;
}

export async function insertCaseEvent(m: sql.Db, e: CaseEventRow): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO case_event (case_id, type, region_id, channel, actor_id, data, wall_seconds, business_seconds, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, now()))`,
    [
      e.caseId,
      e.type,
      e.regionId ?? null,
      e.channel ?? null,
      e.actorId ?? null,
      JSON.stringify(e.data ?? {}),
      e.wallSeconds ?? null,
      e.businessSeconds ?? null,
      e.occurredAt ?? null,
    ],
  );
}

export async function setStatus(m: sql.Db, caseId: string, status: string): Promise<void> {
  await sql.exec(m, `UPDATE cases SET status = $2, updated_at = now() WHERE id = $1`, [caseId, status]);
}

/** The case becomes the replying worker's (the caller checked nobody had it). */
export async function setAssignedTo(m: sql.Db, caseId: string, staffUserId: string): Promise<void> {
  await sql.exec(m, `UPDATE cases SET assigned_to = $2 WHERE id = $1`, [caseId, staffUserId]);
}

/** The help-seeker's address and consent, only when they had none; false when they had one. */
export async function setHelpSeekerEmailIfNone(m: sql.Db, caseId: string, email: string): Promise<boolean> {
  const changed = await sql.count(
    m,
    `UPDATE help_seeker h SET email = $2, email_consent_at = now()
         FROM cases c WHERE c.id = $1 AND c.help_seeker_id = h.id AND h.email IS NULL RETURNING h.id`,
    [caseId, email],
  );
  return changed > 0;
}

/** What a new message needs to know of its case, read under the case's row lock. */
export interface CaseForMessage {
  status: string;
  region_id: number;
  assigned_to: string | null;
}

export function lockCaseForMessage(m: sql.Db, caseId: string): Promise<CaseForMessage> {
  return sql.only<CaseForMessage>(m, `SELECT status, region_id, assigned_to FROM cases WHERE id = $1 FOR UPDATE`, [
    caseId,
  ]);
}

/** The help-seeker's message on the case, returning its id. */
export async function insertInboundMessage(m: sql.Db, caseId: string, channel: string, text: string): Promise<string> {
  const row = await sql.only<{ id: string }>(
    m,
    `INSERT INTO message (case_id, direction, channel, body_text) VALUES ($1, 'in', $2, $3) RETURNING id`,
    [caseId, channel, text],
  );
  return row.id;
}

/** A message arrived: its time, the search document, and open again when `reopen`. */
export async function touchForInboundMessage(m: sql.Db, caseId: string, reopen: boolean): Promise<void> {
  await sql.exec(
    m,
    `UPDATE cases SET last_message_at = now(), updated_at = now(), status = CASE WHEN $2 THEN 'open' ELSE status END,
              search_tsv = case_search_document(id) WHERE id = $1`,
    [caseId, reopen],
  );
}

/**
 * Rebuilds a case's full-text document (`cases.search_tsv`) from its messages, notes and tags,
 * in the caller's transaction, after any of them changed. The document's recipe is the database
 * function case_search_document() (migration 1733800000000), shared with the migration and the
 * bench. An erased case keeps no document.
 */
export async function refreshSearchDocument(m: sql.Db, caseId: string): Promise<void> {
  await sql.exec(m, `UPDATE cases SET search_tsv = case_search_document(id) WHERE id = $1 AND erased_at IS NULL`, [
    caseId,
  ]);
}

/** Marks the address undeliverable once: the case's region, or undefined when it was marked already. */
export async function setEmailUndeliverable(m: sql.Db, caseId: string): Promise<{ region_id: number } | undefined> {
  const rows = await sql.rows<{ region_id: number }>(
    m,
    `UPDATE cases SET email_undeliverable_at = now(), updated_at = now()
      WHERE id = $1 AND email_undeliverable_at IS NULL RETURNING region_id`,
    [caseId],
  );
  return rows[0];
}

/** Erased cases leave every inbox view and the SLA scan: closed, unassigned, no target, no link. */
export async function markCasesErased(m: sql.Db, ids: string[], by: string | null, now: Date): Promise<void> {
  await sql.exec(
    m,
    `UPDATE cases
        SET erased_at = $2, erased_by = $3, access_token_hash = sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())),
            status = 'closed', assigned_to = NULL, need_other = NULL, postcode_area = NULL,
            first_reply_due_at = NULL, next_reply_due_at = NULL, sla_target = NULL, sla_started_at = NULL, sla_check_at = NULL,
            search_tsv = NULL, updated_at = $2
      WHERE id = ANY($1::uuid[])`,
    [ids, now, by],
  );
}

/** A case that has waited on the help-seeker for its region's `auto_close_days` (`days`). */
export interface SilentCase {
  id: string;
  status: string;
  region_id: number;
  assigned_to: string | null;
  days: number;
}

/**
 * Up to `limit` cases silent long enough at `now`, locked; cases another transaction holds are
 * skipped (SKIP LOCKED), and `status = 'waiting'` is re-checked under the lock.
 */
export function silentCases(m: sql.Db, now: Date, limit: number): Promise<SilentCase[]> {
  return sql.rows<SilentCase>(
    m,
    `SELECT c.id, c.status, c.region_id, c.assigned_to, r.auto_close_days AS days
             FROM cases c JOIN region r ON r.id = c.region_id
            WHERE c.status = 'waiting' AND c.erased_at IS NULL AND r.auto_close_days IS NOT NULL
              AND GREATEST(
                    (SELECT max(msg.created_at) FROM message msg WHERE msg.case_id = c.id),
                    (SELECT max(e.occurred_at) FROM case_event e WHERE e.case_id = c.id AND e.type = 'case.status_changed')
                  ) <= $1::timestamptz - make_interval(days => r.auto_close_days)
            ORDER BY c.id LIMIT $2
            FOR UPDATE OF c SKIP LOCKED`,
    [now, limit],
  );
}

/** Case references of those ids that are in the scope (`scopeParam`). */
export function caseRefsInScope(m: sql.Db, ids: string[], scope: unknown): Promise<{ id: string; case_ref: string }[]> {
  return sql.rows<{ id: string; case_ref: string }>(
    m,
    `SELECT c.id, c.case_ref FROM cases c WHERE c.id = ANY($1::uuid[]) AND ${scopeSql(2)}`,
    [ids, scope],
  );
}
