import { contrastRatio, pageLook } from '../../src/organisations/organisation-look';
import { identifyingNote, isTransferReason } from '../../src/cases/transfer-note';

describe('a transfer note names nobody', () => {
  it.each([
    'mail haar: merel@example.nl',
    'bel 06 1234 5678',
    'tel. +32 9 123 45 67',
    'https://instagram.com/merel',
    'zie www.merel.nl',
    'geboren 01.02.1990',
    'woont op 1012AB',
    'IBAN NL91 ABNA 0417 1643 00',
  ])('refuses %s', (note) => expect(identifyingNote(note)).toBe(true));

  it.each([
    '',
    'Schrijft dat ze sinds maart in Gent woont.',
    'Verhuisd naar postcodegebied 9000, sinds 2024.',
    'Eerste vraag ging over schulden; 3 brieven van de deurwaarder.',
  ])('lets through %s', (note) => expect(identifyingNote(note)).toBe(false));

  it('knows the two reasons only', () => {
    expect(['moved', 'wrong-region', 'Moved', 'verhuisd', 1].map(isTransferReason)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('the look on a page', () => {
  it('links logo and accent only when the organisation has them', () => {
    const base = { code: 'caw-oost-vlaanderen', name: 'CAW', senderName: 'CAW' };
    expect(pageLook({ ...base, hasLogo: true, accentColour: '#6a3d9a' })).toEqual({
      name: 'CAW',
      logoUrl: '/organisations/caw-oost-vlaanderen/logo',
      cssUrl: '/organisations/caw-oost-vlaanderen/look.css',
    });
    expect(pageLook({ ...base, hasLogo: false, accentColour: null })).toEqual({
      name: 'CAW',
      logoUrl: null,
      cssUrl: null,
    });
    expect(pageLook(undefined)).toBeUndefined();
  });

  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#1f5f8b', '#ffffff')).toBeGreaterThan(4.5);
    expect(contrastRatio('#ffff66', '#ffffff')).toBeLessThan(3);
  });
});
