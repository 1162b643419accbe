/**
 * Writes the mail corpus: test/fixtures/mail/corpus/{tuned,held-out}/*.eml and manifest.json.
 * Run once after changing a corpus file: `npx ts-node --transpile-only test/mail/corpus/make-corpus.ts`.
 * Every fifth mail (in the order below) goes to held-out/: the rules are tuned on tuned/ only,
 * and the figures of both halves are reported separately (test/mail/corpus/report.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { CorpusMail, plain } from './corpus-kit';
import { FORWARDS, LANGUAGES } from './corpus-languages';
import { DUTCH } from './corpus-nl';
import { BOUNCES, BULK, OTHER_ROBOTS, OUT_OF_OFFICE, SUSPECTED_BULK } from './corpus-robots';

const OUT = path.join(__dirname, '..', '..', 'fixtures', 'mail', 'corpus');

/** Mails whose bytes are not UTF-8, or whose structure is odd: written byte for byte. */
const ENCODINGS: CorpusMail[] = [
  {
    name: 'charset-koi8r-undeclared',
    lang: 'ru',
    client: 'old-webmail',
    class: 'message',
    kind: 'message',
    case: 'new',
    robot: false,
    encoding: 'koi8-r',
    text: 'Здравствуйте! У меня большие долги, и я не знаю, что делать. Помогите, пожалуйста.',
    raw: `From: Olga <olga.s@example.ru>
To: hulp@luister.example
Subject: Help
Message-ID: <koi8-undeclared@example.ru>
Date: ${'Tue, 24 Nov 2026 10:00:00 +0300'}
MIME-Version: 1.0
Content-Type: text/plain
Content-Transfer-Encoding: 8bit

Здравствуйте! У меня большие долги, и я не знаю, что делать. Помогите, пожалуйста.
`,
  },
  {
    name: 'charset-latin1-undeclared',
    lang: 'nl',
    client: 'old-mua',
    class: 'message',
    kind: 'message',
    case: 'new',
    robot: false,
    encoding: 'latin1',
    text: 'Ik heb één vraag: wie betaalt de crèche als mijn ex niet meer wil betalen?',
    raw: `From: Hélène <helene.dekker@example.nl>
To: hulp@luister.example
Subject: Vraag
Message-ID: <latin1-undeclared@example.nl>
Date: Tue, 24 Nov 2026 10:00:00 +0100

Ik heb één vraag: wie betaalt de crèche als mijn ex niet meer wil betalen?
`,
  },
  {
    name: 'charset-cp1251-undeclared',
    lang: 'uk',
    client: 'old-webmail',
    class: 'message',
    kind: 'message',
    case: 'new',
    robot: false,
    encoding: 'windows-1251',
    text: 'Добрий день. Я втратила роботу і не можу платити за квартиру. Що мені робити?',
    raw: `From: Oksana <oksana.m@example.ua>
To: hulp@luister.example
Subject: Help
Message-ID: <cp1251-undeclared@example.ua>
Date: Tue, 24 Nov 2026 10:00:00 +0200
MIME-Version: 1.0
Content-Type: text/plain
Content-Transfer-Encoding: 8bit

Добрий день. Я втратила роботу і не можу платити за квартиру. Що мені робити?
`,
  },
  {
    name: 'utf8-no-content-type',
    lang: 'nl',
    client: 'script',
    class: 'message',
    kind: 'message',
    case: 'new',
    robot: false,
    text: 'Ik zit in de schuldsanering en mijn bewindvoerder reageert niet. Wat nu? ’s Avonds ben ik thuis.',
    raw: `From: Ahmed <ahmed.k@example.nl>
To: hulp@luister.example
Subject: Bewindvoerder
Message-ID: <utf8-no-ct@example.nl>
Date: Tue, 24 Nov 2026 10:00:00 +0100

Ik zit in de schuldsanering en mijn bewindvoerder reageert niet. Wat nu? ’s Avonds ben ik thuis.
`,
  },
  {
    name: 'html-only-disposition-attachment',
    lang: 'nl',
    client: 'web-form',
    class: 'message',
    kind: 'message',
    case: 'new',
    robot: false,
    text: 'Hallo,\n\nIk word gepest op mijn werk en mijn leidinggevende doet niets.\n\nGroet, Sandra',
    raw: `From: Sandra <sandra.p@example.nl>
To: hulp@luister.example
Subject: Pesten op het werk
Message-ID: <html-odd-disposition@example.nl>
Date: Tue, 24 Nov 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Disposition: attachment; filename="bericht.html"
Content-Transfer-Encoding: 8bit

<html><body><p>Hallo,</p><p>Ik word gepest op mijn werk en mijn leidinggevende doet niets.</p><p>Groet, Sandra</p></body></html>
`,
  },
  {
    name: 'html-only-inline-filename-multipart',
    lang: 'nl',
    client: 'mobile-app',
    class: 'message',
    kind: 'message',
    case: 'new',
    robot: false,
    text: 'Mijn buurman intimideert me elke dag. De politie zegt dat ze niets kunnen doen.',
    raw: `From: Yvonne <yvonne.b@example.nl>
To: hulp@luister.example
Subject: Buurman
Message-ID: <html-inline-filename@example.nl>
Date: Tue, 24 Nov 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix1"

--mix1
Content-Type: text/html; charset=utf-8; name="body.html"
Content-Disposition: attachment; filename="body.html"
Content-Transfer-Encoding: base64

${Buffer.from('<div>Mijn buurman intimideert me elke dag. De politie zegt dat ze niets kunnen doen.</div>').toString('base64')}
--mix1--
`,
  },
  {
    name: 'headerless-body-only',
    lang: 'nl',
    client: 'script',
    class: 'message',
    kind: 'message',
    case: 'new',
    robot: false,
    mailFrom: 'wouter.l@example.nl',
    text: 'Hallo,\nIk heb een vraag over mijn huurtoeslag.\nMijn inkomen is veranderd.\n\nWouter',
    raw: `Hallo,
Ik heb een vraag over mijn huurtoeslag.
Mijn inkomen is veranderd.

Wouter
`,
  },
  {
    name: 'format-flowed-thunderbird',
    lang: 'nl',
    client: 'thunderbird',
    class: 'message',
    kind: 'message',
    case: 'new',
    robot: false,
    text: 'Ik ben mantelzorger voor mijn moeder en ik heb zelf ook kinderen. Het wordt me allemaal te veel en ik weet niet bij wie ik moet aankloppen.',
    raw: `From: Ellen <ellen.v@example.nl>
To: hulp@luister.example
Subject: Te veel
Message-ID: <flowed@example.nl>
Date: Tue, 24 Nov 2026 10:00:00 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Ik ben mantelzorger voor mijn moeder en ik heb zelf ook kinderen. Het 
wordt me allemaal te veel en ik weet niet bij wie ik moet aankloppen.
`,
  },
];

/** mailgun/talon's standard replies (Apache-2.0, see README.md): real client mails whose answer is "Hello". */
function talon(): CorpusMail[] {
  const dir = path.join(__dirname, 'talon');
  const clients = [
    'android',
    'aol',
    'apple_mail',
    'apple_mail_2',
    'comcast',
    'gmail',
    'hotmail',
    'iphone',
    'outlook',
    'sparrow',
    'thunderbird',
    'yahoo',
  ];
  return clients.map((c) => ({
    name: `talon-${c.replace(/_/g, '-')}`,
    lang: 'en',
    client: c,
    class: 'message' as const,
    kind: 'message' as const,
    case: 'new' as const,
    robot: false,
    text: 'Hello',
    source: 'mailgun/talon tests/fixtures/standard_replies (Apache-2.0); To rewritten to our address',
    raw: fs
      .readFileSync(path.join(dir, `${c}.eml`), 'latin1')
      .replace(/^To:.*(?:\r?\n[ \t].*)*/m, 'To: hulp@luister.example'),
  }));
}

function main(): void {
  const all: CorpusMail[] = [
    ...DUTCH,
    ...LANGUAGES,
    ...FORWARDS,
    ...OUT_OF_OFFICE,
    ...BULK,
    ...SUSPECTED_BULK,
    ...BOUNCES,
    ...OTHER_ROBOTS,
    ...ENCODINGS,
    ...talon(),
  ];
  const names = new Set<string>();
  for (const m of all) {
    if (names.has(m.name)) throw new Error(`duplicate name ${m.name}`);
    names.add(m.name);
  }
  for (const dir of ['tuned', 'held-out']) {
    fs.rmSync(path.join(OUT, dir), { recursive: true, force: true });
    fs.mkdirSync(path.join(OUT, dir), { recursive: true });
  }
  const manifest = all.map((m, i) => {
    const set = i % 5 === 4 ? 'held-out' : 'tuned';
    const file = `${set}/${m.name}.eml`;
    const crlf = m.raw.replace(/\r?\n/g, '\r\n');
    const bytes = m.encoding ? iconv.encode(crlf, m.encoding) : Buffer.from(crlf, m.source ? 'latin1' : 'utf8');
    fs.writeFileSync(path.join(OUT, file), bytes);
    const { raw: _raw, encoding: _enc, ...meta } = m;
    return { file, set, ...meta };
  });
  fs.writeFileSync(path.join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  const held = manifest.filter((m) => m.set === 'held-out').length;
  console.log(`${manifest.length} mails written (${manifest.length - held} tuned, ${held} held out)`);
}

// Keep `plain` referenced for authors adding mails here.
void plain;
main();
