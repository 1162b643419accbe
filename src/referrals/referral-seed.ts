export type ReferralKind = 'social-work' | 'face-to-face' | 'online';
export const REFERRAL_KINDS: readonly ReferralKind[] = ['social-work', 'face-to-face', 'online'];

export interface SeedReferral {
  key: string;
  name: string;
  kind: ReferralKind;
  country: 'NL' | 'BE' | null;
  regionCode?: string;
  topics: string[];
  description?: string;
  address?: string;
  phone?: string;
  url?: string;
  openingHours?: string;
  crisis?: boolean;
}

const SUICIDE = ['suicidal-thoughts', 'self-harm', 'depression'];

/**
 * National crisis and help lines of the Netherlands and Flanders: public facts (name, number,
 * site). Entries without topics apply to every topic. Seeded by the replies migration.
 */
export const PUBLIC_REFERRALS: SeedReferral[] = [
  { key: 'nl-113', name: '113 Zelfmoordpreventie', kind: 'online', country: 'NL', topics: SUICIDE, phone: '0800-0113', url: 'https://www.113.nl', openingHours: '24/7', crisis: true, description: 'Anoniem praten over zelfmoordgedachten: bellen of chatten.' },
  { key: 'nl-kindertelefoon', name: 'De Kindertelefoon', kind: 'online', country: 'NL', topics: ['bullying', 'abuse', 'parenting', 'divorce', 'loneliness', 'in-love', 'sexuality', 'insecurity', 'violence', 'self-harm', 'suicidal-thoughts', 'other'], phone: '0800-0432', url: 'https://www.kindertelefoon.nl', description: 'Voor kinderen en jongeren: bellen of chatten, anoniem en gratis.' },
  { key: 'nl-sensoor', name: 'Sensoor', kind: 'online', country: 'NL', topics: ['loneliness', 'depression', 'relationships', 'other'], phone: '0900-0767', url: 'https://www.sensoor.nl', openingHours: '24/7', description: 'Een luisterend oor, dag en nacht.' },
  { key: 'nl-korrelatie', name: 'MIND Korrelatie', kind: 'online', country: 'NL', topics: ['depression', 'relationships', 'sexuality', 'sexual-orientation', 'insecurity', 'other'], phone: '0900-1450', url: 'https://www.mindkorrelatie.nl', description: 'Psychologische hulp en advies, anoniem.' },
  { key: 'nl-geldfit', name: 'Geldfit', kind: 'online', country: 'NL', topics: ['money'], url: 'https://www.geldfit.nl', description: 'Doe de geldtest en vind hulp bij geldzorgen.' },
  { key: 'nl-nibud', name: 'Nibud', kind: 'online', country: 'NL', topics: ['money'], url: 'https://www.nibud.nl', description: 'Budgetadvies en rekenhulpen.' },
  { key: 'nl-juridisch-loket', name: 'Het Juridisch Loket', kind: 'online', country: 'NL', topics: ['housing', 'money', 'divorce'], phone: '0900-8020', url: 'https://www.juridischloket.nl', description: 'Gratis juridisch advies.' },
  { key: 'nl-veilig-thuis', name: 'Veilig Thuis', kind: 'online', country: 'NL', topics: ['abuse', 'violence', 'parenting'], phone: '0800-2000', url: 'https://www.veiligthuis.nl', openingHours: '24/7', crisis: true, description: 'Advies en meldpunt huiselijk geweld en kindermishandeling.' },
  { key: 'nl-csg', name: 'Centrum Seksueel Geweld', kind: 'online', country: 'NL', topics: ['abuse', 'violence', 'loverboys', 'sexuality'], phone: '0800-0188', url: 'https://centrumseksueelgeweld.nl', openingHours: '24/7', crisis: true },
  { key: 'nl-slachtofferhulp', name: 'Slachtofferhulp Nederland', kind: 'online', country: 'NL', topics: ['violence', 'abuse'], phone: '0900-0101', url: 'https://www.slachtofferhulp.nl' },
  { key: 'nl-fier', name: 'Fier', kind: 'online', country: 'NL', topics: ['loverboys', 'abuse', 'violence'], url: 'https://www.fier.nl', description: 'Hulp bij geweld in afhankelijkheidsrelaties en mensenhandel (ook chat).' },
  { key: 'nl-jellinek', name: 'Jellinek', kind: 'online', country: 'NL', topics: ['addiction'], url: 'https://www.jellinek.nl', description: 'Informatie, zelftests en online hulp bij verslaving.' },
  { key: 'nl-proud2bme', name: 'Proud2Bme', kind: 'online', country: 'NL', topics: ['eating'], url: 'https://www.proud2bme.nl', description: 'Online platform over eetproblemen.' },
  { key: 'be-1813', name: 'Zelfmoordlijn 1813', kind: 'online', country: 'BE', topics: SUICIDE, phone: '1813', url: 'https://www.zelfmoord1813.be', openingHours: '24/7', crisis: true, description: 'Anoniem praten over zelfmoordgedachten: bellen of chatten.' },
  { key: 'be-awel', name: 'Awel', kind: 'online', country: 'BE', topics: ['bullying', 'abuse', 'parenting', 'divorce', 'loneliness', 'in-love', 'sexuality', 'insecurity', 'violence', 'self-harm', 'other'], phone: '102', url: 'https://www.awel.be', description: 'Voor kinderen en jongeren: bellen, chatten of mailen.' },
  { key: 'be-tele-onthaal', name: 'Tele-Onthaal', kind: 'online', country: 'BE', topics: ['loneliness', 'depression', 'relationships', 'other'], phone: '106', url: 'https://www.tele-onthaal.be', openingHours: '24/7', description: 'Een luisterend oor, dag en nacht.' },
  { key: 'be-1712', name: '1712 – hulplijn geweld, misbruik en kindermishandeling', kind: 'online', country: 'BE', topics: ['abuse', 'violence', 'parenting'], phone: '1712', url: 'https://www.1712.be' },
  { key: 'be-caw', name: 'CAW (Centrum Algemeen Welzijnswerk)', kind: 'social-work', country: 'BE', topics: [], url: 'https://www.caw.be', description: 'Gratis hulp bij vragen over welzijn, geld, wonen en relaties.' },
  { key: 'be-druglijn', name: 'De DrugLijn', kind: 'online', country: 'BE', topics: ['addiction'], phone: '078 15 10 20', url: 'https://www.druglijn.be' },
  { key: 'be-eetexpert', name: 'Eetexpert', kind: 'online', country: 'BE', topics: ['eating'], url: 'https://www.eetexpert.be' },
  { key: 'be-nupraatikerover', name: 'Nu praat ik erover', kind: 'online', country: 'BE', topics: ['abuse', 'violence', 'sexuality'], url: 'https://www.nupraatikerover.be', description: 'Chat voor wie seksueel geweld meemaakte.' },
];

/** Invented local offices for the demo regions; loaded only with the demo data (marked demo). */
export const DEMO_LOCAL_REFERRALS: SeedReferral[] = [
  ...['amsterdam', 'rotterdam', 'utrecht'].flatMap((region): SeedReferral[] => {
    const town = region[0].toUpperCase() + region.slice(1);
    return [
      { key: `demo-${region}-buurtteam`, name: `Buurtteam ${town} (demo)`, kind: 'social-work', country: 'NL', regionCode: region, topics: [], address: `Voorbeeldstraat 1, ${town}`, phone: '020-0000000', openingHours: 'ma–vr 9:00–17:00' },
      { key: `demo-${region}-schuldhulp`, name: `Schuldhulpverlening gemeente ${town} (demo)`, kind: 'face-to-face', country: 'NL', regionCode: region, topics: ['money'], address: `Stadhuisplein 2, ${town}`, openingHours: 'ma–do 9:00–16:00' },
      { key: `demo-${region}-woonloket`, name: `Woonloket ${town} (demo)`, kind: 'face-to-face', country: 'NL', regionCode: region, topics: ['housing'], address: `Marktplein 3, ${town}`, openingHours: 'di en do 13:00–17:00' },
    ];
  }),
  { key: 'demo-gent-caw', name: 'CAW Oost-Vlaanderen, onthaal Gent (demo)', kind: 'social-work', country: 'BE', regionCode: 'gent', topics: [], address: 'Voorbeeldstraat 1, Gent', openingHours: 'ma–vr 9:00–17:00' },
  { key: 'demo-gent-ocmw', name: 'OCMW Gent, schuldbemiddeling (demo)', kind: 'face-to-face', country: 'BE', regionCode: 'gent', topics: ['money', 'housing'], address: 'Stadhuisplein 2, Gent' },
];
