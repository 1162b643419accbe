import { EntityManager } from 'typeorm';
import * as sql from '../database/sql';
import { recordCaseEvent } from './case-events';

/**
 * State changes of the case that other modules ask for, in the caller's transaction. Only the
 * cases module writes `cases`: the status and reply steps are CasesService methods (they need
 * SLA), these need nothing else.
 */

/** What a state change needs to know of the case, read under its row lock by the caller. */
export interface CaseState {
  id: string;
  region_id: number;
  status: string;
  assigned_to?: string | null;
}

/** A bounce says the help-seeker's address takes no mail: marked once, with its event. */
export async function markEmailUndeliverable(m: EntityManager, caseId: string): Promise<void> {
  const rows = await sql.rows<{ region_id: number }>(
    m,
    `UPDATE cases SET email_undeliverable_at = now(), updated_at = now()
      WHERE id = $1 AND email_undeliverable_at IS NULL RETURNING region_id`,
    [caseId],
  );
  if (rows[0])
    await recordCaseEvent(m, { caseId, type: 'email.undeliverable', regionId: rows[0].region_id, channel: 'email' });
}

/** Erased cases leave every inbox view and the SLA scan: closed, unassigned, no target, no link. */
export async function markCasesErased(m: EntityManager, ids: string[], by: string | null, now: Date): Promise<void> {
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
