import { EntityManager } from 'typeorm';
import * as cases from './cases.repository';
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
  const marked = await cases.setEmailUndeliverable(m, caseId);
  if (marked)
    await recordCaseEvent(m, { caseId, type: 'email.undeliverable', regionId: marked.region_id, channel: 'email' });
}

/** Erased cases leave every inbox view and the SLA scan (the statement is cases.repository.ts's). */
export { markCasesErased } from './cases.repository';
