// Database Savings Plans (issue 18, item 1) in a real browser: each run panel shows the cost
// with the best 1-year commitment, equal to the command-line tool's; the verdict says whether
// commitments change the cheaper database; the discounts are editable, and one that makes
// Aurora the cheaper says so.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { test, expect, waitForRun, runSummaries, cliOutput, expectNoNaN, linkFor, colourPixels, canvasInfo, openAdvanced, settledHash, openLinkFresh } = require('./fixtures');

// The databases' chart colours (src/chart/style.rs).
const DYNAMODB_RGB = [0xd5, 0x5e, 0x00];
const AURORA_RGB = [0x00, 0x72, 0xb2];

test.describe('Database Savings Plans', () => {
  test('the best commitment is on each run panel and in the verdict, and a deeper discount can flip the answer', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const cli = JSON.parse(cliOutput(['run', '--preset', 'spiky-sql-two-regions', '--format', 'json']));
    await page.goto('/#p=spiky-sql-two-regions');
    const first = await waitForRun(page);
    const listed = await runSummaries(page, first);
    for (const [panel, key] of [['#ddb-run', 'dynamodb_summary'], ['#aurora-run', 'aurora_summary']]) {
      const shown = listed[panel]['cost-with-plan'];
      const want = cli[key].monthly_cost_with_plan_usd;
      expect(Math.abs(shown - want) / want, `${panel}: page ${shown}, CLI ${want}`).toBeLessThan(1e-9);
      expect(shown, 'a commitment never costs more than on demand').toBeLessThan(listed[panel]['monthly-cost']);
    }
    await expect(page.locator('#aurora-run [data-metric="cost-with-plan"] dd')).toContainText('/h committed, 35 % off');
    await expect(page.locator('#ddb-run [data-metric="cost-with-plan"] dd')).toContainText('/h committed, 18 % off');
    const verdict = page.locator('#run-verdict');
    await expect(verdict).toHaveAttribute('data-run-id', String(first));
    await expect(verdict).toContainText('With the best 1-year Database Savings Plan for each');
    // This preset picks DSQL, and the verdict ranks the three: DSQL bills only the DPUs it
    // uses, the cheapest with commitments and without (the CLI's numbers).
    for (const key of ['monthly_cost_usd', 'monthly_cost_with_plan_usd']) {
      const costs = [cli.dynamodb_summary, cli.aurora_summary, cli.dsql.summary].map((s) => s[key]);
      expect(Math.min(...costs), `${key}: ${costs}`).toBe(costs[2]);
    }
    await expect(verdict).toContainText('Aurora DSQL stays the cheapest');
    // A deeper discount can flip the answer between the other two: compare them alone.
    await page.uncheck('#contender-dsql');
    const two = await waitForRun(page, { after: first });
    await expect(verdict).toHaveAttribute('data-run-id', String(two));
    await expect(verdict).toContainText('DynamoDB stays the cheaper');
    await page.locator('#aurora-run').screenshot({ path: testInfo.outputPath('aurora-run-with-plan.png') });
    await page.locator('#ddb-run').screenshot({ path: testInfo.outputPath('ddb-run-with-plan.png') });
    // The chart of the hourly spend and each plan's covered spend, in both colours.
    const chart = page.locator('#chart-commitment');
    await chart.scrollIntoViewIfNeeded();
    await expect(page.locator('.charts-time')).toHaveAttribute('data-run-id', String(two));
    for (const rgb of [DYNAMODB_RGB, AURORA_RGB]) {
      await expect.poll(() => colourPixels(page, 'chart-commitment', rgb), { message: `the commitment chart draws ${rgb}` }).toBeGreaterThan(300);
    }
    const listPriced = (await canvasInfo(page, '#chart-commitment')).hash;
    await chart.screenshot({ path: testInfo.outputPath('commitment-chart.png') });

    // The serverless discount is AWS's "up to": editable. At 90 % off its ACUs, Aurora's
    // compute-heavy bill drops below DynamoDB's.
    await page.click('#assumptions > summary');
    await page.fill('#edit-savings_plan_aurora_serverless_off', '0.9');
    await page.locator('#edit-savings_plan_aurora_serverless_off').blur();
    const deeper = await waitForRun(page, { after: two });
    const committed = await runSummaries(page, deeper);
    expect(committed['#aurora-run']['cost-with-plan']).toBeLessThan(committed['#ddb-run']['cost-with-plan']);
    expect(committed['#aurora-run']['monthly-cost'], 'the list-price bill is unchanged').toBe(listed['#aurora-run']['monthly-cost']);
    await expect(verdict).toHaveAttribute('data-run-id', String(deeper));
    await expect(verdict).toContainText('the commitments make Aurora the cheaper, not DynamoDB');
    // A deeper discount commits to a larger share of Aurora's hours: the chart of this run
    // (drawn in both colours again) is not the list-priced one.
    await expect(page.locator('.charts-time')).toHaveAttribute('data-run-id', String(deeper));
    await expect.poll(async () => {
      const drawn = (await colourPixels(page, 'chart-commitment', AURORA_RGB)) > 300;
      return drawn && (await canvasInfo(page, '#chart-commitment')).hash !== listPriced;
    }, { message: 'the commitment chart redraws for the deeper discount' }).toBe(true);

    // A discount is a share below 0.9: a larger one is refused by name, the last good state stays.
    await page.fill('#edit-savings_plan_aurora_serverless_off', '1.5');
    await page.locator('#edit-savings_plan_aurora_serverless_off').blur();
    await expect(page.locator('#input-notice')).toContainText('savings_plan_aurora_serverless_off');
    await expect(page.locator('#edit-savings_plan_aurora_serverless_off')).toHaveValue('0.9');
    await expectNoNaN(page);
  });

  test('a provisioned table shows its best reserved capacity, equal to the CLI, and an on-demand one does not', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const cli = JSON.parse(cliOutput(['run', '--preset', 'flash-sale', '--format', 'json']));
    await page.goto('/#p=flash-sale');
    const first = await waitForRun(page);
    const got = (await runSummaries(page, first))['#ddb-run'];
    const want = cli.dynamodb_reserved.one_year.monthly_cost_usd;
    expect(Math.abs(got['cost-reserved'] - want) / want, `page ${got['cost-reserved']}, CLI ${want}`).toBeLessThan(1e-9);
    expect(got['cost-reserved']).toBeLessThan(got['monthly-cost']);
    await expect(page.locator('#ddb-run [data-metric="cost-reserved"] dd')).toContainText('1 year: 900 RCU + 900 WCU; 3 years:');
    await expect(page.locator('#run-verdict')).toHaveAttribute('data-run-id', String(first));
    await expect(page.locator('#run-verdict')).toContainText('DynamoDB reserved capacity instead');
    await page.locator('#ddb-run').screenshot({ path: testInfo.outputPath('ddb-run-reserved.png') });
    if (!(await page.locator('#advanced').evaluate((d) => d.open))) await page.click('#advanced > summary');
    await page.selectOption('#ddb-mode', 'on_demand');
    const od = await waitForRun(page, { after: first });
    await runSummaries(page, od);
    await expect(page.locator('#ddb-run [data-metric="cost-reserved"]')).toHaveCount(0);
  });

  test('a provisioned Aurora cluster shows its Reserved Instances, equal to the CLI', async ({ page }) => {
    const diff = { aurora: { instance_class: 'db.r6g.large' } };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scalelab-')), 'r6g.json');
    fs.writeFileSync(file, JSON.stringify(diff));
    const cli = JSON.parse(cliOutput(['run', file, '--format', 'json']));
    expect(cli.aurora_reserved.eligible).toBe(true);
    await page.goto(`/${linkFor(diff)}`);
    const run = await waitForRun(page);
    const got = (await runSummaries(page, run))['#aurora-run'];
    const want = cli.aurora_reserved.one_year_no_upfront_usd;
    expect(Math.abs(got['cost-reserved'] - want) / want, `page ${got['cost-reserved']}, CLI ${want}`).toBeLessThan(1e-9);
    await expect(page.locator('#aurora-run [data-metric="cost-reserved"] dt')).toHaveText('Or with Reserved Instances');
    // db.r6g takes no Savings Plan: the row says so rather than showing a discount.
    await expect(page.locator('#aurora-run [data-metric="cost-with-plan"] dd')).toContainText('not eligible');
  });

  test('a commitment typed in replaces the best one for each database, is said in the verdict, and travels in the link', async ({ page }) => {
    test.setTimeout(120_000);
    const cli = JSON.parse(cliOutput(['run', '--preset', 'spiky-sql-two-regions', '--format', 'json']));
    await page.goto('/#p=spiky-sql-two-regions');
    const first = await waitForRun(page);
    await openAdvanced(page);
    await page.fill('#bill-plan', '0.05');
    await page.locator('#bill-plan').press('Tab');
    const chosen = await waitForRun(page, { after: first });
    const verdict = page.locator('#run-verdict');
    await expect(verdict).toHaveAttribute('data-run-id', String(chosen));
    await expect(verdict).toContainText('With your $0.05/h 1-year Database Savings Plan');
    await expect(page.locator('#aurora-run [data-metric="cost-with-plan"] dd')).toContainText('$0.05/h committed');
    const shown = (await runSummaries(page, chosen))['#aurora-run']['cost-with-plan'];
    expect(shown, 'not the best plan\'s bill').not.toBe(cli.aurora_summary.monthly_cost_with_plan_usd);
    // A negative commitment is refused by name; the last good one stays.
    await page.fill('#bill-plan', '-1');
    await page.locator('#bill-plan').press('Tab');
    await expect(page.locator('#input-notice')).toContainText('billing.plan_usd_per_h');
    await expect(page.locator('#bill-plan')).toHaveValue('0.05');
    await openLinkFresh(page, await settledHash(page));
    await waitForRun(page);
    await openAdvanced(page);
    await expect(page.locator('#bill-plan')).toHaveValue('0.05');
    await expectNoNaN(page);
  });
});
