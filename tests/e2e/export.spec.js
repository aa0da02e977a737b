// Export and import: the scenario as JSON (and back), the run as CSV, a chart as PNG.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { test, expect, gotoApp, metricsSnapshot, cliOutput, waitForRun, waitForFutures } = require('./fixtures');

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

test.describe('Export', () => {
  test('the saved scenario loads back with identical numbers; a bad file is refused with a message', async ({ page }) => {
    await gotoApp(page);
    await page.selectOption('#preset', 'iot-ingestion');
    await page.locator('#skew').focus();
    await page.keyboard.press('ArrowLeft');
    const before = await metricsSnapshot(page);
    const saved = await download(page, '#save-scenario');
    expect(saved.name).toBe('scalelab-scenario.json');
    const scenario = JSON.parse(saved.bytes.toString('utf8'));
    expect(scenario.version).toBe(1);
    expect(scenario.workload.key_skew).toBeCloseTo(1.15, 10);

    await page.click('#reset');
    expect(await metricsSnapshot(page)).not.toEqual(before);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelab-'));
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, saved.bytes);
    await page.setInputFiles('#load-scenario', good);
    await expect(page.locator('#input-notice')).toContainText('Loaded the scenario from good.json');
    expect(await metricsSnapshot(page)).toEqual(before);

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"workload": {"read_share": 3}}');
    await page.setInputFiles('#load-scenario', bad);
    await expect(page.locator('#input-notice')).toContainText('bad.json was not loaded');
    await expect(page.locator('#input-notice')).toContainText('read_share = 3');
    expect(await metricsSnapshot(page)).toEqual(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('results CSV has one row per simulated step; each chart saves as a PNG', async ({ page }) => {
    await page.goto('/#p=flash-sale');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    const text = (await download(page, '#save-csv')).bytes.toString('utf8');
    const csv = text.trim().split('\n');
    expect(csv[0]).toMatch(/^t_s,length_s,ddb_offered_rps,/);
    expect(csv.length).toBe(1 + 720); // 3 h in 15 s steps
    // Made by the simulation worker: the CLI's rows and columns, number for number (to a few
    // units in the last place: wasm32's libm is not the native one).
    const cli = cliOutput(['run', '--preset', 'flash-sale', '--format', 'csv']).trim().split('\n');
    expect(cli[0]).toBe(csv[0]);
    expect(cli.length).toBe(csv.length);
    const far = [];
    for (let r = 1; r < csv.length; r++) {
      const [a, b] = [csv[r].split(','), cli[r].split(',')];
      expect(a.length).toBe(b.length);
      a.forEach((cell, c) => {
        const [x, y] = [Number(cell), Number(b[c])];
        if (cell === '' ? b[c] !== '' : Math.abs(x - y) > 1e-12 * Math.max(1, Math.abs(y))) far.push(`row ${r} ${csv[0].split(',')[c]}: ${cell} vs ${b[c]}`);
      });
    }
    expect(far.slice(0, 5)).toEqual([]);
    // The PNG and the chart it is compared with below must be one drawing: first the run of
    // the inputs on screen and its sampled futures, whose bands redraw the chart.
    const id = await waitForRun(page);
    await waitForFutures(page, id);
    const png = await download(page, '#chart-cost ~ button.png');
    expect(png.name).toBe('scalelab-chart-cost.png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.bytes.length).toBeGreaterThan(10_000);
    // The PNG is the chart as seen: the operating point's dots, drawn on a strip above the
    // canvas, are in it, and only there: every pixel where the PNG differs from the chart
    // alone lies in one column 24 px wide.
    const diff = await page.evaluate(async (b64) => {
      const chart = document.getElementById('chart-cost');
      const { width, height } = chart;
      // An <img> (the page's policy lets images, not fetches, read data: URLs).
      const image = new Image();
      image.src = `data:image/png;base64,${b64}`;
      await image.decode();
      const c = document.createElement('canvas');
      Object.assign(c, { width, height });
      c.getContext('2d').drawImage(image, 0, 0);
      const [a, b] = [chart.getContext('2d').getImageData(0, 0, width, height).data, c.getContext('2d').getImageData(0, 0, width, height).data];
      let n = 0, minX = width, maxX = -1;
      for (let i = 0; i < a.length; i += 4) {
        if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) {
          n++;
          const x = (i / 4) % width;
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
        }
      }
      return { n, minX, maxX, size: [image.width, image.height, width, height] };
    }, png.bytes.toString('base64'));
    expect(diff.size.slice(0, 2), 'the PNG is the chart\'s size').toEqual(diff.size.slice(2));
    // Three dots (DynamoDB on-demand and provisioned, Aurora), each a coloured disc of
    // radius 6 (113 pixels) in a white ring: fewer where they overlap, or lie on white or
    // on a line of their own colour.
    expect(diff.n, `the dots in the PNG (${JSON.stringify(diff)})`).toBeGreaterThan(150);
    expect(diff.maxX - diff.minX, `the dots in one column (${JSON.stringify(diff)})`).toBeLessThan(24);
  });
});
