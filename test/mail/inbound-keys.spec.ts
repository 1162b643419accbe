import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMail } from '../../src/mail/inbound/parsed-mail';
import { pgText } from '../../src/mail/inbound/pg-text';
import { contentHash, normaliseMessageId, rawMessageId } from '../../src/mail/inbound/raw-headers';

const mail = (messageIdField: string, bodyText = 'Wie kan mij helpen?\r\n', extra: string[] = []) =>
  Buffer.from(
    [
      ...extra,
      'From: Carla <carla@example.nl>',
      'To: hulp@luister.example',
      'Subject: Vraag over de\r\n huur',
      messageIdField,
      'Content-Type: text/plain; charset=utf-8',
      '',
      bodyText,
    ].join('\r\n'),
    'utf8',
  );

describe('the duplicate key ignores header folding and whitespace (issue 21 item 9)', () => {
  const plain = mail('Message-ID: <a1@example.nl>');

  it.each([
    ['folded before the id', mail('Message-ID:\r\n <a1@example.nl>')],
    ['folded with a tab', mail('Message-ID:\r\n\t<a1@example.nl>')],
    ['folded inside the brackets', mail('Message-ID: <a1@\r\n example.nl>')],
    ['extra blanks around the id', mail('Message-ID:    <a1@example.nl>   ')],
    [
      'another fold of the subject',
      mail('Message-ID: <a1@example.nl>').toString('utf8').replace('de\r\n huur', 'de huur'),
    ],
    ['a header name in other case', mail('message-id: <a1@example.nl>')],
    [
      'LF line ends and trailing blanks',
      mail('Message-ID: <a1@example.nl>', 'Wie kan mij helpen?  \n').toString('utf8').replace(/\r\n/g, '\n'),
    ],
    [
      'a trace header added on the way',
      mail('Message-ID: <a1@example.nl>', undefined, ['Received: from relay.example.nl']),
    ],
  ])('%s: same key', (_what, copy) => {
    const raw = Buffer.isBuffer(copy) ? copy : Buffer.from(copy, 'utf8');
    expect(contentHash(raw).equals(contentHash(plain))).toBe(true);
    expect(rawMessageId(raw)).toBe('<a1@example.nl>');
  });

  it('tells a different text, or a different header value, apart', () => {
    expect(contentHash(mail('Message-ID: <a1@example.nl>', 'Iets anders.\r\n')).equals(contentHash(plain))).toBe(false);
    expect(contentHash(mail('Message-ID: <a2@example.nl>')).equals(contentHash(plain))).toBe(false);
    const otherSubject = Buffer.from(plain.toString('utf8').replace('de\r\n huur', 'de hypotheek'));
    expect(contentHash(otherSubject).equals(contentHash(plain))).toBe(false);
  });

  it('normalises a Message-ID however it is folded, and parsing agrees with the raw reading', async () => {
    expect(normaliseMessageId(' <a1@\r\n example.nl> ')).toBe('<a1@example.nl>');
    expect(normaliseMessageId('geen id')).toBeUndefined();
    expect(normaliseMessageId('<>')).toBeUndefined();
    const parsed = await parseMail(
      mail('Message-ID: <a1@\r\n example.nl>', 'x', ['References: <r1@\r\n example.nl> <r2@example.nl>']),
    );
    expect(parsed.messageId).toBe('<a1@example.nl>');
    expect(parsed.references).toEqual(['<r1@example.nl>', '<r2@example.nl>']);
  });
});

describe('text from mail as PostgreSQL takes it (issue 21 item 6)', () => {
  it('removes NUL and replaces lone surrogates, leaving everything else alone', () => {
    expect(pgText('a\u0000b\u0000')).toBe('ab');
    expect(pgText('x\uD800y')).toBe('x\uFFFDy');
    expect(pgText('x\uDC00')).toBe('x\uFFFD');
    expect(pgText('emoji 😀 € é')).toBe('emoji 😀 € é');
    expect(pgText(undefined)).toBeUndefined();
  });

  it('parses the NUL fixture into text without NUL, attachment bytes untouched', async () => {
    const raw = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'mail', 'nul-bytes.eml'));
    const p = await parseMail(raw);
    const texts = [
      p.text,
      p.subject,
      p.fromName,
      p.fromAddress,
      p.messageId,
      ...Object.values(p.headers),
      ...p.attachments.map((a) => a.filename),
    ];
    for (const s of texts) expect(s ?? '').not.toContain('\u0000');
    expect(p.text).toBe('Mijn huisbaas wil de huur verhogen met €90. Mag dat zomaar?');
    expect(p.subject).toBe('Vraag over mijn huur');
    expect(p.messageId).toBe('<nul-bytes@example.nl>');
    expect(p.attachments[0].content.includes(0)).toBe(true);
  });
});
