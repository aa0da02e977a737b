// Issue 19: how Lambda-style clients reach Aurora. On the "Lambda burst against Aurora"
// preset, direct connections are refused at the burst (the page's ledger says as much as the
// CLI); switching the access path to the RDS Data API removes those refusals and adds its
// latency, in the steady numbers and in the run; the link carries both settings.
const { test, expect, waitForRun, inputId, runSummaries, settledHash, openLinkFresh, cliOutput, openAdvanced } = require('./fixtures');

/** The steady Aurora p50 on screen, ms ("101 ms" → 101). */
async function steadyP50(page) {
  // textContent: the numbers panels are below the fold, and the browser leaves a block it
  // has not laid out yet (content-visibility: auto) out of innerText.
  const text = await page.locator('#aurora-numbers [data-metric="p50"] dd').textContent();
  const ms = parseFloat(text.replace(/,/g, ''));
  return text.includes('µs') ? ms / 1000 : text.includes(' s') && !text.includes('ms') ? ms * 1000 : ms;
}

const refusedRow = (page) => page.locator('#aurora-ledger tr[data-cause="connection_refused"]');

test.describe('Lambda clients and Aurora access paths', () => {
  test('the Data API removes the Lambda burst refusals and adds its latency', async ({ page }) => {
    test.setTimeout(120_000);
    const cli = JSON.parse(cliOutput(['run', '--preset', 'lambda-burst-aurora', '--format', 'json']));
    const expected = cli.aurora_summary.lost_requests.connection_refused;
    expect(expected, 'the CLI refuses connections at the burst').toBeGreaterThan(1e6);

    await page.goto('/#p=lambda-burst-aurora');
    const direct = await waitForRun(page);
    await expect(refusedRow(page)).toHaveCount(1);
    const before = (await runSummaries(page, direct))['#aurora-run'];
    expect(before['failed-share'], 'the run fails about 15 % of requests').toBeGreaterThan(0.1);
    const shown = Number(await refusedRow(page).getAttribute('data-value'));
    expect(Math.abs(shown - expected) / expected, `page ${shown}, CLI ${expected}`).toBeLessThan(1e-6);
    await expect(page.locator('#preset-lesson')).toContainText('max_connections');

    await openAdvanced(page);
    await expect(page.locator('#clients-kind')).toHaveValue('lambda');
    await expect(page.locator('#aurora-access')).toHaveValue('direct');
    await expect(page.locator('#aurora-numbers [data-metric="connections"] dd')).toContainText('held by clients');
    const directP50 = await steadyP50(page);

    await page.selectOption('#aurora-access', 'data_api');
    const api = await waitForRun(page, { after: direct });
    await expect(refusedRow(page)).toHaveCount(0);
    const after = (await runSummaries(page, api))['#aurora-run'];
    expect(after['failed-share'], 'only the scale-up time-outs remain').toBeLessThan(0.01);
    expect(after['monthly-cost'], 'Data API requests are billed').toBeGreaterThan(before['monthly-cost']);
    await expect(page.locator('#aurora-numbers [data-metric="connections"] dd')).toContainText('none held by clients');
    await expect.poll(() => steadyP50(page), { message: 'the steady p50 carries the Data API hop' }).toBeGreaterThan(directP50 + 90);
    await expect(page.locator('#aurora-numbers')).toContainText('Data API requests');

    // The link carries the client model and the access path.
    const hash = await settledHash(page);
    await openLinkFresh(page, hash);
    await waitForRun(page);
    await openAdvanced(page);
    await expect(page.locator('#aurora-access')).toHaveValue('data_api');
    await expect(page.locator('#clients-kind')).toHaveValue('lambda');
    await expect(refusedRow(page)).toHaveCount(0);
  });

  test('Lambda clients on the default scenario: more concurrency than max_connections is refused', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/');
    const first = await waitForRun(page);
    await openAdvanced(page);
    await expect(page.locator('#lambda-invocation')).toHaveCount(0);
    await page.selectOption('#clients-kind', 'lambda');
    const lambda = await waitForRun(page, { after: first });
    await expect(page.locator('#lambda-invocation')).toBeVisible();
    // The default 200 ms at 1,000 req/s: 200 connections, well inside max_connections.
    await expect(page.locator('#aurora-numbers [data-metric="connections"] dd')).toContainText('200 held by clients');
    await expect(refusedRow(page)).toHaveCount(0);
    // 10 s invocations: 10,000 connections wanted, the account's 1,000 at once, still inside;
    // raise the concurrency limit and they are not.
    await page.locator('#lambda-invocation').fill('4');
    const slow = await waitForRun(page, { after: lambda });
    await expect(page.locator('#aurora-numbers [data-metric="connections"] dd')).toContainText('1,000 held by clients');
    await page.locator('#lambda-concurrency').fill('4');
    await waitForRun(page, { after: slow });
    await expect(page.locator('#aurora-numbers [data-metric="connections"] dd')).toContainText('cannot connect');
    await expect(refusedRow(page)).toHaveCount(1);
    expect(await inputId(page)).toBeGreaterThan(0);
  });

  test('the Assumptions panel has the calibration table, every row inside its measured range', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/#p=lambda-burst-aurora');
    await waitForRun(page);
    // The preset as a demo audience sees it (looked at for the issue note).
    await page.screenshot({ path: testInfo.outputPath('lambda-top-1280x720.png') });
    await page.evaluate(() => document.getElementById('run-title').scrollIntoView());
    await page.screenshot({ path: testInfo.outputPath('lambda-run-1280x720.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#assumptions > summary');
    const rows = page.locator('#calibration tr[data-calibration]');
    expect(await rows.count()).toBeGreaterThanOrEqual(10);
    await expect(page.locator('#calibration tr[data-inside="false"]')).toHaveCount(0);
    await expect(page.locator('#calibration tr[data-calibration="data_api_statement_p50"]')).toContainText('104.7 ms');
    // The estimate says what it was calibrated against, and editing it off the measurement shows.
    await expect(page.locator('#assumptions .calibrated').first()).toContainText('calibrated against');
    await page.fill('#edit-data_api_overhead_ms', '10');
    await page.locator('#edit-data_api_overhead_ms').blur();
    await expect(page.locator('#calibration tr[data-calibration="data_api_statement_p50"]')).toHaveAttribute('data-inside', 'false');
    await page.locator('#calibration').scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('calibration-1280x720.png') });
    await openAdvanced(page);
    await page.locator('#aurora-access').scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('access-path-1280x720.png') });
  });

  test('platform version 4 needs fewer ACU for the same load than version 3, the default', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/#p=session-store');
    const first = await waitForRun(page);
    await openAdvanced(page);
    await expect(page.locator('#aurora-platform')).toHaveValue('3');
    const writerAcu = async () => parseFloat((await page.locator('#aurora-numbers [data-metric="acu"] dd').textContent()).match(/writer ([\d.,]+)/)[1].replace(/,/g, ''));
    const v3 = await writerAcu();
    await page.selectOption('#aurora-platform', '4');
    await waitForRun(page, { after: first });
    // AWS's "up to 30 %" more per ACU: the writer settles about 1 / 1.3 as large (0.5 ACU grid).
    await expect.poll(writerAcu, { message: 'the writer needs fewer ACU on version 4' }).toBeLessThan(v3);
    const v4 = await writerAcu();
    expect(Math.abs(v4 - v3 / 1.3), `v3 ${v3} ACU, v4 ${v4} ACU`).toBeLessThanOrEqual(0.5);
    const hash = await settledHash(page);
    expect(Buffer.from(hash.split('s=v1.')[1], 'base64url').toString(), 'the link carries the version').toContain('"platform_version":4');
  });

  test('with DSQL picked, the Lambda burst makes its cold-started environments wait for connections', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/#p=lambda-burst-aurora');
    const first = await waitForRun(page);
    await page.check('#contender-dsql');
    await waitForRun(page, { after: first });
    // The clients are the workload's Lambda functions, not DSQL's own connect setting.
    await expect(page.locator('#dsql-connect')).toHaveCount(0);
    await expect(page.locator('#dsql-connect-lambda')).toContainText('Lambda');
    const row = page.locator('#dsql-ledger tr[data-cause="dsql_connection_rate"]');
    await expect(row).toHaveCount(1);
    // 1,250 environments wait, let in at ≈ 100/s: ≈ 26 k requests fail (tests/access_paths.rs).
    const n = Number(await row.getAttribute('data-value'));
    expect(n).toBeGreaterThan(20_000);
    expect(n).toBeLessThan(32_000);
  });
});
