import { Foundation1732450000000 } from './1732450000000-foundation';
import { StaffInbox1732450100000 } from './1732450100000-staff-inbox';
import { MailIdentity1732450150000 } from './1732450150000-mail-identity';
import { MailInbound1732450200000 } from './1732450200000-mail-inbound';
import { MailOutbound1732450250000 } from './1732450250000-mail-outbound';
import { Sla1732450300000 } from './1732450300000-sla';
import { Replies1732450400000 } from './1732450400000-replies';
import { Privacy1732450500000 } from './1732450500000-privacy';
import { StaffMail1732450600000 } from './1732450600000-staff-mail';
import { Evaluation1732450700000 } from './1732450700000-evaluation';
import { Dashboard1732450800000 } from './1732450800000-dashboard';
import { Mailboxes1733400000000 } from './1733400000000-mailboxes';

/** Every migration in order; listed explicitly so ts-jest, ts-node and the built app agree. */
export const MIGRATIONS = [
  Foundation1732450000000,
  StaffInbox1732450100000,
  MailIdentity1732450150000,
  MailInbound1732450200000,
  MailOutbound1732450250000,
  Sla1732450300000,
  Replies1732450400000,
  Privacy1732450500000,
  StaffMail1732450600000,
  Evaluation1732450700000,
  Dashboard1732450800000,
  Mailboxes1733400000000,
];
