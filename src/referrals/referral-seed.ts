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

/** Invented local offices for the demo regions; loaded only with the demo data (marked demo). */
export const DEMO_LOCAL_REFERRALS: SeedReferral[] = [
  ...['amsterdam', 'rotterdam', 'utrecht'].flatMap((region): SeedReferral[] => {
    const town = region[0].toUpperCase() + region.slice(1);
    return [
      {
        key: `demo-${region}-buurtteam`,
        name: `Buurtteam ${town} (demo)`,
        kind: 'social-work',
        country: 'NL',
        regionCode: region,
        topics: [],
        address: `Voorbeeldstraat 1, ${town}`,
        phone: '020-0000000',
        openingHours: 'ma–vr 9:00–17:00',
      },
      {
        key: `demo-${region}-schuldhulp`,
        name: `Schuldhulpverlening gemeente ${town} (demo)`,
        kind: 'face-to-face',
        country: 'NL',
        regionCode: region,
        topics: ['money'],
        address: `Stadhuisplein 2, ${town}`,
        openingHours: 'ma–do 9:00–16:00',
      },
      {
        key: `demo-${region}-woonloket`,
        name: `Woonloket ${town} (demo)`,
        kind: 'face-to-face',
        country: 'NL',
        regionCode: region,
        topics: ['housing'],
        address: `Marktplein 3, ${town}`,
        openingHours: 'di en do 13:00–17:00',
      },
    ];
  }),
  {
    key: 'demo-gent-caw',
    name: 'CAW Oost-Vlaanderen, onthaal Gent (demo)',
    kind: 'social-work',
    country: 'BE',
    regionCode: 'gent',
    topics: [],
    address: 'Voorbeeldstraat 1, Gent',
    openingHours: 'ma–vr 9:00–17:00',
  },
  {
    key: 'demo-gent-ocmw',
    name: 'OCMW Gent, schuldbemiddeling (demo)',
    kind: 'face-to-face',
    country: 'BE',
    regionCode: 'gent',
    topics: ['money', 'housing'],
    address: 'Stadhuisplein 2, Gent',
  },
];
