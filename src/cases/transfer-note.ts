/**
 * Pure rules of a transfer to another organisation: the reason is a code, and the short note that
 * goes with it to the receiving team must not identify anyone (the case itself tells them who
 * wrote; the note is for why it moved, not for who).
 */

export const TRANSFER_REASONS = ['moved', 'wrong-region'] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

export const TRANSFER_NOTE_MAX = 200;

export function isTransferReason(v: unknown): v is TransferReason {
  return typeof v === 'string' && (TRANSFER_REASONS as readonly string[]).includes(v);
}

const IDENTIFYING: RegExp[] = [
  // An e-mail address.
  /[^\s@]+@[^\s@]+\.[^\s@]+/,
  // A web address (a profile, a page about someone).
  /\bhttps?:\/\/|\bwww\.[^\s]+\.[a-z]{2,}/i,
  // Eight or more digits in one run, spaces, dots and dashes allowed between them: a phone number,
  // a citizen service or account number, a date of birth.
  /(?:\d[\s.-]?){7,}\d/,
  // A Dutch postcode with its letters (a street), or an IBAN.
  /\b[1-9]\d{3}\s?[A-Z]{2}\b/,
  /\b[A-Z]{2}\d{2}\s?[A-Z]{4}/,
];

/** True when the note holds something that names or reaches a person (see IDENTIFYING). */
export function identifyingNote(note: string): boolean {
  return IDENTIFYING.some((re) => re.test(note));
}
