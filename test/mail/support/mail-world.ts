import { DataSource } from 'typeorm';
import { CasesService } from '../../../src/cases/cases.service';
import { AppSecrets } from '../../../src/common/app-secrets.service';
import { hashToken } from '../../../src/common/secrets';
import { newMessageId, newReplyToken } from '../../../src/mail/mail-identity';
import { TestApp } from '../../support/app';

export interface MailCase {
  caseId: string;
  token: string;
  messageId: string;
}

/** An e-mail case as if we had answered it: a reply token and one of our signed Message-IDs. */
export async function emailCase(t: TestApp, email: string, status: 'new' | 'closed' = 'new'): Promise<MailCase> {
  const ds = t.app.get(DataSource);
  const cases = t.app.get(CasesService);
  const token = newReplyToken();
  const caseId = await ds.transaction(async (m) => {
    const c = await cases.createCase(m, {
      channel: 'email',
      helpSeeker: { nickname: 'Test', language: 'nl', email },
      firstMessage: { text: 'Eerste vraag' },
    });
    await m.query(`INSERT INTO reply_token (token_hash, case_id) VALUES ($1, $2)`, [hashToken(token), c.caseId]);
    if (status === 'closed') await m.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [c.caseId]);
    return c.caseId;
  });
  const messageId = newMessageId(t.app.get(AppSecrets).get('message-id'), t.config.mailDomain, caseId);
  return { caseId, token, messageId };
}

/** The "Queued as <id>" of a 250 answer. */
export function rawMailIdOf(response: string | undefined): string {
  const m = /Queued as ([0-9a-f-]{36})/.exec(response ?? '');
  if (!m) throw new Error(`no raw mail id in SMTP answer: ${response}`);
  return m[1];
}
