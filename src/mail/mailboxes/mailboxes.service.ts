import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Language, translate } from '../../common/i18n/i18n';
import { FieldErrors, InputInvalidException } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { MailTransports } from '../outbound/mail-transports';
import { caBundle } from '../outbound/mail-transports';
import { openMailbox } from './mailbox-fetcher';
import { describeMailboxError, MailboxProblem } from './mailbox-errors';
import { MailboxSecrets, MailboxTokens } from './mailbox-secrets.service';
import {
  AUTH_KINDS,
  AuthKind,
  DEFAULT_PROCESSED_FOLDER,
  defaultPort,
  isLoopback,
  MailboxSecret,
  OAuthSettings,
  PROVIDER_SERVERS,
  SECURITIES,
  Security,
  SEND_VIAS,
  SendVia,
} from './mailbox-settings';
import { MailboxStore, MailboxWithStatus, MailboxWrite } from './mailbox.store';
import * as repo from './mailboxes.repository';

/** What an admin sends (API JSON or the page's form), all optional on update: secrets absent = unchanged. */
export interface MailboxInput {
  address?: string;
  auth?: string;
  host?: string;
  port?: number;
  security?: string;
  username?: string;
  password?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Google: the service account's JSON key, pasted whole. */
  serviceAccountKey?: string;
  tokenUrl?: string;
  scope?: string;
  refreshToken?: string;
  folder?: string;
  processed?: string;
  processedFolder?: string;
  region?: string | null;
  fetchSince?: string | null;
  sendVia?: string;
  smtpHost?: string;
  smtpPort?: number;
  smtpSecurity?: string;
  active?: boolean;
}

/** A mailbox as the API and the admin page show it: never a secret, only whether one is set. */
export interface MailboxView {
  id: string;
  source: 'admin' | 'env';
  address: string;
  host: string;
  port: number;
  security: Security;
  username: string;
  auth: AuthKind;
  oauth: OAuthSettings;
  secretSet: boolean;
  folder: string;
  processed: 'move' | 'flag';
  processedFolder: string | null;
  /** Region code, or null: routed by postcode/text like the service address. */
  region: string | null;
  fetchSince: string | null;
  sendVia: SendVia;
  smtpHost: string | null;
  smtpPort: number | null;
  smtpSecurity: Security | null;
  active: boolean;
  status: {
    connected: boolean;
    lastFetchAt: Date | null;
    fetched: number;
    lastError: { code: string; message: string; detail: string | null; at: Date | null } | null;
    failingSince: Date | null;
  };
}

export interface ConnectionTestResult {
  ok: boolean;
  imap: { ok: boolean; messages?: number; error?: { code: string; message: string; detail: string } };
  smtp?: { ok: boolean; error?: { code: string; message: string; detail: string } };
}

const EMAIL = /^[^@\s"<>(),;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/;
const IDENT = /^[A-Za-z0-9._-]{1,128}$/;
const FOLDER = /^[^\x00-\x1f\x7f*%]{1,200}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);

function validUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u.hostname));
  } catch {
    return false;
  }
}

export function problemMessage(lang: Language, p: MailboxProblem | { code: string; detail?: string | null }): string {
  return translate(lang, `mailboxes.error.${p.code}`);
}

/**
 * Admins' mailbox operations: list, add, change (audited), test. Validates into settings and a
 * secret, seals the secret with the key outside the database, and wakes the fetchers. Never
 * returns or logs a secret. `scope` (organisationParam): an org-admin's organisation, whose
 * mailboxes (those of its regions) are the only ones that exist for them; null: the platform
 * admin, who also runs the platform's (no region, IMAP_URL).
 */
@Injectable()
export class MailboxesService {
  /** The fetch supervisor registers here, so a change is picked up at once in this process. */
  onChange?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly store: MailboxStore,
    private readonly secrets: MailboxSecrets,
    private readonly tokens: MailboxTokens,
    private readonly transports: MailTransports,
    private readonly audit: AuditService,
  ) {}

  async list(lang: Language, scope: number | null = null): Promise<MailboxView[]> {
    const boxes = await this.store.list(scope);
    const withSecret = await this.secretFlags();
    return boxes.map((b) => this.view(b, withSecret.has(b.id) || b.source === 'env', lang));
  }

  async get(id: string, lang: Language, scope: number | null = null): Promise<MailboxView> {
    const b = await this.inScope(id, scope);
    return this.view(b, b.source === 'env' || !!(await this.store.sealedSecret(id)), lang);
  }

  async create(adminId: string, input: MailboxInput, scope: number | null = null): Promise<{ id: string }> {
    const id = randomUUID();
    const { write, secret } = await this.normalise(input, undefined, scope);
    const sealed = this.sealOrFail(id, secret!);
    await this.db.transaction(async (m) => {
      try {
        await this.store.insert(m, id, write, sealed);
      } catch (e) {
        throw this.addressTaken(e);
      }
      await this.audit.record(m, {
        actorId: adminId,
        action: 'mailbox.change',
        organisationId: write.organisationId,
        data: { op: 'create', mailbox: id, address: write.address },
      });
    });
    this.onChange?.();
    return { id };
  }

  async update(adminId: string, id: string, input: MailboxInput, scope: number | null = null): Promise<void> {
    const existing = await this.inScope(id, scope);
    if (existing.source === 'env')
      throw new InputInvalidException({ _form: ['mailboxes.field.envReadOnly'] }, 'mailbox_from_environment');
    const { write, secret } = await this.normalise(input, existing, scope);
    const sealed = secret ? this.sealOrFail(id, secret) : undefined;
    await this.db.transaction(async (m) => {
      let changed: boolean;
      try {
        changed = await this.store.update(m, id, write, sealed);
      } catch (e) {
        throw this.addressTaken(e);
      }
      if (!changed) throw new NotFoundException();
      await this.audit.record(m, {
        actorId: adminId,
        action: 'mailbox.change',
        // The trail of the organisation it belongs to now (or, moved to the platform, the one it left).
        organisationId: write.organisationId ?? existing.organisationId,
        data: {
          op: write.active === existing.active ? 'update' : write.active ? 'activate' : 'deactivate',
          mailbox: id,
          address: write.address,
          secretChanged: sealed !== undefined,
        },
      });
    });
    this.tokens.invalidate(id);
    this.onChange?.();
  }

  /** Logs in, opens the folder (and the processed folder), and checks the SMTP login when the mailbox sends itself. */
  async test(id: string, lang: Language, scope: number | null = null): Promise<ConnectionTestResult> {
    const box = await this.inScope(id, scope);
    const err = (e: unknown) => {
      const p = describeMailboxError(e);
      return { code: p.code, message: problemMessage(lang, p), detail: p.detail };
    };
    const result: ConnectionTestResult = { ok: false, imap: { ok: false } };
    try {
      const { client } = await openMailbox(box, {
        tokens: this.tokens,
        secretOf: (b) => this.secrets.secretOf(b),
        ca: caBundle(this.config.outboundMail.tlsCaFile),
      });
      try {
        const status = await client.status(box.folder, { messages: true });
        result.imap = { ok: true, messages: status ? status.messages : undefined };
      } finally {
        await client.logout().catch(() => client.close());
      }
    } catch (e) {
      result.imap = { ok: false, error: err(e) };
    }
    if (box.sendVia === 'mailbox') {
      try {
        await (await this.transports.mailboxTransport(box)).verify();
        result.smtp = { ok: true };
      } catch (e) {
        result.smtp = { ok: false, error: err(e) };
      }
    }
    result.ok = result.imap.ok && (result.smtp?.ok ?? true);
    return result;
  }

  /** The mailbox, if it exists for the caller: another organisation's (or the platform's, for an org-admin) is 404. */
  private async inScope(id: string, scope: number | null): Promise<MailboxWithStatus> {
    const b = await this.store.get(id);
    if (!b || (scope !== null && b.organisationId !== scope)) throw new NotFoundException();
    return b;
  }

  private view(b: MailboxWithStatus, secretSet: boolean, lang: Language): MailboxView {
    return {
      id: b.id,
      source: b.source,
      address: b.address,
      host: b.host,
      port: b.port,
      security: b.security,
      username: b.username,
      auth: b.auth,
      oauth: b.oauth,
      secretSet,
      folder: b.folder,
      processed: b.processedFolder ? 'move' : 'flag',
      processedFolder: b.processedFolder,
      region: b.regionCode,
      fetchSince: b.fetchSince,
      sendVia: b.sendVia,
      smtpHost: b.smtpHost,
      smtpPort: b.smtpPort,
      smtpSecurity: b.smtpSecurity,
      active: b.active,
      status: {
        connected: b.status.connected,
        lastFetchAt: b.status.lastFetchAt,
        fetched: b.status.fetched,
        lastError: b.status.lastError
          ? {
              code: b.status.lastError,
              message: problemMessage(lang, { code: b.status.lastError }),
              detail: b.status.lastErrorDetail,
              at: b.status.lastErrorAt,
            }
          : null,
        failingSince: b.status.failingSince,
      },
    };
  }

  private async secretFlags(): Promise<Set<string>> {
    return new Set(await repo.mailboxIdsWithSecret(this.db));
  }

  private sealOrFail(id: string, secret: MailboxSecret): Buffer {
    try {
      return this.secrets.seal(id, secret);
    } catch {
      // No key configured (production without LUISTER_SECRET_KEY/_FILE): refuse rather than store in clear.
      throw new InputInvalidException({ _form: ['mailboxes.field.noSecretKey'] }, 'secret_key_missing');
    }
  }

  private addressTaken(e: unknown): unknown {
    const code =
      e instanceof QueryFailedError
        ? (e as unknown as { driverError?: { code?: string } }).driverError?.code
        : undefined;
    return code === '23505' ? new InputInvalidException({ address: ['mailboxes.field.addressTaken'] }) : e;
  }

  /**
   * Input → settings and (when given or required) a new secret. Fills in the provider's
   * servers for Microsoft 365 and Google; on update, absent fields keep their value and absent
   * secrets stay as sealed (merged when only part of them changes).
   */
  private async normalise(
    input: MailboxInput,
    existing: MailboxWithStatus | undefined,
    scope: number | null,
  ): Promise<{ write: MailboxWrite; secret?: MailboxSecret }> {
    const f: FieldErrors = {};
    const bad = (field: string, key = `mailboxes.field.${field}`) => (f[field] = [key]);

    const address = (str(input.address) ?? existing?.address ?? '').toLowerCase();
    if (!EMAIL.test(address) || address.length > 254) bad('address');

    const auth = (str(input.auth) ?? existing?.auth ?? 'password') as AuthKind;
    if (!AUTH_KINDS.includes(auth)) bad('auth');
    const preset = auth === 'microsoft' || auth === 'google' ? PROVIDER_SERVERS[auth] : undefined;
    const authChanged = !existing || existing.auth !== auth;

    const host = str(input.host) || (authChanged ? undefined : existing?.host) || preset?.imap[0] || '';
    if (!HOST.test(host)) bad('host');
    const security = (str(input.security) || existing?.security || 'tls') as Security;
    if (!SECURITIES.includes(security)) bad('security');
    else if (security === 'none' && !isLoopback(host)) bad('security', 'mailboxes.field.securityNone');
    const port = input.port ?? (input.security || input.host || authChanged ? undefined : existing?.port);
    const imapPort = port ?? (preset && security === 'tls' ? preset.imap[1] : defaultPort(security, 'imap'));
    if (!Number.isInteger(imapPort) || imapPort < 1 || imapPort > 65535) bad('port');
    const username = str(input.username) || existing?.username || address;
    if (username.length > 254) bad('username');

    // OAuth settings and the secret, by kind of login.
    const oauth: OAuthSettings = authChanged ? {} : { ...(existing?.oauth ?? {}) };
    const given: MailboxSecret = {};
    for (const k of ['tenantId', 'clientId', 'tokenUrl', 'scope'] as const) {
      const v = str(input[k]);
      if (v !== undefined) oauth[k] = v || undefined;
    }
    const password = typeof input.password === 'string' && input.password ? input.password : undefined;
    const clientSecret = str(input.clientSecret) || undefined;
    const refreshToken = str(input.refreshToken) || undefined;
    if (auth === 'password' && password) given.password = password;
    if ((auth === 'microsoft' || auth === 'oauth2') && clientSecret) given.clientSecret = clientSecret;
    if (auth === 'oauth2' && refreshToken) given.refreshToken = refreshToken;
    if (auth === 'google' && str(input.serviceAccountKey)) {
      try {
        const key = JSON.parse(str(input.serviceAccountKey)!) as {
          client_email?: string;
          private_key?: string;
          token_uri?: string;
        };
        if (!key.client_email || !key.private_key?.includes('PRIVATE KEY')) throw new Error('incomplete');
        oauth.serviceAccount = key.client_email;
        if (key.token_uri && key.token_uri !== 'https://oauth2.googleapis.com/token') oauth.tokenUrl = key.token_uri;
        given.privateKey = key.private_key;
      } catch {
        bad('serviceAccountKey');
      }
    }
    if (auth === 'microsoft') {
      if (!oauth.tenantId || !IDENT.test(oauth.tenantId)) bad('tenantId');
      if (!oauth.clientId || !IDENT.test(oauth.clientId)) bad('clientId');
    }
    if (auth === 'oauth2') {
      if (!oauth.clientId || oauth.clientId.length > 200) bad('clientId');
      if (!oauth.tokenUrl) bad('tokenUrl');
    }
    if (oauth.tokenUrl && !validUrl(oauth.tokenUrl)) bad('tokenUrl');
    if (oauth.scope && oauth.scope.length > 500) bad('scope');
    for (const k of Object.keys(oauth) as (keyof OAuthSettings)[]) if (!oauth[k]) delete oauth[k];
    if (auth === 'password') for (const k of Object.keys(oauth) as (keyof OAuthSettings)[]) delete oauth[k];

    // A secret is required when the kind of login is new; otherwise what is given replaces its part.
    const needs: Record<AuthKind, (keyof MailboxSecret)[]> = {
      password: ['password'],
      microsoft: ['clientSecret'],
      google: ['privateKey'],
      oauth2: ['refreshToken'],
    };
    let secret: MailboxSecret | undefined;
    if (authChanged) {
      for (const k of needs[auth] ?? [])
        if (!given[k])
          bad(
            k === 'privateKey' ? 'serviceAccountKey' : k,
            `mailboxes.field.${k === 'privateKey' ? 'serviceAccountKey' : k}Required`,
          );
      secret = given;
    } else if (Object.keys(given).length) {
      const sealed = await this.store.sealedSecret(existing!.id);
      let old: MailboxSecret = {};
      try {
        old = sealed ? this.secrets.open(existing!.id, sealed) : {};
      } catch {
        old = {};
      }
      secret = { ...old, ...given };
    }

    const folder = str(input.folder) || existing?.folder || 'INBOX';
    if (!FOLDER.test(folder)) bad('folder');
    const processed = str(input.processed) || (existing ? (existing.processedFolder ? 'move' : 'flag') : 'move');
    if (processed !== 'move' && processed !== 'flag') bad('processed');
    const processedFolder =
      processed === 'flag' ? null : str(input.processedFolder) || existing?.processedFolder || DEFAULT_PROCESSED_FOLDER;
    if (processedFolder !== null && (!FOLDER.test(processedFolder) || processedFolder === folder))
      bad('processedFolder');

    // The mailbox belongs to its region's organisation; without a region it is the platform's,
    // which an org-admin cannot make: for them the region is required, and one of their own.
    let regionId: number | null = existing?.regionId ?? null;
    let organisationId: number | null = existing?.organisationId ?? null;
    if (input.region !== undefined || !existing) {
      const code = str(input.region ?? '') ?? '';
      regionId = null;
      organisationId = null;
      if (code) {
        const region = await repo.regionInOrganisation(this.db, code.toLowerCase(), scope);
        if (region) ({ id: regionId, organisation_id: organisationId } = region);
        else bad('region', scope === null ? undefined : 'admin.organisations.mailboxRegion');
      } else if (scope !== null) bad('region', 'admin.organisations.mailboxRegion');
    }

    let fetchSince: string | null = existing?.fetchSince ?? null;
    if (input.fetchSince !== undefined) {
      fetchSince = str(input.fetchSince ?? '') || null;
      if (fetchSince && (!DATE.test(fetchSince) || Number.isNaN(Date.parse(fetchSince)))) bad('fetchSince');
    }

    const sendVia = (str(input.sendVia) ||
      (authChanged ? undefined : existing?.sendVia) ||
      (preset ? 'mailbox' : 'relay')) as SendVia;
    if (!SEND_VIAS.includes(sendVia)) bad('sendVia');
    let smtpHost: string | null = null;
    let smtpPort: number | null = null;
    let smtpSecurity: Security | null = null;
    if (sendVia === 'mailbox') {
      smtpHost = str(input.smtpHost) || (authChanged ? undefined : existing?.smtpHost) || preset?.smtp[0] || host;
      smtpSecurity = (str(input.smtpSecurity) ||
        (authChanged ? undefined : existing?.smtpSecurity) ||
        preset?.smtp[2] ||
        'starttls') as Security;
      smtpPort =
        input.smtpPort ??
        (input.smtpSecurity || input.smtpHost || authChanged ? undefined : existing?.smtpPort) ??
        (preset && preset.smtp[2] === smtpSecurity ? preset.smtp[1] : defaultPort(smtpSecurity, 'smtp'));
      if (!smtpHost || !HOST.test(smtpHost)) bad('smtpHost');
      if (!SECURITIES.includes(smtpSecurity)) bad('smtpSecurity');
      else if (smtpSecurity === 'none' && !isLoopback(smtpHost)) bad('smtpSecurity', 'mailboxes.field.securityNone');
      if (!Number.isInteger(smtpPort) || smtpPort < 1 || smtpPort > 65535) bad('smtpPort');
    }
    const active = typeof input.active === 'boolean' ? input.active : (existing?.active ?? true);

    if (Object.keys(f).length) throw new InputInvalidException(f);
    return {
      write: {
        address,
        host: host.replace(/^\[|\]$/g, ''),
        port: imapPort,
        security,
        username,
        auth,
        oauth,
        folder,
        processedFolder,
        regionId,
        fetchSince,
        sendVia,
        smtpHost,
        smtpPort,
        smtpSecurity,
        active,
        organisationId,
      },
      secret,
    };
  }
}
