import { HttpException, HttpStatus } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Field name → translation keys of what is wrong with it. */
export type FieldErrors = Record<string, string[]>;

/**
 * Input that failed validation. Carries translation keys, not text: the API answers in the
 * client's language and pages show the messages beside the fields in the page's language.
 */
export class InputInvalidException extends HttpException {
  constructor(
    readonly fields: FieldErrors,
    code = 'validation_failed',
  ) {
    super({ statusCode: HttpStatus.BAD_REQUEST, code, message: 'validation.failed', fields }, HttpStatus.BAD_REQUEST);
  }
}

function collect(errors: ValidationError[], into: FieldErrors, prefix = ''): void {
  for (const e of errors) {
    const name = prefix + e.property;
    if (e.constraints) {
      // whitelistValidation carries class-validator's own English text; give it a key of ours.
      into[name] = Object.entries(e.constraints).map(([rule, msg]) =>
        rule === 'whitelistValidation' ? 'validation.unknownField' : msg,
      );
    }
    if (e.children?.length) collect(e.children, into, `${name}.`);
  }
}

/** Validates an untrusted body into a DTO, or throws InputInvalidException with every field's problems. */
export function validateInput<T extends object>(dto: new () => T, body: unknown, opts: { rejectUnknown: boolean }): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputInvalidException({ body: ['validation.bodyNotObject'] }, 'invalid_body');
  }
  const instance = plainToInstance(dto, body, { enableImplicitConversion: false });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: opts.rejectUnknown,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  if (errors.length) {
    const fields: FieldErrors = {};
    collect(errors, fields);
    throw new InputInvalidException(fields);
  }
  return instance;
}
