// End-to-end tests of the built Scale Lab page (dist/) in Debian's Chromium.
// DOM contract exercised here:
//   #app-ready (attached when the app has rendered), #fatal-error (hidden unless something broke),
//   canvas#chart-cost, canvas#chart-latency (2D canvases drawn by plotters),
//   input#traffic (range, log10 of requests/s, step 0.05 decade) + #traffic-value,
//   input#skew (range, Zipf 0..2), input#read-share (range, 0..100 %), input#item-size (range),
//   select#query-type (has an option 'report'),
//   #ddb-numbers [data-metric=cost-on-demand|p99|...], #aurora-numbers [data-metric=cost|acu|...].
// Console errors, page errors and non-local requests are checked around every test (fixtures.js).
const path = require('path');
const {
  test,
  expect,
  CANVASES,
  gotoApp,
  canvasInfo,
  canvasHashes,
  expectChartsDrawn,
  metricsSnapshot,
  expectNoNaN,
  waitForRun,
  inputId,
  runSummaries,
  cliOutput,
  linkFor,
} = require('./fixtures');

const RESULTS = path.join(__dirname, 'test-results');
const PRESET_IDS = ['session-store', 'real-time-bidding', 'iot-ingestion', 'monthly-sales-report', 'order-inventory', 'flash-sale', 'writer-failover-at-peak', 'region-outage'];
const SUMMARY_FIELDS = [
  ['monthly-cost', (s) => s.monthly_cost_usd],
  ['failed-share', (s) => (s.offered_requests > 0 ? s.failed_requests / s.offered_requests : 0)],
  ['minutes-failing', (s) => s.minutes_failing],
  ['worst-p99', (s) => s.worst_p99_ms],
  ['peak-capacity', (s) => s.peak_capacity],
];
const text = (page, selector) => page.locator(selector).textContent().then((t) => (t || '').trim());

test.describe('Scale Lab', () => {
  test('page loads: app ready, both charts drawn, no fatal error, no NaN', async ({ page }) => {
    await gotoApp(page);
    await expectChartsDrawn(page);
    await expect(page.locator('#fatal-error'), '#fatal-error should not be visible').toBeHidden();
    await expectNoNaN(page);
  });

  test('a traffic input moves only the operating point: its strip follows it on screen, the chart under it is not redrawn', async ({ page }) => {
    // No sampled futures: their bands come with each run and would redraw the chart.
    await page.goto(`/${linkFor({ uncertainty: { samples: 0 } })}`);
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expectChartsDrawn(page);
    await page.locator('#chart-cost').scrollIntoViewIfNeeded();
    // The chart canvas's own pixels (not the strip's), and where the strip is on screen
    // against where its data-left-px says it is in the chart's pixels.
    const look = () => page.evaluate(() => {
      const chart = document.getElementById('chart-cost');
      const strip = chart.nextElementSibling;
      const px = new Uint32Array(chart.getContext('2d').getImageData(0, 0, chart.width, chart.height).data.buffer);
      let hash = 0x811c9dc5;
      for (let i = 0; i < px.length; i++) hash = Math.imul(hash ^ px[i], 0x01000193) >>> 0;
      const [c, s] = [chart.getBoundingClientRect(), strip.getBoundingClientRect()];
      const scale = c.width / chart.width;
      return {
        strip: strip.matches('canvas.overlay.marks'),
        hash,
        leftPx: Number(strip.dataset.leftPx),
        offBy: { left: Math.abs(s.left - c.left - Number(strip.dataset.leftPx) * scale), width: Math.abs(s.width - strip.width * scale), height: Math.abs(s.height - c.height) },
      };
    });
    await expect.poll(async () => Number.isFinite((await look()).leftPx), { message: 'the operating point is drawn' }).toBe(true);
    await waitForRun(page);
    const before = await look();
    expect(before.strip).toBe(true);
    const seenBefore = (await canvasInfo(page, 'canvas#chart-cost')).hash;
    await page.locator('#traffic').focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    // Half a decade more traffic: the point moves right, on the log axis.
    await expect.poll(async () => (await look()).leftPx, { message: 'the strip moves with the point' }).toBeGreaterThan(before.leftPx + 20);
    await waitForRun(page);
    const after = await look();
    expect(after.hash, 'the chart under the strip is the same pixels').toBe(before.hash);
    expect((await canvasInfo(page, 'canvas#chart-cost')).hash, 'the chart as seen changed').not.toBe(seenBefore);
    for (const v of [before, after]) {
      for (const [what, px] of Object.entries(v.offBy)) expect(px, `the strip's ${what} on screen, in CSS pixels off`).toBeLessThan(1);
    }
  });

  test('traffic slider: +20 ArrowRight steps (x10 traffic) changes costs, charts and label', async ({ page }) => {
    const DDB_COST = '#ddb-numbers [data-metric=cost-on-demand]';
    const DDB_P99 = '#ddb-numbers [data-metric=p99]';
    const AURORA_COST = '#aurora-numbers [data-metric=cost]';
    const AURORA_ACU = '#aurora-numbers [data-metric=acu]';
    await gotoApp(page);
    await expectChartsDrawn(page);
    for (const sel of [DDB_COST, DDB_P99, AURORA_COST, AURORA_ACU, '#traffic-value']) {
      await expect(page.locator(sel), `${sel} should exist once`).toHaveCount(1);
      await expect(page.locator(sel), `${sel} should show a number`).toHaveText(/\d/);
    }

    const traffic = page.locator('input#traffic');
    await expect(traffic).toHaveAttribute('type', 'range');
    const before = {
      ddbCost: await text(page, DDB_COST),
      ddbP99: await text(page, DDB_P99),
      auroraCost: await text(page, AURORA_COST),
      auroraAcu: await text(page, AURORA_ACU),
      label: await text(page, '#traffic-value'),
      hashes: await canvasHashes(page),
      value: Number(await traffic.inputValue()),
    };
    const max = Number(await traffic.getAttribute('max'));
    expect(max - before.value, `input#traffic needs room for +1 decade (value ${before.value}, max ${max})`)
      .toBeGreaterThanOrEqual(1 - 1e-9);

    await traffic.focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');

    await expect
      .poll(async () => Number(await traffic.inputValue()), {
        message: '20 x ArrowRight should move input#traffic by exactly 1.0 (step 0.05 decade)',
      })
      .toBeCloseTo(before.value + 1, 3);
    await expect.poll(() => text(page, DDB_COST), { message: 'DynamoDB on-demand cost should change' }).not.toBe(before.ddbCost);
    await expect.poll(() => text(page, AURORA_COST), { message: 'Aurora cost should change' }).not.toBe(before.auroraCost);
    await expect.poll(() => text(page, '#traffic-value'), { message: '#traffic-value should change' }).not.toBe(before.label);
    for (const sel of CANVASES) {
      await expect
        .poll(async () => (await canvasInfo(page, sel)).hash, { message: `${sel} pixels should change` })
        .not.toBe(before.hashes[sel]);
    }
    await expectChartsDrawn(page);
    await expectNoNaN(page);

    const after = {
      ddbCost: await text(page, DDB_COST),
      ddbP99: await text(page, DDB_P99),
      auroraCost: await text(page, AURORA_COST),
      auroraAcu: await text(page, AURORA_ACU),
      label: await text(page, '#traffic-value'),
    };
    test.info().annotations.push({
      type: 'x10 traffic',
      description: Object.keys(after).map((k) => `${k}: ${before[k]} -> ${after[k]}`).join('; '),
    });
  });

  // Each control must change at least one number in #ddb-numbers or #aurora-numbers.
  const CONTROLS = [
    { sel: 'input#skew', key: 'End', opposite: 'Home', what: 'skew (Zipf exponent) to its maximum' },
    { sel: 'input#read-share', key: 'Home', opposite: 'End', what: 'read share to 0 %' },
    { sel: 'input#item-size', key: 'End', opposite: 'Home', what: 'item size to its maximum' },
    { sel: 'select#query-type', option: 'report', what: "query type 'report'" },
  ];
  for (const control of CONTROLS) {
    test(`control ${control.sel}: ${control.what} changes the numbers`, async ({ page }) => {
      await gotoApp(page);
      await expectChartsDrawn(page);
      const input = page.locator(control.sel);
      await expect(input, `${control.sel} should exist`).toHaveCount(1);
      const numbersBefore = await metricsSnapshot(page);
      expect(Object.keys(numbersBefore).length, 'no [data-metric] elements in #ddb-numbers / #aurora-numbers')
        .toBeGreaterThan(0);
      const valueBefore = await input.inputValue();

      if (control.option) {
        await expect(input.locator(`option[value="${control.option}"]`), `option '${control.option}'`).toHaveCount(1);
        expect(valueBefore, `the default of ${control.sel} must not already be '${control.option}'`).not.toBe(control.option);
        await input.selectOption(control.option);
      } else {
        await expect(input).toHaveAttribute('type', 'range');
        await input.focus();
        await page.keyboard.press(control.key);
        if ((await input.inputValue()) === valueBefore) {
          // Already at that end of the range: go to the other end instead, and say so.
          test.info().annotations.push({ type: 'note', description: `${control.sel} was already at ${control.key}; pressed ${control.opposite}` });
          await page.keyboard.press(control.opposite);
        }
      }
      await expect.poll(() => input.inputValue(), { message: `${control.sel} value should change` }).not.toBe(valueBefore);
      await expect
        .poll(() => metricsSnapshot(page), { message: `${control.sel} should change a number in #ddb-numbers or #aurora-numbers` })
        .not.toEqual(numbersBefore);

      const numbersAfter = await metricsSnapshot(page);
      const changed = Object.keys(numbersAfter).filter((k) => numbersAfter[k] !== numbersBefore[k]);
      test.info().annotations.push({
        type: 'changed',
        description: `${valueBefore} -> ${await input.inputValue()}: ` +
          changed.map((k) => `${k}: ${numbersBefore[k]} -> ${numbersAfter[k]}`).join('; '),
      });
      await expectChartsDrawn(page);
      await expectNoNaN(page);
    });
  }

  for (const id of PRESET_IDS) {
    test(`preset ${id}: renders, shows its lesson, and the worker's run matches the CLI`, async ({ page }) => {
      // The full run (every series and the heat map) is several MB of JSON.
      const cli = JSON.parse(cliOutput(['run', '--preset', id, '--format', 'json']));
      await gotoApp(page);
      const defaults = await inputId(page);
      await page.selectOption('#preset', id);
      await expect(page.locator('#preset-lesson')).toBeVisible();
      // The run comes from the simulation worker, whole, for this preset's inputs (newer than
      // the defaults'), never the defaults' run still on screen.
      const run = await waitForRun(page, { after: defaults });
      expect(page.workers().map((w) => w.url()).join(' ')).toContain('scalelab-worker_loader.js');
      await expect(page.locator('.run-fallback')).toHaveCount(0);
      const shown = await runSummaries(page, run);
      for (const [panel, summary] of [['#ddb-run', cli.dynamodb_summary], ['#aurora-run', cli.aurora_summary]]) {
        for (const [metric, pick] of SUMMARY_FIELDS) {
          const want = pick(summary);
          const got = shown[panel][metric];
          // Number for number: the worker's f64s cross as bytes, unchanged (tests/worker.rs), so
          // any difference is wasm32's libm against the native one (exp, ln, powf may differ in
          // the last bit or two); 1e-12 relative is a few units in the last place.
          expect(Math.abs(got - want), `${panel} ${metric}: page ${got} vs CLI ${want}`)
            .toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
        }
      }
      for (const sel of ['canvas#chart-failing', 'canvas#chart-latency-time', 'canvas#chart-ddb-capacity', 'canvas#chart-aurora-capacity']) {
        await expect.poll(async () => (await canvasInfo(page, sel)).ratio, { message: `${sel} drawn` }).toBeGreaterThan(0.01);
      }
      await expectChartsDrawn(page);
      await expectNoNaN(page);
    });
  }

  test('screenshot 1280x720 (full page)', async ({ page }) => {
    await gotoApp(page);
    await expectChartsDrawn(page);
    await page.screenshot({ path: path.join(RESULTS, 'screenshot-1280x720.png'), fullPage: true });
  });

  test.describe('phone viewport', () => {
    test.use({ viewport: { width: 375, height: 812 } });

    test('screenshot 375x812 (full page)', async ({ page }) => {
      await gotoApp(page);
      // Give the charts a moment to draw if they are shown at this width (not asserted here).
      for (const sel of CANVASES) {
        for (let t = 0; t < 20 && (await canvasInfo(page, sel)).ratio <= 0.01; t++) await page.waitForTimeout(250);
      }
      await expect(page.locator('#fatal-error')).toBeHidden();
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > 375) {
        test.info().annotations.push({ type: 'warning', description: `horizontal overflow at 375 px: scrollWidth = ${scrollWidth}` });
      }
      await page.screenshot({ path: path.join(RESULTS, 'screenshot-375x812.png'), fullPage: true });
    });
  });
});
