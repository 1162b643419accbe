import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src');

function* controllers(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* controllers(p);
    else if (p.endsWith('.controller.ts')) yield p;
  }
}

/**
 * Controllers parse, call a service and render (ARCHITECTURE.md): no SQL (neither `.query(` nor
 * `sql.rows(` and its siblings) and no transactions of their own; not even /health, whose
 * `SELECT 1` is its module's repository's.
 */
describe('thin controllers', () => {
  it('no controller runs SQL or opens a transaction', () => {
    const offenders = [...controllers(SRC)]
      .filter((f) => /\.(query|transaction)\(|\bsql\.\w+\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f).split(path.sep).join('/'));
    expect(offenders).toEqual([]);
  });
});
