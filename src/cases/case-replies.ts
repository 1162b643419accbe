import type { EntityManager } from 'typeorm';

/**
 * The port through which case work asks the replies module (the one writer of `reply`) to drop
 * what staff had not sent yet, e.g. when a case leaves for another organisation. Declared here so
 * cases does not import replies (replies depends on cases); src/replies provides it globally
 * under CASE_REPLIES. Runs in the caller's transaction.
 */
export const CASE_REPLIES = Symbol('CaseReplies');

export interface CaseReplies {
  /** Deletes the case's drafts, replies waiting for review and returned ones (with their review steps); returns how many. */
  discardUnsent(m: EntityManager, caseId: string): Promise<number>;
}
