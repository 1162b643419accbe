/** Reply targets of a region (optionally per topic; a separate, shorter one for crisis cases). */
export interface SlaPolicy {
  firstReplyMinutes: number;
  nextReplyMinutes: number;
  /** Count the target in wall-clock time instead of the region's business hours. */
  wallClock: boolean;
  /** Warn when this share of the target has run. */
  warnPercent: number;
}

export interface PolicyRow extends SlaPolicy {
  topicCode: string | null;
  crisis: boolean;
}

/** Two working days of seven hours: what the start page promised before SLAs existed. */
export const DEFAULT_POLICY: SlaPolicy = {
  firstReplyMinutes: 14 * 60,
  nextReplyMinutes: 14 * 60,
  wallClock: false,
  warnPercent: 75,
};
export const DEFAULT_CRISIS_POLICY: SlaPolicy = {
  firstReplyMinutes: 2 * 60,
  nextReplyMinutes: 2 * 60,
  wallClock: false,
  warnPercent: 50,
};

/**
 * The policy for a case: a row for its topic wins over the region's general row; a crisis case
 * only takes crisis rows (a topic's ordinary target must never loosen a crisis target).
 */
export function resolvePolicy(rows: PolicyRow[], topic: string | null, crisis: boolean): SlaPolicy {
  const mine = rows.filter((r) => r.crisis === crisis);
  const pick = (topic && mine.find((r) => r.topicCode === topic)) || mine.find((r) => r.topicCode === null);
  if (pick)
    return {
      firstReplyMinutes: pick.firstReplyMinutes,
      nextReplyMinutes: pick.nextReplyMinutes,
      wallClock: pick.wallClock,
      warnPercent: pick.warnPercent,
    };
  return crisis ? DEFAULT_CRISIS_POLICY : DEFAULT_POLICY;
}

export type ReplyTarget = 'first' | 'next';

export function targetMs(policy: SlaPolicy, target: ReplyTarget): number {
  return (target === 'first' ? policy.firstReplyMinutes : policy.nextReplyMinutes) * 60_000;
}
