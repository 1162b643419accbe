import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { BatchedCaseRow, insertCase, insertCases, lookUpNewCase, NewCaseRow } from './new-cases.repository';
import * as cases from './cases.repository';
import { deleteLock } from './case-actions.repository';
import { hashToken, newCaseRef, newSecretToken } from '../common/secrets';
import { Postcode } from '../routing/postcode';
import { InputInvalidException } from '../common/validation';
import { TransactionMemo } from '../database/transaction-memo';
import { routedRegion, RoutedRegion } from '../routing/region-routing.service';
import { ExpectedReply, RegionSla, SlaService } from '../sla/sla.service';
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
  /**
   * Collects a first contact's case without a crisis instead of writing it; the caller writes
   * the batch (`writeBatch`) before anything that refers to the cases. Other cases are written
   * at once, as they write more than the one statement.
   */
  batch?: NewCaseBatch;
}

/** New cases collected in a group's transaction (`CaseBatchHints.batch`), written by `writeBatch`. */
export class NewCaseBatch {
  cases: { row: BatchedCaseRow; created: CreatedCase }[] = [];
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
    await cases.setStatus(m, c.id, to);
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
    if (to === 'closed') await deleteLock(m, c.id);
  }

  /**
   * A reply went out: the case waits on the help-seeker, and becomes the author's when nobody had
   * it (the answer comes back to whoever replied); the composer's edit lock goes.
   */
  async replySent(m: EntityManager, c: CaseState, authorId: string, actorId: string, now: Date): Promise<void> {
    await this.caseSla.onReplySent(m, c.id, now, actorId);
    await refreshSearchDocument(m, c.id);
    if (!c.assigned_to) {
      await cases.setAssignedTo(m, c.id, authorId);
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
    await deleteLock(m, c.id);
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
    const row: Omit<NewCaseRow, 'caseRef'> = {
      helpSeeker: [h.nickname, h.ageBand ?? null, h.gender ?? null, h.language, h.email ?? null],
      tokenHash: hashToken(token),
      regionId: region.id,
      channel: c.channel,
      topic: c.topic ?? null,
      need: c.need ?? null,
      needOther: c.need === 'other' ? (c.needOther ?? null) : null,
      country: c.postcode?.country ?? null,
      postcodeArea: c.postcode?.area ?? null,
      crisis: isCrisis,
      crisisSelfReport: c.crisisSelfReport ?? null,
      now,
      dueAt: target.dueAt,
      warnAt: target.warnAt,
      text: c.firstMessage.text,
      createdEvent: {
        routedBy: c.region ? 'address' : region.fallback ? 'fallback' : 'postcode',
        topic: c.topic ?? null,
      },
    };
    const expectedReplyBy = target.dueAt ? { at: target.dueAt, timeZone: target.timeZone } : null;
    // The common case of a group (a first contact, no crisis) writes nothing else: collected, and
    // written with the group's others in one statement (writeBatch).
    if (hints.batch && hints.firstContact && !isCrisis) {
      const ids = { helpSeekerId: randomUUID(), id: randomUUID(), messageId: randomUUID() };
      const created: CreatedCase = {
        caseId: ids.id,
        caseRef: newCaseRef(),
        token,
        messageId: ids.messageId,
        region,
        expectedReplyBy,
        crisis: false,
        regionSla,
      };
      hints.batch.cases.push({ row: { ...row, ...ids, caseRef: created.caseRef }, created });
      questionsReceived.inc({ channel: c.channel });
      return created;
    }
    const { id, caseRef, messageId } = await this.insertCase(m, row);
    if (!hints.firstContact) await offerToPreviousWorker(m, { caseId: id, regionId: region.id, email: h.email });
    // The reason names rule ids only (facts, never text); a self-report says so first.
    if (isCrisis)
      await this.caseSla.recordCrisisSet(m, id, region.id, now, {
        source: selfReported ? 'self-report' : 'triage',
        reason: [...(selfReported ? ['self-report'] : []), ...crisis.phraseIds].join(' '),
      });
    questionsReceived.inc({ channel: c.channel });
    return { caseId: id, caseRef, token, messageId, region, expectedReplyBy, crisis: isCrisis, regionSla };
  }

  /**
   * The address a web help-seeker gives afterwards (the confirmation page's "mail me the link"),
   * with their consent; only when the case has none yet. False when it had one already.
   */
  async setHelpSeekerEmail(m: EntityManager, caseId: string, email: string): Promise<boolean> {
    return cases.setHelpSeekerEmailIfNone(m, caseId, email);
  }

  /** A help-seeker writes again: the message joins the case, and a waiting or closed case opens again. */
  async addInboundMessage(
    m: EntityManager,
    caseId: string,
    msg: { channel: Channel; text: string; receivedAt?: Date },
  ): Promise<{ messageId: string; reopened: boolean }> {
    const c = await cases.lockCaseForMessage(m, caseId);
    const messageId = await cases.insertInboundMessage(m, caseId, msg.channel, msg.text);
    const reopened = c.status === 'closed' || c.status === 'waiting';
    await cases.touchForInboundMessage(m, caseId, reopened);
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
    return { messageId, reopened };
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
    const row = await lookUpNewCase(m, c, memo);
    if (c.region && !row?.time_zone) throw new Error(`Unknown region ${c.region.id}`);
    const region = c.region ?? routedRegion(row);
    // (row is there: without it one of the two lines above threw)
    if (!row?.topic_active) throw new InputInvalidException({ topic: ['validation.topic.invalid'] });
    return { region, regionSla: this.sla.regionFromRow(row) };
  }

  /**
   * The help-seeker, the case, its first message and its creation event in one statement (one
   * round trip; a single statement is all or nothing even before the caller's commit).
   */
  private async insertCase(
    m: EntityManager,
    c: Omit<NewCaseRow, 'caseRef'>,
  ): Promise<{ id: string; caseRef: string; messageId: string }> {
    // A 7-character reference from 31 symbols collides rarely; retry the few times it does.
    // On a collision the case insert yields no row, so the message and event inserts add none;
    // the help-seeker row is written on the first attempt and reused by the next.
    let helpSeekerId: string | undefined;
    for (let attempt = 0; ; attempt++) {
      const caseRef = newCaseRef();
      const row = await insertCase(m, { ...c, caseRef }, helpSeekerId);
      if (row.id && row.message_id) return { id: row.id, caseRef, messageId: row.message_id };
      helpSeekerId = row.help_seeker_id;
      if (attempt >= 5) throw new Error('Could not allocate a unique case reference');
    }
  }

  /**
   * Writes the cases a group collected (`CaseBatchHints.batch`) in one statement, before anything
   * that refers to them. A case whose reference was taken gets another and is written again.
   */
  async writeBatch(m: EntityManager, batch: NewCaseBatch): Promise<void> {
    let pending = batch.cases;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 5) throw new Error('Could not allocate a unique case reference');
      const written = await insertCases(
        m,
        pending.map((p) => p.row),
      );
      pending = pending.filter((p) => !written.has(p.row.id));
      for (const p of pending) p.created.caseRef = p.row.caseRef = newCaseRef();
    }
    batch.cases = [];
  }
}
