// `npm test`: the static checks (format, lint, types) beside jest instead of before it. The first
// tests to run are browser tests that spend much of their time waiting on chromium and the
// database; the checks use that idle CPU, which keeps the suite inside CI's 15 minutes. The checks'
// output is printed as one block when they end; a failing check stops jest at once and fails the run.
const { spawn } = require('node:child_process');

const check = spawn('npm', ['run', '--silent', 'check'], { stdio: ['ignore', 'pipe', 'pipe'] });
let checkOutput = '';
check.stdout.on('data', (b) => (checkOutput += b));
check.stderr.on('data', (b) => (checkOutput += b));
const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});

const ended = (child) =>
  new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
const checked = ended(check).then((code) => {
  process.stdout.write(checkOutput);
  process.stdout.write(
    code === 0 ? '\nchecks (format, lint, types): passed\n' : '\nchecks (format, lint, types): FAILED\n',
  );
  if (code !== 0) jest.kill('SIGTERM');
  return code;
});
Promise.all([checked, ended(jest)]).then(([c, j]) => process.exit(c !== 0 ? c : j));
