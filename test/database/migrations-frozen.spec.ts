import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import FROZEN from './migration-checksums.json';

/**
 * A landed migration never changes: a database that already ran it would silently keep the old
 * text. Every file under migrations/ (but the loader) is listed here with its SHA-256; a new
 * migration is added to the list when it lands, and from then on it is frozen.
 */
const DIR = path.join(__dirname, '..', '..', 'migrations');

function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
}

const sha256 = (file: string) =>
  createHash('sha256')
    .update(fs.readFileSync(path.join(DIR, file)))
    .digest('hex');
const files = filesUnder(DIR)
  .filter((f) => f !== 'index.ts')
  .sort();

describe('landed migrations are frozen', () => {
  it.each(files)('%s is listed with its checksum', (file) => {
    const expected = (FROZEN as Record<string, string>)[file];
    if (!expected) {
      throw new Error(
        `${file} is new: once it is final, add "${file}": "${sha256(file)}" to test/database/migration-checksums.json`,
      );
    }
    expect({ file, sha256: sha256(file) }).toEqual({ file, sha256: expected });
  });

  it('lists no migration that is gone', () => {
    expect(Object.keys(FROZEN).filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(files.filter((f) => f.endsWith('.ts')))('%s imports no application code', (file) => {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    const sources = [...text.matchAll(/(?:from|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    // typeorm's types, node's own modules and frozen data beside the migrations only.
    expect(sources.filter((s) => !(s === 'typeorm' || s.startsWith('node:') || s.startsWith('./data/')))).toEqual([]);
  });
});
