// The full bill (issue 18, item 2) in a real browser: the bill chart draws each database's
// lines; moving the application into one zone takes exactly Aurora's cross-zone transfer
// (as the command-line tool computes it) off Aurora's bill and leaves DynamoDB's alone; the
// setting travels in the share link.
const { test, expect, waitForRun, runSummaries, cliOutput, expectNoNaN, canvasInfo, settledHash } = require('./fixtures');

test.describe('The full bill', () => {
  test('the application in one zone takes Aurora\'s cross-zone transfer off its bill, and the link keeps it', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const cli = JSON.parse(cliOutput(['run', '--format', 'json']));
    const crossing = cli.aurora_summary.monthly_transfer_usd;
    expect(crossing, 'the default scenario has Aurora requests crossing zones').toBeGreaterThan(1);
    expect(cli.dynamodb_summary.monthly_transfer_usd).toBe(0);

    await page.goto('/');
    const first = await waitForRun(page);
    const before = await runSummaries(page, first);
    await expect(page.locator('.charts-time')).toHaveAttribute('data-run-id', String(first));
    await expect.poll(async () => (await canvasInfo(page, '#chart-bill')).ratio).toBeGreaterThan(0.01);
    await page.locator('#chart-bill').scrollIntoViewIfNeeded();
    await page.locator('#chart-bill').screenshot({ path: testInfo.outputPath('bill-chart.png') });

    if (!(await page.locator('#advanced').evaluate((d) => d.open))) await page.click('#advanced > summary');
    await expect(page.locator('#bill-app-azs-value')).toContainText('3 zones, 66.7 % of Aurora requests cross');
    await page.locator('#bill-app-azs').fill('1');
    const one = await waitForRun(page, { after: first });
    const after = await runSummaries(page, one);
    const drop = before['#aurora-run']['monthly-cost'] - after['#aurora-run']['monthly-cost'];
    expect(Math.abs(drop - crossing) / crossing, `Aurora's bill fell by ${drop}, the CLI's transfer is ${crossing}`).toBeLessThan(1e-6);
    expect(after['#ddb-run']['monthly-cost'], 'DynamoDB has no zones to cross').toBe(before['#ddb-run']['monthly-cost']);
    await expect(page.locator('#bill-app-azs-value')).toContainText('1 zone, 0 % of Aurora requests cross');

    // The link carries it: a fresh page from it runs the same bill.
    const hash = await settledHash(page);
    const fresh = await page.context().newPage();
    await fresh.goto(`/${hash}`);
    const again = await waitForRun(fresh);
    expect((await runSummaries(fresh, again))['#aurora-run']['monthly-cost']).toBe(after['#aurora-run']['monthly-cost']);
    await expectNoNaN(page);
  });
});
