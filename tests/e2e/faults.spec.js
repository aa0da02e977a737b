// Failures and Regions (issue 11) in a real browser: the sequence diagram draws and moves with
// Play, shows the failover sequence of the fault under the cursor, and a fault placed on the
// time axis survives a share link opened in a fresh browser.
const { test, expect, gotoApp, canvasInfo, expectNoNaN } = require('./fixtures');

const DIAGRAM = 'canvas#sequence-diagram';

/** Open the faults editor (presets with faults open it already). */
async function openFaults(page) {
  if (!(await page.locator('#faults').evaluate((d) => d.open))) await page.click('#faults > summary');
  await expect(page.locator('#fault-axis')).toBeVisible();
}

async function openPreset(page, id) {
  await page.goto(`/#p=${id}`);
  await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
}

test.describe('Failures and Regions', () => {
  test('the sequence diagram draws and moves with Play', async ({ page }, testInfo) => {
    await openPreset(page, 'writer-failover-at-peak');
    const diagram = page.locator(DIAGRAM);
    await expect(diagram).toBeVisible();
    await expect.poll(async () => (await canvasInfo(page, DIAGRAM)).ratio, { message: 'the diagram is drawn' }).toBeGreaterThan(0.05);
    await expect(diagram).toHaveAttribute('data-phase', 'none');
    const still = (await canvasInfo(page, DIAGRAM)).hash;

    await page.click('#play');
    // Play moves the cursor, and the messages with it.
    await expect.poll(async () => diagram.getAttribute('data-phase')).not.toBe('none');
    const first = await diagram.getAttribute('data-phase');
    await expect.poll(async () => diagram.getAttribute('data-phase'), { message: 'the phase advances' }).not.toBe(first);
    await expect.poll(async () => (await canvasInfo(page, DIAGRAM)).hash, { message: 'the pixels change' }).not.toBe(still);
    const moving = (await canvasInfo(page, DIAGRAM)).hash;
    await expect.poll(async () => (await canvasInfo(page, DIAGRAM)).hash).not.toBe(moving);
    await diagram.screenshot({ path: testInfo.outputPath('sequence-mid-animation.png') });
    await page.click('#play');
    await expect(page.locator('#play')).toHaveAttribute('aria-pressed', 'false');
    await expectNoNaN(page);
  });

  test('pointing at the failover shows its sequence in the diagram', async ({ page }, testInfo) => {
    await openPreset(page, 'writer-failover-at-peak');
    const chart = page.locator('canvas#chart-failing');
    await expect(chart).toBeVisible();
    // The failover is at 1:15 h of a 2 h run; the plot spans canvas pixels 84–628 of 720.
    const box = await chart.boundingBox();
    const x = ((84 + (628 - 84) * (1.25 / 2 + 0.004)) / 720) * box.width;
    await chart.hover({ position: { x, y: box.height / 2 } });
    const diagram = page.locator(DIAGRAM);
    await expect(diagram).toHaveAttribute('data-fault', 'Writer failover');
    await expect(diagram).toHaveAttribute('aria-label', /active fault: Writer failover/);
    await diagram.scrollIntoViewIfNeeded();
    await diagram.screenshot({ path: testInfo.outputPath('sequence-during-failover.png') });
    // The editor lists it with what it costs each database.
    await openFaults(page);
    await expect(page.locator('#fault-list .fault-row')).toHaveCount(1);
    await expect(page.locator('#fault-list .aurora-verdict')).toContainText('writes fail for 70 s');
    await expect(page.locator('#fault-list .ddb-verdict')).toContainText('not affected');
  });

  test('a fault placed on the time axis round-trips through a share link', async ({ page, browser }, testInfo) => {
    await gotoApp(page);
    await openFaults(page);
    await page.selectOption('#fault-kind-new', 'az_outage');
    const axis = page.locator('#fault-axis');
    const box = await axis.boundingBox();
    await axis.click({ position: { x: box.width * 0.25, y: box.height / 2 } });
    const rows = page.locator('#fault-list .fault-row');
    await expect(rows).toHaveCount(1);
    await expect(page.locator('#fault-0-kind')).toHaveValue('az_outage');
    // A day's run: a quarter of the way is 6:00 h, give or take the click's pixel.
    const minutes = Number(await page.locator('#fault-0-at').inputValue());
    expect(Math.abs(minutes - 360)).toBeLessThanOrEqual(3);
    await page.selectOption('#fault-0-az', 'b');
    await page.fill('#fault-0-duration', '45');
    await page.locator('#fault-0-duration').dispatchEvent('change');
    await expect(page.locator('#fault-axis .fault-window')).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath('faults-editor.png'), fullPage: false });

    await expect.poll(async () => page.evaluate(() => location.hash)).toContain('s=v1.');
    const link = await page.evaluate(() => location.href);
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(other.locator('#fault-list .fault-row')).toHaveCount(1);
    await expect(other.locator('#fault-0-kind')).toHaveValue('az_outage');
    await expect(other.locator('#fault-0-at')).toHaveValue(String(minutes));
    await expect(other.locator('#fault-0-az')).toHaveValue('b');
    await expect(other.locator('#fault-0-duration')).toHaveValue('45');
    await fresh.close();

    // Removing it leaves the scenario as it was.
    await page.click('#fault-0-remove');
    await expect(rows).toHaveCount(0);
  });

  test('an impossible combination is refused with its reason and the last good state stays', async ({ page }) => {
    await openPreset(page, 'region-outage');
    await openFaults(page);
    await expect(page.locator('#ddb-regions')).toHaveValue('mrec');
    await page.selectOption('#ddb-regions', 'mrsc_witness');
    await expect(page.locator('#ddb-regions')).toHaveValue('mrsc_witness');
    // Aurora readers to 0 would leave nothing to lose for a reader-loss fault.
    await page.selectOption('#fault-kind-new', 'aurora_reader_loss');
    await page.click('#fault-add');
    await expect(page.locator('#fault-list .fault-row')).toHaveCount(2);
    await page.focus('#readers');
    await page.keyboard.press('Home');
    await expect(page.locator('#input-notice')).toContainText('needs an Aurora reader to lose');
    await expect(page.locator('#fault-list .fault-row')).toHaveCount(2);
    await expect(page.locator('#readers-value')).toHaveText('1 reader');
    await expectNoNaN(page);
  });
});
