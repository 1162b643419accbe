import {
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpStatus,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { describeFacts, eventLabel } from '../common/i18n/readable';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { SlaService } from '../sla/sla.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { StaffDirectory } from '../staff/staff-directory';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { CaseActionsService, SETTABLE_STATUSES } from './case-actions.service';
import { StaffCaseService } from './staff-case.service';
import { CRISIS_RULES, FAMILIES } from '../triage/crisis-rules';
import { TRANSFER_NOTE_MAX, TRANSFER_REASONS } from './transfer-note';

type Action = 'claim' | 'assign' | 'transfer' | 'status' | 'notes' | 'tags' | 'lock' | 'unlock' | 'crisis-review';
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** /cases/<id>: the conversation, intake answers, timeline, notes and the actions as plain forms. */
@ApiExcludeController()
@Controller('cases/:id')
@UseGuards(StaffAuthGuard)
export class CasePagesController {
  constructor(
    private readonly cases: StaffCaseService,
    private readonly actions: CaseActionsService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
    private readonly staffDirectory: StaffDirectory,
    private readonly organisations: OrganisationsService,
    private readonly sla: SlaService,
  ) {}

  @Get()
  async show(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    await this.render(req, res, staff, id, {}, {}, HttpStatus.OK);
  }

  @Get('attachments/:attachmentId')
  async attachment(
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const a = await this.cases.attachment(staff, id, attachmentId);
    // Always a download, never rendered in our origin.
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.send(a.bytes);
  }

  @Post(':action')
  async act(
    @Param('id') id: string,
    @Param('action') action: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      note: str(body.text),
      reason: str(body.reason),
      transferNote: str(body.note),
      region: str(body.region),
      transferForm: str(body.form) === 'across' ? 'across' : 'within',
    };
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, id, { _form: ['errors.formExpired'] }, values, HttpStatus.FORBIDDEN);
    try {
      switch (action as Action) {
        case 'claim':
          await this.actions.claim(staff, id);
          break;
        case 'assign':
          await this.actions.assign(staff, id, str(body.workerId) || null);
          break;
        case 'transfer': {
          const moved = await this.actions.transfer(staff, id, str(body.region), str(body.reason), str(body.note));
          // The case may now be outside this user's regions: back to the inbox, or, when it went to
          // another organisation, to the list that is all the sending side keeps of it.
          return res.redirect(
            HttpStatus.SEE_OTHER,
            moved.betweenOrganisations ? '/inbox/transferred?done=1' : '/inbox?transferred=1',
          );
        }
        case 'status':
          await this.actions.setStatus(staff, id, str(body.status));
          break;
        case 'notes':
          await this.actions.addNote(staff, id, str(body.text));
          break;
        case 'tags':
          await this.actions.setTags(staff, id, str(body.tags));
          break;
        case 'lock':
          await this.actions.lock(staff, id);
          break;
        case 'unlock':
          await this.actions.unlock(staff, id);
          break;
        case 'crisis-review':
          await this.actions.reviewCrisis(staff, id, str(body.verdict));
          break;
        default:
          return this.render(req, res, staff, id, { _form: ['errors.http404'] }, values, HttpStatus.NOT_FOUND);
      }
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, staff, id, e.fields, values, HttpStatus.BAD_REQUEST);
      if (e instanceof ConflictException || e instanceof ForbiddenException) {
        const r = e.getResponse() as { message?: string };
        return this.render(req, res, staff, id, { _form: [r.message ?? 'errors.http409'] }, values, e.getStatus());
      }
      throw e;
    }
    res.redirect(HttpStatus.SEE_OTHER, `/cases/${id}?done=${action}`);
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    id: string,
    fields: Record<string, string[]>,
    values: Record<string, string>,
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const c = await this.cases.open(staff, id, 'page');
    const errors = translateFields(lang, fields);
    const [workers, organisations] = await Promise.all([
      this.staffDirectory.activeInRegion(c.regionCode),
      this.organisations.withRegions(),
    ]);
    // Transfer targets: the other regions of the case's organisation (as always), and the regions
    // of every other organisation (workers and up, with a reason code).
    const own = organisations.find((o) => o.regions.some((r) => r.code === c.regionCode));
    const regions = organisations.flatMap((o) => o.regions).filter((r) => r.code !== c.regionCode);
    const withinRegions = own ? own.regions.filter((r) => r.code !== c.regionCode) : [];
    const across = values.transferForm === 'across';
    const acrossGroups = organisations
      .filter((o) => o !== own && o.regions.length)
      .map((o) => ({
        label: o.name,
        options: o.regions.map((r) => ({ value: r.code, label: r.name, selected: across && r.code === values.region })),
      }));
    const dueAt = c.nextReplyDueAt ?? c.firstReplyDueAt;
    const [dueLabel] = await this.sla.dueLabels(
      [{ regionCode: c.regionCode, topic: c.intake.topic, crisis: c.crisis, due: dueAt }],
      new Date(),
      lang,
    );
    const factNames = {
      regions: new Map([[c.regionCode, c.regionName], ...regions.map((r) => [r.code, r.name] as [string, string])]),
      people: new Map(workers.map((w) => [w.id, w.displayName])),
    };
    const done = str(req.query.done);
    this.views.send(
      req,
      res,
      'staff/case',
      {
        titleKey: 'staffCase.title',
        titleVars: { ref: c.caseRef },
        c,
        // The case's dates in its region's zone (a Gent case in Brussels time).
        timeZone: c.timeZone,
        statusLabel: translate(lang, `inbox.status.${c.status}`),
        intake: [
          ['staffCase.intake.nickname', c.intake.nickname],
          ['staffCase.intake.topic', c.intake.topic ? translate(lang, `topic.${c.intake.topic}`) : ''],
          [
            'staffCase.intake.need',
            c.intake.need
              ? translate(lang, `need.${c.intake.need}`) + (c.intake.needOther ? `: ${c.intake.needOther}` : '')
              : '',
          ],
          ['staffCase.intake.ageBand', c.intake.ageBand ? translate(lang, `ageBand.${c.intake.ageBand}`) : ''],
          ['staffCase.intake.gender', c.intake.gender ? translate(lang, `gender.${c.intake.gender}`) : ''],
          ['staffCase.intake.language', translate(lang, `language.${c.intake.language}`)],
          ['staffCase.intake.place', c.intake.postcodeArea ? `${c.intake.country ?? ''} ${c.intake.postcodeArea}` : ''],
          [
            'staffCase.intake.crisisSelfReport',
            c.intake.crisisSelfReport ? translate(lang, `safety.selfReport.${c.intake.crisisSelfReport}`) : '',
          ],
        ]
          .filter(([, v]) => v)
          .map(([k, v]) => ({ label: translate(lang, k), value: v })),
        messages: c.messages.map((m) => ({
          ...m,
          channelLabel: translate(lang, `inbox.channel.${m.channel}`),
          folded: m.fullText !== m.text,
          inbound: m.direction === 'in',
        })),
        dueAt,
        dueLabel,
        events: c.events.map((e) => ({
          ...e,
          label: eventLabel(lang, e.type),
          facts: describeFacts(lang, e.data, factNames).join(' · '),
        })),
        mine: c.assignedTo === staff.id,
        canAssign: staff.role !== 'trainee',
        lockedByOther: c.lock && c.lock.staffUserId !== staff.id ? c.lock : null,
        lockedByMe: !!c.lock && c.lock.staffUserId === staff.id,
        workerOptions: workers.map((w) => ({ value: w.id, label: w.displayName, selected: w.id === c.assignedTo })),
        regionOptions: withinRegions.map((r) => ({
          value: r.code,
          label: r.name,
          selected: !across && r.code === values.region,
        })),
        ownOrganisation: own?.name,
        canTransferAcross: rolesAtLeast('worker').includes(staff.role) && acrossGroups.length > 0,
        acrossGroups,
        transferReasons: TRANSFER_REASONS.map((code) => ({
          value: code,
          label: translate(lang, `transfers.reason.${code}`),
          checked: across && values.reason === code,
        })),
        transferNoteMax: TRANSFER_NOTE_MAX,
        withinReason: across ? '' : values.reason,
        withinErrors: across ? {} : errors,
        acrossErrors: across ? errors : {},
        statusOptions: SETTABLE_STATUSES.filter((s) => s !== c.status).map((s) => ({
          value: s,
          label: translate(lang, `staffCase.setStatus.${s}`),
        })),
        tagsValue: c.tags.join(', '),
        errors,
        formError: errors._form?.[0],
        values,
        crisisReview: crisisReviewView(c.events),
        crisisSignals: crisisSignals(c.events, lang),
        selfReport: c.intake.crisisSelfReport
          ? translate(lang, `safety.selfReport.${c.intake.crisisSelfReport}`)
          : undefined,
        done: ['claim', 'assign', 'status', 'notes', 'tags', 'lock', 'unlock', 'crisis-review'].includes(done)
          ? `staffCase.done.${done}`
          : undefined,
      },
      status,
    );
  }
}

type CaseEventRow = { type: string; occurredAt: Date; actorName?: string | null; data?: Record<string, unknown> };

/** The latest one-click verdict on the crisis flag, for the buttons' state. */
function crisisReviewView(events: CaseEventRow[]): { verdict: string; by?: string | null; at: Date } | undefined {
  const last = [...events].reverse().find((e) => e.type === 'case.crisis_reviewed');
  return last ? { verdict: String(last.data?.verdict), by: last.actorName, at: last.occurredAt } : undefined;
}

/** The families of warning signs behind the flag, from the rule ids its events name (never the text). */
function crisisSignals(events: CaseEventRow[], lang: 'nl' | 'en'): string[] {
  const ids = new Set(
    events
      .filter((e) => e.type === 'case.crisis_set')
      .flatMap((e) => String(e.data?.reason ?? '').split(' '))
      .filter(Boolean),
  );
  const families = new Set<string>();
  if (ids.has('self-report')) families.add(translate(lang, 'staffCase.crisis.selfReported'));
  for (const rule of CRISIS_RULES)
    if (ids.has(rule.id)) families.add(FAMILIES.find((f) => f.id === rule.family)![lang]);
  return [...families];
}
