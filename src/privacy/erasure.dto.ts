import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AdminErasureDto {
  @ApiProperty({
    description:
      'Why the case is erased (e.g. "help-seeker asked by phone, ticket 123"); kept in the audit log. No case content here.',
    maxLength: 500,
  })
  @IsString({ message: 'erase.reasonRequired' })
  @IsNotEmpty({ message: 'erase.reasonRequired' })
  @MaxLength(500, { message: 'erase.reasonRequired' })
  reason!: string;
}
