import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CaseSlaService } from './case-sla.service';
import { triage } from '../triage/crisis-triage';
import { recordCaseEvent } from './case-events';
import { refreshSearchDocument } from './case-search-document';
import { CASE_NOTICE_KINDS, CASE_NOTIFIER, type CaseNotifier } from './case-notifier';
import { CASE_REPLIES, type CaseReplies } from './case-replies';
import { CasesService } from './cases.service';
import { identifyingNote, isTransferReason, TRANSFER_NOTE_MAX } from './transfer-note';
import { assertCaseId, caseNotFound, scopeParam } from './staff-case-scope';
import * as repo from './case-actions.repository';
import type { LockedCase, RegionOfOrganisation } from './case-actions.repository';

export const SETTABLE_STATUSES = ['open', 'waiting', 'closed'] as const;
export const CRISIS_VERDICTS = ['crisis', 'not-crisis'] as const;
export type CrisisVerdict = (typeof CRISIS_VERDICTS)[number];
export const LOCK_MINUTES = 10;

export interface TransferResult {
  regionCode: string;
  organisationCode: string;
  /** The case went to another organisation: it is out of the sender's sight now. */
  betweenOrganisations: boolean;
}

/**
 * What staff do to a case: claim, assign, transfer, status, notes, tags and the soft lock. Each
 * runs in one transaction that first locks the case row through the region scope (another
 * region's case: 404), then writes the change, a case event (facts only) and an audit row.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly caseSla: CaseSlaService,
    private readonly cases: CasesService,
    @Inject(CASE_NOTIFIER) private readonly notifier: CaseNotifier,
    @Inject(CASE_REPLIES) private readonly replies: CaseReplies,
  ) {}

  private async withCase<T>(
    staff: StaffIdentity,
    id: string,
    fn: (m: EntityManager, c: LockedCase) => Promise<T>,
  ): Promise<T> {
    assertCaseId(id);
    return this.db.transaction(async (m) => {
      const c = await repo.lockCase(m, id, scopeParam(staff));
      if (!c) throw caseNotFound();
      return fn(m, c);
    });
  }

  /** Take the case yourself. A case someone else holds must be assigned, not claimed. */
  async claim(staff: StaffIdentity, id: string): Promise<void> {
    await this.withCase(staff, id, async (m, c) => {
      if (c.assigned_to === staff.id) return;
      if (c.assigned_to)
        throw new ConflictException({ code: 'already_assigned', message: 'caseActions.alreadyAssigned' });
      await this.setAssignee(m, staff, c, staff.id, 'claim');
    });
  }

  /** Give the case to a worker of its region (or to nobody: null). Trainees cannot assign others. */
  async assign(staff: StaffIdentity, id: string, workerId: string | null): Promise<void> {
    await this.withCase(staff, id, async (m, c) => {
      // Scope first: another region's case is 404 for a trainee too.
      if (staff.role === 'trainee') throw new ForbiddenException({ code: 'forbidden', message: 'errors.http403' });
      if (workerId !== null) {
        const ok = /^[0-9a-f-]{36}$/i.test(workerId) && (await repo.activeInRegion(m, workerId, c.region_id));
        if (!ok) throw new InputInvalidException({ workerId: ['caseActions.workerNotInRegion'] });
      }
      if (c.assigned_to === workerId) return;
      await this.setAssignee(m, staff, c, workerId, 'assign');
    });
  }

  private async setAssignee(
    m: EntityManager,
    staff: StaffIdentity,
    c: LockedCase,
    to: string | null,
    how: 'claim' | 'assign',
  ): Promise<void> {
    // Picking a new case up opens it.
    const status = to && c.status === 'new' ? 'open' : c.status;
    await repo.setAssignee(m, c.id, to, status);
    await recordCaseEvent(m, {
      caseId: c.id,
      type: to ? 'case.assigned' : 'case.unassigned',
      regionId: c.region_id,
      actorId: staff.id,
      data: { how, to },
    });
    if (status !== c.status) await this.statusEffects(m, staff, c, status);
    // Given to someone (not taken oneself: the notifier skips the actor).
    if (to)
      await this.notifier.notify(m, [
        { to: { staffUserId: to }, caseId: c.id, kind: 'case.assigned', actorId: staff.id },
      ]);
    await this.audit.record(m, {
      actorId: staff.id,
      action: how === 'claim' ? 'case.claim' : 'case.assign',
      caseId: c.id,
      targetUserId: to,
      data: { from: c.assigned_to },
    });
  }

  /**
   * Hand the case to another region's team. Within the organisation the reason is a free-text
   * internal note for the new team, as it always was. To a region of another organisation
   * (workers and up) the reason is a code, `moved` or `wrong-region`, with an optional short note
   * for the new team that names nobody; the sending organisation's hold on the case ends (its
   * assignment, soft lock, unsent replies and open review requests go), the case leaves its sight
   * (its regions no longer hold it: 404), and it keeps only a `case_transfer` row saying that it
   * handed this case on, when, to whom and why. Each side gets its own audit row.
   */
  async transfer(
    staff: StaffIdentity,
    id: string,
    regionCode: string,
    reason: string,
    note?: string | null,
  ): Promise<TransferResult> {
    if (typeof regionCode !== 'string' || !regionCode)
      throw new InputInvalidException({ region: ['caseActions.regionUnknown'] });
    const why = typeof reason === 'string' ? reason.trim() : '';
    const extra = typeof note === 'string' ? note.trim() : '';
    return this.withCase(staff, id, async (m, c) => {
      const target = await repo.regionByCode(m, regionCode);
      if (!target) throw new InputInvalidException({ region: ['caseActions.regionUnknown'] });
      if (target.id === c.region_id) throw new InputInvalidException({ region: ['caseActions.regionSame'] });
      const from = await repo.regionById(m, c.region_id);
      const across = from.organisation_id !== target.organisation_id;
      const noteText = across ? this.checkAcross(staff, why, extra, from) : this.checkWithin(why, extra);
      if (across) await this.releaseSendingSide(m, c.id);
      await repo.moveToRegion(m, c.id, target.id);
      // Across organisations the note is the system's (no author): the new team reads why, not who at the other side.
      if (noteText) await repo.insertNote(m, c.id, across ? null : staff.id, noteText);
      await refreshSearchDocument(m, c.id);
      const facts: Record<string, string> = across
        ? {
            from: from.code,
            to: target.code,
            reason: why,
            fromOrganisation: from.organisation_code,
            toOrganisation: target.organisation_code,
          }
        : { from: from.code, to: target.code };
      await recordCaseEvent(m, {
        caseId: c.id,
        type: 'case.transferred',
        regionId: target.id,
        actorId: staff.id,
        data: facts,
      });
      await repo.deleteLock(m, c.id);
      await this.caseSla.onRegionChanged(m, c.id);
      if (across) await repo.insertTransfer(m, { caseId: c.id, from, to: target, reason: why, actorId: staff.id });
      // The receiving team: it lands unassigned in their inbox.
      await this.notifier.notify(m, [
        {
          to: { regionId: target.id, roles: ['trainee', 'worker', 'supervisor'] },
          caseId: c.id,
          kind: 'case.transferred',
          actorId: staff.id,
          data: { from: from.code, to: target.code },
        },
      ]);
      if (!across) {
        await this.audit.record(m, {
          actorId: staff.id,
          action: 'case.transfer',
          caseId: c.id,
          data: { from: from.code, to: target.code },
        });
      } else {
        // One row in each organisation's trail; the sending side's names the organisation, not the region.
        await this.audit.recordMany(m, [
          {
            actorId: staff.id,
            action: 'case.transfer',
            caseId: c.id,
            organisationId: from.organisation_id,
            data: { direction: 'out', from: from.code, toOrganisation: target.organisation_code, reason: why },
          },
          {
            actorId: staff.id,
            action: 'case.transfer',
            caseId: c.id,
            organisationId: target.organisation_id,
            data: { direction: 'in', fromOrganisation: from.organisation_code, to: target.code, reason: why },
          },
        ]);
      }
      return { regionCode: target.code, organisationCode: target.organisation_code, betweenOrganisations: across };
    });
  }

  /** Within the organisation, as always: a reason of 3 to 1000 characters, kept as the actor's note. */
  private checkWithin(why: string, extra: string): string {
    if (why.length < 3 || why.length > 1000)
      throw new InputInvalidException({ reason: ['caseActions.reasonRequired'] });
    return extra ? `${why}\n${extra}`.slice(0, 10000) : why;
  }

  /**
   * To another organisation: workers and up, a reason code and at most a short note that names
   * nobody. Returns the note for the receiving team ('' when none was given).
   */
  private checkAcross(staff: StaffIdentity, why: string, extra: string, from: RegionOfOrganisation): string {
    if (!rolesAtLeast('worker').includes(staff.role))
      throw new ForbiddenException({ code: 'forbidden', message: 'caseActions.transferNotAllowed' });
    const fields: Record<string, string[]> = {};
    if (!isTransferReason(why)) fields.reason = ['caseActions.transferReasonCode'];
    if (extra.length > TRANSFER_NOTE_MAX) fields.note = ['caseActions.transferNoteLength'];
    else if (identifyingNote(extra)) fields.note = ['caseActions.transferNoteIdentifying'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    // In the staff's default language, like the system's other notes (auto-close).
    return extra
      ? translate('nl', 'transfers.receivedNote', {
          organisation: from.organisation_name,
          reason: translate('nl', `transfers.reason.${why}`),
          note: extra,
        })
      : '';
  }

  /**
   * What the sending organisation's staff held on the case goes with the transfer: unsent replies
   * (drafts, those waiting for review, those returned to a trainee; their review steps go with
   * them) and the open notices that would lead them to it. Assignment and soft lock go for every
   * transfer (see transfer).
   */
  private async releaseSendingSide(m: EntityManager, caseId: string): Promise<void> {
    await this.replies.discardUnsent(m, caseId);
    for (const kind of CASE_NOTICE_KINDS) await this.notifier.settle(m, { caseId, kind });
  }

  /** new → open → waiting (on the help-seeker) → closed; closed or waiting can be opened again. */
  async setStatus(staff: StaffIdentity, id: string, status: string): Promise<void> {
    if (!(SETTABLE_STATUSES as readonly string[]).includes(status))
      throw new InputInvalidException({ status: ['caseActions.statusInvalid'] });
    await this.withCase(staff, id, async (m, c) => {
      if (c.status === status) return;
      await this.statusEffects(m, staff, c, status);
      await this.audit.record(m, {
        actorId: staff.id,
        action: 'case.status',
        caseId: c.id,
        data: { from: c.status, to: status },
      });
    });
  }

  private statusEffects(m: EntityManager, staff: StaffIdentity, c: LockedCase, to: string): Promise<void> {
    return this.cases.changeStatus(m, c, to, staff.id, new Date());
  }

  /**
   * A worker's one-click verdict on the crisis flag ("this is a crisis" / "not a crisis"). The
   * event records the verdict beside what the flag knew: whether the case was flagged, whether
   * the triage rules find warning signs in the help-seeker's own messages, and the answer to the
   * crisis question, so the dashboard can show the flag's precision and recall in real use. The
   * flag then follows the worker (the crisis target applies or stops).
   */
  async reviewCrisis(staff: StaffIdentity, id: string, verdict: string): Promise<void> {
    if (!(CRISIS_VERDICTS as readonly string[]).includes(verdict))
      throw new InputInvalidException({ verdict: ['caseActions.verdictInvalid'] });
    await this.withCase(staff, id, async (m, c) => {
      const info = await repo.crisisFacts(m, c.id);
      const inbound = await repo.inboundTexts(m, c.id);
      const wording = inbound.some((msg) => triage(msg.body_text).crisis);
      const now = new Date();
      await recordCaseEvent(m, {
        caseId: c.id,
        type: 'case.crisis_reviewed',
        regionId: c.region_id,
        actorId: staff.id,
        occurredAt: now,
        data: { verdict, flagged: info.crisis, wording, selfReport: info.crisis_self_report ?? null },
      });
      await this.caseSla.setCrisis(m, c.id, verdict === 'crisis', now, {
        actorId: staff.id,
        source: 'staff',
        reason: `review: ${verdict}`,
      });
      await this.audit.record(m, { actorId: staff.id, action: 'case.crisis', caseId: c.id, data: { verdict } });
    });
  }

  /** Staff set or clear the crisis flag with a reason (kept in the timeline; the audit keeps facts only). */
  async setCrisis(staff: StaffIdentity, id: string, crisis: boolean, reason: string): Promise<void> {
    await this.withCase(staff, id, async (m, c) => {
      await this.caseSla.setCrisis(m, c.id, crisis, new Date(), { actorId: staff.id, reason, source: 'staff' });
      await this.audit.record(m, { actorId: staff.id, action: 'case.crisis', caseId: c.id, data: { crisis } });
    });
  }

  /** An internal note: staff only, never sent to the help-seeker. */
  async addNote(staff: StaffIdentity, id: string, text: string): Promise<{ id: string }> {
    const body = typeof text === 'string' ? text.trim() : '';
    if (body.length < 1 || body.length > 10000) throw new InputInvalidException({ text: ['caseActions.noteLength'] });
    return this.withCase(staff, id, async (m, c) => {
      const noteId = await repo.insertStaffNote(m, c.id, staff.id, body);
      await refreshSearchDocument(m, c.id);
      await recordCaseEvent(m, { caseId: c.id, type: 'case.note_added', regionId: c.region_id, actorId: staff.id });
      await this.audit.record(m, { actorId: staff.id, action: 'case.note', caseId: c.id, data: { noteId } });
      return { id: noteId };
    });
  }

  /** Replaces the case's tags (lower-case words with dashes, at most 20). */
  async setTags(staff: StaffIdentity, id: string, tags: unknown): Promise<string[]> {
    const list = Array.isArray(tags) ? tags : typeof tags === 'string' ? tags.split(',') : null;
    const clean = list?.map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : '')).filter(Boolean) ?? [];
    const unique = [...new Set(clean)];
    if (!list || unique.length > 20 || unique.some((t) => !/^[a-z0-9][a-z0-9-]{0,39}$/.test(t)))
      throw new InputInvalidException({ tags: ['caseActions.tagsInvalid'] });
    return this.withCase(staff, id, async (m, c) => {
      await repo.replaceTags(m, c.id, unique);
      await refreshSearchDocument(m, c.id);
      await this.audit.record(m, { actorId: staff.id, action: 'case.tags', caseId: c.id, data: { tags: unique } });
      return unique;
    });
  }

  /** Adds one tag, keeping the others (a bulk action). */
  async addTag(staff: StaffIdentity, id: string, tag: string): Promise<void> {
    if (typeof tag !== 'string' || !/^[a-z0-9][a-z0-9-]{0,39}$/.test(tag))
      throw new InputInvalidException({ tag: ['bulk.invalid.tag'] });
    await this.withCase(staff, id, async (m, c) => {
      if ((await repo.otherTagCount(m, c.id, tag)) >= 20)
        throw new InputInvalidException({ tags: ['caseActions.tagsInvalid'] });
      if (!(await repo.addTag(m, c.id, tag))) return;
      await refreshSearchDocument(m, c.id);
      await this.audit.record(m, { actorId: staff.id, action: 'case.tags', caseId: c.id, data: { added: tag } });
    });
  }

  /**
   * "… is writing a reply": takes or refreshes the soft lock for LOCK_MINUTES. Someone else's
   * live lock is a 409 naming them; it is advice, not a barrier (it runs out by itself).
   */
  async lock(staff: StaffIdentity, id: string): Promise<{ expiresAt: Date }> {
    return this.withCase(staff, id, async (m, c) => {
      const expiresAt = await repo.takeLock(m, c.id, staff.id, LOCK_MINUTES);
      if (!expiresAt) {
        const holder = await repo.lockHolder(m, c.id);
        throw new ConflictException({
          code: 'case_locked',
          message: holder ? 'staffCase.writing' : 'caseActions.lockedByOther',
          vars: { name: holder?.display_name ?? '' },
        });
      }
      return { expiresAt };
    });
  }

  async unlock(staff: StaffIdentity, id: string): Promise<void> {
    await this.withCase(staff, id, async (m, c) => {
      await repo.releaseLock(m, c.id, staff.id);
    });
  }
}
