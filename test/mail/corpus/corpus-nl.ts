/** Dutch and Flemish help-seekers' mails as their mail programs format them: new questions and replies. */
import {
  alternative,
  appleMailNl,
  CorpusMail,
  gmailAppNl,
  gmailWebNl,
  iphoneNl,
  OURS_NL,
  OURS_NL2,
  outlookDesktopNl,
  outlookMobileNl,
  outlookWebNl,
  plain,
  replyHead,
  samsungNl,
  thunderbirdNl,
} from './corpus-kit';

type Opts = Partial<Pick<CorpusMail, 'case' | 'kind' | 'mailFrom'>>;

function msg(name: string, lang: string, client: string, raw: string, text: string, o: Opts = {}): CorpusMail {
  return {
    name,
    lang,
    client,
    class: 'message',
    kind: o.kind ?? 'message',
    case: o.case ?? 'new',
    text,
    robot: false,
    mailFrom: o.mailFrom,
    raw,
  };
}

const reply = (
  name: string,
  lang: string,
  client: string,
  from: string,
  body: string,
  text: string,
  subject?: string,
): CorpusMail => msg(name, lang, client, plain(replyHead(from, subject), body), text, { case: 'thread' });

export const DUTCH: CorpusMail[] = [
  // ---- New questions ----
  msg(
    'nl-new-outlook-desktop-signature',
    'nl',
    'outlook-desktop',
    plain(
      { from: 'Jan Peeters <jan.peeters@example.nl>', subject: 'Hulp nodig met schulden' },
      `Goedemiddag,

Ik heb sinds een half jaar schulden bij de energieleverancier en mijn zorgverzekering. Nu dreigt er beslag op mijn loon. Kan iemand met mij meedenken?

Met vriendelijke groet,
Jan Peeters
Mobiel: 06 12 34 56 78`,
    ),
    `Goedemiddag,

Ik heb sinds een half jaar schulden bij de energieleverancier en mijn zorgverzekering. Nu dreigt er beslag op mijn loon. Kan iemand met mij meedenken?

Met vriendelijke groet,
Jan Peeters`,
  ),
  msg(
    'nl-new-gmail-web-plain',
    'nl',
    'gmail-web',
    plain(
      { from: 'Fatima B <fatima.b1990@example.com>', subject: 'vraag over huur' },
      `Hallo,

Mijn huisbaas wil dat ik binnen een maand vertrek maar ik heb een vast contract. Mag dat zomaar?
Ik heb twee kinderen en weet niet waar ik heen moet.

Groetjes Fatima`,
    ),
    `Hallo,

Mijn huisbaas wil dat ik binnen een maand vertrek maar ik heb een vast contract. Mag dat zomaar?
Ik heb twee kinderen en weet niet waar ik heen moet.

Groetjes Fatima`,
  ),
  msg(
    'nl-new-iphone-device-line',
    'nl',
    'iphone',
    plain(
      { from: 'Lotte <lotte.k@example.nl>', subject: 'Eenzaam' },
      `Ik woon sinds kort alleen en ik voel me echt heel eenzaam. Ik durf niemand te bellen.

Verstuurd vanaf mijn iPhone`,
    ),
    'Ik woon sinds kort alleen en ik voel me echt heel eenzaam. Ik durf niemand te bellen.',
  ),
  msg(
    'nl-new-samsung-device-line',
    'nl',
    'samsung',
    plain(
      { from: 'Kevin <kevin.dijk@example.nl>', subject: 'Schulden' },
      `Hoi, ik heb een betalingsregeling gemist en nu komt er een incassobureau. Wat moet ik doen



Verzonden vanaf mijn Samsung Galaxy-smartphone.`,
    ),
    'Hoi, ik heb een betalingsregeling gemist en nu komt er een incassobureau. Wat moet ik doen',
  ),
  msg(
    'nl-new-outlook-mobile-android',
    'nl',
    'outlook-mobile',
    plain(
      { from: 'Sanne Vermeulen <sanne.vermeulen@example.nl>', subject: 'Ruzie thuis' },
      `Mijn ouders hebben elke avond ruzie en ik kan niet slapen. Ik ben 16. Kan ik met iemand praten?

Outlook voor Android downloaden<https://aka.ms/AAb9ysg>`,
    ),
    'Mijn ouders hebben elke avond ruzie en ik kan niet slapen. Ik ben 16. Kan ik met iemand praten?',
  ),
  msg(
    'nl-new-apple-mail-company-signature',
    'nl',
    'apple-mail',
    plain(
      { from: 'Pieter de Graaf <pieter@degraaf-bouw.example.nl>', subject: 'Vraag voor mijn medewerker' },
      `Beste mensen,

Een van mijn medewerkers heeft grote geldzorgen en durft zelf niet te bellen. Kan hij anoniem bij jullie terecht?

Met vriendelijke groet,

Pieter de Graaf
Directeur
De Graaf Bouw B.V.
Industrieweg 12, 3542 AD Utrecht
T 030 123 45 67 | M 06 98 76 54 32
www.degraaf-bouw.example.nl`,
    ),
    `Beste mensen,

Een van mijn medewerkers heeft grote geldzorgen en durft zelf niet te bellen. Kan hij anoniem bij jullie terecht?

Met vriendelijke groet,

Pieter de Graaf`,
  ),
  msg(
    'nl-new-thunderbird-dashes',
    'nl',
    'thunderbird',
    plain(
      {
        from: 'Henk Bos <henk.bos@example.nl>',
        subject: 'Uitkering stopgezet',
        extra: ['User-Agent: Mozilla Thunderbird'],
      },
      `Goedendag,

Mijn uitkering is stopgezet omdat ik een formulier te laat had ingeleverd. Ik heb nu geen inkomen deze maand.
Waar kan ik terecht voor voedselhulp?

-- 
Henk Bos
Lindelaan 4
Zwolle`,
    ),
    `Goedendag,

Mijn uitkering is stopgezet omdat ik een formulier te laat had ingeleverd. Ik heb nu geen inkomen deze maand.
Waar kan ik terecht voor voedselhulp?`,
  ),
  msg(
    'nl-new-own-sentence-like-attribution',
    'nl',
    'gmail-web',
    plain(
      { from: 'Mirjam <mirjam.s@example.nl>', subject: 'Brief van de deurwaarder' },
      `Hallo,

Op 3 maart schreef de deurwaarder mij het volgende:
dat ik binnen twee weken 1.200 euro moet betalen, anders komen ze beslag leggen.
Ik heb dat geld niet. Wat kan ik doen?

Mirjam`,
    ),
    `Hallo,

Op 3 maart schreef de deurwaarder mij het volgende:
dat ik binnen twee weken 1.200 euro moet betalen, anders komen ze beslag leggen.
Ik heb dat geld niet. Wat kan ik doen?

Mirjam`,
  ),
  msg(
    'nl-new-sent-from-sentence',
    'nl',
    'gmail-app',
    plain(
      { from: 'Youssef <youssef.a@example.com>', subject: 'vraag' },
      `Sent from my phone is wat mijn baas altijd onder zijn mails zet, maar daar gaat het niet om.
Verzonden vanaf mijn werk kan ik niet, dus ik schrijf nu thuis. Mijn baas betaalt mijn loon al twee maanden te laat. Mag dat?`,
    ),
    `Sent from my phone is wat mijn baas altijd onder zijn mails zet, maar daar gaat het niet om.
Verzonden vanaf mijn werk kan ik niet, dus ik schrijf nu thuis. Mijn baas betaalt mijn loon al twee maanden te laat. Mag dat?`,
  ),
  msg(
    'nl-new-closing-mobile-number',
    'nl',
    'gmail-web',
    plain(
      { from: 'Esther Jansen <esther.jansen@example.nl>', subject: 'Hulp gezocht' },
      `Beste,

Mijn dochter van 14 eet bijna niet meer en is erg afgevallen. De huisarts zegt dat we moeten afwachten. Ik maak me grote zorgen.

Groet,
Esther
06-41234567`,
    ),
    `Beste,

Mijn dochter van 14 eet bijna niet meer en is erg afgevallen. De huisarts zegt dat we moeten afwachten. Ik maak me grote zorgen.

Groet,
Esther`,
  ),
  msg(
    'nl-new-html-only-outlook-web',
    'nl',
    'outlook-web',
    plain(
      {
        from: 'Ilse Smit <ilse.smit@example.nl>',
        subject: 'Vraag over toeslagen',
        contentType: 'text/html; charset=utf-8',
      },
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body dir="ltr"><div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">Goedemorgen,</div><div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);"><br></div><div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">Ik moet 3.000 euro huurtoeslag terugbetalen. Kan ik een regeling treffen?</div><div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);"><br></div><div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">Ilse</div></body></html>`,
    ),
    `Goedemorgen,

Ik moet 3.000 euro huurtoeslag terugbetalen. Kan ik een regeling treffen?

Ilse`,
  ),
  msg(
    'nl-new-alternative-gmail',
    'nl',
    'gmail-web',
    alternative(
      { from: 'Bram Visser <bram.visser@example.com>', subject: 'Verslaving' },
      `Hallo,

Ik gok te veel en heb al mijn spaargeld verloren. Mijn vriendin weet het niet.

Bram`,
      `<div dir="ltr">Hallo,<div><br></div><div>Ik gok te veel en heb al mijn spaargeld verloren. Mijn vriendin weet het niet.</div><div><br></div><div>Bram</div></div>`,
    ),
    `Hallo,

Ik gok te veel en heb al mijn spaargeld verloren. Mijn vriendin weet het niet.

Bram`,
  ),
  msg(
    'nl-new-latin1-qp-outlook',
    'nl',
    'outlook-desktop',
    plain(
      {
        from: 'Gerda Mulder <gerda.mulder@example.nl>',
        subject: 'Mantelzorg',
        contentType: 'text/plain; charset="iso-8859-1"',
        cte: 'quoted-printable',
      },
      `Ik zorg al drie jaar voor mijn man met dementie en ik kan het niet meer aa=
n. Ik voel me schuldig als ik hulp vraag. Is er ondersteuning voor mantelzorg=
ers in Utrecht?

Groeten,
Gerda`,
    ),
    `Ik zorg al drie jaar voor mijn man met dementie en ik kan het niet meer aan. Ik voel me schuldig als ik hulp vraag. Is er ondersteuning voor mantelzorgers in Utrecht?

Groeten,
Gerda`,
  ),
  msg(
    'nl-new-no-greeting-short',
    'nl',
    'iphone',
    plain(
      { from: 'm.ozturk@example.nl', subject: null },
      `Kan ik hier ook terecht als ik geen verblijfsvergunning heb?

Verstuurd vanaf mijn iPhone`,
    ),
    'Kan ik hier ook terecht als ik geen verblijfsvergunning heb?',
  ),
  msg(
    'nl-new-liefs-name',
    'nl',
    'samsung',
    plain(
      { from: 'Demi <demi2008@example.com>', subject: 'pesten' },
      `hoi ik word op school gepest en ik durf het niet aan mijn ouders te vertellen. ik wil niet meer naar school

liefs demi

Verzonden vanaf mijn Galaxy`,
    ),
    `hoi ik word op school gepest en ik durf het niet aan mijn ouders te vertellen. ik wil niet meer naar school

liefs demi`,
  ),
  msg(
    'nl-new-mvg-company-block',
    'nl',
    'outlook-desktop',
    plain(
      { from: 'R. Hendriks <r.hendriks@example.nl>', subject: 'Vraag' },
      `Geachte heer/mevrouw,

Ik ben onlangs gescheiden en de alimentatie wordt niet betaald. Ik kan de vaste lasten niet meer opbrengen. Wie kan mij helpen een overzicht te maken?

Mvg,
Ria Hendriks
Administratief medewerker
Gemeente Voorbeeld | Afdeling Financiën
Tel: 0570-123456
E-mail: r.hendriks@example.nl`,
    ),
    `Geachte heer/mevrouw,

Ik ben onlangs gescheiden en de alimentatie wordt niet betaald. Ik kan de vaste lasten niet meer opbrengen. Wie kan mij helpen een overzicht te maken?

Mvg,
Ria Hendriks`,
  ),
  msg(
    'nl-new-disclaimer-footer',
    'nl',
    'outlook-desktop',
    plain(
      { from: 'Tom de Wit <tom.dewit@example.nl>', subject: 'Burn-out' },
      `Hallo,

Ik zit al een maand thuis met een burn-out en mijn werkgever belt elke dag. Ik weet niet meer wat ik moet zeggen.

Groeten,
Tom de Wit
`,
    ),
    `Hallo,

Ik zit al een maand thuis met een burn-out en mijn werkgever belt elke dag. Ik weet niet meer wat ik moet zeggen.

Groeten,
Tom de Wit`,
  ),
  msg(
    'nl-new-long-multi-paragraph',
    'nl',
    'gmail-web',
    plain(
      { from: 'Naomi <naomi.verhoeven@example.com>', subject: 'Ik weet het niet meer' },
      `Hoi,

Ik ben 19 en woon sinds kort op kamers. Mijn studiefinanciering is niet genoeg en ik heb een schuld bij DUO.

Ik werk in een supermarkt maar krijg te weinig uren. Mijn ouders kunnen niet helpen.

Soms denk ik dat stoppen met studeren beter is. Wat zouden jullie doen?

Naomi`,
    ),
    `Hoi,

Ik ben 19 en woon sinds kort op kamers. Mijn studiefinanciering is niet genoeg en ik heb een schuld bij DUO.

Ik werk in een supermarkt maar krijg te weinig uren. Mijn ouders kunnen niet helpen.

Soms denk ik dat stoppen met studeren beter is. Wat zouden jullie doen?

Naomi`,
  ),
  msg(
    'nl-new-windows1252-8bit',
    'nl',
    'outlook-desktop',
    plain(
      {
        from: 'Marco Jansen <marco.jansen@example.nl>',
        subject: 'Vraag',
        contentType: 'text/plain; charset="windows-1252"',
      },
      `Mijn ex zegt: “je ziet de kinderen nooit meer” – ik ben bang dat ze het meent.`,
    ),
    'Mijn ex zegt: “je ziet de kinderen nooit meer” – ik ben bang dat ze het meent.',
  ),
  // (written in windows-1252 below)
  // ---- Flemish new questions ----
  msg(
    'be-new-outlook-desktop',
    'nl-BE',
    'outlook-desktop',
    plain(
      { from: 'Wim Claes <wim.claes@example.be>', to: 'gent@luister.example', subject: 'Vraag i.v.m. schulden' },
      `Goeiedag,

Ik heb een schuld bij de mutualiteit en het OCMW verwijst me door naar jullie. Kunnen jullie mij helpen met een afbetalingsplan?

Met vriendelijke groeten,
Wim Claes
GSM 0478 12 34 56`,
    ),
    `Goeiedag,

Ik heb een schuld bij de mutualiteit en het OCMW verwijst me door naar jullie. Kunnen jullie mij helpen met een afbetalingsplan?

Met vriendelijke groeten,
Wim Claes`,
  ),
  msg(
    'be-new-gmail-app',
    'nl-BE',
    'gmail-app',
    plain(
      { from: 'Lien Peeters <lien.peeters@example.be>', to: 'gent@luister.example', subject: 'thuis' },
      `Dag, mijn papa drinkt veel te veel en wordt dan kwaad. Ik ben 15 en woon in Gent. Wie kan ik daarover aanspreken?
Alvast bedankt
Lien`,
    ),
    `Dag, mijn papa drinkt veel te veel en wordt dan kwaad. Ik ben 15 en woon in Gent. Wie kan ik daarover aanspreken?
Alvast bedankt
Lien`,
  ),
  msg(
    'be-new-iphone-verstuurd',
    'nl-BE',
    'iphone',
    plain(
      { from: 'Jens <jens.vdb@example.be>', to: 'gent@luister.example', subject: 'Kot' },
      `Hallo, mijn kotbaas geeft mijn waarborg niet terug en zegt dat er schade is, maar dat is niet waar. Wat kan ik doen?

Mvg
Jens

Verzonden vanaf mijn iPhone`,
    ),
    `Hallo, mijn kotbaas geeft mijn waarborg niet terug en zegt dat er schade is, maar dat is niet waar. Wat kan ik doen?

Mvg
Jens`,
  ),
  msg(
    'be-new-outlook-web-html',
    'nl-BE',
    'outlook-web',
    alternative(
      { from: 'An Maes <an.maes@example.be>', to: 'gent@luister.example', subject: 'Hulp bij budget' },
      `Goeiemiddag,

Ik ben alleenstaande moeder met drie kinderen en ik kom elke maand tekort. Bestaat er budgetbegeleiding in Gent?

Vriendelijke groeten,
An`,
      `<div dir="ltr"><p>Goeiemiddag,</p><p>Ik ben alleenstaande moeder met drie kinderen en ik kom elke maand tekort. Bestaat er budgetbegeleiding in Gent?</p><p>Vriendelijke groeten,<br>An</p></div>`,
    ),
    `Goeiemiddag,

Ik ben alleenstaande moeder met drie kinderen en ik kom elke maand tekort. Bestaat er budgetbegeleiding in Gent?

Vriendelijke groeten,
An`,
  ),
  msg(
    'be-new-samsung-galaxy',
    'nl-BE',
    'samsung',
    plain(
      { from: 'Dries <dries.w@example.be>', to: 'gent@luister.example', subject: 'werk' },
      `Ik ben ontslagen en de RVA zegt dat ik geen recht heb op een uitkering. Klopt dat?



Verzonden vanaf mijn Samsung Galaxy-smartphone.`,
    ),
    'Ik ben ontslagen en de RVA zegt dat ik geen recht heb op een uitkering. Klopt dat?',
  ),
  // ---- Replies into the case: Outlook desktop, web, mobile ----
  reply(
    'nl-reply-outlook-desktop',
    'nl',
    'outlook-desktop',
    'Anna de Vries <anna@example.nl>',
    outlookDesktopNl(`Hoi Marieke,

Ja, dat klopt. In de brief staat dat ik voor 1 december moet betalen.

Groetjes,
Anna`),
    `Hoi Marieke,

Ja, dat klopt. In de brief staat dat ik voor 1 december moet betalen.

Groetjes,
Anna`,
  ),
  reply(
    'nl-reply-outlook-desktop-separator',
    'nl',
    'outlook-desktop',
    'Anna de Vries <anna@example.nl>',
    outlookDesktopNl('Dank je. Ik ga de brief morgen opzoeken en stuur hem dan door.', { separator: true }),
    'Dank je. Ik ga de brief morgen opzoeken en stuur hem dan door.',
    'RE: Je vraag bij Luister',
  ),
  reply(
    'nl-reply-outlook-desktop-signature-block',
    'nl',
    'outlook-desktop',
    'Anna de Vries <anna@example.nl>',
    outlookDesktopNl(`Beste Marieke,

De deurwaarder wil 850 euro. Ik kan maximaal 50 euro per maand betalen.

Met vriendelijke groet,
Anna de Vries
Tel. 020-1234567
www.annadevries.example.nl`),
    `Beste Marieke,

De deurwaarder wil 850 euro. Ik kan maximaal 50 euro per maand betalen.

Met vriendelijke groet,
Anna de Vries`,
    'RE: Je vraag bij Luister',
  ),
  reply(
    'nl-reply-outlook-web',
    'nl',
    'outlook-web',
    'Anna de Vries <anna@example.nl>',
    outlookWebNl('Ik heb de brief gevonden, er staat een bedrag van 850 euro in.'),
    'Ik heb de brief gevonden, er staat een bedrag van 850 euro in.',
  ),
  reply(
    'nl-reply-outlook-web-2',
    'nl',
    'outlook-web',
    'Anna de Vries <anna@example.nl>',
    outlookWebNl(
      `Hallo Joost,

Mijn tante wil misschien helpen. Ik durf het haar alleen niet te vragen.

Anna`,
      OURS_NL2,
    ),
    `Hallo Joost,

Mijn tante wil misschien helpen. Ik durf het haar alleen niet te vragen.

Anna`,
  ),
  reply(
    'nl-reply-outlook-ios',
    'nl',
    'outlook-mobile',
    'Anna de Vries <anna@example.nl>',
    outlookMobileNl('Oké, dat ga ik doen. Bedankt!', 'iOS'),
    'Oké, dat ga ik doen. Bedankt!',
  ),
  reply(
    'nl-reply-outlook-android',
    'nl',
    'outlook-mobile',
    'Anna de Vries <anna@example.nl>',
    outlookMobileNl('Nee, ik heb nog niemand gesproken.', 'Android'),
    'Nee, ik heb nog niemand gesproken.',
  ),
  // ---- Gmail web and app ----
  reply(
    'nl-reply-gmail-web',
    'nl',
    'gmail-web',
    'Anna de Vries <anna@example.nl>',
    gmailWebNl('Het staat in de brief van 12 november: 850 euro plus kosten.'),
    'Het staat in de brief van 12 november: 850 euro plus kosten.',
  ),
  reply(
    'nl-reply-gmail-web-wrapped',
    'nl',
    'gmail-web',
    'Anna de Vries <anna@example.nl>',
    gmailWebNl(
      `Hoi,

Ik heb vandaag gebeld met de deurwaarder. Ze willen een voorstel op papier.

Groetjes Anna`,
      { wrap: true },
    ),
    `Hoi,

Ik heb vandaag gebeld met de deurwaarder. Ze willen een voorstel op papier.

Groetjes Anna`,
  ),
  reply(
    'nl-reply-gmail-app',
    'nl',
    'gmail-app',
    'Anna de Vries <anna@example.nl>',
    gmailAppNl('Ja dat klopt'),
    'Ja dat klopt',
  ),
  reply(
    'nl-reply-gmail-app-2',
    'nl',
    'gmail-app',
    'Anna de Vries <anna@example.nl>',
    gmailAppNl(
      `Mijn moeder kan ik bellen denk ik. Of mijn buurvrouw.
Maar ik schaam me.`,
      OURS_NL2,
    ),
    `Mijn moeder kan ik bellen denk ik. Of mijn buurvrouw.
Maar ik schaam me.`,
  ),
  reply('nl-reply-gmail-html-alternative', 'nl', 'gmail-web', 'Anna de Vries <anna@example.nl>', '', ''),
  // ---- Apple Mail, iPhone, Samsung, Thunderbird ----
  reply(
    'nl-reply-apple-mail',
    'nl',
    'apple-mail',
    'Anna de Vries <anna@example.nl>',
    appleMailNl(`Hoi Marieke,

Het gaat al iets beter. Ik heb een afspraak bij de schuldhulp.

Anna`),
    `Hoi Marieke,

Het gaat al iets beter. Ik heb een afspraak bij de schuldhulp.

Anna`,
  ),
  reply(
    'nl-reply-iphone',
    'nl',
    'iphone',
    'Anna de Vries <anna@example.nl>',
    iphoneNl('Dankjewel! Ik laat het weten.'),
    'Dankjewel! Ik laat het weten.',
  ),
  reply(
    'nl-reply-iphone-2',
    'nl',
    'iphone',
    'Anna de Vries <anna@example.nl>',
    iphoneNl(
      `Ik heb niemand. Mijn familie woont in Marokko.
Misschien een vriendin van mijn werk`,
      OURS_NL2,
    ),
    `Ik heb niemand. Mijn familie woont in Marokko.
Misschien een vriendin van mijn werk`,
  ),
  reply(
    'nl-reply-samsung',
    'nl',
    'samsung',
    'Anna de Vries <anna@example.nl>',
    samsungNl('Ja, de brief komt van het incassobureau, niet van de deurwaarder.'),
    'Ja, de brief komt van het incassobureau, niet van de deurwaarder.',
  ),
  reply(
    'nl-reply-thunderbird',
    'nl',
    'thunderbird',
    'Anna de Vries <anna@example.nl>',
    thunderbirdNl('Ik stuur de brief als bijlage in een volgende mail.'),
    'Ik stuur de brief als bijlage in een volgende mail.',
  ),
  reply(
    'nl-reply-thunderbird-bottom',
    'nl',
    'thunderbird',
    'Anna de Vries <anna@example.nl>',
    thunderbirdNl(
      `Ja, dat klopt. Er staat 850 euro in de brief.

Groet, Anna`,
      { bottom: true },
    ),
    `Ja, dat klopt. Er staat 850 euro in de brief.

Groet, Anna`,
  ),
  // ---- Interleaved and bottom-posted ----
  reply(
    'nl-reply-interleaved-gmail',
    'nl',
    'gmail-web',
    'Anna de Vries <anna@example.nl>',
    `Op di 24 nov 2026 om 09:00 schreef Luister <hulp@luister.example>:

> Hoi,
>
> Uit je mail begrijp ik dat je je zorgen maakt over de brief van de deurwaarder. Klopt dat?

Ja, vooral omdat er een datum in staat.

> Wil je me vertellen wat er precies in de brief staat?

Dat ik 850 euro moet betalen voor 1 december.

> Groet,
> Marieke
> Luister
`,
    `Ja, vooral omdat er een datum in staat.

Dat ik 850 euro moet betalen voor 1 december.`,
  ),
  reply(
    'nl-reply-interleaved-thunderbird',
    'nl',
    'thunderbird',
    'Anna de Vries <anna@example.nl>',
    `Hoi Marieke,

Op 24-11-2026 om 09:00 schreef Luister:
> Uit je mail begrijp ik dat je je zorgen maakt over de brief van de deurwaarder. Klopt dat?
Ja.
> Wil je me vertellen wat er precies in de brief staat?
Een betalingsverzoek van 850 euro.

Groet,
Anna
`,
    `Hoi Marieke,

Ja.
Een betalingsverzoek van 850 euro.

Groet,
Anna`,
  ),
  reply(
    'nl-reply-greeting-above-attribution',
    'nl',
    'gmail-web',
    'Anna de Vries <anna@example.nl>',
    `Hoi,

Op di 24 nov 2026 om 09:00 schreef Luister <hulp@luister.example>:

${OURS_NL.split('\n')
  .map((l) => (l ? `> ${l}` : '>'))
  .join('\n')}

Sorry dat ik zo laat antwoord. Ik heb de brief nu: het gaat om 850 euro.

Anna
`,
    `Hoi,

Sorry dat ik zo laat antwoord. Ik heb de brief nu: het gaat om 850 euro.

Anna`,
  ),
  reply(
    'nl-reply-inline-answers-no-attribution',
    'nl',
    'apple-mail',
    'Anna de Vries <anna@example.nl>',
    `> Wie kun je op dit moment om hulp vragen?
Mijn zus, die woont in Almere.

> Hartelijke groet,
> Joost
`,
    'Mijn zus, die woont in Almere.',
  ),
  // ---- Flemish replies ----
  reply(
    'be-reply-outlook-desktop',
    'nl-BE',
    'outlook-desktop',
    'Anna de Vries <anna@example.nl>',
    outlookDesktopNl(`Dag Marieke,

Alleszins bedankt voor uw antwoord. Ik heb het OCMW al gebeld maar zij verwezen mij terug naar jullie.

Met vriendelijke groeten,
Anna`),
    `Dag Marieke,

Alleszins bedankt voor uw antwoord. Ik heb het OCMW al gebeld maar zij verwezen mij terug naar jullie.

Met vriendelijke groeten,
Anna`,
  ),
  reply(
    'be-reply-gmail-web',
    'nl-BE',
    'gmail-web',
    'Anna de Vries <anna@example.nl>',
    gmailWebNl(`Dag,

Ja da klopt. Ik moet tegen volgende week betalen of ze komen langs.

Groetjes
Anna`),
    `Dag,

Ja da klopt. Ik moet tegen volgende week betalen of ze komen langs.

Groetjes
Anna`,
  ),
  reply(
    'be-reply-iphone',
    'nl-BE',
    'iphone',
    'Anna de Vries <anna@example.nl>',
    iphoneNl('Merci, ik zal het eens proberen bij het CAW.'),
    'Merci, ik zal het eens proberen bij het CAW.',
  ),
  reply(
    'be-reply-samsung',
    'nl-BE',
    'samsung',
    'Anna de Vries <anna@example.nl>',
    samsungNl('Neen, ik heb nog geen afspraak. Morgen bel ik.'),
    'Neen, ik heb nog geen afspraak. Morgen bel ik.',
  ),
  reply(
    'be-reply-outlook-web-signature',
    'nl-BE',
    'outlook-web',
    'Anna de Vries <anna@example.nl>',
    outlookWebNl(`Goeiendag,

Ik heb het formulier ingevuld maar weet niet waar ik het moet afgeven.

Vriendelijke groeten
Anna De Vries
Kerkstraat 12
9000 Gent
0478/12.34.56`),
    `Goeiendag,

Ik heb het formulier ingevuld maar weet niet waar ik het moet afgeven.

Vriendelijke groeten
Anna De Vries`,
  ),
  reply(
    'be-reply-apple-mail',
    'nl-BE',
    'apple-mail',
    'Anna de Vries <anna@example.nl>',
    appleMailNl(`Hallo,

Het gaat beter sinds ik met de huisarts gesproken heb. Bedankt om te luisteren.

Anna`),
    `Hallo,

Het gaat beter sinds ik met de huisarts gesproken heb. Bedankt om te luisteren.

Anna`,
  ),
  reply(
    'be-reply-thunderbird',
    'nl-BE',
    'thunderbird',
    'Anna de Vries <anna@example.nl>',
    thunderbirdNl('Ik ga maandag langs bij het OCMW.'),
    'Ik ga maandag langs bij het OCMW.',
  ),
  reply(
    'nl-reply-outlook-desktop-html-text',
    'nl',
    'outlook-desktop',
    'Anna de Vries <anna@example.nl>',
    outlookDesktopNl('Kan ik ook langskomen op kantoor?', { quote: OURS_NL2 }),
    'Kan ik ook langskomen op kantoor?',
    'RE: Je vraag bij Luister',
  ),
  reply('nl-reply-iphone-only-device-line', 'nl', 'iphone', 'Anna de Vries <anna@example.nl>', iphoneNl('Ja'), 'Ja'),
  reply(
    'nl-reply-gmail-sig-dashes',
    'nl',
    'gmail-web',
    'Anna de Vries <anna@example.nl>',
    gmailWebNl(`Dank je wel voor je snelle antwoord.

-- 
Anna de Vries
06-12345678`),
    'Dank je wel voor je snelle antwoord.',
  ),
];

// The HTML-only Gmail reply (blockquote with the attribution in a gmail_quote div).
const gmailHtml = DUTCH.find((m) => m.name === 'nl-reply-gmail-html-alternative')!;
gmailHtml.raw = plain(
  { ...replyHead('Anna de Vries <anna@example.nl>'), contentType: 'text/html; charset=utf-8' },
  `<div dir="ltr">Ik heb de brief gevonden. Zal ik hem scannen?<br><br>Anna</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Op di 24 nov 2026 om 09:00 schreef Luister &lt;<a href="mailto:hulp@luister.example">hulp@luister.example</a>&gt;:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">Hoi,<br><br>Uit je mail begrijp ik dat je je zorgen maakt over de brief van de deurwaarder. Klopt dat?<br></blockquote></div>`,
);
gmailHtml.text = `Ik heb de brief gevonden. Zal ik hem scannen?

Anna`;

DUTCH.find((m) => m.name === 'nl-new-windows1252-8bit')!.encoding = 'windows-1252';
