import { Slot } from './business-calendar';

const TIME = /^(\d{1,2})(?:[:.](\d{2}))?$/;

function time(s: string): string | null {
  const m = TIME.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/**
 * One weekday's opening hours as a person types them on the calendar page: slots separated by
 * commas or semicolons, each `start-end` (`09:00-12:30, 13:30-17:00`; `9-17`, `9.00–17.00` too).
 * Empty is closed. Null when something is not a time range; whether the slots make sense together
 * (order, overlap) is the calendar's own check.
 */
export function parseDayHours(text: string): Slot[] | null {
  const slots: Slot[] = [];
  for (const part of text.split(/[,;]/)) {
    if (!part.trim()) continue;
    const ends = part.split(/\s*[-–—]\s*|\s+(?:tot|to|until)\s+/i);
    if (ends.length !== 2) return null;
    const start = time(ends[0]);
    const end = time(ends[1]);
    if (!start || !end) return null;
    slots.push({ start, end });
  }
  return slots;
}

/** The slots of one weekday the way the page shows them in its field: `09:00-12:30, 13:30-17:00`. */
export function formatDayHours(slots: Slot[] | undefined): string {
  return (slots ?? []).map((s) => `${s.start}-${s.end}`).join(', ');
}

/** Hours as typed (`14`, `1,5`, `0.25`) to whole minutes; NaN when it is not a positive number. */
export function hoursToMinutes(text: string): number {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return Number.NaN;
  return Math.round(Number(t) * 60);
}

/** Minutes as hours for a field or a table (`14`, `1.5`, `0.25`). */
export function minutesToHours(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100);
}
