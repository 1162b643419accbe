import { blockingFailures, checkReply } from '../../src/replies/reply-checklist';

const ok = (sections: Parameters<typeof checkReply>[0]['sections'], referrals: { kind: string }[] = []) =>
  Object.fromEntries(checkReply({ sections, referrals }).map((r) => [r.item, r.ok]));

describe('reply quality checklist', () => {
  it('finds every part of a good Dutch reply', () => {
    const r = ok(
      {
        summarise:
          'Uit je mail begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n- je de post niet meer durft te openen\n\nKlopt dat?',
        explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
        advise:
          'Je kunt beginnen met alle post open te maken. Kort samengevat: post openen, op een rij zetten. Heeft dit antwoord je geholpen?',
      },
      [{ kind: 'face-to-face' }, { kind: 'online' }],
    );
    expect(r).toEqual({
      summary: true,
      verification: true,
      openQuestion: true,
      strengths: true,
      advice: true,
      recap: true,
      feedback: true,
      referral: true,
      onlineReferral: true,
    });
  });

  it('finds every part of a good English reply', () => {
    const r = ok(
      {
        summarise: 'From your message I understand that your landlord wants you out within a month. Is that right?',
        explore: 'How are your children coping? Who could support you right now?',
        advise:
          'You could ask for free legal advice before you move. To sum up: get advice first. Did this reply help you?',
      },
      [{ kind: 'online' }],
    );
    expect(Object.values(r).every(Boolean)).toBe(true);
  });

  it('flags what a thin reply skips: verification, open question, strengths, recap, feedback, referrals', () => {
    const r = ok(
      {
        summarise: 'Je hebt schulden bij drie bedrijven en dat is zwaar.',
        explore: 'Heb je een baan?',
        advise: 'Je kunt het beste de schuldhulp van je gemeente bellen.',
      },
      [{ kind: 'face-to-face' }],
    );
    expect(r).toEqual({
      summary: true,
      verification: false,
      openQuestion: false,
      strengths: false,
      advice: true,
      recap: false,
      feedback: false,
      referral: true,
      onlineReferral: false,
    });
  });

  it('does not count the untouched template placeholders as a summary, advice or recap', () => {
    const r = ok({
      summarise: 'Uit je mail begrijp ik dat:\n- …\n\nKlopt dat?',
      explore: '',
      advise: 'Wat je zou kunnen doen:\n- …\n\nKort samengevat: …',
    });
    expect(r.summary).toBe(false);
    expect(r.advice).toBe(false);
    expect(r.recap).toBe(false);
  });

  it('reports the blocking items that are not met', () => {
    const res = checkReply(
      { sections: { summarise: '', explore: '', advise: '' }, referrals: [] },
      new Set(['summary', 'advice']),
    );
    expect(blockingFailures(res)).toEqual(['summary', 'advice']);
    expect(res.find((x) => x.item === 'feedback')).toEqual({ item: 'feedback', ok: false, blocking: false });
  });
});
