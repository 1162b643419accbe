import { verifyPassword } from '../../src/common/passwords';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/database';

const ROOT = path.join(__dirname, '..', '..');

function runCli(db: TestDatabase, args: string[], password: string) {
  return spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/staff/user-create.cli.ts', ...args],
    {
      cwd: ROOT,
      input: `${password}\n`,
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
}

describe('npm run user:create', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('creates a user with an argon2id hash of the password read from stdin, and region memberships', async () => {
    const r = runCli(
      db,
      [
        '--email',
        'nieuw@example.org',
        '--role',
        'worker',
        '--region',
        'rotterdam',
        '--region',
        'utrecht',
        '--name',
        'Nina Nieuw',
      ],
      'een lang wachtwoord',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [u] = await db.ds.query(
      `SELECT id, role, display_name, password_hash FROM staff_user WHERE email = 'nieuw@example.org'`,
    );
    expect(u).toMatchObject({ role: 'worker', display_name: 'Nina Nieuw' });
    expect(u.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(u.password_hash, 'een lang wachtwoord')).toBe(true);
    const regions = await db.ds.query(
      `SELECT r.code FROM staff_region s JOIN region r ON r.id = s.region_id WHERE s.staff_user_id = $1 ORDER BY r.code`,
      [u.id],
    );
    expect(regions.map((x: { code: string }) => x.code)).toEqual(['rotterdam', 'utrecht']);
  }, 60_000);

  it('creates an org-admin of one organisation, who runs every region of it', async () => {
    const r = runCli(
      db,
      ['--email', 'oa@example.org', '--role', 'org-admin', '--organisation', 'zuid-holland-utrecht'],
      'een lang wachtwoord',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [u] = await db.ds.query(
      `SELECT u.role, o.code FROM staff_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.email = 'oa@example.org'`,
    );
    expect(u).toEqual({ role: 'org-admin', code: 'zuid-holland-utrecht' });
  }, 60_000);

  it('refuses bad input with a reason and exit code 2, creating nothing', async () => {
    const before = (await db.ds.query(`SELECT count(*)::int AS n FROM staff_user`))[0].n;
    const cases: [string[], string, RegExp][] = [
      [['--email', 'x@example.org', '--role', 'boss', '--region', 'gent'], 'een lang wachtwoord', /Unknown role/],
      [
        ['--email', 'x@example.org', '--role', 'worker', '--region', 'atlantis'],
        'een lang wachtwoord',
        /Unknown region/,
      ],
      [['--email', 'x@example.org', '--role', 'worker', '--region', 'gent'], 'kort', /at least 12/],
      [['--email', 'admin@luister.example', '--role', 'admin'], 'een lang wachtwoord', /already exists/],
      // One organisation per staff member: Gent is CAW Oost-Vlaanderen's, Amsterdam Welzijn Amsterdam's.
      [
        ['--email', 'x@example.org', '--role', 'worker', '--region', 'gent', '--region', 'amsterdam'],
        'een lang wachtwoord',
        /one organisation only/,
      ],
      [
        ['--email', 'x@example.org', '--role', 'worker', '--region', 'gent', '--organisation', 'welzijn-amsterdam'],
        'een lang wachtwoord',
        /one organisation only/,
      ],
      [['--email', 'x@example.org', '--role', 'org-admin'], 'een lang wachtwoord', /--organisation/],
      [
        ['--email', 'x@example.org', '--role', 'org-admin', '--organisation', 'nergens'],
        'een lang wachtwoord',
        /Unknown organisation/,
      ],
    ];
    for (const [args, pw, msg] of cases) {
      const r = runCli(db, args, pw);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
    expect((await db.ds.query(`SELECT count(*)::int AS n FROM staff_user`))[0].n).toBe(before);
  }, 120_000);
});
