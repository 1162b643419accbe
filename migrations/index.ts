import * as fs from 'node:fs';
import * as path from 'node:path';
import { MigrationInterface } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

/**
 * Every migration in this folder (`<timestamp>-<name>.ts`, or `.js` once built), in timestamp
 * order. Found on disk rather than listed by hand so that adding a migration never edits a file
 * that has landed; ts-jest, ts-node and the built app all load the same files.
 */
function loadMigrations(dir: string): MigrationClass[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{13}-[a-z0-9-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  return files.map((f) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.values(require(path.join(dir, f)) as Record<string, unknown>);
    const classes = exported.filter((v): v is MigrationClass => typeof v === 'function');
    if (classes.length !== 1) throw new Error(`migration ${f} must export exactly one class`);
    return classes[0];
  });
}

export const MIGRATIONS = loadMigrations(__dirname);
