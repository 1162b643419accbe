import { Language, translate } from '../common/i18n/i18n';

export interface CrisisLine {
  name: string;
  /** When the line answers, as the line itself says. */
  hours: string;
  calls: { tel: string; label: string }[];
  chat?: { href: string; label: string };
}

/**
 * The lines a help-seeker in crisis can reach at once, by phone (tap to call) and chat: 113 in the
 * Netherlands, 1813 in Flanders, 112 for immediate danger. A Belgian postcode puts 1813 first.
 */
export function crisisLines(lang: Language, country: 'NL' | 'BE' | null): CrisisLine[] {
  const t = (key: string) => translate(lang, `safety.lines.${key}`);
  const nl: CrisisLine = {
    name: t('nlName'),
    hours: t('nlHours'),
    calls: [
      { tel: '113', label: '113' },
      { tel: '08000113', label: `0800-0113 (${t('free')})` },
    ],
    chat: { href: 'https://www.113.nl', label: t('nlChat') },
  };
  const be: CrisisLine = {
    name: t('beName'),
    hours: t('beHours'),
    calls: [{ tel: '1813', label: '1813' }],
    chat: { href: 'https://www.zelfmoord1813.be', label: t('beChat') },
  };
  const emergency: CrisisLine = {
    name: t('emergencyName'),
    hours: t('emergencyHours'),
    calls: [{ tel: '112', label: '112' }],
  };
  return [...(country === 'BE' ? [be, nl] : [nl, be]), emergency];
}
