import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one error shape of the JSON API. */
export class ApiErrorDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'validation_failed', description: 'Stable machine-readable code' }) code!: string;
  @ApiProperty({ example: 'Controleer de gemarkeerde velden.' }) message!: string;
  @ApiPropertyOptional({
    example: { text: ['Je vraag moet tussen 10 en 10.000 tekens lang zijn.'] },
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  fields?: Record<string, string[]>;
}
