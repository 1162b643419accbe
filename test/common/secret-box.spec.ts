import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  newSecretKey,
  SecretBox,
  SecretKeyMissingError,
  SecretUnreadableError,
  writeKeyFile,
} from '../../src/common/secret-box';

describe('SecretBox: secrets at rest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-box-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('seals with AES-256-GCM so that only the same key and context open it', () => {
    const key = newSecretKey();
    const box = new SecretBox({ key });
    const sealed = box.seal('app password 123', 'mailbox/a');
    expect(sealed.toString('latin1')).not.toContain('app password');
    // Random IV: sealing twice never gives the same bytes.
    expect(box.seal('app password 123', 'mailbox/a').equals(sealed)).toBe(false);
    expect(box.open(sealed, 'mailbox/a')).toBe('app password 123');
    expect(() => box.open(sealed, 'mailbox/b')).toThrow(SecretUnreadableError);
    expect(() => new SecretBox({ key: newSecretKey() }).open(sealed, 'mailbox/a')).toThrow(SecretUnreadableError);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => box.open(tampered, 'mailbox/a')).toThrow(SecretUnreadableError);
  });

  it('opens with any key of the ring and seals with the first (rotation)', () => {
    const [oldKey, newKey] = [newSecretKey(), newSecretKey()];
    const sealedOld = new SecretBox({ key: oldKey }).seal('x', 'c');
    const ring = new SecretBox({ key: `${newKey},${oldKey}` });
    expect(ring.open(sealedOld, 'c')).toBe('x');
    expect(ring.isCurrent(sealedOld)).toBe(false);
    const sealedNew = ring.seal('x', 'c');
    expect(ring.isCurrent(sealedNew)).toBe(true);
    expect(new SecretBox({ key: newKey }).open(sealedNew, 'c')).toBe('x');
  });

  it('refuses keys that are not 32 bytes, and never invents one for a named file', () => {
    expect(() => new SecretBox({ key: 'c2hvcnQ=' }).seal('x', 'c')).toThrow(/32 random bytes/);
    const named = new SecretBox({ keyFile: path.join(dir, 'missing.key') });
    expect(() => named.seal('x', 'c')).toThrow(SecretKeyMissingError);
    expect(named.available()).toBe(false);
    expect(() => new SecretBox({}).seal('x', 'c')).toThrow(SecretKeyMissingError);
  });

  it('makes a development key file once (mode 0600) and reads a rewritten file again', () => {
    const file = path.join(dir, 'dev', 'secret.key');
    const box = new SecretBox({ defaultKeyFile: file });
    const sealed = box.seal('x', 'c');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(new SecretBox({ defaultKeyFile: file }).open(sealed, 'c')).toBe('x');
    // Another process rotates: a new key in front. This instance still opens both.
    const other = newSecretKey();
    writeKeyFile(file, [other, fs.readFileSync(file, 'utf8').trim()]);
    const fromOther = new SecretBox({ key: other }).seal('y', 'c');
    expect(box.open(fromOther, 'c')).toBe('y');
    expect(box.open(sealed, 'c')).toBe('x');
  });
});
