import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface CaseSpec {
  region: string;
  status?: 'new' | 'open' | 'waiting' | 'closed';
  crisis?: boolean;
  assignedTo?: string | null;
  topic?: string | null;
  channel?: 'web' | 'email';
  createdAt?: string;
  firstDue?: string | null;
  text?: string;
  email?: string | null;
  nickname?: string;
}

/** A case straight in the database (help-seeker, case, first message), for inbox and scope tests. */
export async function makeCase(ds: DataSource, s: CaseSpec): Promise<{ id: string; caseRef: string }> {
  const [hs] = await ds.query(
    `INSERT INTO help_seeker (nickname, email, email_consent_at) VALUES ($1, $2, CASE WHEN $2::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
    [s.nickname ?? 'Test', s.email ?? null],
  );
  const ref = `T-${randomBytes(4).toString('hex').toUpperCase()}`;
  const [c] = await ds.query(
    `INSERT INTO cases (case_ref, access_token_hash, help_seeker_id, region_id, status, channel, topic_code, crisis, assigned_to, first_reply_due_at, created_at, last_message_at)
     SELECT $1, $2, $3, r.id, $5, $6, $7, $8, $9, $10, COALESCE($11::timestamptz, now()), COALESCE($11::timestamptz, now()) FROM region r WHERE r.code = $4
     RETURNING id`,
    [
      ref,
      randomBytes(32),
      hs.id,
      s.region,
      s.status ?? 'new',
      s.channel ?? 'web',
      s.topic ?? null,
      s.crisis ?? false,
      s.assignedTo ?? null,
      s.firstDue ?? null,
      s.createdAt ?? null,
    ],
  );
  if (!c) throw new Error(`unknown region ${s.region}`);
  await ds.query(
    `INSERT INTO message (case_id, direction, channel, body_text, created_at) VALUES ($1, 'in', $2, $3, COALESCE($4::timestamptz, now()))`,
    [c.id, s.channel ?? 'web', s.text ?? 'Een vraag van een hulpvrager.', s.createdAt ?? null],
  );
  return { id: c.id, caseRef: ref };
}

export async function staffId(ds: DataSource, email: string): Promise<string> {
  const [u] = await ds.query(`SELECT id FROM staff_user WHERE email = $1`, [email]);
  return u.id;
}
