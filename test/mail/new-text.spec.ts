import fc from 'fast-check';
import { extractNewText } from '../../src/mail/inbound/new-text';

describe('extractNewText', () => {
  it.each<[string, string, string]>([
    [
      'Gmail NL',
      'Dank je.\n\nOp di 24 nov. 2026 om 10:00 schreef Luister <hulp@luister.example>:\n> Hoe gaat het?\n',
      'Dank je.',
    ],
    [
      'Gmail EN, wrapped',
      'Thanks!\n\nOn Tue, Nov 24, 2026 at 10:00 AM Luister <\nhulp@luister.example> wrote:\n\n> How are you?',
      'Thanks!',
    ],
    [
      'Apple Mail NL',
      'Goed idee.\n\n> Op 24 nov. 2026 om 10:00 heeft Luister <hulp@luister.example> het volgende geschreven:\n>\n> Tekst',
      'Goed idee.',
    ],
    ['Apple Mail EN', 'Fine.\n\nOn 24 Nov 2026, at 10:00, Luister <hulp@luister.example> wrote:\n\nOld', 'Fine.'],
    [
      'Outlook NL header block',
      'Ja klopt.\n\nVan: Luister <hulp@luister.example>\nVerzonden: dinsdag 24 november 2026 10:00\nAan: Anna\nOnderwerp: Re: Vraag\n\nOud bericht',
      'Ja klopt.',
    ],
    [
      'Outlook EN bold header block',
      'Yes.\n\n*From:* Luister <hulp@luister.example>\n*Sent:* Tuesday\n*To:* Anna\n*Subject:* Re\n\nOld',
      'Yes.',
    ],
    ['Outlook separator', 'Prima.\n\n-----Original Message-----\nFrom: x\nOld', 'Prima.'],
    ['Outlook NL separator', 'Prima.\n\n-----Oorspronkelijk bericht-----\nVan: x\nOud', 'Prima.'],
    [
      'Outlook underscore line',
      'Oké.\n\n________________________________\nVan: Luister\nVerzonden: nu\nAan: mij',
      'Oké.',
    ],
    ['signature delimiter', 'Hallo.\n\n-- \nAnna\n06-12345678', 'Hallo.'],
    ['iPhone NL', 'Kort berichtje\n\nVerzonden vanaf mijn iPhone', 'Kort berichtje'],
    ['iPhone "verstuurd"', 'Kort\n\nVerstuurd vanaf mijn iPhone', 'Kort'],
    ['Samsung', 'Hoi\n\nVerzonden vanaf mijn Samsung Galaxy-smartphone.', 'Hoi'],
    ['Sent from my iPhone', 'Hi\n\nSent from my iPhone', 'Hi'],
    ['Outlook mobile', 'Ok\n\nOutlook voor Android downloaden\n\nVan: x\nVerzonden: y\nAan: z', 'Ok'],
    [
      'inline quotes keep the answers',
      '> Hoe oud ben je?\n17\n> Woon je thuis?\nJa, bij mijn moeder.',
      '17\nJa, bij mijn moeder.',
    ],
    [
      'CRLF and nbsp',
      'Regel een\r\nRegel\u00a0twee\r\n\r\nOn Mon, 1 Jan 2026, X <x@y> wrote:\r\n> z',
      'Regel een\nRegel twee',
    ],
  ])('%s', (_name, body, expected) => {
    const r = extractNewText(body);
    expect(r.text).toBe(expected);
    expect(r.folded).toBe(true);
  });

  it('leaves a mail without history alone', () => {
    expect(extractNewText('Ik heb een vraag over mijn huur.\n\nGroet')).toEqual({
      text: 'Ik heb een vraag over mijn huur.\n\nGroet',
      folded: false,
    });
  });

  it('does not cut at ordinary sentences that look a bit like markers', () => {
    const body =
      'Op school schreef ik een brief.\nVan: mijn moeder kreeg ik niets.\nSent from work, sorry for typos? No: sent by me.';
    expect(extractNewText(body).text).toBe(body);
  });

  it('keeps the whole text when only quoted history is there (never nothing)', () => {
    expect(extractNewText('> alleen een citaat').text).toBe('> alleen een citaat');
  });
});

describe('extractNewText properties', () => {
  const line = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      '> quoted',
      '-- ',
      'Verzonden vanaf mijn iPhone',
      'On Mon, 1 Jan 2026, X <x@y> wrote:',
      'Van: X',
      'Verzonden: nu',
      'Aan: Y',
      '',
    ),
  );

  it('never returns nothing for a body with text, and only returns lines the body had', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const body = lines.join('\n');
        const { text } = extractNewText(body);
        if (body.trim()) expect(text.length).toBeGreaterThan(0);
        const source = new Set(
          body
            .replace(/\r\n?/g, '\n')
            .replace(/\u00a0/g, ' ')
            .split('\n')
            .map((l) => l.trim()),
        );
        for (const l of text.split('\n')) if (l.trim()) expect(source.has(l.trim())).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
