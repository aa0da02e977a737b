// Playing a run: the Play button sweeps a cursor over every time chart with a readout of
// both databases at that moment; pointing at a chart moves the cursor there.
const { test, expect, gotoApp, canvasInfo } = require('./fixtures');

/** Hash of the cursor overlay drawn above a canvas. */
const overlayHash = (page, id) =>
  page.evaluate((id) => {
    const c = document.querySelector(`#${id} + canvas.overlay`);
    const px = new Uint32Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer);
    let h = 0x811c9dc5;
    for (let i = 0; i < px.length; i++) h = Math.imul(h ^ px[i], 0x01000193) >>> 0;
    return h;
  }, id);

test.describe('Playground', () => {
  test('Play sweeps a cursor over the run and narrates each moment', async ({ page }) => {
    await page.goto('/#p=flash-sale');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    const blank = await overlayHash(page, 'chart-failing');
    await page.click('#play');
    await expect(page.locator('#play')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('#readout')).toContainText('req/s offered');
    const first = await page.locator('#readout').textContent();
    await expect.poll(async () => page.locator('#readout').textContent(), { message: 'the readout moves with the cursor' }).not.toBe(first);
    expect(await overlayHash(page, 'chart-failing')).not.toBe(blank);
    // Every time chart shows the same cursor.
    for (const id of ['chart-latency-time', 'chart-ddb-capacity', 'chart-aurora-capacity', 'chart-heat']) {
      expect(await overlayHash(page, id), `${id} cursor`).not.toBe(blank);
    }
    await page.click('#play');
    await expect(page.locator('#play')).toHaveAttribute('aria-pressed', 'false');
  });

  test('pointing at a time chart moves the cursor to that moment', async ({ page }) => {
    await page.goto('/#p=flash-sale');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    const chart = page.locator('#chart-latency-time');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    // The flash sale starts at 1:00 h of 3 h: a third of the way along the time axis.
    const plotLeft = (84 / 720) * box.width;
    const plotRight = ((720 - 28) / 720) * box.width;
    await page.mouse.move(box.x + plotLeft + (plotRight - plotLeft) * 0.4, box.y + box.height / 2);
    await expect(page.locator('#readout')).toContainText('1:12 h');
    await expect(page.locator('#readout')).toContainText('20 k req/s offered');
    expect((await canvasInfo(page, 'canvas#chart-latency-time')).ratio).toBeGreaterThan(0.01);
  });
});
