// Screenshots to look at (not a test): node shots.js URL OUTDIR
// The flash sale at 1280x720: the top of the page, the stacked-loss charts with a caption
// mid-Play, and the ledger; a writer failover with its fault window and sequence diagram.
const { chromium } = require('@playwright/test');
const { runView, isRunFor } = require('./fixtures');

(async () => {
  const [url, out] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  // The run shown is the whole run of the inputs on screen (fixtures.js waitForRun).
  const done = () => page.waitForFunction(`(${isRunFor})((${runView})())`, null, { timeout: 60_000 });
  await page.goto(`${url}#p=flash-sale`);
  await done();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/flash-top.png` });
  await page.locator('#chart-failing').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById('run-title').scrollIntoView());
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/flash-losses-caption.png` });
  await page.evaluate(() => document.getElementById('chart-failing').scrollIntoView());
  await page.screenshot({ path: `${out}/flash-losses.png` });
  await page.evaluate(() => document.getElementById('ledgers').scrollIntoView());
  await page.screenshot({ path: `${out}/flash-ledger.png` });
  await page.goto(`${url}#p=writer-failover-at-peak`);
  await page.reload();
  await done();
  await page.evaluate(() => document.getElementById('run-title').scrollIntoView());
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.click('#play');
  await page.waitForTimeout(4500);
  await page.screenshot({ path: `${out}/failover-play.png` });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(`${url}#p=flash-sale`);
  await page.reload();
  await done();
  await page.screenshot({ path: `${out}/phone.png`, fullPage: false });
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
