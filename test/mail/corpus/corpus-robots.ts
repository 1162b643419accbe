/**
 * Machine mail: out-of-office replies in many languages, newsletters and notifications,
 * delivery reports from several MTAs, feedback reports, challenge/response, read receipts —
 * and the person's mails that look a little like them (they must stay messages).
 */
import { CorpusMail, dsn, ExpectedKind, headers, plain, REPLY_TO } from './corpus-kit';

function robot(
  name: string,
  lang: string,
  client: string,
  cls: CorpusMail['class'],
  kind: ExpectedKind,
  raw: string,
  o: { case?: CorpusMail['case']; mailFrom?: string } = {},
): CorpusMail {
  return { name, lang, client, class: cls, kind, case: o.case ?? 'none', robot: true, mailFrom: o.mailFrom, raw };
}

function person(
  name: string,
  lang: string,
  client: string,
  raw: string,
  text: string,
  kind: ExpectedKind = 'message',
  mailFrom?: string,
): CorpusMail {
  return { name, lang, client, class: 'message', kind, case: 'new', text, robot: false, mailFrom, raw };
}

const ooo = (
  name: string,
  lang: string,
  client: string,
  from: string,
  subject: string,
  body: string,
  extra: string[] = [],
  o: { toCase?: boolean; mailFrom?: string } = {},
) =>
  robot(
    name,
    lang,
    client,
    'auto-reply',
    'out-of-office',
    plain(
      {
        from,
        to: o.toCase ? REPLY_TO : 'hulp@luister.example',
        subject,
        extra: o.toCase ? ['In-Reply-To: {{MSGID}}', 'References: {{MSGID}}', ...extra] : extra,
      },
      body,
    ),
    { case: o.toCase ? 'thread' : 'none', mailFrom: o.mailFrom },
  );

const EXCHANGE_OOF = [
  'X-Auto-Response-Suppress: All',
  'X-MS-Exchange-Inbox-Rules-Loop: piet.janssen@gemeente.example.nl',
];

export const OUT_OF_OFFICE: CorpusMail[] = [
  ooo(
    'ooo-nl-outlook-subject',
    'nl',
    'exchange',
    'Piet Janssen <piet.janssen@gemeente.example.nl>',
    'Automatisch antwoord: Je vraag bij Luister',
    `Goedemiddag,

Ik ben tot en met 4 december afwezig en lees mijn mail niet. Voor dringende zaken kunt u contact opnemen met het algemene nummer 14 030.

Met vriendelijke groet,
Piet Janssen`,
    ['Auto-Submitted: auto-generated', ...EXCHANGE_OOF],
    { toCase: true },
  ),
  ooo(
    'ooo-be-body-only-plain-re',
    'nl-BE',
    'outlook-desktop',
    'Sofie Wouters <sofie.wouters@example.be>',
    'Re: Je vraag bij Luister',
    `Beste,

Ik ben afwezig tot en met 14 augustus. Uw mail wordt niet doorgestuurd.
Voor dringende vragen kan u terecht bij mijn collega Tom (tom@example.be).

Met vriendelijke groeten,
Sofie Wouters`,
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-nl-afwezigheidsbericht-subject',
    'nl',
    'gmail-vacation',
    'Ruud Bakker <ruud.bakker@example.nl>',
    'Afwezigheidsbericht',
    `Bedankt voor je bericht. Ik ben met vakantie tot 3 januari en heb beperkt toegang tot mijn mail.`,
    ['Auto-Submitted: auto-replied'],
  ),
  ooo(
    'ooo-nl-body-vakantie-re',
    'nl',
    'outlook-web',
    'Linda Smits <linda.smits@example.nl>',
    'RE: Je vraag bij Luister',
    `Dank voor uw e-mail.

Ik ben met vakantie en vanaf maandag 7 december weer aanwezig. Uw e-mail wordt niet doorgestuurd.`,
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-nl-niet-aanwezig-subject',
    'nl',
    'kpn-webmail',
    'Karel de Boer <karel.deboer@example.nl>',
    'Niet aanwezig: Je vraag bij Luister',
    'Ik ben niet aanwezig tot 30 november.',
  ),
  ooo(
    'ooo-en-outlook',
    'en',
    'exchange',
    'John Miller <john.miller@example.co.uk>',
    'Automatic reply: Your question',
    `Thank you for your email. I am out of the office until Monday 7 December with no access to email.
For urgent matters please contact reception on 020 7946 0000.`,
    ['Auto-Submitted: auto-generated', 'X-Auto-Response-Suppress: All'],
  ),
  ooo(
    'ooo-en-body-only',
    'en',
    'webmail',
    'Emma Brown <emma.brown@example.com>',
    'Re: Your question',
    `Hi,

I'm currently out of the office and will be back on 2 January. I will have limited access to email.

Emma`,
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-de-subject',
    'de',
    'exchange',
    'Klaus Fischer <klaus.fischer@example.de>',
    'Automatische Antwort: Ihre Frage',
    `Vielen Dank für Ihre Nachricht. Ich bin bis zum 5. Januar nicht im Büro und habe keinen Zugriff auf meine E-Mails.

Mit freundlichen Grüßen
Klaus Fischer`,
  ),
  ooo(
    'ooo-de-abwesenheitsnotiz',
    'de',
    'gmx',
    'Sabine Wagner <sabine.wagner@example.de>',
    'Abwesenheitsnotiz',
    'Ich bin im Urlaub und ab dem 4.1. wieder erreichbar. Ihre Nachricht wird nicht weitergeleitet.',
  ),
  ooo(
    'ooo-de-body-only',
    'de',
    'thunderbird',
    'Thomas Becker <thomas.becker@example.de>',
    'Re: Ihre Frage',
    `Guten Tag,

ich bin vom 20.12. bis einschließlich 3.1. abwesend. In dringenden Fällen wenden Sie sich bitte an meine Kollegin.`,
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-fr-subject',
    'fr',
    'exchange',
    'Julie Bernard <julie.bernard@example.fr>',
    'Réponse automatique : Votre question',
    `Bonjour,

Je suis absente du bureau jusqu'au 4 janvier. Je répondrai à votre message dès mon retour.

Cordialement,
Julie Bernard`,
  ),
  ooo(
    'ooo-fr-body-only',
    'fr',
    'webmail',
    'Marc Dubois <marc.dubois@example.fr>',
    'Re: Votre question',
    `Bonjour,

Je suis actuellement en congés et serai de retour le 3 janvier. Pour toute urgence, merci de contacter le standard.`,
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-es-subject',
    'es',
    'exchange',
    'Carlos López <carlos.lopez@example.es>',
    'Respuesta automática: Su pregunta',
    'Estoy fuera de la oficina hasta el 7 de enero. Responderé a su mensaje a mi regreso.',
  ),
  ooo(
    'ooo-es-body-only',
    'es',
    'gmail-vacation',
    'Marta Sánchez <marta.sanchez@example.es>',
    'Re: Su pregunta',
    'Hola, me encuentro de vacaciones hasta el 10 de enero con acceso limitado al correo.',
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-it-subject',
    'it',
    'exchange',
    'Marco Bianchi <marco.bianchi@example.it>',
    'Risposta automatica: La tua domanda',
    'Sono fuori ufficio fino al 6 gennaio. Risponderò al mio rientro.',
  ),
  ooo(
    'ooo-it-body-only',
    'it',
    'webmail',
    'Laura Ricci <laura.ricci@example.it>',
    'Re: La tua domanda',
    'Buongiorno, sono in ferie fino al 7 gennaio e non ho accesso alla posta elettronica.',
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-pt-subject',
    'pt',
    'exchange',
    'Ana Costa <ana.costa@example.pt>',
    'Resposta automática: A sua pergunta',
    'Estou fora do escritório até 4 de janeiro, com acesso limitado ao e-mail.',
  ),
  ooo(
    'ooo-pt-body-only',
    'pt',
    'webmail',
    'Pedro Santos <pedro.santos@example.pt>',
    'Re: A sua pergunta',
    'Olá, estou de férias até dia 8 de janeiro. Responderei quando regressar.',
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-sv-subject',
    'sv',
    'exchange',
    'Anna Johansson <anna.johansson@example.se>',
    'Automatiskt svar: Din fråga',
    'Jag är inte på kontoret förrän den 7 januari och läser inte min e-post.',
  ),
  ooo(
    'ooo-sv-body-only',
    'sv',
    'webmail',
    'Lars Karlsson <lars.karlsson@example.se>',
    'Sv: Din fråga',
    'Hej! Jag är på semester till och med 6 januari. Vid brådskande ärenden, kontakta växeln.',
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-da-subject',
    'da',
    'exchange',
    'Søren Hansen <soren.hansen@example.dk>',
    'Automatisk svar: Dit spørgsmål',
    'Jeg er ikke på kontoret før den 4. januar og har ikke adgang til min mail.',
  ),
  ooo(
    'ooo-da-body-only',
    'da',
    'webmail',
    'Louise Pedersen <louise.pedersen@example.dk>',
    'SV: Dit spørgsmål',
    'Hej, jeg holder ferie og er tilbage den 5. januar. Din mail bliver ikke videresendt.',
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-no-subject',
    'no',
    'exchange',
    'Kari Olsen <kari.olsen@example.no>',
    'Fraværsmelding',
    'Jeg er på ferie og tilbake på kontoret 4. januar.',
    ['Auto-Submitted: auto-replied'],
  ),
  ooo(
    'ooo-no-body-only',
    'no',
    'webmail',
    'Per Hansen <per.hansen@example.no>',
    'SV: Spørsmålet ditt',
    'Hei, jeg er ikke på kontoret før 6. januar og leser ikke e-post.',
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-pl-subject',
    'pl',
    'exchange',
    'Piotr Wiśniewski <piotr.w@example.pl>',
    'Automatyczna odpowiedź: Twoje pytanie',
    'Jestem poza biurem do 7 stycznia. W pilnych sprawach proszę dzwonić do sekretariatu.',
  ),
  ooo(
    'ooo-pl-body-only',
    'pl',
    'webmail',
    'Agnieszka Kowalska <a.kowalska@example.pl>',
    'Re: Twoje pytanie',
    'Dzień dobry, jestem na urlopie do 10 stycznia. Odpowiem po powrocie.',
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-lv-subject',
    'lv',
    'exchange',
    'Jānis Bērziņš <janis.berzins@example.lv>',
    'Automātiskā atbilde: Jūsu jautājums',
    'Esmu atvaļinājumā līdz 5. janvārim. Atbildēšu pēc atgriešanās.',
  ),
  ooo(
    'ooo-lv-body-only',
    'lv',
    'webmail',
    'Līga Ozola <liga.ozola@example.lv>',
    'Re: Jūsu jautājums',
    'Labdien! Esmu prombūtnē līdz 8. janvārim un e-pastus nelasu.',
    [],
    { toCase: true },
  ),
  ooo(
    'ooo-fi-subject',
    'fi',
    'exchange',
    'Mikko Korhonen <mikko.korhonen@example.fi>',
    'Automaattinen vastaus: Kysymyksesi',
    'Olen poissa toimistolta 7.1. asti.',
  ),
  ooo(
    'ooo-nl-null-sender-rfc3834',
    'nl',
    'sieve-vacation',
    'Joke Willems <joke.willems@example.nl>',
    'Vakantie',
    'Ik ben op vakantie tot 2 januari. Je mail wordt na terugkomst gelezen.',
    ['Auto-Submitted: auto-replied (vacation)'],
    { mailFrom: '' },
  ),
  // People who write about being away: these are questions, not auto-replies.
  person(
    'nl-not-ooo-afwezig-school',
    'nl',
    'gmail-app',
    plain(
      { from: 'Jesse <jesse2009@example.com>', subject: 'School' },
      `Ik ben afwezig geweest op school omdat ik me niet goed voelde en nu zegt de leerplichtambtenaar dat mijn ouders een boete krijgen. Klopt dat?`,
    ),
    'Ik ben afwezig geweest op school omdat ik me niet goed voelde en nu zegt de leerplichtambtenaar dat mijn ouders een boete krijgen. Klopt dat?',
  ),
  person(
    'en-not-ooo-out-of-office-hours',
    'en',
    'gmail-web',
    plain(
      { from: 'Alex <alex.turner@example.com>', subject: 'Out of office hours' },
      `Hi,

Out of office hours there is nobody I can talk to and the nights are the worst. Is there a chat in the evening?

Alex`,
    ),
    `Hi,

Out of office hours there is nobody I can talk to and the nights are the worst. Is there a chat in the evening?

Alex`,
  ),
  person(
    'nl-not-ooo-vakantie-vraag',
    'nl',
    'iphone',
    plain(
      { from: 'Marieke V <mariekev@example.nl>', subject: 'Vakantie' },
      `Ik ben met vakantie geweest en toen ik terugkwam was mijn huis leeggehaald door mijn ex. Wat kan ik doen?

Verstuurd vanaf mijn iPhone`,
    ),
    'Ik ben met vakantie geweest en toen ik terugkwam was mijn huis leeggehaald door mijn ex. Wat kan ik doen?',
  ),
];

// ---- Newsletters and notifications ----

function bulk(
  name: string,
  lang: string,
  client: string,
  from: string,
  subject: string,
  extra: string[],
  body: string,
  o: { mailFrom?: string; html?: boolean } = {},
) {
  return robot(
    name,
    lang,
    client,
    'auto-reply',
    'bulk',
    plain({ from, subject, extra, contentType: o.html ? 'text/html; charset=utf-8' : undefined }, body),
    { mailFrom: o.mailFrom },
  );
}

export const BULK: CorpusMail[] = [
  bulk(
    'bulk-ses-feedback-id-only',
    'nl',
    'amazon-ses',
    'Webwinkel Voorbeeld <bestellingen@webwinkel.example.nl>',
    'Je bestelling is verzonden',
    ['Feedback-ID: 1.eu-west-1.abcdefghijklmno=:AmazonSES', 'X-SES-Outgoing: 2026.11.24-54.240.4.1'],
    `Hallo,

Goed nieuws: je bestelling 100234 is onderweg. Je kunt je pakket volgen via de link in je account.

Team Webwinkel Voorbeeld`,
    { mailFrom: '0102018f-abcd-1234-5678-9abcdef01234-000000@eu-west-1.amazonses.com' },
  ),
  bulk(
    'bulk-x-ses-outgoing-only',
    'en',
    'amazon-ses',
    'Booking Example <info@booking.example.com>',
    'Your stay is coming up',
    ['X-SES-Outgoing: 2026.11.24-54.240.4.2'],
    'Your stay at Hotel Example starts in 3 days. Check in from 15:00.',
    { mailFrom: 'info@booking.example.com' },
  ),
  bulk(
    'bulk-jira-fingerprint',
    'en',
    'jira',
    'Jira <jira@company.atlassian.example>',
    '[JIRA] (HELP-123) Printer on 3rd floor broken',
    ['X-JIRA-FingerPrint: 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d'],
    `Jan de Vries created HELP-123: Printer on 3rd floor broken

Issue Type: Bug
Assignee: Unassigned`,
  ),
  bulk(
    'bulk-noreply-bank',
    'nl',
    'transactional',
    'Bank Voorbeeld <noreply@bank.example.nl>',
    'Je nieuwe afschrift staat klaar',
    [],
    'Beste klant, je nieuwe rekeningafschrift staat klaar in de app. Dit bericht kun je niet beantwoorden.',
  ),
  bulk(
    'bulk-no-reply-gemeente',
    'nl',
    'transactional',
    'Gemeente Voorbeeld <no-reply@gemeente.example.nl>',
    'Bevestiging van uw aanvraag',
    [],
    'Wij hebben uw aanvraag voor een parkeervergunning ontvangen. U ontvangt binnen 8 weken een besluit.',
  ),
  bulk(
    'bulk-donotreply',
    'en',
    'transactional',
    'Parcel Service <donotreply@parcels.example.com>',
    'Your parcel is on its way',
    [],
    'Your parcel 3SABC123 will be delivered tomorrow between 10:00 and 14:00.',
  ),
  bulk(
    'bulk-verp-return-path',
    'nl',
    'newsletter',
    'Buurthuis De Linde <info@buurthuis.example.nl>',
    'Activiteiten in december',
    [],
    `Beste buurtbewoner,

In december organiseren we elke woensdag een kerstmarkt en een koffieochtend.

Tot ziens in het buurthuis!`,
    { mailFrom: 'bounce-4711-hulp=luister.example@mail.buurthuis.example.nl' },
  ),
  bulk(
    'bulk-sendgrid-bounce-handler',
    'en',
    'sendgrid',
    'Fitness Club <hello@fitness.example.com>',
    'Your December class schedule',
    ['X-SG-EID: u001.abcdefghijklmnopqrstuvwxyz'],
    'Here is your class schedule for December. See you at the gym!',
    { mailFrom: 'bounces+1234567-abcd-hulp=luister.example@em123.fitness.example.com' },
  ),
  bulk(
    'bulk-errors-to-nieuwsbrief',
    'nl',
    'newsletter',
    'Nieuwsbrief Wijkteam <wijkteam@gemeente.example.nl>',
    'Nieuwsbrief november',
    ['Errors-To: bounces@gemeente.example.nl'],
    `In deze nieuwsbrief: de nieuwe openingstijden van het wijkteam en de energietoeslag.

Wilt u deze nieuwsbrief niet meer ontvangen? Klik hier om u af te melden.`,
  ),
  bulk(
    'bulk-list-unsubscribe',
    'nl',
    'newsletter',
    'Stichting Voorbeeld <nieuws@stichting.example.nl>',
    'Word donateur!',
    [
      'List-Unsubscribe: <mailto:unsubscribe@stichting.example.nl>, <https://stichting.example.nl/afmelden>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ],
    'Met uw steun helpen wij mensen in nood. Word vandaag nog donateur.',
  ),
  bulk(
    'bulk-mailchimp',
    'nl',
    'mailchimp',
    'Theater Voorbeeld <info@theater.example.nl>',
    'Nieuwe voorstellingen in januari',
    [
      'X-Mailer: MailChimp Mailer - **CIDabc123**',
      'X-MC-User: 0123456789abcdef0123456',
      'X-Campaign: mailchimp0123456789.abcdef1234',
    ],
    '<html><body><h1>Nieuw in januari</h1><p>Bekijk ons programma.</p><p><a href="https://theater.example.nl/unsubscribe">Uitschrijven</a></p></body></html>',
    { html: true },
  ),
  bulk(
    'bulk-github-notification',
    'en',
    'github',
    'Someone <notifications@github.example.com>',
    'Re: [org/repo] Fix crash on start (#42)',
    ['X-GitHub-Reason: mention', 'X-GitHub-Sender: someone', 'List-ID: org/repo <repo.org.github.example.com>'],
    `@luister can you have a look?

—
Reply to this email directly or view it on GitHub.`,
  ),
  bulk(
    'bulk-linkedin-style-noreply',
    'en',
    'notification',
    'LinkedIn Example <messages-noreply@linkedin.example.com>',
    'You appeared in 9 searches this week',
    [],
    'You appeared in 9 searches this week. See who is looking at your profile.',
  ),
  bulk(
    'bulk-laposta',
    'nl',
    'laposta',
    'Voedselbank Voorbeeld <info@voedselbank.example.nl>',
    'Inzamelactie zaterdag',
    ['X-Mailer: Laposta', 'X-Laposta-Campaign: 7fjs8dk2'],
    'Zaterdag houden we een inzamelactie bij de supermarkten in de stad. Helpt u mee?',
  ),
  bulk(
    'bulk-flexmail-be',
    'nl-BE',
    'flexmail',
    'Gemeente Voorbeeld <nieuwsbrief@gemeente.example.be>',
    'Nieuws uit uw gemeente',
    ['X-Mailer: Flexmail', 'X-Flexmail-Campaign: 123456'],
    'Het containerpark is gesloten op 25 en 26 december.',
  ),
  bulk(
    'bulk-precedence-bulk',
    'nl',
    'mailing',
    'Vereniging Voorbeeld <secretariaat@vereniging.example.nl>',
    'Uitnodiging ledenvergadering',
    ['Precedence: bulk'],
    'Hierbij nodigen wij u uit voor de ledenvergadering op 10 december.',
  ),
  bulk(
    'bulk-auto-submitted-generated-notification',
    'nl',
    'notification',
    'Mijn Zorgverzekeraar <berichten@zorg.example.nl>',
    'Er staat een nieuw bericht voor u klaar',
    ['Auto-Submitted: auto-generated'],
    'Er staat een nieuw bericht voor u klaar in Mijn Zorgverzekeraar.',
  ),
  bulk(
    'bulk-zendesk-ticket-update',
    'nl',
    'zendesk',
    'Klantenservice Voorbeeld <support@klant.example.nl>',
    '[Voorbeeld] Update van verzoek #58214',
    ['X-Mailer: Zendesk Mailer', 'X-Zendesk-From-Account-Id: 1a2b3c'],
    `Uw verzoek (58214) is bijgewerkt.

##- Typ uw antwoord boven deze regel -##`,
  ),
  bulk(
    'bulk-display-name-newsletter-with-unsubscribe',
    'nl',
    'newsletter',
    'Newsletter Sportschool <sportschool@example.nl>',
    'December aanbiedingen',
    [],
    `Deze maand 20% korting op een jaarabonnement!

Afmelden voor deze nieuwsbrief? Klik hier.`,
  ),
  bulk(
    'bulk-list-id-mailman',
    'nl',
    'mailman',
    'Piet <piet@example.nl>',
    '[ouders-lijst] Oppas gezocht',
    [
      'List-Id: Ouders in de wijk <ouders-lijst.lists.example.nl>',
      'List-Post: <mailto:ouders-lijst@lists.example.nl>',
      'X-Mailman-Version: 2.1.39',
    ],
    'Wie kan er woensdagmiddag oppassen?',
    { mailFrom: 'ouders-lijst-bounces@lists.example.nl' },
  ),
  bulk(
    'bulk-campaign-monitor',
    'en',
    'campaign-monitor',
    'Charity Example <news@charity.example.org>',
    'Our winter appeal',
    ['X-CMail-Campaign: 1234', 'X-Complaints-To: abuse@cmail.example.com'],
    'This winter, help us keep people warm.',
    { mailFrom: 'bounce@cmail20.example.com' },
  ),
  bulk(
    'bulk-postmark-noreply',
    'en',
    'postmark',
    'App Example <no_reply@app.example.com>',
    'Reset your password',
    ['X-PM-Message-Id: 1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718'],
    'Someone asked to reset your password. If it was not you, ignore this mail.',
    { mailFrom: 'pm_bounces@pm-bounces.app.example.com' },
  ),
];

export const SUSPECTED_BULK: CorpusMail[] = [
  person(
    'suspected-webform-noreply-reply-to',
    'nl',
    'web-form',
    plain(
      {
        from: 'Website Buurthuis <noreply@buurthuis.example.nl>',
        subject: 'Contactformulier: hulpvraag',
        extra: ['Reply-To: Karin Smit <karin.smit@example.nl>'],
      },
      `Naam: Karin Smit
E-mail: karin.smit@example.nl

Bericht:
Ik heb hulp nodig bij het invullen van formulieren voor de gemeente. Kunnen jullie mij helpen?`,
    ),
    `Naam: Karin Smit
E-mail: karin.smit@example.nl

Bericht:
Ik heb hulp nodig bij het invullen van formulieren voor de gemeente. Kunnen jullie mij helpen?`,
    'suspected-bulk',
  ),
  person(
    'suspected-errors-to-person',
    'nl',
    'university-mail',
    plain(
      {
        from: 'Eva Mertens <e.mertens@student.example.nl>',
        subject: 'Vraag',
        extra: ['Errors-To: postmaster@student.example.nl'],
      },
      `Hallo,

Ik ben student en ik kan mijn huur niet meer betalen. Waar kan ik terecht?

Eva`,
    ),
    `Hallo,

Ik ben student en ik kan mijn huur niet meer betalen. Waar kan ik terecht?

Eva`,
    'suspected-bulk',
  ),
  person(
    'suspected-display-name-team',
    'nl',
    'outlook-web',
    plain(
      { from: 'Nieuwsbrief Redactie <redactie@wijkkrant.example.nl>', subject: 'Vraag van een lezer' },
      `Goedemiddag,

Een lezer van onze wijkkrant vraagt of zij anoniem bij jullie terecht kan met vragen over huiselijk geweld. Mag ik haar jullie adres geven?

Groet,
Mirjam`,
    ),
    `Goedemiddag,

Een lezer van onze wijkkrant vraagt of zij anoniem bij jullie terecht kan met vragen over huiselijk geweld. Mag ik haar jullie adres geven?

Groet,
Mirjam`,
    'suspected-bulk',
  ),
  person(
    'person-srs-forwarded',
    'nl',
    'forwarder',
    plain(
      { from: 'Piet Hein <piet@example.nl>', subject: 'Vraag' },
      'Mijn vrouw is overleden en ik weet niet hoe ik de administratie moet doen. Kan iemand helpen?',
    ),
    'Mijn vrouw is overleden en ik weet niet hoe ik de administratie moet doen. Kan iemand helpen?',
    'message',
    'SRS0=AbCd=Y7=example.nl=piet@forwarder.example.net',
  ),
  person(
    'person-subaddress',
    'nl',
    'gmail-web',
    plain(
      { from: 'Joris <joris.m+hulp@example.com>', subject: 'Vraag' },
      'Mijn broer is verslaafd en vraagt steeds geld. Hoe zeg ik nee?',
    ),
    'Mijn broer is verslaafd en vraagt steeds geld. Hoe zeg ik nee?',
  ),
];

// ---- Delivery reports, feedback reports, challenge/response, read receipts ----

const b = (
  name: string,
  client: string,
  kind: ExpectedKind,
  raw: string,
  o: { case?: CorpusMail['case']; mailFrom?: string; lang?: string } = {},
) => robot(name, o.lang ?? 'en', client, 'bounce', kind, raw, { case: o.case ?? 'thread', mailFrom: o.mailFrom ?? '' });

export const BOUNCES: CorpusMail[] = [
  b(
    'bounce-postfix-dsn',
    'postfix',
    'bounce',
    dsn({
      from: 'Mail Delivery System <MAILER-DAEMON@mx1.example.nl>',
      subject: 'Undelivered Mail Returned to Sender',
      human: `This is the mail system at host mx1.example.nl.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.`,
      reportingMta: 'mx1.example.nl',
      recipient: 'anna@example.nl',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <anna@example.nl>: Recipient address rejected: User unknown',
    }),
  ),
  b(
    'bounce-exim-plain',
    'exim',
    'bounce',
    plain(
      {
        from: 'Mail Delivery System <Mailer-Daemon@mail.example.org>',
        to: REPLY_TO,
        subject: 'Mail delivery failed: returning message to sender',
        extra: ['Auto-Submitted: auto-replied', 'X-Failed-Recipients: anna@example.org'],
      },
      `This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  anna@example.org
    host mx.example.org [192.0.2.10]
    SMTP error from remote mail server after RCPT TO:<anna@example.org>:
    550 5.1.1 No such user

------ This is a copy of the message, including all the headers. ------

From: Luister <hulp@luister.example>
To: anna@example.org
Subject: Je vraag bij Luister
Message-ID: {{MSGID}}

Hoi Anna,`,
    ),
  ),
  b(
    'bounce-qmail-failure-notice',
    'qmail',
    'bounce',
    plain(
      { from: 'MAILER-DAEMON@mail.example.com', to: REPLY_TO, subject: 'failure notice' },
      `Hi. This is the qmail-send program at mail.example.com.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<anna@example.com>:
192.0.2.20 does not like recipient.
Remote host said: 550 5.1.1 User unknown
Giving up on 192.0.2.20.

--- Below this line is a copy of the message.

From: Luister <hulp@luister.example>
Message-ID: {{MSGID}}
Subject: Je vraag bij Luister`,
    ),
  ),
  b(
    'bounce-exchange-ndr-nl',
    'exchange',
    'bounce',
    dsn({
      from: 'postmaster@example.nl',
      subject: 'Onbestelbaar: Je vraag bij Luister',
      human: `Uw bericht heeft de volgende geadresseerden niet bereikt:

anna@example.nl
Het e-mailadres dat u hebt ingevoerd, is niet gevonden.`,
      reportingMta: 'AM0PR01MB1234.eurprd01.prod.exchangelabs.example',
      recipient: 'anna@example.nl',
      status: '5.1.10',
      diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    }),
    { lang: 'nl' },
  ),
  b(
    'bounce-gmail-dsn',
    'gmail',
    'bounce',
    dsn({
      from: 'Mail Delivery Subsystem <mailer-daemon@googlemail.example>',
      subject: 'Delivery Status Notification (Failure)',
      human: `** Address not found **

Your message wasn't delivered to anna.nonexistent@gmail.example because the address couldn't be found, or is unable to receive mail.`,
      reportingMta: 'googlemail.example',
      recipient: 'anna.nonexistent@gmail.example',
      status: '5.1.1',
      diagnostic: '550-5.1.1 The email account that you tried to reach does not exist.',
    }),
  ),
  b(
    'bounce-mailer-daemon-empty-address',
    'legacy-mta',
    'bounce',
    plain(
      { from: 'MAILER-DAEMON <>', to: REPLY_TO, subject: 'Returned mail: User unknown' },
      `The original message was received at Tue, 24 Nov 2026 09:00:02 +0100
from luister.example [192.0.2.1]

   ----- The following addresses had permanent fatal errors -----
<anna@example.net>
    (reason: 550 User unknown)

   ----- Original message follows -----
Message-ID: {{MSGID}}`,
    ),
  ),
  b(
    'bounce-post-master',
    'isp',
    'bounce',
    plain(
      { from: 'post_master@provider.example.be', to: REPLY_TO, subject: 'Undeliverable message' },
      `Your message to anna@provider.example.be could not be delivered.
Reason: mailbox full (quota exceeded).

Original message:
Message-ID: {{MSGID}}
Subject: Je vraag bij Luister`,
    ),
    { lang: 'nl-BE' },
  ),
  b(
    'bounce-sendmail-returned-mail',
    'sendmail',
    'bounce',
    dsn({
      from: 'Mail Delivery Subsystem <MAILER-DAEMON@relay.example.com>',
      subject: 'Returned mail: see transcript for details',
      human: `The original message was received at Tue, 24 Nov 2026 09:00:01 +0100
from luister.example [192.0.2.1]

   ----- The following addresses had permanent fatal errors -----
<anna@example.com>`,
      reportingMta: 'relay.example.com',
      recipient: 'anna@example.com',
      status: '5.0.0',
      diagnostic: '550 Host unknown',
    }),
  ),
  b(
    'bounce-yahoo-failure-notice',
    'yahoo',
    'bounce',
    plain(
      { from: 'MAILER-DAEMON@yahoo.example.com', to: REPLY_TO, subject: 'Failure Notice' },
      `Sorry, we were unable to deliver your message to the following address.

<anna@yahoo.example.com>:
554: delivery error: dd This user doesn't have a yahoo.com account

--- Below this line is a copy of the message.

Message-ID: {{MSGID}}`,
    ),
  ),
  b(
    'bounce-delay-warning',
    'postfix',
    'delivery-delay',
    dsn({
      from: 'Mail Delivery System <MAILER-DAEMON@mx2.example.nl>',
      subject: 'Delayed Mail (still being retried)',
      human: `This is the mail system at host mx2.example.nl.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################`,
      reportingMta: 'mx2.example.nl',
      recipient: 'anna@example.nl',
      status: '4.4.1',
      action: 'delayed',
      diagnostic: '421 4.4.1 Connection timed out',
    }),
  ),
  b(
    'bounce-list-manager-rejection',
    'mailman',
    'list-rejection',
    plain(
      {
        from: 'ouders-lijst-owner@lists.example.nl',
        to: REPLY_TO,
        subject: 'Your message to Ouders-lijst awaits moderator approval',
        extra: ['X-Mailman-Version: 2.1.39', 'Precedence: bulk'],
      },
      `Your mail to 'Ouders-lijst' with the subject

    Je vraag bij Luister

Is being held until the list moderator can review it for approval.

The reason it is being held:

    Post by non-member to a members-only list`,
    ),
    { mailFrom: 'ouders-lijst-bounces@lists.example.nl', case: 'thread' },
  ),
  b(
    'bounce-list-rejection-sympa',
    'sympa',
    'list-rejection',
    plain(
      { from: 'sympa-request@lists.example.fr', to: REPLY_TO, subject: 'Message distribution: Authorization denied' },
      `Your message for list "parents" has been rejected.
You are not allowed to send messages to this list.`,
    ),
    { lang: 'en', case: 'thread' },
  ),
  b(
    'bounce-arf-feedback-report',
    'hotmail-fbl',
    'feedback-report',
    `${headers({
      from: 'staff@hotmail.example.com',
      to: 'hulp@luister.example',
      subject: 'complaint about message from 192.0.2.1',
      contentType: 'multipart/report; report-type=feedback-report; boundary="arf1"',
      cte: '',
    })}

--arf1
Content-Type: text/plain; charset=us-ascii

This is an email abuse report for an email message received from IP 192.0.2.1 on Tue, 24 Nov 2026 09:00:00 +0100.

--arf1
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: Hotmail FBL
Version: 1
Original-Mail-From: <hulp@luister.example>
Source-IP: 192.0.2.1

--arf1
Content-Type: message/rfc822
Content-Disposition: inline

From: Luister <hulp@luister.example>
To: anna@hotmail.example.com
Subject: Je vraag bij Luister
Message-ID: {{MSGID}}

Hoi Anna,
--arf1--
`,
    { mailFrom: 'staff@hotmail.example.com' },
  ),
  b(
    'bounce-onbestelbaar-dutch-plain',
    'isp',
    'bounce',
    plain(
      { from: 'Postmaster <postmaster@isp.example.nl>', to: REPLY_TO, subject: 'Onbestelbaar bericht' },
      `Uw bericht kon niet worden afgeleverd bij de volgende ontvanger:

    anna@isp.example.nl: mailbox bestaat niet

Kopie van de kopregels:
Message-ID: {{MSGID}}`,
    ),
    { lang: 'nl' },
  ),
  b(
    'bounce-german-unzustellbar',
    'exchange',
    'bounce',
    plain(
      { from: 'Postmaster <postmaster@example.de>', to: REPLY_TO, subject: 'Unzustellbar: Je vraag bij Luister' },
      `Ihre Nachricht konnte nicht zugestellt werden an:

anna@example.de
Die E-Mail-Adresse wurde nicht gefunden.`,
    ),
    { lang: 'de', case: 'thread' },
  ),
  b(
    'bounce-null-sender-plain-unknown-case',
    'legacy-mta',
    'bounce',
    plain(
      { from: 'Mail System <mailsystem@mx.example.org>', subject: 'Undelivered Mail Returned to Sender' },
      `Delivery to the following recipient failed permanently:

    someone@example.org

Technical details of permanent failure:
550 5.1.1 user unknown`,
    ),
    { case: 'none' },
  ),
  b(
    'bounce-outlook-com-ndr-html',
    'outlook.com',
    'bounce',
    plain(
      {
        from: 'Microsoft Outlook <postmaster@outlook.example.com>',
        to: REPLY_TO,
        subject: 'Undeliverable: Je vraag bij Luister',
        contentType: 'text/html; charset=utf-8',
      },
      `<html><body><p><b>Your message to anna@outlook.example.com couldn't be delivered.</b></p><p>anna wasn't found at outlook.example.com.</p><p>Original Message-ID: {{MSGID}}</p></body></html>`,
    ),
  ),
];

export const OTHER_ROBOTS: CorpusMail[] = [
  robot(
    'challenge-tmda-null-sender',
    'en',
    'tmda',
    'auto-reply',
    'challenge',
    plain(
      {
        from: 'anna-confirm+1764000000.12345.abcdef@example.com',
        to: REPLY_TO,
        subject: 'Please confirm your message',
        extra: ['X-Delivery-Agent: TMDA/1.1.12'],
      },
      `This message was created automatically by mail delivery software.

Your message has been held because your address is not yet on my list of approved senders.
To confirm that you are a person and release your message, reply to this mail or visit the link below.`,
    ),
    { case: 'thread', mailFrom: '' },
  ),
  robot(
    'challenge-boxbe',
    'en',
    'boxbe',
    'auto-reply',
    'challenge',
    plain(
      {
        from: 'Anna via Boxbe <notifications@boxbe.example.com>',
        to: REPLY_TO,
        subject: 'Request to be added to my Guest List',
        extra: ['X-Boxbe-Type: challenge'],
      },
      `Hi, I use a service to keep my inbox free of spam. Your message is waiting on my Waiting List.
Please click the link below to verify your email address, and you will not need to do this again.`,
    ),
    { case: 'thread' },
  ),
  robot(
    'challenge-dutch-verificatie',
    'nl',
    'spamarrest',
    'auto-reply',
    'challenge',
    plain(
      {
        from: 'Anna <anna.spamfilter@example.nl>',
        to: REPLY_TO,
        subject: '[SpamArrest] Verificatie vereist: Je vraag bij Luister',
      },
      `Uw bericht is tegengehouden door mijn spamfilter. Bevestig dat u een mens bent door op onderstaande link te klikken, dan wordt uw bericht afgeleverd.`,
    ),
    { case: 'thread', mailFrom: '' },
  ),
  robot(
    'null-sender-ticket-x-loop',
    'nl',
    'request-tracker',
    'auto-reply',
    'auto-reply',
    plain(
      {
        from: 'Helpdesk Gemeente <helpdesk@gemeente.example.nl>',
        to: REPLY_TO,
        subject: '[gemeente #4521] AutoReply: Je vraag bij Luister',
        extra: [
          'X-Loop: helpdesk@gemeente.example.nl',
          'X-RT-Loop-Prevention: Gemeente',
          'RT-Ticket: gemeente #4521',
          'Precedence: bulk',
        ],
      },
      `Dit is een automatisch bericht. Wij hebben uw melding ontvangen onder nummer 4521.
Antwoord op deze mail met het nummer in het onderwerp om informatie toe te voegen.`,
    ),
    { case: 'thread', mailFrom: '' },
  ),
  robot(
    'null-sender-tnef-read-receipt',
    'nl',
    'outlook-desktop',
    'auto-reply',
    'read-receipt',
    `${headers({
      from: 'Anna de Vries <anna@example.nl>',
      to: REPLY_TO,
      subject: 'Gelezen: Je vraag bij Luister',
      contentType: 'application/ms-tnef; name="winmail.dat"',
      cte: 'base64',
      extra: [
        'X-MS-TNEF-Correlator: <AM0PR01MB123456@example.nl>',
        'Content-Disposition: attachment; filename="winmail.dat"',
      ],
    })}

eJ8+IhAAAQaQCAAEAAAAAAABAAEAAQeQBgAIAAAA5AQAAAAAAADoAAEIgAcAGAAAAFJFUE9SVC5J
UE0uTm90ZS5JUE5STgBCAQ==
`,
    { case: 'thread', mailFrom: '' },
  ),
  robot(
    'null-sender-mdn-read-receipt',
    'en',
    'thunderbird',
    'auto-reply',
    'read-receipt',
    `${headers({
      from: 'Sam Carter <sam.carter@example.com>',
      to: REPLY_TO,
      subject: 'Return Receipt (displayed) - Your question',
      contentType: 'multipart/report; report-type=disposition-notification; boundary="mdn1"',
      cte: '',
    })}

--mdn1
Content-Type: text/plain; charset=UTF-8

This is a Return Receipt for the mail that you sent to sam.carter@example.com.

--mdn1
Content-Type: message/disposition-notification

Reporting-UA: example.com; Thunderbird
Final-Recipient: rfc822;sam.carter@example.com
Original-Message-ID: {{MSGID}}
Disposition: manual-action/MDN-sent-manually; displayed

--mdn1--
`,
    { case: 'thread', mailFrom: '' },
  ),
  robot(
    'auto-reply-ticket-freshdesk',
    'nl',
    'freshdesk',
    'auto-reply',
    'auto-reply',
    plain(
      {
        from: 'Klantenservice Energie <service@energie.example.nl>',
        subject: 'Wij hebben uw vraag ontvangen [#812345]',
        extra: ['Auto-Submitted: auto-replied', 'X-Freshdesk-Ticket: 812345'],
      },
      'Bedankt voor uw bericht. Wij reageren binnen 5 werkdagen op uw vraag met ticketnummer 812345.',
    ),
  ),
];
