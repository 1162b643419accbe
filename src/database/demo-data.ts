/** The demo data set: four organisations, real postcode ranges of their regions, the topic list, staff in every role. */

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

/** The demo consortium: four organisations, each with its own regions, staff and look. */
export interface DemoOrganisation {
  code: string;
  name: string;
  regions: string[];
  accentColour: string;
  /** Two letters for the generated logo. */
  initials: string;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    code: 'welzijn-amsterdam',
    name: 'Welzijn Amsterdam',
    regions: ['amsterdam'],
    accentColour: '#b3261e',
    initials: 'WA',
  },
  {
    code: 'zuid-holland-utrecht',
    name: 'Maatschappelijk Werk Zuid-Holland en Utrecht',
    regions: ['rotterdam', 'utrecht'],
    accentColour: '#0b6e4f',
    initials: 'ZU',
  },
  {
    code: 'caw-oost-vlaanderen',
    name: 'CAW Oost-Vlaanderen',
    regions: ['gent'],
    accentColour: '#6a3d9a',
    initials: 'CO',
  },
  // The platform's national team: the default organisation the migration creates, with the fallback region.
  { code: 'landelijk', name: 'Landelijk team', regions: ['landelijk'], accentColour: '#1f4e79', initials: 'LT' },
];

/** A small generated logo (a coloured disc with initials), so the demo shows each organisation's look. */
export function demoLogo(o: DemoOrganisation): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${o.name}">` +
      `<circle cx="48" cy="48" r="46" fill="${o.accentColour}"/>` +
      `<text x="48" y="60" font-family="Arial, sans-serif" font-size="34" font-weight="700" fill="#fff" text-anchor="middle">${o.initials}</text></svg>`,
  );
}

export const DEMO_STAFF: { email: string; name: string; role: string; regions: string[]; organisation?: string }[] = [
  { email: 'admin@luister.example', name: 'Anne Admin', role: 'admin', regions: [] },
  // Welzijn Amsterdam
  {
    email: 'orgadmin.amsterdam@luister.example',
    name: 'Olga Amsterdam',
    role: 'org-admin',
    regions: [],
    organisation: 'welzijn-amsterdam',
  },
  { email: 'manager@luister.example', name: 'Mila Manager', role: 'manager', regions: ['amsterdam'] },
  { email: 'supervisor@luister.example', name: 'Sam Supervisor', role: 'supervisor', regions: ['amsterdam'] },
  { email: 'worker@luister.example', name: 'Wim Werker', role: 'worker', regions: ['amsterdam'] },
  { email: 'trainee@luister.example', name: 'Tess Trainee', role: 'trainee', regions: ['amsterdam'] },
  // Maatschappelijk Werk Zuid-Holland en Utrecht
  {
    email: 'orgadmin.zhu@luister.example',
    name: 'Otto Zuid',
    role: 'org-admin',
    regions: [],
    organisation: 'zuid-holland-utrecht',
  },
  { email: 'manager.zhu@luister.example', name: 'Maarten Zuid', role: 'manager', regions: ['rotterdam', 'utrecht'] },
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
  // CAW Oost-Vlaanderen
  {
    email: 'orgadmin.gent@luister.example',
    name: 'Olivier Gent',
    role: 'org-admin',
    regions: [],
    organisation: 'caw-oost-vlaanderen',
  },
  { email: 'manager.gent@luister.example', name: 'Marie Gent', role: 'manager', regions: ['gent'] },
  { email: 'gent@luister.example', name: 'Griet Gent', role: 'worker', regions: ['gent'] },
  { email: 'supervisor.gent@luister.example', name: 'Geert Gent', role: 'supervisor', regions: ['gent'] },
  { email: 'trainee.gent@luister.example', name: 'Gitte Gent', role: 'trainee', regions: ['gent'] },
  // Landelijk team (the fallback region: mail without a postcode lands here)
  {
    email: 'orgadmin.landelijk@luister.example',
    name: 'Oscar Landelijk',
    role: 'org-admin',
    regions: [],
    organisation: 'landelijk',
  },
  { email: 'manager.landelijk@luister.example', name: 'Mirjam Landelijk', role: 'manager', regions: ['landelijk'] },
  { email: 'worker.landelijk@luister.example', name: 'Lars Landelijk', role: 'worker', regions: ['landelijk'] },
  {
    email: 'supervisor.landelijk@luister.example',
    name: 'Lieke Landelijk',
    role: 'supervisor',
    regions: ['landelijk'],
  },
  { email: 'trainee.landelijk@luister.example', name: 'Lot Landelijk', role: 'trainee', regions: ['landelijk'] },
];

/** Who covers which demo region, for the start-up banner and the README (admins and managers apart). */
export function demoCoverage(): { region: string; staff: { role: string; email: string }[] }[] {
  return DEMO_REGIONS.map((r) => ({
    region: r.code,
    staff: DEMO_STAFF.filter((s) => s.regions.includes(r.code) && s.role !== 'manager' && s.role !== 'org-admin').map(
      (s) => ({
        role: s.role,
        email: s.email,
      }),
    ),
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
