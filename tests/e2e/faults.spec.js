// Failures and Regions (issue 11) in a real browser: the sequence diagram draws and moves with
// Play, shows the failover sequence of the fault under the cursor, and a fault placed on the
// time axis survives a share link opened in a fresh browser.
const { test, expect, gotoApp, canvasInfo, expectNoNaN, settledHash, waitForRun, runSummaries, moveTraffic, expectTraffic } = require('./fixtures');

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

    // The page writes the link once input pauses.
    expect(await settledHash(page)).toContain('s=v1.');
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

  test('through RDS Proxy a failover waits instead of failing, and a planned one has nothing to detect', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await openPreset(page, 'writer-failover-at-peak');
    const plain = await waitForRun(page);
    const before = (await runSummaries(page, plain))['#aurora-run'];
    await openFaults(page);
    await expect(page.locator('#aurora-client')).toHaveValue('plain');
    await expect(page.locator('#fault-list .aurora-verdict')).toContainText('writes fail for 70 s');

    await page.selectOption('#aurora-client', 'proxy');
    const proxied = await waitForRun(page, { after: plain });
    const held = (await runSummaries(page, proxied))['#aurora-run'];
    // 15 s of failed writes instead of 70 s, and the rest wait: p99 reaches the 10 s client
    // timeout, where the plain driver's failures added no latency.
    expect(held['failed-share'], `proxy ${held['failed-share']}, plain ${before['failed-share']}`).toBeLessThan(0.3 * before['failed-share']);
    expect(before['worst-p99']).toBeLessThan(1_000);
    expect(held['worst-p99']).toBeGreaterThan(9_000);
    await expect(page.locator('#fault-list .aurora-verdict')).toContainText('writes fail for the first 15 s; later ones wait in RDS Proxy, up to 10 s');

    // The sequence diagram shows the wait beside the promotion.
    const chart = page.locator('canvas#chart-failing');
    const box = await chart.boundingBox();
    await chart.hover({ position: { x: ((84 + (628 - 84) * (1.25 / 2 + 0.002)) / 720) * box.width, y: box.height / 2 } });
    const diagram = page.locator(DIAGRAM);
    await expect(diagram).toHaveAttribute('data-fault', 'Writer failover');
    await diagram.scrollIntoViewIfNeeded();
    await diagram.screenshot({ path: testInfo.outputPath('sequence-rds-proxy-failover.png') });

    await page.selectOption('#fault-0-kind', 'aurora_planned_failover');
    const planned = await waitForRun(page, { after: proxied });
    const asked = (await runSummaries(page, planned))['#aurora-run'];
    expect(asked['failed-share'], 'no detection: 5 s of failed writes, not 15 s').toBeLessThan(0.5 * held['failed-share']);
    await expect(page.locator('#fault-list .aurora-verdict')).toContainText('a planned failover, nothing to detect: writes fail for the first 5 s');
    await page.selectOption('#aurora-client', 'per_request');
    await expect(page.locator('#fault-list .aurora-verdict')).toContainText('writes fail for up to 15 s, each client until its DNS cache expires');
    await expectNoNaN(page);
  });

  test('a fault added after traffic inputs keeps the traffic on screen (the editor edits the scenario as it is now)', async ({ page }) => {
    await gotoApp(page);
    await openFaults(page);
    // With no faults the editor is not re-rendered by traffic inputs: its edits must still
    // start from the traffic on the page, not from the one it last showed.
    const moved = await moveTraffic(page);
    await page.selectOption('#fault-kind-new', 'az_outage');
    await page.click('#fault-add');
    await expect(page.locator('#fault-list .fault-row')).toHaveCount(1);
    await expectTraffic(page, moved);
    // Removing it keeps the traffic too.
    await page.click('#fault-0-remove');
    await expect(page.locator('#fault-list .fault-row')).toHaveCount(0);
    await expectTraffic(page, moved);
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
