import { startTestApp, TestApp, csrfFrom } from '../support/app';
import { makeCase, staffId } from '../inbox/factories';
import { pageLogin } from '../staff/staff-login';

const GOOD = {
  opening: 'Beste {{nickname}},',
  summarise: 'Uit je mail begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n\nKlopt dat?',
  explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
  advise:
    'Je kunt beginnen met alle post open te maken en op een rij te zetten.\n\nKort samengevat: post openen.\n\nHeeft dit antwoord je geholpen?',
  closing: 'Groet,\n{{workerName}}',
};

describe('composer page without JavaScript', () => {
  let t: TestApp;
  const geldfitId = async () =>
    (await t.db.ds.query(`SELECT id FROM referral WHERE name LIKE 'Geldfit%' LIMIT 1`))[0].id as string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is linked from the case page, prefills the topic template, takes the soft lock and lists local beside online referrals', async () => {
    const c = await makeCase(t.db.ds, {
      region: 'amsterdam',
      topic: 'money',
      nickname: 'Zon',
      text: 'Ik heb schulden. Ik durf de post niet open te maken <b>echt</b>.',
    });
    const agent = await pageLogin(t, 'worker@luister.example');
    expect((await agent.get(`/cases/${c.id}`)).text).toContain(`href="/cases/${c.id}/reply"`);
    const page = await agent.get(`/cases/${c.id}/reply`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Uit je mail begrijp ik dat:');
    expect(page.text).toContain('Hoe ziet je inkomen er op dit moment uit');
    expect(page.text).toContain('value="Ik durf de post niet open te maken &lt;b&gt;echt&lt;/b&gt;."');
    expect(page.text).not.toContain('<b>echt</b>');
    const local = page.text.slice(
      page.text.indexOf('id="referrals-local"'),
      page.text.indexOf('id="referrals-online"'),
    );
    const online = page.text.slice(page.text.indexOf('id="referrals-online"'));
    expect(local).toContain('Schuldhulpverlening gemeente Amsterdam (demo)');
    expect(online).toContain('Geldfit');
    expect(page.text).toContain('src="/static/composer.js"');
    // Showing the composer writes no lock (a GET changes nothing; composer.js takes it at once).
    expect(await t.db.ds.query(`SELECT 1 FROM case_lock WHERE case_id = $1`, [c.id])).toEqual([]);
    // Working on the draft without JavaScript takes it: others see "… is writing".
    const preview = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), action: 'preview', summarise: '- schulden', explore: '', advise: '' });
    expect(preview.status).toBe(200);
    const [lock] = await t.db.ds.query(`SELECT staff_user_id FROM case_lock WHERE case_id = $1`, [c.id]);
    expect(lock.staff_user_id).toBe(await staffId(t.db.ds, 'worker@luister.example'));
    // A colleague opening the composer sees who is writing, and takes nothing over by looking.
    const colleague = await pageLogin(t, 'supervisor@luister.example');
    const theirs = await colleague.get(`/cases/${c.id}/reply`);
    expect(theirs.text).toMatch(/class="notice warn" role="status" id="lock-notice">[^<]+schrijft een antwoord/);
    const [still] = await t.db.ds.query(`SELECT staff_user_id FROM case_lock WHERE case_id = $1`, [c.id]);
    expect(still.staff_user_id).toBe(lock.staff_user_id);
    // The API tells composer.js who is writing, so the page can say so.
    const api = await colleague
      .post(`/api/v1/cases/${c.id}/lock`)
      .set('X-CSRF-Token', csrfFrom(theirs.text))
      .set('Accept', 'application/json');
    expect(api.status).toBe(409);
    expect(api.body).toMatchObject({ code: 'case_locked' });
    expect(api.body.message).toMatch(/^\S.* schrijft een antwoord op deze casus\.$/);
  });

  it('inserts chosen sentences as bullets, previews, saves a draft to come back to, and sends', async () => {
    const c = await makeCase(t.db.ds, {
      region: 'amsterdam',
      topic: 'money',
      nickname: 'Zon',
      text: 'Ik heb schulden. Waar moet ik beginnen?',
    });
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get(`/cases/${c.id}/reply`);
    const csrf = csrfFrom(page.text);
    const inserted = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({
        _csrf: csrf,
        ...GOOD,
        summarise: 'Uit je mail begrijp ik dat:\n- …\n\nKlopt dat?',
        quote: 'Ik heb schulden.',
        action: 'insert',
      });
    expect(inserted.status).toBe(200);
    expect(inserted.text).toContain('Uit je mail begrijp ik dat:\n- Ik heb schulden.\n\nKlopt dat?');

    const geldfit = /value="([0-9a-f-]{36})" data-kind="online"[^>]*> Geldfit/.exec(page.text)![1];
    const preview = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({ _csrf: csrf, ...GOOD, referralIds: geldfit, action: 'preview' });
    expect(preview.status).toBe(200);
    expect(preview.text).toMatch(
      /id="preview-text">Beste Zon,[\s\S]*- Geldfit – https:\/\/www.geldfit.nl[\s\S]*Groet,\nWim Werker<\/div>/,
    );

    const saved = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({ _csrf: csrf, ...GOOD, explore: 'Mijn eigen vraag?', referralIds: geldfit, action: 'save' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/cases/${c.id}/reply?done=draft`);
    const back = await agent.get(saved.headers.location);
    expect(back.text).toContain('Mijn eigen vraag?');
    expect(back.text).toMatch(new RegExp(`value="${geldfit}" data-kind="online" checked`));

    const bad = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({ _csrf: csrf, ...GOOD, opening: 'Hoi {{voornaam}}', action: 'send' });
    expect(bad.status).toBe(400);
    // In words, linked to the section that holds it, never as a field key.
    expect(bad.text).toContain('<a href="#reply-opening">Aanhef ({{voornaam}})</a>');
    expect(bad.text).not.toContain('variables.voornaam');
    expect(bad.text).toContain('Hoi {{voornaam}}');

    const sent = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({ _csrf: csrf, ...GOOD, referralIds: geldfit, action: 'send' });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`/cases/${c.id}/reply?done=sent`);
    const [m] = await t.db.ds.query(`SELECT body_text FROM message WHERE case_id = $1 AND direction = 'out'`, [c.id]);
    expect(m.body_text).toContain('- Geldfit');
  });

  it('shows every problem at once, in words, beside its field; after sending it offers the next step, not an empty composer', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam', topic: 'money', nickname: 'Zon', text: 'Help.' });
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get(`/cases/${c.id}/reply`);
    const csrf = csrfFrom(page.text);
    const bad = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({ _csrf: csrf, ...GOOD, summarise: 'Samenvatting zonder check.', advise: '{{referrals}}', action: 'send' });
    expect(bad.status).toBe(400);
    const summary = bad.text.slice(
      bad.text.indexOf('id="error-summary"'),
      bad.text.indexOf('</div>', bad.text.indexOf('id="error-summary"')),
    );
    // The missing referral (a variable) and the checklist items, together.
    expect(summary).toContain('<a href="#reply-advise">3. Adviseren ({{referrals}})</a>');
    expect(summary).toContain('<a href="#check-verification">');
    expect(summary).toContain('<a href="#check-advice">');
    expect(summary).not.toMatch(/variables\.|checklist\./);
    // Beside the fields: the advise section and the checklist items carry their messages.
    const advise = bad.text.slice(
      bad.text.indexOf('<label for="reply-advise">'),
      bad.text.indexOf('id="reply-advise"'),
    );
    expect(advise).toContain('class="field-error"');
    expect(bad.text).toMatch(/id="check-verification"[^>]*class="todo blocking has-error"/);

    const sent = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({
        _csrf: csrf,
        ...GOOD,
        advise: GOOD.advise + '\n\n{{referrals}}',
        referralIds: await geldfitId(),
        action: 'send',
      });
    expect(sent.headers.location).toBe(`/cases/${c.id}/reply?done=sent`);
    const done = await agent.get(sent.headers.location);
    expect(done.text).toContain('Het antwoord is verstuurd.');
    expect(done.text).toContain('id="done-to-inbox"');
    // No composer, no "you are writing a reply", no writing lock left behind.
    expect(done.text).not.toContain('id="composer"');
    expect(done.text).not.toContain('id="lock-notice"');
    const locks = await t.db.ds.query(`SELECT 1 FROM case_lock WHERE case_id = $1`, [c.id]);
    expect(locks).toEqual([]);
  });

  it('a trainee sends for review; the supervisor returns it with a comment, the trainee resends, the supervisor approves', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam', topic: 'money', nickname: 'Zon' });
    const trainee = await pageLogin(t, 'trainee@luister.example');
    const tp = await trainee.get(`/cases/${c.id}/reply`);
    expect(tp.text).toContain('id="send-button">Ter controle versturen');
    const sent = await trainee
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({ _csrf: csrfFrom(tp.text), ...GOOD, action: 'send' });
    expect(sent.headers.location).toBe(`/cases/${c.id}/reply?done=pending-review`);
    const supervisor = await pageLogin(t, 'supervisor@luister.example');
    let sp = await supervisor.get(`/cases/${c.id}/reply`);
    const [r] = await t.db.ds.query(`SELECT id FROM reply WHERE case_id = $1`, [c.id]);
    // Returned with a comment: the trainee sees it, changes the text and sends it for review again.
    const returned = await supervisor
      .post(`/cases/${c.id}/reply/${r.id}/return`)
      .type('form')
      .send({ _csrf: csrfFrom(sp.text), comment: 'Vraag ook naar <b>haar</b> netwerk.' });
    expect(returned.headers.location).toBe(`/cases/${c.id}/reply?done=returned`);
    const back = await trainee.get(`/cases/${c.id}/reply`);
    expect(back.text).toContain('id="review-comment"');
    expect(back.text).toContain('Vraag ook naar &lt;b&gt;haar&lt;/b&gt; netwerk.');
    await trainee
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({ _csrf: csrfFrom(back.text), ...GOOD, action: 'send' })
      .expect(303);
    expect((await trainee.get(`/cases/${c.id}/reply`)).text).not.toContain('id="review-comment"');
    sp = await supervisor.get(`/cases/${c.id}/reply`);
    expect(sp.text).toContain(`id="approve-${r.id}"`);
    // The supervisor reads along and could take the case over from the trainee.
    await t.db.ds.query(`UPDATE cases SET assigned_to = $2 WHERE id = $1`, [
      c.id,
      await staffId(t.db.ds, 'trainee@luister.example'),
    ]);
    sp = await supervisor.get(`/cases/${c.id}/reply`);
    expect(sp.text).toContain('id="take-over"');
    const ok = await supervisor
      .post(`/cases/${c.id}/reply/${r.id}/approve`)
      .type('form')
      .send({ _csrf: csrfFrom(sp.text) });
    expect(ok.status).toBe(303);
    const [row] = await t.db.ds.query(`SELECT status FROM reply WHERE id = $1`, [r.id]);
    expect(row.status).toBe('sent');
  });

  it("managers adapt a platform template as their organisation's own, edited as new versions; an unknown variable is refused; workers cannot", async () => {
    const worker = await pageLogin(t, 'worker@luister.example');
    expect((await worker.get('/reply-templates')).status).toBe(403);
    const manager = await pageLogin(t, 'manager@luister.example');
    const list = await manager.get('/reply-templates');
    expect(list.status).toBe(200);
    const platformId = /href="\/reply-templates\/([0-9a-f-]{36})">Geld en schulden</.exec(list.text)![1];
    // The platform's template: read-only here, with a way to adapt a copy.
    const platform = await manager.get(`/reply-templates/${platformId}`);
    expect(platform.text).toContain('Uit je mail begrijp ik dat');
    expect(platform.text).toContain('id="platform-note"');
    expect(platform.text).not.toContain('id="save-template"');
    const refused = await manager
      .post(`/reply-templates/${platformId}`)
      .type('form')
      .send({ _csrf: csrfFrom(platform.text), opening: 'x', summarise: 'S', explore: 'E', advise: 'A', closing: '' });
    expect(refused.status).toBe(403);
    const copied = await manager
      .post(`/reply-templates/${platformId}/copy`)
      .type('form')
      .send({ _csrf: csrfFrom(platform.text) });
    expect(copied.status).toBe(303);
    const id = /\/reply-templates\/([0-9a-f-]{36})\?done=copied/.exec(copied.headers.location)![1];
    expect(id).not.toBe(platformId);
    const page = await manager.get(copied.headers.location);
    expect(page.text).toContain('Uit je mail begrijp ik dat');
    expect(page.text).toContain('Welzijn Amsterdam');
    expect(page.text).toContain('id="save-template"');
    const form = {
      _csrf: csrfFrom(page.text),
      opening: 'Hoi {{naam}}',
      summarise: 'S',
      explore: 'E',
      advise: 'A',
      closing: '',
    };
    const bad = await manager.post(`/reply-templates/${id}`).type('form').send(form);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#tpl-opening">Aanhef ({{naam}})</a>');
    expect(bad.text).not.toContain('variables.naam');
    const ok = await manager
      .post(`/reply-templates/${id}`)
      .type('form')
      .send({ ...form, opening: 'Hoi {{nickname}} <i>x</i>' });
    expect(ok.status).toBe(303);
    const after = await manager.get(ok.headers.location);
    expect(after.text).toContain('Hoi {{nickname}} &lt;i&gt;x&lt;/i&gt;');
    expect(after.text).toMatch(/Versie 2[\s\S]*Mila Manager[\s\S]*Versie 1/);
    // The platform's own template is unchanged, and now points to the organisation's version.
    const again = await manager.get(`/reply-templates/${platformId}`);
    expect(again.text).toContain(`href="/reply-templates/${id}" id="own-copy"`);
    expect(again.text).not.toContain('id="copy-template"');
  });

  it("another region's case composer is 404", async () => {
    const c = await makeCase(t.db.ds, { region: 'gent' });
    const agent = await pageLogin(t, 'worker@luister.example');
    expect((await agent.get(`/cases/${c.id}/reply`)).status).toBe(404);
  });
});
