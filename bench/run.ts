/**
 * `npm run bench [-- NAME...]`: runs benchmarks one after another, each in its own process (so
 * one's memory and connections never skew the next), and prints their own reports. Without
 * names it runs the quick set; `all` adds the million-case ones (several minutes each).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BENCHES: Record<string, { file: string; what: string; heavy?: boolean }> = {
  intake: { file: 'intake.bench.ts', what: 'web form submissions/s over HTTP vs raw pg inserts' },
  'mail-inbound': {
    file: 'mail-inbound.bench.ts',
    what: 'SMTP accept+commit/s vs bare smtp-server; parse+classify/s vs bare mailparser',
  },
  'mail-outbound': { file: 'mail-outbound.bench.ts', what: 'outbox mails/s vs bare nodemailer' },
  notifications: {
    file: 'notifications.bench.ts',
    what: 'unread badge, /notifications and the review view p95 at 1M notifications vs primary-key look-ups',
  },
  imap: { file: 'imap.bench.ts', what: 'IMAP initial sync of 10,000 mails: mails/s vs a bare imapflow download' },
  inbox: { file: 'inbox.bench.ts', what: 'inbox views p95 at 1M cases / 5M messages', heavy: true },
  sla: { file: 'sla.bench.ts', what: 'due-time recompute and warning scan at 1M open cases', heavy: true },
  search: { file: 'search.bench.ts', what: 'staff search p95 per query shape at 1M cases / 5M messages', heavy: true },
  dashboard: {
    file: 'dashboard.bench.ts',
    what: 'dashboard figures p95 and the roll-up job at 1M cases / 5M messages',
    heavy: true,
  },
};

const args = process.argv.slice(2);
const names = args.includes('all')
  ? Object.keys(BENCHES)
  : args.length
    ? args
    : Object.keys(BENCHES).filter((n) => !BENCHES[n].heavy);
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}, all`);
  process.exit(2);
}

let failed = 0;
for (const name of names) {
  const b = BENCHES[name];
  console.log(`\n=== ${name}: ${b.what} ===`);
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, b.file)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (r.status !== 0) {
    failed++;
    console.error(`=== ${name} failed (exit ${r.status ?? r.signal}) ===`);
  }
}
const skipped = Object.keys(BENCHES).filter((n) => !names.includes(n));
if (skipped.length) console.log(`\nNot run: ${skipped.join(', ')} (npm run bench -- ${skipped.join(' ')}, or -- all)`);
process.exit(failed ? 1 : 0);
