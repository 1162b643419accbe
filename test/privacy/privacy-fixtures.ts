import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';

/** Distinct marker strings, so a search for them proves where content is (or is not). */
export function markers() {
  const m = randomBytes(4).toString('hex');
  return {
    nickname: `Nick${m}`,
    text: `Vraagtekst-marker-${m} over mijn schulden`,
    followUp: `Vervolg-marker-${m} nog een vraag`,
    email: `hs-${m}@home.example`,
    attachment: `Bijlage-marker-${m}`,
    raw: `Raw-marker-${m}`,
    note: `Notitie-marker-${m}`,
    reply: `Antwoord-marker-${m}`,
  };
}
export type Markers = ReturnType<typeof markers>;

/**
 * A web case with an address, then the mail side a real e-mail leaves behind (raw bytes, mail
 * details, an attachment), a worker's reply with its pending outbox mail, a staff note.
 */
export async function caseWithContent(
  t: TestApp,
  mk: Markers,
): Promise<{ caseId: string; token: string; caseRef: string }> {
  const res = await request(t.app.getHttpServer())
    .post('/api/v1/questions')
    .send({
      nickname: mk.nickname,
      text: mk.text,
      postcode: '1012 AB',
      country: 'NL',
      topic: 'money',
      email: mk.email,
      emailConsent: true,
    })
    .expect(201);
  const token: string = res.body.token;
  await request(t.app.getHttpServer())
    .post('/api/v1/case/messages')
    .set('Authorization', `Bearer ${token}`)
    .send({ text: mk.followUp })
    .expect(201);
  const [c] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [res.body.caseRef]);
  await addMailContent(t.db.ds, c.id, mk);
  return { caseId: c.id, token, caseRef: res.body.caseRef };
}

export async function addMailContent(ds: DataSource, caseId: string, mk: Markers, receivedAt?: Date): Promise<void> {
  const bytes = Buffer.from(`From: ${mk.email}\r\nSubject: hulp\r\n\r\n${mk.raw}\r\n`);
  const [raw] = await ds.query(
    `INSERT INTO raw_mail (mail_from, rcpt_to, size, sha256, bytes, status, class, case_id, processed_at, received_at)
     VALUES ($1, '{hulp@luister.example}', $2, $3, $4, 'processed', 'message', $5, now(), COALESCE($6, now())) RETURNING id`,
    [mk.email, bytes.length, createHash('sha256').update(bytes).digest(), bytes, caseId, receivedAt ?? null],
  );
  const [msg] = await ds.query(
    `INSERT INTO message (case_id, direction, channel, body_text) VALUES ($1, 'in', 'email', $2) RETURNING id`,
    [caseId, mk.raw],
  );
  await ds.query(
    `INSERT INTO mail_message (message_id, raw_mail_id, header_message_id, from_address, subject, full_text, html) VALUES ($1, $2, '<x@home.example>', $3, 'hulp', $4, $5)`,
    [msg.id, raw.id, mk.email, mk.raw, `<p>${mk.raw}</p>`],
  );
  const att = Buffer.from(mk.attachment);
  await ds.query(
    `INSERT INTO mail_attachment (message_id, filename, content_type, size, sha256, bytes) VALUES ($1, 'brief.txt', 'text/plain', $2, $3, $4)`,
    [msg.id, att.length, createHash('sha256').update(att).digest(), att],
  );
  await ds.query(`INSERT INTO message (case_id, direction, channel, body_text) VALUES ($1, 'out', 'web', $2)`, [
    caseId,
    mk.reply,
  ]);
  await ds.query(
    `INSERT INTO outbox (case_id, kind, automatic, language, recipient, subject, text_body, message_id) VALUES ($1, 'reply', false, 'nl', $2, 'Antwoord', $3, $4)`,
    [caseId, mk.email, mk.reply, `<${randomBytes(8).toString('hex')}@luister.example>`],
  );
  const [staff] = await ds.query(`SELECT id FROM staff_user WHERE email = 'worker@luister.example'`);
  await ds.query(`INSERT INTO case_note (case_id, author_id, body_text) VALUES ($1, $2, $3)`, [
    caseId,
    staff.id,
    mk.note,
  ]);
}

/**
 * Where a string occurs anywhere in the database's public tables: each row as text (bytea shows
 * as hex, so the hex of the string is searched too). Returns the tables that hold it.
 */
export async function tablesHolding(ds: DataSource, needle: string): Promise<string[]> {
  const tables: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const hex = Buffer.from(needle, 'utf8').toString('hex');
  const found: string[] = [];
  for (const { table_name } of tables) {
    const [r] = await ds.query(
      `SELECT count(*)::int AS n FROM "${table_name}" x WHERE x::text ILIKE $1 OR x::text ILIKE $2`,
      [`%${needle}%`, `%${hex}%`],
    );
    if (r.n > 0) found.push(table_name);
  }
  return found;
}
