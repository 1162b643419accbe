import { isIP } from 'node:net';
import leven from 'leven';
import { z } from 'zod';

/**
 * Every setting Luister reads from the environment, as one zod schema: a value that is not what a
 * setting takes (a word where a number goes, `LUISTER_JOBS=ture`, an `http://` relay) stops the
 * start with one message that lists every bad setting, and so does a misspelt name in our own
 * prefixes (`SMTP_PROT`), with the name it probably meant. A hand-written parser let such typos
 * through silently: `ture` read as false, an unknown name as unset.
 */

const blank = (v: string | undefined) => v === undefined || v.trim() === '';

/** A whole number ≥ 0 (or ≥ 1 with `positive`), `fallback` when unset or empty. */
const int = (fallback: number, o: { positive?: boolean; max?: number } = {}) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (blank(v)) return fallback;
      const n = Number(v!.trim());
      const min = o.positive ? 1 : 0;
      if (!/^\d+$/.test(v!.trim()) || n < min || (o.max !== undefined && n > o.max)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a whole number ${o.max !== undefined ? `from ${min} to ${o.max}` : `≥ ${min}`}, got "${v}"`,
        });
        return z.NEVER;
      }
      return n;
    });

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const bool = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (blank(v)) return undefined;
      const s = v!.trim().toLowerCase();
      if (TRUE.includes(s)) return true;
      if (FALSE.includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `must be one of ${[...TRUE, ...FALSE].join(', ')}, got "${v}"` });
      return z.NEVER;
    });

const text = () =>
  z
    .string()
    .optional()
    .transform((v) => (blank(v) ? undefined : v!.trim()));

/** A URL with one of the given schemes. */
const url = (...schemes: string[]) =>
  text().superRefine((v, ctx) => {
    if (v === undefined) return;
    let scheme: string;
    try {
      scheme = new URL(v).protocol.replace(/:$/, '');
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be a URL (${schemes.map((s) => `${s}://…`).join(' or ')})` });
      return;
    }
    if (!schemes.includes(scheme))
      ctx.addIssue({ code: 'custom', message: `must start with ${schemes.map((s) => `${s}://`).join(' or ')}` });
  });

const oneOf = <T extends string>(values: readonly T[]) =>
  text().superRefine((v, ctx) => {
    if (v !== undefined && !(values as readonly string[]).includes(v))
      ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}, got "${v}"` });
  }) as unknown as z.ZodType<T | undefined, string | undefined>;

/** A comma-separated list whose items each pass `check` (which names what is wrong, or null). */
const list = (check: (item: string) => string | null) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const items = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const item of items) {
        const problem = check(item);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
      return items;
    });

/** Five cron fields (minute hour day month weekday), as pg-boss schedules take them. */
const cron = () =>
  text().superRefine((v, ctx) => {
    if (v !== undefined && !/^(\S+\s+){4}\S+$/.test(v))
      ctx.addIssue({ code: 'custom', message: `must be a cron line of five fields, got "${v}"` });
  });

const ROLES = ['trainee', 'worker', 'supervisor', 'manager', 'org-admin', 'admin'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function clientAddress(item: string): string | null {
  const [ip, bits, extra] = item.split('/');
  const family = isIP(ip);
  if (!family || extra !== undefined) return `"${item}" is not an IP address or range`;
  if (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)))
    return `"${item}" has a bad prefix length`;
  return null;
}

export const envSchema = z.object({
  NODE_ENV: oneOf(['development', 'production', 'test'] as const),
  PORT: int(3000, { max: 65535 }),
  SMTP_PORT: int(2525, { max: 65535 }),
  MAIL_DOMAIN: text(),
  SMTP_MAX_BYTES: int(25 * 1024 * 1024, { positive: true }),
  SMTP_ALLOWED_CLIENTS: list(clientAddress),
  SMTP_TLS_KEY: text(),
  SMTP_TLS_CERT: text(),
  SMTP_MAX_CLIENTS: int(64, { positive: true }),
  SMTP_MAX_CLIENTS_PER_ADDRESS: int(20, { positive: true }),
  SMTP_IDLE_SECONDS: int(60),
  SMTP_SWEEP_SECONDS: int(60),
  SMTP_INFLOW_BURST: int(100),
  SMTP_INFLOW_DELAY_MS: int(1000, { max: 10_000 }),
  MAIL_CLAIM_SECONDS: int(120, { positive: true }),
  MAIL_PROCESS_CONCURRENCY: int(3, { positive: true }),
  MAIL_PROCESS_BATCH: int(12, { positive: true }),
  MAIL_MAX_CLAIMS: int(8, { positive: true }),
  SMTP_RELAY_URL: url('smtp', 'smtps'),
  PUBLIC_URL: url('http', 'https'),
  MAIL_ACK_THROTTLE_MINUTES: int(60),
  SLA_STAFF_MAIL_MINUTES: int(30),
  MAIL_SEND_MAX_ATTEMPTS: int(8, { positive: true }),
  MAIL_RETRY_BASE_SECONDS: int(30),
  MAIL_SEND_SWEEP_SECONDS: int(30),
  MAIL_SEND_CLAIM_SECONDS: int(300, { positive: true }),
  MAIL_TLS_CA_FILE: text(),
  DKIM_PRIVATE_KEY_FILE: text(),
  DKIM_DOMAIN: text(),
  DKIM_SELECTOR: text(),
  IMAP_URL: url('imap', 'imaps'),
  IMAP_FETCH: bool(),
  IMAP_POLL_SECONDS: int(60, { positive: true }),
  IMAP_FAILING_MINUTES: int(15),
  LUISTER_SECRET_KEY: text(),
  LUISTER_SECRET_KEY_FILE: text(),
  DATABASE_URL: url('postgres', 'postgresql'),
  DATABASE_READ_URL: url('postgres', 'postgresql'),
  DATABASE_QUERY_TIMEOUT_SECONDS: int(20),
  LUISTER_DATA_DIR: text(),
  EMBEDDED_PG_PORT: int(54329, { positive: true, max: 65535 }),
  LUISTER_DEMO: bool(),
  // Read once, by the organisations migration: the organisation an existing installation's regions join.
  ORGANISATION_CODE: text(),
  ORGANISATION_NAME: text(),
  BEHIND_TLS: bool(),
  TRUST_PROXY: bool(),
  BODY_LIMIT_BYTES: int(128 * 1024, { positive: true }),
  RATE_LIMIT_QUESTIONS: int(10),
  RATE_LIMIT_CASE_LINK_FAILURES: int(20),
  RATE_LIMIT_CASE_LINK_PREFIX_FAILURES: int(10),
  RATE_LIMIT_STAFF_LOGIN_FAILURES: int(30),
  STAFF_SESSION_IDLE_MINUTES: int(120, { positive: true }),
  STAFF_SESSION_MAX_HOURS: int(12, { positive: true }),
  STAFF_MAX_FAILED_LOGINS: int(5, { positive: true }),
  STAFF_LOCKOUT_MINUTES: int(15, { positive: true }),
  STAFF_TOTP_REQUIRED_ROLES: list((r) => (ROLES.includes(r) ? null : `"${r}" is not a role (${ROLES.join(', ')})`)),
  LUISTER_JOBS: bool(),
  QUICK_EXIT_URL: url('http', 'https'),
  RETENTION_CLOSED_CASE_MONTHS: int(12),
  RETENTION_RAW_MAIL_DAYS: int(30),
  RETENTION_QUARANTINE_DAYS: int(90),
  RETENTION_BATCH_SIZE: int(500, { positive: true }),
  RETENTION_CRON: cron(),
  METRICS_TOKEN: text(),
  DASHBOARD_MIN_COUNT: int(5),
  DASHBOARD_ROLLUP_CRON: cron(),
  DASHBOARD_EXACT_PERCENTILES_UP_TO: int(150_000),
  LOG_LEVEL: oneOf(LOG_LEVELS),
});

export type Env = z.output<typeof envSchema>;

/** Name prefixes that are ours alone: a name with one of them that we don't read is a typo. */
const OUR_PREFIXES = [
  'LUISTER_',
  'SMTP_',
  'MAIL_',
  'IMAP_',
  'DKIM_',
  'RETENTION_',
  'DASHBOARD_',
  'STAFF_',
  'RATE_LIMIT_',
  'SLA_',
  'EMBEDDED_PG_',
  'ORGANISATION_',
];
/** Ours, but read by the test and benchmark tooling rather than the app. */
const TOOLING = /^LUISTER_(TEST_|CHILD_CONFIG$)/;

const KNOWN = Object.keys(envSchema.shape);

/** The settings from `env`, or an Error naming every bad or unknown setting. */
export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const problems: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (KNOWN.includes(name) || TOOLING.test(name) || !OUR_PREFIXES.some((p) => name.startsWith(p))) continue;
    const near = KNOWN.map((k) => ({ k, d: leven(k, name) })).sort((a, b) => a.d - b.d)[0];
    problems.push(`${name}: not a Luister setting${near.d <= 3 ? ` (did you mean ${near.k}?)` : ''}`);
  }
  const known = Object.fromEntries(KNOWN.map((k) => [k, env[k]]));
  const parsed = envSchema.safeParse(known);
  if (!parsed.success)
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  if (problems.length) throw new Error(`Settings refused:\n  ${problems.join('\n  ')}`);
  return parsed.data!;
}
