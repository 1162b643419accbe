import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InputInvalidException } from '../common/validation';
import { SIGNATURE_LANGUAGES, SignatureLanguage } from './staff-texts';
import * as sql from '../database/sql';

export interface Snippet {
  id: string;
  title: string;
  text: string;
}

export const MAX_SNIPPETS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A worker's own texts for the composer: a signature per reply language and personal snippets.
 * Owns `staff_signature` and `staff_snippet`; every method works on the caller's own rows only.
 */
@Injectable()
export class StaffTextsService {
  constructor(private readonly db: DataSource) {}

  async signatures(staffUserId: string): Promise<Record<SignatureLanguage, string>> {
    const rows = await sql.rows<{ language: SignatureLanguage; body_text: string }>(
      this.db,
      `SELECT language, body_text FROM staff_signature WHERE staff_user_id = $1`,
      [staffUserId],
    );
    const out = { nl: '', en: '' };
    for (const r of rows) out[r.language] = r.body_text;
    return out;
  }

  /** Sets (or with an empty text, removes) the signature of one language. */
  async setSignature(
    staffUserId: string,
    language: unknown,
    text: unknown,
  ): Promise<{ language: string; text: string }> {
    const fields: Record<string, string[]> = {};
    if (!(SIGNATURE_LANGUAGES as readonly unknown[]).includes(language)) fields.language = ['texts.invalid.language'];
    const body = typeof text === 'string' ? text.replace(/\r\n/g, '\n').trim() : null;
    if (body === null || body.length > 2000) fields.text = ['texts.invalid.signature'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    if (!body)
      await sql.exec(this.db, `DELETE FROM staff_signature WHERE staff_user_id = $1 AND language = $2`, [
        staffUserId,
        language,
      ]);
    else
      await sql.exec(
        this.db,
        `INSERT INTO staff_signature (staff_user_id, language, body_text, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (staff_user_id, language) DO UPDATE SET body_text = EXCLUDED.body_text, updated_at = now()`,
        [staffUserId, language, body],
      );
    return { language: language as string, text: body! };
  }

  async snippets(staffUserId: string): Promise<Snippet[]> {
    return sql.rows<Snippet>(
      this.db,
      `SELECT id, title, body_text AS text FROM staff_snippet WHERE staff_user_id = $1 ORDER BY lower(title), id`,
      [staffUserId],
    );
  }

  async snippet(staffUserId: string, id: string): Promise<Snippet> {
    const [s] = UUID.test(id)
      ? await sql.rows<Snippet>(
          this.db,
          `SELECT id, title, body_text AS text FROM staff_snippet WHERE id = $1 AND staff_user_id = $2`,
          [id, staffUserId],
        )
      : [];
    if (!s) throw new NotFoundException({ code: 'snippet_not_found', message: 'errors.http404' });
    return s;
  }

  async addSnippet(staffUserId: string, title: unknown, text: unknown): Promise<Snippet> {
    const fields: Record<string, string[]> = {};
    const t = typeof title === 'string' ? title.trim() : '';
    const b = typeof text === 'string' ? text.replace(/\r\n/g, '\n').trim() : '';
    if (t.length < 1 || t.length > 80) fields.title = ['texts.invalid.title'];
    if (b.length < 1 || b.length > 5000) fields.text = ['texts.invalid.text'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    const { n } = await sql.only<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM staff_snippet WHERE staff_user_id = $1`,
      [staffUserId],
    );
    if (n >= MAX_SNIPPETS) throw new InputInvalidException({ title: ['texts.invalid.tooMany'] });
    const s = await sql.only<Snippet>(
      this.db,
      `INSERT INTO staff_snippet (staff_user_id, title, body_text) VALUES ($1, $2, $3) RETURNING id, title, body_text AS text`,
      [staffUserId, t, b],
    );
    return s;
  }

  async deleteSnippet(staffUserId: string, id: string): Promise<void> {
    const [{ n }] = UUID.test(id)
      ? await sql.rows<{ n: number }>(
          this.db,
          `WITH d AS (DELETE FROM staff_snippet WHERE id = $1 AND staff_user_id = $2 RETURNING id) SELECT count(*)::int AS n FROM d`,
          [id, staffUserId],
        )
      : [{ n: 0 }];
    if (!n) throw new NotFoundException({ code: 'snippet_not_found', message: 'errors.http404' });
  }
}
