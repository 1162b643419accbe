import request from 'supertest';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { OutboxSender } from '../../src/mail/outbound/outbox.sender';
import { makeCase, staffId } from '../inbox/factories';
import { SinkMail, startSink, Sink } from '../mail/outbound-sink';
import { rawMailIdOf } from '../mail/support/mail-world';
import { sendRaw, simpleMail } from '../mail/support/smtp';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';
import { openCase } from '../support/help-seeker';

const header = (mail: SinkMail, name: string): string => {
  const v = mail.headers.get(name);
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.join(' ');
  return (v as { text?: string; value?: unknown }).text ?? String((v as { value?: unknown }).value ?? v);
};

type Auth = { Authorization: string };

const GOOD = {
  summarise:
    'Uit je mail begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n- je de post niet meer durft open te maken\n\nKlopt dat?',
  explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
  advise:
    'Je kunt beginnen met alle post open te maken en op een rij te zetten.\n\nKort samengevat: post openen, overzicht maken, hulp vragen.\n\n{{referrals}}\n\nHeeft dit antwoord je geholpen?',
};

describe('replies: write, check, review and send', () => {
  let t: TestApp;
  let sink: Sink;
  let ds: DataSource;
  const http = () => request(t.app.getHttpServer());
  let worker: Auth;
  let workerId: string;

  beforeAll(async () => {
    sink = await startSink();
    const base = loadConfig({ NODE_ENV: 'test' }).outboundMail;
    t = await startTestApp({
      outboundMail: {
        ...base,
        relayUrl: sink.url,
        publicUrl: 'https://luister.test',
        retryBaseSeconds: 0,
        maxAttempts: 3,
        sweepSeconds: 0,
      },
    });
    await dutchRegionsInOneOrganisation(t.db.ds);
    ds = t.db.ds;
    worker = await apiLogin(t, 'worker@luister.example');
    workerId = await staffId(ds, 'worker@luister.example');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  async function referralIds(
    region: string,
    topic: string,
    pick: (r: { name: string; kind: string }) => boolean,
  ): Promise<string[]> {
    const res = await http().get(`/api/v1/referrals?region=${region}&topic=${topic}`).set(worker).expect(200);
    return res.body.items.filter(pick).map((r: { id: string }) => r.id);
  }

  it("web question → reply from a template with a local and an online referral → read on the case link → answer → back in the worker's inbox", async () => {
    const q = await http()
      .post('/api/v1/questions')
      .send({
        nickname: 'Zonnebloem',
        text: 'Ik heb schulden bij drie bedrijven. Ik durf de post niet meer open te maken.',
        postcode: '1012 AB',
        topic: 'money',
        email: 'zon@example.nl',
        emailConsent: true,
      })
      .expect(201);
    const [{ id: caseId }] = await ds.query(`SELECT id FROM cases ORDER BY created_at DESC LIMIT 1`);

    const templates = await http().get('/api/v1/reply-templates?language=nl&topic=money').set(worker).expect(200);
    expect(templates.body.items.map((x: { code: string }) => x.code)).toEqual(['money', 'general']);
    const tpl = templates.body.items[0];
    expect(tpl.sections).toMatchObject({
      opening: expect.stringContaining('{{nickname}}'),
      closing: expect.stringContaining('{{workerName}}'),
    });

    const [local] = await referralIds('amsterdam', 'money', (r) =>
      r.name.startsWith('Schuldhulpverlening gemeente Amsterdam'),
    );
    const [online] = await referralIds('amsterdam', 'money', (r) => r.name === 'Geldfit');

    // A draft first: kept on the server, with its checklist.
    const sections = { ...tpl.sections, ...GOOD };
    const draft = await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(worker)
      .send({ templateId: tpl.id, sections, referralIds: [local, online], send: false })
      .expect(201);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.checklist.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const listed = await http().get(`/api/v1/cases/${caseId}/replies`).set(worker).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: draft.body.id, status: 'draft', referralIds: [local, online] }),
    ]);

    // Sending picks up the same draft.
    const sent = await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(worker)
      .send({ templateId: tpl.id, sections, referralIds: [local, online], send: true })
      .expect(201);
    expect(sent.body).toMatchObject({ id: draft.body.id, status: 'sent' });
    const [c] = await ds.query(`SELECT status, assigned_to FROM cases WHERE id = $1`, [caseId]);
    expect(c).toEqual({ status: 'waiting', assigned_to: workerId });
    const [reply] = await ds.query(`SELECT status, template_version, checklist, message_id FROM reply WHERE id = $1`, [
      sent.body.id,
    ]);
    expect(reply).toMatchObject({ status: 'sent', template_version: 1, message_id: expect.any(String) });
    expect(reply.checklist).toHaveLength(9);
    expect(
      await ds.query(`SELECT kind FROM reply_referral WHERE reply_id = $1 ORDER BY position`, [sent.body.id]),
    ).toEqual([{ kind: 'face-to-face' }, { kind: 'online' }]);
    const events = (
      await ds.query(`SELECT type FROM case_event WHERE case_id = $1 ORDER BY occurred_at, id`, [caseId])
    ).map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(['case.assigned', 'case.status_changed', 'sla.paused']));
    expect(events.some((e: string) => e === 'sla.met' || e === 'sla.missed')).toBe(true);
    const outbox = await ds.query(`SELECT kind, text_body FROM outbox WHERE case_id = $1 ORDER BY created_at`, [
      caseId,
    ]);
    // The link mail the help-seeker asked for with the question, then the content-free notification.
    expect(outbox).toEqual([
      { kind: 'acknowledgement', text_body: expect.any(String) },
      { kind: 'reply-notification', text_body: expect.any(String) },
    ]);
    expect(outbox[1].text_body).not.toContain('Geldfit');
    const [audit] = await ds.query(
      `SELECT data FROM audit_log WHERE case_id = $1 AND action = 'case.reply' ORDER BY occurred_at DESC LIMIT 1`,
      [caseId],
    );
    expect(audit.data).toMatchObject({ status: 'sent', referrals: 2, online: 1 });

    // The help-seeker reads it on the case link and answers.
    const hs = { Authorization: `Bearer ${q.body.token}` };
    const own = await http().get('/api/v1/case').set(hs).expect(200);
    const out = own.body.messages.find((m: { direction: string }) => m.direction === 'out');
    expect(out.text).toContain('Beste Zonnebloem,');
    expect(out.text).toContain('Klopt dat?');
    expect(out.text).toContain(
      '- Schuldhulpverlening gemeente Amsterdam (demo) – Stadhuisplein 2, Amsterdam (ma–do 9:00–16:00)',
    );
    expect(out.text).toContain('- Geldfit – https://www.geldfit.nl');
    expect(out.text).toContain('Wim Werker');
    expect(out.text).not.toContain('{{');
    const page = await openCase(request.agent(t.app.getHttpServer()), q.body.token);
    expect(page.text).toContain('Geldfit');
    await http().post('/api/v1/case/messages').set(hs).send({ text: 'Ja, dat klopt. Dank je!' }).expect(201);
    const [back] = await ds.query(`SELECT status, assigned_to FROM cases WHERE id = $1`, [caseId]);
    expect(back).toEqual({ status: 'open', assigned_to: workerId });
    const mine = await http().get('/api/v1/cases?view=mine').set(worker).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(caseId);

    // Nothing of the reply or the help-seeker's words reached the logs.
    const logs = t.logLines.join('\n');
    for (const secret of ['Zonnebloem', 'schulden', 'zon@example.nl', q.body.token]) expect(logs).not.toContain(secret);
  });

  it('e-mail help-seeker: the reply goes out threaded under their mail, and their answer by mail reopens the case', async () => {
    const port = t.app.get(InboundSmtpServer).port;
    const processor = t.app.get(InboundMailProcessor);
    const sender = t.app.get(OutboxSender);
    const deliver = async (raw: string, to: string) => {
      const res = await sendRaw(port, raw, { from: 'anna@example.nl', to: [to] });
      expect(res.ok).toBe(true);
      return processor.process(rawMailIdOf(res.response));
    };
    const first = await deliver(
      simpleMail({
        from: 'anna@example.nl',
        text: 'Mijn huisbaas wil dat ik binnen een maand vertrek.',
        messageId: '<anna-1@example.nl>',
      }),
      `hulp@${t.config.mailDomain}`,
    );
    expect(first.class).toBe('message');
    await sender.drain();
    const ack = sink.received.at(-1)!;
    sink.received.length = 0;

    const sent = await http()
      .post(`/api/v1/cases/${first.caseId}/replies`)
      .set(worker)
      .send({
        sections: { opening: 'Beste {{nickname}},', ...GOOD, advise: GOOD.advise.replace('{{referrals}}\n\n', '') },
        send: true,
      })
      .expect(201);
    expect(sent.body.status).toBe('sent');
    await sender.drain();
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0];
    expect(mail.envelopeTo).toEqual(['anna@example.nl']);
    expect(header(mail, 'in-reply-to')).toBe('<anna-1@example.nl>');
    expect(header(mail, 'references')).toContain('<anna-1@example.nl>');
    expect(header(mail, 'references')).toContain(ack.messageId);
    expect(mail.text).toContain('Klopt dat?');

    const replyTo = header(mail, 'reply-to').replace(/^.*<|>.*$/g, '');
    const answer = await deliver(
      simpleMail({
        from: 'anna@example.nl',
        to: replyTo,
        text: 'Ja, dat klopt.',
        headers: [`In-Reply-To: ${mail.messageId}`, `References: <anna-1@example.nl> ${mail.messageId}`],
      }),
      replyTo,
    );
    expect(answer).toMatchObject({ class: 'message', caseId: first.caseId });
    const [back] = await ds.query(`SELECT status, assigned_to FROM cases WHERE id = $1`, [first.caseId]);
    expect(back).toEqual({ status: 'open', assigned_to: workerId });
  });

  it('trainee → pending review → supervisor returns with a comment → trainee resends → supervisor edits and approves', async () => {
    const trainee = await apiLogin(t, 'trainee@luister.example');
    const traineeId = await staffId(ds, 'trainee@luister.example');
    const supervisor = await apiLogin(t, 'supervisor@luister.example');
    const c = await makeCase(ds, { region: 'amsterdam', topic: 'money', nickname: 'Merel' });
    const first = await http()
      .post(`/api/v1/cases/${c.id}/replies`)
      .set(trainee)
      .send({ sections: GOOD, send: true })
      .expect(400);
    // No referral chosen but {{referrals}} in the text: blocked with the variable named.
    expect(first.body).toMatchObject({
      code: 'template_variable',
      fields: { 'variables.referrals': [expect.any(String)] },
    });
    const sections = { ...GOOD, advise: GOOD.advise.replace('{{referrals}}\n\n', '') };
    const pending = await http()
      .post(`/api/v1/cases/${c.id}/replies`)
      .set(trainee)
      .send({ sections, send: true })
      .expect(201);
    expect(pending.body.status).toBe('pending-review');
    expect(
      await ds.query(`SELECT count(*)::int AS n FROM message WHERE case_id = $1 AND direction = 'out'`, [c.id]),
    ).toEqual([{ n: 0 }]);
    await http().post(`/api/v1/replies/${pending.body.id}/approve`).set(trainee).expect(403);
    await http().post(`/api/v1/replies/${pending.body.id}/approve`).set(worker).expect(403);
    // A supervisor of another region does not see it at all.
    const gentSupervisor = await apiLogin(t, 'gent@luister.example');
    await http().post(`/api/v1/replies/${pending.body.id}/approve`).set(gentSupervisor).expect(403);

    const returned = await http()
      .post(`/api/v1/replies/${pending.body.id}/return`)
      .set(supervisor)
      .send({ comment: 'Vraag ook naar haar netwerk.' })
      .expect(200);
    expect(returned.body.status).toBe('returned');
    const seen = await http().get(`/api/v1/cases/${c.id}/replies`).set(trainee).expect(200);
    expect(seen.body.items[0]).toMatchObject({ status: 'returned', reviewComment: 'Vraag ook naar haar netwerk.' });
    await http().post(`/api/v1/replies/${pending.body.id}/approve`).set(supervisor).expect(409);

    const again = await http()
      .post(`/api/v1/cases/${c.id}/replies`)
      .set(trainee)
      .send({ sections, send: true })
      .expect(201);
    expect(again.body).toMatchObject({ id: pending.body.id, status: 'pending-review' });
    const approved = await http()
      .post(`/api/v1/replies/${again.body.id}/approve`)
      .set(supervisor)
      .send({ sections: { ...sections, closing: 'Groet,\n{{workerName}}' } })
      .expect(200);
    expect(approved.body.status).toBe('sent');
    const [msg] = await ds.query(`SELECT body_text, author_id FROM message WHERE case_id = $1 AND direction = 'out'`, [
      c.id,
    ]);
    expect(msg.author_id).toBe(traineeId);
    expect(msg.body_text).toMatch(/Groet,\nTess Trainee$/);
    const [row] = await ds.query(`SELECT status, assigned_to FROM cases WHERE id = $1`, [c.id]);
    expect(row).toEqual({ status: 'waiting', assigned_to: traineeId });
  });

  it('blocks unknown variables and unmet blocking checklist items with clear field errors, and managers configure what blocks', async () => {
    const c = await makeCase(ds, { region: 'amsterdam' });
    const unknown = await http()
      .post(`/api/v1/cases/${c.id}/replies`)
      .set(worker)
      .send({ sections: { ...GOOD, advise: 'Hoi {{naam}} {{#each x}}{{/each}}' }, send: true })
      .expect(400);
    expect(unknown.body.code).toBe('template_variable');
    // Every problem at once: the variables and the checklist items still open.
    expect(Object.keys(unknown.body.fields).sort()).toEqual([
      'checklist.advice',
      'variables.BlockStatement',
      'variables.naam',
    ]);
    expect(unknown.body.fields['variables.naam'][0]).toContain('{{nickname}}');
    const thin = await http()
      .post(`/api/v1/cases/${c.id}/replies`)
      .set(worker)
      .send({
        sections: { summarise: 'Je hebt een vraag gesteld over geld en schulden.', explore: '', advise: 'Ok.' },
        send: true,
      })
      .expect(400);
    expect(thin.body.code).toBe('checklist_incomplete');
    expect(Object.keys(thin.body.fields).sort()).toEqual(['checklist.advice', 'checklist.verification']);
    expect(await ds.query(`SELECT count(*)::int AS n FROM reply WHERE case_id = $1`, [c.id])).toEqual([{ n: 0 }]);
    // Drafts are saved whatever their state.
    await http()
      .post(`/api/v1/cases/${c.id}/replies`)
      .set(worker)
      .send({ sections: { summarise: '', explore: '', advise: '' }, send: false })
      .expect(201);

    // One rule set for the whole platform: the platform admin's, not an organisation's manager's.
    const manager = await apiLogin(t, 'manager@luister.example');
    const admin = await apiLogin(t, 'admin@luister.example');
    for (const who of [worker, manager])
      await http().put('/api/v1/reply-checklist-rules').set(who).send({ item: 'feedback', blocking: true }).expect(403);
    const rules = await http()
      .put('/api/v1/reply-checklist-rules')
      .set(admin)
      .send({ item: 'verification', blocking: false })
      .expect(200);
    expect(rules.body.items.find((r: { item: string }) => r.item === 'verification')).toEqual({
      item: 'verification',
      blocking: false,
    });
    const nowOk = await http()
      .post(`/api/v1/cases/${c.id}/replies`)
      .set(worker)
      .send({
        sections: {
          summarise: 'Je hebt een vraag gesteld over geld en schulden.',
          explore: '',
          advise: 'Je kunt het beste eerst alle post openen en sorteren.',
        },
        send: true,
      })
      .expect(201);
    expect(nowOk.body.status).toBe('sent');
    await http()
      .put('/api/v1/reply-checklist-rules')
      .set(admin)
      .send({ item: 'verification', blocking: true })
      .expect(200);
  });

  it('the platform admin edits platform templates as new versions; templates with unknown variables are refused', async () => {
    const manager = await apiLogin(t, 'manager@luister.example');
    const admin = await apiLogin(t, 'admin@luister.example');
    const [tpl] = (await http().get('/api/v1/reply-templates?language=en').set(worker).expect(200)).body.items;
    expect(tpl.organisation).toBeNull();
    await http().put(`/api/v1/reply-templates/${tpl.id}`).set(worker).send({ sections: tpl.sections }).expect(403);
    // A platform template is not an organisation's manager's to change (they copy it instead).
    const platform = await http()
      .put(`/api/v1/reply-templates/${tpl.id}`)
      .set(manager)
      .send({ sections: tpl.sections })
      .expect(403);
    expect(platform.body.code).toBe('template_platform');
    const bad = await http()
      .put(`/api/v1/reply-templates/${tpl.id}`)
      .set(admin)
      .send({ sections: { ...tpl.sections, opening: 'Hi {{firstName}}' } })
      .expect(400);
    expect(bad.body.fields).toHaveProperty(['variables.firstName']);
    const ok = await http()
      .put(`/api/v1/reply-templates/${tpl.id}`)
      .set(admin)
      .send({ sections: { ...tpl.sections, opening: 'Hi {{nickname}},' } })
      .expect(200);
    expect(ok.body).toMatchObject({ version: 2, sections: { opening: 'Hi {{nickname}},' } });
    const versions = await http().get(`/api/v1/reply-templates/${tpl.id}/versions`).set(worker).expect(200);
    expect(
      versions.body.items.map((v: { version: number; createdBy: string | null }) => [v.version, v.createdBy]),
    ).toEqual([
      [2, 'Anne Admin'],
      [1, null],
    ]);
  });

  it("script injected through a template, a referral and the help-seeker's text comes out escaped on the case page", async () => {
    const manager = await apiLogin(t, 'manager@luister.example');
    const admin = await apiLogin(t, 'admin@luister.example');
    const evil = '<script>alert(1)</script>';
    const ref = await http()
      .post('/api/v1/referrals')
      .set(manager)
      .send({
        name: `Hulp ${evil}`,
        kind: 'online',
        regionCode: 'amsterdam',
        topics: [],
        url: 'https://example.org/"><svg/onload=alert(2)>',
      })
      .expect(201);
    const q = await http()
      .post('/api/v1/questions')
      .send({ nickname: `<img src=x onerror=alert(3)>`, text: `Hallo ${evil}`, postcode: '1012 AB' })
      .expect(201);
    const [{ id: caseId }] = await ds.query(`SELECT id FROM cases ORDER BY created_at DESC LIMIT 1`);
    const [tpl] = (await http().get('/api/v1/reply-templates?language=nl').set(worker).expect(200)).body.items.filter(
      (x: { code: string }) => x.code === 'general',
    );
    await http()
      .put(`/api/v1/reply-templates/${tpl.id}`)
      .set(admin)
      .send({ sections: { ...tpl.sections, opening: `Beste {{nickname}} ${evil}` } })
      .expect(200);
    const fresh = (await http().get(`/api/v1/reply-templates/${tpl.id}`).set(worker).expect(200)).body;
    await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(worker)
      .send({ templateId: tpl.id, sections: { ...fresh.sections, ...GOOD }, referralIds: [ref.body.id], send: true })
      .expect(201);
    const page = await openCase(request.agent(t.app.getHttpServer()), q.body.token);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).not.toContain('<svg');
    expect(page.text).toContain('Hulp &lt;script&gt;');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('Beste &lt;img src&#x3D;x onerror&#x3D;alert(3)&gt;');
  });

  it("another region's case is 404 for replies", async () => {
    const c = await makeCase(ds, { region: 'gent' });
    const res = await http()
      .post(`/api/v1/cases/${c.id}/replies`)
      .set(worker)
      .send({ sections: GOOD, send: false })
      .expect(404);
    expect(res.body.code).toBe('case_not_found');
    await http().get(`/api/v1/cases/${c.id}/replies`).set(worker).expect(404);
  });
});
