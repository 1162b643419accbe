import request from 'supertest';
import type { Browser } from 'playwright-core';
import * as path from 'node:path';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';
import { DESKTOP, Finding, PHONE, prepareTour, problems, tourStops, walkTour, writeIndex } from '../support/tour';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

/**
 * The tour in `npm test`: every page of every role and every error state once, alternating
 * Dutch on a phone and English on a desktop (`npm run tour` walks all four combinations). Each
 * page must answer its status, pass axe (WCAG 2.1 A/AA) with 0 violations, show no text that looks
 * like an internal key, fit the screen without sideways scrolling, and log no console error (a CSP
 * refusal shows there).
 */
describeInBrowser('the tour: every page, every role, in words, fitting the screen, axe-clean', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('walks every page once with no finding', async () => {
    const started = new Date();
    const stops = tourStops(await prepareTour(base));
    const outDir = path.join(ARTIFACTS, 'tour-test');
    const findings: Finding[] = [];
    // Pass 0: nl on a phone for the even stops; pass 1: en on a desktop for the odd ones.
    findings.push(
      ...(await walkTour(browser, base, stops, {
        outDir,
        passes: [
          { lang: 'nl', viewport: PHONE },
          { lang: 'en', viewport: DESKTOP },
        ],
        only: (s, pass) => stops.indexOf(s) % 2 === pass,
        fullPage: false,
      })),
    );
    writeIndex(outDir, findings, started);
    expect(findings).toHaveLength(stops.length);
    expect(new Set(findings.map((f) => f.role))).toEqual(
      new Set(['help-seeker', 'anonymous', 'worker', 'trainee', 'supervisor', 'manager', 'admin']),
    );
    console.log(
      `tour: ${findings.length} pages, axe violations ${findings.reduce((n, f) => n + f.axe.length, 0)}, ` +
        `raw keys ${findings.reduce((n, f) => n + f.rawKeys.length, 0)}, sideways ${findings.filter((f) => f.overflowPx).length}`,
    );
    expect(findings.flatMap(problems)).toEqual([]);
  }, 600_000);

  it('answers the favicon and app icons at the root, where browsers ask for them', async () => {
    const http = request(t.app.getHttpServer());
    const ico = await http.get('/favicon.ico').expect(200);
    expect(ico.headers['content-type']).toMatch(/icon/);
    expect(ico.headers['cache-control']).not.toContain('no-store');
    await http.get('/apple-touch-icon.png').expect(200).expect('Content-Type', 'image/png');
    await http.get('/static/manifest.webmanifest').expect(200);
    const page = await http.get('/').expect(200);
    expect(page.text).toContain('<link rel="icon" href="/favicon.ico"');
  });
});
