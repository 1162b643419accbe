import type { Logger } from 'pino';
import { dbErrorSummary, isDatabaseUnavailable } from './database-errors';

/**
 * The last line of defence for the one process that serves web, SMTP and jobs. A promise that
 * rejects with nobody listening (pg-boss completes and fails jobs without awaiting the query, so
 * a database that dies mid-job rejects one of those) would otherwise end the process under
 * Node's default, taking HTTP and SMTP down with it. Such a rejection is logged and the process
 * keeps serving: whatever it was doing is retried (jobs expire and run again, mail is swept).
 *
 * An uncaught exception is different: the stack it unwound may have left state half-changed, so
 * only one the database client raised for a lost connection (an 'error' event nobody listened
 * to) is survived; any other is logged and ends the process, as before, for a supervisor to restart.
 *
 * Logged: the error's type, code and stack frames (no message: it may quote data).
 */
export function installProcessGuard(logger: Logger, exit: (code: number) => void = (c) => process.exit(c)): () => void {
  const log = logger.child({ component: 'process' });
  const onRejection = (reason: unknown) => {
    log.error({ err: describe(reason) }, 'unhandled promise rejection; serving on');
  };
  const onException = (error: Error) => {
    if (isDatabaseUnavailable(error)) {
      log.error({ err: describe(error) }, 'uncaught database connection error; serving on');
      return;
    }
    log.fatal({ err: describe(error) }, 'uncaught exception; stopping');
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

function describe(e: unknown): { type: string; code?: string; message?: string; stack?: string } {
  const summary = dbErrorSummary(e);
  const stack = e instanceof Error && typeof e.stack === 'string' ? framesOnly(e.stack) : undefined;
  return { ...summary, ...(stack ? { stack } : {}) };
}

/** The "at …" lines of a stack, without its first line (which repeats the message). */
function framesOnly(stack: string): string {
  return stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 12)
    .map((l) => l.trim())
    .join('\n');
}
