import { ROLES } from '../staff/staff-users';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'worker@luister.example' })
  @IsString({ message: 'auth.fieldRequired' })
  @MaxLength(320, { message: 'auth.fieldRequired' })
  email!: string;

  @ApiProperty({ example: 'luister-demo' })
  @IsString({ message: 'auth.fieldRequired' })
  @MaxLength(200, { message: 'auth.fieldRequired' })
  password!: string;

  @ApiPropertyOptional({
    example: '123456',
    description: 'The current code of the authenticator app, when the second factor is on',
  })
  @IsOptional()
  @IsString({ message: 'auth.totpInvalid' })
  @MaxLength(12, { message: 'auth.totpInvalid' })
  totp?: string;
}

export class AccessTokenDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`. Expires like a browser session.' })
  accessToken!: string;
}

export class PasswordChangeDto {
  @ApiProperty()
  @IsString({ message: 'auth.fieldRequired' })
  @MaxLength(200, { message: 'auth.fieldRequired' })
  currentPassword!: string;
  @ApiProperty({ minLength: 12 })
  @IsString({ message: 'auth.passwordTooShort' })
  @MaxLength(200, { message: 'auth.passwordTooShort' })
  newPassword!: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString({ message: 'auth.totpWrong' })
  @MaxLength(12, { message: 'auth.totpWrong' })
  code!: string;
}

export class TotpDisableDto {
  @ApiProperty()
  @IsString({ message: 'auth.fieldRequired' })
  @MaxLength(200, { message: 'auth.fieldRequired' })
  password!: string;
}

export class TotpSetupDto {
  @ApiProperty({ description: 'Base32 secret for the authenticator app' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/Luister:worker%40luister.example?secret=…' }) otpauthUrl!: string;
}

export class MeDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: [...ROLES] }) role!: string;
  @ApiProperty({ type: [String], description: 'Codes of the regions the user works in' }) regions!: string[];
  @ApiProperty({ nullable: true, description: '`{ code, name }` of the organisation; null for the platform admin' })
  organisation!: { code: string; name: string } | null;
  @ApiPropertyOptional({ enum: ['password-change', 'totp-setup'] }) pending?: string;
  @ApiProperty({
    nullable: true,
    description:
      'The absence not yet ended (current or planned): `{ from, to, substituteId, substituteName }`, or null',
  })
  absence!: { from: string; to: string; substituteId: string | null; substituteName: string | null } | null;
}
