import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import {
  caseIdFromMessageId,
  messageIdsIn,
  newMessageId,
  newReplyToken,
  replyAddress,
  replyTokenFromAddress,
} from '../../src/mail/mail-identity';

const SECRET = 'test-secret';
const DOMAIN = 'luister.example';

describe('signed Message-IDs', () => {
  it('round-trips the case id', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(caseIdFromMessageId(SECRET, DOMAIN, newMessageId(SECRET, DOMAIN, id))).toBe(id.toLowerCase());
      }),
    );
  });

  it('rejects forgeries, other secrets, other domains and junk', () => {
    const id = randomUUID();
    const mid = newMessageId(SECRET, DOMAIN, id);
    const other = randomUUID().replace(/-/g, '');
    expect(caseIdFromMessageId(SECRET, DOMAIN, mid.replace(id.replace(/-/g, ''), other))).toBeUndefined();
    expect(caseIdFromMessageId('other-secret', DOMAIN, mid)).toBeUndefined();
    expect(caseIdFromMessageId(SECRET, DOMAIN, mid.replace(DOMAIN, 'evil.example'))).toBeUndefined();
    expect(caseIdFromMessageId(SECRET, 'evil.example', mid.replace(DOMAIN, 'evil.example'))).toBeUndefined();
    expect(caseIdFromMessageId(SECRET, DOMAIN, '<CAF=abc@mail.gmail.com>')).toBeUndefined();
    fc.assert(fc.property(fc.string(), (s) => expect(caseIdFromMessageId(SECRET, DOMAIN, s)).toBeUndefined()));
  });

  it('finds every id in References', () => {
    expect(messageIdsIn('<a@x> <b@y>\r\n <c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(messageIdsIn(undefined)).toEqual([]);
  });
});

describe('reply tokens', () => {
  it('are 26 lower-case base32 characters, distinct, and survive case folding', () => {
    const tokens = new Set(Array.from({ length: 500 }, newReplyToken));
    expect(tokens.size).toBe(500);
    for (const t of tokens) {
      expect(t).toMatch(/^[a-z2-7]{26}$/);
      expect(replyTokenFromAddress(replyAddress(t, DOMAIN).toUpperCase(), DOMAIN)).toBe(t);
    }
  });

  it('ignore other addresses', () => {
    expect(replyTokenFromAddress('hulp@luister.example', DOMAIN)).toBeUndefined();
    expect(replyTokenFromAddress(`reply+${newReplyToken()}@elders.example`, DOMAIN)).toBeUndefined();
    expect(replyTokenFromAddress('reply+short@luister.example', DOMAIN)).toBeUndefined();
  });
});
