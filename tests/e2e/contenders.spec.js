// Aurora DSQL as a third contender (issue 17): picking it adds its series to every chart, its
// summary, its loss chart and its ledger table; the link carries it; the hot-row preset names
// each database's failure as the CLI does; screenshots at 1280×720 to look at.
const path = require('path');
const { test, expect, gotoApp, waitForRun, inputId, settledHash, openLinkFresh, cliOutput, colourPixels, moveTraffic, expectTraffic } = require('./fixtures');

const RESULTS = path.join(__dirname, 'test-results');
// DSQL's chart colour (Okabe–Ito bluish green, src/chart/style.rs); no cause band uses it.
const DSQL_RGB = [0x00, 0x9e, 0x73];

/** Pixels of DSQL's colour in a canvas (exact, as plotters draws lines unblended). */
const dsqlPixels = (page, id) => colourPixels(page, id, DSQL_RGB);

const CHARTS = ['chart-cost', 'chart-latency', 'chart-latency-time', 'chart-cumulative-cost'];

test.describe('Three contenders', () => {
  test('picking Aurora DSQL adds its series to every chart, its summary and its ledger table', async ({ page }) => {
    test.setTimeout(120_000);
    await gotoApp(page);
    const first = await waitForRun(page);
    for (const id of CHARTS) expect(await dsqlPixels(page, id), `${id} has no DSQL colour yet`).toBe(0);
    await expect(page.locator('#dsql-ledger')).toHaveCount(0);
    await expect(page.locator('#headlines li')).toHaveCount(2);

    await page.check('#contender-dsql');
    await waitForRun(page, { after: first });
    for (const id of CHARTS) {
      await expect.poll(() => dsqlPixels(page, id), { message: `${id} draws DSQL`, timeout: 20_000 }).toBeGreaterThan(100);
    }
    await expect(page.locator('#chart-dsql-losses')).toBeVisible();
    await expect(page.locator('#dsql-ledger')).toBeVisible();
    await expect(page.locator('#dsql-run')).toContainText('Aurora DSQL');
    await expect(page.locator('#headlines li')).toHaveCount(3);
    await expect(page.locator('#headlines li[data-database="dsql"]')).toContainText('a month');
    await expect(page.locator('.tagline')).toContainText('Aurora DSQL');

    // Off again: back to two.
    const three = await inputId(page);
    await page.uncheck('#contender-dsql');
    await waitForRun(page, { after: three });
    await expect(page.locator('#dsql-ledger')).toHaveCount(0);
    await expect(page.locator('#headlines li')).toHaveCount(2);
  });

  test('picking DSQL after traffic inputs keeps the traffic on screen (the picker edits the scenario as it is now)', async ({ page }) => {
    await gotoApp(page);
    // The picker is not re-rendered by traffic inputs: its edits must start from the
    // traffic on the page, not from the one it last showed.
    const moved = await moveTraffic(page);
    await page.check('#contender-dsql');
    await expect(page.locator('#headlines li')).toHaveCount(3);
    await expectTraffic(page, moved);
    // And its topology, after more traffic inputs.
    const movedAgain = await moveTraffic(page, 5, 'ArrowLeft');
    await page.selectOption('#dsql-topology', 'multi_region');
    await expect(page.locator('#dsql-topology')).toHaveValue('multi_region');
    await expectTraffic(page, movedAgain);
  });

  test('in a Region outage DSQL has its Regions control, its fault verdict and its row in the sequence diagram', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.goto('/#p=region-outage');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    const first = await waitForRun(page);
    await expect(page.locator('#dsql-regions')).toHaveCount(0);
    await page.check('#contender-dsql');
    const single = await waitForRun(page, { after: first });
    if (!(await page.locator('#faults').evaluate((d) => d.open))) await page.click('#faults > summary');
    // A single-Region cluster sits in Region A, the Region this preset loses.
    await expect(page.locator('#dsql-regions')).toHaveValue('single_region');
    await expect(page.locator('#fault-list .dsql-verdict')).toContainText('single-Region cluster');
    await page.selectOption('#dsql-regions', 'multi_region');
    const multi = await waitForRun(page, { after: single });
    await expect(page.locator('#fault-list .dsql-verdict')).toContainText('RPO 0');
    // Pools of 5,000 connections: at the redirect Region A's clients' 3,500 open to Region
    // B's peer at once, 2,500 beyond its burst, and the run's verdict says so; a pool of 0
    // is refused by name and the last good size stays.
    await expect(page.locator('#run-verdict')).not.toContainText('pooled connections open to');
    await page.fill('#dsql-pool', '5000');
    await page.locator('#dsql-pool').dispatchEvent('change');
    const pooled = await waitForRun(page, { after: multi });
    await expect(page.locator('#run-verdict')).toHaveAttribute('data-run-id', String(pooled));
    await expect(page.locator('#run-verdict')).toContainText("3,500 pooled connections open to Region B's peer at once: its burst admits 1,000, and 2,500 are refused (53400)");
    await page.fill('#dsql-pool', '0');
    await page.locator('#dsql-pool').dispatchEvent('change');
    await expect(page.locator('#input-notice')).toContainText('pool_connections');
    await expect(page.locator('#input-notice')).toContainText('keeping the previous setting');
    expect(await inputId(page)).toBe(pooled);
    // The picker's topology is the same setting.
    await expect(page.locator('#dsql-topology')).toHaveValue('multi_region');
    await expect(page.locator('.regions-settings .control-hint')).toContainText('multi-Region DSQL cluster');
    const diagram = page.locator('canvas#sequence-diagram');
    await diagram.scrollIntoViewIfNeeded();
    await expect.poll(() => dsqlPixels(page, 'sequence-diagram'), { message: 'the diagram has a DSQL panel' }).toBeGreaterThan(500);
    await diagram.screenshot({ path: testInfo.outputPath('sequence-with-dsql.png') });
  });

  test('a link with three contenders, multi-Region DSQL, opens the same page again', async ({ page }) => {
    test.setTimeout(120_000);
    await gotoApp(page);
    const first = await waitForRun(page);
    await page.check('#contender-dsql');
    await page.selectOption('#dsql-topology', 'multi_region');
    const id = await waitForRun(page, { after: first });
    const cost = await page.locator('#headlines li[data-database="dsql"]').getAttribute('data-cost');
    const hash = await settledHash(page);
    expect(hash).toContain('#s=');

    await openLinkFresh(page, hash);
    await waitForRun(page);
    await expect(page.locator('#contender-dsql')).toBeChecked();
    await expect(page.locator('#dsql-topology')).toHaveValue('multi_region');
    await expect(page.locator('#contenders')).toHaveAttribute('data-contenders', 'dynamodb,aurora,dsql');
    await expect(page.locator('#headlines li[data-database="dsql"]')).toHaveAttribute('data-cost', cost);
    expect(id).toBeGreaterThan(0);
  });

  test('the flash sale on one product: each database fails the hot row its own way, as the CLI says', async ({ page }) => {
    test.setTimeout(120_000);
    const cli = JSON.parse(cliOutput(['run', '--preset', 'flash-sale-one-product', '--format', 'json']));
    await page.goto('/#p=flash-sale-one-product');
    const run = await waitForRun(page);
    const expected = {
      '#ddb-ledger': ['dynamodb_transaction_conflict', cli.dynamodb_summary.lost_requests.dynamodb_transaction_conflict],
      '#aurora-ledger': ['aurora_lock_wait_timeout', cli.aurora_summary.lost_requests.aurora_lock_wait_timeout],
      '#dsql-ledger': ['dsql_occ_abort', cli.dsql.summary.lost_requests.dsql_occ_abort],
    };
    for (const [table, [cause, n]] of Object.entries(expected)) {
      expect(n, `the CLI loses ${cause}`).toBeGreaterThan(0);
      const row = page.locator(`${table} tr[data-cause="${cause}"]`);
      await expect(row).toHaveCount(1);
      const shown = Number(await row.getAttribute('data-value'));
      expect(Math.abs(shown - n) / n, `${table} ${cause}: page ${shown}, CLI ${n}`).toBeLessThan(1e-6);
    }
    await expect(page.locator('#dsql-ledger')).toContainText('OC000');
    await expect(page.locator('#preset-lesson')).toContainText('stock row');

    // The verdict in full, for this run, names DSQL beside the other two: its own sentence
    // with its dominant cause, and its worst p99 judged against the target as the CLI's.
    const verdict = page.locator('#run-verdict');
    await expect(verdict).toHaveAttribute('data-run-id', String(run));
    await expect(verdict).toContainText('Aurora DSQL (single-Region) costs');
    await expect(verdict).toContainText('mostly 40001 OC000');
    const target = JSON.parse(cliOutput(['scenario', '--preset', 'flash-sale-one-product'])).p99_target_ms;
    const judged = (s) => (s.worst_p99_ms <= target ? 'meets it throughout' : 'misses it at its worst');
    await expect(verdict).toContainText(
      `DynamoDB ${judged(cli.dynamodb_summary)}, Aurora ${judged(cli.aurora_summary)}, Aurora DSQL ${judged(cli.dsql.summary)}.`);
    await expect(page.locator('#steady-verdict')).toContainText(/Aurora DSQL (meets|misses) it \(/);
  });

  test('screenshots at 1280×720: three contenders, the hot-row preset, presenter mode', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/#p=spiky-sql-two-regions');
    await waitForRun(page);
    await page.screenshot({ path: path.join(RESULTS, 'three-default-1280x720.png') });
    await page.goto('/#p=flash-sale-one-product');
    await page.reload();
    await waitForRun(page);
    await page.screenshot({ path: path.join(RESULTS, 'hot-row-1280x720.png') });
    await page.evaluate(() => document.getElementById('run-title').scrollIntoView());
    await page.screenshot({ path: path.join(RESULTS, 'hot-row-run-1280x720.png') });
    await page.evaluate(() => document.getElementById('ledgers').scrollIntoView());
    await page.screenshot({ path: path.join(RESULTS, 'hot-row-ledger-1280x720.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#presenter');
    await expect(page.locator('html')).toHaveAttribute('data-presenter', 'on');
    // The verdict is the headlines; its full text is one click away.
    await expect(page.locator('#verdict-details')).not.toHaveAttribute('open', '');
    await expect(page.locator('#headlines li')).toHaveCount(3);
    await page.screenshot({ path: path.join(RESULTS, 'hot-row-presenter-1280x720.png') });
  });
});
