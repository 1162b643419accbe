import { DataSource } from 'typeorm';
import { makeCase } from '../inbox/factories';

export const HOUR_SECONDS = 3600;

export interface FactOptions {
  actor?: string;
  data?: object;
  wall?: number;
  business?: number;
  /** Defaults to the case's channel. */
  channel?: string;
}

/** A case_event fact as the services write it: the case's region and channel, at a given time. */
export async function recordFact(
  ds: DataSource,
  caseId: string,
  type: string,
  at: string | Date,
  o: FactOptions = {},
): Promise<void> {
  await ds.query(
    `INSERT INTO case_event (case_id, type, region_id, channel, actor_id, data, wall_seconds, business_seconds, occurred_at)
     SELECT id, $2, region_id, COALESCE($3, channel), $4, $5, $6, $7, $8 FROM cases WHERE id = $1`,
    [
      caseId,
      type,
      o.channel ?? null,
      o.actor ?? null,
      JSON.stringify(o.data ?? {}),
      o.wall ?? null,
      o.business ?? null,
      at,
    ],
  );
}

/** A closed case created at `at`, with its case.created fact. */
export async function caseWithFact(
  ds: DataSource,
  region: string,
  topic: string | null,
  channel: 'web' | 'email',
  at: string | Date,
): Promise<string> {
  const createdAt = typeof at === 'string' ? at : at.toISOString();
  const c = await makeCase(ds, { region, topic, channel, createdAt, status: 'closed' });
  await recordFact(ds, c.id, 'case.created', at);
  return c.id;
}

export interface ReplyFact {
  by: string;
  target?: 'first' | 'next';
  businessHours: number;
  wallHours: number;
  met: boolean;
  checks: string[];
  referrals?: { socialWork?: number; faceToFace?: number; online?: number };
}

/** An answered reply target (sla.met / sla.missed) and the reply.sent fact of the same reply. */
export async function replyFacts(ds: DataSource, caseId: string, at: string | Date, r: ReplyFact): Promise<void> {
  await recordFact(ds, caseId, r.met ? 'sla.met' : 'sla.missed', at, {
    actor: r.by,
    data: { target: r.target ?? 'first' },
    business: r.businessHours * HOUR_SECONDS,
    wall: r.wallHours * HOUR_SECONDS,
  });
  const ref = r.referrals ?? {};
  await recordFact(ds, caseId, 'reply.sent', at, {
    actor: r.by,
    data: {
      replyId: 'r',
      checks: r.checks,
      referrals: { 'social-work': ref.socialWork ?? 0, 'face-to-face': ref.faceToFace ?? 0, online: ref.online ?? 0 },
    },
  });
}

/** A help-seeker's evaluation of a reply (an outgoing message is made for it). */
export async function evaluationRow(
  ds: DataSource,
  caseId: string,
  at: string | Date,
  e: { pleasant: boolean; helped: boolean; personalContact: boolean; meaningful: number; helpedScore: number },
): Promise<void> {
  const [m] = await ds.query(
    `INSERT INTO message (case_id, direction, channel, body_text, created_at) VALUES ($1, 'out', 'email', 'Antwoord.', $2) RETURNING id`,
    [caseId, at],
  );
  await ds.query(
    `INSERT INTO evaluation (case_id, reply_message_id, pleasant, helped, personal_contact, meaningful_score, helped_score, submitted_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [caseId, m.id, e.pleasant, e.helped, e.personalContact, e.meaningful, e.helpedScore, at],
  );
}
