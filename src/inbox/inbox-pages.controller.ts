import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { Language, translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { langOf, translateFields } from '../common/web/request-context';
import { SlaService } from '../sla/sla.service';
import { StaffViews } from '../staff/staff-views.service';
import { AbsenceService } from '../staff/absence.service';
import { ageLabel } from './inbox-format';
import { VIEWS } from './inbox-query';
import { canReview, COUNT_CAP, InboxRequest, InboxService, REVIEW_VIEW } from './inbox.service';

const FILTER_KEYS = ['region', 'topic', 'channel', 'worker'] as const;

/** /inbox: tabs per view with counts, filters, a table of cases (no message text), next-page link. */
@ApiExcludeController()
@Controller('inbox')
@UseGuards(StaffAuthGuard)
export class InboxPagesController {
  constructor(
    private readonly inbox: InboxService,
    private readonly views: StaffViews,
    private readonly sla: SlaService,
    private readonly absence: AbsenceService,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const lang = langOf(res);
    const q = req.query as InboxRequest;
    let page,
      counts,
      errors: Record<string, string[]> = {};
    try {
      [page, counts] = await Promise.all([this.inbox.page(staff, q), this.inbox.counts(staff, q)]);
    } catch (e) {
      if (!(e instanceof InputInvalidException)) throw e;
      errors = translateFields(lang, e.fields);
      [page, counts] = await Promise.all([this.inbox.page(staff, {}), this.inbox.counts(staff, {})]);
    }
    const filters = Object.fromEntries(
      FILTER_KEYS.map((k) => [k, typeof q[k] === 'string' ? (q[k] as string) : '']),
    ) as Record<(typeof FILTER_KEYS)[number], string>;
    const qs = (extra: Record<string, string>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) params.set(k, v);
      return `/inbox?${params.toString()}`;
    };
    const now = new Date();
    const [regions, topics, workers, allRegions, away, attention] = await Promise.all([
      this.inbox.regions(staff),
      this.inbox.topics(),
      this.inbox.workers(staff),
      this.inbox.allRegions(),
      this.absence.awayInRegions(staff),
      this.inbox.attention(staff),
    ]);
    const dueLabels = await this.sla.dueLabels(
      page.items.map((r) => ({
        regionCode: r.regionCode,
        topic: r.topic,
        crisis: r.crisis,
        due: r.nextReplyDueAt ?? r.firstReplyDueAt,
      })),
      now,
      lang,
    );
    this.views.send(req, res, 'staff/inbox', {
      titleKey: 'inbox.title',
      tabs: [...VIEWS, ...(canReview(staff) ? [REVIEW_VIEW] : [])].map((v) => ({
        view: v,
        label: translate(lang, `inbox.view.${v}`),
        count: counts[v as keyof typeof counts] ?? 0,
        capped: (counts[v as keyof typeof counts] ?? 0) >= COUNT_CAP,
        href: qs({ view: v }),
        current: v === page.view,
      })),
      viewLabel: translate(lang, `inbox.view.${page.view}`),
      rows: page.items.map((r, i) => ({
        ...r,
        href: r.review ? `/cases/${r.id}/reply/${r.review.replyId}` : `/cases/${r.id}`,
        age: ageLabel(r.createdAt, now, lang),
        channelLabel: translate(lang, `inbox.channel.${r.channel}`),
        topicLabel: r.topic ? translate(lang, `topic.${r.topic}`) : '',
        statusLabel: translate(lang, `inbox.status.${r.status}`),
        due: r.nextReplyDueAt ?? r.firstReplyDueAt,
        overdue: !!(r.nextReplyDueAt ?? r.firstReplyDueAt) && (r.nextReplyDueAt ?? r.firstReplyDueAt)! < now,
        dueLabel: dueLabels[i],
      })),
      nextHref: page.next ? qs({ view: page.view, after: page.next }) : null,
      filters,
      view: page.view,
      regionOptions: regions.map((r) => ({ value: r.code, label: r.name, selected: r.code === filters.region })),
      topicOptions: topics.map((t) => ({
        value: t,
        label: translate(lang, `topic.${t}`),
        selected: t === filters.topic,
      })),
      channelOptions: ['web', 'email'].map((c) => ({
        value: c,
        label: translate(lang, `inbox.channel.${c}`),
        selected: c === filters.channel,
      })),
      workerOptions: workers.map((w) => ({ value: w.id, label: w.displayName, selected: w.id === filters.worker })),
      // Bulk actions (a form under the table; the cases module runs them).
      canAssign: staff.role !== 'trainee',
      // Who is away right now (staff only; help-seekers never see names or reasons).
      away: away.length
        ? translate(lang, 'absence.awayList', {
            names: away
              .map((a) =>
                translate(lang, a.substituteName ? 'absence.awayUntilWith' : 'absence.awayUntil', {
                  name: a.name,
                  to: new Date(new Date(a.to).getTime() - 1).toISOString().slice(0, 10),
                  substitute: a.substituteName ?? '',
                }),
              )
              .join(', '),
          })
        : null,
      transferRegions: allRegions.map((r) => ({ value: r.code, label: r.name })),
      errors,
      hasErrors: Object.keys(errors).length > 0,
      todo: todoList(attention, lang),
      cols: Object.fromEntries(
        ['case', 'age', 'due', 'channel', 'topic', 'region', 'status', 'worker'].map((k) => [
          k,
          translate(lang, `inbox.col.${k}`),
        ]),
      ),
    });
  }
}

/** "What needs doing": one line per thing with a count, linked to the view that holds it. */
function todoList(
  a: { crisisUnassigned: number; unassigned: number; mineToAnswer: number; overdue: number },
  lang: Language,
): { items: { id: string; text: string; href: string; urgent: boolean }[]; nothing: boolean } {
  const item = (id: string, n: number, href: string, urgent = false) =>
    n > 0 ? [{ id, text: translate(lang, `inbox.todo.${id}${n === 1 ? 'One' : ''}`, { n }), href, urgent }] : [];
  const items = [
    ...item('crisis', a.crisisUnassigned, '/inbox?view=unassigned', true),
    ...item('unassigned', a.unassigned - a.crisisUnassigned, '/inbox?view=unassigned'),
    ...item('mine', a.mineToAnswer, '/inbox?view=mine'),
    ...item('overdue', a.overdue, '/inbox?view=open', true),
  ];
  return { items, nothing: items.length === 0 };
}
