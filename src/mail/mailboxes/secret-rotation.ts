import { DataSource } from 'typeorm';
import { newSecretKey, parseKeys, SecretBox, writeKeyFile } from '../../common/secret-box';
import * as fs from 'node:fs';
import { secretContext } from './mailbox-secrets.service';
import { lockSealedSecrets, replaceSealedSecret } from './mailboxes.repository';

export interface RotationResult {
  /** Rows sealed again under the current key. */
  resealed: number;
  /** Rows that were sealed with it already. */
  current: number;
  /** With a key file: a new key was made and the old ones removed from the file. */
  newKey: boolean;
}

/**
 * Re-seals every mailbox secret under the current key, in one transaction (rows locked, so a
 * refresh token saved meanwhile waits and is not lost). With a key file it first puts a new key
 * in front of the old ones, re-seals, and then drops the old keys from the file: running instances
 * read the file again when they meet a key they do not know. With LUISTER_SECRET_KEY the operator
 * puts the new key first in the variable (and restarts) before running this, and removes the old
 * one afterwards.
 */
export async function rotateSecrets(ds: DataSource, box: SecretBox): Promise<RotationResult> {
  const file = box.keyFilePath();
  let oldKeys: string[] = [];
  if (file) {
    box.reload();
    oldKeys = fs
      .readFileSync(file, 'utf8')
      .split(/\s+/)
      .filter((k) => k && !k.startsWith('#'));
    parseKeys(oldKeys.join('\n'));
    writeKeyFile(file, [newSecretKey(), ...oldKeys]);
    box.reload();
  }
  const result = await ds.transaction(async (m) => {
    const rows = await lockSealedSecrets(m);
    let resealed = 0;
    for (const r of rows) {
      if (box.isCurrent(r.secret_sealed)) continue;
      // Throws for a value no key opens: then nothing is changed and the old keys stay in the file.
      const plain = box.open(r.secret_sealed, secretContext(r.id));
      await replaceSealedSecret(m, r.id, box.seal(plain, secretContext(r.id)));
      resealed++;
    }
    return { resealed, current: rows.length - resealed, newKey: !!file };
  });
  if (file) {
    const current = fs.readFileSync(file, 'utf8').split(/\s+/).filter(Boolean)[0];
    writeKeyFile(file, [current]);
    box.reload();
  }
  return result;
}
