import { EntityManager } from 'typeorm';
import { markCasesErased } from '../cases/case-state';
import * as repo from './erasure.repository';

export type ErasedBy = 'help-seeker' | 'admin' | 'retention';

export interface ErasureCounts {
  cases: number;
  messages: number;
  attachments: number;
  rawMails: number;
  outboxMails: number;
  notes: number;
}

/**
 * Erases the content of the given cases inside the caller's transaction and keeps their facts.
 *
 * Goes: message text (overwritten with ''), the mail side of messages (addresses, subjects, full
 * text, HTML), attachments, raw mail bytes, outgoing mails (addresses and text, pending ones are
 * never sent), reply tokens, reply drafts' text, staff notes and soft locks, the nickname (a placeholder, the column
 * requires one), the e-mail address and consent, the free-text need and the postcode area.
 * A fresh random hash replaces the case link's hash, so the old link opens nothing.
 * Stays: the case row (region, topic, channel, need, times, status closed), its `case_event`
 * rows (plus one `case.erased`), the help-seeker's age band, gender and language, the audit log.
 * Cases already erased are skipped; the counts say what this call erased.
 */
export async function eraseCases(m: EntityManager, caseIds: string[], by: ErasedBy, now: Date): Promise<ErasureCounts> {
  const counts: ErasureCounts = { cases: 0, messages: 0, attachments: 0, rawMails: 0, outboxMails: 0, notes: 0 };
  if (!caseIds.length) return counts;
  // Lock first (in id order, so concurrent erasures of overlapping batches cannot deadlock).
  const locked = await repo.lockCasesToErase(m, caseIds);
  if (!locked.length) return counts;
  const ids = locked.map((c) => c.id);
  counts.cases = ids.length;

  counts.attachments = await repo.deleteAttachments(m, ids);
  await repo.deleteMailMessages(m, ids);
  counts.rawMails = await repo.deleteRawMails(m, ids);
  counts.messages = await repo.blankMessages(m, ids);
  counts.outboxMails = await repo.deleteOutboxMails(m, ids);
  counts.notes = await repo.deleteNotes(m, ids);
  await repo.deleteReplyTokens(m, ids);
  // Reply drafts and sent replies (replies module) keep status, template, checklist and referrals as facts.
  const { reply, review } = await repo.replyTablesPresent(m);
  if (reply) await repo.blankReplies(m, ids);
  // Review steps keep who did what and when; the supervisor's comment and the text before an edit go.
  if (review) await repo.blankReviewComments(m, ids);
  await repo.deleteCaseLocks(m, ids);
  // Help-seeker sessions and question keys hold the case token sealed: they go with the case.
  await repo.deleteSessionsAndQuestionKeys(m, ids);
  const helpSeekerIds = locked.map((c) => c.help_seeker_id);
  await repo.blankHelpSeekers(m, helpSeekerIds);
  // Off every inbox view and out of the SLA scan: closed, unassigned, no target running.
  await markCasesErased(m, ids, by, now);
  await repo.recordErasedEvents(m, ids, by, now);
  return counts;
}
