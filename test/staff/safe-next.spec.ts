import { safeNext } from '../../src/auth/auth-pages.controller';
import { rolesAtLeast } from '../../src/auth/staff-identity';

describe('after-login target', () => {
  it.each([
    ['/cases/abc?x=1', '/cases/abc?x=1'],
    ['/inbox', '/inbox'],
    ['//evil.example/x', '/inbox'],
    ['/\\evil.example', '/inbox'],
    ['https://evil.example', '/inbox'],
    ['javascript:alert(1)', '/inbox'],
    ['/a b', '/inbox'],
    [undefined, '/inbox'],
  ])('%s → %s', (input, out) => expect(safeNext(input)).toBe(out));
});

describe('roles', () => {
  it('lists the roles from a minimum upward', () => {
    expect(rolesAtLeast('supervisor')).toEqual(['supervisor', 'manager', 'org-admin', 'admin']);
    expect(rolesAtLeast('trainee')).toHaveLength(6);
  });
});
