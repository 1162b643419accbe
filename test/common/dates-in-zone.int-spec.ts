import request from 'supertest';
import { CasesService } from '../../src/cases/cases.service';
import { parsePostcode } from '../../src/routing/postcode';
import { pageLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';
import { openCase } from '../support/help-seeker';

/** Staff and help-seekers see a case's dates in its region's zone, not always Amsterdam's. */
describe('dates in the region’s time zone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('shows the staff case page and the help-seeker’s page in the region’s zone', async () => {
    const p = parsePostcode('1012', 'NL');
    if (!p.ok) throw new Error('postcode');
    // 14:05 UTC is 15:05 in Amsterdam and 09:05 in New York (a zone no demo region has, so the two differ).
    const c = await t.db.ds.transaction((m) =>
      t.app.get(CasesService).createCase(m, {
        channel: 'web',
        helpSeeker: { nickname: 'Zone', language: 'nl' },
        postcode: p.postcode,
        firstMessage: { text: 'Een vraag over de tijd.' },
        receivedAt: new Date('2026-11-23T14:05:00Z'),
      }),
    );
    await t.db.ds.query(`UPDATE message SET created_at = '2026-11-23T14:05:00Z' WHERE case_id = $1`, [c.caseId]);
    const agent = await pageLogin(t, 'worker@luister.example');
    const before = (await agent.get(`/cases/${c.caseId}`).expect(200)).text;
    expect(before).toContain('15:05');

    await t.db.ds.query(`UPDATE region SET time_zone = 'America/New_York' WHERE code = 'amsterdam'`);
    const staffPage = (await agent.get(`/cases/${c.caseId}`).expect(200)).text;
    expect(staffPage).toContain('09:05');
    expect(staffPage).not.toContain('15:05');

    const seekerPage = (await openCase(request.agent(t.app.getHttpServer()), c.token)).text;
    expect(seekerPage).toContain('09:05');
  });
});
