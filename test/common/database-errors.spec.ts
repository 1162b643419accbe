import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { dbErrorSummary, isDatabaseUnavailable } from '../../src/common/database-errors';

describe('database errors', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('recognises a database that is away', () => {
    expect(isDatabaseUnavailable(pgError('57P01', 'terminating connection due to unexpected postmaster exit'))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('08006', 'connection failure'))).toBe(true);
    // TypeORM's QueryFailedError wraps the driver's error.
    expect(
      isDatabaseUnavailable({ message: 'x', driverError: pgError('57P03', 'the database system is starting up') }),
    ).toBe(true);
    // The connection died mid-transaction: TypeORM released the runner, and the next statement
    // (sql.ts's check) or the COMMIT (TypeORM's) says so.
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(isDatabaseUnavailable(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
  });

  it('does not take a bad query or a bug for an outage', () => {
    expect(isDatabaseUnavailable(pgError('23505', 'duplicate key value violates unique constraint "x"'))).toBe(false);
    expect(isDatabaseUnavailable(pgError('22P02', 'invalid input syntax for type uuid: "abc"'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('summarises without messages that may quote data', () => {
    expect(dbErrorSummary(pgError('22P02', 'invalid input syntax for type uuid: "Anna"'))).toEqual({
      type: 'Error',
      code: '22P02',
    });
    expect(dbErrorSummary(pgError('57P01', 'terminating connection due to administrator command'))).toEqual({
      type: 'Error',
      code: '57P01',
      message: 'terminating connection due to administrator command',
    });
  });
});
