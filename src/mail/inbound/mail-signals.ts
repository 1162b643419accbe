/**
 * Word lists the classifier reads: out-of-office wording (subject and first body lines),
 * delivery-failure wording and robot-style addresses, in Dutch, English, German, French,
 * Spanish, Italian, Portuguese, the Scandinavian languages, Polish, Latvian and Finnish.
 * Written for this project from the wording of the mail programs and servers themselves;
 * boundaries are Unicode-aware (JavaScript's `\b` never holds after "ó" or "ä").
 */

/** A regex source between letter/digit boundaries that also hold next to non-ASCII letters. */
export function words(source: string): string {
  return `(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`;
}

// Reply prefixes the programs put before a subject: Re, Aw, Antw, Sv, Vs, Odp, Ynt, R, Rif, Fw, Fwd, Wg, Tr, Doorst.
const SUBJECT_PREFIX = String.raw`^\s*(?:(?:re|aw|antw|antwoord|sv|vs|odp|ynt|r|rif|fw|fwd|wg|tr|doorst|rv|enc)\s*(?:\[\d+\])?\s*:\s*)*[[(]?\s*`;

/**
 * Subjects that mail programs and servers write on automatic replies: unambiguous, so they
 * decide alone wherever they stand after the reply prefixes.
 */
const AUTO_REPLY_SUBJECT_PHRASES = [
  // nl
  'automatisch(?:e)? (?:antwoord|reactie|bericht|beantwoord)',
  'afwezigheids?(?:melding|bericht|notitie)',
  // en
  'automatic reply',
  'auto[- ]?reply',
  'auto[- ]?response',
  'autoreply',
  'automated (?:reply|response)',
  'out of (?:the )?office (?:reply|auto ?reply|notice)',
  'vacation (?:reply|response|notice)',
  // de
  'automatische antwort',
  'abwesenheits(?:notiz|nachricht|meldung)',
  'automatische abwesenheitsnachricht',
  // fr
  'r[ée]ponse automatique',
  "message d[’']absence",
  // es
  'respuesta autom[áa]tica',
  'respuesta de ausencia',
  // it
  'risposta automatica',
  'risposta di assenza',
  // pt
  'resposta autom[áa]tica',
  // sv, da, no
  'automatiskt svar',
  'automatisk svar',
  'autosvar',
  'fr[åa]nvaromeddelande',
  'frav[æa]rsbesked',
  'frav[æa]rsmelding',
  // pl
  'automatyczna odpowied[źz]',
  'odpowied[źz] automatyczna',
  // lv, fi
  'autom[āa]tisk[āa] atbilde',
  'automaattinen vastaus',
];

/**
 * Absence words that are also ordinary words ("Afwezig op school"): in a subject they count
 * only when they are the whole subject or followed by ":" or a date-like "until".
 */
const ABSENCE_SUBJECT_WORDS = [
  'afwezig',
  'niet aanwezig',
  'buiten kantoor',
  'out of (?:the )?office',
  'ooo',
  'away from (?:the )?office',
  'on (?:annual )?leave',
  'abwesend',
  'nicht im b[üu]ro',
  'au[ßs]er haus',
  'absente?',
  'absence',
  'hors du bureau',
  'fuera de la oficina',
  'ausente',
  'fuori ufficio',
  'assente',
  'fora do escrit[óo]rio',
  'fr[åa]nvarande',
  'inte p[åa] kontoret',
  'ikke p[åa] kontoret',
  'frav[æa]rende',
  'poza biurem',
  'nieobecno[śs][ćc]',
  'prombūtnē',
  'poissa',
];

export const AUTO_REPLY_SUBJECT = new RegExp(`${SUBJECT_PREFIX}${words(AUTO_REPLY_SUBJECT_PHRASES.join('|'))}`, 'iu');
export const ABSENCE_SUBJECT = new RegExp(
  `${SUBJECT_PREFIX}${words(ABSENCE_SUBJECT_WORDS.join('|'))}\\s*(?:$|[:\\-–(\\[]|(?:tot|until|till|bis|jusqu|hasta|fino|até|till|til|do)(?![\\p{L}]))`,
  'iu',
);

/**
 * Out-of-office wording in the first lines of a body: a sentence saying the writer is away
 * now, AND one saying until when or what happens to the mail. Both are needed, so a
 * help-seeker who writes "ik ben afwezig geweest op school" is not taken for a robot.
 */
const ABSENCE_BODY = [
  // nl
  String.raw`ik ben (?:momenteel |op dit moment |vandaag |deze week |helaas |nog )?(?:(?:tot(?: en met)?|t\/m|vanaf|van) [^.\n]{1,40}? )?(?:afwezig|niet aanwezig|niet bereikbaar|niet op kantoor|buiten kantoor|met (?:vakantie|verlof)|op vakantie|op reis)(?! geweest)`,
  String.raw`tijdens mijn afwezigheid`,
  // en
  String.raw`(?:i am|i'm|i’m|i will be|i'll be|i’ll be) (?:currently |now |presently )?(?:out of (?:the )?office|away(?: from (?:the |my )?(?:office|desk))?|on (?:annual |parental |sick |study )?leave|on (?:holiday|vacation)|not in the office|off work)`,
  String.raw`(?:thank you|thanks) for your (?:e-?mail|message)\W+i am (?:currently )?(?:away|out)`,
  // de
  String.raw`ich bin (?:[^\n]{0,60}? )?(?:nicht im (?:büro|buero|hause|haus)|abwesend|im urlaub|au(?:ß|ss)er haus|nicht erreichbar|in elternzeit)`,
  String.raw`ich befinde mich (?:derzeit |zurzeit |bis [^.\n]{1,30} )?im urlaub`,
  // fr
  String.raw`je (?:suis|serai) (?:actuellement |en ce moment )?(?:absente?|en cong[ée]s?|en vacances|hors du bureau|en d[ée]placement|indisponible)`,
  // es
  String.raw`(?:estoy|estar[ée]|me encuentro|me encontrar[ée]) (?:actualmente )?(?:fuera de la oficina|ausente|de vacaciones|fuera)`,
  // it
  String.raw`(?:sono|sar[òo]) (?:attualmente )?(?:fuori (?:ufficio|sede)|assente|in ferie|in vacanza)`,
  // pt
  String.raw`(?:estou|estarei|encontro-me) (?:atualmente )?(?:fora do escrit[óo]rio|ausente|de f[ée]rias)`,
  // sv
  String.raw`jag är (?:[^.\n]{0,20}? )?(?:inte på kontoret|ledig|på semester|frånvarande|tjänstledig|föräldraledig)`,
  // da, no
  String.raw`jeg (?:er|holder) (?:[^.\n]{0,20}? )?(?:ikke på kontoret|på ferie|ferie|fraværende|borte)`,
  // pl
  String.raw`(?:jestem|będę) (?:[^.\n]{0,20}? )?(?:poza biurem|na urlopie|nieobecn[ya])`,
  String.raw`przebywam na urlopie`,
  // lv, fi
  String.raw`esmu (?:atvaļinājumā|prombūtnē|ārpus biroja)`,
  String.raw`olen (?:poissa|lomalla)`,
];

const RETURN_BODY = [
  // nl
  String.raw`tot(?: en met)? (?:\d+|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)`,
  String.raw`t\/m`,
  String.raw`weer (?:aanwezig|bereikbaar|op kantoor|terug)`,
  String.raw`(?:uw|je|jouw) (?:e-?mail|bericht) wordt niet doorgestuurd`,
  String.raw`lees (?:mijn|geen) (?:e-?)?mail`,
  String.raw`na (?:mijn )?terugkomst`,
  // en
  String.raw`until`,
  String.raw`till`,
  String.raw`(?:be )?back (?:on|in|at)`,
  String.raw`return(?:ing)? on`,
  String.raw`(?:limited|no) access`,
  String.raw`upon my return`,
  // de
  String.raw`bis (?:zum |einschlie(?:ß|ss)lich |einschl\. |am )?\d+`,
  String.raw`ab (?:dem )?\d+`,
  String.raw`wieder (?:erreichbar|im büro|da)`,
  String.raw`nicht weitergeleitet`,
  String.raw`keinen zugriff`,
  // fr
  String.raw`jusqu[’']?(?:au|à)`,
  String.raw`de retour`,
  String.raw`(?:dès|à) mon retour`,
  // es, it, pt
  String.raw`hasta el`,
  String.raw`a mi regreso`,
  String.raw`acceso limitado`,
  String.raw`fino al`,
  String.raw`al mio rientro`,
  String.raw`non ho accesso`,
  String.raw`até (?:ao |dia |o )?\d+`,
  String.raw`quando regressar`,
  String.raw`acesso limitado`,
  // sv, da, no
  String.raw`till och med`,
  String.raw`förrän`,
  String.raw`tillbaka`,
  String.raw`tilbage`,
  String.raw`tilbake`,
  String.raw`til og med`,
  String.raw`før (?:den )?\d+`,
  String.raw`ikke videresendt`,
  String.raw`leser ikke`,
  // pl, lv, fi
  String.raw`do (?:dnia )?\d+`,
  String.raw`po powrocie`,
  String.raw`līdz \d+`,
  String.raw`\d+\.\d+\. asti`,
];

export const ABSENCE_IN_BODY = new RegExp(words(ABSENCE_BODY.join('|')), 'iu');
export const RETURN_IN_BODY = new RegExp(words(RETURN_BODY.join('|')), 'iu');

/** Subjects of delivery reports written as plain mail (Exim, qmail, Exchange, ISPs). */
export const BOUNCE_SUBJECT = new RegExp(
  SUBJECT_PREFIX +
    words(
      [
        'undeliver(?:ed|able)(?: mail| message)?',
        'delivery (?:status notification|failure|has failed|failed)',
        'mail delivery (?:failed|failure|system)',
        'returned mail',
        'failure notice',
        'message not delivered',
        'non[- ]?delivery',
        'onbestelbaar(?: bericht)?',
        'niet (?:bezorgd|afgeleverd)',
        'unzustellbar',
        'nicht zustellbar',
        'non remis',
        'non distribuable',
        'no se puede entregar',
        'non recapitabile',
        'não (?:é possível )?entregue',
        'kan inte levereras',
        'kunne ikke (?:leveres|afleveres)',
        'niedostarczalne',
      ].join('|'),
    ),
  'iu',
);

export const DELAY_SUBJECT = new RegExp(
  words(
    [
      'delayed mail',
      'delivery delayed',
      'delivery status notification \\(delay\\)',
      'warning: could not send message',
      'vertraagd',
      'verzögert',
    ].join('|'),
  ),
  'iu',
);

/** Opening lines of delivery reports in plain text. */
export const BOUNCE_BODY = new RegExp(
  words(
    [
      'this is the mail system at host',
      'this message was created automatically by mail delivery software',
      'this is the qmail-send program',
      "i[’']m afraid i wasn[’']t able to deliver",
      'could not be delivered to one or more',
      '(?:was|could) not (?:be )?delivered',
      "couldn[’']t be delivered",
      'unable to deliver your message',
      'delivery to the following recipients? failed',
      'the following addresses had permanent fatal errors',
      'delivery has failed to these recipients',
      'uw bericht (?:kon|kan) niet worden (?:afgeleverd|bezorgd)',
      'heeft de volgende geadresseerden niet bereikt',
      'ihre nachricht konnte nicht zugestellt werden',
      "votre message n[’']a pas pu être remis",
    ].join('|'),
  ),
  'iu',
);

/** Subject prefixes of read receipts (Outlook writes them as TNEF or plain mail). */
export const READ_RECEIPT_SUBJECT = new RegExp(
  `^\\s*${words(['read', 'not read', 'gelezen', 'niet gelezen', 'gelesen', 'ungelesen', 'lu', 'non lu', 'leído', 'letto', 'lido', 'läst', 'læst', 'lest', 'przeczytane', 'return receipt(?: \\(displayed\\))?'].join('|'))}\\s*(?::|-)`,
  'iu',
);

/** Challenge/response systems asking the sender to prove they are a person. */
export const CHALLENGE_SUBJECT = new RegExp(
  words(
    [
      'please confirm your (?:message|e-?mail)',
      'verify your (?:e-?mail|address|message)',
      'verification required',
      'sender verification',
      'spamarrest',
      'guest list',
      'waiting list',
      'verificatie vereist',
      'bevestig (?:uw|je) (?:bericht|e-?mail|adres)',
      'bitte bestätigen sie',
      'absenderbestätigung',
      'confirmez votre (?:message|adresse)',
    ].join('|'),
  ),
  'iu',
);

/** The local part of a machine's address (Mailer-Daemon, noreply, bounce handlers, list robots). */
export const DAEMON_LOCAL_PART = /^(?:mailer[-_.]?daemon|mail[-_.]?daemon|postmaster|post[-_.]master|mailerdaemon)$/i;
export const DAEMON_NAME =
  /^(?:mailer[- ]?daemon|mail delivery (?:system|subsystem)|mail administrator|postmaster|mail system)$/i;
export const NOREPLY_LOCAL_PART =
  /(?:^|[-_.+])(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|noreply)(?:$|[-_.+])|^(?:no[-_.]?reply|donotreply)/i;
export const NOTIFICATION_LOCAL_PART =
  /^(?:notifications?|notify|newsletters?|nieuwsbrief|mailer|automailer|auto[-_.]?reply|autoreply|bounces?|listserv|majordomo|sympa)(?:$|[-_.+])/i;
export const LIST_ROBOT_LOCAL_PART =
  /(?:-(?:owner|request|bounces|admin)$|^owner-|^(?:sympa|listserv|majordomo|mailman)(?:-request)?$)/i;
/** Return-Paths of bounce handlers: bounce-…@, bounces+…@, …-bounces@, pm_bounces@, SES ids. */
export const BOUNCE_HANDLER_LOCAL_PART =
  /^(?:bounces?(?:[-_.+=].*)?|.*[-_.]bounces?|pm_bounces|return(?:s)?[-_.+].*|bnc\d*.*|mailer)$/i;
/** Words in a list manager's answer that mean our mail was refused or held. */
export const LIST_REJECTION = new RegExp(
  words(
    [
      'rejected',
      'held',
      'awaits moderator approval',
      'moderator',
      'not allowed',
      'authori[sz]ation denied',
      'non-member',
      'geweigerd',
      'afgewezen',
      'goedkeuring',
      'abgelehnt',
      'refusé',
    ].join('|'),
  ),
  'iu',
);
/** Display names of bulk senders. */
export const BULK_DISPLAY_NAME = new RegExp(
  words(['newsletter', 'nieuwsbrief', 'notifications?', 'no-?reply', 'mailing', 'nachrichten-service'].join('|')),
  'iu',
);
/** Unsubscribe wording near the end of a mail. */
export const UNSUBSCRIBE_TEXT = new RegExp(
  words(
    [
      'unsubscribe',
      'afmelden',
      'uitschrijven',
      'abmelden',
      'abbestellen',
      'se désinscrire',
      'désabonner',
      'darse de baja',
      'cancelar (?:la )?suscripción',
      'disiscriviti',
      'cancelar subscrição',
      'avregistrera',
      'afmeld',
      'meld deg av',
      'wypisz się',
    ].join('|'),
  ),
  'iu',
);
/** Bulk-mail software named in X-Mailer. */
export const BULK_MAILER = new RegExp(
  words(
    [
      'mailchimp',
      'mandrill',
      'laposta',
      'flexmail',
      'phplist',
      'sendinblue',
      'brevo',
      'mailjet',
      'campaign monitor',
      'activecampaign',
      'zendesk',
      'salesforce',
      'hubspot',
      'klaviyo',
      'mailerlite',
      'mautic',
      'constant contact',
      'emarsys',
      'selligent',
      'copernica',
      'spotler',
      'mailplus',
      'deployteq',
      'acumbamail',
      'newsletter',
    ].join('|'),
  ),
  'iu',
);
