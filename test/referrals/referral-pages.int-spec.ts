import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { pageLogin } from '../staff/staff-login';

describe('referral directory page for managers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("lists the manager's organisation's entries, adds one, edits and hides it; workers cannot", async () => {
    const worker = await pageLogin(t, 'worker@luister.example');
    expect((await worker.get('/referrals')).status).toBe(403);
    const manager = await pageLogin(t, 'manager@luister.example');
    const page = await manager.get('/referrals');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Buurtteam Amsterdam (demo)');
    expect(page.text).not.toContain('OCMW Gent');
    expect(page.text).not.toContain('Geldfit');
    const form = {
      _csrf: csrfFrom(page.text),
      name: 'Voedselbank <b>Amsterdam</b>',
      kind: 'face-to-face',
      regionCode: 'amsterdam',
      country: 'NL',
      topics: 'money, housing',
      phone: '030-1234567',
      url: '',
      address: '',
      openingHours: 'za 10–12',
      description: '',
      active: 'on',
    };
    const wrong = await manager
      .post('/referrals')
      .type('form')
      .send({ ...form, regionCode: 'utrecht' });
    expect(wrong.status).toBe(400);
    // In words, linked to the field: never the field's key.
    expect(wrong.text).toContain('<a href="#ref-region">');
    expect(wrong.text).not.toContain('<code>regionCode</code>');
    const created = await manager.post('/referrals').type('form').send(form);
    expect(created.status).toBe(303);
    const edit = await manager.get(created.headers.location);
    expect(edit.text).toContain('value="Voedselbank &lt;b&gt;Amsterdam&lt;/b&gt;"');
    // Topics as ticked choices with their names.
    expect(edit.text).toContain('name="topics" value="money" checked> <span>Geld en schulden</span>');
    expect(edit.text).toContain('name="topics" value="housing" checked>');
    expect(edit.text).toContain('<option value="amsterdam" selected>Amsterdam</option>');
    // Only the organisation's own regions are offered, beside "whole organisation".
    expect(edit.text).not.toContain('<option value="utrecht"');
    expect(edit.text).toContain('<option value="">Hele organisatie (geen regio)</option>');
    const id = /\/referrals\/([0-9a-f-]{36})/.exec(created.headers.location)![1];
    const hidden = await manager
      .post(`/referrals/${id}`)
      .type('form')
      .send({ ...form, _csrf: csrfFrom(edit.text), active: undefined });
    expect(hidden.status).toBe(303);
    const [row] = await t.db.ds.query(`SELECT active, topics FROM referral WHERE id = $1`, [id]);
    expect(row).toEqual({ active: false, topics: ['money', 'housing'] });
  });
});
