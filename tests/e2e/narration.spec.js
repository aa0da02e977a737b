// The run narrates itself (issue 10): during Play the event at the cursor is captioned under
// the charts, in time order; Space plays and pauses; ← and → step through the run's events,
// which are the CLI's (`scalelab run --format json`, `events`).
const { test, expect, waitForRun, cliOutput } = require('./fixtures');

/** `h:mm` as the page and the CLI write it (runs shorter than a day). */
const clock = (t) => `${Math.floor(t / 3600)}:${String(Math.floor(t / 60) % 60).padStart(2, '0')}`;
const who = (db) => (db === 'dynamodb' ? 'DynamoDB' : 'Aurora');
const captionOf = (e) => `${clock(e.t_s)} — ${who(e.database)}: ${e.text}`;

/** Record, in the page, every caption shown (index and text) as it changes. */
async function recordCaptions(page) {
  await page.evaluate(() => {
    window.__captions = [];
    const look = () => {
      const el = document.querySelector('#event-caption');
      const seen = el && { index: el.dataset.eventIndex, text: el.firstChild ? el.firstChild.textContent : '' };
      const last = window.__captions[window.__captions.length - 1];
      if (seen && seen.index !== undefined && (!last || last.index !== seen.index)) window.__captions.push(seen);
      requestAnimationFrame(look);
    };
    look();
  });
}

const captionIndex = async (page) => Number(await page.locator('#event-caption').getAttribute('data-event-index'));

test.describe('Narration', () => {
  test('Play captions the flash sale\'s events in time order: burst spent, then auto scaling', async ({ page }) => {
    test.setTimeout(90_000);
    const events = JSON.parse(cliOutput(['run', '--preset', 'flash-sale', '--format', 'json'])).events;
    expect(events.length).toBeGreaterThan(5);
    await page.goto('/#p=flash-sale');
    // The captions and readout are the run's: the flash sale's own, whole.
    await waitForRun(page);
    await recordCaptions(page);
    await page.click('#play');
    await expect(page.locator('#event-caption')).toBeVisible();
    // Play sweeps the run in about ten seconds and stops at its end.
    await expect(page.locator('#play')).toHaveAttribute('aria-pressed', 'false', { timeout: 30_000 });
    const shown = await page.evaluate(() => window.__captions);
    expect(shown.length, 'captions shown during Play').toBeGreaterThan(5);
    const order = shown.map((c) => Number(c.index));
    expect(order, 'captions in time order').toEqual([...order].sort((a, b) => a - b));
    for (const c of shown) expect(c.text).toBe(captionOf(events[Number(c.index)]));
    const texts = shown.map((c) => c.text);
    const burst = texts.findIndex((t) => t.includes('burst spent'));
    const scaling = texts.findIndex((t) => t.includes('auto scaling raises'));
    expect(burst, 'a burst-spent caption').toBeGreaterThanOrEqual(0);
    expect(scaling, 'an auto scaling caption after it').toBeGreaterThan(burst);
    await page.screenshot({ path: test.info().outputPath('narration-1280x720.png') });
  });

  test('→ and ← step through every event, one at a time even when several share a moment; Space plays and pauses', async ({ page }) => {
    const events = JSON.parse(cliOutput(['run', '--preset', 'flash-sale', '--format', 'json'])).events;
    await page.goto('/#p=flash-sale');
    // The captions and readout are the run's: the flash sale's own, whole.
    await waitForRun(page);
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.keyboard.press('ArrowRight');
    expect(await captionIndex(page)).toBe(0);
    await expect(page.locator('#event-caption')).toContainText(captionOf(events[0]));
    await expect(page.locator('#readout')).toContainText(`${clock(events[0].t_s)} h`);
    for (let i = 1; i <= 7; i++) {
      await page.keyboard.press('ArrowRight');
      expect(await captionIndex(page)).toBe(i);
      await expect(page.locator('#event-caption')).toContainText(captionOf(events[i]));
    }
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await captionIndex(page)).toBe(5);
    await expect(page.locator('#event-caption')).toContainText(captionOf(events[5]));
    // Arrows inside a slider still move the slider, not the cursor.
    await page.focus('#traffic');
    const traffic = await page.inputValue('#traffic');
    await page.keyboard.press('ArrowRight');
    expect(await page.inputValue('#traffic')).not.toBe(traffic);
    await page.keyboard.press('ArrowLeft');
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await waitForRun(page);
    await page.keyboard.press(' ');
    await expect(page.locator('#play')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press(' ');
    await expect(page.locator('#play')).toHaveAttribute('aria-pressed', 'false');
  });
});
