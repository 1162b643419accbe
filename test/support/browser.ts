import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, chromium } from 'playwright-core';

/** Debian's chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  return candidates.find((p) => fs.existsSync(p));
}

/**
 * Browser tests run whenever a Chromium is found. Without one they are skipped with a loud
 * warning locally, and fail in CI (CI=true), where .ci/run installs Debian's chromium.
 */
export function browserAvailable(): boolean {
  if (findChromium()) return true;
  if (process.env.CI) throw new Error("CI=true but no Chromium found: .ci/run must install Debian's chromium package");
  process.stderr.write(
    '\n\n!!! BROWSER TESTS SKIPPED: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH) !!!\n\n',
  );
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-chromium-'));
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      // A container's small /dev/shm crashes tabs with long pages (the tour's full-page screenshots).
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${userDataDir}`,
    ].filter((a) => !a.startsWith('--user-data-dir')),
  });
}

export const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
