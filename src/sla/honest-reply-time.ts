import type { BusinessCalendar } from './business-calendar';

/**
 * When a worker will read a message, as a help-seeker may be told it. A due time inside the
 * region's working hours is promised as it is ("by Tuesday 14:00"). A due time when nobody works
 * (a wall-clock crisis target that ends at 02:00 on a Sunday) is never promised: the honest
 * answer is the team's next opening after it ("from Monday 09:00"). Pure.
 */
export interface HonestReplyTime {
  kind: 'by' | 'from';
  at: Date;
}

export function honestReplyTime(due: Date, calendar: BusinessCalendar): HonestReplyTime {
  const t = due.getTime();
  // A target ending exactly at closing time is still within the day's work.
  if (calendar.isOpen(t) || calendar.isOpen(t - 1)) return { kind: 'by', at: due };
  // add() from closed time starts at the next opening; one millisecond after it, less one.
  return { kind: 'from', at: new Date(calendar.add(t, 1) - 1) };
}
