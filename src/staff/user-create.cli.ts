// `npm run user:create -- --email E --role R [--region CODE]... [--organisation CODE] [--name "Display Name"]`
// The password is read from standard input (one line), so scripts can pipe it and it never
// appears in the process list or shell history.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { openCliDatabase } from '../database/cli-database';
import { createStaffUser, Role, StaffUserError } from './staff-users';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      region: { type: 'string', multiple: true },
      organisation: { type: 'string' },
      name: { type: 'string' },
    },
  });
  if (!values.email || !values.role)
    throw new StaffUserError(
      'Usage: npm run user:create -- --email E --role R [--region CODE]... [--organisation CODE] [--name NAME]  (password on stdin)',
    );
  const password = await readPassword();
  const { ds, close } = await openCliDatabase(loadConfig());
  try {
    const { id } = await createStaffUser(ds, {
      email: values.email,
      role: values.role as Role,
      regionCodes: values.region ?? [],
      organisationCode: values.organisation,
      password,
      displayName: values.name,
    });
    process.stdout.write(`Created ${values.role} ${values.email} (${id})\n`);
  } finally {
    await close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`user:create failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(e instanceof StaffUserError ? 2 : 1);
});
