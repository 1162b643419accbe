import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROLLUP_TABLES } from '../../src/dashboard/dashboard-rollup';

const SRC = path.join(__dirname, '..', '..', 'src');

function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

/** Files whose SQL writes a table (INSERT INTO / UPDATE / DELETE FROM it), relative to src/. */
function writersOf(table: string): string[] {
  const write = new RegExp(`\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+${table}\\b`, 'i');
  return [...sources(SRC)]
    .filter((f) => write.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(SRC, f).split(path.sep).join('/'))
    .sort();
}

/**
 * One module writes each table; others ask it (ARCHITECTURE.md). The demo loader in src/database
 * writes history directly, as a migration would. SLA calculates due times; the cases module
 * stores them. Other modules record case events through the cases module's recordCaseEvent; the
 * two that still insert them in their own SQL are listed, and that list may only shrink.
 */
describe('table owners', () => {
  it('only the cases module writes cases (besides the demo loader)', () => {
    const outside = writersOf('cases').filter((f) => !f.startsWith('cases/') && !f.startsWith('database/'));
    expect(outside).toEqual([]);
  });

  it('case events are written by the cases module (a shrinking list of exceptions)', () => {
    const outside = writersOf('case_event').filter((f) => !f.startsWith('cases/') && !f.startsWith('database/'));
    expect(outside).toEqual(['mail/outbound/outbox.repository.ts', 'privacy/erasure.repository.ts']);
  });

  it('only src/notifications writes notifications and their settings (issue 17: sla and cases go through ports)', () => {
    expect(writersOf('notification')).toEqual(['notifications/notifications.repository.ts']);
    expect(writersOf('notification_setting')).toEqual(['notifications/notifications.repository.ts']);
  });

  it('replies are written by the replies module (the cases module asks it through CASE_REPLIES); erasure and the demo loader aside', () => {
    expect(writersOf('reply')).toEqual([
      'database/demo-history.ts',
      'privacy/erasure.repository.ts',
      'replies/replies.repository.ts',
    ]);
  });

  it('the dashboard roll-ups are written by the roll-up job only (derived data, rebuilt per day)', () => {
    for (const table of ROLLUP_TABLES)
      expect({ table, writers: writersOf(table) }).toEqual({
        table,
        writers: ['dashboard/dashboard-rollup.repository.ts'],
      });
  });

  it('review steps and their comments are written by the replies module (and wiped by erasure) only', () => {
    expect(writersOf('reply_review')).toEqual(['privacy/erasure.repository.ts', 'replies/replies.repository.ts']);
  });
});
