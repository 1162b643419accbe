import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser } from '../support/browser';
import { axeViolations, describeViolations } from '../support/axe';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

/** The axe helper every browser test relies on must still see what it is there to see. */
describeInBrowser('the axe helper', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(() => browser?.close());

  it('finds the violations of a page built with them, and none on a clean one', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.setContent(
      `<!doctype html><html><head><title>t</title></head><body><main><img src="data:,"><input id="x">` +
        `<p style="color:#bbb;background:#fff">Weinig contrast</p></main></body></html>`,
    );
    const found = (await axeViolations(page)).map((v) => v.id).sort();
    expect(found).toEqual(expect.arrayContaining(['color-contrast', 'html-has-lang', 'image-alt', 'label']));
    await page.setContent(
      `<!doctype html><html lang="nl"><head><title>t</title></head><body><main><h1>Hallo</h1>` +
        `<label for="x">Naam</label><input id="x"></main></body></html>`,
    );
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await page.close();
  });
});
