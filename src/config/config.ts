import * as path from 'node:path';
import type { SecretKeySource } from '../common/secret-box';
import { parseEnv } from './env-schema';

/** Where the project lives, so paths work from src/ (ts-jest) and dist/src/ (built). */
export const PROJECT_ROOT = path.resolve(
  __dirname,
  '..',
  '..',
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '',
);

export interface RateLimitSetting {
  /** Allowed requests per window; 0 switches the limit off (benchmarks only). */
  points: number;
  windowSeconds: number;
}

export interface InboundMailConfig {
  /** Larger messages get 552 (SMTP_MAX_BYTES, default 25 MB). */
  maxBytes: number;
  /** IPv4/IPv6 addresses or IPv4 CIDR ranges allowed to connect; empty: everyone (SMTP_ALLOWED_CLIENTS). */
  allowedClients: string[];
  /** PEM files enabling STARTTLS (SMTP_TLS_KEY, SMTP_TLS_CERT); unset: STARTTLS off. */
  tlsKeyFile?: string;
  tlsCertFile?: string;
  /** Connections at once, all clients together; beyond it 421 (SMTP_MAX_CLIENTS, default 64). */
  maxClients?: number;
  /** Connections at once from one client address, so one can't hold every slot (SMTP_MAX_CLIENTS_PER_ADDRESS, default 20: what a busy relay opens). */
  maxClientsPerAddress?: number;
  /**
   * Seconds a session may go without delivering a mail, outside DATA (SMTP_IDLE_SECONDS, default 60):
   * NOOP, RSET or a half-finished transaction do not count as progress, so a connection kept
   * alive with them is closed with 421. 0: off.
   */
  idleSeconds?: number;
  /**
   * How often a background run looks for stored mail nobody is working on (a missed wake-up, a
   * lapsed claim after a crash, a retry that came due) (SMTP_SWEEP_SECONDS; 0: only at start).
   */
  sweepIntervalSeconds: number;
  /**
   * Pacing of acceptance to processing (InflowPacer): mails SMTP may accept ahead of this
   * instance's processing (SMTP_INFLOW_BURST, 100), and the longest a further mail waits before its
   * 250 for processing to catch up (SMTP_INFLOW_DELAY_MS, 1000; 0: off). Only with background jobs.
   */
  inflowBurst?: number;
  inflowDelayMs?: number;
  /** How long a run's claim on a mail lasts before another run may take it (MAIL_CLAIM_SECONDS, 120). */
  claimSeconds?: number;
  /** Mails processed side by side in one instance (MAIL_PROCESS_CONCURRENCY, 3; at most the pool less 3). */
  concurrency?: number;
  /** Mails claimed per batch (MAIL_PROCESS_BATCH, 12). */
  batchSize?: number;
  /** Runs that took a mail without finishing it before it is quarantined (MAIL_MAX_CLAIMS, 8). */
  maxClaims?: number;
}

export interface OutboundMailConfig {
  /** `smtp://host:port` of the relay (SMTP_RELAY_URL); unset: mail is kept in the app for admins. */
  relayUrl?: string;
  /** Absolute base of the links in our mails (PUBLIC_URL, default http://localhost:PORT). */
  publicUrl: string;
  /** At most one acknowledgement per sender address in this many minutes (MAIL_ACK_THROTTLE_MINUTES). */
  ackThrottleMinutes: number;
  /** At most one SLA warning/breach mail per staff member in this many minutes (SLA_STAFF_MAIL_MINUTES). */
  staffSlaMailMinutes: number;
  /** Tries before a mail counts as permanently failed (MAIL_SEND_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** First retry delay; doubles per try, capped at an hour (MAIL_RETRY_BASE_SECONDS). */
  retryBaseSeconds: number;
  /** The sweep that catches mail a missed wake-up left waiting (MAIL_SEND_SWEEP_SECONDS). */
  sweepSeconds: number;
  /** Mails claimed per batch. */
  batchSize: number;
  /** How long a sender's claim on a batch lasts before another may take it (MAIL_SEND_CLAIM_SECONDS, 300; above the SMTP timeouts). */
  claimSeconds: number;
  /** PEM bundle of extra CAs trusted for the relay, IMAP and mailbox SMTP servers (MAIL_TLS_CA_FILE). */
  tlsCaFile?: string;
  /** DKIM signing of mail from this domain (DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY_FILE); unset: no signing. */
  dkim?: { domain: string; selector: string; privateKeyFile: string };
}

/** The organisation's own mailboxes, fetched over IMAP (docs/mailboxes.md). */
export interface MailboxesConfig {
  /** One mailbox from the environment (IMAP_URL), besides those admins configure. */
  imapUrl?: string;
  /** Whether this process fetches (IMAP_FETCH); unset: when background jobs run. */
  fetch?: boolean;
  /** Without IDLE: how often a mailbox is polled (IMAP_POLL_SECONDS). With IDLE a sync also runs every 5 minutes. */
  pollSeconds: number;
  /** A mailbox failing this long shows on /health and the admin page (IMAP_FAILING_MINUTES). */
  failingMinutes: number;
  /** One instance fetches a mailbox at a time; another takes over when this lease runs out. */
  leaseSeconds: number;
}

/** How long content is kept (privacy); 0 switches a rule off. */
export interface RetentionConfig {
  /** Message text, attachments and raw mail of a case closed this long ago are erased (RETENTION_CLOSED_CASE_MONTHS, 12). */
  closedCaseMonths: number;
  /** Raw bytes of processed mail (RETENTION_RAW_MAIL_DAYS, 30). */
  rawMailDays: number;
  /** Quarantined mail, whole (RETENTION_QUARANTINE_DAYS, 90). */
  quarantineDays: number;
  /** Rows per transaction (RETENTION_BATCH_SIZE, 500). */
  batchSize: number;
  /** When the daily job runs, cron in UTC (RETENTION_CRON, 03:30). */
  cron: string;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  smtpPort: number;
  mailDomain: string;
  /** Inbound SMTP: size limit, optional STARTTLS and client allowlist. */
  inboundMail: InboundMailConfig;
  /** Outbound mail: the relay, retries, the acknowledgement throttle. */
  outboundMail: OutboundMailConfig;
  mailboxes: MailboxesConfig;
  /** Where the key sealing mailbox passwords and tokens comes from (never the database). */
  secrets: SecretKeySource;
  /** Unset: an embedded PostgreSQL is started under dataDir. */
  databaseUrl?: string;
  /** A query the database does not answer within this fails (503/451) instead of hanging (DATABASE_QUERY_TIMEOUT_SECONDS, 20; 0: off). */
  databaseQueryTimeoutSeconds: number;
  dataDir: string;
  embeddedPostgresPort: number;
  /** Load demo regions, staff and cases into an empty database. */
  demo: boolean;
  /** Set when the app runs behind a TLS-terminating proxy: secure cookies, HSTS. */
  behindTls: boolean;
  trustProxy: boolean;
  bodyLimitBytes: number;
  rateLimits: {
    questions: RateLimitSetting;
    caseLinkFailures: RateLimitSetting;
    /** Unknown case links per token prefix (from any address), see CaseLinkThrottle. */
    caseLinkPrefixFailures: RateLimitSetting;
    /** Failed staff logins per client address, across accounts (password spraying). */
    staffLoginFailures: RateLimitSetting;
  };
  /** Staff sessions, lockout and the TOTP second factor. */
  staffAuth: {
    sessionIdleMinutes: number;
    sessionMaxHours: number;
    /** Consecutive failed logins of one account before it is locked for lockoutMinutes. */
    maxFailedLogins: number;
    lockoutMinutes: number;
    /** Roles that must use a TOTP second factor. */
    totpRequiredRoles: string[];
  };
  logLevel: string;
  /** Background jobs (pg-boss). Off in most tests, which then see no workers running. */
  jobs: { enabled: boolean };
  /** Where the quick-exit button goes: a neutral site. */
  quickExitUrl: string;
  retention: RetentionConfig;
  /** Bearer token required by GET /metrics (METRICS_TOKEN); unset: open like /health. */
  metricsToken?: string;
  dashboard: DashboardConfig;
}

export interface DashboardConfig {
  /** Counts from 1 up to this minus one that could identify a help-seeker are hidden (DASHBOARD_MIN_COUNT). */
  minCount: number;
  /** When the roll-up job rebuilds the open days (DASHBOARD_ROLLUP_CRON). */
  rollupCron: string;
  /** Days, weeks and periods are counted on this clock (the service's regions share it). */
  timeZone: string;
  /**
   * Above this many response times in a figure, medians and p90s come from a 1-in-16 sample
   * (DASHBOARD_EXACT_PERCENTILES_UP_TO). Exact ones cost ~1.5 µs a value (read and sort): 150,000
   * keeps them under the 300 ms goal (docs/dashboard-plan.md).
   */
  exactPercentilesUpTo: number;
  /** A read replica for the dashboard queries (DATABASE_READ_URL); unset: the main database. */
  readUrl?: string;
}

/**
 * Typed settings from the environment (validated by envSchema: a bad value or a misspelt name
 * stops the start with a message naming each), with defaults that run the demo on a fresh machine.
 */
export function loadConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = parseEnv(raw);
  const nodeEnv = env.NODE_ENV ?? 'development';
  const dataDir = path.resolve(PROJECT_ROOT, env.LUISTER_DATA_DIR ?? '.data');
  return {
    env: nodeEnv,
    port: env.PORT,
    smtpPort: env.SMTP_PORT,
    mailDomain: env.MAIL_DOMAIN ?? 'luister.example',
    inboundMail: {
      maxBytes: env.SMTP_MAX_BYTES,
      allowedClients: env.SMTP_ALLOWED_CLIENTS ?? [],
      tlsKeyFile: env.SMTP_TLS_KEY,
      tlsCertFile: env.SMTP_TLS_CERT,
      maxClients: env.SMTP_MAX_CLIENTS,
      maxClientsPerAddress: env.SMTP_MAX_CLIENTS_PER_ADDRESS,
      idleSeconds: env.SMTP_IDLE_SECONDS,
      sweepIntervalSeconds: env.SMTP_SWEEP_SECONDS,
      inflowBurst: env.SMTP_INFLOW_BURST,
      inflowDelayMs: env.SMTP_INFLOW_DELAY_MS,
      claimSeconds: env.MAIL_CLAIM_SECONDS,
      concurrency: env.MAIL_PROCESS_CONCURRENCY,
      batchSize: env.MAIL_PROCESS_BATCH,
      maxClaims: env.MAIL_MAX_CLAIMS,
    },
    outboundMail: {
      relayUrl: env.SMTP_RELAY_URL,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
      ackThrottleMinutes: env.MAIL_ACK_THROTTLE_MINUTES,
      staffSlaMailMinutes: env.SLA_STAFF_MAIL_MINUTES,
      maxAttempts: env.MAIL_SEND_MAX_ATTEMPTS,
      retryBaseSeconds: env.MAIL_RETRY_BASE_SECONDS,
      sweepSeconds: env.MAIL_SEND_SWEEP_SECONDS,
      batchSize: 20,
      claimSeconds: env.MAIL_SEND_CLAIM_SECONDS,
      tlsCaFile: env.MAIL_TLS_CA_FILE,
      dkim: env.DKIM_PRIVATE_KEY_FILE
        ? {
            domain: env.DKIM_DOMAIN ?? env.MAIL_DOMAIN ?? 'luister.example',
            selector: env.DKIM_SELECTOR ?? 'luister',
            privateKeyFile: env.DKIM_PRIVATE_KEY_FILE,
          }
        : undefined,
    },
    mailboxes: {
      imapUrl: env.IMAP_URL,
      fetch: env.IMAP_FETCH,
      pollSeconds: env.IMAP_POLL_SECONDS,
      failingMinutes: env.IMAP_FAILING_MINUTES,
      leaseSeconds: 60,
    },
    secrets: {
      key: env.LUISTER_SECRET_KEY,
      keyFile: env.LUISTER_SECRET_KEY_FILE,
      // Production (and tests) name their key; development makes one in the data directory on first use.
      defaultKeyFile: nodeEnv !== 'development' ? undefined : path.join(dataDir, 'secret.key'),
    },
    databaseUrl: env.DATABASE_URL,
    databaseQueryTimeoutSeconds: env.DATABASE_QUERY_TIMEOUT_SECONDS,
    dataDir,
    embeddedPostgresPort: env.EMBEDDED_PG_PORT,
    demo: env.LUISTER_DEMO ?? nodeEnv !== 'production',
    behindTls: env.BEHIND_TLS ?? false,
    trustProxy: env.TRUST_PROXY ?? false,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    rateLimits: {
      questions: { points: env.RATE_LIMIT_QUESTIONS, windowSeconds: 600 },
      caseLinkFailures: { points: env.RATE_LIMIT_CASE_LINK_FAILURES, windowSeconds: 300 },
      caseLinkPrefixFailures: { points: env.RATE_LIMIT_CASE_LINK_PREFIX_FAILURES, windowSeconds: 300 },
      staffLoginFailures: { points: env.RATE_LIMIT_STAFF_LOGIN_FAILURES, windowSeconds: 600 },
    },
    staffAuth: {
      sessionIdleMinutes: env.STAFF_SESSION_IDLE_MINUTES,
      sessionMaxHours: env.STAFF_SESSION_MAX_HOURS,
      maxFailedLogins: env.STAFF_MAX_FAILED_LOGINS,
      lockoutMinutes: env.STAFF_LOCKOUT_MINUTES,
      // Production asks managers and admins for a second factor unless told otherwise; the demo does not.
      totpRequiredRoles:
        env.STAFF_TOTP_REQUIRED_ROLES ?? (nodeEnv === 'production' ? ['manager', 'org-admin', 'admin'] : []),
    },
    jobs: { enabled: env.LUISTER_JOBS ?? true },
    quickExitUrl: env.QUICK_EXIT_URL ?? 'https://www.buienradar.nl/',
    retention: {
      closedCaseMonths: env.RETENTION_CLOSED_CASE_MONTHS,
      rawMailDays: env.RETENTION_RAW_MAIL_DAYS,
      quarantineDays: env.RETENTION_QUARANTINE_DAYS,
      batchSize: env.RETENTION_BATCH_SIZE,
      cron: env.RETENTION_CRON ?? '30 3 * * *',
    },
    metricsToken: env.METRICS_TOKEN,
    dashboard: {
      minCount: env.DASHBOARD_MIN_COUNT,
      rollupCron: env.DASHBOARD_ROLLUP_CRON ?? '*/5 * * * *',
      timeZone: 'Europe/Amsterdam',
      exactPercentilesUpTo: env.DASHBOARD_EXACT_PERCENTILES_UP_TO,
      readUrl: env.DATABASE_READ_URL,
    },
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
