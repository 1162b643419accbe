import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { InputInvalidException } from '../common/validation';

export class OrganisationCreateDto {
  @ApiProperty({ example: 'welzijn-haarlem' })
  @IsString({ message: 'organisations.invalid.code' })
  @MaxLength(40, { message: 'organisations.invalid.code' })
  code!: string;
  @ApiProperty({ example: 'Welzijn Haarlem' })
  @IsString({ message: 'organisations.invalid.name' })
  @MaxLength(120, { message: 'organisations.invalid.name' })
  name!: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'Regions that move into the new organisation (none may have staff)',
  })
  @IsOptional()
  @IsArray({ message: 'organisations.invalid.region' })
  @IsString({ each: true, message: 'organisations.invalid.region' })
  regionCodes?: string[];
}

export class OrganisationUpdateDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'organisations.invalid.name' })
  @MaxLength(120, { message: 'organisations.invalid.name' })
  name?: string;
  @ApiPropertyOptional({
    nullable: true,
    example: '#0b6e4f',
    description: 'Accent colour on the case page; null: the platform colour',
  })
  @IsOptional()
  @IsString({ message: 'organisations.invalid.colour' })
  accentColour?: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Display name on outgoing mail; null: the name' })
  @IsOptional()
  @IsString({ message: 'organisations.invalid.senderName' })
  senderName?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'Months a closed case is kept (at most the platform setting RETENTION_CLOSED_CASE_MONTHS); null: that setting',
  })
  @IsOptional()
  @IsInt({ message: 'organisations.invalid.retention' })
  retentionClosedCaseMonths?: number | null;
}

/** A multipart upload as multer hands it over (memory storage). */
export interface UploadedLogo {
  buffer: Buffer;
  size: number;
}

/** What a multipart upload may be before anything looks at its bytes (setLogo then holds it to 100 kB). */
export const LOGO_UPLOAD_LIMIT = 1024 * 1024;

/** multer's options for a logo upload: one file in memory, a few small fields (the CSRF token). */
export const LOGO_UPLOAD = { limits: { fileSize: LOGO_UPLOAD_LIMIT, files: 1, fields: 5, fieldSize: 4096 } };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The logo of `PUT /api/v1/admin/organisations/:code/logo`: a multipart file `logo`, or JSON
 * `{ logo: "<base64>" }` (a `data:image/…;base64,` prefix allowed) or `{ logo: null }` to remove it.
 * Returns the bytes, or null for "remove"; anything else is a 400 on `logo`.
 */
export function logoFromRequest(file: UploadedLogo | undefined, body: unknown): Buffer | null {
  if (file) return file.buffer;
  const invalid = () => new InputInvalidException({ logo: ['organisations.invalid.logo'] });
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid();
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'logo') throw invalid();
  const v = (body as { logo: unknown }).logo;
  if (v === null) return null;
  if (typeof v !== 'string') throw invalid();
  const b64 = v.replace(/^data:image\/[a-z0-9.+-]+;base64,/i, '').replace(/\s+/g, '');
  if (!b64 || b64.length % 4 !== 0 || !BASE64.test(b64)) throw invalid();
  return Buffer.from(b64, 'base64');
}
