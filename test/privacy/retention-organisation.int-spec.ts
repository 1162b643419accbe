import request from 'supertest';
import { RetentionService } from '../../src/privacy/retention.service';
import { makeCase } from '../inbox/factories';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';

const DAY = 24 * 3600_000;

/**
 * Issue 16: an organisation keeps closed cases shorter than the platform if it chooses
 * (`organisation.retention_closed_case_months`), never longer; the others follow the platform's
 * RETENTION_CLOSED_CASE_MONTHS (12 in tests).
 */
describe('retention per organisation', () => {
  let t: TestApp;
  const q = (sql: string, params: unknown[] = []) => t.db.ds.query(sql, params);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("erases closed cases after their organisation's period when it has one, else the platform's", async () => {
    expect(t.config.retention.closedCaseMonths).toBe(12);
    // Amsterdam's org-admin chooses 6 months; more than the platform's 12 is refused.
    const orgAdmin = await apiLogin(t, 'orgadmin.amsterdam@luister.example');
    const http = () => request(t.app.getHttpServer());
    const tooLong = await http()
      .patch('/api/v1/admin/organisations/welzijn-amsterdam')
      .set(orgAdmin)
      .send({ retentionClosedCaseMonths: 13 });
    expect(tooLong.status).toBe(400);
    await http()
      .patch('/api/v1/admin/organisations/welzijn-amsterdam')
      .set(orgAdmin)
      .send({ retentionClosedCaseMonths: 6 })
      .expect(204);
    // Zuid-Holland-Utrecht chose 18 months when the platform still allowed it: now capped at 12.
    await q(`UPDATE organisation SET retention_closed_case_months = 18 WHERE code = 'zuid-holland-utrecht'`);

    const now = new Date(Date.now() + 800 * DAY);
    const closed = async (region: string, daysAgo: number) => {
      const text = `Marker-${region}-${daysAgo} een vraag over schulden`;
      const c = await makeCase(t.db.ds, { region, text });
      await q(`UPDATE cases SET status = 'closed', updated_at = $2 WHERE id = $1`, [
        c.id,
        new Date(now.getTime() - daysAgo * DAY),
      ]);
      return { id: c.id, text };
    };
    const cases = {
      amsterdam7: await closed('amsterdam', 7 * 31), // past Amsterdam's 6 months
      amsterdam5: await closed('amsterdam', 5 * 30), // within them
      gent7: await closed('gent', 7 * 31), // Gent follows the platform: kept
      gent13: await closed('gent', 13 * 31), // past the platform's 12: erased
      rotterdam13: await closed('rotterdam', 13 * 31), // 18 chosen, 12 allowed: erased
      rotterdam11: await closed('rotterdam', 11 * 30), // kept
    };
    const retention = t.app.get(RetentionService);
    const dry = await retention.dryRun(now);
    expect(dry.counts.cases).toBe(3);
    expect(dry.organisations.map((o) => o.code)).toEqual(['welzijn-amsterdam', 'zuid-holland-utrecht']);
    expect(dry.organisations[1].closedCasesBefore).toEqual(dry.cutoffs.closedCasesBefore);

    const counts = await retention.run(now);
    expect(counts.cases).toBe(3);
    const state = async (c: { id: string; text: string }) => {
      const [row] = await q(
        `SELECT c.erased_by, EXISTS (SELECT 1 FROM message m WHERE m.case_id = c.id AND m.body_text = $2) AS text
           FROM cases c WHERE c.id = $1`,
        [c.id, c.text],
      );
      return row.erased_by === 'retention' && !row.text ? 'erased' : row.erased_by === null && row.text ? 'kept' : row;
    };
    const result: Record<string, unknown> = {};
    for (const [name, c] of Object.entries(cases)) result[name] = await state(c);
    expect(result).toEqual({
      amsterdam7: 'erased',
      amsterdam5: 'kept',
      gent7: 'kept',
      gent13: 'erased',
      rotterdam13: 'erased',
      rotterdam11: 'kept',
    });
    const [audit] = await q(`SELECT data FROM audit_log WHERE action = 'retention.run' ORDER BY id DESC LIMIT 1`);
    expect(audit.data.cases).toBe(3);
    expect(audit.data.organisationCutoffs).toEqual([
      expect.stringMatching(/^welzijn-amsterdam \d{4}-/),
      expect.stringMatching(/^zuid-holland-utrecht \d{4}-/),
    ]);

    // Back to the platform's period: Amsterdam's 5-month-old case stays until 12 months.
    await http()
      .patch('/api/v1/admin/organisations/welzijn-amsterdam')
      .set(orgAdmin)
      .send({ retentionClosedCaseMonths: null })
      .expect(204);
    await q(`UPDATE cases SET updated_at = $2 WHERE id = $1`, [
      cases.amsterdam5.id,
      new Date(now.getTime() - 200 * DAY),
    ]);
    expect((await retention.run(now)).cases).toBe(0);
    expect(await state(cases.amsterdam5)).toBe('kept');
  });

  it('with the platform rule off, erases only where an organisation chose a period', async () => {
    await q(`UPDATE organisation SET retention_closed_case_months = NULL`);
    await q(`UPDATE organisation SET retention_closed_case_months = 3 WHERE code = 'caw-oost-vlaanderen'`);
    const now = new Date(Date.now() + 900 * DAY);
    const gent = await makeCase(t.db.ds, { region: 'gent' });
    const utrecht = await makeCase(t.db.ds, { region: 'utrecht' });
    for (const c of [gent, utrecht])
      await q(`UPDATE cases SET status = 'closed', updated_at = $2 WHERE id = $1`, [
        c.id,
        new Date(now.getTime() - 400 * DAY),
      ]);
    const policy = { ...t.config.retention, closedCaseMonths: 0 };
    const retention = t.app.get(RetentionService);
    const dry = await retention.dryRun(now, policy);
    expect((await retention.run(now, policy)).cases).toBe(dry.counts.cases);
    // Only Gent's closed cases went (the demo's and the first test's among them).
    const erased = await q(
      `SELECT DISTINCT r.code FROM cases c JOIN region r ON r.id = c.region_id WHERE c.erased_at = $1`,
      [now],
    );
    expect(erased).toEqual([{ code: 'gent' }]);
    const rows = await q(`SELECT id, erased_by FROM cases WHERE id IN ($1, $2)`, [gent.id, utrecht.id]);
    expect(Object.fromEntries(rows.map((r: { id: string; erased_by: string | null }) => [r.id, r.erased_by]))).toEqual({
      [gent.id]: 'retention',
      [utrecht.id]: null,
    });
  });
});
