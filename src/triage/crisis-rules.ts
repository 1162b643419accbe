/**
 * The crisis triage's rules, as data a supervisor can read and change. Each rule belongs to one
 * family of warning signs named by suicide-prevention research and helplines (113, 1813).
 *
 * How a rule reads (`match`):
 * - words are matched after normalising (lower case, no accents, "m'n" → "mijn", "don't" → "do not",
 *   Flemish "nie" → "niet"); `stem*` matches every word starting with `stem` (zelfmoord* matches
 *   zelfmoordgedachten);
 * - `a|b` is a choice; a choice may be several words in a row (`beter af|beter zonder`);
 * - ` … ` between parts allows up to `gap` other words in between (default 3), so "ik wil echt
 *   gewoon dood" matches `wil … dood`; parts must come in this order unless `anyOrder`;
 * - `$` is the end of the sentence part (so `ik wil niet meer $` does not match "ik wil niet meer
 *   naar school").
 * A rule counts unless a negation ("niet", "geen", "nooit", "not", "never", …) stands just before
 * it or between its parts in the same clause, unless one of its `unless` words occurs in the same
 * sentence (figures of speech and other contexts: school work, cooking, a farewell party), and
 * unless an idiom (IDIOMS below) covers it.
 *
 * Every change here must come with messages in test/fixtures/triage/labelled.json (tuning part
 * only): the held-out part is for measuring, never for tuning.
 */

export type FamilyId =
  | 'suicidal-thoughts'
  | 'wish-to-die'
  | 'burden'
  | 'goodbye'
  | 'plan-means'
  | 'hopelessness'
  | 'sleep-forever'
  | 'attempt'
  | 'self-harm'
  | 'someone-else';

/** The families of warning signs, in the order the staff page names them. */
export const FAMILIES: { id: FamilyId; nl: string; en: string }[] = [
  { id: 'suicidal-thoughts', nl: 'gedachten aan zelfdoding', en: 'suicidal thoughts' },
  { id: 'wish-to-die', nl: 'dood willen, niet meer willen leven', en: 'wanting to die, not wanting to live' },
  { id: 'burden', nl: 'zich een last voelen', en: 'perceived burden' },
  { id: 'goodbye', nl: 'afscheid nemen', en: 'saying goodbye' },
  { id: 'plan-means', nl: 'een plan, middel of datum', en: 'a plan, means or a date' },
  { id: 'hopelessness', nl: 'hopeloosheid, willen dat alles stopt', en: 'hopelessness, wanting everything to stop' },
  { id: 'sleep-forever', nl: 'voor altijd willen slapen', en: 'wanting to sleep forever' },
  { id: 'attempt', nl: 'een recente poging', en: 'a recent attempt' },
  { id: 'self-harm', nl: 'zelfbeschadiging', en: 'self-harm' },
  { id: 'someone-else', nl: 'zorgen om iemand anders', en: 'worry about someone else' },
];

export interface CrisisRule {
  id: string;
  family: FamilyId;
  /** The language of the rule's words; 'nl+en' for a rule with the words of both. */
  lang: 'nl' | 'en' | 'nl+en';
  match: string;
  /** Other words allowed between two parts (default 3). */
  gap?: number;
  /** Parts may come in any order, all within `gap` words of each other. */
  anyOrder?: boolean;
  /** Words (stems allowed) that, anywhere in the same sentence, mean the rule does not apply. */
  unless?: string[];
  /**
   * A weak sign: common in ordinary distress too ("ik kan niet meer", "bedankt voor alles"), so it
   * flags a message only together with another sign (weight 1 instead of 2; see CRISIS_SCORE).
   */
  weak?: boolean;
}

/** The score from which a message is a crisis: one strong sign (2) or two different weak signs (1 each). */
export const CRISIS_SCORE = 2;

/**
 * Filler words dropped before matching: they never carry a sign, and without them a rule needs no
 * room for "ik wil echt gewoon dood" or "thinking about ending it tbh". No rule may use one.
 */
export const FILLERS = [
  'echt',
  'gewoon',
  'serieus',
  'eigenlijk',
  'allee',
  'amai',
  'hoor',
  'ofzo',
  'ofzoiets',
  'tbh',
  'ngl',
  'honestly',
  'literally',
  'really',
  'fr',
  'srsly',
  'seriously',
  'rn',
  'kinda',
  'actually',
  'basically',
  'lowkey',
];

/**
 * A sentence with one of these is about the past ("vroeger sneed ik mezelf", "I used to self-harm
 * as a teenager, years ago"): its signs do not count, unless a word of NOW_CONTEXT says it is back.
 * Recent past ("vorige week", "last night") is not in this list: a recent attempt is a sign.
 */
export const PAST_CONTEXT = [
  'vroeger',
  'jaren geleden',
  'jaar geleden',
  'lang geleden',
  'destijds',
  'in het verleden',
  'toen ik jong|toen ik klein|toen ik kind|toen ik tiener|toen ik puber|toen ik student',
  'als tiener|als puber|als kind',
  'years ago',
  'year ago',
  'long ago',
  'used to',
  'back then',
  'in the past',
  'as a teenager|as a teen|as a kid|as a child|when i was younger|when i was a teenager|when i was little',
];
/**
 * A clause about a story, a school subject or the news ("een boek over een jongen die niet meer wil
 * leven", "on the news someone jumped from the bridge"): its signs do not count.
 */
export const STORY_CONTEXT = [
  'boek|roman|verhaal|gedicht|film|serie|documentaire|personage|hoofdpersoon',
  'werkstuk|verslag|spreekbeurt|scriptie|opdracht',
  'nieuws|krant|artikel',
  'book|novel|story|poem|movie|film|series|documentary|character',
  'essay|assignment|homework|report on',
  'news|newspaper|article',
];

/** Words that say a sign from the past is back ("weer", Flemish "terug", "again", "lately"). */
export const NOW_CONTEXT = [
  'weer',
  'opnieuw',
  'terug',
  'laatste tijd',
  'nog steeds',
  'nog altijd',
  'tegenwoordig',
  'again',
  'lately',
  'still',
  'these days',
  'recently',
];

// Word lists used by several rules.
const SELF_NL = 'mezelf|mijzelf|me|mij';
const OTHER_SELF_NL = 'zichzelf|zich|haarzelf|hemzelf';
const BODY_NL = 'arm|armen|pols|polsen|been|benen|dij|dijen|buik|huid|lichaam';
const BODY_EN = 'arm|arms|wrist|wrists|leg|legs|thigh|thighs|stomach|skin|body';
const SELF_EN = 'myself';
const OTHER_SELF_EN = 'himself|herself|themselves|themself';
/** Contexts in which the words are about something else than the writer's or someone's life now. */
const STUDY = [
  'werkstuk*',
  'spreekbeurt*',
  'scriptie*',
  'eindwerk*',
  'opdracht*',
  'presentatie*',
  'onderzoek*',
  'preventie*',
  'documentaire*',
  'boek*',
  'serie*',
  'film*',
  'essay*',
  'assignment*',
  'presentation*',
  'research*',
  'prevention',
  'awareness',
  'documentar*',
  'class',
  'lesson*',
  'squad',
  'statistic*',
  'statistiek*',
  'course',
  'cursus',
  'opleiding',
  'training',
  'nursing',
  'verpleeg*',
  'warning signs',
  'signalen',
];
const ACCIDENT = [
  'koken',
  'kook*',
  'keuken',
  'groente*',
  'oven',
  'blikje',
  'scheren',
  'per ongeluk',
  'ongeluk*',
  'vinger',
  'duim',
  'cooking',
  'kitchen',
  'shaving',
  'kettle',
  'accident*',
  'finger',
  'thumb',
  'haar',
  'hair',
  'nagels',
  'nails',
];
/** Something ended or stopped that is not a life. */
const OTHER_THINGS = [
  'roken',
  'drinken',
  'relatie',
  'studie',
  'school',
  'werk',
  'baan',
  'abonnement',
  'boyfriend',
  'girlfriend',
  'vriendje',
  'vriendinnetje',
  'contract',
  'smoking',
  'drinking',
  'relationship',
  'job',
  'membership',
  'subscription',
  'neighbours',
  'neighbors',
  'buren',
  'lawaai',
  'noise',
];

export const CRISIS_RULES: CrisisRule[] = [
  // ── suicidal thoughts: the words themselves ────────────────────────────────────────────────
  {
    id: 'nl.suicide-word',
    family: 'suicidal-thoughts',
    lang: 'nl',
    match: 'zelfmoord*|zelfdoding*|suicid*|suicida*',
    unless: [...STUDY, 'gepleegd', 'pleegde', 'pleegt', 'begrafenis', '113', '1813'],
  },
  {
    id: 'en.suicide-word',
    family: 'suicidal-thoughts',
    lang: 'en',
    match: 'suicid*|kms|unalive*',
    unless: [...STUDY, 'committed', 'commit', 'funeral', 'died'],
  },
  {
    id: 'nl.van-kant-maken',
    family: 'suicidal-thoughts',
    lang: 'nl',
    match: `${SELF_NL}|${OTHER_SELF_NL} … van kant|het leven … maken|nemen|benemen|te maken|te nemen`,
    gap: 2,
  },
  {
    id: 'nl.einde-aan-leven',
    family: 'suicidal-thoughts',
    lang: 'nl',
    match: 'einde|eind|punt … aan|achter … mijn leven|zijn leven|haar leven|het leven|mijn bestaan|alles|het allemaal',
    gap: 2,
  },
  {
    id: 'nl.er-een-einde-aan',
    family: 'suicidal-thoughts',
    lang: 'nl',
    match: 'er … een einde|een eind|een punt … aan|achter … maken|te maken|zetten|te zetten|maak|maakt',
    gap: 2,
    unless: OTHER_THINGS,
  },
  {
    id: 'en.kill-myself',
    family: 'suicidal-thoughts',
    lang: 'en',
    match: 'kill|killing|kills|killed … myself',
    gap: 1,
    unless: ['laugh*', 'game', 'level'],
  },
  {
    id: 'en.end-my-life',
    family: 'suicidal-thoughts',
    lang: 'en',
    match: 'end|ending|take|taking … my life|my own life|it all|my existence',
    gap: 2,
  },
  {
    id: 'en.end-it',
    family: 'suicidal-thoughts',
    lang: 'en',
    match: 'end it|ending it … $|this weekend|tonight|soon|for good|all',
    gap: 0,
  },

  // ── wanting to die, not wanting to live ────────────────────────────────────────────────────
  {
    id: 'nl.wil-dood',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'wil|wilt|wou|wilde|willen|zou|hoop|wens … dood|sterven|doodgaan|dood zijn|dood gaan',
    gap: 3,
    unless: ['schaam*', 'lach*', 'verveel*', 'honger', 'dorst', 'moe', 'bang', 'opa', 'oma', 'ziek'],
  },
  {
    id: 'nl.niet-meer-leven',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'wil|wilt|wou|wilde|willen … er niet meer|niet meer|niet langer … zijn|leven|bestaan $',
    gap: 3,
  },
  {
    id: 'nl.niet-meer-leven-2',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'niet meer|niet langer … leven|bestaan|willen leven|wil leven',
    gap: 1,
  },
  {
    id: 'nl.wil-niet-meer',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'ik … wil|kan … niet meer $',
    gap: 0,
    unless: ['kapot', 'moe', 'verhuis*', 'examen*'],
  },
  {
    id: 'nl.nooit-geboren',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'nooit … geboren',
    gap: 2,
  },
  {
    id: 'en.never-born',
    family: 'wish-to-die',
    lang: 'en',
    match: 'never … been born|born',
    gap: 2,
  },
  {
    id: 'en.rather-be-dead',
    family: 'wish-to-die',
    lang: 'en',
    match: 'rather … be dead|die|not be alive|not exist',
    gap: 1,
    unless: ['haha', 'lol', 'outfit', 'seen', 'lmao'],
  },
  {
    id: 'en.want-to-die',
    family: 'wish-to-die',
    lang: 'en',
    match: 'want|wanna|wish|wishing|wanted|going|ready … to die|to be dead|i was dead|i were dead',
    gap: 2,
    unless: ['laugh*', 'embarrass*', 'know', '94', 'ill', 'old', 'cancer'],
  },
  {
    id: 'en.better-off-dead',
    family: 'wish-to-die',
    lang: 'en',
    match: 'better off dead',
  },
  {
    id: 'en.not-alive',
    family: 'wish-to-die',
    lang: 'en',
    match: 'do not|no longer|not … want|wish … to live|to be alive|to be here|to exist|to go on',
    gap: 2,
  },

  // Broad fields: a word for living or dying with a word of finality, in the writer's own voice.
  {
    id: 'nl.leven-en-einde',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'liever|niet meer|nooit meer|niet langer|wou dat|wilde dat … dood|leven|levend|bestaan|geboren|wakker',
    gap: 3,
    unless: [
      'opa',
      'oma',
      'ziek',
      'baby',
      'zoontje',
      'dochtertje',
      'kinderen',
      'school',
      'feest*',
      'werk',
      'hond',
      'kat',
    ],
  },
  {
    id: 'en.life-and-end',
    family: 'wish-to-die',
    lang: 'en',
    match: 'rather|no longer|anymore|never|wish i … dead|die|alive|living|born|exist|wake up',
    gap: 3,
    anyOrder: true,
    unless: [
      'haha',
      'lol',
      'outfit',
      'baby',
      'kids',
      'son',
      'daughter',
      'laugh*',
      'character',
      'level',
      'game',
      '94',
      'ill',
      'grandfather',
      'grandmother',
      'dog',
      'cat',
    ],
  },
  {
    id: 'nl.weg-voorgoed',
    family: 'goodbye',
    lang: 'nl',
    match: 'weg|verdwijnen|verdwenen|er niet meer … voorgoed|voor altijd|niet lang meer|binnenkort',
    gap: 3,
    anyOrder: true,
    unless: ['vakantie', 'verhuis*', 'reis*', 'zee', 'eiland', 'weekje', 'even'],
  },
  {
    id: 'en.gone-for-good',
    family: 'goodbye',
    lang: 'en',
    match: 'gone|disappear|disappeared|leave|leaving|around … for good|forever|much longer|for long',
    gap: 3,
    unless: ['holiday', 'vacation', 'travel*', 'summer', 'trip', 'moving', 'week', 'job'],
  },
  {
    id: 'nl.middel-voor-als',
    family: 'plan-means',
    lang: 'nl',
    match: 'mes|mesje|scheermesje|touw|pillen|tabletten|medicijnen … voor als|voor het geval|klaar|liggen|verstopt',
    gap: 6,
    unless: ['keuken', 'koken', 'kamperen', 'schommel', 'huisarts', 'voorgeschreven', 'vergeten'],
  },
  {
    id: 'en.means-just-in-case',
    family: 'plan-means',
    lang: 'en',
    match: 'blade|razor|knife|rope|pills|tablets … for when|just in case|in case|for the bad days|hidden|ready',
    gap: 6,
    unless: ['kitchen', 'cooking', 'camping', 'doctor', 'prescribed', 'forget*'],
  },

  // ── perceived burden ───────────────────────────────────────────────────────────────────────
  {
    id: 'nl.beter-af-zonder-mij',
    family: 'burden',
    lang: 'nl',
    match: 'beter|gelukkiger … af|zonder … zonder mij|zonder me|als ik weg|als ik er niet',
    gap: 3,
  },
  {
    id: 'nl.zonder-mij-beter',
    family: 'burden',
    lang: 'nl',
    match: 'zonder mij|zonder me … beter',
    gap: 4,
  },
  {
    id: 'nl.last-voor',
    family: 'burden',
    lang: 'nl',
    match: 'ben|voel … een last|tot last|blok aan het been|alleen maar last',
    gap: 3,
    unless: ['thuis woon*', 'kamer', 'geld'],
  },
  {
    id: 'nl.niemand-zou-missen',
    family: 'burden',
    lang: 'nl',
    match: 'niemand|zouden … zou|zouden|mij|me … missen|merken … als ik|moest ik|mocht ik',
    gap: 3,
    anyOrder: false,
  },
  {
    id: 'nl.niet-missen',
    family: 'burden',
    lang: 'nl',
    match: 'niemand zou|zouden mij toch niet|zouden me toch niet|zou me niet|zou mij niet … missen',
    gap: 2,
  },
  {
    id: 'nl.in-de-weg',
    family: 'burden',
    lang: 'nl',
    match: 'sta|ben … iedereen|jullie|ze … in de weg',
    gap: 3,
  },
  {
    id: 'nl.beter-als-ik-er-niet',
    family: 'burden',
    lang: 'nl',
    match:
      'beter|fijner|makkelijker|blij|opgelucht|gelukkiger … als ik er niet meer|als ik weg|dat ik er niet meer|moest ik weg|mocht ik weg|moest ik er niet meer|mocht ik er niet meer',
    gap: 4,
  },
  {
    id: 'en.better-off-without-me',
    family: 'burden',
    lang: 'en',
    match: 'better|happier … off … without me|if i was gone|if i were gone|if i was not around|if i were not around',
    gap: 3,
  },
  {
    id: 'en.better-without-me',
    family: 'burden',
    lang: 'en',
    match:
      'better|happier|easier|fine|simpler|relieved … without me|if i … was not|were not|was no longer|was gone|were gone|disappeared',
    gap: 4,
  },
  {
    id: 'en.dragging-down',
    family: 'burden',
    lang: 'en',
    match: 'dragging|drag|pulling … everyone|everybody|them|you all … down',
    gap: 1,
  },
  {
    id: 'en.burden',
    family: 'burden',
    lang: 'en',
    match: 'am|feel|just|feel like … a burden|a weight|a burden to',
    gap: 3,
    unless: ['excel', 'ask*', 'help with'],
  },
  {
    id: 'en.nobody-would-miss',
    family: 'burden',
    lang: 'en',
    match: 'nobody|no one|noone … would … miss me|notice if i disappeared|notice if i was gone|care if i',
    gap: 2,
  },
  {
    id: 'en.disappeared-for-good',
    family: 'burden',
    lang: 'en',
    match: 'if i … disappeared|was gone|were gone|died … for good|forever',
    gap: 1,
  },
  {
    id: 'en.relieved-if-gone',
    family: 'burden',
    lang: 'en',
    match: 'relieved|happier|better … if i was|if i were|if i am … gone|dead|not around',
    gap: 2,
  },

  // ── saying goodbye ─────────────────────────────────────────────────────────────────────────
  {
    id: 'nl.afscheidsbrief',
    family: 'goodbye',
    lang: 'nl',
    match: 'afscheidsbrie*|afscheidsbericht*|laatste brief',
  },
  {
    id: 'nl.spullen-weggeven',
    family: 'goodbye',
    lang: 'nl',
    match:
      'spullen|bezittingen|alles … weggegeven|weggeven|weg te geven|verdeeld|verdelen|verdeel|uitgedeeld|weggeschonken|weggedaan',
    gap: 3,
    unless: [
      'verhuis*',
      'kringloop*',
      'goede doel',
      'marktplaats',
      'opruim*',
      'speelgoed',
      'kleren',
      'kleding',
      'opslag*',
      'dozen',
    ],
  },
  {
    id: 'nl.geef-spullen-weg',
    family: 'goodbye',
    lang: 'nl',
    match: 'geef|gaf|geven … spullen|bezittingen|alles … weg',
    gap: 3,
    unless: ['verhuis*', 'kringloop*', 'goede doel', 'marktplaats', 'opruim*', 'speelgoed', 'kleren', 'kleding'],
  },
  {
    id: 'nl.niet-meer-nodig',
    family: 'goodbye',
    lang: 'nl',
    match: 'heb|hebben … ze|het|die … toch niet meer nodig',
    gap: 1,
  },
  {
    id: 'nl.laatste-bericht',
    family: 'goodbye',
    lang: 'nl',
    match: 'mijn laatste bericht|mijn laatste mail|laatste keer dat ik schrijf',
    unless: ['onderwerp', 'huur*', 'bedankt voor de hulp met', 'dossier', 'sluiten', 'afsluiten'],
  },
  {
    id: 'nl.afscheid-nemen-dan',
    family: 'goodbye',
    lang: 'nl',
    match: 'afscheid … nemen|genomen|neem … dan|voor altijd|voorgoed|gedaan',
    gap: 6,
    unless: ['verhuis*', 'collega*', 'ziekenhuis', 'feest*', 'vrienden', 'begrafenis'],
  },
  {
    id: 'nl.als-ik-er-niet-meer-ben',
    family: 'goodbye',
    lang: 'nl',
    match: 'als|wanneer|zodra … ik er … niet meer ben|niet meer zal zijn|straks niet meer ben|straks niet meer|weg ben',
    gap: 1,
  },
  {
    id: 'nl.testament',
    family: 'goodbye',
    lang: 'nl',
    match: 'testament|wilsverklaring|paswoorden|wachtwoorden|zaken … opgesteld|opgeschreven|geregeld|op orde|klaar',
    gap: 4,
    anyOrder: true,
    unless: ['notaris', 'opa', 'oma', 'ouders', 'vergeten', 'kwijt'],
  },
  {
    id: 'en.affairs-in-order',
    family: 'goodbye',
    lang: 'en',
    match: 'my affairs in order|wrote my will|written my will|made my will|my passwords for|sorting out my affairs',
  },
  {
    id: 'en.goodbye-letter',
    family: 'goodbye',
    lang: 'en',
    match: 'goodbye|farewell|suicide … letter|letters|note|notes|message|messages',
    gap: 1,
    unless: ['colleague*', 'work', 'job', 'party', 'move', 'moving'],
  },
  {
    id: 'en.giving-away',
    family: 'goodbye',
    lang: 'en',
    match: 'giving|gave|give … away … my things|my stuff|my belongings|everything',
    gap: 2,
    anyOrder: true,
    unless: ['charity', 'move', 'moving', 'clothes', 'declutter*', 'old'],
  },
  {
    id: 'en.where-im-going',
    family: 'goodbye',
    lang: 'en',
    match: 'where i am going|when i am gone|after i am gone|when i am dead|before i go',
  },
  {
    id: 'en.last-message',
    family: 'goodbye',
    lang: 'en',
    match: 'my last message|last message to|my final message',
    unless: ['flat', 'case', 'close', 'thanks for the help', 'new'],
  },
  {
    id: 'en.say-goodbye',
    family: 'goodbye',
    lang: 'en',
    match: 'say|said|saying … goodbye … before i|to people|to everyone|for good',
    gap: 3,
    unless: ['colleague*', 'party', 'move', 'moving'],
  },

  {
    id: 'nl.dank-voor-alles',
    family: 'goodbye',
    lang: 'nl',
    // Thanks for everything ends many ordinary messages too: a sign only together with another.
    weak: true,
    match: 'sorry|bedankt|dank … voor alles|voor alles wat … $|dag|vaarwel|doei',
    gap: 2,
    unless: ['huur*', 'hulp met', 'advies', 'brief', 'tips'],
  },
  {
    id: 'nl.sorry-voor-alles',
    family: 'goodbye',
    lang: 'nl',
    match: 'sorry voor alles|vergeef me alles … $|dag|vaarwel',
    gap: 1,
  },
  {
    id: 'en.sorry-for-everything',
    family: 'goodbye',
    lang: 'en',
    match: 'sorry for everything|forgive me for everything … $|bye|goodbye',
    gap: 1,
  },
  {
    id: 'en.not-around-much-longer',
    family: 'goodbye',
    lang: 'en',
    match: 'not be around|not going to be around|not be here|be gone … much longer|for long|anymore soon|by next week',
    gap: 1,
  },

  // ── a plan, means or a date ────────────────────────────────────────────────────────────────
  {
    id: 'nl.touw',
    family: 'plan-means',
    lang: 'nl',
    match: 'touw|strop … gekocht|gehaald|klaar|ligt|hangt|ophangen',
    gap: 5,
    anyOrder: true,
    unless: ['schommel', 'was', 'tent', 'kamperen', 'boot', 'klimmen', 'sport'],
  },
  {
    id: 'nl.mezelf-ophangen',
    family: 'plan-means',
    lang: 'nl',
    match: `${SELF_NL}|${OTHER_SELF_NL} … ophangen|op te hangen|verhangen|verdrinken`,
    gap: 1,
  },
  {
    id: 'nl.pillen-sparen',
    family: 'plan-means',
    lang: 'nl',
    match:
      'pillen|tabletten|slaappillen|medicijnen|medicatie|pilletjes … gespaard|spaar|spaart|opgespaard|verzameld|verzamel|genoeg|allemaal innemen|allemaal slikken|klaarliggen|klaargelegd|klaar liggen',
    gap: 5,
    anyOrder: true,
  },
  {
    id: 'nl.springen',
    family: 'plan-means',
    lang: 'nl',
    match: 'flat|dak|brug|balkon|toren|trein|spoor … springen|spring|te springen|gesprongen|af',
    gap: 3,
    anyOrder: true,
    unless: ['minecraft', 'game', 'spel', 'level', 'zwembad', 'duikplank', 'fietsen'],
  },
  {
    id: 'nl.een-stap',
    family: 'plan-means',
    lang: 'nl',
    match: 'balkon|dak|brug|rand|flat|spoor … een stap|een stapje|nog een stap',
    gap: 8,
    anyOrder: true,
  },
  {
    id: 'nl.spoor-trein',
    family: 'plan-means',
    lang: 'nl',
    match: 'op het spoor|voor de trein|onder de trein|voor een trein|onder een trein',
    unless: ['vertraging', 'gemist', 'te laat'],
  },
  {
    id: 'nl.datum',
    family: 'plan-means',
    lang: 'nl',
    match: 'datum|dag … gekozen|geprikt|bepaald|vastgesteld … gedaan|doen|einde|dan is het',
    gap: 8,
    unless: ['verhuiz*', 'bruiloft', 'feest', 'afspraak'],
  },
  {
    id: 'nl.gedaan-met-mij',
    family: 'plan-means',
    lang: 'nl',
    match: 'gedaan met mij|gedaan met me|ik ben er klaar mee|is het over|is het voorbij met mij',
  },
  {
    id: 'nl.plan-hoe',
    family: 'plan-means',
    lang: 'nl',
    match: 'weet|bedacht … hoe ik het ga doen|hoe ik het doe|hoe ik het zou doen',
    gap: 2,
  },
  {
    id: 'nl.plan-voor',
    family: 'plan-means',
    lang: 'nl',
    match: 'heb … een plan … voor|om … het|er|mezelf|een einde',
    gap: 2,
    unless: ['schuld*', 'afbetal*', 'baas', 'gesprek', 'verhuiz*', 'studie', 'werk'],
  },
  {
    id: 'nl.opgezocht-hoe',
    family: 'plan-means',
    lang: 'nl',
    match:
      'opgezocht|gezocht|gegoogeld|uitgezocht … hoeveel|hoe … pillen|tabletten|je nodig|het moet|het pijnloos|het kan',
    gap: 3,
  },
  {
    id: 'en.rope',
    family: 'plan-means',
    lang: 'en',
    match: 'rope|noose … bought|buy|got|ready|tied',
    gap: 4,
    anyOrder: true,
    unless: ['camping', 'climb*', 'knots', 'swing', 'boat', 'tent', 'ladder', 'treehouse'],
  },
  {
    id: 'en.pills',
    family: 'plan-means',
    lang: 'en',
    match:
      'pills|tablets|meds|medication|painkillers … saving|saved|stockpil*|hoard*|enough|how many … it would take|all of them|up',
    gap: 5,
    anyOrder: true,
  },
  {
    id: 'en.how-many-tablets',
    family: 'plan-means',
    lang: 'en',
    match: 'how many|how much … pills|tablets|meds|medication … it would take|would kill|it takes|would be lethal',
    gap: 3,
  },
  {
    id: 'en.jump',
    family: 'plan-means',
    lang: 'en',
    match: 'bridge|roof|building|train|tracks|balcony|cliff … jump|jumping|jumped|throw myself',
    gap: 8,
    anyOrder: true,
    unless: ['diving', 'pool', 'game', 'minecraft'],
  },
  {
    id: 'en.plan',
    family: 'plan-means',
    lang: 'en',
    match: 'have|made|got … a plan … and i know how|to end|to do it|to kill',
    gap: 3,
    unless: ['boss', 'debt*', 'pay', 'move', 'talk'],
  },
  {
    id: 'en.know-how',
    family: 'plan-means',
    lang: 'en',
    match:
      'i know how i would do it|i know how i will do it|how to do it painlessly|how i would do it|how to do it without pain',
  },
  {
    id: 'en.decided-how',
    family: 'plan-means',
    lang: 'en',
    match:
      'decided|figured out|worked out|planned … how i am going to do it|how i will do it|how to do it|when i will do it|when to do it',
    gap: 1,
  },
  {
    id: 'en.date',
    family: 'plan-means',
    lang: 'en',
    match: 'picked|set|chosen|chose … a date|the date|the day',
    gap: 2,
    unless: ['wedding', 'party', 'move', 'moving', 'appointment'],
  },
  {
    id: 'en.looked-up-how',
    family: 'plan-means',
    lang: 'en',
    match: 'looked up|searched|googled … how to|ways to … do it|end it|die|kill',
    gap: 3,
  },

  // ── hopelessness, wanting everything to stop ───────────────────────────────────────────────
  {
    id: 'nl.niet-meer-zitten',
    family: 'hopelessness',
    lang: 'nl',
    match: 'zie|ziet|zag|zien … het|t … niet meer zitten|niet meer zien zitten $',
    gap: 2,
  },
  {
    id: 'nl.niet-meer-ziet-zitten',
    family: 'hopelessness',
    lang: 'nl',
    match: 'het|t … niet meer … zie|ziet|zag|zien … zitten',
    gap: 1,
  },
  {
    id: 'nl.leven-niet-meer-aan',
    family: 'hopelessness',
    lang: 'nl',
    match: 'kan|kon … het leven|het allemaal|alles … niet meer aan|niet langer aan',
    gap: 1,
  },
  {
    id: 'nl.geef-het-op',
    family: 'hopelessness',
    lang: 'nl',
    match: 'ik geef het op|ik geef alles op … $',
    gap: 0,
  },
  {
    id: 'nl.waarom-nog-hier',
    family: 'hopelessness',
    lang: 'nl',
    match: 'waarom … ben ik nog hier|leef ik nog|besta ik nog|ben ik er nog|ben ik nog hier',
    gap: 2,
  },
  {
    id: 'en.why-still-here',
    family: 'hopelessness',
    lang: 'en',
    match: 'why … am i still here|am i still alive|do i still exist|bother living|keep living|keep going',
    gap: 2,
  },
  {
    id: 'nl.geen-zin-meer-leven',
    family: 'hopelessness',
    lang: 'nl',
    match:
      'geen zin|geen goesting|geen nut|geen reden|geen doel … meer … in het leven|in mijn leven|in leven|om te leven|om door te gaan',
    gap: 2,
  },
  {
    id: 'nl.leven-geen-zin',
    family: 'hopelessness',
    lang: 'nl',
    match: 'leven|bestaan … heeft|is … geen zin meer|zinloos',
    gap: 4,
  },
  {
    id: 'nl.heeft-allemaal-geen-zin',
    family: 'hopelessness',
    lang: 'nl',
    match: 'het heeft|heeft het|het is … geen zin meer $|zinloos $',
    gap: 2,
  },
  {
    id: 'nl.geen-uitweg',
    family: 'hopelessness',
    lang: 'nl',
    match: 'geen uitweg|geen toekomst|geen hoop … meer|voor mij|voor me $',
    gap: 1,
    unless: ['schuld*', 'kredietbank', 'contract'],
  },
  {
    id: 'nl.geen-toekomst',
    family: 'hopelessness',
    lang: 'nl',
    match: 'zie … geen toekomst|geen uitweg meer $',
    gap: 2,
  },
  {
    id: 'nl.alles-stopt',
    family: 'hopelessness',
    lang: 'nl',
    match: 'wil|wou|hoop|wens … dat … alles|het allemaal|het leven|het … stopt|ophoudt|voorbij is|gedaan is',
    gap: 3,
    unless: OTHER_THINGS,
  },
  {
    id: 'nl.moet-ophouden',
    family: 'hopelessness',
    lang: 'nl',
    match: 'het|alles … moet … ophouden|stoppen $',
    gap: 1,
    unless: OTHER_THINGS,
  },
  {
    id: 'nl.leven-beu',
    family: 'hopelessness',
    lang: 'nl',
    match: 'het leven|mijn leven|leven … beu|zat|moe',
    gap: 1,
  },
  {
    id: 'nl.waarvoor-leef',
    family: 'hopelessness',
    lang: 'nl',
    match: 'niks|niets … meer … waarvoor ik leef|om voor te leven|om voor te leven|waarvoor ik nog leef',
    gap: 2,
  },
  {
    id: 'nl.waarom-doorgaan',
    family: 'hopelessness',
    lang: 'nl',
    match: 'waarom … zou ik … nog … doorgaan|verder gaan|leven',
    gap: 1,
  },
  {
    id: 'nl.verdwijnen-voorgoed',
    family: 'hopelessness',
    lang: 'nl',
    match: 'verdwijnen|weg zijn … voorgoed|voor altijd|voor eeuwig',
    gap: 2,
  },
  {
    id: 'en.no-point-living',
    family: 'hopelessness',
    lang: 'en',
    match: 'no point|no reason|pointless … in living|to live|living|going on|of going on|to go on',
    gap: 2,
  },
  {
    id: 'en.nothing-to-live-for',
    family: 'hopelessness',
    lang: 'en',
    match: 'nothing|no one|nobody … left … to live for',
    gap: 1,
  },
  {
    id: 'en.nothing-to-live-for-2',
    family: 'hopelessness',
    lang: 'en',
    match: 'nothing to live for|no reason to live|done with life|tired of life|tired of living|sick of living',
  },
  {
    id: 'en.everything-stop',
    family: 'hopelessness',
    lang: 'en',
    match: 'want|wish|need … everything|it all|all of it|the pain|life … to stop|to end|to be over',
    gap: 2,
    unless: OTHER_THINGS,
  },
  {
    id: 'en.cant-go-on',
    family: 'hopelessness',
    lang: 'en',
    match: 'can not|cannot|could not … go on|keep going|do this anymore|take it anymore $',
    gap: 1,
    unless: ['roommate*', 'neighbour*', 'neighbor*', 'parties', 'boss', 'job*', 'work', 'shifts', 'childcare'],
  },
  {
    id: 'en.no-way-out',
    family: 'hopelessness',
    lang: 'en',
    match: 'no way out|hopeless|no future|no hope',
    unless: [
      'contract',
      'flat',
      'finding',
      'job*',
      'fine',
      'debt*',
      'exam*',
      'loan*',
      'rent',
      'bills',
      'arrears',
      'mortgage',
    ],
  },
  {
    id: 'en.disappear-forever',
    family: 'hopelessness',
    lang: 'en',
    match: 'disappear|vanish|be gone … forever|for good|for ever',
    gap: 2,
  },
  {
    id: 'en.so-done',
    family: 'hopelessness',
    lang: 'en',
    match: 'i am … done $|done with everything|done with it all',
    gap: 2,
    unless: ['week', 'today', 'exam*', 'work', 'friday', 'job', 'homework'],
  },

  {
    id: 'nl.hoeft-niet-meer',
    family: 'hopelessness',
    lang: 'nl',
    match: 'hoeft … niet meer|allemaal niet meer … $',
    gap: 4,
    unless: OTHER_THINGS,
  },
  {
    id: 'en.not-see-the-point',
    family: 'hopelessness',
    lang: 'en',
    match:
      'do not|can not|no longer … see … the point|any point|a reason … of anything|in anything|of living|of life|to go on|anymore',
    gap: 3,
    unless: OTHER_THINGS,
  },
  {
    id: 'en.tired-of-being-alive',
    family: 'hopelessness',
    lang: 'en',
    match: 'tired|sick|exhausted … of … being alive|existing|being here|living',
    gap: 1,
  },
  {
    id: 'en.end-things',
    family: 'suicidal-thoughts',
    lang: 'en',
    match: 'end|ending … things … $|for good|soon|tonight',
    gap: 0,
    unless: OTHER_THINGS,
  },

  // ── wanting to sleep for ever ──────────────────────────────────────────────────────────────
  {
    id: 'nl.nooit-meer-wakker',
    family: 'sleep-forever',
    lang: 'nl',
    match: 'nooit meer|niet meer|nie meer … wakker',
    gap: 2,
    unless: ['baby', 'zoon*', 'dochter*', 'kinderen'],
  },
  {
    id: 'nl.rust-voor-altijd',
    family: 'sleep-forever',
    lang: 'nl',
    match: 'rust … voor altijd|voorgoed|eeuwig|eeuwige rust',
    gap: 2,
  },
  {
    id: 'nl.voor-altijd-slapen',
    family: 'sleep-forever',
    lang: 'nl',
    match: 'slapen|inslapen|in slaap … voor altijd|voorgoed|eeuwig|nooit meer',
    gap: 4,
    anyOrder: true,
  },
  {
    id: 'en.never-wake-up',
    family: 'sleep-forever',
    lang: 'en',
    match: 'never … wake up|waking up',
    gap: 1,
    unless: ['baby', 'kids', 'son', 'daughter'],
  },
  {
    id: 'en.not-wake-up',
    family: 'sleep-forever',
    lang: 'en',
    match: 'hope|hoping|pray|wish … i … do not|will not|would not … wake up',
    gap: 1,
  },
  {
    id: 'en.close-eyes-never',
    family: 'sleep-forever',
    lang: 'en',
    match: 'close my eyes|fall asleep|go to sleep … never|not … open them|wake|open my eyes',
    gap: 3,
  },
  {
    id: 'en.sleep-forever',
    family: 'sleep-forever',
    lang: 'en',
    match: 'sleep|fall asleep … forever|for ever|and not wake|and never',
    gap: 2,
    unless: ['exam*', 'lol', 'week', 'weekend'],
  },

  // ── a recent attempt ───────────────────────────────────────────────────────────────────────
  {
    id: 'nl.poging',
    family: 'attempt',
    lang: 'nl',
    match: 'poging|pogingen … gedaan|ondernomen|mislukt|ziekenhuis',
    gap: 6,
    anyOrder: true,
    unless: ['inbraak', 'hulp', 'afval*', 'examen', 'rijexamen', 'ivf'],
  },
  {
    id: 'nl.zelfmoordpoging',
    family: 'attempt',
    lang: 'nl',
    match: 'zelfmoordpoging*|suicidepoging*|poging tot zelfdoding|poging tot zelfmoord',
  },
  {
    id: 'nl.te-veel-pillen',
    family: 'attempt',
    lang: 'nl',
    match:
      'te veel|teveel|een hoop|al mijn|een heleboel|een handvol|een hele strip|alle … pillen|tabletten|medicijnen|medicatie|slaappillen … genomen|geslikt|ingenomen',
    gap: 3,
  },
  {
    id: 'nl.overdosis',
    family: 'attempt',
    lang: 'nl',
    match: 'overdosis|leeggepompt|maag … leeggepompt',
    gap: 3,
    unless: ['koffie', 'suiker', 'haha', 'tentamen'],
  },
  {
    id: 'nl.geprobeerd',
    family: 'attempt',
    lang: 'nl',
    match: 'geprobeerd|probeerde … een einde|mezelf|me … van kant|te doden|om zeep|aan te maken|pillen',
    gap: 4,
  },
  {
    id: 'nl.al-geprobeerd',
    family: 'attempt',
    lang: 'nl',
    match: 'het … al … een keer|eens … geprobeerd',
    gap: 1,
  },
  {
    id: 'en.attempt',
    family: 'attempt',
    lang: 'en',
    match: 'attempt|attempted|attempts … suicide|my life|to end|to kill|last month|last week|last attempt',
    gap: 3,
    unless: ['driving', 'test', 'exam', 'ivf', 'job'],
  },
  {
    id: 'en.my-attempt',
    family: 'attempt',
    lang: 'en',
    match: 'my last attempt|my attempt|my suicide attempt|my first attempt',
  },
  {
    id: 'en.overdose',
    family: 'attempt',
    lang: 'en',
    match: 'overdose*|overdosed|od|stomach pumped|too many pills|too many tablets',
    unless: ['coffee', 'sugar', 'caffeine'],
  },
  {
    id: 'en.tried-to',
    family: 'attempt',
    lang: 'en',
    match: 'tried|trying … to … end my|kill myself|take my|end it|end her|end his|kill herself|kill himself',
    gap: 1,
  },

  // ── self-harm ──────────────────────────────────────────────────────────────────────────────
  {
    id: 'nl.zelfbeschadiging',
    family: 'self-harm',
    lang: 'nl',
    match: 'zelfbeschadig*|zelfverwond*|automutil*|zelfverminking',
    unless: STUDY,
  },
  {
    id: 'nl.mezelf-snijden',
    family: 'self-harm',
    lang: 'nl',
    match: `snij|snijd|snijden|sneed|gesneden|kras|krassen|gekrast|brand|branden|verbrand|sla|slaan|bonk|bonken … ${SELF_NL}`,
    gap: 2,
    anyOrder: true,
    unless: ACCIDENT,
  },
  {
    id: 'nl.in-armen',
    family: 'self-harm',
    lang: 'nl',
    match: `snij*|sneed|gesneden|kras*|gekrast|brand*|bonk* … ${BODY_NL}|hoofd tegen de muur`,
    gap: 4,
    anyOrder: true,
    unless: ACCIDENT,
  },
  {
    id: 'nl.mezelf-pijn',
    family: 'self-harm',
    lang: 'nl',
    match: `${SELF_NL} … pijn doen|pijn te doen|pijn doe|pijn gedaan|iets aandoen|iets aan te doen|iets aandoe|wat aandoen|verwonden|beschadigen`,
    gap: 2,
    unless: [...ACCIDENT, 'rug', 'enkel', 'sport', 'voetbal*'],
  },
  {
    id: 'nl.doe-mezelf-pijn',
    family: 'self-harm',
    lang: 'nl',
    match: `doe|deed … ${SELF_NL} … pijn|iets aan`,
    gap: 2,
  },
  {
    id: 'en.self-harm',
    family: 'self-harm',
    lang: 'en',
    match: 'self harm*|selfharm*|self injur*|selfinjur*|self mutilat*',
    unless: STUDY,
  },
  {
    id: 'en.cut-myself',
    family: 'self-harm',
    lang: 'en',
    match:
      'cut|cuts|cutting|burn|burns|burning|burned|hurt|hurts|hurting|harm|harming|scratch|scratching|hit|hitting … myself|my skin|my arms|my wrists|my legs|my thighs',
    gap: 2,
    unless: [...ACCIDENT, 'back', 'boxes', 'lifting'],
  },
  {
    id: 'en.until-it-bleeds',
    family: 'self-harm',
    lang: 'en',
    match: `scratch|cut|pick|bang … until|till … it bleeds|i bleed|bleeding`,
    gap: 4,
  },
  {
    id: 'en.on-purpose',
    family: 'self-harm',
    lang: 'en',
    match: 'hurt|cut|burned|burnt|harmed … myself|me … on purpose',
    gap: 3,
  },
  {
    id: 'en.body-cutting',
    family: 'self-harm',
    lang: 'en',
    match: `cutting|cut|scars|burning … ${BODY_EN}`,
    gap: 4,
    anyOrder: true,
    unless: [...ACCIDENT, 'tattoo*'],
  },

  // ── someone else at risk ───────────────────────────────────────────────────────────────────
  {
    id: 'nl.zichzelf-snijden',
    family: 'someone-else',
    lang: 'nl',
    match: `snijdt|snijden|sneed|krast|krassen|doet|deed|beschadigt … ${OTHER_SELF_NL}`,
    gap: 2,
    unless: [...ACCIDENT, 'serie', 'film', 'boek'],
  },
  {
    id: 'nl.zichzelf-iets-aandoen',
    family: 'someone-else',
    lang: 'nl',
    match: `${OTHER_SELF_NL} … iets aandoet|iets aandoen|iets aan zal doen|iets aan gaat doen|pijn doet|van kant|iets doet`,
    gap: 2,
    unless: ['serie', 'film', 'boek'],
  },
  {
    id: 'nl.bang-dat-hij-iets-doet',
    family: 'someone-else',
    lang: 'nl',
    match: 'bang|zorgen … dat … hij|zij|ze … iets doet|iets gaat doen|het gaat doen|zichzelf',
    gap: 2,
  },
  {
    id: 'nl.wil-er-niet-meer-zijn-ander',
    family: 'someone-else',
    lang: 'nl',
    match: 'hij|zij|ze … er … niet meer … wil zijn|wil leven',
    gap: 1,
  },
  {
    id: 'en.kill-himself',
    family: 'someone-else',
    lang: 'en',
    match: `kill|killing|hurt|hurting|harm|harming|cut|cutting … ${OTHER_SELF_EN}`,
    gap: 1,
    unless: ['game', 'film', 'movie', 'series', 'accident*'],
  },
  {
    id: 'en.end-her-life',
    family: 'someone-else',
    lang: 'en',
    match: 'end|ending|take|taking … her life|his life|their life|her own life|his own life',
    gap: 1,
    unless: ['years ago', 'funeral', 'died'],
  },
  {
    id: 'en.do-it-again',
    family: 'someone-else',
    lang: 'en',
    match: 'she will|he will|they will … do it again|try again',
    gap: 1,
  },
  {
    id: 'en.posted-goodbye',
    family: 'someone-else',
    lang: 'en',
    match: 'posted|sent|wrote … a goodbye|goodbye|farewell',
    gap: 2,
    unless: ['colleague*', 'party', 'move', 'moving'],
  },
  // ── added for issue 22's goal (rules written against tuning batch 6, never the held-out parts) ──
  // Dutch puts the verb last in a subordinate clause: "dat ik dood wil", "dat ik er niet meer wil zijn".
  {
    id: 'nl.dood-wil',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'ik|hij|ze|zij … dood|sterven|doodgaan … wil|wilt|wou|wilde|zou willen',
    gap: 2,
    unless: ['schaam*', 'lach*', 'verveel*', 'honger', 'dorst', 'moe', 'bang', 'opa', 'oma', 'ziek'],
  },
  {
    id: 'nl.er-niet-meer-wil-zijn',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'niet meer|niet langer … wil|wilt|wou|wilde|willen … zijn|leven|bestaan $',
    gap: 1,
  },
  {
    id: 'nl.niet-erg-als-ik-dood',
    family: 'wish-to-die',
    lang: 'nl',
    match:
      'niet erg|niks uitmaken|niets uitmaken|niet uitmaken|niks uit|niets uit … als ik|moest ik|mocht ik … dood|sterf|stierf|sterven|doodga|doodging|verongeluk*|niet meer wakker|er niet meer',
    gap: 3,
  },
  {
    id: 'nl.niet-meer-verder',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'wil|wilt … niet meer|niet langer … verder $|door $',
    gap: 0,
  },
  {
    id: 'en.would-not-care-if-i-died',
    family: 'wish-to-die',
    lang: 'en',
    match:
      'would not care|would not mind|do not care|would be fine|would not be sad … if i … died|die|did not wake up|do not wake up|never woke up|got hit|was dead|were dead|was gone',
    gap: 3,
  },
  {
    id: 'en.stop-existing',
    family: 'wish-to-die',
    lang: 'en',
    match: 'want|wish|wanna|could|ready … stop living $|stop existing|not exist|cease to exist|to disappear forever',
    gap: 3,
  },
  {
    id: 'en.happier-without-me',
    family: 'burden',
    lang: 'en',
    match: 'would be|will be|are|be … better|happier|easier|simpler|relieved … without me',
    gap: 3,
  },
  {
    id: 'nl.blok-aan-been',
    family: 'burden',
    lang: 'nl',
    match: 'ik ben|ik voel me|voel ik me … een blok aan',
    gap: 2,
  },
  // Hopelessness in words that ordinary tiredness uses too: weak, a sign together with another.
  {
    id: 'nl.houd-het-niet-vol',
    family: 'hopelessness',
    lang: 'nl',
    match: 'hou|houd … het … niet meer|niet lang meer|nooit … vol',
    gap: 1,
    weak: true,
  },
  {
    id: 'nl.wordt-nooit-beter',
    family: 'hopelessness',
    lang: 'nl',
    match: 'wordt|komt|gaat … nooit meer|nooit … beter|goed|veranderen',
    gap: 2,
    weak: true,
  },
  {
    id: 'nl.alles-zinloos',
    family: 'hopelessness',
    lang: 'nl',
    match: 'alles|het allemaal … is|voelt … zinloos|uitzichtloos|hopeloos',
    gap: 2,
    weak: true,
  },
  {
    id: 'nl.leeg',
    family: 'hopelessness',
    lang: 'nl',
    match: 'ik ben|ik voel me|voel ik me … leeg|niks meer|niets meer|dood vanbinnen $',
    gap: 2,
    weak: true,
  },
  {
    id: 'en.never-get-better',
    family: 'hopelessness',
    lang: 'en',
    match: 'nothing|it|things … is|will … ever going to|never … change|get better|be better|be okay',
    gap: 2,
    weak: true,
  },
  {
    id: 'en.empty',
    family: 'hopelessness',
    lang: 'en',
    match: 'i am|i feel … empty|numb|hollow|nothing inside $',
    gap: 2,
    weak: true,
  },
  {
    id: 'en.nothing-left',
    family: 'hopelessness',
    lang: 'en',
    match: 'nothing|nobody … left … for me|here|in my life',
    gap: 1,
    weak: true,
  },
  // Goodbye: arranging what is left behind (pets, messages to everyone).
  {
    id: 'nl.wie-zorgt-voor',
    family: 'goodbye',
    lang: 'nl',
    match:
      'wie zorgt|wie zal … voor mijn hond|voor mijn kat|voor mijn huisdier|voor mijn dieren|voor mijn kinderen … straks|als ik er niet|als ik weg|later',
    gap: 3,
    anyOrder: true,
  },
  {
    id: 'nl.huisdier-ondergebracht',
    family: 'goodbye',
    lang: 'nl',
    match: 'hond|kat|huisdier|katten|honden … ondergebracht|onderbrengen|herplaatst|nieuw thuis|nieuw baasje',
    gap: 6,
    anyOrder: true,
    weak: true,
  },
  {
    id: 'en.rehome-pet',
    family: 'goodbye',
    lang: 'en',
    match: 'dog|cat|pet|pets … take|rehome|rehomed|new home|looked after|look after',
    gap: 6,
    anyOrder: true,
    weak: true,
  },
  {
    id: 'nl.iedereen-nog-bericht',
    family: 'goodbye',
    lang: 'nl',
    match: 'iedereen|allemaal … nog … bericht|brief|kaart|mail … gestuurd|geschreven|sturen|schrijven',
    gap: 3,
    weak: true,
  },
  {
    id: 'nl.dat-ik-van-ze-hield',
    family: 'goodbye',
    lang: 'nl',
    match: 'weten|weet … dat ik … van … hield|hou|houd',
    gap: 2,
    weak: true,
  },
  {
    id: 'en.that-i-loved-them',
    family: 'goodbye',
    lang: 'en',
    match: 'know … that i … loved|love … them|you|her|him|everyone',
    gap: 2,
    weak: true,
  },
  {
    id: 'en.never-hear-from-me',
    family: 'goodbye',
    lang: 'en',
    match: 'will not|never … hear from me|see me … again|anymore',
    gap: 1,
    unless: ['job', 'flat', 'house', 'solved', 'sorted', 'found'],
  },
  {
    id: 'nl.nooit-meer-horen',
    family: 'goodbye',
    lang: 'nl',
    match: 'niet meer|nooit meer|niks meer|niets meer … van mij|van me … horen',
    gap: 2,
    unless: ['werk', 'baan', 'huis', 'opgelost', 'gevonden'],
  },
  {
    id: 'en.thanks-for-everything',
    family: 'goodbye',
    lang: 'en',
    match: 'thank you|thanks … for everything|for all you did|for all you have done|for trying',
    gap: 1,
    weak: true,
  },
  // A plan: the place chosen, the courage still to find, lethal means looked up, a vehicle.
  {
    id: 'nl.welke-plek',
    family: 'plan-means',
    lang: 'nl',
    match: 'weet|gekozen|uitgezocht|bepaald … welk station|welke brug|welk spoor|welke flat|welk dak|welke plek',
    gap: 3,
    anyOrder: true,
  },
  {
    id: 'en.which-place',
    family: 'plan-means',
    lang: 'en',
    match: 'know|chosen|picked|found … which bridge|which station|which building|the spot|the place',
    gap: 3,
    unless: ['holiday', 'wedding', 'party', 'picnic', 'restaurant'],
  },
  {
    id: 'nl.moed-verzamelen',
    family: 'plan-means',
    lang: 'nl',
    match: 'moed|lef … verzamelen|nog niet|om het te doen',
    gap: 2,
    weak: true,
  },
  {
    id: 'en.courage',
    family: 'plan-means',
    lang: 'en',
    match: 'courage|guts|nerve … to do it|to go through|yet',
    gap: 2,
    weak: true,
  },
  {
    id: 'nl.dodelijk-opgezocht',
    family: 'plan-means',
    lang: 'nl',
    match:
      'opgezocht|gezocht|gegoogeld|uitgezocht|zoek op … dodelijk|overdosis|hoeveel … pillen|tabletten|medicijnen|je nodig',
    gap: 5,
    anyOrder: true,
    unless: ['hond', 'kat', 'kind', 'baby', 'peuter'],
  },
  {
    id: 'en.lethal-looked-up',
    family: 'plan-means',
    lang: 'en',
    match: 'looked up|searched|googled|researching|researched … lethal|deadly|fatal|overdose|how much|how many',
    gap: 5,
    anyOrder: true,
    unless: ['dog', 'cat', 'child', 'baby', 'toddler', 'caffeine', 'coffee'],
  },
  {
    id: 'nl-en.vehicle',
    family: 'plan-means',
    lang: 'nl+en',
    match:
      'i|ik|my|mijn … crash|drive|driving|steer|swerve|rijden|rijd|knal|knallen|inrijden|sturen … into a wall|into a tree|off the road|into oncoming|into a truck|tegen een boom|tegen een muur|van de weg|tegen een vrachtwagen|tegen de vangrail',
    gap: 5,
    unless: ['news', 'nieuws', 'accident', 'ongeluk', 'someone', 'iemand', 'almost', 'bijna'],
  },
  // Self-harm without an object: "I relapsed and cut again", "ik ben weer begonnen met krassen".
  {
    id: 'nl-en.self-harm-again',
    family: 'self-harm',
    lang: 'nl+en',
    match:
      'cut|cutting|krassen|kras|snijden|snij|gesneden|gekrast|self harm*|zelfbeschadiging … again|weer|opnieuw|terug|relapsed|relapse|terugval|started|begonnen',
    gap: 3,
    anyOrder: true,
    unless: [
      ...ACCIDENT,
      'back',
      'costs',
      'budget',
      'uitgaven',
      'hours',
      'uren',
      'gras',
      'grass',
      'hedge',
      'heg',
      'papier',
      'paper',
    ],
  },
  // Attempts: an overdose taken, pills taken with waking up or hospital after.
  {
    id: 'nl.overdosis-genomen',
    family: 'attempt',
    lang: 'nl',
    match: 'overdosis … genomen|geslikt|ingenomen|gehad|nemen',
    gap: 3,
    unless: ['koffie', 'suiker', 'haha', 'tentamen'],
  },
  {
    id: 'nl-en.pills-and-woke-up',
    family: 'attempt',
    lang: 'nl+en',
    match:
      'pillen|tabletten|pills|tablets|meds … geslikt|genomen|took|taken|swallowed … ziekenhuis|wakker|hospital|woke up|on purpose|expres|bewust|a and e|er',
    gap: 6,
    unless: ['hoofdpijn', 'headache', 'voorgeschreven', 'prescribed', 'huisarts', 'doctor', 'gp'],
  },
  {
    id: 'en.took-a-load-of-pills',
    family: 'attempt',
    lang: 'en',
    match:
      'took|taken|swallowed … a load of|loads of|a lot of|a bunch of|all my|a whole|all the … pills|tablets|meds|paracetamol',
    gap: 2,
  },
  // Methods and wishes written from general knowledge of the families (no labelled message behind each).
  {
    id: 'en.hang-myself',
    family: 'plan-means',
    lang: 'en',
    match: 'hang|hanging|hanged|drown|drowning … myself',
    gap: 1,
  },
  {
    id: 'en.in-front-of',
    family: 'plan-means',
    lang: 'en',
    match: 'jump|jumping|step|stepping|throw myself|walk … in front of … a train|the train|a bus|a truck|a lorry|a car',
    gap: 2,
    unless: ['almost', 'nearly', 'accident*', 'child', 'kid', 'dog'],
  },
  {
    id: 'nl.voor-de-trein',
    family: 'plan-means',
    lang: 'nl',
    match:
      'voor|onder … een trein|de trein|een bus|een vrachtwagen|een auto … springen|stappen|lopen|gooien|te springen|te stappen|te lopen',
    gap: 2,
    unless: ['bijna', 'ongeluk*', 'kind', 'hond'],
  },
  {
    id: 'en.hope-i-die',
    family: 'wish-to-die',
    lang: 'en',
    match: 'hope|hoping|pray|praying … i die|i do not wake up|i get hit|something kills me|i never wake up',
    gap: 2,
    unless: ['laugh*', 'lol', 'haha'],
  },
  {
    id: 'nl.hoop-dat-ik-doodga',
    family: 'wish-to-die',
    lang: 'nl',
    match: 'hoop|bid … dat ik … doodga|dood ga|sterf|verongeluk|niet meer wakker|aangereden',
    gap: 3,
  },
  {
    id: 'nl-en.disappear',
    family: 'hopelessness',
    lang: 'nl+en',
    match: 'wil|wou|want|wish … verdwijnen $|disappear $',
    gap: 3,
    weak: true,
  },
  {
    id: 'nl-en.what-is-the-point',
    family: 'hopelessness',
    lang: 'nl+en',
    match: 'what is the point|why bother|wat heeft het voor zin|waarvoor doe ik het nog|waarom zou ik nog',
    weak: true,
  },
  {
    id: 'en.tried-to-hang',
    family: 'attempt',
    lang: 'en',
    match: 'tried|trying … to … hang myself|drown myself|overdose|jump',
    gap: 1,
  },
  {
    id: 'nl.geprobeerd-op-te-hangen',
    family: 'attempt',
    lang: 'nl',
    match: 'geprobeerd|probeerde … mezelf|me … op te hangen|te verdrinken|te vergiftigen|een overdosis',
    gap: 3,
  },
];

/**
 * Figures of speech: word sequences that contain warning words but mean something else. A rule
 * match that overlaps one of these does not count.
 */
export const IDIOMS: string[] = [
  // Dutch
  'schaam|schaamde|schaamt … me|mij|zich … dood',
  'lach|lachte|lachen … me|mij|zich … dood|kapot|een breuk',
  'verveel|verveelde … me|mij … dood',
  'ga|ging … dood van … honger|dorst|de honger|de dorst|de stress|de zenuwen|verveling|de kou|de hitte',
  'gestorven|dood … van het lachen',
  'doodmoe|doodop|doodsbang|doodziek|doodnormaal|doodeng|doodstil',
  'vermoordt|vermoorden|vermoord … me|mij',
  'over mijn lijk',
  'dood graag|doodgraag',
  // English
  'is killing me|are killing me|was killing me|killing me with',
  'kill me … haha|lol|if|when',
  'will kill me',
  'could kill for|would kill for',
  'dying to … know|see|try|meet|hear|go',
  'died laughing|die laughing|dying laughing|died of laughter|laughing to death',
  'dead tired|dead on my feet|bored to death|scared to death|worried to death|to death',
  'suicide squad',
  'drop dead gorgeous',
];

/** Words that negate a rule standing shortly after them in the same clause (or between its parts). */
export const NEGATIONS = ['niet', 'geen', 'nooit', 'nee', 'zonder', 'not', 'no', 'never', 'nothing', 'without'];

/** How many words before a match a negation may stand. */
export const NEGATION_WINDOW = 3;
