import type * as sql from '../database/sql';
import { insertCaseEvent } from './cases.repository';

/** Case event types written so far; later modules add theirs. Facts only, never text. */
export type CaseEventType =
  | 'case.created'
  | 'message.received'
  | 'case.reopened'
  // SLA: a target met or missed (with wall and business seconds), warned, breached, paused, resumed, stopped.
  | 'sla.met'
  | 'sla.missed'
  | 'sla.warning'
  | 'sla.breached'
  | 'sla.paused'
  | 'sla.resumed'
  | 'sla.stopped'
  | 'case.crisis_set'
  | 'case.crisis_cleared'
  // A worker's one-click verdict on the crisis flag (data: verdict, flagged, wording, selfReport; never text).
  | 'case.crisis_reviewed'
  // E-mail: a bounce says the help-seeker's address takes no mail.
  | 'email.undeliverable'
  // Outbound mail: sent (or kept in the app without a relay), or given up after its last try (data: outbox id, kind; never addresses).
  | 'email.sent'
  | 'email.failed'
  // Staff handling the case (data: ids, region codes and statuses; never note text).
  | 'case.assigned'
  | 'case.unassigned'
  | 'case.transferred'
  | 'case.status_changed'
  | 'case.note_added'
  // Privacy: the case's content erased (data: by 'help-seeker' | 'admin' | 'retention'); the facts stay.
  | 'case.erased'
  // Help-seeker's evaluation of a reply round (data: evaluationId, yes/no answers, 1–5 scores, hasComment; never the comment).
  | 'evaluation.submitted'
  | 'evaluation.updated'
  // A "yes" to talking to a social worker in person: a follow-up task for the worker.
  | 'evaluation.contact_requested'
  // A reply went out (actor: its author; data: replyId, the checklist items met, referral counts by kind; never text).
  | 'reply.sent'
  // A trainee's reply under review (data: replyId, the review step's id; an edit names the changed sections). Never text or comment.
  | 'reply.submitted'
  | 'reply.edited'
  | 'reply.returned'
  | 'reply.approved'
  // Closed by the daily job after N days waiting on the help-seeker (data: days).
  | 'case.auto_closed';

/** A JSON value for event data: facts only (ids, codes, counts, flags). */
export type CaseEventData = string | number | boolean | null | CaseEventData[] | { [key: string]: CaseEventData };

export interface CaseEventInput {
  caseId: string;
  type: CaseEventType;
  regionId?: number;
  channel?: string;
  actorId?: string;
  data?: Record<string, CaseEventData>;
  wallSeconds?: number;
  businessSeconds?: number;
  /** Defaults to the transaction's now(); services that take `now` from their caller pass it. */
  occurredAt?: Date;
}

/** Records one case event (a fact, never text) in the caller's transaction. */
export function recordCaseEvent(manager: sql.Db, e: CaseEventInput): Promise<void> {
  return insertCaseEvent(manager, e);
}
