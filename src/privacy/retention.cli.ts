// `npm run retention [-- --dry-run] [-- --now 2027-01-01T00:00:00Z]`
// Applies the retention policy once (the daily job does the same), or with --dry-run prints what
// would go. Counts only: never a text, address or case reference.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AuditService } from '../audit/audit.service';
import { loadConfig } from '../config/config';
import { openCliDatabase } from '../database/cli-database';
import { RetentionRunner } from './retention.service';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, now: { type: 'string' } } });
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error('--now must be an ISO 8601 time');
  const config = loadConfig();
  const { ds, close } = await openCliDatabase(config);
  try {
    const runner = new RetentionRunner(ds, new AuditService(ds));
    const p = config.retention;
    const policy = `closed cases after ${p.closedCaseMonths || 'never'} months, raw mail bytes after ${p.rawMailDays || 'never'} days, quarantined mail after ${p.quarantineDays || 'never'} days`;
    if (values['dry-run']) {
      const { cutoffs, organisations, counts } = await runner.dryRun(now, p);
      process.stdout.write(`Retention dry run at ${now.toISOString()} (${policy}); nothing changed.\n`);
      process.stdout.write(`Would erase:\n`);
      process.stdout.write(
        `  closed cases (last change before ${cutoffs.closedCasesBefore?.toISOString() ?? '-'}): ${counts.cases}\n`,
      );
      for (const o of organisations)
        process.stdout.write(
          `    of ${o.code}: last change before ${o.closedCasesBefore.toISOString()} (its own period)\n`,
        );
      process.stdout.write(
        `    their message texts: ${counts.messages}, attachments: ${counts.attachments}, raw mails: ${counts.caseRawMails}\n`,
      );
      process.stdout.write(
        `  raw bytes of processed mail (received before ${cutoffs.rawMailBefore?.toISOString() ?? '-'}): ${counts.rawMailBytes}\n`,
      );
      process.stdout.write(
        `  quarantined mail (received before ${cutoffs.quarantineBefore?.toISOString() ?? '-'}): ${counts.quarantined}\n`,
      );
    } else {
      const counts = await runner.run(now, p);
      process.stdout.write(`Retention run at ${now.toISOString()} (${policy}):\n${JSON.stringify(counts)}\n`);
    }
  } finally {
    await close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`retention failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
