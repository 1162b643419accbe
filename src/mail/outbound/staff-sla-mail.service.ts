import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { translate } from '../../common/i18n/i18n';
import { APP_CONFIG, AppConfig } from '../../config/config';
import type { ScanNotified } from '../../cases/sla-scan';
import type { SlaStaffAlerts } from '../../cases/sla-staff-alerts';
import { MailTemplates } from './mail-templates';
import { OutboxService } from './outbox.service';
import * as repo from './staff-sla-mail.repository';
import type { StaffAddressee } from './staff-sla-mail.repository';

/** Per staff member: how many cases neared their due time and how many passed it. */
export function digestCounts(notified: ScanNotified[]): Map<string, { warnings: number; breaches: number }> {
  const byStaff = new Map<string, { warnings: number; breaches: number }>();
  for (const n of notified) {
    const c = byStaff.get(n.staffUserId) ?? { warnings: 0, breaches: 0 };
    if (n.kind === 'warning') c.warnings++;
    else c.breaches++;
    byStaff.set(n.staffUserId, c);
  }
  return byStaff;
}

/**
 * The staff e-mail beside the in-app SLA notifications: queued in the scan's transaction (no
 * notification, no mail), to the staff member's own address, at most one per
 * `staffSlaMailMinutes` per person — a digest, never a storm. It says only that cases in their
 * region near or passed their due time, with counts and a link to the inbox: no case text,
 * topic, nickname, reference or address. Dutch first (the staff UI's default), English below,
 * since staff have no language setting. The SLA scan reaches it through src/notifications, which
 * implements the SLA_STAFF_ALERTS port and applies each person's choice (off / immediately / daily).
 */
@Injectable()
export class StaffSlaMailService implements SlaStaffAlerts {
  private readonly logger = new Logger('sla');
  private readonly templates = new MailTemplates();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  /** Queues the mails for what one scan batch notified; returns how many were queued. */
  async enqueue(m: EntityManager, notified: ScanNotified[]): Promise<number> {
    const minutes = this.config.outboundMail.staffSlaMailMinutes;
    let queued = 0;
    // Sorted, so two scans taking the same people's locks never wait on each other in a circle.
    const digests = [...digestCounts(notified)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [staffUserId, counts] of digests) {
      // Two scans notifying one person at once: the second waits here, then sees the first's mail.
      await repo.lockStaffSlaMail(m, staffUserId);
      const u = await repo.addresseeWithRecentMail(m, staffUserId, minutes);
      if (!u || u.recent) continue;
      await this.queue(m, staffUserId, u, { minutes, ...counts });
      queued++;
    }
    if (queued) this.logger.log({ staffMails: queued }, 'sla staff mail queued');
    return queued;
  }

  /**
   * The daily digest of one person who chose it (src/notifications decides who and counts): the
   * same content-free mail with the day's counts, not throttled. False when the user is inactive.
   */
  async enqueueDigest(
    m: EntityManager,
    staffUserId: string,
    counts: { warnings: number; breaches: number },
  ): Promise<boolean> {
    const u = await repo.activeAddressee(m, staffUserId);
    if (!u) return false;
    await this.queue(m, staffUserId, u, { daily: true, ...counts });
    this.logger.log({ staffMails: 1 }, 'sla staff digest queued');
    return true;
  }

  private async queue(
    m: EntityManager,
    staffUserId: string,
    u: StaffAddressee,
    vars: { warnings: number; breaches: number; minutes?: number; daily?: boolean },
  ): Promise<void> {
    const ctx = { name: u.name, inboxUrl: `${this.config.outboundMail.publicUrl}/inbox`, ...vars };
    const nl = this.templates.render('staff-sla', { lang: 'nl', ...ctx });
    const en = this.templates.render('staff-sla', { lang: 'en', ...ctx });
    await this.outbox.enqueue(m, {
      caseId: null,
      staffUserId,
      kind: 'staff-sla',
      automatic: true,
      language: 'nl',
      to: u.email,
      subject: translate('nl', 'mail.staffSla.subject'),
      text: `${translate('nl', 'mail.staffSla.otherLanguage')}\n\n${nl.text}\n---\n\n${en.text}`,
    });
  }
}
