import { NestExpressApplication } from '@nestjs/platform-express';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { CasesService } from '../../src/cases/cases.service';
import { createLogger } from '../../src/common/logging/logger';
import { createDataSource } from '../../src/database/data-source';
import { JobsService } from '../../src/jobs/jobs.service';
import { parsePostcode } from '../../src/routing/postcode';
import { SLA_SCAN_QUEUE, SlaWarningService } from '../../src/cases/sla-warning.service';
import { SlaService } from '../../src/sla/sla.service';
import { workSlaRecompute } from '../support/jobs';
import { CaseSlaService } from '../../src/cases/case-sla.service';
import { startTestApp, TestApp } from '../support/app';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toJSDate();
const amsterdam = (() => {
  const p = parsePostcode('1012', 'NL');
  if (!p.ok) throw new Error('postcode');
  return p.postcode;
})();

/** A second instance of the app on the same database, as a second server would run it. */
async function secondInstance(t: TestApp): Promise<{ app: NestExpressApplication; ds: DataSource }> {
  const ds = createDataSource(t.db.url, { poolSize: 5 });
  await ds.initialize();
  const app = await createApp(t.config, ds, createLogger('silent'));
  await app.init();
  return { app, ds };
}

async function createCases(t: TestApp, n: number, receivedAt: Date): Promise<string[]> {
  const cases = t.app.get(CasesService);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await t.db.ds.transaction((m) =>
      cases.createCase(m, {
        channel: 'web',
        helpSeeker: { nickname: `W${i}`, language: 'nl' },
        postcode: amsterdam,
        firstMessage: { text: 'Een vraag.' },
        receivedAt,
      }),
    );
    ids.push(c.caseId);
  }
  return ids;
}

const count = async (t: TestApp, sql: string, params: unknown[] = []) =>
  (await t.db.ds.query(sql, params))[0].n as number;

describe('SLA warnings and breaches', () => {
  describe('scanned by two instances at once', () => {
    let t: TestApp;
    let other: { app: NestExpressApplication; ds: DataSource };
    let staff: Record<string, string>;

    beforeAll(async () => {
      t = await startTestApp();
      other = await secondInstance(t);
      staff = Object.fromEntries(
        (await t.db.ds.query(`SELECT email, id FROM staff_user`)).map((r: { email: string; id: string }) => [
          r.email.split('@')[0],
          r.id,
        ]),
      );
    });
    afterAll(async () => {
      await other.app.close();
      await other.ds.destroy();
      await t.close();
    });

    it('warns at 75% and escalates a breach once per case, whoever scans', async () => {
      // Amsterdam: 14 business hours from Monday 09:00 → due Tuesday 17:00, warning Tuesday 12:30.
      const ids = await createCases(t, 60, at('2026-11-23T09:00'));
      const [c] = await t.db.ds.query(`SELECT first_reply_due_at, sla_check_at FROM cases WHERE id = $1`, [ids[0]]);
      expect(c.first_reply_due_at).toEqual(at('2026-11-24T17:00'));
      expect(c.sla_check_at).toEqual(at('2026-11-24T12:30'));
      await t.db.ds.query(`UPDATE cases SET assigned_to = $2 WHERE id = $1`, [ids[0], staff.worker]);

      const a = t.app.get(SlaWarningService);
      const b = other.app.get(SlaWarningService);
      expect(await a.scan(at('2026-11-24T12:00'))).toEqual({ checked: 0, warnings: 0, breaches: 0 });

      // Small batches so both instances really interleave.
      const warned = await Promise.all([
        a.scan(at('2026-11-24T13:00'), 7),
        b.scan(at('2026-11-24T13:00'), 7),
        a.scan(at('2026-11-24T13:00'), 5),
      ]);
      expect(warned.reduce((s, r) => s + r.warnings, 0)).toBe(60);
      expect(await count(t, `SELECT count(*)::int AS n FROM case_event WHERE type = 'sla.warning'`)).toBe(60);
      expect(await count(t, `SELECT count(DISTINCT case_id)::int AS n FROM sla_notice WHERE kind = 'warning'`)).toBe(
        60,
      );
      // Unassigned: Amsterdam's trainee, worker and supervisor; the assigned case: its worker only.
      expect(await count(t, `SELECT count(*)::int AS n FROM notification WHERE kind = 'sla.warning'`)).toBe(59 * 3 + 1);
      expect(
        await count(t, `SELECT count(*)::int AS n FROM notification WHERE kind = 'sla.warning' AND case_id = $1`, [
          ids[0],
        ]),
      ).toBe(1);

      // A recompute with the same due time (the help-seeker writes again) sends nothing twice.
      await t.db.ds.transaction((m) =>
        t.app
          .get(CasesService)
          .addInboundMessage(m, ids[1], { channel: 'web', text: 'Hallo?', receivedAt: at('2026-11-24T13:10') }),
      );
      expect((await a.scan(at('2026-11-24T13:20'))).warnings).toBe(0);

      const breached = await Promise.all([
        b.scan(at('2026-11-25T10:00'), 4),
        a.scan(at('2026-11-25T10:00'), 9),
        b.scan(at('2026-11-25T10:00')),
      ]);
      expect(breached.reduce((s, r) => s + r.breaches, 0)).toBe(60);
      expect(await count(t, `SELECT count(*)::int AS n FROM case_event WHERE type = 'sla.breached'`)).toBe(60);
      // Team members get the breach, supervisors the escalation.
      expect(await count(t, `SELECT count(*)::int AS n FROM notification WHERE kind = 'sla.breach'`)).toBe(59 * 2 + 1);
      expect(
        await count(
          t,
          `SELECT count(*)::int AS n FROM notification WHERE kind = 'sla.escalation' AND staff_user_id = $1`,
          [staff.supervisor],
        ),
      ).toBe(60);
      expect(await count(t, `SELECT count(*)::int AS n FROM cases WHERE sla_check_at IS NOT NULL`)).toBe(0);

      // Nothing left to find.
      expect(await b.scan(at('2026-11-26T10:00'))).toEqual({ checked: 0, warnings: 0, breaches: 0 });

      // Notifications carry facts, never content.
      const unread: { data: Record<string, unknown> }[] = await t.db.ds.query(
        `SELECT data FROM notification WHERE staff_user_id = $1 AND read_at IS NULL`,
        [staff.worker],
      );
      expect(unread.length).toBe(120);
      expect(JSON.stringify(unread)).not.toContain('Een vraag');
      expect(Object.keys(unread[0].data).sort()).toEqual(['crisis', 'dueAt', 'target']);
    });

    it('warns once per target: a recomputed due time does not warn again, a new target does', async () => {
      const [id] = await createCases(t, 1, at('2026-11-30T09:00'));
      const sla = t.app.get(SlaService);
      const a = t.app.get(SlaWarningService);
      expect((await a.scan(at('2026-12-01T13:00'))).warnings).toBe(1);
      const [{ id: region }] = await t.db.ds.query(`SELECT id FROM region WHERE code = 'amsterdam'`);
      await sla.savePolicy(
        region,
        { topic: null, crisis: false },
        { firstReplyMinutes: 28 * 60, nextReplyMinutes: 14 * 60, wallClock: false, warnPercent: 75 },
        { actorId: null, action: 'sla.change', data: { what: 'policy' } },
      );
      await workSlaRecompute(t.app);
      const [c] = await t.db.ds.query(`SELECT first_reply_due_at, sla_check_at FROM cases WHERE id = $1`, [id]);
      expect(c.first_reply_due_at).toEqual(at('2026-12-03T17:00'));
      expect(c.sla_check_at).toEqual(at('2026-12-02T17:00'));
      expect((await a.scan(at('2026-12-03T10:00'))).warnings).toBe(0);

      // Answered Thursday 11:00, written to again at 12:00: the next-reply target warns Friday 16:30.
      await t.db.ds.transaction((m) => t.app.get(CaseSlaService).onReplySent(m, id, at('2026-12-03T11:00')));
      await t.db.ds.transaction((m) =>
        t.app
          .get(CasesService)
          .addInboundMessage(m, id, { channel: 'web', text: 'Dank, nog iets.', receivedAt: at('2026-12-03T12:00') }),
      );
      expect((await a.scan(at('2026-12-04T16:00'))).warnings).toBe(0);
      expect((await a.scan(at('2026-12-04T16:31'))).warnings).toBe(1);
      expect(
        await count(t, `SELECT count(*)::int AS n FROM sla_notice WHERE case_id = $1 AND kind = 'warning'`, [id]),
      ).toBe(2);
    });
  });

  it('runs as a pg-boss job on two instances and still notifies once', async () => {
    const t = await startTestApp({ jobs: { enabled: true } });
    const other = await secondInstance(t);
    try {
      // Overdue by the wall clock, so the job (which scans at "now") finds them.
      const ids = await createCases(t, 10, new Date(Date.now() - 30 * 24 * 3600_000));
      await Promise.all([
        t.app.get(JobsService).send(SLA_SCAN_QUEUE, {}),
        other.app.get(JobsService).send(SLA_SCAN_QUEUE, {}),
      ]);
      const breaches = () =>
        count(t, `SELECT count(*)::int AS n FROM sla_notice WHERE kind = 'breach' AND case_id = ANY($1::uuid[])`, [
          ids,
        ]);
      for (let i = 0; i < 100 && (await breaches()) < 10; i++) await new Promise((r) => setTimeout(r, 200));
      expect(await breaches()).toBe(10);
      await Promise.all([
        t.app.get(JobsService).send(SLA_SCAN_QUEUE, {}),
        other.app.get(JobsService).send(SLA_SCAN_QUEUE, {}),
      ]);
      for (let i = 0; i < 50; i++) {
        const [j] = await t.db.ds.query(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
          [SLA_SCAN_QUEUE],
        );
        if (j.n === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(
        await count(
          t,
          `SELECT count(*)::int AS n FROM case_event WHERE type = 'sla.breached' AND case_id = ANY($1::uuid[])`,
          [ids],
        ),
      ).toBe(10);
      const [s] = await t.db.ds.query(`SELECT count(*)::int AS n FROM pgboss.schedule WHERE name = $1`, [
        SLA_SCAN_QUEUE,
      ]);
      expect(s.n).toBe(1);
    } finally {
      await other.app.close();
      await other.ds.destroy();
      await t.close();
    }
  });
});
