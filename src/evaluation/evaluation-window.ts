/** An evaluation can be changed for a day after it was first submitted. */
export const EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

export function editableUntil(submittedAt: Date): Date {
  return new Date(submittedAt.getTime() + EDIT_WINDOW_MS);
}

export function isEditable(submittedAt: Date, now: Date): boolean {
  return now.getTime() < editableUntil(submittedAt).getTime();
}
