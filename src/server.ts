import { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from './app';
import { AppConfig } from './config/config';
import { createDataSource, runMigrations } from './database/data-source';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_QUESTIONS, DEMO_STAFF, demoCoverage } from './database/demo-data';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { connectionsClosed, poolOf } from './database/pool-close';
import { isEmptyDatabase, seedDemoData, seedReferenceData } from './database/seed';
import { generateDemoHistory } from './database/demo-history';
import { DashboardRollupService } from './dashboard/dashboard-rollup.service';
import { IntakeService } from './intake/intake.service';
import { InboundSmtpServer } from './mail/inbound/inbound-smtp.server';
import { QuestionDto } from './intake/question.dto';

export interface RunningServer {
  app: NestExpressApplication;
  dataSource: DataSource;
  url: string;
  demoLoaded: boolean;
  stop(): Promise<void>;
}

/**
 * The whole service in one process: database (embedded unless DATABASE_URL), migrations,
 * reference and demo data, then the web/API server. `stop()` undoes it in reverse order.
 */
export async function startServer(config: AppConfig, logger: Logger): Promise<RunningServer> {
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPostgresPort,
      database: 'luister',
      log: (l) => logger.warn(l),
    });
    databaseUrl = embedded.url;
    logger.info({ port: config.embeddedPostgresPort }, 'embedded PostgreSQL started');
  }
  // Set-up (migrations, demo history) on a data source of its own: its statements may run long,
  // while the app's pool fails a query the database does not answer within the query timeout.
  const dataSource = createDataSource(databaseUrl, { queryTimeoutMs: config.databaseQueryTimeoutSeconds * 1000 });
  let app: NestExpressApplication | undefined;
  try {
    const setup = createDataSource(databaseUrl, { poolSize: 2 });
    await setup.initialize();
    let demoLoaded: boolean;
    try {
      const applied = await runMigrations(setup);
      if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
      const fresh = await isEmptyDatabase(setup);
      demoLoaded = fresh && config.demo;
      if (demoLoaded) {
        await seedDemoData(setup);
        // Twelve weeks of closed demo cases, so the dashboard has figures on first start.
        const history = await generateDemoHistory(setup);
        logger.info({ cases: history.cases, messages: history.messages }, 'demo history generated');
      } else await seedReferenceData(setup);
    } finally {
      await setup.destroy();
    }
    await dataSource.initialize();

    app = await createApp(config, dataSource, logger);
    if (demoLoaded) {
      await loadDemoCases(app);
      // Rolled up before the URLs are printed (~0.4 s for the demo's weeks): the job would get
      // there some seconds later, and a first look at the dashboard would find nothing.
      await app.get(DashboardRollupService).run();
    }
    await app.listen(config.port, '0.0.0.0');
    const url = `http://localhost:${config.port}`;
    const running: RunningServer = {
      app,
      dataSource,
      url,
      demoLoaded,
      stop: async () => {
        await app?.close();
        if (dataSource.isInitialized) {
          const closed = connectionsClosed(poolOf(dataSource));
          await dataSource.destroy();
          // Only then the database: a backend still open would be told "terminating connection".
          await closed();
        }
        await embedded?.stop();
      },
    };
    return running;
  } catch (e) {
    await app?.close().catch(() => undefined);
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw e;
  }
}

/** A few waiting cases so the inbox is not empty on first start; through the real intake path. */
async function loadDemoCases(app: NestExpressApplication): Promise<void> {
  const intake = app.get(IntakeService);
  for (const q of DEMO_QUESTIONS) {
    await intake.submitQuestion(Object.assign(new QuestionDto(), { ...q, language: 'nl' }));
  }
}

export function startupBanner(config: AppConfig, server: RunningServer): string {
  const lines = [
    '',
    'Luister is running',
    `  Help-seekers:  ${server.url}/`,
    `  API docs:      ${server.url}/api/docs`,
    `  Health:        ${server.url}/health`,
    `  Staff login:   ${server.url}/login  (then the inbox at ${server.url}/inbox; managers: ${server.url}/dashboard)`,
    `  Inbound mail:  smtp://localhost:${server.app.get(InboundSmtpServer).port} for hulp@${config.mailDomain}`,
    `  Outbound mail: ${config.outboundMail.relayUrl ? 'through SMTP_RELAY_URL' : `kept in the app; admins read it at ${server.url}/admin/mail/outbound`}`,
    `  Database:      ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL, data in ${config.dataDir}`}`,
    config.trustProxy
      ? '  Client address: from X-Forwarded-For (TRUST_PROXY is on: only run behind a reverse proxy that sets it)'
      : '  Client address: the connection (TRUST_PROXY off; behind a reverse proxy set TRUST_PROXY=1, or every help-seeker counts as one client; a warning follows if proxied requests arrive)',
  ];
  if (config.demo) {
    const admin = DEMO_STAFF.filter((s) => s.role === 'admin');
    lines.push('', `Demo staff accounts (password "${DEMO_PASSWORD}"):`);
    for (const s of admin)
      lines.push(
        `  admin      ${s.email.padEnd(38)} the platform: ${server.url}/admin, organisations, outbound mail, audit`,
      );
    for (const o of DEMO_ORGANISATIONS) {
      const own = (role: string) =>
        DEMO_STAFF.filter(
          (s) => s.role === role && (s.organisation === o.code || s.regions.some((r) => o.regions.includes(r))),
        );
      lines.push(`  Organisation ${o.code} (${o.name}; regions ${o.regions.join(', ')}):`);
      for (const s of own('org-admin'))
        lines.push(`    org-admin  ${s.email.padEnd(38)} its staff, settings, texts, audit`);
      for (const s of own('manager'))
        lines.push(`    manager    ${s.email.padEnd(38)} its figures at ${server.url}/dashboard`);
      for (const c of demoCoverage().filter((c) => o.regions.includes(c.region)))
        lines.push(`    ${c.region.padEnd(10)} ${c.staff.map((s) => `${s.role} ${s.email}`).join(' · ')}`);
    }
    lines.push("  (workers and supervisors answer; a trainee's reply waits for the supervisor)");
  }
  return lines.join('\n') + '\n';
}
