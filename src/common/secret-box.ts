import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Secrets at rest (mailbox passwords, OAuth client secrets and refresh tokens): AES-256-GCM with
 * a key that is never in the database, from `LUISTER_SECRET_KEY` (base64, comma-separated: the
 * first seals, all open) or a key file with one base64 key per line (first line seals). A stolen
 * database dump or backup alone opens nothing.
 *
 * Sealed layout: version (1) | key id (8, from SHA-256 of the key) | IV (12) | tag (16) | ciphertext.
 * The caller's context (e.g. `mailbox/<id>`) is bound as additional data, so a sealed value copied
 * into another row does not open there.
 */
const VERSION = 1;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretKeyMissingError extends Error {
  override name = 'SecretKeyMissingError';
}

/** A sealed value this key ring cannot open: unknown key, wrong context, or tampered bytes. */
export class SecretUnreadableError extends Error {
  override name = 'SecretUnreadableError';
}

export interface SecretKeySource {
  /** `LUISTER_SECRET_KEY`: base64 keys, comma-separated, the first one seals. */
  key?: string;
  /** `LUISTER_SECRET_KEY_FILE`: one base64 key per line, the first one seals. */
  keyFile?: string;
  /** When neither is set: a key file created here on first use (development and tests only). */
  defaultKeyFile?: string;
}

/** A fresh random key, base64 (what goes into the key file or LUISTER_SECRET_KEY). */
export function newSecretKey(): string {
  return randomBytes(32).toString('base64');
}

export function parseKeys(text: string): Buffer[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('#'))
    .map((s) => {
      const k = Buffer.from(s, 'base64');
      if (k.length !== 32) throw new Error('A secret key must be 32 random bytes, base64-encoded');
      return k;
    });
}

function keyId(key: Buffer): Buffer {
  return createHash('sha256').update('luister-secret-key').update(key).digest().subarray(0, KEY_ID_BYTES);
}

export class SecretBox {
  private keys: { id: Buffer; key: Buffer }[] = [];
  private fileStamp?: string;

  constructor(private readonly source: SecretKeySource) {}

  /** Where the keys come from, for messages: never the keys themselves. */
  describeSource(): string {
    if (this.source.key) return 'LUISTER_SECRET_KEY';
    return `key file ${this.keyFilePath() ?? '(none)'}`;
  }

  keyFilePath(): string | undefined {
    return this.source.key ? undefined : (this.source.keyFile ?? this.source.defaultKeyFile);
  }

  /** True when a key is configured (or can be created): sealing will work. */
  available(): boolean {
    try {
      this.load(false);
      return this.keys.length > 0;
    } catch {
      return false;
    }
  }

  seal(plaintext: string, context: string): Buffer {
    this.load(true);
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), id, iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, context: string): string {
    if (sealed.length < 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION)
      throw new SecretUnreadableError('not a sealed secret');
    this.load(false);
    const id = sealed.subarray(1, 1 + KEY_ID_BYTES);
    let entry = this.keys.find((k) => k.id.equals(id));
    if (!entry) {
      // Rotated by another process (npm run secrets:rotate): read the key file again.
      this.load(false, true);
      entry = this.keys.find((k) => k.id.equals(id));
    }
    if (!entry) throw new SecretUnreadableError(`sealed with a key that ${this.describeSource()} does not hold`);
    const at = 1 + KEY_ID_BYTES;
    const iv = sealed.subarray(at, at + IV_BYTES);
    const tag = sealed.subarray(at + IV_BYTES, at + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', entry.key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(at + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretUnreadableError('sealed value does not verify (wrong context or altered)');
    }
  }

  /** True when the value is sealed with the current (first) key: rotation skips it. */
  isCurrent(sealed: Buffer): boolean {
    this.load(true);
    return sealed.subarray(1, 1 + KEY_ID_BYTES).equals(this.keys[0].id);
  }

  /** Reloads the key file (after it was rewritten). */
  reload(): void {
    this.load(false, true);
  }

  private load(create: boolean, force = false): void {
    if (this.source.key) {
      if (!this.keys.length) this.keys = parseKeys(this.source.key).map((key) => ({ id: keyId(key), key }));
      if (!this.keys.length) throw new SecretKeyMissingError('LUISTER_SECRET_KEY holds no key');
      return;
    }
    const file = this.keyFilePath();
    if (!file) throw new SecretKeyMissingError('Set LUISTER_SECRET_KEY or LUISTER_SECRET_KEY_FILE');
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file);
    } catch {
      stat = undefined;
    }
    if (!stat) {
      if (!create || this.source.keyFile) throw new SecretKeyMissingError(`The secret key file ${file} does not exist`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // wx: two processes creating it at once must not end with two different keys.
      try {
        fs.writeFileSync(file, `${newSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      stat = fs.statSync(file);
    }
    const stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    if (!force && this.fileStamp === stamp && this.keys.length) return;
    const keys = parseKeys(fs.readFileSync(file, 'utf8'));
    if (!keys.length) throw new SecretKeyMissingError(`The secret key file ${file} holds no key`);
    this.keys = keys.map((key) => ({ id: keyId(key), key }));
    this.fileStamp = stamp;
  }
}

/** Writes a key file atomically (temp file + rename), readable by the owner only. */
export function writeKeyFile(file: string, keys: string[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, keys.map((k) => `${k}\n`).join(''), { mode: 0o600 });
  fs.renameSync(tmp, file);
}
