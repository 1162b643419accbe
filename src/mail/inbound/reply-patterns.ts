/**
 * The lines mail programs add around a writer's text: attributions ("Op … schreef …:"), header
 * blocks of quoted and forwarded mail, separators, forward markers, phone-app lines and closing
 * phrases, for Dutch, English, German, French, Spanish, Italian, Portuguese, Swedish, Danish,
 * Norwegian, Polish, and attributions also in Russian, Ukrainian, Finnish, Czech, Turkish,
 * Latvian and a few more. Locale wording was checked against what the programs write and
 * against the lists in crisp-im/email-reply-parser (MIT) and mailgun/talon (Apache-2.0); the
 * patterns are our own. Boundaries are Unicode-aware: JavaScript's `\b` never holds after "ó".
 */
import { words } from './mail-signals';

/** Verbs that end an attribution line ("… wrote:"). */
const WROTE = [
  'wrote',
  'writes',
  'schreef',
  'schrijft',
  'het volgende geschreven',
  'geschreven',
  'schrieb',
  'geschrieben',
  'a écrit',
  'écrit',
  'escribió',
  'escribio',
  'ha scritto',
  'scritto',
  'escreveu',
  'skrev',
  'skriver',
  'kirjoitti',
  'napisał\\(a\\)',
  'napisała',
  'napisał',
  'pisze',
  'написал\\(а\\)',
  'написала',
  'написал',
  'написав\\(ла\\)',
  'написав',
  'пишет',
  'пише',
  'napsal\\(a\\)',
  'napsala',
  'napsal',
  'şunu yazdı',
  'yazdı',
  'rakstīja',
  'írta',
  'a scris',
  'έγραψε',
  'kirjutas',
  'parašė',
  'je napisal',
  'napisao je',
  '写道',
  'のメッセージ',
  '작성',
];

/** An attribution: any text ending in a "wrote" verb and a colon (or Zoho's "wrote ----"). */
export const ATTRIBUTION = new RegExp(
  `^\\s*(?:-{2,}\\s*)?.{0,400}?${words(WROTE.join('|'))}(?:[^:：]{0,200}?[:：]|\\s*-{2,})\\s*$`,
  'iu',
);
/** Attributions without a verb (Gmail in Russian, ISO-dated Gmail): a date and an address, then a colon. */
export const BARE_ATTRIBUTION = /^\s*.{0,200}?<[^<>\s]+@[^<>\s]+>\)?\s*:\s*$/u;

const ADDRESS = /[^\s<>()‹›"]+@[^\s<>()‹›"]+\.[a-z]{2,}/iu;
const TIME = /(?<!\d)\d{1,2}[:.]\d{2}(?!\d)/u;
const DATE = /(?<!\d)(?:\d{1,4}[-./]\d{1,2}[-./]\d{2,4}|(?:19|20)\d{2})(?!\d)/u;
const YOU = new RegExp(words('you|je|jij|u|du|vous|tu|usted'), 'iu');

/** Evidence that attribution-like text really is one: an address, or a date with a time. */
export function attributionEvidence(text: string): boolean {
  if (ADDRESS.test(text)) return true;
  if (TIME.test(text) && (DATE.test(text) || YOU.test(text))) return true;
  return false;
}

/** Outlook and webmail separators above a quoted mail. */
export const ORIGINAL_MESSAGE = new RegExp(
  `^\\s*-{2,}\\s*${words(
    [
      'original message',
      'reply message',
      'oorspronkelijk bericht',
      'origineel bericht',
      'ursprüngliche nachricht',
      'original nachricht',
      'originalnachricht',
      "message d[’']origine",
      'mensaje original',
      'messaggio originale',
      'mensagem original',
      'ursprungligt meddelande',
      'oprindelig (?:meddelelse|besked)',
      'opprinnelig melding',
      'wiadomość oryginalna',
      'oryginalna wiadomość',
      'исходное сообщение',
      'alkuperäinen viesti',
    ].join('|'),
  )}\\s*-{2,}\\s*$`,
  'iu',
);
/** A line of underscores or dashes (Outlook on the web, some webmail) before a header block. */
export const RULE_LINE = /^\s*(?:_{8,}|-{8,}|={8,})\s*$/;

/** Markers above a forwarded mail. */
export const FORWARD_MARKER = new RegExp(
  `^\\s*(?:-{2,}\\s*${words(
    [
      'forwarded message',
      'forwarded e-?mail',
      'doorgestuurd bericht',
      'doorgestuurde e-?mail',
      'weitergeleitete nachricht',
      'message transféré',
      'mensaje reenviado',
      'messaggio inoltrato',
      'mensagem encaminhada',
      'vidarebefordrat meddelande',
      'videresendt (?:meddelelse|melding|besked)',
      'przekazana wiadomość',
      'пересылаемое сообщение',
    ].join('|'),
  )}\\s*-{2,}|>?\\s*${words(
    [
      'begin forwarded message',
      'begin doorgestuurd bericht',
      'anfang der weitergeleiteten nachricht',
      'début du message réexpédié',
      'inicio del mensaje reenviado',
      'inizio messaggio inoltrato',
      'início da mensagem reencaminhada',
      'vidarebefordrat brev',
      'start på videresendt (?:besked|meddelelse)',
      'videresendt melding',
      'początek przekazywanej wiadomości',
    ].join('|'),
  )}\\s*:)\\s*$`,
  'iu',
);

/** "From:" of a quoted or forwarded header block, in the programs' languages. */
export const HEADER_FROM = new RegExp(
  `^\\s*>?\\s*\\*?${words(
    'from|van|von|de|da|fra|från|od|от|від|lähettäjä|kimden|feladó|remetente|mittente|absender',
  )}\\s*\\*?\\s*:\\s*\\*?\\s*\\S`,
  'iu',
);
/** The other fields of such a block: Sent/Date, To, Cc, Subject. */
export const HEADER_OTHER = new RegExp(
  `^\\s*>?\\s*\\*?${words(
    [
      'sent|date|to|cc|bcc|subject|reply-to',
      'verzonden|datum|aan|onderwerp',
      'gesendet|an|betreff|kopie',
      "envoyé|à|objet|copie|date d[’']envoi",
      'enviado|fecha|para|asunto',
      'inviato|data|a|oggetto|cc',
      'enviada|assunto',
      'skickat|till|ämne|kopia',
      'sendt|dato|til|emne',
      'wysłano|wysłane|do|temat|dw',
      'отправлено|дата|кому|тема|копия',
      'надіслано|тема',
      'lähetetty|päivämäärä|vastaanottaja|aihe',
    ].join('|'),
  )}\\s*\\*?\\s*:`,
  'iu',
);

/** Lines phone and mail apps append, in full (a sentence that merely starts like one is not one). */
export const DEVICE_LINE = new RegExp(
  `^\\s*(?:${[
    // en
    "sent from my (?:[\\w’'.-]+ ){0,4}?(?:iphone|ipad|ipod|android|samsung|galaxy|mobile|phone|smartphone|tablet|blackberry|huawei|xiaomi|device|pixel|oneplus|nokia|motorola)[\\w ,.’'-]{0,40}",
    'sent from (?:yahoo mail|outlook|mail|aol mail|proton ?mail)(?: for (?:ios|android|windows(?: 1[01])?|iphone|mac))?',
    'sent from samsung mobile',
    'sent via the samsung galaxy[\\w ,.-]{0,40}',
    'sent with (?:sparrow|proton ?mail|blackberry|airmail|spark)[^\\n]{0,60}',
    'get outlook for (?:ios|android)',
    'download outlook for (?:ios|android)',
    // nl
    '(?:verzonden|verstuurd) (?:vanaf|vanuit|met|via|van) (?:mijn |de )?(?:iphone|ipad|samsung|galaxy|huawei|android|mobiel|telefoon|smartphone|tablet|outlook|mail voor windows|yahoo|blackberry)[\\w ,.-]{0,40}',
    'outlook voor (?:ios|android) (?:downloaden|ophalen)',
    'download outlook voor (?:ios|android)',
    // de
    'von meinem (?:iphone|ipad|samsung|galaxy|smartphone|handy|mobiltelefon|android)[\\w ,.-]{0,40} gesendet',
    'gesendet von (?:meinem )?(?:iphone|ipad|samsung|galaxy|smartphone|outlook|mail für windows|yahoo)[\\w ,.-]{0,40}',
    'gesendet mit (?:der )?(?:gmx|web\\.de|1&1) mail app',
    'outlook für (?:ios|android) (?:herunterladen|beziehen)',
    // fr
    "envoyé (?:de|depuis) (?:mon |l[’']application )?(?:iphone|ipad|samsung|appareil|galaxy|smartphone|mobile|outlook|yahoo)[\\w ,.’'-]{0,40}",
    '(?:télécharger|obtenir) outlook pour (?:ios|android)',
    // es
    'enviado desde mi (?:iphone|ipad|galaxy|samsung|smartphone|dispositivo|móvil|movil|android)[\\w ,.-]{0,40}',
    'enviado desde (?:outlook|yahoo)[\\w ,.-]{0,40}',
    'obtener outlook para (?:ios|android)',
    // it
    'inviato da (?:iphone|ipad|il mio|outlook|yahoo)[\\w ,.-]{0,40}',
    'scarica outlook per (?:ios|android)',
    // pt
    'enviado do meu (?:iphone|ipad|smartphone|galaxy|samsung|android)[\\w ,.-]{0,40}',
    'enviado do (?:outlook|yahoo)[\\w ,.-]{0,40}',
    '(?:baixe o|obter o) outlook para (?:ios|android)',
    // sv, da, no
    'skickat från min (?:iphone|ipad|samsung|galaxy|mobil|android)[\\w ,.-]{0,40}',
    'hämta outlook för (?:ios|android)',
    'sendt fra min (?:iphone|ipad|samsung|galaxy|mobil|android)[\\w ,.-]{0,40}',
    'hent outlook til (?:ios|android)',
    'få outlook for (?:ios|android)',
    // pl
    "wysłane z (?:mojego )?(?:iphone[’']?a?|ipada?|samsung|telefonu|urządzenia|smartfona|galaxy)[\\w ,.-]{0,40}",
    'pobierz aplikację outlook dla [\\w ]{1,30}',
    // ru
    'отправлено с (?:моего )?(?:iphone|ipad|samsung|android|мобильного)[\\w ,.-]{0,40}',
  ].join('|')})\\s*(?:<https?:[^>\\s]*>)?\\s*\\.?\\s*$`,
  'iu',
);

/** A closing phrase alone on its line, maybe with the writer's name after it ("Groetjes Fatima"). */
export const CLOSING = new RegExp(
  `^\\s*${words(
    [
      // nl
      'met (?:vriendelijke|hartelijke|lieve) groet(?:en)?',
      '(?:vriendelijke|hartelijke|hele lieve|lieve|warme) groet(?:en|jes)?',
      'groet(?:en|jes)?',
      'mvg',
      'm\\.v\\.g\\.?',
      'gr\\.?',
      'liefs',
      'dank(?: je wel| u wel|jewel)?',
      'bedankt(?: alvast)?',
      'alvast bedankt',
      'tot ziens',
      // en
      '(?:kind|best|warm|warmest|kindest) regards',
      'regards',
      'best wishes',
      'best',
      'thanks(?: so much| again| a lot)?',
      'thank you(?: so much| again)?',
      'many thanks',
      'cheers',
      'sincerely',
      'yours(?: sincerely| truly| faithfully)?',
      'all the best',
      'take care',
      // de
      'mit freundlichen grüßen',
      '(?:freundliche|viele|beste|liebe|herzliche) grüße',
      'lg',
      'mfg',
      'vg',
      'gruß',
      'grüße',
      'danke(?: schön)?',
      // fr
      '(?:bien )?cordialement',
      'bien à (?:vous|toi)',
      'salutations',
      'merci(?: beaucoup)?',
      'bonne journée',
      'amicalement',
      'bises',
      'bisous',
      // es
      'saludos(?: cordiales)?',
      'un saludo',
      'atentamente',
      'gracias',
      'un abrazo',
      'abrazos',
      // it
      '(?:cordiali|distinti) saluti',
      'saluti',
      'un saluto',
      'grazie(?: mille)?',
      // pt
      'atenciosamente',
      '(?:com os melhores )?cumprimentos',
      'obrigad[oa]',
      'abraços?',
      'beijos',
      // sv, da, no
      'med vänliga hälsningar',
      'vänliga hälsningar',
      'mvh',
      'hälsningar',
      'tack',
      'med venlig hilsen',
      'venlig hilsen',
      'med vennlig hilsen',
      'vennlig hilsen',
      'hilsen',
      'tak',
      'takk',
      // pl
      'pozdrawiam(?: serdecznie)?',
      'serdecznie pozdrawiam',
      'z poważaniem',
      'dziękuję',
    ].join('|'),
  )}\\s*[,.!]?\\s*((?:[\\p{Lu}\\p{Ll}][\\p{L}'’.-]*(?:\\s+[\\p{L}'’.-]+){0,2})?)\\s*$`,
  'iu',
);

const PHONE = /(?:\+|\(?0)\d[\d\s\-/().]{6,}\d/u;
// "Tel: 020 …", "Cell. 333 1234567", "GSM 0478 …": a label and mostly digits.
const LABELLED_PHONE = new RegExp(
  `^\\s*${words('tel|tel\\.|telefoon|telefon|phone|mobile|mobiel|mob|cell|cel|gsm|handy|t|m')}\\.?:?\\s*[+(]?\\d[\\d\\s\\-/().]{5,}\\d\\s*$`,
  'iu',
);
const URL = /(?:https?:\/\/|www\.)\S+|[\w-]+\.(?:nl|be|com|org|net|eu|de|fr)(?:\/\S*)?$/iu;

/** A contact line of a signature block: phone, URL or address. */
export function isContactLine(line: string): boolean {
  return PHONE.test(line) || LABELLED_PHONE.test(line) || URL.test(line) || ADDRESS.test(line);
}

/** A short line that could be a name, a job title, a company or a street: no sentence. */
export function isShortSignatureLine(line: string): boolean {
  const l = line.trim();
  return l.length > 0 && l.length <= 60 && !/[?!]$/.test(l) && !/[.;]\s+\p{Lu}/u.test(l) && l.split(/\s+/).length <= 8;
}

/** The writer's name under a closing phrase: a few words, no digits, no sentence. */
export function isNameLine(line: string): boolean {
  const l = line.trim();
  return (
    l.length > 0 &&
    l.length <= 40 &&
    !/\d/.test(l) &&
    !/[?!:;]$/.test(l) &&
    l.split(/\s+/).length <= 4 &&
    !ADDRESS.test(l)
  );
}
