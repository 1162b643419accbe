import * as iconv from 'iconv-lite';
import { acknowledgementDecision, isRobotAddress } from '../../src/mail/inbound/acknowledgement-decision';
import { declareMissingCharsets, detectCharset, withHeaderSection } from '../../src/mail/inbound/charset-repair';
import { failedRecipients } from '../../src/mail/inbound/mail-classifier';
import { extractNewText, fragments } from '../../src/mail/inbound/new-text';
import { parseMail } from '../../src/mail/inbound/parsed-mail';

describe('acknowledgement decision', () => {
  it('acknowledges only a plain message from a person’s address not seen as a robot lately', () => {
    expect(acknowledgementDecision({ kind: 'message', address: 'anna@example.nl', robotRecently: false })).toEqual({
      send: true,
      reason: 'message',
    });
    for (const kind of ['suspected-bulk', 'suspected-auto-reply', 'bulk', 'out-of-office', 'bounce'] as const)
      expect(acknowledgementDecision({ kind, address: 'anna@example.nl', robotRecently: false }).send).toBe(false);
    expect(acknowledgementDecision({ kind: 'message', address: 'anna@example.nl', robotRecently: true }).reason).toBe(
      'robot-recently',
    );
    expect(acknowledgementDecision({ kind: 'message', address: undefined, robotRecently: false }).reason).toBe(
      'no-address',
    );
  });

  it.each([
    ['noreply@bank.example.nl', true],
    ['no-reply@x.example', true],
    ['no_reply@x.example', true],
    ['donotreply@x.example', true],
    ['messages-noreply@x.example', true],
    ['MAILER-DAEMON@mx.example', true],
    ['post_master@isp.example', true],
    ['ouders-lijst-owner@lists.example', true],
    ['bounces+123@em.example', true],
    ['notifications@github.example', true],
    ['anna@example.nl', false],
    ['noreen@example.nl', false],
    ['bouncer.jan@example.nl', false],
    ['info@buurthuis.example.nl', false],
  ])('%s is a robot address: %s', (address, robot) => {
    expect(isRobotAddress(address)).toBe(robot);
  });
});

describe('new text by fragments', () => {
  it('matches attribution verbs after non-ASCII letters (a JavaScript \\b would not)', () => {
    const body =
      'Sí, es correcto.\n\nEl mar, 24 nov 2026 a las 9:00, Luister (<hulp@luister.example>)\nescribió:\n\n> Hola';
    expect(extractNewText(body).text).toBe('Sí, es correcto.');
  });

  it('needs evidence: an attribution-like sentence of the writer’s own stays', () => {
    const body = 'Op 3 maart schreef de deurwaarder mij het volgende:\ndat ik moet betalen.';
    expect(extractNewText(body).text).toBe(body);
  });

  it('keeps answers between quotes and under them, and the greeting above a bottom quote', () => {
    const body = [
      'Hoi,',
      '',
      'Op di 24 nov 2026 om 09:00 schreef Luister <hulp@luister.example>:',
      '> Hoe oud ben je?',
      '',
      '17.',
      '',
      '> Woon je thuis?',
      'Ja.',
    ].join('\n');
    expect(extractNewText(body).text).toBe('Hoi,\n\n17.\n\nJa.');
    expect(fragments(body).map((f) => f.kind)).toEqual(['text', 'quote', 'text', 'quote', 'text']);
  });

  it('folds contact lines under a closing phrase and keeps the name; a sentence starting "Sent from my" stays', () => {
    expect(extractNewText('Ik zoek hulp.\n\nGroet,\nEsther\n06-41234567').text).toBe('Ik zoek hulp.\n\nGroet,\nEsther');
    expect(extractNewText('Sent from my phone is what my boss writes, but that is not it.').text).toBe(
      'Sent from my phone is what my boss writes, but that is not it.',
    );
    expect(extractNewText('Danke.\n\nVon meinem iPhone gesendet').text).toBe('Danke.');
  });

  it('keeps a forwarded mail as the content when the writer added nothing', () => {
    const body =
      '---------- Forwarded message ---------\nFrom: A <a@b.example>\nDate: Mon, Nov 23, 2026\nSubject: Brief\nTo: <c@d.example>\n\n\nDe brief zelf.';
    expect(extractNewText(body).text).toBe('De brief zelf.');
    expect(extractNewText(`Kijk hier.\n\n${body}`).text).toBe('Kijk hier.');
  });
});

describe('charsets and odd bodies', () => {
  it('detects an undeclared KOI8-R part and declares it; UTF-8 is left alone', async () => {
    const text = 'Здравствуйте! У меня большие долги, и я не знаю, что делать.';
    const raw = Buffer.concat([
      Buffer.from('From: a@b.example\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\n'),
      iconv.encode(text, 'koi8-r'),
    ]);
    expect(detectCharset(iconv.encode(text, 'koi8-r'))).toBe('KOI8-R');
    expect(declareMissingCharsets(raw)!.toString('latin1')).toContain('charset="KOI8-R"');
    expect((await parseMail(raw)).text).toBe(text);
    expect(declareMissingCharsets(Buffer.from(`Subject: x\r\n\r\n${text}`, 'utf8'))).toBeUndefined();
  });

  it('gives a text-only mail without header section a header, and leaves binary garbage alone', async () => {
    expect((await parseMail(Buffer.from('Hallo,\nIk heb een vraag.\n'))).text).toBe('Hallo,\nIk heb een vraag.');
    const garbage = Buffer.from('\x01\x02 garbage\n\n\x00');
    expect(withHeaderSection(garbage)).toBe(garbage);
  });

  it('reads an HTML body sent with an attachment disposition as the text', async () => {
    const raw = Buffer.from(
      'From: a@b.example\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\nContent-Disposition: attachment; filename="m.html"\r\n\r\n<p>Ik word gepest.</p>',
    );
    const m = await parseMail(raw);
    expect(m.text).toBe('Ik word gepest.');
    expect(m.attachments).toEqual([]);
  });

  it('reads the failed recipients of a delivery report', () => {
    expect(
      failedRecipients({
        deliveryStatus: 'Final-Recipient: rfc822; Anna@Example.nl\nAction: failed\n',
        headers: { 'x-failed-recipients': 'b@example.nl' },
      }),
    ).toEqual(['anna@example.nl', 'b@example.nl']);
  });
});
