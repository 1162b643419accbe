import type { MailKind } from './mail-classifier';
import {
  BOUNCE_HANDLER_LOCAL_PART,
  DAEMON_LOCAL_PART,
  LIST_ROBOT_LOCAL_PART,
  NOREPLY_LOCAL_PART,
  NOTIFICATION_LOCAL_PART,
} from './mail-signals';

/**
 * Whether a new e-mail case gets the automatic acknowledgement. Every acknowledgement to a
 * robot can start a mail loop or hit a spam trap, so it goes only to a plain `message` (never
 * to suspected bulk or a suspected auto-reply), never to a robot-style address, and never to an
 * address that sent us a bounce, bulk mail or an auto-reply in the last 30 days.
 */
export interface AcknowledgementInput {
  kind: MailKind;
  /** Where the acknowledgement would go (the help-seeker's address). */
  address: string | undefined;
  /** The address sent us machine mail lately (mail_robot_address, 30 days). */
  robotRecently: boolean;
}

export interface AcknowledgementDecision {
  send: boolean;
  /** A short code for the log (never the address). */
  reason: 'message' | 'not-a-plain-message' | 'no-address' | 'robot-address' | 'robot-recently';
}

/** Addresses no person reads: noreply@, MAILER-DAEMON, postmaster, bounce handlers, list robots, notifications. */
export function isRobotAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = at === -1 ? address : address.slice(0, at);
  return (
    DAEMON_LOCAL_PART.test(local) ||
    NOREPLY_LOCAL_PART.test(local) ||
    NOTIFICATION_LOCAL_PART.test(local) ||
    LIST_ROBOT_LOCAL_PART.test(local) ||
    BOUNCE_HANDLER_LOCAL_PART.test(local)
  );
}

export function acknowledgementDecision(a: AcknowledgementInput): AcknowledgementDecision {
  if (a.kind !== 'message') return { send: false, reason: 'not-a-plain-message' };
  if (!a.address || !a.address.includes('@')) return { send: false, reason: 'no-address' };
  if (isRobotAddress(a.address)) return { send: false, reason: 'robot-address' };
  if (a.robotRecently) return { send: false, reason: 'robot-recently' };
  return { send: true, reason: 'message' };
}
