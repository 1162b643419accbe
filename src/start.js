#!/usr/bin/env node
// `npm start`: compile only when the sources changed since the last build, then run the service.
// A no-change TypeScript build still reads and checks every file (about 10 s on a busy machine),
// and most starts change nothing. The build is keyed by a hash of every file it reads.
'use strict';
const { createHash } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const stampFile = path.join(root, 'dist', '.build-stamp');
const entry = path.join(root, 'dist', 'src', 'main.js');

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.(ts|json)$/.test(e.name)) yield p;
  }
}

function sourceHash() {
  const h = createHash('sha256');
  const inputs = [
    ...files(path.join(root, 'src')),
    ...files(path.join(root, 'migrations')),
    ...['ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => path.join(root, f)),
  ].sort();
  for (const f of inputs) {
    h.update(path.relative(root, f));
    h.update('\0');
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0));
    h.update('\0');
  }
  return h.digest('hex');
}

const hash = sourceHash();
const built = fs.existsSync(entry) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash;
if (!built) {
  process.stdout.write('Building Luister (the sources changed since the last build)…\n');
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  fs.writeFileSync(stampFile, hash);
}
require(entry);
