import { INPUT_LIMITS, inspectInput } from '../../src/common/web/input-guard';
import type { FieldErrors } from '../../src/common/validation';

const check = (v: unknown) => {
  const fields = Object.create(null) as FieldErrors;
  const problem = inspectInput(v, fields);
  return { problem, fields: Object.fromEntries(Object.entries(fields)) };
};

describe('inspectInput', () => {
  it('passes ordinary input, emoji and accents included', () => {
    expect(check({ nickname: 'Zoë 😀', sections: { summarise: 'a', explore: 'b' }, ids: ['1', '2'] })).toEqual({
      problem: undefined,
      fields: {},
    });
  });

  it('names prototype keys at any depth, JSON and form alike', () => {
    expect(check(JSON.parse('{"nickname":{"constructor":1}}')).fields).toEqual({
      'nickname.constructor': ['validation.forbiddenKey'],
    });
    // (An object literal's __proto__ would set the prototype: build the expected field list instead.)
    expect(Object.entries(check(JSON.parse('{"__proto__":{"admin":true}}')).fields)).toEqual([
      ['__proto__', ['validation.forbiddenKey']],
    ]);
    expect(check({ a: [{ prototype: 1 }] }).fields).toEqual({ 'a.0.prototype': ['validation.forbiddenKey'] });
  });

  it('names strings with NUL bytes or lone surrogates, and such keys', () => {
    expect(check({ email: 'a\u0000@b.nl', text: 'x\ud800', ok: '\ud83d\ude00', tail: 'a\udc00' }).fields).toEqual({
      email: ['validation.invalidCharacters'],
      text: ['validation.invalidCharacters'],
      tail: ['validation.invalidCharacters'],
    });
    expect(check({ 'a\u0000': 'x' }).fields).toEqual({ 'a\uFFFD': ['validation.invalidCharacters'] });
    expect(check('\u0000').fields).toEqual({ body: ['validation.invalidCharacters'] });
  });

  it('stops at the depth and size limits without recursion (5,000 deep is no stack overflow)', () => {
    const deep = JSON.parse('['.repeat(5000) + ']'.repeat(5000));
    expect(check({ text: deep })).toEqual({ problem: 'tooDeep', fields: { body: ['validation.tooDeep'] } });
    let nested: unknown = 'x';
    for (let i = 0; i < INPUT_LIMITS.maxDepth - 1; i++) nested = { a: nested };
    expect(check(nested).problem).toBeUndefined();
    const wide = Object.fromEntries(Array.from({ length: INPUT_LIMITS.maxEntries + 1 }, (_, i) => [`k${i}`, i]));
    expect(check(wide)).toEqual({ problem: 'tooMany', fields: { body: ['validation.tooManyFields'] } });
  });
});
