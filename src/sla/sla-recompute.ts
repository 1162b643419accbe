/**
 * The job a policy, calendar or closed-day change queues: recompute the due times of the region's
 * open cases. SLA queues it with the change; the cases module, which owns the due-time columns,
 * works it.
 */
export const SLA_RECOMPUTE_QUEUE = 'sla-recompute';

export interface SlaRecomputeJob {
  regionId: number;
}
