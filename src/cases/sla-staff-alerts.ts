import type { EntityManager } from 'typeorm';
import type { ScanNotified } from './sla-scan';

/**
 * The port through which the SLA scan tells staff by mail. SLA knows no channel: the mail side
 * implements this (a throttled, content-free digest) and provides it under this token.
 */
export const SLA_STAFF_ALERTS = Symbol('SlaStaffAlerts');

export interface SlaStaffAlerts {
  /** Queues alerts for what one scan batch notified, inside the batch's transaction; returns how many. */
  enqueue(m: EntityManager, notified: ScanNotified[]): Promise<number>;
}
