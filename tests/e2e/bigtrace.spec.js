// A person's own long trace and the link and storage that carry it (issue 16, item 7): a
// per-second day made a 1.76 M-character link. A link now carries a long trace as a summary
// and says so; local storage keeps the exact trace, or the summary when the browser's quota
// is full, never a stale older session.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { test, expect, gotoApp, waitForRun, inputId, settledHash, ORIGIN } = require('./fixtures');

/** A day of per-second traffic (a daily cycle with per-second noise), as a scenario file. */
function perSecondDay() {
  let state = 7n;
  const points = [];
  for (let t = 0; t < 86_400; t++) {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    const noise = Number(state >> 33n) / 2 ** 31;
    const daily = 0.65 + 0.35 * Math.sin((2 * Math.PI * t) / 86_400);
    points.push([t, Math.round(2_000 * daily * (0.7 + 0.6 * noise))]);
  }
  return { traffic: { shape: 'series', between_points: 'hold', points }, simulation: { duration_s: 86_400, step_s: 60 } };
}

function scenarioFile(name, scenario) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelab-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(scenario));
  return file;
}

async function loadFile(page, file) {
  const before = await inputId(page);
  await page.setInputFiles('#load-scenario', file);
  await expect(page.locator('#input-notice')).toContainText(`Loaded the scenario from ${path.basename(file)}`);
  return waitForRun(page, { after: before, timeout: 120_000 });
}

test.describe('A long trace in links and storage', () => {
  test('a per-second day: a short link that says it is a summary, the exact trace back on reload', async ({ page, browser }) => {
    test.setTimeout(240_000);
    await gotoApp(page);
    const file = scenarioFile('per-second-day.json', perSecondDay());
    await loadFile(page, file);
    await expect(page.locator('#trace-hint')).toContainText('Your own trace: 86.4 k points');

    // The address bar holds the summary: tens of thousands of characters, not 1.76 million.
    const hash = await settledHash(page);
    expect(hash.length, `the link is ${hash.length} characters`).toBeLessThan(60_000);
    expect(hash.length).toBeGreaterThan(1_000);
    await page.click('#copy-link');
    await expect(page.locator('#input-notice')).toContainText('too many for a link');
    await expect(page.locator('#input-notice')).toContainText('share the scenario file');

    // Opened elsewhere, the link says what it carries.
    const other = await browser.newContext();
    const opened = await other.newPage();
    await opened.goto(`${ORIGIN}${hash}`);
    await expect(opened.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(opened.locator('#trace-hint')).toContainText('a summary (400 buckets');
    await expect(opened.locator('#trace-hint')).toContainText('86.4 k-point trace at 1 s');
    await expect(opened.locator('#trace-hint')).toContainText('close to, not exactly');
    await waitForRun(opened, { timeout: 120_000 });
    await other.close();

    // Here, the stored session is exact: a reload brings the whole trace back, not the link's
    // summary.
    await page.reload();
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('#trace-hint')).toContainText('Your own trace: 86.4 k points');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  test('over the storage quota, the session is kept as its summary, never a stale older one', async ({ page }) => {
    test.setTimeout(240_000);
    await gotoApp(page);
    // An older session stored first (a preset), then the storage all but filled.
    await page.selectOption('#preset', 'flash-sale');
    await settledHash(page);
    const filled = await page.evaluate(() => {
      let chunk = 'x'.repeat(256 * 1024);
      let n = 0;
      try {
        for (; n < 64; n++) localStorage.setItem(`filler.${n}`, chunk);
      } catch (e) {
        // Full: leave room for a summary (tens of kB), not for the exact trace (megabytes).
        localStorage.removeItem(`filler.${n - 1}`);
      }
      return n;
    });
    expect(filled).toBeGreaterThan(2);
    const file = scenarioFile('per-second-day.json', perSecondDay());
    await loadFile(page, file);
    await settledHash(page);
    const stored = await page.evaluate(() => localStorage.getItem('scalelab.scenario') || '');
    expect(stored.length, 'the stored session is the summary').toBeLessThan(80_000);
    expect(stored).not.toContain('flash-sale');
    await page.evaluate(() => { location.hash = ''; });
    await page.reload();
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('#trace-hint')).toContainText('a summary (400 buckets');
    await page.evaluate(() => { for (let n = 0; n < 64; n++) localStorage.removeItem(`filler.${n}`); });
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
