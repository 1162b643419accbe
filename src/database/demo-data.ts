/** The demo data set: real postcode ranges of four regions, the topic list, one staff account per role. */

export interface DemoRegion {
  code: string;
  name: string;
  timeZone: string;
  fallback?: boolean;
  ranges: { country: 'NL' | 'BE'; from: number; to: number }[];
}

export const DEMO_REGIONS: DemoRegion[] = [
  {
    code: 'amsterdam',
    name: 'Amsterdam',
    timeZone: 'Europe/Amsterdam',
    ranges: [{ country: 'NL', from: 1000, to: 1109 }],
  },
  {
    code: 'rotterdam',
    name: 'Rotterdam',
    timeZone: 'Europe/Amsterdam',
    ranges: [{ country: 'NL', from: 3000, to: 3099 }],
  },
  { code: 'utrecht', name: 'Utrecht', timeZone: 'Europe/Amsterdam', ranges: [{ country: 'NL', from: 3500, to: 3585 }] },
  { code: 'gent', name: 'Gent', timeZone: 'Europe/Brussels', ranges: [{ country: 'BE', from: 9000, to: 9052 }] },
  { code: 'landelijk', name: 'Landelijk team', timeZone: 'Europe/Amsterdam', fallback: true, ranges: [] },
];

/**
 * Klikvoorhulp's 16 FAQ topics plus the research's most frequent e-mail topics (money, housing,
 * parenting, relationships) and suicidal thoughts; labels live in the translation files.
 */
export const TOPICS = [
  'money',
  'housing',
  'parenting',
  'relationships',
  'loneliness',
  'depression',
  'self-harm',
  'suicidal-thoughts',
  'addiction',
  'sexuality',
  'bullying',
  'fear-of-failure',
  'abuse',
  'divorce',
  'eating',
  'loverboys',
  'sexual-orientation',
  'in-love',
  'insecurity',
  'violence',
  'other',
];

export const DEMO_PASSWORD = 'luister-demo';

export const DEMO_STAFF: { email: string; name: string; role: string; regions: string[] }[] = [
  { email: 'admin@luister.example', name: 'Anne Admin', role: 'admin', regions: [] },
  {
    email: 'manager@luister.example',
    name: 'Mila Manager',
    role: 'manager',
    regions: ['amsterdam', 'rotterdam', 'utrecht', 'landelijk'],
  },
  {
    email: 'supervisor@luister.example',
    name: 'Sam Supervisor',
    role: 'supervisor',
    regions: ['amsterdam', 'landelijk'],
  },
  { email: 'worker@luister.example', name: 'Wim Werker', role: 'worker', regions: ['amsterdam', 'landelijk'] },
  { email: 'trainee@luister.example', name: 'Tess Trainee', role: 'trainee', regions: ['amsterdam'] },
  { email: 'gent@luister.example', name: 'Griet Gent', role: 'worker', regions: ['gent'] },
  // Every demo region has a worker, a supervisor and a trainee, so each can be tried on its own.
  { email: 'supervisor.gent@luister.example', name: 'Geert Gent', role: 'supervisor', regions: ['gent'] },
  { email: 'trainee.gent@luister.example', name: 'Gitte Gent', role: 'trainee', regions: ['gent'] },
  { email: 'worker.rotterdam@luister.example', name: 'Ruud Rotterdam', role: 'worker', regions: ['rotterdam'] },
  {
    email: 'supervisor.rotterdam@luister.example',
    name: 'Renske Rotterdam',
    role: 'supervisor',
    regions: ['rotterdam'],
  },
  { email: 'trainee.rotterdam@luister.example', name: 'Rik Rotterdam', role: 'trainee', regions: ['rotterdam'] },
  { email: 'worker.utrecht@luister.example', name: 'Ulla Utrecht', role: 'worker', regions: ['utrecht'] },
  { email: 'supervisor.utrecht@luister.example', name: 'Ugo Utrecht', role: 'supervisor', regions: ['utrecht'] },
  { email: 'trainee.utrecht@luister.example', name: 'Uma Utrecht', role: 'trainee', regions: ['utrecht'] },
  { email: 'trainee.landelijk@luister.example', name: 'Lot Landelijk', role: 'trainee', regions: ['landelijk'] },
];

/** Who covers which demo region, for the start-up banner and the README (admins and managers apart). */
export function demoCoverage(): { region: string; staff: { role: string; email: string }[] }[] {
  return DEMO_REGIONS.map((r) => ({
    region: r.code,
    staff: DEMO_STAFF.filter((s) => s.regions.includes(r.code) && s.role !== 'manager').map((s) => ({
      role: s.role,
      email: s.email,
    })),
  }));
}

export const DEMO_QUESTIONS: {
  nickname: string;
  postcode?: string;
  country?: 'NL' | 'BE';
  topic: string;
  need: string;
  text: string;
}[] = [
  {
    nickname: 'Zonnebloem',
    postcode: '1012 AB',
    country: 'NL',
    topic: 'money',
    need: 'advice',
    text: 'Ik heb schulden bij drie bedrijven en durf de post niet meer open te maken. Waar moet ik beginnen?',
  },
  {
    nickname: 'Merel',
    postcode: '3011',
    country: 'NL',
    topic: 'housing',
    need: 'advice',
    text: 'Mijn huisbaas wil dat ik binnen een maand vertrek. Mag dat zomaar? Ik heb twee kinderen.',
  },
  {
    nickname: 'Kikker',
    postcode: '3512 JK',
    country: 'NL',
    topic: 'parenting',
    need: 'reassurance',
    text: 'Mijn zoon van 14 praat niet meer met me en zit de hele nacht te gamen. Is dit normaal?',
  },
  {
    nickname: 'Vlinder',
    postcode: '9000',
    country: 'BE',
    topic: 'loneliness',
    need: 'listen',
    text: 'Sinds mijn scheiding zit ik elke avond alleen. Ik wil gewoon dat iemand naar me luistert.',
  },
  {
    nickname: 'Anoniem',
    topic: 'relationships',
    need: 'advice',
    text: 'Mijn vriend controleert mijn telefoon en wordt boos als ik met vriendinnen afspreek. Wat kan ik doen?',
  },
];
