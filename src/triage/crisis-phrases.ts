/**
 * Crisis phrases (suicidal thoughts, self-harm), Dutch and English. Patterns run on normalised
 * text (lower case, no accents, straight apostrophes, single spaces). `ownNegation` marks phrases
 * that contain a negation themselves ("ik wil er niet meer zijn"), so only words before them can
 * negate them. Maintained here with the labelled set in test/fixtures/triage; add a message there
 * for every phrase added or removed.
 */
export interface CrisisPhrase {
  id: string;
  lang: 'nl' | 'en';
  pattern: RegExp;
  ownNegation?: boolean;
}

const W = '[a-z]+'; // one word
/** Reflexive objects: the writer, or the person they worry about. */
const ME = '(?:mezelf|mijzelf|me|mij|zichzelf|zich|haarzelf|hemzelf|jezelf)';

export const CRISIS_PHRASES: CrisisPhrase[] = [
  // Dutch
  { id: 'nl-zelfmoord', lang: 'nl', pattern: /\b(?:zelfmoord\w*|suicid\w*|zelfdoding\w*)/ },
  {
    id: 'nl-er-niet-meer-zijn',
    lang: 'nl',
    pattern:
      /\bwil(?:t|de)? (?:er )?niet meer (?:zijn|leven|bestaan|wakker worden)\b|\b(?:er )?niet meer (?:wil|wilt|wilde) (?:zijn|leven|bestaan)\b/,
    ownNegation: true,
  },
  {
    id: 'nl-niet-meer-zitten',
    lang: 'nl',
    pattern: /\bzie (?:het|t) (?:echt |helemaal )?niet meer zitten\b/,
    ownNegation: true,
  },
  {
    id: 'nl-dood-willen',
    lang: 'nl',
    pattern: new RegExp(
      `\\b(?:wil|wou|zou) (?:${W} ){0,2}dood\\b(?: (?:zijn|gaan))?|\\bdood willen\\b|\\bdoodgaan wil\\b`,
    ),
  },
  {
    id: 'nl-einde-maken',
    lang: 'nl',
    pattern: new RegExp(
      `\\b(?:einde|eind) aan (?:mijn|m'n|het) (?:leven|bestaan) (?:te )?maken\\b|\\ber (?:een|n) (?:einde|eind) aan (?:te )?maken\\b|\\b${ME} (?:van kant|het leven) (?:te )?(?:maken|benemen)\\b`,
    ),
  },
  { id: 'nl-zelfbeschadiging', lang: 'nl', pattern: /\bzelfbeschadig\w*|\bzelfverwond\w*/ },
  {
    id: 'nl-mezelf-pijn',
    lang: 'nl',
    pattern: new RegExp(
      `\\b${ME} (?:${W} )?(?:pijn (?:te )?doen|snijden|snij|sneed|krassen|kras|verwonden|beschadigen|(?:iets|wat) (?:aandoen|aandoe|aandeed|aan te doen))\\b` +
        `|\\b(?:doe|deed|snij\\w*|sneed|kras\\w*|verwond\\w*|beschadig\\w*) (?:ik |hij |ze |zij )?${ME}(?: (?:weer|soms|vaak|nog))?(?: pijn)?\\b`,
    ),
  },
  {
    id: 'nl-snijden',
    lang: 'nl',
    pattern:
      /\b(?:snij\w*|sneed|kras\w*) (?:in )?(?:mijn|m'n|zijn|z'n|haar|je) (?:armen|arm|benen|been|polsen|pols)\b|\bin (?:mijn|m'n|zijn|z'n|haar) (?:armen|arm|benen|been|polsen|pols) (?:gesneden|gekrast)\b/,
  },
  {
    id: 'nl-pillen',
    lang: 'nl',
    pattern:
      /\b(?:alle|al mijn|een hoop|een handvol|een doos) (?:pillen|tabletten|slaappillen)\b.*\b(?:innemen|slikken|nemen)\b/,
  },
  {
    id: 'nl-springen',
    lang: 'nl',
    pattern: /\b(?:voor de trein|van (?:het|een) (?:dak|flat|brug)) (?:springen|te springen)\b/,
  },
  // English
  {
    id: 'en-suicide',
    lang: 'en',
    pattern:
      /\bsuicid\w*|\bkill(?:ing|s)? (?:myself|herself|himself|themselves|yourself)\b|\bkms\b|\btake (?:my|her|his|their) (?:own )?life\b|\bend(?:ing)? (?:my|her|his|their) life\b|\bend(?:ing)? it all\b/,
  },
  {
    id: 'en-self-harm',
    lang: 'en',
    pattern:
      /\bself[- ]?harm\w*|\bself[- ]?injur\w*|\b(?:hurt|cut|harm)(?:s|ing|ting)? (?:myself|herself|himself|themselves)\b/,
  },
  {
    id: 'en-want-to-die',
    lang: 'en',
    pattern: /\b(?:want|wanna|wish|going) (?:to )?(?:die|be dead)\b|\bbetter off dead\b/,
  },
  {
    id: 'en-not-alive',
    lang: 'en',
    pattern:
      /\b(?:don't|do not|no longer|dont) (?:want|wish) to (?:live|be alive|be here|exist|wake up)\b|\bcan't go on\b|\bcannot go on\b/,
    ownNegation: true,
  },
];

/** Names and idioms that contain a phrase but are not about anyone's life; removed before matching. */
export const NOT_CRISIS: RegExp[] = [/\bsuicide squad\b/g, /\bzelfmoordbrug\b/g];

/** Words that negate a phrase in the same clause shortly before it (or inside it). */
export const NEGATIONS = new Set([
  'niet',
  'geen',
  'nooit',
  'nee',
  'zonder',
  'niks',
  'niets',
  'not',
  'no',
  'never',
  "don't",
  'dont',
  "doesn't",
  "didn't",
  "isn't",
  "wasn't",
  "aren't",
  "haven't",
  "won't",
  'without',
  'nothing',
]);

/** How many words before a phrase a negation may stand. */
export const NEGATION_WINDOW = 4;
