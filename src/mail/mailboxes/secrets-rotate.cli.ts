// `npm run secrets:rotate` re-seals every stored mailbox secret under a new key (with a key file:
// made here, old keys removed afterwards; with LUISTER_SECRET_KEY: the first key in the variable).
// `npm run secrets:rotate -- --print-key` prints a fresh key and changes nothing.
// Prints counts only, never a secret or a key it did not make.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { newSecretKey, SecretBox } from '../../common/secret-box';
import { loadConfig } from '../../config/config';
import { openCliDatabase } from '../../database/cli-database';
import { rotateSecrets } from './secret-rotation';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'print-key': { type: 'boolean' } } });
  if (values['print-key']) {
    process.stdout.write(`${newSecretKey()}\n`);
    return;
  }
  const config = loadConfig();
  const box = new SecretBox(config.secrets);
  const { ds, close } = await openCliDatabase(config);
  try {
    const r = await rotateSecrets(ds, box);
    process.stdout.write(
      `Mailbox secrets re-sealed under the current key: ${r.resealed} (already current: ${r.current}).\n` +
        (r.newKey
          ? `A new key was written to ${box.keyFilePath()}; the old keys were removed from it.\n`
          : 'Keys come from LUISTER_SECRET_KEY: remove the old key(s) behind the first one and restart.\n'),
    );
  } finally {
    await close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`secrets:rotate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
