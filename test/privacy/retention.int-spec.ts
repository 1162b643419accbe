import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service';
import { RetentionRunner, RetentionService } from '../../src/privacy/retention.service';
import { startTestApp, TestApp } from '../support/app';
import { caseWithContent, markers, Markers, tablesHolding } from './privacy-fixtures';

const DAY = 24 * 3600_000;

describe('retention', () => {
  let t: TestApp;
  const q = (sql: string, params: unknown[] = []) => t.db.ds.query(sql, params);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function rawMail(
    status: 'processed' | 'quarantined' | 'stored',
    receivedAt: Date,
    marker: string,
  ): Promise<string> {
    const bytes = Buffer.from(`From: someone@home.example\r\n\r\n${marker}\r\n`);
    const [r] = await q(
      `INSERT INTO raw_mail (mail_from, rcpt_to, size, sha256, bytes, status, class, error, received_at, processed_at)
       VALUES ('someone@home.example', '{hulp@luister.example}', $1, $2, $3, $4, CASE WHEN $4 = 'processed' THEN 'auto-reply' END,
               CASE WHEN $4 = 'quarantined' THEN 'unparseable' END, $5, CASE WHEN $4 = 'stored' THEN NULL ELSE $5::timestamptz END) RETURNING id`,
      [bytes.length, createHash('sha256').update(bytes).digest(), bytes, status, receivedAt],
    );
    return r.id;
  }

  /** A case with content, closed at `closedAt` (the clock of this test, not the machine's). */
  async function closedCase(closedAt: Date | null): Promise<{ caseId: string; mk: Markers }> {
    const mk = markers();
    const { caseId } = await caseWithContent(t, mk);
    if (closedAt) await q(`UPDATE cases SET status = 'closed', updated_at = $2 WHERE id = $1`, [caseId, closedAt]);
    return { caseId, mk };
  }

  it('erases closed cases after 12 months, raw mail bytes after 30 days and quarantined mail after 90, keeping the facts; dry run first', async () => {
    // "now" of this test: well after everything below was written.
    const now = new Date(Date.now() + 400 * DAY);
    const old = await closedCase(new Date(now.getTime() - 370 * DAY));
    const recent = await closedCase(new Date(now.getTime() - 300 * DAY));
    const open = await closedCase(null);
    const eventsBefore = (await q(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1`, [old.caseId]))[0].n;
    const oldProcessed = await rawMail('processed', new Date(now.getTime() - 31 * DAY), 'ProcessedOld-m1');
    const newProcessed = await rawMail('processed', new Date(now.getTime() - 29 * DAY), 'ProcessedNew-m2');
    const oldQuarantine = await rawMail('quarantined', new Date(now.getTime() - 91 * DAY), 'QuarantineOld-m3');
    const newQuarantine = await rawMail('quarantined', new Date(now.getTime() - 89 * DAY), 'QuarantineNew-m4');
    // Mail that still waits for processing is never touched, however old.
    const waiting = await rawMail('stored', new Date(now.getTime() - 200 * DAY), 'Waiting-m5');
    // The case mails of caseWithContent were received "today": 400 days before the test's now.
    const caseMails = (
      await q(`SELECT count(*)::int AS n FROM raw_mail WHERE case_id IN ($1, $2)`, [recent.caseId, open.caseId])
    )[0].n;
    expect(caseMails).toBe(2);

    const retention = t.app.get(RetentionService);
    const dry = await retention.dryRun(now);
    expect(dry.counts).toEqual({
      cases: 1,
      messages: 4,
      attachments: 1,
      caseRawMails: 1,
      rawMailBytes: 1 + caseMails,
      quarantined: 1,
    });
    expect(await tablesHolding(t.db.ds, old.mk.text)).not.toEqual([]);

    const auditBefore = (await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'retention.run'`))[0].n;
    const counts = await retention.run(now);
    expect(counts).toEqual(dry.counts);

    // The old closed case: no marker anywhere; its facts stay.
    for (const marker of Object.values(old.mk)) expect(await tablesHolding(t.db.ds, marker)).toEqual([]);
    const [c] = await q(`SELECT status, erased_by, region_id, topic_code, channel FROM cases WHERE id = $1`, [
      old.caseId,
    ]);
    expect(c).toMatchObject({ status: 'closed', erased_by: 'retention', topic_code: 'money', channel: 'web' });
    expect((await q(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1`, [old.caseId]))[0].n).toBe(
      eventsBefore + 1,
    );
    // The younger closed case and the open case keep their conversation (only raw bytes of their mail went).
    for (const k of [recent, open]) {
      expect(await tablesHolding(t.db.ds, k.mk.text)).toContain('message');
      expect(await tablesHolding(t.db.ds, k.mk.attachment)).toContain('mail_attachment');
      expect(await tablesHolding(t.db.ds, k.mk.raw)).not.toContain('raw_mail');
    }
    const raw = async (id: string) =>
      (await q(`SELECT status, mail_from, length(bytes) AS len, bytes_erased_at FROM raw_mail WHERE id = $1`, [id]))[0];
    expect(await raw(oldProcessed)).toMatchObject({ status: 'processed', mail_from: '', len: 0 });
    expect((await raw(oldProcessed)).bytes_erased_at).toEqual(now);
    expect(await raw(newProcessed)).toMatchObject({ mail_from: 'someone@home.example', bytes_erased_at: null });
    expect(await raw(oldQuarantine)).toBeUndefined();
    expect(await raw(newQuarantine)).toMatchObject({ status: 'quarantined' });
    expect(await raw(waiting)).toMatchObject({ status: 'stored', bytes_erased_at: null });
    expect(await tablesHolding(t.db.ds, 'Waiting-m5')).toEqual(['raw_mail']);

    // One audit row per run, with the counts.
    const audits = await q(`SELECT actor_id, data FROM audit_log WHERE action = 'retention.run' ORDER BY id`);
    expect(audits.length).toBe(auditBefore + 1);
    expect(audits[audits.length - 1]).toMatchObject({
      actor_id: null,
      data: { cases: 1, quarantined: 1, rawMailBytes: 1 + caseMails },
    });

    // A second run finds nothing more and still writes its row.
    expect(await retention.run(now)).toEqual({
      cases: 0,
      messages: 0,
      attachments: 0,
      caseRawMails: 0,
      rawMailBytes: 0,
      quarantined: 0,
    });
    expect((await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'retention.run'`))[0].n).toBe(
      auditBefore + 2,
    );
  });

  it('two instances running at once in small batches erase every case exactly once', async () => {
    const now = new Date(Date.now() + 800 * DAY);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await closedCase(new Date(now.getTime() - 400 * DAY))).caseId);
    const policy = { closedCaseMonths: 12, rawMailDays: 0, quarantineDays: 0, batchSize: 2, cron: '' };
    const a = new RetentionRunner(t.db.ds, new AuditService(t.db.ds));
    const b = new RetentionRunner(t.db.ds, new AuditService(t.db.ds));
    const [ra, rb] = await Promise.all([a.run(now, policy), b.run(now, policy)]);
    // The earlier test's younger closed case is due by now too: every due case counted once.
    const erasedNow = (await q(`SELECT count(*)::int AS n FROM cases WHERE erased_at = $1`, [now]))[0].n;
    expect(erasedNow).toBe(13);
    expect(ra.cases + rb.cases).toBe(erasedNow);
    const twice = await q(
      `SELECT case_id FROM case_event WHERE type = 'case.erased' GROUP BY case_id HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
    expect(
      (await q(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[]) AND erased_by = 'retention'`, [ids]))[0]
        .n,
    ).toBe(12);
  });

  it('npm run retention -- --dry-run prints what would go and changes nothing', async () => {
    const { caseId } = await closedCase(new Date(Date.now() - 2 * 365 * DAY));
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/privacy/retention.cli.ts', ...args], {
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const r = run(['--dry-run']);
    expect(r.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Retention dry run');
    expect(r.stdout).toMatch(/closed cases \(last change before [^)]+\): 1\n/);
    expect(r.stdout).toContain('nothing changed');
    expect((await q(`SELECT erased_at FROM cases WHERE id = $1`, [caseId]))[0].erased_at).toBeNull();
    const applied = run([]);
    expect(applied.status).toBe(0);
    expect(JSON.parse(applied.stdout.split('\n')[1]).cases).toBe(1);
    expect((await q(`SELECT erased_by FROM cases WHERE id = $1`, [caseId]))[0].erased_by).toBe('retention');
  });
});
