import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InputInvalidException } from '../common/validation';
import { SIGNATURE_LANGUAGES, SignatureLanguage } from './staff-texts';
import * as repo from './staff-texts.repository';
import type { SnippetRow as Snippet } from './staff-texts.repository';

export type { Snippet };

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
    const rows = await repo.signaturesOf(this.db, staffUserId);
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
    // A language outside SIGNATURE_LANGUAGES was refused above.
    const lang = language as string;
    if (!body) await repo.deleteSignature(this.db, staffUserId, lang);
    else await repo.upsertSignature(this.db, staffUserId, lang, body);
    return { language: lang, text: body! };
  }

  async snippets(staffUserId: string): Promise<Snippet[]> {
    return repo.snippetsOf(this.db, staffUserId);
  }

  async snippet(staffUserId: string, id: string): Promise<Snippet> {
    const s = UUID.test(id) ? await repo.snippetOf(this.db, staffUserId, id) : undefined;
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
    if ((await repo.snippetCount(this.db, staffUserId)) >= MAX_SNIPPETS)
      throw new InputInvalidException({ title: ['texts.invalid.tooMany'] });
    return repo.insertSnippet(this.db, staffUserId, t, b);
  }

  async deleteSnippet(staffUserId: string, id: string): Promise<void> {
    const n = UUID.test(id) ? await repo.deleteSnippet(this.db, staffUserId, id) : 0;
    if (!n) throw new NotFoundException({ code: 'snippet_not_found', message: 'errors.http404' });
  }
}
