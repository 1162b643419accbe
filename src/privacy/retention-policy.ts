import type { RetentionConfig } from '../config/config';

export interface RetentionCutoffs {
  /** Closed cases last changed before this are erased; null: rule off. */
  closedCasesBefore: Date | null;
  /** Processed mail received before this loses its raw bytes. */
  rawMailBefore: Date | null;
  /** Quarantined mail received before this is deleted. */
  quarantineBefore: Date | null;
}

/** The instants before which each rule applies at `now` (calendar months in UTC, so 12 months is a year). */
export function retentionCutoffs(
  policy: Pick<RetentionConfig, 'closedCaseMonths' | 'rawMailDays' | 'quarantineDays'>,
  now: Date,
): RetentionCutoffs {
  const monthsBack = (n: number) => {
    const d = new Date(now.getTime());
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - n);
    // 31 March minus one month is the last day of February, not 3 March.
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
    return d;
  };
  const daysBack = (n: number) => new Date(now.getTime() - n * 24 * 3600_000);
  return {
    closedCasesBefore: policy.closedCaseMonths > 0 ? monthsBack(policy.closedCaseMonths) : null,
    rawMailBefore: policy.rawMailDays > 0 ? daysBack(policy.rawMailDays) : null,
    quarantineBefore: policy.quarantineDays > 0 ? daysBack(policy.quarantineDays) : null,
  };
}

/**
 * The months an organisation keeps closed cases: its own period when it has one, never longer than
 * the platform's limit (the limit may have been lowered after the organisation chose); 0: never erased.
 * Without a platform limit (0) an organisation's shorter period still applies.
 */
export function closedCaseMonthsOf(platformMonths: number, organisationMonths: number | null): number {
  if (organisationMonths === null || organisationMonths <= 0) return platformMonths;
  return platformMonths > 0 ? Math.min(platformMonths, organisationMonths) : organisationMonths;
}

export interface RetentionCounts {
  /** Closed cases whose content was erased. */
  cases: number;
  messages: number;
  attachments: number;
  /** Raw mails deleted together with erased cases. */
  caseRawMails: number;
  /** Processed mails whose raw bytes were removed. */
  rawMailBytes: number;
  /** Quarantined mails deleted. */
  quarantined: number;
}
