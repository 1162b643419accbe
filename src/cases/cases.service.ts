import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import * as sql from '../database/sql';
import { hashToken, newCaseRef, newSecretToken } from '../common/secrets';
import { Postcode } from '../routing/postcode';
import { InputInvalidException } from '../common/validation';
import { memoised, TransactionMemo } from '../database/transaction-memo';
import { routedRegion, routeParams, routeSql, RoutedRegion } from '../routing/region-routing.service';
import { ExpectedReply, RegionSla, RegionSlaRow, regionSql, SlaService } from '../sla/sla.service';
import { triage, TriageResult } from '../triage/crisis-triage';
import { CaseSlaService } from './case-sla.service';
import { recordCaseEvent } from './case-events';
import { CASE_NOTIFIER, type CaseNotifier } from './case-notifier';
import type { CaseState } from './case-state';
import { refreshSearchDocument } from './case-search-document';
import { offerToPreviousWorker } from './staff-case-continuity';
import { messagesReceived, questionsReceived } from '../metrics/process-metrics';

export type Channel = 'web' | 'email';

export interface NewCase {
  channel: Channel;
  helpSeeker: {
    nickname: string;
    ageBand?: string | null;
    gender?: string | null;
    language: 'nl' | 'en';
    email?: string | null;
  };
  /** Routed by postcode when given; `region` (e.g. a region's own mail address) wins over it. */
  postcode?: Postcode;
  region?: RoutedRegion;
  /** Must be an active topic; otherwise InputInvalidException on `topic`, nothing written. */
  topic?: string | null;
  need?: string | null;
  needOther?: string | null;
  firstMessage: { text: string };
  /** When the question arrived; the first-reply clock starts here (default: now). */
  receivedAt?: Date;
  /** The form's crisis question; 'yes' makes the case a crisis case whatever the words. */
  crisisSelfReport?: 'yes' | 'no' | 'rather-not-say' | null;
}

/** How a caller that writes many cases in one transaction (a group of inbound mails) helps. */
export interface CaseBatchHints {
  /** Look-ups shared by the group's cases (the region and its SLA settings). */
  memo?: TransactionMemo;
  /**
   * The caller read, under the address's lock, that no help-seeker had this e-mail address yet:
   * there is nobody to offer the case to for continuity, so that look-up is skipped.
   */
  firstContact?: boolean;
}

export interface CreatedCase {
  caseId: string;
  caseRef: string;
  /** The case's secret; returned once, only its hash is stored. */
  token: string;
  messageId: string;
  region: RoutedRegion;
  /** When the first answer is due, in the region's zone for display; null while no target runs. */
  expectedReplyBy: ExpectedReply | null;
  /** The case starts as a crisis case (self-report or triage). */
  crisis: boolean;
  /** The region's settings as the case was made with them (its calendar, for an acknowledgement's promise). */
  regionSla: RegionSla;
}

/**
 * The SQL of the two statements every new case runs, built once: they run as prepared
 * statements (sql's `prepared` option), and a fixed text per variant is what makes that work.
 */
const lookUpSqls = new Map<string, string>();
function lookUpSql(byRegion: boolean, withTopic: boolean): string {
  const key = `${byRegion} ${withTopic}`;
  let sql = lookUpSqls.get(key);
  if (!sql) {
    const regionQuery = byRegion
      ? `SELECT $1::int AS id, ''::text AS code, ''::text AS name, false AS fallback`
      : routeSql('$1', '$2');
    const topicParam = byRegion ? '$2' : '$3';
    sql = `WITH routed AS (${regionQuery})
       SELECT routed.id, routed.code, routed.name, routed.fallback, s.*,
              ${withTopic ? `EXISTS (SELECT 1 FROM topic WHERE code = ${topicParam} AND active)` : 'true'} AS topic_active
         FROM routed LEFT JOIN LATERAL (${regionSql('routed.id')}) s ON true`;
    lookUpSqls.set(key, sql);
  }
  return sql;
}

/**
 * The search document of a new case: its one message, exactly what case_search_document() (migration
 * 1733800000000) makes of a case with one message and no tags or notes, so the row is written once.
 */
const FIRST_MESSAGE_DOCUMENT = `setweight(to_tsvector('luister_nl', left($14::text, 20000)) || to_tsvector('luister_en', left($14::text, 20000)), 'B')`;

/** $1-$16 the case, message and event; $17 the existing help-seeker's id, or $17-$21 a new one. */
function insertCaseSql(helpSeeker: string): string {
  return `WITH s AS (${helpSeeker}),
         c AS (
           INSERT INTO cases (case_ref, access_token_hash, help_seeker_id, region_id, channel, topic_code, need, need_other, country, postcode_area,
                              crisis, sla_target, sla_started_at, first_reply_due_at, sla_check_at, crisis_self_report, search_tsv)
           SELECT $1, $2, s.id, $3, $4, $5, $6, $7, $8, $9, $10, 'first', $11, $12, $13, $16, ${FIRST_MESSAGE_DOCUMENT} FROM s
           ON CONFLICT (case_ref) DO NOTHING RETURNING id),
         msg AS (
           INSERT INTO message (case_id, direction, channel, body_text) SELECT id, 'in', $4, $14 FROM c RETURNING id),
         ev AS (
           INSERT INTO case_event (case_id, type, region_id, channel, data) SELECT id, 'case.created', $3, $4, $15 FROM c)
         SELECT s.id AS help_seeker_id, c.id, msg.id AS message_id FROM s LEFT JOIN (c CROSS JOIN msg) ON true`;
}
const INSERT_CASE_SQL = {
  newHelpSeeker: insertCaseSql(
    `INSERT INTO help_seeker (nickname, age_band, gender, language, email, email_consent_at)
     VALUES ($17, $18, $19, $20, $21, CASE WHEN $21::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
  ),
  existingHelpSeeker: insertCaseSql(`SELECT $17::uuid AS id`),
};

/**
 * Writes cases and inbound messages for every channel, inside the caller's transaction, so a
 * case, its help-seeker, first message and events commit together or not at all.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly db: DataSource,
    private readonly sla: SlaService,
    private readonly caseSla: CaseSlaService,
    @Inject(CASE_NOTIFIER) private readonly notifier: CaseNotifier,
  ) {}

  /** One status change with its event and SLA effect; closing also frees the edit lock. */
  async changeStatus(
    m: EntityManager,
    c: CaseState,
    to: string,
    actorId: string | undefined,
    now: Date,
  ): Promise<void> {
    await sql.exec(m, `UPDATE cases SET status = $2, updated_at = now() WHERE id = $1`, [c.id, to]);
    if (c.status === to) return;
    await recordCaseEvent(m, {
      caseId: c.id,
      type: 'case.status_changed',
      regionId: c.region_id,
      actorId,
      occurredAt: now,
      data: { from: c.status, to },
    });
    await this.caseSla.onStatusChanged(m, c.id, c.status, to, now, actorId);
    if (to === 'closed') await sql.exec(m, `DELETE FROM case_lock WHERE case_id = $1`, [c.id]);
  }

  /**
   * A reply went out: the case waits on the help-seeker, and becomes the author's when nobody had
   * it (the answer comes back to whoever replied); the composer's edit lock goes.
   */
  async replySent(m: EntityManager, c: CaseState, authorId: string, actorId: string, now: Date): Promise<void> {
    await this.caseSla.onReplySent(m, c.id, now, actorId);
    await refreshSearchDocument(m, c.id);
    if (!c.assigned_to) {
      await sql.exec(m, `UPDATE cases SET assigned_to = $2 WHERE id = $1`, [c.id, authorId]);
      await recordCaseEvent(m, {
        caseId: c.id,
        type: 'case.assigned',
        regionId: c.region_id,
        actorId,
        occurredAt: now,
        data: { how: 'reply', to: authorId },
      });
    }
    await this.changeStatus(m, c, 'waiting', actorId, now);
    await sql.exec(m, `DELETE FROM case_lock WHERE case_id = $1`, [c.id]);
  }

  /**
   * A new case in a transaction of its own. The common question (no e-mail address, no crisis
   * wording) writes only the one insert statement (help-seeker, case, message and event), which is
   * atomic by itself, so it runs without BEGIN and COMMIT: two round trips instead of four. A
   * question that writes more (the worker offer, the crisis event) gets an explicit transaction.
   */
  async openCase(c: NewCase): Promise<CreatedCase> {
    const crisis = triage(c.firstMessage.text);
    if (c.helpSeeker.email?.trim() || crisis.crisis || c.crisisSelfReport === 'yes')
      return this.db.transaction((m) => this.writeCase(m, c, crisis));
    const runner = this.db.createQueryRunner();
    try {
      return await this.writeCase(runner.manager, c, crisis);
    } finally {
      await runner.release();
    }
  }

  /** A new case inside the caller's transaction. */
  async createCase(m: EntityManager, c: NewCase, hints: CaseBatchHints = {}): Promise<CreatedCase> {
    return this.writeCase(m, c, triage(c.firstMessage.text), hints);
  }

  /**
   * The case with its first message's triage (`crisis`). Triage and the first-reply target are
   * worked out before the case row is written, so the row is inserted once, complete (an UPDATE
   * afterwards would rewrite every inbox index).
   */
  private async writeCase(
    m: EntityManager,
    c: NewCase,
    crisis: TriageResult,
    hints: CaseBatchHints = {},
  ): Promise<CreatedCase> {
    const now = c.receivedAt ?? new Date();
    const { region, regionSla } = await this.lookUp(m, c, hints.memo);
    const selfReported = c.crisisSelfReport === 'yes';
    const isCrisis = crisis.crisis || selfReported;
    const target = this.sla.firstTargetIn(regionSla, c.topic ?? null, isCrisis, now);
    const token = newSecretToken();
    const h = c.helpSeeker;
    const { id, caseRef, messageId } = await this.insertCase(m, {
      helpSeeker: [h.nickname, h.ageBand ?? null, h.gender ?? null, h.language, h.email ?? null],
      tokenHash: hashToken(token),
      regionId: region.id,
      channel: c.channel,
      topic: c.topic ?? null,
      need: c.need ?? null,
      needOther: c.need === 'other' ? (c.needOther ?? null) : null,
      postcode: c.postcode,
      crisis: isCrisis,
      crisisSelfReport: c.crisisSelfReport ?? null,
      now,
      target,
      text: c.firstMessage.text,
      createdEvent: {
        routedBy: c.region ? 'address' : region.fallback ? 'fallback' : 'postcode',
        topic: c.topic ?? null,
      },
    });
    if (!hints.firstContact) await offerToPreviousWorker(m, { caseId: id, regionId: region.id, email: h.email });
    // The reason names rule ids only (facts, never text); a self-report says so first.
    if (isCrisis)
      await this.caseSla.recordCrisisSet(m, id, region.id, now, {
        source: selfReported ? 'self-report' : 'triage',
        reason: [...(selfReported ? ['self-report'] : []), ...crisis.phraseIds].join(' '),
      });
    questionsReceived.inc({ channel: c.channel });
    const expectedReplyBy = target.dueAt ? { at: target.dueAt, timeZone: target.timeZone } : null;
    return { caseId: id, caseRef, token, messageId, region, expectedReplyBy, crisis: isCrisis, regionSla };
  }

  /**
   * The address a web help-seeker gives afterwards (the confirmation page's "mail me the link"),
   * with their consent; only when the case has none yet. False when it had one already.
   */
  async setHelpSeekerEmail(m: EntityManager, caseId: string, email: string): Promise<boolean> {
    const changed = await sql.count(
      m,
      `UPDATE help_seeker h SET email = $2, email_consent_at = now()
         FROM cases c WHERE c.id = $1 AND c.help_seeker_id = h.id AND h.email IS NULL RETURNING h.id`,
      [caseId, email],
    );
    return changed > 0;
  }

  /** A help-seeker writes again: the message joins the case, and a waiting or closed case opens again. */
  async addInboundMessage(
    m: EntityManager,
    caseId: string,
    msg: { channel: Channel; text: string; receivedAt?: Date },
  ): Promise<{ messageId: string; reopened: boolean }> {
    const c = await sql.only<{ status: string; region_id: number; assigned_to: string | null }>(
      m,
      `SELECT status, region_id, assigned_to FROM cases WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    const row = await sql.only<{ id: string }>(
      m,
      `INSERT INTO message (case_id, direction, channel, body_text) VALUES ($1, 'in', $2, $3) RETURNING id`,
      [caseId, msg.channel, msg.text],
    );
    const reopened = c.status === 'closed' || c.status === 'waiting';
    await sql.exec(
      m,
      `UPDATE cases SET last_message_at = now(), updated_at = now(), status = CASE WHEN $2 THEN 'open' ELSE status END,
              search_tsv = case_search_document(id) WHERE id = $1`,
      [caseId, reopened],
    );
    await recordCaseEvent(m, { caseId, type: 'message.received', regionId: c.region_id, channel: msg.channel });
    if (reopened)
      await recordCaseEvent(m, { caseId, type: 'case.reopened', regionId: c.region_id, data: { from: c.status } });
    const now = msg.receivedAt ?? new Date();
    // Triage before the SLA step, so a target this message starts runs under the crisis policy.
    // The reason names the matched phrase ids only: case events hold facts, never message text.
    const t = triage(msg.text);
    if (t.crisis)
      await this.caseSla.setCrisis(m, caseId, true, now, { source: 'triage', reason: t.phraseIds.join(' ') });
    await this.caseSla.onInboundMessage(m, caseId, now);
    // "A new message on my case": the worker who has it (a case nobody has is in the team's view).
    if (c.assigned_to)
      await this.notifier.notify(m, [
        { to: { staffUserId: c.assigned_to }, caseId, kind: 'message.received', data: { reopened } },
      ]);
    messagesReceived.inc({ channel: msg.channel });
    return { messageId: row.id, reopened };
  }

  /**
   * Everything the new case needs to know, in one round trip (this runs for every question): the
   * region (routed by postcode, or the given one), its SLA settings, and whether the topic is active.
   */
  private async lookUp(
    m: EntityManager,
    c: NewCase,
    memo?: TransactionMemo,
  ): Promise<{ region: RoutedRegion; regionSla: RegionSla }> {
    const params: unknown[] = c.region ? [c.region.id] : routeParams(c.postcode);
    if (c.topic) params.push(c.topic);
    const text = lookUpSql(!!c.region, !!c.topic);
    const rows = await memoised(memo, `case-look-up ${text} ${JSON.stringify(params)}`, () =>
      sql.rows<RoutedRegion & RegionSlaRow & { topic_active: boolean }>(m, text, params, { prepared: true }),
    );
    const row = rows[0];
    if (c.region && !row?.time_zone) throw new Error(`Unknown region ${c.region.id}`);
    const region = c.region ?? routedRegion(row);
    if (!row.topic_active) throw new InputInvalidException({ topic: ['validation.topic.invalid'] });
    return { region, regionSla: this.sla.regionFromRow(row) };
  }

  /**
   * The help-seeker, the case, its first message and its creation event in one statement (one
   * round trip; a single statement is all or nothing even before the caller's commit).
   */
  private async insertCase(
    m: EntityManager,
    c: {
      /** nickname, age band, gender, language, e-mail */
      helpSeeker: [string, string | null, string | null, string, string | null];
      tokenHash: Buffer;
      regionId: number;
      channel: Channel;
      topic: string | null;
      need: string | null;
      needOther: string | null;
      postcode?: Postcode;
      crisis: boolean;
      crisisSelfReport: string | null;
      now: Date;
      target: { dueAt: Date | null; warnAt: Date | null };
      text: string;
      createdEvent: Record<string, string | null>;
    },
  ): Promise<{ id: string; caseRef: string; messageId: string }> {
    // A 7-character reference from 31 symbols collides rarely; retry the few times it does.
    // On a collision the case insert yields no row, so the message and event inserts add none;
    // the help-seeker row is written on the first attempt and reused by the next.
    let helpSeekerId: string | undefined;
    for (let attempt = 0; ; attempt++) {
      const caseRef = newCaseRef();
      const caseParams = [
        caseRef,
        c.tokenHash,
        c.regionId,
        c.channel,
        c.topic,
        c.need,
        c.needOther,
        c.postcode?.country ?? null,
        c.postcode?.area ?? null,
        c.crisis,
        c.now,
        c.target.dueAt,
        c.target.warnAt,
        c.text,
        JSON.stringify(c.createdEvent),
        c.crisisSelfReport,
      ];
      const rows = await sql.rows<{ help_seeker_id: string; id: string | null; message_id: string | null }>(
        m,
        helpSeekerId ? INSERT_CASE_SQL.existingHelpSeeker : INSERT_CASE_SQL.newHelpSeeker,
        [...caseParams, ...(helpSeekerId ? [helpSeekerId] : c.helpSeeker)],
        { prepared: true },
      );
      const row = rows[0];
      if (row.id && row.message_id) return { id: row.id, caseRef, messageId: row.message_id };
      helpSeekerId = row.help_seeker_id;
      if (attempt >= 5) throw new Error('Could not allocate a unique case reference');
    }
  }
}
