import { EntityManager } from 'typeorm';
import { markCasesErased } from '../cases/case-state';
import * as sql from '../database/sql';

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
  const locked = await sql.rows<{ id: string; region_id: number; channel: string; help_seeker_id: string }>(
    m,
    `SELECT id, region_id, channel, help_seeker_id FROM cases WHERE id = ANY($1::uuid[]) AND erased_at IS NULL ORDER BY id FOR UPDATE`,
    [caseIds],
  );
  if (!locked.length) return counts;
  const ids = locked.map((c) => c.id);
  counts.cases = ids.length;

  counts.attachments = await sql.count(
    m,
    `DELETE FROM mail_attachment a USING message msg WHERE a.message_id = msg.id AND msg.case_id = ANY($1::uuid[])`,
    [ids],
  );
  await sql.exec(
    m,
    `DELETE FROM mail_message mm USING message msg WHERE mm.message_id = msg.id AND msg.case_id = ANY($1::uuid[])`,
    [ids],
  );
  counts.rawMails = await sql.count(m, `DELETE FROM raw_mail WHERE case_id = ANY($1::uuid[])`, [ids]);
  counts.messages = await sql.count(
    m,
    `UPDATE message SET body_text = '' WHERE case_id = ANY($1::uuid[]) AND body_text <> ''`,
    [ids],
  );
  counts.outboxMails = await sql.count(m, `DELETE FROM outbox WHERE case_id = ANY($1::uuid[])`, [ids]);
  counts.notes = await sql.count(m, `DELETE FROM case_note WHERE case_id = ANY($1::uuid[])`, [ids]);
  await sql.exec(m, `DELETE FROM reply_token WHERE case_id = ANY($1::uuid[])`, [ids]);
  // Reply drafts and sent replies (replies module) keep status, template, checklist and referrals as facts.
  const { reply, review } = await sql.only<{ reply: boolean; review: boolean }>(
    m,
    `SELECT to_regclass('public.reply') IS NOT NULL AS reply, to_regclass('public.reply_review') IS NOT NULL AS review`,
  );
  if (reply) {
    await sql.exec(m, `UPDATE reply SET sections = '{}'::jsonb, body_text = NULL WHERE case_id = ANY($1::uuid[])`, [
      ids,
    ]);
  }
  // Review steps keep who did what and when; the supervisor's comment and the text before an edit go.
  if (review) {
    await sql.exec(
      m,
      `UPDATE reply_review SET comment = NULL, sections_before = NULL WHERE case_id = ANY($1::uuid[])`,
      [ids],
    );
  }
  await sql.exec(m, `DELETE FROM case_lock WHERE case_id = ANY($1::uuid[])`, [ids]);
  // Help-seeker sessions and question keys hold the case token sealed: they go with the case.
  await sql.exec(m, `DELETE FROM help_seeker_session WHERE case_id = ANY($1::uuid[])`, [ids]);
  await sql.exec(m, `DELETE FROM question_idempotency WHERE case_id = ANY($1::uuid[])`, [ids]);
  await sql.exec(
    m,
    `UPDATE help_seeker SET nickname = '-', email = NULL, email_consent_at = NULL WHERE id = ANY($1::uuid[])`,
    [locked.map((c) => c.help_seeker_id)],
  );
  // Off every inbox view and out of the SLA scan: closed, unassigned, no target running.
  await markCasesErased(m, ids, by, now);
  await sql.exec(
    m,
    `INSERT INTO case_event (case_id, type, region_id, channel, data, occurred_at)
     SELECT c.id, 'case.erased', c.region_id, c.channel, jsonb_build_object('by', $2::text), $3 FROM cases c WHERE c.id = ANY($1::uuid[])`,
    [ids, by, now],
  );
  return counts;
}
