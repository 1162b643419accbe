import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { AUTH_KINDS, SECURITIES, SEND_VIAS } from './mailbox-settings';

const S = (field: string) => ({ message: `mailboxes.field.${field}` });

/**
 * A mailbox to fetch from, as admins send it. Secrets (`password`, `clientSecret`,
 * `refreshToken`, `serviceAccountKey`) are write-only: sealed at rest, never returned; on PATCH
 * an absent secret stays as it is.
 */
export class MailboxUpdateDto {
  @ApiPropertyOptional({
    example: 'hulp@welzijn-amsterdam.nl',
    description: 'The help address help-seekers write to; replies leave from it',
  })
  @IsOptional()
  @IsString(S('address'))
  @MaxLength(254, S('address'))
  address?: string;

  @ApiPropertyOptional({
    enum: AUTH_KINDS,
    description:
      '`password` (any server, an app password), `microsoft` (Microsoft 365: Entra ID app, client credentials), `google` (Google Workspace: service account with domain-wide delegation), `oauth2` (any OAuth2 server with a refresh token)',
  })
  @IsOptional()
  @IsIn(AUTH_KINDS as string[], S('auth'))
  auth?: string;

  @ApiPropertyOptional({ example: 'imap.example.nl', description: 'IMAP server; filled in for microsoft and google' })
  @IsOptional()
  @IsString(S('host'))
  @MaxLength(253, S('host'))
  host?: string;

  @ApiPropertyOptional({ example: 993 }) @IsOptional() @IsInt(S('port')) port?: number;

  @ApiPropertyOptional({
    enum: SECURITIES,
    description: '`tls` (993), `starttls` (143); `none` only for a loopback host',
  })
  @IsOptional()
  @IsIn(SECURITIES as string[], S('security'))
  security?: string;

  @ApiPropertyOptional({ description: 'Login name; default the address' })
  @IsOptional()
  @IsString(S('username'))
  @MaxLength(254, S('username'))
  username?: string;

  @ApiPropertyOptional({ description: 'auth=password: the (app) password. Write-only.', writeOnly: true })
  @IsOptional()
  @IsString(S('password'))
  @MaxLength(1000, S('password'))
  password?: string;

  @ApiPropertyOptional({ description: 'auth=microsoft: directory (tenant) id' })
  @IsOptional()
  @IsString(S('tenantId'))
  @MaxLength(128, S('tenantId'))
  tenantId?: string;

  @ApiPropertyOptional({ description: 'auth=microsoft|oauth2: application (client) id' })
  @IsOptional()
  @IsString(S('clientId'))
  @MaxLength(200, S('clientId'))
  clientId?: string;

  @ApiPropertyOptional({ description: 'auth=microsoft|oauth2: client secret. Write-only.', writeOnly: true })
  @IsOptional()
  @IsString(S('clientSecret'))
  @MaxLength(2000, S('clientSecret'))
  clientSecret?: string;

  @ApiPropertyOptional({
    description: "auth=google: the service account's JSON key, whole. Write-only.",
    writeOnly: true,
  })
  @IsOptional()
  @IsString(S('serviceAccountKey'))
  @MaxLength(10000, S('serviceAccountKey'))
  serviceAccountKey?: string;

  @ApiPropertyOptional({ description: 'auth=oauth2: refresh token. Write-only.', writeOnly: true })
  @IsOptional()
  @IsString(S('refreshToken'))
  @MaxLength(4000, S('refreshToken'))
  refreshToken?: string;

  @ApiPropertyOptional({
    description: "Token endpoint: required for oauth2, overrides the provider's otherwise (https)",
  })
  @IsOptional()
  @IsString(S('tokenUrl'))
  @MaxLength(500, S('tokenUrl'))
  tokenUrl?: string;

  @ApiPropertyOptional({ description: "Overrides the provider's scope" })
  @IsOptional()
  @IsString(S('scope'))
  @MaxLength(500, S('scope'))
  scope?: string;

  @ApiPropertyOptional({ example: 'INBOX', description: 'Folder fetched from' })
  @IsOptional()
  @IsString(S('folder'))
  @MaxLength(200, S('folder'))
  folder?: string;

  @ApiPropertyOptional({
    enum: ['move', 'flag'],
    description: 'Processed mail is moved to processedFolder, or flagged and left',
  })
  @IsOptional()
  @IsIn(['move', 'flag'], S('processed'))
  processed?: string;

  @ApiPropertyOptional({ example: 'Luister/Verwerkt', description: 'Created when missing' })
  @IsOptional()
  @IsString(S('processedFolder'))
  @MaxLength(200, S('processedFolder'))
  processedFolder?: string;

  @ApiPropertyOptional({
    nullable: true,
    example: 'gent',
    description: 'Region code the mail routes to; null: by postcode/text as usual',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString(S('region'))
  region?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: '2026-12-01',
    description: 'Mail that reached the mailbox before this day is left alone',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString(S('fetchSince'))
  fetchSince?: string | null;

  @ApiPropertyOptional({
    enum: SEND_VIAS,
    description:
      'Replies leave from this address through its own SMTP server (`mailbox`), through SMTP_RELAY_URL (`relay`), or from the service address (`service`)',
  })
  @IsOptional()
  @IsIn(SEND_VIAS as string[], S('sendVia'))
  sendVia?: string;

  @ApiPropertyOptional({ example: 'smtp.office365.com' })
  @IsOptional()
  @IsString(S('smtpHost'))
  @MaxLength(253, S('smtpHost'))
  smtpHost?: string;

  @ApiPropertyOptional({ example: 587 }) @IsOptional() @IsInt(S('smtpPort')) smtpPort?: number;

  @ApiPropertyOptional({ enum: SECURITIES })
  @IsOptional()
  @IsIn(SECURITIES as string[], S('smtpSecurity'))
  smtpSecurity?: string;

  @ApiPropertyOptional({ description: 'false stops fetching (nothing is deleted)' })
  @IsOptional()
  @IsBoolean({ message: 'validation.boolean' })
  active?: boolean;
}

export class MailboxCreateDto extends MailboxUpdateDto {
  @ApiProperty({ example: 'hulp@welzijn-amsterdam.nl' })
  @IsString(S('address'))
  @MaxLength(254, S('address'))
  declare address: string;
}

export class MailboxStatusDto {
  @ApiProperty({ description: 'An instance holds a live connection' }) connected!: boolean;
  @ApiPropertyOptional({ nullable: true }) lastFetchAt!: string | null;
  @ApiProperty({ description: 'Mails stored from this mailbox' }) fetched!: number;
  @ApiPropertyOptional({
    nullable: true,
    description: '`{ code, message, detail, at }`: message in plain words (Accept-Language), detail for the IT partner',
  })
  lastError!: { code: string; message: string; detail: string | null; at: string | null } | null;
  @ApiPropertyOptional({ nullable: true, description: 'Since when it fails; null while it works' }) failingSince!:
    string | null;
}

export class MailboxDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['admin', 'env'], description: '`env`: from IMAP_URL, read-only here' }) source!: string;
  @ApiProperty() address!: string;
  @ApiProperty() host!: string;
  @ApiProperty() port!: number;
  @ApiProperty({ enum: SECURITIES }) security!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: AUTH_KINDS }) auth!: string;
  @ApiProperty({ description: 'Public OAuth settings: tenantId, clientId, serviceAccount, tokenUrl, scope' })
  oauth!: Record<string, string>;
  @ApiProperty({ description: 'A password or app secret is stored (never shown)' }) secretSet!: boolean;
  @ApiProperty() folder!: string;
  @ApiProperty({ enum: ['move', 'flag'] }) processed!: string;
  @ApiPropertyOptional({ nullable: true }) processedFolder!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'null: by postcode/text' }) region!: string | null;
  @ApiPropertyOptional({ nullable: true }) fetchSince!: string | null;
  @ApiProperty({ enum: SEND_VIAS }) sendVia!: string;
  @ApiPropertyOptional({ nullable: true }) smtpHost!: string | null;
  @ApiPropertyOptional({ nullable: true }) smtpPort!: number | null;
  @ApiPropertyOptional({ nullable: true, enum: SECURITIES }) smtpSecurity!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: MailboxStatusDto }) status!: MailboxStatusDto;
}

export class MailboxListDto {
  @ApiProperty({ type: [MailboxDto] }) items!: MailboxDto[];
}

export class ConnectionTestDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: '`{ ok, messages?, error?: { code, message, detail } }`' }) imap!: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ description: 'When the mailbox sends through its own server' }) smtp?: Record<string, unknown>;
}
