/**
 * One instance of the app in a process of its own, for the two-instance test: the real app
 * (HTTP, SMTP, background jobs) on the config it is given in LUISTER_CHILD_CONFIG. Logs go to
 * stdout as pino JSON; once listening it sends `{ ready: { http, smtpPort } }` over IPC. It answers
 * `{ scan: iso }` with the SLA scan's result, and shuts down cleanly on `{ stop: true }`.
 * Usage: fork('instance-child.ts', [], { execArgv: ['-r', 'ts-node/register/transpile-only'] }).
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/common/logging/logger';
import { AppConfig } from '../../src/config/config';
import { createDataSource } from '../../src/database/data-source';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { SlaWarningService } from '../../src/cases/sla-warning.service';

async function main(): Promise<void> {
  const config = JSON.parse(process.env.LUISTER_CHILD_CONFIG ?? '') as AppConfig;
  const ds = createDataSource(config.databaseUrl!, { poolSize: 5 });
  await ds.initialize();
  const app = await createApp(config, ds, createLogger(config.logLevel, process.stdout));
  await app.init();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.on('message', (msg: { scan?: string; stop?: boolean }) => {
    if (msg.scan) {
      app
        .get(SlaWarningService)
        .scan(new Date(msg.scan), 6)
        .then((r) => process.send?.({ scanned: r }))
        .catch((e: Error) => process.send?.({ error: e.message }));
    }
    if (msg.stop) {
      void (async () => {
        await app.close();
        await ds.destroy();
        process.exit(0);
      })();
    }
  });
  process.send?.({ ready: { http: `http://127.0.0.1:${port}`, smtpPort: app.get(InboundSmtpServer).port } });
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
