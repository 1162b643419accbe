import { classifyMail, MailFacts } from '../../src/mail/inbound/mail-classifier';

const own = new Set(['hulp@luister.example', 'noreply@luister.example']);
function facts(over: Partial<MailFacts> = {}): MailFacts {
  return {
    headers: {},
    contentType: 'text/plain',
    subject: 'Vraag over schulden',
    fromAddress: 'anna@example.nl',
    envelopeFrom: 'anna@example.nl',
    isOwnAddress: (a) => own.has(a.toLowerCase()),
    mailDomain: 'luister.example',
    seenBefore: false,
    ...over,
  };
}

describe('classifyMail', () => {
  it.each<[string, Partial<MailFacts>, string, string | null]>([
    ['a plain message', {}, 'message', null],
    ['our X-Loop marker', { headers: { 'x-loop': 'hulp@luister.example' } }, 'loop', 'x-loop'],
    ['our own sender', { fromAddress: 'hulp@luister.example' }, 'loop', 'own-sender'],
    ['our own envelope sender', { envelopeFrom: 'noreply@luister.example' }, 'loop', 'own-sender'],
    [
      'a delivery status report',
      { contentType: 'multipart/report', reportType: 'delivery-status', envelopeFrom: '' },
      'bounce',
      'delivery-status-report',
    ],
    ['MAILER-DAEMON', { fromAddress: 'MAILER-DAEMON@mx.example.nl' }, 'bounce', 'mailer-daemon-sender'],
    ['postmaster', { fromAddress: 'postmaster@example.nl' }, 'bounce', 'mailer-daemon-sender'],
    // The null sender alone is a machine (RFC 3834 auto-responders use it too), not a bounce: that needs failure wording.
    ['the null sender alone', { envelopeFrom: '' }, 'auto-reply', 'null-sender'],
    ['Return-Path <>', { headers: { 'return-path': '<>' } }, 'auto-reply', 'null-sender'],
    [
      'the null sender with delivery-failure wording',
      {
        envelopeFrom: '',
        text: 'This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered.',
      },
      'bounce',
      'bounce-wording',
    ],
    [
      'Auto-Submitted: auto-replied',
      { headers: { 'auto-submitted': 'auto-replied' }, envelopeFrom: '' },
      'auto-reply',
      'auto-submitted',
    ],
    [
      'Auto-Submitted: auto-generated',
      { headers: { 'auto-submitted': 'auto-generated' } },
      'auto-reply',
      'auto-submitted-generated',
    ],
    ['X-Autoreply', { headers: { 'x-autoreply': 'yes' } }, 'auto-reply', 'x-autoreply'],
    ['X-Autorespond', { headers: { 'x-autorespond': 'x' } }, 'auto-reply', 'x-autorespond'],
    ['Precedence: bulk', { headers: { precedence: 'bulk' } }, 'auto-reply', 'precedence-bulk'],
    ['Precedence: junk', { headers: { precedence: 'Junk' } }, 'auto-reply', 'precedence-junk'],
    ['Precedence: list', { headers: { precedence: 'list' } }, 'auto-reply', 'precedence-list'],
    ['a mailing list', { headers: { 'list-id': '<news.example.nl>' } }, 'auto-reply', 'list'],
    [
      'a read receipt',
      { contentType: 'multipart/report', reportType: 'disposition-notification' },
      'auto-reply',
      'read-receipt',
    ],
    ['"Automatisch antwoord:"', { subject: 'Automatisch antwoord: Vraag' }, 'auto-reply', 'out-of-office-subject'],
    ['"Afwezig"', { subject: 'Afwezig' }, 'auto-reply', 'out-of-office-subject'],
    ['"Out of Office:"', { subject: 'Out of Office: Re: your question' }, 'auto-reply', 'out-of-office-subject'],
    ['"RE: Automatic reply"', { subject: 'RE: Automatic reply: x' }, 'auto-reply', 'out-of-office-subject'],
    ['"[Auto-Reply]"', { subject: '[Auto-Reply] Re: Vraag' }, 'auto-reply', 'out-of-office-subject'],
    ['a repeat of a processed mail', { seenBefore: true }, 'duplicate', 'same-message-id-and-content'],
  ])('%s', (_name, over, cls, reason) => {
    expect(classifyMail(facts(over))).toMatchObject({ class: cls, reason });
  });

  it('takes Auto-Submitted: no as a person writing', () => {
    expect(classifyMail(facts({ headers: { 'auto-submitted': 'no' } })).class).toBe('message');
  });

  it("does not take a help-seeker's own words for an out-of-office subject", () => {
    for (const subject of [
      'Mijn vader is vaak afwezig',
      'Ik voel me afwezig op school',
      'vakantie met de kinderen',
      'Office problems',
    ]) {
      expect(classifyMail(facts({ subject })).class).toBe('message');
    }
  });

  it('calls an auto-reply with the null sender (as RFC 3834 asks) an auto-reply, not a bounce', () => {
    expect(classifyMail(facts({ envelopeFrom: '', headers: { 'x-autoreply': 'yes' } })).class).toBe('auto-reply');
  });

  it('calls our own mail coming back a loop even when it looks like an auto-reply', () => {
    expect(
      classifyMail(facts({ headers: { 'x-loop': 'luister.example', 'auto-submitted': 'auto-replied' } })).class,
    ).toBe('loop');
  });

  it("ignores someone else's X-Loop", () => {
    expect(classifyMail(facts({ headers: { 'x-loop': 'helpdesk@example.org' } })).class).toBe('message');
  });
});
