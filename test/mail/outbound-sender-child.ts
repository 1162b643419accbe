/**
 * A sender in a process of its own, so a test can kill it with SIGKILL mid-batch: the real
 * OutboxSender on the test's database, draining into the relay given. Prints "draining" once
 * it has started. Usage: node -r ts-node/register/transpile-only outbound-sender-child.ts <dbUrl> <relayUrl>
 */
import 'reflect-metadata';
import { AppSecrets } from '../../src/common/app-secrets.service';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/database/data-source';
import { OutboxSender } from '../../src/mail/outbound/outbox.sender';

async function main(): Promise<void> {
  const [dbUrl, relayUrl] = process.argv.slice(2);
  const base = loadConfig({ NODE_ENV: 'test' });
  const config = {
    ...base,
    databaseUrl: dbUrl,
    outboundMail: { ...base.outboundMail, relayUrl, retryBaseSeconds: 0, claimSeconds: 2 },
  };
  const ds = createDataSource(dbUrl, { poolSize: 4 });
  await ds.initialize();
  const secrets = new AppSecrets(ds);
  await secrets.load();
  const sender = new OutboxSender(config, ds, secrets);
  process.stdout.write('draining\n');
  await sender.drain();
  process.stdout.write('drained\n');
  await sender.onApplicationShutdown();
  await ds.destroy();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
