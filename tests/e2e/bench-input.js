// Benchmark (not a test): time from a slider input to the charts drawn, in headless
// Chromium against dist/, from the page's own Performance marks (src/ui/perf.rs).
// Usage: node tests/e2e/bench-input.js URL [inputs]. Prints p50/p95/max per chart set.
const { chromium } = require('playwright-core');

(async () => {
  const url = process.argv[2];
  const inputs = Number(process.argv[3] || 200);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  await page.waitForSelector('#app-ready', { state: 'attached', timeout: 20000 });
  const steady = ['chart-cost', 'chart-latency'];
  const samples = [];
  const slider = page.locator('#traffic');
  await slider.focus();
  for (let i = 0; i < inputs; i++) {
    // Sweep up and down the traffic range so every input redraws.
    await page.keyboard.press(Math.floor(i / 40) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
    const ms = await page.evaluate(async (ids) => {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const times = ids.map((id) => {
        const e = performance.getEntriesByName(`scalelab-drawn:${id}`);
        return e.length ? e[e.length - 1].duration : NaN;
      });
      performance.clearMeasures();
      return Math.max(...times);
    }, steady);
    if (Number.isFinite(ms)) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  console.log(`input-to-chart (traffic slider -> cost + latency charts drawn), ${samples.length} inputs:`);
  console.log(`  p50 ${q(0.5).toFixed(2)} ms   p95 ${q(0.95).toFixed(2)} ms   max ${samples[samples.length - 1].toFixed(2)} ms`);
  await browser.close();
})();
