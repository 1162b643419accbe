/**
 * Which case an inbound mail belongs to. The reply token in the recipient address is the
 * strongest sign (a per-case secret); next our own signed Message-IDs in In-Reply-To and
 * References; otherwise it starts a new case. Never the subject: "Re: schulden" from one person
 * must not land in another's case.
 */
export type ThreadDecision =
  { kind: 'reply-token'; caseId: string } | { kind: 'message-id'; caseId: string } | { kind: 'new' };

export interface ThreadEvidence {
  /** The case of a known reply token among the recipients (already looked up). */
  replyTokenCaseId?: string;
  /** Cases named by our verified Message-IDs, nearest first (In-Reply-To, then References newest to oldest). */
  referencedCaseIds: string[];
}

export function decideThread(e: ThreadEvidence): ThreadDecision {
  if (e.replyTokenCaseId) return { kind: 'reply-token', caseId: e.replyTokenCaseId };
  const first = e.referencedCaseIds[0];
  if (first) return { kind: 'message-id', caseId: first };
  return { kind: 'new' };
}

/** In-Reply-To first, then References from the newest (last) to the oldest, without repeats. */
export function referencedMessageIds(inReplyTo: string[], references: string[]): string[] {
  const ordered = [...inReplyTo, ...[...references].reverse()];
  return [...new Set(ordered)];
}
