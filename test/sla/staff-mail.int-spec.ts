import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { CasesService } from '../../src/cases/cases.service';
import { loadConfig } from '../../src/config/config';
import { OutboxSender } from '../../src/mail/outbound/outbox.sender';
import { parsePostcode } from '../../src/routing/postcode';
import { SlaWarningService } from '../../src/cases/sla-warning.service';
import { startTestApp, TestApp } from '../support/app';
import { Sink, startSink } from '../mail/outbound-sink';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toJSDate();
const amsterdam = (() => {
  const p = parsePostcode('1012', 'NL');
  if (!p.ok) throw new Error('postcode');
  return p.postcode;
})();

describe('SLA staff e-mail: content-free, throttled, once', () => {
  let t: TestApp;
  let sink: Sink;
  let ds: DataSource;
  let staff: Record<string, { id: string; email: string }>;
  let topic: string;
  let seq = 0;

  beforeAll(async () => {
    sink = await startSink();
    const base = loadConfig({ NODE_ENV: 'test' }).outboundMail;
    t = await startTestApp({
      outboundMail: {
        ...base,
        relayUrl: sink.url,
        publicUrl: 'https://luister.test',
        sweepSeconds: 0,
        staffSlaMailMinutes: 30,
      },
    });
    ds = t.app.get(DataSource);
    staff = Object.fromEntries(
      (await ds.query(`SELECT id, email FROM staff_user`)).map((r: { id: string; email: string }) => [
        r.email.split('@')[0],
        { id: r.id, email: r.email },
      ]),
    );
    [{ code: topic }] = await ds.query(`SELECT code FROM topic WHERE active ORDER BY sort_order, code LIMIT 1`);
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  /** A web case whose help-seeker left an address, with words and a nickname that must never reach staff mail. */
  async function createCase(receivedAt: Date, assignTo?: string) {
    const n = ++seq;
    const c = await ds.transaction((m) =>
      t.app.get(CasesService).createCase(m, {
        channel: 'web',
        helpSeeker: { nickname: `Zonnebloem${n}`, language: 'nl', email: `vraagsteller${n}@example.nl` },
        postcode: amsterdam,
        topic,
        firstMessage: { text: `Mijn buurman Kees maakt me bang ${n}` },
        receivedAt,
      }),
    );
    if (assignTo) await ds.query(`UPDATE cases SET assigned_to = $2 WHERE id = $1`, [c.caseId, assignTo]);
    return { ...c, n };
  }

  const staffMails = async () =>
    (await ds.query(
      `SELECT staff_user_id, case_id, recipient, status FROM outbox WHERE kind = 'staff-sla' ORDER BY created_at, id`,
    )) as {
      staff_user_id: string;
      case_id: string | null;
      recipient: string;
      status: string;
    }[];
  /** Lets the throttle period pass (it runs on the real clock). */
  const throttleOver = () =>
    ds.query(`UPDATE outbox SET created_at = created_at - interval '31 minutes' WHERE kind = 'staff-sla'`);
  const deliver = async () => {
    await t.app.get(OutboxSender).drain();
    return sink.accepted();
  };

  it('sends the assigned worker one mail for a warning, with a link and no case content; a second warning within the period sends none', async () => {
    const c = await createCase(at('2026-11-23T09:00'), staff.worker.id);
    const scan = t.app.get(SlaWarningService);
    expect((await scan.scan(at('2026-11-24T13:00'))).warnings).toBe(1);

    const rows = await staffMails();
    expect(rows).toEqual([
      { staff_user_id: staff.worker.id, case_id: null, recipient: staff.worker.email, status: 'pending' },
    ]);
    const [mail, ...more] = await deliver();
    expect(more).toEqual([]);
    expect(mail.envelopeTo).toEqual([staff.worker.email]);
    expect(mail.subject).toBe('Luister: zaken wachten op antwoord');
    expect(mail.text).toContain('Bijna op de uiterste antwoordtijd: 1');
    expect(mail.text).toContain('Close to their due time: 1');
    expect(mail.text).toContain('https://luister.test/inbox');
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    // Nothing of the case: no text, nickname, topic, reference, help-seeker address, case id or link token.
    const [row] = await ds.query(`SELECT case_ref FROM cases WHERE id = $1`, [c.caseId]);
    for (const secret of [
      'Kees',
      `Zonnebloem${c.n}`,
      topic,
      row.case_ref,
      `vraagsteller${c.n}@example.nl`,
      c.caseId,
      c.token,
    ]) {
      expect(mail.raw).not.toContain(secret);
      expect(mail.subject + mail.text).not.toContain(secret);
    }
    // Replies to it go nowhere (our server refuses noreply@), and no reply token was made for a case.
    expect(mail.envelopeFrom).toMatch(/^noreply@/);
    expect((await ds.query(`SELECT count(*)::int AS n FROM reply_token WHERE case_id = $1`, [c.caseId]))[0].n).toBe(0);
    expect((await ds.query(`SELECT status FROM outbox WHERE kind = 'staff-sla'`))[0].status).toBe('sent');

    // Another warning for the same worker within 30 minutes: in the app, but no second mail.
    await createCase(at('2026-11-23T10:00'), staff.worker.id);
    expect((await scan.scan(at('2026-11-24T15:00'))).warnings).toBe(1);
    expect(await staffMails()).toHaveLength(1);
    expect(
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM notification WHERE staff_user_id = $1 AND kind = 'sla.warning'`,
          [staff.worker.id],
        )
      )[0].n,
    ).toBe(2);
    expect(await deliver()).toHaveLength(1);
  });

  it('two scans at once mail each team member once; after the period a breach mails again', async () => {
    await throttleOver();
    sink.received.length = 0;
    const before = (await staffMails()).length;
    for (let i = 0; i < 12; i++) await createCase(at('2026-11-30T09:00'));
    const a = t.app.get(SlaWarningService);
    const results = await Promise.all([
      a.scan(at('2026-12-01T13:00'), 2),
      a.scan(at('2026-12-01T13:00'), 3),
      a.scan(at('2026-12-01T13:00'), 2),
    ]);
    // (The first test's two cases breach in the same scans: their worker still gets one mail.)
    expect(results.reduce((s, r) => s + r.warnings, 0)).toBe(12);

    // Unassigned Amsterdam cases warn its trainee, worker and supervisor: one mail each, not one per case or per scan.
    const team = [staff.trainee, staff.worker, staff.supervisor];
    const fresh = (await staffMails()).slice(before);
    expect(fresh.map((r) => r.recipient).sort()).toEqual(team.map((s) => s.email).sort());
    const sent = await deliver();
    expect(sent.map((m) => m.envelopeTo[0]).sort()).toEqual(team.map((s) => s.email).sort());
    for (const m of sent) for (let n = 1; n <= seq; n++) expect(m.raw).not.toContain(`Zonnebloem${n}`);

    // Within the period the breaches notify in the app only; once it is over, the next scan mails.
    expect((await a.scan(at('2026-12-02T18:00'))).breaches).toBe(12);
    expect((await staffMails()).length).toBe(before + 3);
    await throttleOver();
    const late = await createCase(at('2026-11-30T09:00'));
    expect((await a.scan(at('2026-12-02T18:00'))).breaches).toBe(1);
    const again = (await staffMails()).slice(before + 3);
    expect(again.map((r) => r.recipient).sort()).toEqual(team.map((s) => s.email).sort());
    sink.received.length = 0;
    const breachMails = await deliver();
    expect(breachMails).toHaveLength(3);
    for (const m of breachMails) {
      expect(m.text).toContain('Over de uiterste antwoordtijd: 1');
      expect(m.raw).not.toContain(`Zonnebloem${late.n}`);
    }
  });
});
