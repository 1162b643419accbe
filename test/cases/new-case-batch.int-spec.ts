import { CasesService, NewCase, NewCaseBatch } from '../../src/cases/cases.service';
import { startTestApp, TestApp } from '../support/app';

/**
 * A group of inbound mails writes its new cases in one statement (CasesService.writeBatch): the
 * rows must be exactly what the one-at-a-time path writes, and a case whose reference is taken
 * gets another, with nothing of it written twice.
 */
describe('new cases written as a batch', () => {
  let t: TestApp;
  let cases: CasesService;
  let region: { id: number; code: string; name: string; fallback: boolean };
  beforeAll(async () => {
    t = await startTestApp();
    cases = t.app.get(CasesService);
    const [r] = await t.db.ds.query(`SELECT id, code, name FROM region WHERE code = 'utrecht'`);
    region = { ...r, fallback: false };
  }, 60_000);
  afterAll(() => t?.close());

  const question = (n: number): NewCase => ({
    channel: 'email',
    helpSeeker: { nickname: `Schrijver ${n}`, language: 'nl', email: `schrijver${n}@example.nl` },
    region,
    firstMessage: { text: `Ik heb schulden en weet niet waar ik moet beginnen (${n}).` },
    receivedAt: new Date('2026-12-01T09:00:00Z'),
  });

  /** Everything a case's rows hold but their ids, references, token and write time. */
  const rowsOf = async (caseId: string) => {
    const [row] = await t.db.ds.query(
      `SELECT c.status, c.channel, c.region_id, c.topic_code, c.crisis, c.sla_target, c.sla_started_at, c.first_reply_due_at,
              c.sla_check_at, c.search_tsv::text AS tsv, h.nickname, h.language, h.email, h.email_consent_at IS NOT NULL AS consent,
              (SELECT json_agg(json_build_object('direction', direction, 'channel', channel, 'body', body_text)) FROM message WHERE case_id = c.id) AS messages,
              (SELECT json_agg(json_build_object('type', type, 'region', region_id, 'channel', channel, 'data', data)) FROM case_event WHERE case_id = c.id) AS events
         FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id WHERE c.id = $1`,
      [caseId],
    );
    return { ...row, nickname: row.nickname.replace(/\d+$/, ''), email: row.email.replace(/\d+@/, '@') };
  };

  it('writes the same rows as one at a time, and gives a case whose reference is taken another', async () => {
    const single = await t.db.ds.transaction((m) => cases.createCase(m, question(1)));
    const created = await t.db.ds.transaction(async (m) => {
      const batch = new NewCaseBatch();
      const made = [];
      for (const n of [2, 3, 4]) made.push(await cases.createCase(m, question(n), { batch, firstContact: true }));
      // Collected, not written yet.
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[])`, [
        made.map((c) => c.caseId),
      ]);
      expect(n).toBe(0);
      // The second one's reference is taken already.
      batch.cases[1].row.caseRef = batch.cases[1].created.caseRef = single.caseRef;
      await cases.writeBatch(m, batch);
      expect(batch.cases).toEqual([]);
      return made;
    });

    const expected = await rowsOf(single.caseId);
    for (const c of created) {
      expect(await rowsOf(c.caseId)).toEqual({
        ...expected,
        messages: expected.messages.map((x: { body: string }) => ({
          ...x,
          body: x.body.replace('(1)', `(${created.indexOf(c) + 2})`),
        })),
        tsv: expect.any(String),
      });
      const [row] = await t.db.ds.query(`SELECT case_ref, help_seeker_id FROM cases WHERE id = $1`, [c.caseId]);
      // The reference the caller holds is the one written.
      expect(row.case_ref).toBe(c.caseRef);
      const [{ n: messages }] = await t.db.ds.query(
        `SELECT count(*)::int AS n FROM message m WHERE m.id = $1 AND m.case_id = $2`,
        [c.messageId, c.caseId],
      );
      expect(messages).toBe(1);
    }
    expect(created[1].caseRef).not.toBe(single.caseRef);
    // One help-seeker per case: the retry did not write the taken one's help-seeker again.
    const [{ n: seekers }] = await t.db.ds.query(
      `SELECT count(*)::int AS n FROM help_seeker WHERE email LIKE 'schrijver%@example.nl'`,
    );
    expect(seekers).toBe(4);
    // Each search document is exactly what case_search_document() makes of the case.
    const docs = await t.db.ds.query(
      `SELECT search_tsv::text = case_search_document(id)::text AS same FROM cases WHERE id = ANY($1::uuid[])`,
      [created.map((c) => c.caseId)],
    );
    expect(docs).toEqual([{ same: true }, { same: true }, { same: true }]);
  });
});
