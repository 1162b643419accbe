import { Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';
import { hasTranslation, Language, translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { Slot, WEEKDAYS, Weekday } from './business-calendar';
import { formatDayHours, hoursToMinutes, minutesToHours, parseDayHours } from './opening-hours-text';
import { SlaSettingsService } from './sla-settings.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [];

/** The form a change came from: its errors and what was typed show there. */
type FormName = 'closedDay' | 'calendar' | 'policy';

/** Where each API field's error is shown on the page (the summary links there). */
const FIELD_IDS: Record<string, string> = {
  day: 'closed-day',
  reason: 'closed-reason',
  weeklyHours: 'hours-mon',
  holidayCountry: 'holiday-country',
  holidayState: 'holiday-state',
  optInHolidays: 'opt-in',
  topic: 'policy-topic',
  crisis: 'policy-crisis',
  firstReplyMinutes: 'policy-first',
  nextReplyMinutes: 'policy-next',
  warnPercent: 'policy-warn',
  wallClock: 'policy-wall-clock',
  ...Object.fromEntries(WEEKDAYS.map((d) => [`hours.${d}`, `hours-${d}`])),
};

/** Non-public days of the holiday feed a region may also close on (see CalendarSpec.optInHolidays). */
const OPT_IN_HOLIDAYS = ['05-05', '07-11'];
const HOLIDAY_STATES = ['VLG', 'WAL', 'BRU', 'DE'];

const DONE = ['closedDay', 'closedDayRemoved', 'calendar', 'policy'];

/**
 * /sla/regions: managers and org-admins see and change their organisation's regions' opening
 * hours, closed days and reply targets (the platform admin: every region's). Plain forms,
 * post/redirect/get; the same checks as the API (SlaSettingsService).
 */
@ApiExcludeController()
@Controller('sla/regions')
@UseGuards(StaffAuthGuard)
@RequireRole('manager', 'org-admin', 'admin')
export class SlaPagesController {
  constructor(
    private readonly settings: SlaSettingsService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const lang = langOf(res);
    const regions = await this.settings.regions(staff);
    this.views.send(req, res, 'staff/sla-regions', {
      titleKey: 'slaPage.title',
      showOrganisation: isAdmin(staff),
      regions: regions.map((r) => ({
        ...r,
        calendarLabel: translate(lang, r.customCalendar ? 'slaPage.calendarOwn' : 'slaPage.calendarDefault'),
      })),
    });
  }

  @Get(':code')
  async show(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const done = str(req.query.done);
    await this.render(req, res, staff, code, { done: DONE.includes(done) ? done : undefined }, HttpStatus.OK);
  }

  @Post(':code/closed-days')
  async addClosedDay(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { day: str(body.day).trim(), reason: str(body.reason).trim() };
    await this.change(req, res, staff, code, 'closedDay', values, () =>
      this.settings.addClosedDay(staff, code, { day: values.day, ...(values.reason ? { reason: values.reason } : {}) }),
    );
  }

  @Post(':code/closed-days/:day/delete')
  async removeClosedDay(
    @Param('code') code: string,
    @Param('day') day: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    await this.change(
      req,
      res,
      staff,
      code,
      'closedDay',
      {},
      () => this.settings.removeClosedDay(staff, code, day),
      'closedDayRemoved',
    );
  }

  @Post(':code/calendar')
  async saveCalendar(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Record<string, unknown> = {
      ...Object.fromEntries(WEEKDAYS.map((d) => [`hours-${d}`, str(body[`hours-${d}`])])),
      holidayCountry: str(body.holidayCountry),
      holidayState: str(body.holidayState),
      optIn: list(body.optIn),
    };
    await this.change(req, res, staff, code, 'calendar', values, async () => {
      const weeklyHours: Partial<Record<Weekday, Slot[]>> = {};
      const fields: Record<string, string[]> = {};
      for (const d of WEEKDAYS) {
        const slots = parseDayHours(values[`hours-${d}`] as string);
        if (!slots) fields[`hours.${d}`] = ['slaPage.invalid.hours'];
        else if (slots.length) weeklyHours[d] = slots;
      }
      if (Object.keys(fields).length) throw new InputInvalidException(fields);
      await this.settings.saveCalendar(staff, code, {
        weeklyHours,
        holidayCountry: values.holidayCountry || null,
        holidayState: values.holidayState || null,
        optInHolidays: values.optIn,
      });
    });
  }

  @Post(':code/policies')
  async savePolicy(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Record<string, unknown> = {
      topic: str(body.topic),
      crisis: body.crisis === 'on',
      wallClock: body.wallClock === 'on',
      first: str(body.first).trim(),
      next: str(body.next).trim(),
      warn: str(body.warn).trim(),
    };
    await this.change(req, res, staff, code, 'policy', values, () =>
      this.settings.savePolicy(staff, code, {
        topic: values.topic || null,
        crisis: values.crisis,
        wallClock: values.wallClock,
        firstReplyMinutes: hoursToMinutes(values.first as string),
        nextReplyMinutes: hoursToMinutes(values.next as string),
        warnPercent: /^\d{1,3}$/.test(values.warn as string) ? Number(values.warn) : Number.NaN,
      }),
    );
  }

  /** A form post: CSRF, the change, then back to the page (post/redirect/get), or the page with the form's errors. */
  private async change(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    code: string,
    form: FormName,
    values: Record<string, unknown>,
    run: () => Promise<void>,
    done: string = form,
  ): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.render(
        req,
        res,
        staff,
        code,
        { form, values, fields: { _form: ['errors.formExpired'] } },
        HttpStatus.FORBIDDEN,
      );
    try {
      await run();
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, staff, code, { form, values, fields: e.fields }, HttpStatus.BAD_REQUEST);
      throw e;
    }
    const anchor = form === 'closedDay' ? 'closed-days' : form === 'calendar' ? 'opening-hours' : 'policies';
    res.redirect(HttpStatus.SEE_OTHER, `/sla/regions/${encodeURIComponent(code)}?done=${done}#${anchor}`);
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    code: string,
    o: { form?: FormName; values?: Record<string, unknown>; fields?: Record<string, string[]>; done?: string },
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    // Scoped: another organisation's region is 404 here already.
    const s = await this.settings.settings(staff, code);
    const region = (await this.settings.regions(staff)).find((r) => r.code === code)!;
    const errors = translateFields(lang, o.fields ?? {});
    const typed = (form: FormName) => (o.form === form ? (o.values ?? {}) : null);
    const cal = typed('calendar');
    const pol = typed('policy');
    const day = typed('closedDay');
    const dayFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
      dateStyle: 'full',
      timeZone: 'UTC',
    });
    const hours = (minutes: number) => formatNumber(lang, minutesToHours(minutes));
    const country = cal ? cal.holidayCountry : (s.calendar.holidayCountry ?? '');
    const state = cal ? cal.holidayState : (s.calendar.holidayState ?? '');
    const optIn = new Set(cal ? (cal.optIn as string[]) : (s.calendar.optInHolidays ?? []));
    const general = s.policies.find((p) => p.topicCode === null && !p.crisis) ?? s.defaults.policy;
    this.views.send(
      req,
      res,
      'staff/sla-region',
      {
        titleKey: 'slaPage.regionTitle',
        titleVars: { region: region.name },
        region,
        showOrganisation: isAdmin(staff),
        done: o.done ? `slaPage.done.${o.done}` : undefined,
        formError: errors._form?.[0],
        errors,
        errorList: Object.entries(errors)
          .filter(([k]) => k !== '_form')
          .flatMap(([k, msgs]) =>
            msgs.map((m) => ({
              href: `#${FIELD_IDS[k] ?? 'opening-hours'}`,
              label: fieldLabel(lang, k),
              message: m,
            })),
          ),
        closedDays: s.closedDays.map((d) => ({
          ...d,
          label: dayFormat.format(new Date(`${d.day}T00:00:00Z`)),
        })),
        closedValues: { day: day?.day ?? '', reason: day?.reason ?? '' },
        isDefaultCalendar: s.calendar.isDefault,
        timeZone: s.timeZone,
        weekdays: WEEKDAYS.map((d) => ({
          key: d,
          label: translate(lang, `slaPage.weekday.${d}`),
          value: cal ? (cal[`hours-${d}`] as string) : formatDayHours(s.calendar.weeklyHours[d]),
          errors: errors[`hours.${d}`],
        })),
        countryOptions: ['NL', 'BE'].map((c) => ({
          value: c,
          label: translate(lang, `country.${c}`),
          selected: c === country,
        })),
        stateOptions: HOLIDAY_STATES.map((c) => ({
          value: c,
          label: translate(lang, `slaPage.state.${c}`),
          selected: c === state,
        })),
        optInOptions: OPT_IN_HOLIDAYS.map((c) => ({
          value: c,
          label: translate(lang, `slaPage.optIn.${c}`),
          checked: optIn.has(c),
        })),
        policies: [...s.policies]
          .sort((a, b) => Number(a.crisis) - Number(b.crisis) || (a.topicCode ?? '').localeCompare(b.topicCode ?? ''))
          .map((p) => ({
            ...p,
            scopeLabel: p.topicCode
              ? translate(lang, `topic.${p.topicCode}`)
              : translate(lang, 'slaPage.policyGeneral'),
            first: hours(p.firstReplyMinutes),
            next: hours(p.nextReplyMinutes),
            clockLabel: translate(lang, p.wallClock ? 'slaPage.clockWall' : 'slaPage.clockBusiness'),
          })),
        defaults: {
          first: hours(s.defaults.policy.firstReplyMinutes),
          crisisFirst: hours(s.defaults.crisisPolicy.firstReplyMinutes),
        },
        policyValues: pol
          ? pol
          : {
              topic: '',
              crisis: false,
              wallClock: general.wallClock,
              first: hours(general.firstReplyMinutes),
              next: hours(general.nextReplyMinutes),
              warn: String(general.warnPercent),
            },
        topicOptions: (await this.settings.topicCodes()).map((t) => ({
          value: t,
          label: translate(lang, `topic.${t}`),
          selected: t === (pol?.topic ?? ''),
        })),
      },
      status,
    );
  }
}

function formatNumber(lang: Language, n: string): string {
  return lang === 'nl' ? n.replace('.', ',') : n;
}

/** A field's name in words for the error summary (a weekday's own name for its hours). */
function fieldLabel(lang: Language, field: string): string | null {
  const d = /^hours\.(\w+)$/.exec(field)?.[1];
  if (d) return translate(lang, `slaPage.weekday.${d}`);
  return hasTranslation(lang, `slaPage.field.${field}`) ? translate(lang, `slaPage.field.${field}`) : null;
}
