/**
 * When a reply target falls due, with pauses taken out: pure functions over a clock, which is a
 * region's business calendar or plain wall-clock time (a crisis policy may count that way).
 */
export interface Clock {
  add(instant: number, ms: number): number;
  between(a: number, b: number): number;
}

export const WALL_CLOCK: Clock = {
  add: (a, ms) => a + ms,
  between: (a, b) => b - a,
};

/** A stretch of waiting on the help-seeker; `endedAt` null while it lasts. */
export interface Pause {
  startedAt: number;
  endedAt: number | null;
}

/** The pauses that matter after `start`, clipped to it and in order. */
function pausesFrom(start: number, pauses: Pause[]): Pause[] {
  return pauses
    .filter((p) => p.endedAt === null || p.endedAt > start)
    .map((p) => ({ startedAt: Math.max(p.startedAt, start), endedAt: p.endedAt }))
    .sort((a, b) => a.startedAt - b.startedAt);
}

/**
 * The instant at which `targetMs` of clock time has run since `start`, not counting pauses;
 * null when the clock is paused before reaching it (nothing is due while we wait).
 */
export function dueAt(clock: Clock, start: number, targetMs: number, pauses: Pause[]): number | null {
  let from = start;
  let left = targetMs;
  for (const p of pausesFrom(start, pauses)) {
    if (p.startedAt > from) {
      const run = clock.between(from, p.startedAt);
      if (run >= left) return clock.add(from, left);
      left -= run;
    }
    if (p.endedAt === null) return null;
    from = Math.max(from, p.endedAt);
  }
  return clock.add(from, left);
}

/** Clock time that ran between `start` and `now`, pauses excluded. */
export function runningTime(clock: Clock, start: number, now: number, pauses: Pause[]): number {
  if (now <= start) return 0;
  let total = 0;
  let from = start;
  for (const p of pausesFrom(start, pauses)) {
    if (p.startedAt >= now) break;
    if (p.startedAt > from) total += clock.between(from, p.startedAt);
    from = p.endedAt === null ? now : Math.max(from, Math.min(p.endedAt, now));
  }
  if (from < now) total += clock.between(from, now);
  return total;
}
