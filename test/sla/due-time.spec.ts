import fc from 'fast-check';
import { BusinessCalendar } from '../../src/sla/business-calendar';
import { defaultCalendarSpec } from '../../src/sla/calendar-defaults';
import { dueAt, Pause, runningTime, WALL_CLOCK } from '../../src/sla/due-time';
import { resolvePolicy, DEFAULT_CRISIS_POLICY, DEFAULT_POLICY, PolicyRow } from '../../src/sla/sla-policy';

const H = 3600_000;
const cal = new BusinessCalendar(defaultCalendarSpec('Europe/Amsterdam'));
const clocks = [cal, WALL_CLOCK];

describe('due times with pauses', () => {
  it('is plain addition without pauses, and pushes the due time by the business time a pause covers', () => {
    const start = Date.UTC(2026, 10, 23, 8); // Monday 09:00 Amsterdam
    expect(dueAt(WALL_CLOCK, start, 2 * H, [])).toBe(start + 2 * H);
    // Paused 09:30–14:00 on Monday: 0.5 h used before, 1.5 h after → 15:30.
    const pause: Pause = { startedAt: start + H / 2, endedAt: start + 5 * H };
    expect(dueAt(cal, start, 2 * H, [pause])).toBe(start + 6.5 * H);
    expect(runningTime(cal, start, start + 6.5 * H, [pause])).toBe(2 * H);
    // Still paused: nothing is due; a target reached before the pause keeps its due time.
    expect(dueAt(cal, start, 2 * H, [{ startedAt: start + H, endedAt: null }])).toBeNull();
    expect(dueAt(cal, start, H / 2, [{ startedAt: start + H, endedAt: null }])).toBe(start + H / 2);
  });

  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) });
  const span = fc.integer({ min: 0, max: 100 * H });
  const pauses = (start: number) =>
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: 200 * H }), fc.integer({ min: 0, max: 50 * H })), { maxLength: 4 })
      .map((ps) => {
        // Non-overlapping closed pauses after the start, in order.
        let t = start;
        return ps.map(([gap, len]) => {
          const p = { startedAt: t + gap, endedAt: t + gap + len };
          t = p.endedAt;
          return p;
        });
      });

  it('runs exactly the target between the clock start and the due time, pauses excluded', () => {
    const startWithPauses = instant.chain((start) => fc.tuple(fc.constant(start), pauses(start)));
    fc.assert(
      fc.property(fc.constantFrom(...clocks), startWithPauses, span, (clock, [start, ps], target) => {
        const due = dueAt(clock, start, target, ps)!;
        return due >= start && runningTime(clock, start, due, ps) === target;
      }),
      { numRuns: 300 },
    );
  });

  it('never moves a due time earlier when a pause is added', () => {
    fc.assert(
      fc.property(
        instant,
        span,
        fc.integer({ min: 0, max: 100 * H }),
        fc.integer({ min: 0, max: 50 * H }),
        (start, target, gap, len) => {
          const without = dueAt(cal, start, target, [])!;
          const withPause = dueAt(cal, start, target, [{ startedAt: start + gap, endedAt: start + gap + len }])!;
          return withPause >= without;
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('policy resolution', () => {
  const row = (p: Partial<PolicyRow>): PolicyRow => ({
    topicCode: null,
    crisis: false,
    firstReplyMinutes: 600,
    nextReplyMinutes: 600,
    wallClock: false,
    warnPercent: 75,
    ...p,
  });

  it('prefers the topic row, falls back to the region row, then to the defaults', () => {
    const rows = [
      row({}),
      row({ topicCode: 'money', firstReplyMinutes: 1200 }),
      row({ crisis: true, firstReplyMinutes: 60, wallClock: true }),
    ];
    expect(resolvePolicy(rows, 'money', false).firstReplyMinutes).toBe(1200);
    expect(resolvePolicy(rows, 'housing', false).firstReplyMinutes).toBe(600);
    expect(resolvePolicy(rows, 'money', true)).toMatchObject({ firstReplyMinutes: 60, wallClock: true });
    expect(resolvePolicy([], null, false)).toEqual(DEFAULT_POLICY);
    // A topic's ordinary row never applies to a crisis case.
    expect(resolvePolicy([row({ topicCode: 'money', firstReplyMinutes: 1200 })], 'money', true)).toEqual(
      DEFAULT_CRISIS_POLICY,
    );
  });
});
