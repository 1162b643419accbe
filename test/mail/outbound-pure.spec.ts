import { catalogKeys, translate } from '../../src/common/i18n/i18n';
import { OutboxRow, retryDelaySeconds, sendFailure, toMailOptions } from '../../src/mail/outbound/outbound-message';
import { MailTemplates } from '../../src/mail/outbound/mail-templates';
import { formatDueDated } from '../../src/sla/due-format';
import { CASE_LINK_MARKER, fillCaseLink, openToken, sealToken } from '../../src/mail/outbound/sealed-link';

const row = (over: Partial<OutboxRow> = {}): OutboxRow => ({
  id: 'o1',
  caseId: 'c1',
  kind: 'acknowledgement',
  automatic: true,
  recipient: 'anna@example.nl',
  subject: 'Je bericht is ontvangen',
  textBody: `link: ${CASE_LINK_MARKER}`,
  htmlBody: `<a href="${CASE_LINK_MARKER}">${CASE_LINK_MARKER}</a>`,
  messageId: '<l.x@luister.example>',
  inReplyTo: '<theirs@example.nl>',
  references: ['<older@example.nl>', '<theirs@example.nl>'],
  sealedLink: null,
  attempts: 0,
  ...over,
});

describe('the sealed case link', () => {
  it('opens with the same secret only, and differs every time it is sealed', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUv';
    const a = sealToken('secret-1', token);
    expect(openToken('secret-1', a)).toBe(token);
    expect(a.toString('latin1')).not.toContain(token);
    expect(sealToken('secret-1', token).equals(a)).toBe(false);
    expect(() => openToken('secret-2', a)).toThrow();
    const tampered = Buffer.from(a);
    tampered[tampered.length - 1] ^= 1;
    expect(() => openToken('secret-1', tampered)).toThrow();
  });

  it('fills every marker', () => {
    expect(fillCaseLink(`${CASE_LINK_MARKER} en ${CASE_LINK_MARKER}`, 'https://x/c/t')).toBe(
      'https://x/c/t en https://x/c/t',
    );
  });
});

describe('toMailOptions', () => {
  it('sets thread, reply address, envelope sender and loop headers; automatic mail is marked auto-replied', () => {
    const o = toMailOptions(row(), {
      domain: 'luister.example',
      replyTo: 'reply+abc@luister.example',
      caseLink: 'https://l.test/c/tok',
    });
    expect(o).toMatchObject({
      to: 'anna@example.nl',
      replyTo: 'reply+abc@luister.example',
      envelope: { from: 'reply+abc@luister.example', to: 'anna@example.nl' },
      messageId: '<l.x@luister.example>',
      inReplyTo: '<theirs@example.nl>',
      references: ['<older@example.nl>', '<theirs@example.nl>'],
      text: 'link: https://l.test/c/tok',
      html: '<a href="https://l.test/c/tok">https://l.test/c/tok</a>',
      headers: {
        'X-Loop': 'hulp@luister.example',
        'Auto-Submitted': 'auto-replied',
        'X-Auto-Response-Suppress': 'All',
      },
    });
  });

  it("leaves a worker's reply without Auto-Submitted (it is a person writing) but keeps X-Loop", () => {
    const o = toMailOptions(row({ automatic: false, htmlBody: null, inReplyTo: null, references: [] }), {
      domain: 'luister.example',
      replyTo: 'reply+abc@luister.example',
    });
    expect(o.headers).toEqual({ 'X-Loop': 'hulp@luister.example' });
    expect(o).not.toHaveProperty('html');
    expect(o).not.toHaveProperty('inReplyTo');
  });
});

describe('send failures and backoff', () => {
  it('treats 5xx as permanent, 4xx and network errors as worth another try, and keeps only codes', () => {
    expect(sendFailure({ responseCode: 550, response: '550 <anna@example.nl> unknown' })).toEqual({
      permanent: true,
      reason: 'smtp 550',
    });
    expect(sendFailure({ responseCode: 451, response: '451 later' })).toEqual({ permanent: false, reason: 'smtp 451' });
    expect(sendFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toEqual({
      permanent: false,
      reason: 'ESOCKET',
    });
  });

  it('doubles the delay from the base and caps it at an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 30))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(20, 30)).toBe(3600);
    expect(retryDelaySeconds(5, 0)).toBe(0);
  });
});

describe('mail templates', () => {
  const templates = new MailTemplates();

  it.each(['nl', 'en'] as const)('renders every mail in %s with no missing text', (lang) => {
    for (const [name, ctx] of [
      [
        'acknowledgement',
        {
          caseLink: CASE_LINK_MARKER,
          expectedBy: formatDueDated(new Date('2026-11-26T10:00:00Z'), 'Europe/Amsterdam', lang),
        },
      ],
      ['acknowledgement', { caseLink: CASE_LINK_MARKER, expectedBy: null }],
      [
        'acknowledgement',
        {
          caseLink: CASE_LINK_MARKER,
          expectedFrom: formatDueDated(new Date('2026-11-30T08:00:00Z'), 'Europe/Amsterdam', lang),
        },
      ],
      ['reply-notification', {}],
      ['reply', { replyText: 'Hallo <Anna> & co' }],
    ] as const) {
      const out = templates.render(name, { lang, ...ctx });
      // A missing key would show as the key itself.
      expect(`${out.text}${out.html ?? ''}`).not.toMatch(/\b(mail|crisis)\.[a-zA-Z]+/);
    }
    expect(templates.render('acknowledgement', { lang, caseLink: CASE_LINK_MARKER, expectedBy: null }).text).toContain(
      translate(lang, 'mail.ack.when'),
    );
  });

  it('keeps plain text as written and escapes the HTML part', () => {
    expect(templates.render('reply', { lang: 'nl', replyText: 'Hallo <Anna> & co' }).text).toContain(
      'Hallo <Anna> & co',
    );
    const html = templates.render('acknowledgement', {
      lang: 'nl',
      caseLink: '"><script>x</script>',
      expectedBy: null,
    }).html!;
    expect(html).not.toContain('<script>');
  });

  it('has every mail text in both languages', () => {
    const mailKeys = (lang: 'nl' | 'en') => catalogKeys(lang).filter((k) => k.startsWith('mail.'));
    expect(mailKeys('en')).toEqual(mailKeys('nl'));
    expect(mailKeys('nl').length).toBeGreaterThan(10);
  });
});
