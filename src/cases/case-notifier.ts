import type { EntityManager } from 'typeorm';
import type { CaseEventData } from './case-events';

/**
 * The port through which case work tells staff "this needs you" (new message on my case, a case
 * assigned or transferred to me, a review requested/returned/approved, a help-seeker asking for
 * personal contact). Cases, replies and evaluation know only this; src/notifications implements it
 * (a global provider under CASE_NOTIFIER), so none of them imports the notifications module.
 * Runs in the caller's transaction: no change, no notification. Facts and ids only, never text.
 */
export const CASE_NOTIFIER = Symbol('CaseNotifier');

export const CASE_NOTICE_KINDS = [
  'message.received',
  'case.assigned',
  'case.transferred',
  'review.requested',
  'review.returned',
  'review.approved',
  'evaluation.contact_requested',
] as const;
export type CaseNoticeKind = (typeof CASE_NOTICE_KINDS)[number];

export interface CaseNotice {
  /** One person, or the active staff of a region with these roles (e.g. its supervisors). */
  to: { staffUserId: string } | { regionId: number; roles: string[] };
  caseId: string;
  kind: CaseNoticeKind;
  data?: Record<string, CaseEventData>;
  /** Who caused it; never told about their own act. */
  actorId?: string | null;
  at?: Date;
}

export interface CaseNotifier {
  notify(m: EntityManager, notices: CaseNotice[]): Promise<void>;
  /**
   * What was asked is done (a review decided): the open notices of this kind about this case (and,
   * with `replyId`, this reply) are marked read for everyone, so nobody is sent to a finished job.
   */
  settle(m: EntityManager, s: { caseId: string; kind: CaseNoticeKind; replyId?: string }): Promise<void>;
}
