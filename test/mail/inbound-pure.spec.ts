import { isAllowedClient } from '../../src/mail/inbound/client-allowlist';
import { isTransientDatabaseError } from '../../src/mail/inbound/transient-error';
import { sanitiseMailHtml } from '../../src/mail/inbound/html-sanitiser';
import { guessLanguage, nicknameFromDisplayName } from '../../src/mail/inbound/mail-help-seeker';
import { decideThread, referencedMessageIds } from '../../src/mail/inbound/mail-threading';
import { contentHash, rawMessageId } from '../../src/mail/inbound/raw-headers';
import { isOwnAddress, parseRecipient } from '../../src/mail/inbound/recipient';

const regions = new Set(['gent', 'amsterdam']);

describe('parseRecipient', () => {
  it.each([
    ['hulp@luister.example', { kind: 'service' }],
    ['HULP@Luister.Example', { kind: 'service' }],
    ['gent@luister.example', { kind: 'region', code: 'gent' }],
    ['reply+abcdefghijklmnopqrstuvwxyz@luister.example', { kind: 'reply', token: 'abcdefghijklmnopqrstuvwxyz' }],
    ['reply+tooshort@luister.example', { kind: 'unknown' }],
    ['utrecht@luister.example', { kind: 'unknown' }],
    ['hulp@example.org', { kind: 'unknown' }],
    ['hulp', { kind: 'unknown' }],
  ])('%s', (address, expected) => expect(parseRecipient(address, 'luister.example', regions)).toEqual(expected));

  it('knows our own sender addresses', () => {
    expect(isOwnAddress('noreply@luister.example', 'luister.example', regions)).toBe(true);
    expect(isOwnAddress('hulp@luister.example', 'luister.example', regions)).toBe(true);
    expect(isOwnAddress('anna@example.nl', 'luister.example', regions)).toBe(false);
  });
});

describe('isAllowedClient', () => {
  it('allows everyone with an empty list', () => expect(isAllowedClient('203.0.113.9', [])).toBe(true));
  it('matches exact addresses, IPv4-mapped IPv6 and CIDR ranges', () => {
    expect(isAllowedClient('::ffff:10.1.2.3', ['10.1.2.3'])).toBe(true);
    expect(isAllowedClient('10.1.2.77', ['10.1.2.0/24'])).toBe(true);
    expect(isAllowedClient('10.1.3.1', ['10.1.2.0/24'])).toBe(false);
    expect(isAllowedClient('::1', ['::1'])).toBe(true);
    expect(isAllowedClient(undefined, ['::1'])).toBe(false);
  });
});

describe('sanitiseMailHtml', () => {
  const dirty = `<html><head><style>p{color:red}</style><script>alert(1)</script></head><body onload="x()">
    <p style="background:url(https://t.example/p)" onclick="y()">Hoi <b>jij</b></p>
    <a href="javascript:alert(1)">a</a> <a href="https://example.nl" target="_top">b</a>
    <img src="https://tracker.example/pixel.gif" width="1" height="1"><img src="//tracker.example/p.gif">
    <img src="cid:logo@x"><img src="data:image/png;base64,iVBORw0KGgo="><img src="data:image/svg+xml;base64,PHN2Zz4=">
    <iframe src="https://example.org"></iframe><form action="https://evil.example"><input name="p"></form>
    <svg onload="alert(1)"></svg><object data="x"></object></body></html>`;
  const clean = sanitiseMailHtml(dirty);

  it('drops scripts, styles, event handlers, forms, frames and objects', () => {
    expect(clean).not.toMatch(
      /<script|alert|<style|onload|onclick|style=|<iframe|<form|<input|<svg|<object|javascript:/i,
    );
    expect(clean).toContain('Hoi <b>jij</b>');
  });

  it('blocks remote loads (tracking pixels) but keeps images from the mail itself', () => {
    expect(clean).not.toContain('tracker.example');
    expect(clean).toContain('src="cid:logo@x"');
    expect(clean).toContain('src="data:image/png;base64,');
    expect(clean).not.toContain('svg+xml');
  });

  it('keeps links but opens them without referrer or opener', () => {
    expect(clean).toMatch(/<a href="https:\/\/example.nl" target="_blank" rel="noopener noreferrer nofollow">b<\/a>/);
  });
});

describe('threading decision', () => {
  it('prefers the reply token, then our Message-IDs, else a new case', () => {
    expect(decideThread({ replyTokenCaseId: 'a', referencedCaseIds: ['b'] })).toEqual({
      kind: 'reply-token',
      caseId: 'a',
    });
    expect(decideThread({ referencedCaseIds: ['b', 'c'] })).toEqual({ kind: 'message-id', caseId: 'b' });
    expect(decideThread({ referencedCaseIds: [] })).toEqual({ kind: 'new' });
  });
  it('looks at In-Reply-To first, then References newest first', () => {
    expect(referencedMessageIds(['<c>'], ['<a>', '<b>', '<c>'])).toEqual(['<c>', '<b>', '<a>']);
  });
});

describe('help-seeker from a mail', () => {
  it.each([
    ['Anna de Vries', 'Anna'],
    ['Zoë', 'Zoë'],
    ['"anna@example.nl"', 'E-mail'],
    ['', 'E-mail'],
    [undefined, 'E-mail'],
    ['<script>', 'script'],
    ['12345', 'E-mail'],
  ])('nickname of %p is %p', (name, nick) => expect(nicknameFromDisplayName(name as string | undefined)).toBe(nick));

  it('guesses English only for clearly English text', () => {
    expect(guessLanguage('Hi, I have a question about my rent and I do not know what to do with the landlord.')).toBe(
      'en',
    );
    expect(guessLanguage('Ik heb een vraag over mijn huur en ik weet niet wat ik moet doen.')).toBe('nl');
    expect(guessLanguage('OK')).toBe('nl');
  });
});

describe('raw headers', () => {
  const mail = Buffer.from('Received: from a by b\r\nMessage-ID:\r\n <abc@example.nl>\r\nSubject: x\r\n\r\nBody\r\n');
  it('reads a folded Message-ID without parsing the mail', () => expect(rawMessageId(mail)).toBe('<abc@example.nl>'));
  it('hashes content the same whatever trace headers a retry picked up', () => {
    const retried = Buffer.from(`Received: from c by d\r\nReturn-Path: <x@y>\r\n${mail.toString()}`);
    expect(contentHash(retried)).toEqual(contentHash(mail));
    expect(contentHash(Buffer.from(mail.toString().replace('Body', 'Other')))).not.toEqual(contentHash(mail));
  });
  it('hashes blanks, tabs and folds as it always has (stored hashes find their duplicates)', () => {
    const spaced = Buffer.from(
      'From: a@example.nl\r\nSubject:  Twee   spaties\r\n\tgevouwen\r\n\r\n\r\nEen  regel\tmet \t tabs   \r\nEn een zonder.  \r\n  Inspringing\r\n\r\n',
    );
    // Worked out by the hashing as it was before its blank runs were found faster.
    expect(contentHash(spaced).toString('hex')).toBe(
      'c89057b651e749db8d0eb70406933f20033516af9824b2aa0275ccefe610d45b',
    );
  });
});

describe('isTransientDatabaseError', () => {
  it.each([
    [{ driverError: { code: '40P01' } }, true],
    [{ driverError: { code: '40001' } }, true],
    [{ driverError: { code: '57P01' } }, true],
    [{ driverError: { code: '08006' } }, true],
    [{ code: 'ECONNREFUSED' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [new Error('Client was closed and is not queryable'), true],
    [Object.assign(new Error('released'), { name: 'QueryRunnerAlreadyReleasedError' }), true],
    [{ driverError: { code: '23505' } }, false],
    [{ driverError: { code: 'P0001' } }, false],
    [new Error('no header fields'), false],
  ])('%p → %p', (e, transient) => expect(isTransientDatabaseError(e)).toBe(transient));
});
