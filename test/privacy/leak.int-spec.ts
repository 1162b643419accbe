import { randomBytes } from 'node:crypto';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { OutboxSender } from '../../src/mail/outbound/outbox.sender';
import { Sink, startSink } from '../mail/outbound-sink';
import { rawMailIdOf } from '../mail/support/mail-world';
import { sendRaw, simpleMail } from '../mail/support/smtp';
import { apiLogin } from '../staff/staff-login';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { askByForm, openCase } from '../support/help-seeker';

/**
 * The whole help-seeker flow with marker strings in every identifying field, then a search of
 * every log line the process wrote and every mail it sent: no marker may appear anywhere
 * (the link mail carries only its own case's link, notifications not even that; the conversation
 * itself reaches only the e-mail help-seeker, in the reply mail to their own address). The flow
 * includes an evaluation with a comment, and case links spelled the ways a router or a log
 * filter might read differently (`/C/<token>`, `//c/<token>`, percent-encoded).
 */
describe('nothing identifying leaks into logs or notification mails', () => {
  let t: TestApp;
  let sink: Sink;
  const http = () => request(t.app.getHttpServer());
  const m = randomBytes(4).toString('hex').toUpperCase();
  const markers = {
    webNickname: `WebNick${m}`,
    webText: `WebText${m} ik heb schulden en durf de post niet open te maken`,
    webEmail: `web-${m.toLowerCase()}@home.example`,
    postcode: '1013 XQ',
    formNickname: `FormNick${m}`,
    formText: `FormText${m} mijn vriend slaat mij soms`,
    followUp: `FollowUp${m} het is nog niet beter`,
    mailName: `MailName${m}`,
    mailEmail: `mail-${m.toLowerCase()}@home.example`,
    mailSubject: `MailSubject${m}`,
    mailText: `MailText${m} mijn huisbaas wil dat ik vertrek`,
    mailAnswer: `MailAnswer${m} ja dat klopt`,
    invalidText: `InvalidText${m}`,
    evaluationComment: `EvalComment${m} de hulp was goed`,
  };
  const needles = (extra: string[]) => [
    ...Object.values(markers).map((v) => v.split(' ')[0]),
    markers.postcode,
    markers.postcode.replace(' ', ''),
    ...extra,
  ];

  beforeAll(async () => {
    sink = await startSink();
    const base = loadConfig({ NODE_ENV: 'test' }).outboundMail;
    // Every level, Nest's own debug chatter included: the search covers all a process can write.
    t = await startTestApp({
      logLevel: 'trace',
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
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('web question, e-mail question, replies, follow-ups, errors: 0 markers in logs and notification mails', async () => {
    const worker = await apiLogin(t, 'worker@luister.example');
    const sender = t.app.get(OutboxSender);
    const processor = t.app.get(InboundMailProcessor);
    const port = t.app.get(InboundSmtpServer).port;
    const tokens: string[] = [];
    const sections = {
      summarise: 'Uit je bericht begrijp ik dat:\n- je je zorgen maakt\n\nKlopt dat?',
      explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
      advise:
        'Je kunt beginnen met een overzicht te maken.\n\nKort samengevat: overzicht maken, hulp vragen.\n\nHeeft dit antwoord je geholpen?',
    };

    // 1. Web question through the API, with an address for notifications.
    const api = await http()
      .post('/api/v1/questions')
      .send({
        nickname: markers.webNickname,
        text: markers.webText,
        postcode: markers.postcode,
        country: 'NL',
        topic: 'money',
        email: markers.webEmail,
        emailConsent: true,
      })
      .expect(201);
    tokens.push(api.body.token);
    const [{ id: webCase }] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [api.body.caseRef]);

    // 2. Web question through the page form (and a rejected one that echoes the text back to the page only).
    const agent = request.agent(t.app.getHttpServer());
    const start = await agent.get('/').expect(200);
    const invalid = await agent
      .post('/vragen')
      .type('form')
      .send({ _csrf: csrfFrom(start.text), nickname: '', text: markers.invalidText, postcode: 'nonsense' })
      .expect(400);
    expect(invalid.text).toContain(markers.invalidText);
    const { token: link } = await askByForm(agent, {
      nickname: markers.formNickname,
      text: markers.formText,
      postcode: markers.postcode,
      country: 'NL',
      language: 'nl',
    });
    tokens.push(link);
    await openCase(agent, link);
    const casePage = await openCase(agent, link);
    await agent
      .post('/c')
      .type('form')
      .send({ _csrf: csrfFrom(casePage.text), text: markers.followUp })
      .expect(303);
    // The same link spelled otherwise: whatever the answer, the token must not reach the log.
    const raw = (path: string) => http().get(path).redirects(0);
    for (const path of [
      `/C/${link}`,
      `//c/${link}`,
      `/%63/${link}`,
      `/%43/${link}`,
      `/c%2F${link}`,
      `/c/${link}%2F`,
      `/./c/${link}`,
      `/c/${encodeURIComponent(link).replace(/[A-Z]/, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`,
      `/C/${link}/erase`,
      `/c/${link}?lang=en`,
    ]) {
      const res = await raw(path);
      expect(res.status).toBeLessThan(500);
    }
    // Routes match case-sensitively: an upper-case C is no case link.
    expect((await raw(`/C/${link}`)).status).toBe(404);
    // API errors with the text in the body.
    await http()
      .post('/api/v1/questions')
      .send({ nickname: markers.webNickname, text: markers.invalidText, postcode: 'x', unknown: markers.webEmail })
      .expect(400);
    await http()
      .post('/api/v1/case/messages')
      .set('Authorization', `Bearer ${tokens[0]}`)
      .send({ text: 'x', extra: markers.invalidText })
      .expect(400);
    await http()
      .post('/api/v1/questions')
      .set('Content-Type', 'application/json')
      .send(`{"text": "${markers.invalidText}`)
      .expect(400);

    // 3. E-mail question with a display name, subject and address.
    const from = `${markers.mailName} <${markers.mailEmail}>`;
    const sent = await sendRaw(
      port,
      simpleMail({ from, subject: markers.mailSubject, text: markers.mailText, messageId: `<q-${m}@home.example>` }),
      { from: markers.mailEmail, to: [`hulp@${t.config.mailDomain}`] },
    );
    expect(sent.ok).toBe(true);
    const first = await processor.process(rawMailIdOf(sent.response));
    expect(first.class).toBe('message');
    const mailCase = first.caseId!;

    // 4. A worker answers both; notification to the web help-seeker, the reply itself to the e-mail help-seeker.
    await http().post(`/api/v1/cases/${webCase}/replies`).set(worker).send({ sections, send: true }).expect(201);
    await http().post(`/api/v1/cases/${mailCase}/replies`).set(worker).send({ sections, send: true }).expect(201);
    await sender.drain();

    // 5. Follow-ups: the web help-seeker through the API, the e-mail help-seeker by answering the reply.
    await http()
      .post('/api/v1/case/messages')
      .set('Authorization', `Bearer ${tokens[0]}`)
      .send({ text: markers.followUp })
      .expect(201);
    const replyMail = sink.received.find((x) => x.envelopeTo.includes(markers.mailEmail) && /Klopt dat/.test(x.text))!;
    expect(replyMail).toBeDefined();
    const replyTo = String((replyMail.headers.get('reply-to') as { text?: string })?.text ?? '').replace(
      /^.*<|>.*$/g,
      '',
    );
    const answer = await sendRaw(
      port,
      simpleMail({
        from,
        to: replyTo,
        subject: `Re: ${markers.mailSubject}`,
        text: markers.mailAnswer,
        headers: [`In-Reply-To: ${replyMail.messageId}`],
      }),
      { from: markers.mailEmail, to: [replyTo] },
    );
    expect((await processor.process(rawMailIdOf(answer.response))).caseId).toBe(mailCase);
    await http().get('/api/v1/case').set('Authorization', `Bearer ${tokens[0]}`).expect(200);
    // The web help-seeker evaluates the answer and asks for personal contact (a task for the worker).
    await http()
      .post('/api/v1/case/evaluation')
      .set('Authorization', `Bearer ${tokens[0]}`)
      .send({
        pleasant: true,
        helped: true,
        personalContact: true,
        meaningfulScore: 5,
        helpedScore: 4,
        comment: markers.evaluationComment,
      })
      .expect(201);
    await http().get('/api/v1/notifications').set(worker).expect(200);
    // 6. The worker reads both cases (pages and API), the admin reads the mail logs.
    await http().get(`/api/v1/cases/${webCase}`).set(worker).expect(200);
    await http().get(`/api/v1/cases/${mailCase}`).set(worker).expect(200);
    const admin = await apiLogin(t, 'admin@luister.example');
    await http().get('/api/v1/mail/inbound').set(admin).expect(200);
    await http().get('/api/v1/mail/outbound').set(admin).expect(200);
    await sender.drain();

    // The search.
    const search = needles(tokens);
    const logHits = t.logLines.flatMap((line) =>
      search.filter((s) => line.toLowerCase().includes(s.toLowerCase())).map((s) => ({ s, line })),
    );
    expect(logHits).toEqual([]);
    expect(sink.received.length).toBeGreaterThanOrEqual(3);
    const notifications = sink.received.filter((x) => !x.envelopeTo.includes(markers.mailEmail));
    for (const mail of notifications) {
      // Everything but the envelope/To of the recipient's own address: subject, body, HTML, headers;
      // the link mail the web help-seeker asked for holds their own case link, nothing else.
      const content = mail.raw
        .replace(new RegExp(markers.webEmail.replace(/[.]/g, '\\.'), 'gi'), '')
        .replace(new RegExp(tokens[0], 'g'), '');
      expect(search.filter((s) => content.toLowerCase().includes(s.toLowerCase()))).toEqual([]);
    }
    // Exactly one mail (the link mail) holds the link; the notification of the reply does not.
    expect(notifications.filter((x) => x.raw.includes(tokens[0]))).toHaveLength(1);
    // Mail to the e-mail help-seeker: only their own address, never anyone else's content.
    for (const mail of sink.received.filter((x) => x.envelopeTo.includes(markers.mailEmail))) {
      const others = search.filter(
        (s) =>
          ![
            markers.mailEmail,
            markers.mailName,
            markers.mailSubject.split(' ')[0],
            markers.mailText.split(' ')[0],
          ].includes(s),
      );
      expect(others.filter((s) => mail.raw.toLowerCase().includes(s.toLowerCase()))).toEqual([]);
    }
    if (process.env.LEAK_REPORT) {
      process.stderr.write(
        `leak test: ${t.logLines.length} log lines and ${sink.received.length} mails (${notifications.length} notifications) searched for ${search.length} markers: ${logHits.length} found\n`,
      );
    }
  });
});
