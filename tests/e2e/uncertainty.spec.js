// How sure is this? (issue 18, items 3 and 4) in a real browser: after the run, the worker
// samples 256 futures of the uncertain inputs; the page's verdict, shares and tornado equal
// the command-line tool's; a link carries the ranges.
const { test, expect, waitForRun, cliOutput, expectNoNaN, canvasInfo, linkFor, settledHash, openLinkFresh, colourPixels, openAdvanced } = require('./fixtures');

// Each database's colour at 18 % over white (a band): DynamoDB's vermillion, Aurora's blue.
const DDB_BAND = [247, 226, 209];
const AURORA_BAND = [209, 230, 241];
const DSQL_BAND = [209, 238, 230];
// Aurora DSQL's own colour (#009E73), as its bars are drawn.
const DSQL = [0, 158, 115];

/** Wait until the sampled futures of run `id` are all in, and return the section's data. */
async function futuresOf(page, id) {
  const sure = page.locator('#sure');
  await expect(sure).toHaveAttribute('data-run-id', String(id), { timeout: 60_000 });
  await expect(sure).toHaveAttribute('data-complete', 'true', { timeout: 60_000 });
  return sure.evaluate((el) => ({ ...el.dataset }));
}

test.describe('How sure is this?', () => {
  test('the sampled futures and the tornado equal the CLI\'s, and name what to measure first', async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    const cli = JSON.parse(cliOutput(['run', '--samples', '256', '--format', 'json'])).uncertainty;
    await page.goto('/');
    const first = await waitForRun(page);
    const data = await futuresOf(page, first);
    expect(Number(data.samplesDone)).toBe(256);
    expect(Math.abs(Number(data.dynamodbCheaperShare) - cli.dynamodb_cheaper_share)).toBeLessThan(1e-12);
    const verdict = page.locator('#sure-verdict');
    await expect(verdict).toContainText('Across 256 sampled futures (traffic ×0.5 to ×2');
    await expect(verdict).toContainText(`The answer moves most with ${cli.tornado[0].label}`);
    await expect(page.locator('#sure-table')).toContainText('90th percentile');
    await expect.poll(async () => (await canvasInfo(page, '#chart-tornado')).ratio).toBeGreaterThan(0.01);
    await expect.poll(async () => (await canvasInfo(page, '#chart-tornado-p99')).ratio, { message: 'the p99 tornado draws' }).toBeGreaterThan(0.01);
    // The cumulative cost chart carries each database's band.
    const banded = (id) => colourPixels(page, id, DDB_BAND, 3);
    await expect.poll(() => banded('chart-cumulative-cost'), { message: 'DynamoDB\'s band on the cumulative cost chart' }).toBeGreaterThan(500);
    // And on the steady cost chart, around DynamoDB's on-demand line.
    await expect.poll(() => banded('chart-cost'), { message: 'DynamoDB\'s band on the steady cost chart' }).toBeGreaterThan(500);
    // And on the steady latency chart, around DynamoDB's p99 (which grows with the item).
    await expect.poll(() => banded('chart-latency'), { message: 'DynamoDB\'s band on the steady latency chart' }).toBeGreaterThan(200);
    await page.locator('#chart-latency').screenshot({ path: testInfo.outputPath('steady-latency-bands.png') });
    await page.locator('#chart-cost').screenshot({ path: testInfo.outputPath('steady-cost-bands.png') });
    await page.locator('#chart-cumulative-cost').screenshot({ path: testInfo.outputPath('cumulative-cost-bands.png') });
    await page.locator('#sure').scrollIntoViewIfNeeded();
    await page.locator('#sure').screenshot({ path: testInfo.outputPath('sure.png') });
    await expectNoNaN(page);
  });

  test('on the flash sale the share failed so far is banded in both colours', async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    await page.goto('/#p=flash-sale');
    const first = await waitForRun(page);
    await openAdvanced(page);
    await page.fill('#uncertainty-samples', '32');
    await page.locator('#uncertainty-samples').press('Tab');
    const id = await waitForRun(page, { after: first });
    await futuresOf(page, id);
    const chart = page.locator('#chart-failed-so-far');
    await chart.scrollIntoViewIfNeeded();
    const tinted = (rgb) => colourPixels(page, 'chart-failed-so-far', rgb, 3);
    await expect.poll(() => tinted(DDB_BAND), { message: 'DynamoDB\'s band' }).toBeGreaterThan(200);
    await expect.poll(() => tinted(AURORA_BAND), { message: 'Aurora\'s band' }).toBeGreaterThan(50);
    await chart.screenshot({ path: testInfo.outputPath('failed-so-far-bands.png') });
    await expectNoNaN(page);
  });

  test('a link carries the ranges: traffic from a tenth to ten times moves the answer most', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`/${linkFor({ uncertainty: { samples: 32, ranges: { requests_per_s: { low: 0.1, high: 10 }, key_skew: { low: -0.05, high: 0.05 } } } })}`);
    const id = await waitForRun(page);
    await futuresOf(page, id);
    const verdict = page.locator('#sure-verdict');
    await expect(verdict).toContainText('Across 32 sampled futures (traffic ×0.1 to ×10, key skew −0.05 to +0.05)');
    await expect(verdict).toContainText('The answer moves most with traffic');
  });

  test('the ranges are edited in the advanced drawer; one on the wrong side of the value is refused by name', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`/${linkFor({ uncertainty: { samples: 16 } })}`);
    const first = await waitForRun(page);
    await futuresOf(page, first);
    await openAdvanced(page);
    await page.fill('#range-requests_per_s-high', '10');
    await page.locator('#range-requests_per_s-high').press('Tab');
    const wider = await waitForRun(page, { after: first });
    await futuresOf(page, wider);
    await expect(page.locator('#sure-verdict')).toContainText('Across 16 sampled futures (traffic ×0.5 to ×10');
    // The slider says it is a guess, and how far off.
    await expect(page.locator('#traffic-range')).toHaveText('×0.5–10');
    await expect(page.locator('#skew-range')).toHaveText('±0.2');
    // An input made certain (equal ends) loses its mark.
    await page.fill('#range-table_size_gb-high', '1');
    await page.locator('#range-table_size_gb-high').press('Tab');
    await expect(page.locator('#table-size-range')).toHaveText('×0.5–1');
    await page.fill('#range-table_size_gb-low', '1');
    await page.locator('#range-table_size_gb-low').press('Tab');
    await expect(page.locator('#table-size-range')).toHaveCount(0);
    await expect(page.locator('#traffic-range')).toHaveText('×0.5–10');
    await page.fill('#range-requests_per_s-low', '1.5');
    await page.locator('#range-requests_per_s-low').press('Tab');
    await expect(page.locator('#input-notice')).toContainText('uncertainty.ranges.requests_per_s = 1.5 to 10 is not allowed');
    // The field shows the end kept, not the one refused.
    await expect(page.locator('#range-requests_per_s-low')).toHaveValue('0.5');
    await expect(page.locator('#sure-verdict')).toContainText('traffic ×0.5 to ×10');
    // No futures sampled: no slider is marked as a guess.
    await page.fill('#uncertainty-samples', '0');
    await page.locator('#uncertainty-samples').press('Tab');
    await waitForRun(page, { after: wider });
    await expect(page.locator('#traffic-range')).toHaveCount(0);
    await expectNoNaN(page);
  });

  test('an estimate made uncertain joins the futures and the tornado, travels in the link, and can be made certain again', async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto(`/${linkFor({ uncertainty: { samples: 16 } })}`);
    const first = await waitForRun(page);
    await futuresOf(page, first);
    await openAdvanced(page);
    await page.selectOption('#range-add', 'estimates.ddb_read_p99_ms');
    const ranged = await waitForRun(page, { after: first });
    await futuresOf(page, ranged);
    await expect(page.locator('#range-add')).toHaveValue('');
    await expect(page.locator('#range-estimates-ddb_read_p99_ms-high')).toHaveValue('2');
    await expect(page.locator('#sure-verdict')).toContainText('DynamoDB GetItem p99 ×0.5 to ×2');
    // The link carries the range: a fresh page samples the same 16 futures with it.
    const hash = await settledHash(page);
    await openLinkFresh(page, hash);
    const reopened = await waitForRun(page);
    const data = await futuresOf(page, reopened);
    expect(Number(data.samplesDone)).toBe(16);
    await openAdvanced(page);
    await expect(page.locator('#range-estimates-ddb_read_p99_ms-low')).toHaveValue('0.5');
    await expect(page.locator('#sure-verdict')).toContainText('DynamoDB GetItem p99 ×0.5 to ×2');
    await page.click('#range-estimates-ddb_read_p99_ms-remove');
    const certain = await waitForRun(page, { after: reopened });
    await futuresOf(page, certain);
    await expect(page.locator('#range-estimates-ddb_read_p99_ms-low')).toHaveCount(0);
    await expect(page.locator('#sure-verdict')).toContainText('Across 16 sampled futures (traffic ×0.5 to ×2');
    await expect(page.locator('#sure-verdict')).not.toContainText('GetItem p99');
    await expectNoNaN(page);
  });

  test('with Aurora DSQL picked, its futures are in the table, the sentences and the bands', async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto(`/${linkFor({ contenders: ['dynamodb', 'aurora', 'dsql'], uncertainty: { samples: 16 } })}`);
    const id = await waitForRun(page);
    await futuresOf(page, id);
    await expect(page.locator('#sure-table')).toContainText('Aurora DSQL: monthly cost');
    await expect(page.locator('#sure-verdict')).toContainText('Aurora DSQL costs $');
    await page.locator('#chart-cumulative-cost').scrollIntoViewIfNeeded();
    await expect.poll(() => colourPixels(page, 'chart-cumulative-cost', DSQL_BAND, 3), { message: 'DSQL\'s band on the cumulative cost' }).toBeGreaterThan(200);
    // Its p99 at each end of every range in the p99 tornado, and its share of the futures
    // in which it is the cheapest of the three.
    await expect(page.locator('#sure-verdict')).toContainText('Cheapest of the three: DynamoDB in ');
    await expect(page.locator('#sure-verdict')).toContainText(', Aurora DSQL in ');
    await page.locator('#chart-tornado-p99').scrollIntoViewIfNeeded();
    // Its legend swatch alone is 18 x 12 = 216 pixels; a bar is at least ~50 (a slice of
    // its row by a few pixels), one a row: 766 were counted on this chart.
    await expect.poll(() => colourPixels(page, 'chart-tornado-p99', DSQL, 3), { message: 'DSQL\'s bars in the p99 tornado' }).toBeGreaterThan(300);
    await expectNoNaN(page);
  });
});
