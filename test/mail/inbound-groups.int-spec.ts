import { InboundMailQueue } from '../../src/mail/inbound/inbound-mail.queue';
import { RawMailStore } from '../../src/mail/inbound/raw-mail.store';
import { startTestApp, TestApp } from '../support/app';
import { simpleMail } from './support/smtp';

/**
 * Issue 21 item 3: the new cases of a claimed batch are written in one transaction (a burst
 * costs a commit per group, not per mail), yet each mail is processed exactly once as if alone:
 * a mail that fails inside the group costs the others nothing, duplicates and replies to a case
 * in the same batch come out as they do one by one.
 */
describe('inbound mail processed in groups', () => {
  let t: TestApp;
  let seq = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const rows = (sql: string, params: unknown[] = []) => t.db.ds.query(sql, params);

  /** Stored as the SMTP server stores it (committed, not yet processed). */
  function store(from: string, text: string, extra: { messageId?: string; headers?: string[] } = {}) {
    return t.app
      .get(RawMailStore)
      .store(
        { mailFrom: from, rcptTo: ['hulp@luister.example'] },
        Buffer.from(simpleMail({ from, text, messageId: extra.messageId ?? `<group-${seq++}@example.nl>`, ...extra })),
      );
  }

  async function outcome(ids: string[]) {
    return rows(
      `SELECT r.id, r.status, r.class, r.case_id, r.attempts, r.error,
              (SELECT count(*)::int FROM mail_message mm WHERE mm.raw_mail_id = r.id) AS details,
              (SELECT count(*)::int FROM message m JOIN mail_message mm ON mm.message_id = m.id WHERE mm.raw_mail_id = r.id) AS messages
         FROM raw_mail r WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  it('writes the new cases of one batch in a single transaction, each mail once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await store(`groep${i}@example.nl`, `Vraag ${i}: mijn huur is te hoog.`));

    expect(await t.app.get(InboundMailQueue).runBatch()).toBe(8);

    const r = await outcome(ids);
    expect(
      r.every(
        (x: { status: string; class: string; attempts: number; details: number }) =>
          x.status === 'processed' && x.class === 'message' && x.attempts === 1 && x.details === 1,
      ),
    ).toBe(true);
    expect(new Set(r.map((x: { case_id: string }) => x.case_id)).size).toBe(8);
    // One transaction wrote every processed mark and every case (one xmin each).
    const [tx] = await rows(
      `SELECT (SELECT count(DISTINCT xmin::text) FROM raw_mail WHERE id = ANY($1::uuid[]))::int AS marks,
              (SELECT count(DISTINCT c.xmin::text) FROM cases c JOIN raw_mail r ON r.case_id = c.id WHERE r.id = ANY($1::uuid[]))::int AS cases`,
      [ids],
    );
    expect(tx).toEqual({ marks: 1, cases: 1 });
    // Every new case got its acknowledgement, in that same transaction.
    const [acks] = await rows(
      `SELECT count(*)::int AS n FROM outbox o JOIN raw_mail r ON r.case_id = o.case_id
        WHERE r.id = ANY($1::uuid[]) AND o.kind = 'acknowledgement'`,
      [ids],
    );
    expect(acks.n).toBe(8);
  });

  it('processes the others of a group once when one mail fails inside its transaction, and quarantines that one', async () => {
    // A database fault tied to one mail's text (not a parse failure: that mail parses fine and
    // joins the group, then its insert fails and rolls the group back).
    await rows(`CREATE FUNCTION test_refuse_message() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body_text LIKE '%WEIGERDE-RIJ%' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await rows(
      `CREATE TRIGGER test_refuse_message BEFORE INSERT ON message FOR EACH ROW EXECUTE FUNCTION test_refuse_message()`,
    );
    try {
      const good: string[] = [];
      for (let i = 0; i < 3; i++) good.push(await store(`voor${i}@example.nl`, `Vraag ${i} over mijn schulden.`));
      const bad = await store('fout@example.nl', 'Deze vraag WEIGERDE-RIJ hoort niet door te komen.');
      for (let i = 0; i < 3; i++) good.push(await store(`na${i}@example.nl`, `Vraag ${i} over mijn baan.`));
      const before = t.logLines.length;

      expect(await t.app.get(InboundMailQueue).runBatch()).toBe(7);

      const r = await outcome([...good, bad]);
      const byId = new Map(r.map((x: { id: string }) => [x.id, x]));
      for (const id of good)
        expect(byId.get(id)).toMatchObject({
          status: 'processed',
          class: 'message',
          attempts: 1,
          details: 1,
          messages: 1,
        });
      expect(byId.get(bad)).toMatchObject({ status: 'quarantined', details: 0, case_id: null });
      expect((byId.get(bad) as { error: string }).error).toMatch(/refused by the test/);
      expect(new Set(good.map((id) => (byId.get(id) as { case_id: string }).case_id)).size).toBe(6);
      // Each good mail's case has one message, one creation event and one acknowledgement: the rolled
      // back group left nothing behind.
      const [counts] = await rows(
        `SELECT (SELECT count(*) FROM message m WHERE m.case_id = ANY($1::uuid[]))::int AS messages,
                (SELECT count(*) FROM case_event e WHERE e.case_id = ANY($1::uuid[]) AND e.type = 'case.created')::int AS created,
                (SELECT count(*) FROM outbox o WHERE o.case_id = ANY($1::uuid[]))::int AS acks,
                (SELECT count(*) FROM help_seeker h WHERE lower(h.email) = 'fout@example.nl')::int AS bad_help_seekers`,
        [good.map((id) => (byId.get(id) as { case_id: string }).case_id)],
      );
      expect(counts).toEqual({ messages: 6, created: 6, acks: 6, bad_help_seekers: 0 });
      const logged = t.logLines.slice(before);
      expect(logged.some((l) => l.includes('mail group rolled back'))).toBe(true);
      // No text of the mail in the log, only ids and the error's type.
      expect(logged.join('\n')).not.toMatch(/WEIGERDE|fout@example|schulden/);
    } finally {
      await rows(`DROP TRIGGER test_refuse_message ON message`);
      await rows(`DROP FUNCTION test_refuse_message()`);
    }
  });

  it('keeps duplicates, a second mail of one sender and a reply to a case right when they share a batch', async () => {
    // A case first, and the acknowledgement's signed Message-ID its writer answers.
    const first = await store('vaste@example.nl', 'Ik heb een vraag over mijn uitkering.');
    await t.app.get(InboundMailQueue).drain();
    const [c] = await rows(`SELECT case_id FROM raw_mail WHERE id = $1`, [first]);
    const [ack] = await rows(`SELECT message_id FROM outbox WHERE case_id = $1 AND kind = 'acknowledgement'`, [
      c.case_id,
    ]);

    const reply = await store('vaste@example.nl', 'Dank u, hier is nog wat meer uitleg.', {
      headers: [`In-Reply-To: ${ack.message_id}`],
    });
    const original = await store('dubbel@example.nl', 'Mijn vraag, twee keer verstuurd.', {
      messageId: '<dubbel-1@example.nl>',
    });
    const copy = await store('dubbel@example.nl', 'Mijn vraag, twee keer verstuurd.', {
      messageId: '<dubbel-1@example.nl>',
    });
    const again = await store('dubbel@example.nl', 'En nog een andere vraag van mij.');
    const other = await store('ander@example.nl', 'Een vraag van iemand anders.');

    await t.app.get(InboundMailQueue).drain();

    const r = await outcome([reply, original, copy, again, other]);
    const byId = new Map(r.map((x: { id: string }) => [x.id, x]));
    expect(byId.get(reply)).toMatchObject({ status: 'processed', class: 'message', case_id: c.case_id, details: 1 });
    expect(byId.get(original)).toMatchObject({ status: 'processed', class: 'message', details: 1 });
    const originalCase = (byId.get(original) as { case_id: string }).case_id;
    expect(byId.get(copy)).toMatchObject({
      status: 'processed',
      class: 'duplicate',
      case_id: originalCase,
      details: 0,
    });
    expect(byId.get(again)).toMatchObject({ status: 'processed', class: 'message', details: 1 });
    expect((byId.get(again) as { case_id: string }).case_id).not.toBe(originalCase);
    expect(byId.get(other)).toMatchObject({ status: 'processed', class: 'message', details: 1 });
    for (const x of r) expect(x.attempts).toBe(1);
    // The acknowledgement throttle per address held: one for dubbel@, none for the reply.
    const [acks] = await rows(
      `SELECT count(*) FILTER (WHERE lower(recipient) = 'dubbel@example.nl')::int AS dubbel,
              count(*) FILTER (WHERE lower(recipient) = 'vaste@example.nl')::int AS vaste
         FROM outbox WHERE kind = 'acknowledgement'`,
    );
    expect(acks).toEqual({ dubbel: 1, vaste: 1 });
  });
});
