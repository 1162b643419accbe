/**
 * Replies in other languages as Gmail, Outlook, Apple Mail, Thunderbird and others write their
 * quote headers, and forwards. The writer's text is ours; the quote headers are the programs'.
 */
import { CorpusMail, gt, OURS_DE, OURS_EN, OURS_FR, OURS_GENERIC, OURS_NL, plain, replyHead } from './corpus-kit';

function r(name: string, lang: string, client: string, from: string, body: string, text: string, subject?: string) {
  const m: CorpusMail = {
    name,
    lang,
    client,
    class: 'message',
    kind: 'message',
    case: 'thread',
    text,
    robot: false,
    raw: plain(replyHead(from, subject ?? 'Re: Your question'), body),
  };
  return m;
}

const top = (own: string, header: string, quote: string, quoted = true) =>
  `${own}\n\n${header}\n${quoted ? `\n${gt(quote)}` : `\n${quote}`}\n`;

export const LANGUAGES: CorpusMail[] = [
  // ---- English ----
  r(
    'en-reply-gmail',
    'en',
    'gmail-web',
    'Sam Carter <sam.carter@example.com>',
    top(
      `Hi Marieke,

Yes, that is right. The landlord wants me out by the end of the month.

Thanks,
Sam`,
      'On Tue, Nov 24, 2026 at 9:00 AM Luister <hulp@luister.example> wrote:',
      OURS_EN,
    ),
    `Hi Marieke,

Yes, that is right. The landlord wants me out by the end of the month.

Thanks,
Sam`,
  ),
  r(
    'en-reply-outlook',
    'en',
    'outlook-desktop',
    'Sam Carter <sam.carter@example.com>',
    top(
      `He wrote that the contract ends on 31 December.

Kind regards,
Sam Carter
Mobile: +44 7700 900123`,
      `From: Luister <hulp@luister.example>
Sent: Tuesday, November 24, 2026 9:00 AM
To: Sam Carter <sam.carter@example.com>
Subject: Your question`,
      OURS_EN,
      false,
    ),
    `He wrote that the contract ends on 31 December.

Kind regards,
Sam Carter`,
    'RE: Your question',
  ),
  r(
    'en-reply-apple-mail',
    'en',
    'apple-mail',
    'Sam Carter <sam.carter@example.com>',
    top(
      'I will call the housing office tomorrow.',
      '> On 24 Nov 2026, at 09:00, Luister <hulp@luister.example> wrote:\n>',
      OURS_EN,
    ),
    'I will call the housing office tomorrow.',
  ),
  r(
    'en-reply-iphone',
    'en',
    'iphone',
    'Sam Carter <sam.carter@example.com>',
    top(
      'Thank you so much.\n\nSent from my iPhone',
      '> On Nov 24, 2026, at 09:00, Luister <hulp@luister.example> wrote:\n>',
      OURS_EN,
    ),
    'Thank you so much.',
  ),
  r(
    'en-reply-thunderbird',
    'en',
    'thunderbird',
    'Sam Carter <sam.carter@example.com>',
    `On 24/11/2026 09:00, Luister wrote:\n${gt(OURS_EN)}\n\nThat is right, yes. He also kept my deposit.\n`,
    'That is right, yes. He also kept my deposit.',
  ),
  r(
    'en-reply-eudora-at-you-wrote',
    'en',
    'eudora',
    'Sam Carter <sam.carter@example.com>',
    top('Not yet. I will ask my sister.', 'At 11/24/2026 09:00 AM, you wrote:', OURS_EN),
    'Not yet. I will ask my sister.',
  ),
  r(
    'en-reply-angle-quotes',
    'en',
    'webmail',
    'Sam Carter <sam.carter@example.com>',
    top('I found the letter, it is dated 12 November.', 'Luister ‹hulp@luister.example› wrote:', OURS_EN),
    'I found the letter, it is dated 12 November.',
  ),
  r(
    'en-reply-zoho',
    'en',
    'zoho',
    'Sam Carter <sam.carter@example.com>',
    `Okay, I will do that.

Regards
Sam



---- On Tue, 24 Nov 2026 09:00:00 +0100 Luister <hulp@luister.example> wrote ----

${gt(OURS_EN)}
`,
    `Okay, I will do that.

Regards
Sam`,
  ),
  r(
    'en-reply-outlook-original-message',
    'en',
    'outlook-desktop',
    'Sam Carter <sam.carter@example.com>',
    top(
      'Could you send me the address of the housing office?',
      `-----Original Message-----
From: Luister [mailto:hulp@luister.example]
Sent: Tuesday, November 24, 2026 9:00 AM
To: Sam Carter
Subject: Your question`,
      OURS_EN,
      false,
    ),
    'Could you send me the address of the housing office?',
  ),
  r(
    'en-reply-android-gmail-sent-from',
    'en',
    'gmail-app',
    'Sam Carter <sam.carter@example.com>',
    top(
      'Sent from my brother’s laptop because mine broke. Anyway, yes, I still need help.',
      'On Tue, 24 Nov 2026, 09:00 Luister, <hulp@luister.example> wrote:',
      OURS_EN,
    ),
    'Sent from my brother’s laptop because mine broke. Anyway, yes, I still need help.',
  ),
  // ---- German ----
  r(
    'de-reply-gmail-wrapped-4-lines',
    'de',
    'gmail-web',
    'Jonas Weber <jonas.weber@example.de>',
    `Hallo Marieke,

ja, das stimmt. Der Vermieter will die Wohnung bis Ende Dezember zurück.

Viele Grüße
Jonas

Am Di., 24. Nov. 2026 um 09:00 Uhr schrieb Luister Beratung und Hilfe
für alle <
hulp@luister.example>:

${gt(OURS_DE)}
`,
    `Hallo Marieke,

ja, das stimmt. Der Vermieter will die Wohnung bis Ende Dezember zurück.

Viele Grüße
Jonas`,
    'Re: Ihre Frage',
  ),
  r(
    'de-reply-outlook',
    'de',
    'outlook-desktop',
    'Jonas Weber <jonas.weber@example.de>',
    top(
      `Vielen Dank für die schnelle Antwort. Ich melde mich morgen beim Mieterverein.

Mit freundlichen Grüßen
Jonas Weber
Tel.: 0171 2345678`,
      `Von: Luister <hulp@luister.example>
Gesendet: Dienstag, 24. November 2026 09:00
An: Jonas Weber <jonas.weber@example.de>
Betreff: Ihre Frage`,
      OURS_DE,
      false,
    ),
    `Vielen Dank für die schnelle Antwort. Ich melde mich morgen beim Mieterverein.

Mit freundlichen Grüßen
Jonas Weber`,
    'AW: Ihre Frage',
  ),
  r(
    'de-reply-gmx-original-nachricht',
    'de',
    'gmx',
    'Jonas Weber <jonas.weber@example.de>',
    top(
      'Nein, ich habe noch keinen Anwalt.',
      `-------- Original Nachricht --------
Betreff: Ihre Frage
Datum: 24.11.2026 09:00
Von: Luister <hulp@luister.example>
An: jonas.weber@example.de`,
      OURS_DE,
      false,
    ),
    'Nein, ich habe noch keinen Anwalt.',
    'Re: Ihre Frage',
  ),
  r(
    'de-reply-iphone',
    'de',
    'iphone',
    'Jonas Weber <jonas.weber@example.de>',
    top(
      'Danke, mache ich.\n\nVon meinem iPhone gesendet',
      '> Am 24.11.2026 um 09:00 schrieb Luister <hulp@luister.example>:\n>',
      OURS_DE,
    ),
    'Danke, mache ich.',
    'Re: Ihre Frage',
  ),
  r(
    'de-reply-thunderbird-original-nachricht-de',
    'de',
    'thunderbird',
    'Jonas Weber <jonas.weber@example.de>',
    top('Ja, genau so ist es.', 'Am 24.11.26 um 09:00 schrieb Luister:', OURS_DE),
    'Ja, genau so ist es.',
    'Re: Ihre Frage',
  ),
  // ---- French ----
  r(
    'fr-reply-gmail-wrapped',
    'fr',
    'gmail-web',
    'Camille Martin <camille.martin@example.fr>',
    `Bonjour,

Oui, c'est bien ça. Le propriétaire veut récupérer l'appartement.

Cordialement,
Camille

Le mar. 24 nov. 2026 à 09:00, Luister <hulp@luister.example> a
écrit :

${gt(OURS_FR)}
`,
    `Bonjour,

Oui, c'est bien ça. Le propriétaire veut récupérer l'appartement.

Cordialement,
Camille`,
    'Re: Votre question',
  ),
  r(
    'fr-reply-outlook',
    'fr',
    'outlook-desktop',
    'Camille Martin <camille.martin@example.fr>',
    top(
      `Merci beaucoup. J'appellerai l'assistante sociale demain.

Bien à vous,
Camille Martin
06 12 34 56 78`,
      `De : Luister <hulp@luister.example>
Envoyé : mardi 24 novembre 2026 09:00
À : Camille Martin <camille.martin@example.fr>
Objet : Votre question`,
      OURS_FR,
      false,
    ),
    `Merci beaucoup. J'appellerai l'assistante sociale demain.

Bien à vous,
Camille Martin`,
    'RE: Votre question',
  ),
  r(
    'fr-reply-iphone',
    'fr',
    'iphone',
    'Camille Martin <camille.martin@example.fr>',
    top(
      "D'accord, merci.\n\nEnvoyé de mon iPhone",
      '> Le 24 nov. 2026 à 09:00, Luister <hulp@luister.example> a écrit :\n>',
      OURS_FR,
    ),
    "D'accord, merci.",
    'Re: Votre question',
  ),
  r(
    'fr-reply-outlook-mobile',
    'fr',
    'outlook-mobile',
    'Camille Martin <camille.martin@example.fr>',
    top(
      'Non, pas encore.\n\nTélécharger Outlook pour Android<https://aka.ms/ghei36>',
      `________________________________
De : Luister <hulp@luister.example>
Envoyé : mardi, novembre 24, 2026 9:00 AM
À : Camille Martin
Objet : Votre question`,
      OURS_FR,
      false,
    ),
    'Non, pas encore.',
    'Re: Votre question',
  ),
  // ---- Spanish ----
  r(
    'es-reply-gmail',
    'es',
    'gmail-web',
    'Lucía García <lucia.garcia@example.es>',
    top(
      `Hola,

Sí, es correcto. Tengo que dejar el piso en diciembre.

Saludos,
Lucía`,
      'El mar, 24 nov 2026 a las 9:00, Luister (<hulp@luister.example>)\nescribió:',
      OURS_GENERIC,
    ),
    `Hola,

Sí, es correcto. Tengo que dejar el piso en diciembre.

Saludos,
Lucía`,
    'Re: Su pregunta',
  ),
  r(
    'es-reply-outlook',
    'es',
    'outlook-desktop',
    'Lucía García <lucia.garcia@example.es>',
    top(
      'Muchas gracias por la respuesta. Llamaré mañana.',
      `De: Luister <hulp@luister.example>
Enviado: martes, 24 de noviembre de 2026 9:00
Para: Lucía García <lucia.garcia@example.es>
Asunto: Su pregunta`,
      OURS_GENERIC,
      false,
    ),
    'Muchas gracias por la respuesta. Llamaré mañana.',
    'RE: Su pregunta',
  ),
  r(
    'es-reply-iphone',
    'es',
    'iphone',
    'Lucía García <lucia.garcia@example.es>',
    top(
      'Vale, gracias.\n\nEnviado desde mi iPhone',
      '> El 24 nov 2026, a las 9:00, Luister <hulp@luister.example> escribió:\n>',
      OURS_GENERIC,
    ),
    'Vale, gracias.',
    'Re: Su pregunta',
  ),
  // ---- Italian ----
  r(
    'it-reply-gmail',
    'it',
    'gmail-web',
    'Giulia Rossi <giulia.rossi@example.it>',
    top(
      `Ciao,

sì, è così. Devo lasciare la casa entro dicembre.

Grazie,
Giulia`,
      'Il giorno mar 24 nov 2026 alle ore 09:00 Luister <hulp@luister.example>\nha scritto:',
      OURS_GENERIC,
    ),
    `Ciao,

sì, è così. Devo lasciare la casa entro dicembre.

Grazie,
Giulia`,
    'Re: La tua domanda',
  ),
  r(
    'it-reply-outlook',
    'it',
    'outlook-desktop',
    'Giulia Rossi <giulia.rossi@example.it>',
    top(
      `Grazie mille, domani chiamo l'assistente sociale.

Cordiali saluti
Giulia Rossi
Cell. 333 1234567`,
      `Da: Luister <hulp@luister.example>
Inviato: martedì 24 novembre 2026 09:00
A: Giulia Rossi <giulia.rossi@example.it>
Oggetto: La tua domanda`,
      OURS_GENERIC,
      false,
    ),
    `Grazie mille, domani chiamo l'assistente sociale.

Cordiali saluti
Giulia Rossi`,
    'R: La tua domanda',
  ),
  r(
    'it-reply-iphone',
    'it',
    'iphone',
    'Giulia Rossi <giulia.rossi@example.it>',
    top(
      'Va bene, grazie.\n\nInviato da iPhone',
      '> Il giorno 24 nov 2026, alle ore 09:00, Luister <hulp@luister.example> ha scritto:\n>',
      OURS_GENERIC,
    ),
    'Va bene, grazie.',
    'Re: La tua domanda',
  ),
  // ---- Portuguese ----
  r(
    'pt-reply-gmail',
    'pt',
    'gmail-web',
    'João Silva <joao.silva@example.pt>',
    top(
      `Olá,

Sim, está certo. Tenho de sair da casa em dezembro.

Obrigado,
João`,
      'Em ter., 24 de nov. de 2026 às 09:00, Luister <hulp@luister.example>\nescreveu:',
      OURS_GENERIC,
    ),
    `Olá,

Sim, está certo. Tenho de sair da casa em dezembro.

Obrigado,
João`,
    'Re: A sua pergunta',
  ),
  r(
    'pt-reply-outlook',
    'pt',
    'outlook-desktop',
    'João Silva <joao.silva@example.pt>',
    top(
      'Muito obrigado. Vou ligar amanhã.',
      `De: Luister <hulp@luister.example>
Enviado: terça-feira, 24 de novembro de 2026 09:00
Para: João Silva <joao.silva@example.pt>
Assunto: A sua pergunta`,
      OURS_GENERIC,
      false,
    ),
    'Muito obrigado. Vou ligar amanhã.',
    'RE: A sua pergunta',
  ),
  r(
    'pt-reply-iphone',
    'pt',
    'iphone',
    'João Silva <joao.silva@example.pt>',
    top(
      'Está bem, obrigado.\n\nEnviado do meu iPhone',
      '> No dia 24/11/2026, às 09:00, Luister <hulp@luister.example> escreveu:\n>',
      OURS_GENERIC,
    ),
    'Está bem, obrigado.',
    'Re: A sua pergunta',
  ),
  // ---- Scandinavian ----
  r(
    'sv-reply-outlook',
    'sv',
    'outlook-desktop',
    'Erik Lindqvist <erik.lindqvist@example.se>',
    top(
      `Tack för svaret. Jag ringer socialtjänsten i morgon.

Med vänliga hälsningar
Erik Lindqvist
Mobil: 070-123 45 67`,
      `Från: Luister <hulp@luister.example>
Skickat: den 24 november 2026 09:00
Till: Erik Lindqvist <erik.lindqvist@example.se>
Ämne: Din fråga`,
      OURS_GENERIC,
      false,
    ),
    `Tack för svaret. Jag ringer socialtjänsten i morgon.

Med vänliga hälsningar
Erik Lindqvist`,
    'SV: Din fråga',
  ),
  r(
    'sv-reply-gmail',
    'sv',
    'gmail-web',
    'Erik Lindqvist <erik.lindqvist@example.se>',
    top('Ja, det stämmer.', 'Den tis 24 nov. 2026 kl 09:00 skrev Luister <hulp@luister.example>:', OURS_GENERIC),
    'Ja, det stämmer.',
    'Re: Din fråga',
  ),
  r(
    'sv-reply-iphone',
    'sv',
    'iphone',
    'Erik Lindqvist <erik.lindqvist@example.se>',
    top(
      'Okej, tack.\n\nSkickat från min iPhone',
      '> 24 nov. 2026 kl. 09:00 skrev Luister <hulp@luister.example>:\n>',
      OURS_GENERIC,
    ),
    'Okej, tack.',
    'Re: Din fråga',
  ),
  r(
    'da-reply-outlook-oprindelig-meddelelse',
    'da',
    'outlook-desktop',
    'Mette Nielsen <mette.nielsen@example.dk>',
    top(
      `Tak for svaret. Jeg ringer til kommunen i morgen.

Med venlig hilsen
Mette Nielsen`,
      `-----Oprindelig meddelelse-----
Fra: Luister <hulp@luister.example>
Sendt: 24. november 2026 09:00
Til: Mette Nielsen <mette.nielsen@example.dk>
Emne: Dit spørgsmål`,
      OURS_GENERIC,
      false,
    ),
    `Tak for svaret. Jeg ringer til kommunen i morgen.

Med venlig hilsen
Mette Nielsen`,
    'SV: Dit spørgsmål',
  ),
  r(
    'da-reply-android-oprindelig-besked',
    'da',
    'samsung',
    'Mette Nielsen <mette.nielsen@example.dk>',
    top(
      'Ja, det passer.\n\n\nSendt fra min Galaxy',
      `-------- Oprindelig besked --------
Fra: Luister <hulp@luister.example>
Dato: 24.11.2026 09.00 (GMT+01:00)
Til: Mette Nielsen <mette.nielsen@example.dk>
Emne: Dit spørgsmål`,
      OURS_GENERIC,
      false,
    ),
    'Ja, det passer.',
    'Re: Dit spørgsmål',
  ),
  r(
    'da-reply-iphone',
    'da',
    'iphone',
    'Mette Nielsen <mette.nielsen@example.dk>',
    top(
      'Mange tak.\n\nSendt fra min iPhone',
      '> Den 24. nov. 2026 kl. 09.00 skrev Luister <hulp@luister.example>:\n>',
      OURS_GENERIC,
    ),
    'Mange tak.',
    'Re: Dit spørgsmål',
  ),
  r(
    'no-reply-gmail',
    'no',
    'gmail-web',
    'Ola Nordmann <ola.nordmann@example.no>',
    top(
      `Hei,

Ja, det stemmer. Jeg må flytte ut i desember.

Med vennlig hilsen
Ola`,
      'tir. 24. nov. 2026 kl. 09:00 skrev Luister <hulp@luister.example>:',
      OURS_GENERIC,
    ),
    `Hei,

Ja, det stemmer. Jeg må flytte ut i desember.

Med vennlig hilsen
Ola`,
    'Re: Spørsmålet ditt',
  ),
  r(
    'no-reply-outlook',
    'no',
    'outlook-desktop',
    'Ola Nordmann <ola.nordmann@example.no>',
    top(
      'Takk, jeg ringer NAV i morgen.',
      `Fra: Luister <hulp@luister.example>
Sendt: tirsdag 24. november 2026 09:00
Til: Ola Nordmann <ola.nordmann@example.no>
Emne: Spørsmålet ditt`,
      OURS_GENERIC,
      false,
    ),
    'Takk, jeg ringer NAV i morgen.',
    'SV: Spørsmålet ditt',
  ),
  // ---- Polish ----
  r(
    'pl-reply-gmail',
    'pl',
    'gmail-web',
    'Katarzyna Nowak <k.nowak@example.pl>',
    top(
      `Dzień dobry,

Tak, zgadza się. Muszę się wyprowadzić w grudniu.

Pozdrawiam
Kasia`,
      'wt., 24 lis 2026 o 09:00 Luister <hulp@luister.example> napisał(a):',
      OURS_GENERIC,
    ),
    `Dzień dobry,

Tak, zgadza się. Muszę się wyprowadzić w grudniu.

Pozdrawiam
Kasia`,
    'Re: Twoje pytanie',
  ),
  r(
    'pl-reply-thunderbird',
    'pl',
    'thunderbird',
    'Katarzyna Nowak <k.nowak@example.pl>',
    top('Dziękuję, zadzwonię jutro.', 'W dniu 24.11.2026 o 09:00, Luister pisze:', OURS_GENERIC),
    'Dziękuję, zadzwonię jutro.',
    'Re: Twoje pytanie',
  ),
  r(
    'pl-reply-outlook',
    'pl',
    'outlook-desktop',
    'Katarzyna Nowak <k.nowak@example.pl>',
    top(
      `Nie, jeszcze nie rozmawiałam z nikim.

Z poważaniem
Katarzyna Nowak
tel. 601 234 567`,
      `Od: Luister <hulp@luister.example>
Wysłano: wtorek, 24 listopada 2026 09:00
Do: Katarzyna Nowak <k.nowak@example.pl>
Temat: Twoje pytanie`,
      OURS_GENERIC,
      false,
    ),
    `Nie, jeszcze nie rozmawiałam z nikim.

Z poważaniem
Katarzyna Nowak`,
    'RE: Twoje pytanie',
  ),
  // ---- Russian, Ukrainian, others ----
  r(
    'ru-reply-apple',
    'ru',
    'apple-mail',
    'Ivan Petrov <ivan.petrov@example.ru>',
    top(
      'Да, всё верно. Спасибо.',
      '24 нояб. 2026 г., в 09:00, Luister <hulp@luister.example> написал(а):',
      OURS_GENERIC,
    ),
    'Да, всё верно. Спасибо.',
  ),
  r(
    'ru-reply-gmail-no-verb',
    'ru',
    'gmail-web',
    'Ivan Petrov <ivan.petrov@example.ru>',
    top('Нет, я ещё не звонил.', 'вт, 24 нояб. 2026 г. в 09:00, Luister <hulp@luister.example>:', OURS_GENERIC),
    'Нет, я ещё не звонил.',
  ),
  r(
    'ru-reply-thunderbird-pishet',
    'ru',
    'thunderbird',
    'Ivan Petrov <ivan.petrov@example.ru>',
    top('Хорошо, я позвоню завтра.', '24.11.2026 09:00, Luister пишет:', OURS_GENERIC),
    'Хорошо, я позвоню завтра.',
  ),
  r(
    'uk-reply-gmail',
    'uk',
    'gmail-web',
    'Olena Kovalenko <olena.k@example.ua>',
    top('Так, дякую за відповідь.', 'вт, 24 лист. 2026 р. о 09:00 Luister <hulp@luister.example> пише:', OURS_GENERIC),
    'Так, дякую за відповідь.',
  ),
  r(
    'uk-reply-apple-napysav',
    'uk',
    'apple-mail',
    'Olena Kovalenko <olena.k@example.ua>',
    top(
      'Ні, ще не телефонувала.',
      '24 лист. 2026 р. о 09:00 Luister <hulp@luister.example> написав(ла):',
      OURS_GENERIC,
    ),
    'Ні, ще не телефонувала.',
  ),
  r(
    'fi-reply-gmail',
    'fi',
    'gmail-web',
    'Aino Virtanen <aino.virtanen@example.fi>',
    top('Kyllä, niin se on.', 'ti 24.11.2026 klo 9.00 Luister (hulp@luister.example) kirjoitti:', OURS_GENERIC),
    'Kyllä, niin se on.',
  ),
  r(
    'tr-reply-gmail',
    'tr',
    'gmail-web',
    'Ayşe Yılmaz <ayse.yilmaz@example.com.tr>',
    top(
      'Evet, doğru. Teşekkür ederim.',
      'Luister <hulp@luister.example>, 24 Kas 2026 Sal, 09:00 tarihinde şunu yazdı:',
      OURS_GENERIC,
    ),
    'Evet, doğru. Teşekkür ederim.',
  ),
  r(
    'cs-reply-gmail',
    'cs',
    'gmail-web',
    'Petr Novák <petr.novak@example.cz>',
    top('Ano, je to tak.', 'Dne út 24. 11. 2026 9:00 uživatel Luister <hulp@luister.example> napsal:', OURS_GENERIC),
    'Ano, je to tak.',
  ),
  r(
    'en-reply-iso-date-gmail',
    'en',
    'gmail-web',
    'Sam Carter <sam.carter@example.com>',
    top('Yes please, call me on Thursday.', '2026-11-24 9:00 GMT+01:00 Luister <hulp@luister.example>:', OURS_EN),
    'Yes please, call me on Thursday.',
  ),
  r(
    'nl-reply-english-outlook-ui',
    'nl',
    'outlook-desktop',
    'Anna de Vries <anna@example.nl>',
    top(
      'Ik gebruik Outlook in het Engels, sorry. Maar ja, het klopt.',
      `From: Luister <hulp@luister.example>
Sent: Tuesday, 24 November 2026 09:00
To: Anna de Vries <anna@example.nl>
Subject: Je vraag bij Luister`,
      OURS_NL,
      false,
    ),
    'Ik gebruik Outlook in het Engels, sorry. Maar ja, het klopt.',
  ),
];

function fwd(name: string, lang: string, client: string, from: string, subject: string, body: string, text: string) {
  const m: CorpusMail = {
    name,
    lang,
    client,
    class: 'message',
    kind: 'message',
    case: 'new',
    text,
    robot: false,
    raw: plain({ from, subject }, body),
  };
  return m;
}

const LETTER = `Geachte heer/mevrouw,

Uit onze administratie blijkt dat de factuur van 12 oktober nog niet is betaald. Wij verzoeken u het bedrag van € 312,40 binnen 14 dagen over te maken.

Met vriendelijke groet,
Incassobureau Voorbeeld`;

export const FORWARDS: CorpusMail[] = [
  fwd(
    'nl-forward-gmail-no-own-text',
    'nl',
    'gmail-web',
    'Marloes <marloes.t@example.com>',
    'Fwd: Herinnering factuur',
    `---------- Doorgestuurd bericht ---------
Van: Incassobureau Voorbeeld <info@incasso.example.nl>
Date: ma 23 nov 2026 om 14:02
Subject: Herinnering factuur
To: <marloes.t@example.com>


${LETTER}
`,
    `Geachte heer/mevrouw,

Uit onze administratie blijkt dat de factuur van 12 oktober nog niet is betaald. Wij verzoeken u het bedrag van € 312,40 binnen 14 dagen over te maken.

Met vriendelijke groet,
Incassobureau Voorbeeld`,
  ),
  fwd(
    'nl-forward-gmail-own-text',
    'nl',
    'gmail-web',
    'Marloes <marloes.t2@example.com>',
    'Fwd: Herinnering factuur',
    `Hoi, deze brief kreeg ik gisteren. Ik snap niet waar het over gaat, ik heb die factuur nooit gehad.

---------- Doorgestuurd bericht ---------
Van: Incassobureau Voorbeeld <info@incasso.example.nl>
Date: ma 23 nov 2026 om 14:02
Subject: Herinnering factuur
To: <marloes.t2@example.com>


${LETTER}
`,
    'Hoi, deze brief kreeg ik gisteren. Ik snap niet waar het over gaat, ik heb die factuur nooit gehad.',
  ),
  fwd(
    'nl-forward-outlook-no-own-text',
    'nl',
    'outlook-desktop',
    'Rob Verbeek <rob.verbeek@example.nl>',
    'FW: Herinnering factuur',
    `

Van: Incassobureau Voorbeeld <info@incasso.example.nl>
Verzonden: maandag 23 november 2026 14:02
Aan: Rob Verbeek <rob.verbeek@example.nl>
Onderwerp: Herinnering factuur

${LETTER}
`,
    `Geachte heer/mevrouw,

Uit onze administratie blijkt dat de factuur van 12 oktober nog niet is betaald. Wij verzoeken u het bedrag van € 312,40 binnen 14 dagen over te maken.

Met vriendelijke groet,
Incassobureau Voorbeeld`,
  ),
  fwd(
    'nl-forward-apple-begin',
    'nl',
    'apple-mail',
    'Kim <kim.dekker@example.nl>',
    'Fwd: Herinnering factuur',
    `Wat moet ik hiermee?

Begin doorgestuurd bericht:

> Van: Incassobureau Voorbeeld <info@incasso.example.nl>
> Onderwerp: Herinnering factuur
> Datum: 23 november 2026 om 14:02:11 CET
> Aan: kim.dekker@example.nl
>
${gt(LETTER)}
`,
    'Wat moet ik hiermee?',
  ),
  fwd(
    'nl-forward-thunderbird-no-own-text',
    'nl',
    'thunderbird',
    'Hans Kok <hans.kok@example.nl>',
    'Fwd: Herinnering factuur',
    `


-------- Doorgestuurd bericht --------
Onderwerp: 	Herinnering factuur
Datum: 	Mon, 23 Nov 2026 14:02:11 +0100
Van: 	Incassobureau Voorbeeld <info@incasso.example.nl>
Aan: 	hans.kok@example.nl



${LETTER}
`,
    `Geachte heer/mevrouw,

Uit onze administratie blijkt dat de factuur van 12 oktober nog niet is betaald. Wij verzoeken u het bedrag van € 312,40 binnen 14 dagen over te maken.

Met vriendelijke groet,
Incassobureau Voorbeeld`,
  ),
  fwd(
    'en-forward-gmail',
    'en',
    'gmail-web',
    'Chris <chris.b@example.com>',
    'Fwd: Notice to quit',
    `---------- Forwarded message ---------
From: Landlord Ltd <letters@landlord.example.co.uk>
Date: Mon, Nov 23, 2026 at 2:02 PM
Subject: Notice to quit
To: <chris.b@example.com>


Dear tenant,

We hereby give you notice to leave the property by 31 December 2026.

Landlord Ltd
`,
    `Dear tenant,

We hereby give you notice to leave the property by 31 December 2026.

Landlord Ltd`,
  ),
  fwd(
    'de-forward-apple-no-own-text',
    'de',
    'apple-mail',
    'Lena <lena.schmidt@example.de>',
    'WG: Kündigung',
    `

Anfang der weitergeleiteten Nachricht:

> Von: Hausverwaltung Beispiel <info@hv.example.de>
> Betreff: Kündigung
> Datum: 23. November 2026 um 14:02:11 MEZ
> An: lena.schmidt@example.de
>
> Sehr geehrte Frau Schmidt,
>
> hiermit kündigen wir das Mietverhältnis zum 31.12.2026.
>
> Mit freundlichen Grüßen
> Hausverwaltung Beispiel
`,
    `Sehr geehrte Frau Schmidt,

hiermit kündigen wir das Mietverhältnis zum 31.12.2026.

Mit freundlichen Grüßen
Hausverwaltung Beispiel`,
  ),
  fwd(
    'fr-forward-gmail-own-text',
    'fr',
    'gmail-web',
    'Hugo <hugo.leroy@example.fr>',
    'Fwd: Avis d’expulsion',
    `Bonjour, j'ai reçu ceci hier. Que dois-je faire ?

---------- Forwarded message ---------
De : Agence Exemple <contact@agence.example.fr>
Date: lun. 23 nov. 2026 à 14:02
Subject: Avis d’expulsion
To: <hugo.leroy@example.fr>


Madame, Monsieur,

Nous vous informons que le bail prendra fin le 31 décembre 2026.
`,
    "Bonjour, j'ai reçu ceci hier. Que dois-je faire ?",
  ),
];
