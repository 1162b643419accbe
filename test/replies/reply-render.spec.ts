import { checkVariables, formatReferrals, renderReply } from '../../src/replies/reply-render';
import { templates as DEFAULT_TEMPLATES } from '../../migrations/data/1732450400000-replies.json';
import { TOPICS } from '../../src/database/demo-data';

const vars = {
  nickname: 'Merel',
  workerName: 'Wim Werker',
  regionName: 'Amsterdam',
  referrals: '- Geldfit – https://www.geldfit.nl',
};

describe('reply templates: allowlisted variables', () => {
  it('fills the allowed variables into plain text', () => {
    const text = renderReply(
      {
        opening: 'Beste {{nickname}},',
        summarise: 'S',
        explore: 'E',
        advise: 'Kijk eens:\n{{referrals}}',
        closing: 'Groet,\n{{workerName}}\n{{regionName}}',
      },
      vars,
    );
    expect(text).toBe(
      'Beste Merel,\n\nS\n\nE\n\nKijk eens:\n- Geldfit – https://www.geldfit.nl\n\nGroet,\nWim Werker\nAmsterdam',
    );
  });

  it('names unknown variables, missing values and anything but a bare name', () => {
    const problems = checkVariables(
      {
        summarise: 'Hoi {{naam}}',
        explore: '{{#if x}}y{{/if}} {{lookup a b}}',
        advise: '{{referrals}}',
        closing: '{{> partial}}',
      },
      { ...vars, referrals: '' },
    );
    expect(problems).toEqual([
      { section: 'summarise', name: 'naam', problem: 'unknown' },
      { section: 'explore', name: 'BlockStatement', problem: 'syntax' },
      { section: 'explore', name: 'lookup', problem: 'syntax' },
      { section: 'advise', name: 'referrals', problem: 'missing' },
      { section: 'closing', name: 'PartialStatement', problem: 'syntax' },
    ]);
    expect(checkVariables({ summarise: 'Hoi {{nickname', explore: '', advise: '' }, vars)).toEqual([
      { section: 'summarise', name: '{{', problem: 'syntax' },
    ]);
  });

  it('never prints an empty gap: an unfilled variable stays visible', () => {
    expect(renderReply({ summarise: 'Hoi {{nickname}}', explore: '', advise: '' }, { nickname: ' ' })).toBe(
      'Hoi {{nickname}}',
    );
  });

  it('adds the chosen referrals after the advice when the text has no {{referrals}} slot', () => {
    expect(renderReply({ summarise: 'S', explore: 'E', advise: 'A' }, vars)).toBe(
      'S\n\nE\n\nA\n\n- Geldfit – https://www.geldfit.nl',
    );
  });

  it('keeps markup in variables as plain text (escaping happens where it is shown)', () => {
    expect(
      renderReply({ summarise: 'Hoi {{nickname}}', explore: '', advise: '' }, { nickname: '<script>x</script>' }),
    ).toBe('Hoi <script>x</script>');
  });

  it('formats referrals as a bullet list', () => {
    expect(
      formatReferrals([
        { name: '113 Zelfmoordpreventie', phone: '0800-0113', url: 'https://www.113.nl', openingHours: '24/7' },
        { name: 'Buurtteam', address: 'Straat 1' },
      ]),
    ).toBe('- 113 Zelfmoordpreventie – 0800-0113 – https://www.113.nl (24/7)\n- Buurtteam – Straat 1');
  });

  it('ships a general template and one per topic in Dutch and English, using only allowed variables', () => {
    const all = DEFAULT_TEMPLATES;
    for (const lang of ['nl', 'en']) {
      const codes = all.filter((t) => t.language === lang).map((t) => t.code);
      expect(codes.sort()).toEqual(['general', ...TOPICS].sort());
    }
    for (const t of all) expect(checkVariables(t.sections, vars)).toEqual([]);
  });
});

describe('composer helpers', () => {
  const { insertBullets, sentencesOf } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../src/replies/compose') as typeof import('../../src/replies/compose');

  it("splits a help-seeker's text into sentences to quote", () => {
    expect(sentencesOf('Ik heb schulden. Waar moet ik beginnen?\n\n- Ik durf de post niet open te maken')).toEqual([
      'Ik heb schulden.',
      'Waar moet ik beginnen?',
      'Ik durf de post niet open te maken',
    ]);
  });

  it("puts quoted sentences in place of the template's empty bullet, after existing bullets, or at the end", () => {
    expect(insertBullets('Uit je mail begrijp ik dat:\n- …\n\nKlopt dat?', ['Ik heb schulden.', 'Ik ben bang.'])).toBe(
      'Uit je mail begrijp ik dat:\n- Ik heb schulden.\n- Ik ben bang.\n\nKlopt dat?',
    );
    expect(insertBullets('Ik begrijp dat:\n- a\n\nKlopt dat?', ['b'])).toBe('Ik begrijp dat:\n- a\n- b\n\nKlopt dat?');
    expect(insertBullets('Ik begrijp dat', ['b'])).toBe('Ik begrijp dat\n- b');
  });
});
