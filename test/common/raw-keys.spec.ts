import { rawKeysIn } from '../support/raw-keys';

describe('the no-raw-key check', () => {
  it('finds what issue 19 found on screen', () => {
    expect(rawKeysIn('6 december – reply.sent (Wim)')).toEqual(['reply.sent']);
    expect(rawKeysIn('variables.referrals: Deze variabele … checklist.summary: Vat samen')).toEqual([
      'variables.referrals',
      'checklist.summary',
    ]);
    expect(rawKeysIn('Soort: social-work · face-to-face')).toEqual(['social-work', 'face-to-face']);
    expect(rawKeysIn('Status: status_changed')).toEqual(['status_changed']);
    expect(rawKeysIn('Hallo {{voornaam}} en {ref}')).toEqual(['{{voornaam}}', '{ref}']);
    expect(rawKeysIn('composer.kind.online')).toEqual(['composer.kind.online']);
  });

  it('lets words, addresses, links, file names and reply-template variables pass', () => {
    expect(
      rawKeysIn(
        'Beste Zonnebloem, kijk op https://www.geldfit.nl of bel 0800-8115. Mail worker@luister.example. ' +
          'Je kunt {{nickname}} en {{referrals}} gebruiken. Download luister-volume.csv of www.113.nl. ' +
          'Bijv. e.g. i.e. 13,8 u · 63,8% · self-harm is a word in English. /admin/mail/outbound',
      ),
    ).toEqual([]);
  });
});
