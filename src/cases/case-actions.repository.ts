import * as sql from '../database/sql';
import { scopeSql } from './staff-case-scope';
import type { TransferReason } from './transfer-note';

/**
 * The SQL of what staff do to a case (docs/data-layer.md): CaseActionsService keeps the rules
 * (roles, validation, events, audit, notices) and calls these inside its transaction, in the
 * same order as before; this file only reads and writes rows. Also the soft lock's release on a
 * close or a reply (CasesService), the auto-close job's system note and the list of transfers out
 * (CaseTransfersService).
 */

/** The case as an action sees it, read under its row lock. */
export interface LockedCase {
  id: string;
  status: string;
  region_id: number;
  assigned_to: string | null;
}

export interface RegionOfOrganisation {
  id: number;
  code: string;
  organisation_id: number;
  organisation_code: string;
  organisation_name: string;
}

/** The case within the caller's scope (`scopeParam`), locked FOR UPDATE; undefined: not there or not theirs. */
export function lockCase(m: sql.Db, id: string, scope: unknown): Promise<LockedCase | undefined> {
  return sql.one<LockedCase>(
    m,
    `SELECT c.id, c.status, c.region_id, c.assigned_to FROM cases c WHERE c.id = $1 AND ${scopeSql(2)} FOR UPDATE`,
    [id, scope],
  );
}

/** Whether the user is an active worker of the region. */
export async function activeInRegion(m: sql.Db, userId: string, regionId: number): Promise<boolean> {
  const found = await sql.count(
    m,
    `SELECT 1 FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id WHERE u.id = $1 AND u.active AND sr.region_id = $2`,
    [userId, regionId],
  );
  return found > 0;
}

export async function setAssignee(m: sql.Db, caseId: string, to: string | null, status: string): Promise<void> {
  await sql.exec(m, `UPDATE cases SET assigned_to = $2, status = $3, updated_at = now() WHERE id = $1`, [
    caseId,
    to,
    status,
  ]);
}

export function regionByCode(m: sql.Db, code: string): Promise<RegionOfOrganisation | undefined> {
  return sql.one<RegionOfOrganisation>(
    m,
    `SELECT r.id, r.code, r.organisation_id, o.code AS organisation_code, o.name AS organisation_name
           FROM region r JOIN organisation o ON o.id = r.organisation_id WHERE r.code = $1`,
    [code],
  );
}

/** The region a case is in (it always exists: the case's foreign key). */
export function regionById(m: sql.Db, id: number): Promise<RegionOfOrganisation> {
  return sql.only<RegionOfOrganisation>(
    m,
    `SELECT r.id, r.code, r.organisation_id, o.code AS organisation_code, o.name AS organisation_name
           FROM region r JOIN organisation o ON o.id = r.organisation_id WHERE r.id = $1`,
    [id],
  );
}

/** To another region: unassigned there. */
export async function moveToRegion(m: sql.Db, caseId: string, regionId: number): Promise<void> {
  await sql.exec(m, `UPDATE cases SET region_id = $2, assigned_to = NULL, updated_at = now() WHERE id = $1`, [
    caseId,
    regionId,
  ]);
}

/** An internal note; author null is the system's. */
export async function insertNote(m: sql.Db, caseId: string, authorId: string | null, text: string): Promise<void> {
  await sql.exec(m, `INSERT INTO case_note (case_id, author_id, body_text) VALUES ($1, $2, $3)`, [
    caseId,
    authorId,
    text,
  ]);
}

/** The system's note on the timeline (no author), dated `at`. */
export async function insertSystemNote(m: sql.Db, caseId: string, text: string, at: Date): Promise<void> {
  await sql.exec(m, `INSERT INTO case_note (case_id, author_id, body_text, created_at) VALUES ($1, NULL, $2, $3)`, [
    caseId,
    text,
    at,
  ]);
}

/** An internal note by a staff member, returning its id. */
export async function insertStaffNote(m: sql.Db, caseId: string, authorId: string, text: string): Promise<string> {
  const n = await sql.only<{ id: string }>(
    m,
    `INSERT INTO case_note (case_id, author_id, body_text) VALUES ($1, $2, $3) RETURNING id`,
    [caseId, authorId, text],
  );
  return n.id;
}

/** The soft lock goes, whoever held it. */
export async function deleteLock(m: sql.Db, caseId: string): Promise<void> {
  await sql.exec(m, `DELETE FROM case_lock WHERE case_id = $1`, [caseId]);
}

/** What the sending side keeps of a case handed to another organisation (see CaseTransfersService). */
export async function insertTransfer(
  m: sql.Db,
  t: { caseId: string; from: RegionOfOrganisation; to: RegionOfOrganisation; reason: string; actorId: string },
): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO case_transfer (case_id, from_region_id, from_organisation_id, to_region_id, to_organisation_id, reason, actor_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [t.caseId, t.from.id, t.from.organisation_id, t.to.id, t.to.organisation_id, t.reason, t.actorId],
  );
}

/** What the crisis flag knew: the flag and the answer to the form's crisis question. */
export function crisisFacts(
  m: sql.Db,
  caseId: string,
): Promise<{ crisis: boolean; crisis_self_report: string | null }> {
  return sql.only<{ crisis: boolean; crisis_self_report: string | null }>(
    m,
    `SELECT crisis, crisis_self_report FROM cases WHERE id = $1`,
    [caseId],
  );
}

/** The help-seeker's own messages' text (for the triage rules). */
export function inboundTexts(m: sql.Db, caseId: string): Promise<{ body_text: string }[]> {
  return sql.rows<{ body_text: string }>(m, `SELECT body_text FROM message WHERE case_id = $1 AND direction = 'in'`, [
    caseId,
  ]);
}

/** The case's tags become exactly `tags`: the others go, the new ones are added. */
export async function replaceTags(m: sql.Db, caseId: string, tags: string[]): Promise<void> {
  await sql.exec(m, `DELETE FROM case_tag WHERE case_id = $1 AND NOT (tag = ANY($2::text[]))`, [caseId, tags]);
  await sql.exec(m, `INSERT INTO case_tag (case_id, tag) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [
    caseId,
    tags,
  ]);
}

/** How many tags the case has besides `tag`. */
export async function otherTagCount(m: sql.Db, caseId: string, tag: string): Promise<number> {
  const { n } = await sql.only<{ n: number }>(
    m,
    `SELECT count(*)::int AS n FROM case_tag WHERE case_id = $1 AND tag <> $2`,
    [caseId, tag],
  );
  return n;
}

/** Adds one tag; false when the case had it already. */
export async function addTag(m: sql.Db, caseId: string, tag: string): Promise<boolean> {
  const added = await sql.count(
    m,
    `INSERT INTO case_tag (case_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING tag`,
    [caseId, tag],
  );
  return added > 0;
}

/**
 * Takes or refreshes the soft lock for `minutes` unless someone else holds a live one: the new
 * expiry, or undefined when it is theirs.
 */
export async function takeLock(m: sql.Db, caseId: string, staffId: string, minutes: number): Promise<Date | undefined> {
  const row = await sql.one<{ expires_at: Date }>(
    m,
    `INSERT INTO case_lock (case_id, staff_user_id, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))
         ON CONFLICT (case_id) DO UPDATE SET staff_user_id = EXCLUDED.staff_user_id, expires_at = EXCLUDED.expires_at
           WHERE case_lock.staff_user_id = EXCLUDED.staff_user_id OR case_lock.expires_at <= now()
         RETURNING expires_at`,
    [caseId, staffId, minutes],
  );
  return row?.expires_at;
}

/** Whoever holds the case's lock (live or not), if anyone. */
export function lockHolder(m: sql.Db, caseId: string): Promise<{ display_name: string } | undefined> {
  return sql.one<{ display_name: string }>(
    m,
    `SELECT u.display_name FROM case_lock l JOIN staff_user u ON u.id = l.staff_user_id WHERE l.case_id = $1`,
    [caseId],
  );
}

/** The user's own lock goes. */
export async function releaseLock(m: sql.Db, caseId: string, staffId: string): Promise<void> {
  await sql.exec(m, `DELETE FROM case_lock WHERE case_id = $1 AND staff_user_id = $2`, [caseId, staffId]);
}

/** One case the organisation handed to another, as the sending side lists it (`id`: the cursor). */
export interface TransferredOutRow {
  id: string;
  caseRef: string;
  transferredAt: Date;
  fromRegionCode: string;
  fromRegionName: string;
  toCode: string;
  toName: string;
  reason: TransferReason;
}

/**
 * Up to `limit` transfers out of the regions (null: every region) of the organisation, newest
 * first, older than the cursor `after` (the id of the last one seen) when given.
 */
export function transferredOut(
  m: sql.Db,
  regionIds: number[] | null,
  organisationId: number | null,
  after: string | null,
  limit: number,
): Promise<TransferredOutRow[]> {
  return sql.rows<TransferredOutRow>(
    m,
    `SELECT t.id::text AS id, c.case_ref AS "caseRef", t.transferred_at AS "transferredAt",
              fr.code AS "fromRegionCode", fr.name AS "fromRegionName", o.code AS "toCode", o.name AS "toName", t.reason
         FROM case_transfer t
         JOIN cases c ON c.id = t.case_id
         JOIN region fr ON fr.id = t.from_region_id
         JOIN organisation o ON o.id = t.to_organisation_id
        WHERE ($1::int[] IS NULL OR (t.from_region_id = ANY($1::int[]) AND t.from_organisation_id = $2::int))
          AND ($3::bigint IS NULL OR t.id < $3::bigint)
        ORDER BY t.id DESC
        LIMIT $4`,
    [regionIds, organisationId, after, limit],
  );
}
