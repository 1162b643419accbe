import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { grantTraverse } from '../../src/database/embedded-postgres';

describe('grantTraverse (embedded PostgreSQL as root)', () => {
  it('opens private directories above a target for passing through only, and says so', () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-traverse-')); // mode 0700, like mktemp -d
    const inner = path.join(top, 'p', 'node_modules', 'bin');
    fs.mkdirSync(inner, { recursive: true });
    fs.chmodSync(path.join(top, 'p'), 0o750);
    const lines: string[] = [];
    try {
      grantTraverse([inner], (l) => lines.push(l));
      expect(fs.statSync(top).mode & 0o777).toBe(0o701);
      expect(fs.statSync(path.join(top, 'p')).mode & 0o777).toBe(0o751);
      expect(lines).toEqual([expect.stringContaining(path.join(top, 'p')), expect.stringContaining(top)]);
      // Nothing left to open the second time.
      const again: string[] = [];
      grantTraverse([inner], (l) => again.push(l));
      expect(again).toEqual([]);
    } finally {
      fs.rmSync(top, { recursive: true, force: true });
    }
  });
});
