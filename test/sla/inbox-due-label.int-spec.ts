import { startTestApp, TestApp } from '../support/app';
import { pageLogin } from '../staff/staff-login';
import { makeCase } from '../inbox/factories';

/** The inbox shows how each due time stands, counted on the case's own region calendar. */
describe('due labels in the inbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('says how late a case is and how many working hours another has left', async () => {
    const now = Date.now();
    const late = await makeCase(t.db.ds, {
      region: 'amsterdam',
      firstDue: new Date(now - 3 * 86_400_000 - 3_600_000).toISOString(),
    });
    // A week ahead: well inside the business calendar, whatever the hour the test runs at.
    const ahead = await makeCase(t.db.ds, {
      region: 'amsterdam',
      firstDue: new Date(now + 7 * 86_400_000).toISOString(),
    });
    const agent = await pageLogin(t, 'worker@luister.example');
    const nl = (await agent.get('/inbox?view=unassigned').expect(200)).text;
    const rowOf = (html: string, id: string) =>
      html.slice(html.indexOf(`/cases/${id}`), html.indexOf('</tr>', html.indexOf(`/cases/${id}`)));
    expect(rowOf(nl, late.id)).toContain('3 dagen te laat');
    const hoursLeft = /(\d+) werkuren over/.exec(rowOf(nl, ahead.id));
    expect(hoursLeft).not.toBeNull();
    // Five working days of a Mon–Fri calendar with lunch breaks: far fewer than 7 × 24 hours.
    expect(Number(hoursLeft![1])).toBeGreaterThan(20);
    expect(Number(hoursLeft![1])).toBeLessThan(60);
    const en = (await agent.get('/inbox?view=unassigned&lang=en').expect(200)).text;
    expect(rowOf(en, late.id)).toContain('3 days late');
  });

  it('shows the due status and, for a crisis case, the crisis protocol on the case page', async () => {
    const crisis = await makeCase(t.db.ds, {
      region: 'amsterdam',
      crisis: true,
      firstDue: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    });
    const plain = await makeCase(t.db.ds, { region: 'amsterdam' });
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = (await agent.get(`/cases/${crisis.id}`).expect(200)).text;
    expect(page).toContain('id="crisis-protocol"');
    expect(page).toContain('0800-0113');
    expect(page).toMatch(/id="due-label">2 uur te laat</);
    expect((await agent.get(`/cases/${plain.id}`).expect(200)).text).not.toContain('id="crisis-protocol"');
  });
});
