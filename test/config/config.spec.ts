import { loadConfig } from '../../src/config/config';

/** Settings go through one schema: typos and bad values stop the start with a message that names them. */
describe('settings from the environment', () => {
  const refused = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('gives the defaults that run the demo on a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ env: 'development', port: 3000, smtpPort: 2525, demo: true, jobs: { enabled: true } });
    expect(c.inboundMail).toMatchObject({ maxClients: 64, maxClientsPerAddress: 20, idleSeconds: 60 });
    expect(c.outboundMail.publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({
      demo: false,
      staffAuth: { totpRequiredRoles: ['manager', 'org-admin', 'admin'] },
    });
  });

  it('reads booleans, numbers, lists and URLs', () => {
    const c = loadConfig({
      LUISTER_JOBS: 'off',
      BEHIND_TLS: 'Yes',
      PORT: ' 8080 ',
      SMTP_ALLOWED_CLIENTS: '10.0.0.0/8, ::1',
      STAFF_TOTP_REQUIRED_ROLES: 'admin,org-admin',
      SMTP_RELAY_URL: 'smtps://u:p@relay.example:465',
      PUBLIC_URL: 'https://luister.example/',
    });
    expect(c.jobs.enabled).toBe(false);
    expect(c.behindTls).toBe(true);
    expect(c.port).toBe(8080);
    expect(c.inboundMail.allowedClients).toEqual(['10.0.0.0/8', '::1']);
    expect(c.staffAuth.totpRequiredRoles).toEqual(['admin', 'org-admin']);
    expect(c.outboundMail.publicUrl).toBe('https://luister.example');
  });

  it('refuses a value a setting does not take, naming each bad setting at once', () => {
    const message = refused({
      LUISTER_JOBS: 'ture',
      PORT: 'eighty',
      SMTP_MAX_CLIENTS: '0',
      SMTP_RELAY_URL: 'http://relay.example',
      LOG_LEVEL: 'verbose',
      STAFF_TOTP_REQUIRED_ROLES: 'admin,boss',
      SMTP_ALLOWED_CLIENTS: '10.0.0.300',
      RETENTION_CRON: 'daily',
    });
    expect(message).toContain('LUISTER_JOBS: must be one of 1, true, yes, on, 0, false, no, off, got "ture"');
    expect(message).toContain('PORT: must be a whole number from 0 to 65535, got "eighty"');
    expect(message).toContain('SMTP_MAX_CLIENTS: must be a whole number ≥ 1, got "0"');
    expect(message).toContain('SMTP_RELAY_URL: must start with smtp:// or smtps://');
    expect(message).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent');
    expect(message).toContain('"boss" is not a role');
    expect(message).toContain('"10.0.0.300" is not an IP address or range');
    expect(message).toContain('RETENTION_CRON: must be a cron line of five fields');
  });

  it('never echoes a URL that may hold a password', () => {
    const message = refused({ DATABASE_URL: 'mysql://root:s3cret@db' });
    expect(message).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
    expect(message).not.toContain('s3cret');
  });

  it('refuses a misspelt name of ours and says which one was meant; other names are not its business', () => {
    expect(refused({ SMTP_PROT: '2526' })).toContain('SMTP_PROT: not a Luister setting (did you mean SMTP_PORT?)');
    expect(refused({ LUISTER_DEMOO: '1' })).toContain('did you mean LUISTER_DEMO?');
    expect(() => loadConfig({ HOME: '/root', PATH: '/bin', LUISTER_TEST_TEMPLATE: 'x', PGPORT: '1' })).not.toThrow();
  });
});
