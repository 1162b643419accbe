import { hashPassword, verifyPassword } from '../../src/common/passwords';

describe('staff password hashing', () => {
  it('hashes with argon2id at the cost used so far, and verifies', async () => {
    const h = await hashPassword('een lang wachtwoord');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$/);
    expect(await verifyPassword(h, 'een lang wachtwoord')).toBe(true);
    expect(await verifyPassword(h, 'een ander wachtwoord')).toBe(false);
  });

  it('verifies a hash stored by the argon2 package before the switch', async () => {
    const before = '$argon2id$v=19$m=65536,p=4,t=3$gAAsET7G+s9AvRfCJPz3BQ$JojZ6PCeViN30pLGj29MFHPCC+zbg1vz9BzwBHFTPdg';
    expect(await verifyPassword(before, 'een lang wachtwoord')).toBe(true);
    expect(await verifyPassword(before, 'een lang wachtwoorD')).toBe(false);
  });

  it('says false, not an error, for something that is no hash', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});
