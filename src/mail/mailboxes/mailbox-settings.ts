/** How a connection is protected: implicit TLS (993/465), STARTTLS (143/587), or none (loopback tests only). */
export type Security = 'tls' | 'starttls' | 'none';
export const SECURITIES: readonly Security[] = ['tls', 'starttls', 'none'];

/**
 * How Luister logs in: a password (any server), or OAuth2 (XOAUTH2) with an app registration:
 * Microsoft 365 (client credentials, Entra ID), Google Workspace (a service account with
 * domain-wide delegation) or any OAuth2 server with a refresh token.
 */
export type AuthKind = 'password' | 'microsoft' | 'google' | 'oauth2';
export const AUTH_KINDS: readonly AuthKind[] = ['password', 'microsoft', 'google', 'oauth2'];

/** Replies to mail from this mailbox leave through the relay with its address, its own SMTP server, or as the service address. */
export type SendVia = 'relay' | 'mailbox' | 'service';
export const SEND_VIAS: readonly SendVia[] = ['relay', 'mailbox', 'service'];

/** The public part of the OAuth2 settings (stored in the clear; the secrets are sealed apart). */
export interface OAuthSettings {
  /** Microsoft: the directory (tenant) id or domain. */
  tenantId?: string;
  /** Microsoft and generic OAuth2: the application (client) id. */
  clientId?: string;
  /** Google: the service account's e-mail address (client_email of its JSON key). */
  serviceAccount?: string;
  /** Overrides the provider's token endpoint (sovereign clouds, tests); required for generic OAuth2. */
  tokenUrl?: string;
  /** Overrides the provider's default scope. */
  scope?: string;
}

/** What is sealed: never returned by the API, never logged. */
export interface MailboxSecret {
  password?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** Google: the service account's private key (PEM). */
  privateKey?: string;
}

export interface Mailbox {
  id: string;
  source: 'admin' | 'env';
  address: string;
  host: string;
  port: number;
  security: Security;
  username: string;
  auth: AuthKind;
  oauth: OAuthSettings;
  folder: string;
  /** Where processed mail is moved; null: it is flagged (\Flagged) and stays. */
  processedFolder: string | null;
  regionId: number | null;
  regionCode: string | null;
  /** Mail that reached the mailbox before this day is left alone. */
  fetchSince: string | null;
  sendVia: SendVia;
  smtpHost: string | null;
  smtpPort: number | null;
  smtpSecurity: Security | null;
  active: boolean;
  updatedAt: Date;
}

/** Server defaults for the two big providers, so an admin fills in only the address and the app registration. */
export const PROVIDER_SERVERS: Record<
  'microsoft' | 'google',
  { imap: [string, number]; smtp: [string, number, Security] }
> = {
  microsoft: { imap: ['outlook.office365.com', 993], smtp: ['smtp.office365.com', 587, 'starttls'] },
  google: { imap: ['imap.gmail.com', 993], smtp: ['smtp.gmail.com', 465, 'tls'] },
};

export const DEFAULT_PROCESSED_FOLDER = 'Luister/Verwerkt';

export function defaultPort(security: Security, protocol: 'imap' | 'smtp'): number {
  if (protocol === 'imap') return security === 'tls' ? 993 : 143;
  return security === 'tls' ? 465 : 587;
}

/** Loopback hosts: the only place a connection without TLS is allowed to carry a password. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
