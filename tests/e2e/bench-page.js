// Page benchmark (not a test: it prints numbers and asserts nothing), in headless Chromium
// against a built dist/ served at URL. Used by scripts/bench-page.sh.
//   node bench-page.js URL LABEL
// For the default scenario, 30 days at 60 s steps and 30 days at 1 s steps (and rough traces,
// below) it prints:
//   - main-thread task time per traffic-slider input (Chromium's own TaskDuration metric,
//     read over the Chrome DevTools Protocol): during a drag (inputs 16 ms apart) and settled
//     (one input, until its steady charts and the run it starts are drawn), with the time
//     spent drawing charts where the page reports it (window.__scalelabDrawMs), and per chart;
//   - input to steady charts drawn, p50/p95 (the page's scalelab-drawn:* measures);
//   - input to run charts complete, p50/p95;
//   - the longest main-thread task during a slider drag with pauses (Long Tasks API);
//   - JS heap and wasm memory before and after a soak of thousands of slider inputs.
// Works against older builds too (it falls back where a build lacks a marker).
// With SCALELAB_BENCH_REFERENCE_URL (the one-chart Yew page, src/bin/one_chart.rs) it keeps
// that page open, drags its slider the same way just before each of a scenario's drags, and
// prints the median of the drags' costs as multiples of those (paired, so that the machine's
// drift over a run falls on both alike).
const { chromium } = require('playwright-core');

const url = process.argv[2];
const label = process.argv[3] || url;
const SOAK_INPUTS = Number(process.env.SCALELAB_BENCH_SOAK || 3000);
const STEADY = ['chart-cost', 'chart-latency'];
const RUN = ['chart-failing', 'chart-latency-time', 'chart-ddb-capacity', 'chart-aurora-capacity', 'chart-cumulative-cost', 'chart-heat'];
const b64url = (s) => Buffer.from(s).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const SCENARIOS = [
  { name: 'default scenario (1 day, 1,440 steps of 60 s)', hash: '', settled: 12, bursts: 6 },
  {
    name: '30 days at 60 s steps (43,200 steps)',
    hash: `#s=v1.${b64url(JSON.stringify({ simulation: { duration_s: 2592000, step_s: 60 } }))}`,
    settled: 3,
    bursts: 3,
  },
  {
    name: '30 days at 1 s steps (2,592,000 steps, the longest valid run)',
    hash: `#s=v1.${b64url(JSON.stringify({ simulation: { duration_s: 2592000, step_s: 1 } }))}`,
    settled: 2,
    bursts: 2,
  },
];

// Rough traffic (scripts/bench-page.sh writes these with examples/rough_traces): a day at
// one point a second at 5 s steps, noisy and jumpy, against the default day at 5 s, and 30
// days at one point a minute at 60 s steps. Loaded as a scenario file ("Load scenario…"; a
// link would be too long for the browser), so each run is the exact trace.
const TRACES = process.env.SCALELAB_BENCH_TRACES;
if (TRACES) {
  const fs = require('fs');
  for (const [file, name] of [
    ['default-day.json', 'the default day at 5 s steps (17,280 steps)'],
    ['noisy-day.json', 'a noisy per-second day at 5 s steps (86,400 points, 17,280 steps)'],
    ['jumpy-day.json', 'a jumpy per-second day at 5 s steps (86,400 points, 17,280 steps)'],
    ['noisy-month.json', '30 days per minute at 60 s steps (43,200 points, 43,200 steps)'],
  ]) {
    const path = `${TRACES}/${file}`;
    if (fs.existsSync(path)) SCENARIOS.push({ name, hash: '', file: path, settled: 3, bursts: 2 });
  }
}

// Three contenders (issue 17): the default day with Aurora DSQL beside the two, at the
// default 60 s steps and at 5 s steps (scenarios 7 and 8 when the traces above are there).
const THREE = ['dynamodb', 'aurora', 'dsql'];
SCENARIOS.push(
  { name: 'default day with Aurora DSQL (three contenders, 1,440 steps)', hash: `#s=v1.${b64url(JSON.stringify({ contenders: THREE }))}`, settled: 6, bursts: 3 },
  {
    name: 'default day with Aurora DSQL at 5 s steps (17,280 steps)',
    hash: `#s=v1.${b64url(JSON.stringify({ contenders: THREE, simulation: { duration_s: 86400, step_s: 5 } }))}`,
    settled: 3,
    bursts: 2,
  },
);

// SCALELAB_BENCH_SCENARIOS=0,1 measures only those (an old build would freeze for many
// minutes on the longest run).
const CHOSEN = (process.env.SCALELAB_BENCH_SCENARIOS || '').split(',').filter(Boolean).map(Number);

/** Resident memory of every Chromium process on the machine, MB (run nothing else then). */
function chromiumRssMb() {
  try {
    const out = require('child_process').execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
    return out.split('\n').map(Number).filter(Number.isFinite).reduce((a, b) => a + b, 0) / 1024;
  } catch {
    return NaN;
  }
}

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
// Total chart drawing time the page has reported (src/ui/perf.rs); NaN on older builds.
const drawMs = (page) => page.evaluate(() => (typeof window.__scalelabDrawMs === 'number' ? window.__scalelabDrawMs : NaN));

async function metrics(cdp) {
  const { metrics: m } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}

/** Resolves when the page's run answers its latest inputs (new builds: #run-status; older: the heat map redrawn after the input). */
async function runSettled(page, initial = false, timeoutMs = 180_000) {
  if (initial && !(await page.$('#run-status'))) {
    // An older build ran the engine on the page 150 ms after loading: this resolves once
    // the page's thread is free again after it.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
    return;
  }
  await page.waitForFunction(() => {
    const s = document.getElementById('run-status');
    // Newer builds: the run shown is that of the inputs on screen (<main data-input-id>, see
    // fixtures.js runView); older ones said data-run-id on the status.
    const main = document.querySelector('main[data-input-id]');
    if (s && main) {
      const id = main.dataset.inputId;
      return s.dataset.state !== 'running' && s.dataset.wantedRunId === id && s.dataset.shownRunId === id;
    }
    if (s) return s.dataset.state !== 'running' && s.dataset.runId === s.dataset.shownRunId;
    const e = performance.getEntriesByName('scalelab-drawn:chart-heat');
    return e.length > 0 && e[e.length - 1].duration > 150; // the old page ran 150 ms after input
  }, null, { timeout: timeoutMs, polling: 20 });
  // Charts may draw in tasks of their own after the run arrives: wait until none has drawn
  // for 150 ms (older builds draw in the same task, and report no drawing time).
  await page.evaluate(() => new Promise((resolve) => {
    let last = window.__scalelabDrawMs;
    const tick = () => {
      if (window.__scalelabDrawMs === last) resolve();
      else { last = window.__scalelabDrawMs; setTimeout(tick, 150); }
    };
    setTimeout(tick, 150);
  }));
}

async function lastMeasures(page, ids, prefix) {
  return page.evaluate(([ids, prefix]) => ids.map((id) => {
    const e = performance.getEntriesByName(`${prefix}${id}`);
    return e.length ? e[e.length - 1].duration : NaN;
  }), [ids, prefix]);
}

const DRAG = 100;

/** Presses that sweep a focused range input up and down its middle, so each one changes it. */
function presser(page) {
  let dir = 'ArrowRight';
  let moved = 0;
  return async () => {
    if (moved % 40 === 0) dir = dir === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
    moved++;
    await page.keyboard.press(dir);
  };
}

/** One drag of DRAG inputs 16 ms apart on a page whose #traffic is focused: main-thread task time per input, ms. */
async function dragMsOf(page, cdp, press) {
  const m0 = await metrics(cdp);
  for (let i = 0; i < DRAG; i++) {
    await press();
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(200);
  const m1 = await metrics(cdp);
  return (m1.TaskDuration - m0.TaskDuration) * 1000 / DRAG;
}

/** The one-chart page, open for the whole run: `drag()` measures one drag of it. */
async function openReference(browser, refUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.goto(refUrl);
  await page.waitForSelector('#app-ready', { state: 'attached', timeout: 30_000 });
  const press = presser(page);
  return {
    drag: async () => {
      await page.locator('#traffic').focus();
      return dragMsOf(page, cdp, press);
    },
    close: () => context.close(),
  };
}
// Drags per scenario, each right after a drag of the one-chart page: the machine's load
// drifts over a run (the yardstick itself moved 15 % between runs), so each page drag is
// compared with one made moments before it, and the median of those ratios is reported.
const PAIRED_DRAGS = 3;
let reference = null;

async function bench(browser, sc) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail && e.detail.wasm; });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  let peakRss = chromiumRssMb();
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, chromiumRssMb()); }, 250);
  const loaded = Date.now();
  await page.goto(url + sc.hash);
  await page.waitForSelector('#app-ready', { state: 'attached', timeout: 30_000 });
  await runSettled(page, true, 900_000);
  let firstRunS = (Date.now() - loaded) / 1000;
  if (sc.file) {
    // The trace, as a person loads a scenario file: file chosen -> its run complete, drawn.
    const before = await page.evaluate(() => document.querySelector('main[data-input-id]')?.dataset.inputId);
    const chosen = Date.now();
    await page.setInputFiles('#load-scenario', sc.file);
    await page.waitForFunction((b) => document.querySelector('main[data-input-id]')?.dataset.inputId !== b, before, { timeout: 60_000 });
    await runSettled(page, false, 900_000);
    firstRunS = (Date.now() - chosen) / 1000;
  }
  const slider = page.locator('#traffic');
  await slider.focus();
  const press = presser(page);
  const out = [`\n[${label}] ${sc.name}`, `  ${sc.file ? 'scenario file chosen' : 'page load'} -> its first run complete and drawn: ${f(firstRunS, 2)} s`];

  // 1. Settled inputs: one at a time, until the steady charts and the run are drawn.
  const steady = [], run = [], taskSettled = [], drawSettled = [];
  for (let i = 0; i < sc.settled; i++) {
    await page.evaluate(() => performance.clearMeasures());
    const m0 = await metrics(cdp);
    const draw0 = await drawMs(page);
    await press();
    await page.waitForFunction((ids) => ids.every((id) => performance.getEntriesByName(`scalelab-drawn:${id}`).length), STEADY, { polling: 5 });
    await runSettled(page);
    const m1 = await metrics(cdp);
    steady.push(Math.max(...(await lastMeasures(page, STEADY, 'scalelab-drawn:'))));
    run.push(Math.max(...(await lastMeasures(page, RUN, 'scalelab-drawn:')).filter(Number.isFinite)));
    taskSettled.push((m1.TaskDuration - m0.TaskDuration) * 1000);
    drawSettled.push((await drawMs(page)) - draw0);
  }

  // 2. Drags: 100 inputs 16 ms apart (a 60 Hz pointer), without waiting for anything; each
  // after a drag of the one-chart page when it is open (PAIRED_DRAGS of them), else one.
  const byChart = () => page.evaluate(() => ({ ...(window.__scalelabDrawMsById || {}) }));
  const drags = [], ratios = [];
  let dragDraw = 0;
  const dragByChart = {};
  for (let round = 0; round < (reference ? PAIRED_DRAGS : 1); round++) {
    const refMs = reference ? await reference.drag() : NaN;
    await slider.focus();
    await runSettled(page);
    await page.evaluate(() => performance.clearMeasures());
    const draw0 = await drawMs(page);
    const byChart0 = await byChart();
    const ms = await dragMsOf(page, cdp, press);
    dragDraw += (await drawMs(page)) - draw0;
    for (const [id, total] of Object.entries(await byChart())) dragByChart[id] = (dragByChart[id] || 0) + total - (byChart0[id] || 0);
    drags.push(ms);
    ratios.push(ms / refMs);
  }
  const rounds = drags.length;
  await runSettled(page);

  // 3. Drag with pauses: bursts of 15 inputs, 600 ms pause after each; longest task.
  const t0 = await page.evaluate(() => performance.now());
  for (let b = 0; b < sc.bursts; b++) {
    for (let i = 0; i < 15; i++) {
      await press();
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(600);
  }
  await runSettled(page);
  const long = await page.evaluate((t0) => window.__long.filter(([s]) => s >= t0).map(([, d]) => d), t0);
  const longest = long.length ? Math.max(...long) : 0;

  out.push(`  main-thread task time per input, during a drag (100 inputs 16 ms apart${rounds > 1 ? `; median of ${rounds} drags` : ''}): ${f(q(drags, 0.5), 2)} ms` +
    (Number.isFinite(dragDraw) ? ` (of which drawing charts ${f(dragDraw / DRAG / rounds, 2)} ms)` : '') +
    (reference ? `, ${f(q(ratios, 0.5), 2)}x the one-chart Yew page (each drag against one of it just before: ${ratios.map((r) => f(r, 2)).join(', ')})` : ''));
  const perChart = Object.keys(dragByChart)
    .map((id) => [id, dragByChart[id] / DRAG / rounds])
    .filter(([, ms]) => ms > 0.005)
    .sort((a, b) => b[1] - a[1]);
  if (perChart.length) out.push(`    drawing per input during the drag, by chart: ${perChart.map(([id, ms]) => `${id} ${f(ms, 2)} ms`).join(', ')}`);
  out.push(`  main-thread task time per input, settled (steady charts + the run it starts, drawn), ${sc.settled} inputs: ` +
    `mean ${f(mean(taskSettled))} ms, max ${f(Math.max(...taskSettled))} ms` +
    (drawSettled.every(Number.isFinite) ? ` (of which drawing charts ${f(mean(drawSettled))} ms)` : ''));
  out.push(`  input -> steady charts drawn: p50 ${f(q(steady, 0.5), 2)} ms, p95 ${f(q(steady, 0.95), 2)} ms`);
  out.push(`  input -> run charts complete: p50 ${f(q(run, 0.5))} ms, p95 ${f(q(run, 0.95))} ms`);
  out.push(`  longest main-thread task during a drag with pauses (${sc.bursts} x 15 inputs, 600 ms pauses; Long Tasks API, > 50 ms): ` +
    (long.length ? `${f(longest)} ms (${long.length} long tasks)` : 'none over 50 ms'));

  // 4. Soak (default scenario only): thousands of inputs; heap before and after.
  if (sc.hash === '' && !sc.file) {
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const m = await metrics(cdp);
      const wasm = await page.evaluate(() => (window.__wasm && window.__wasm.memory ? window.__wasm.memory.buffer.byteLength : NaN));
      return { js: m.JSHeapUsedSize / 1e6, wasm: wasm / 1e6 };
    };
    const before = await heap();
    const started = Date.now();
    for (let i = 0; i < SOAK_INPUTS; i++) await press();
    await runSettled(page);
    const after = await heap();
    out.push(`  soak of ${SOAK_INPUTS} slider inputs (${f((Date.now() - started) / 1000)} s): JS heap ${f(before.js, 2)} -> ${f(after.js, 2)} MB, ` +
      `wasm memory ${f(before.wasm, 2)} -> ${f(after.wasm, 2)} MB`);
  }
  clearInterval(sampler);
  out.push(`  peak resident memory of Chromium's processes (page, worker, browser), sampled every 250 ms: ${f(Math.max(peakRss, chromiumRssMb()), 0)} MB`);
  await context.close();
  return out.join('\n');
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  try {
    const refUrl = process.env.SCALELAB_BENCH_REFERENCE_URL;
    if (refUrl) {
      reference = await openReference(browser, refUrl);
      const warm = [];
      for (let round = 0; round < 3; round++) warm.push(await reference.drag());
      console.log(`\n[one-chart Yew page] main-thread task time per input, during a drag (100 inputs 16 ms apart; median of 3 drags): ${f(q(warm, 0.5), 2)} ms` +
        `; each scenario's drags are compared with drags of it made just before them`);
    }
    for (const [i, sc] of SCENARIOS.entries()) {
      if (CHOSEN.length && !CHOSEN.includes(i)) continue;
      // An older build may not read a newer scenario file (a held series): say so, go on.
      try {
        console.log(await bench(browser, sc));
      } catch (e) {
        console.log(`\n[${label}] ${sc.name}\n  not measured: ${String(e.message || e).split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
