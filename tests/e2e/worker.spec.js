// The engine runs in a Web Worker (issue 9, item 4): the page answers input while a long run
// computes, a newer input supersedes the run in progress and a stale run never shows over
// fresh inputs, a long run shows its progress, the page keeps working (and says so) when the
// worker cannot start or crashes, and a run keeps working offline. Order of events is
// asserted, never durations.
const path = require('path');
const {
  test, expect, gotoApp, canvasInfo, expectChartsDrawn, expectNoNaN, waitForRun, inputId, runSummaries, runView, isRunFor, linkFor,
  metricsSnapshot, cliOutput,
} = require('./fixtures');

const RESULTS = path.join(__dirname, 'test-results');
const MONTH_AT_60S = linkFor({ simulation: { duration_s: 30 * 86400, step_s: 60 } });
// The longest valid run (2.6 M steps): seconds even for a fast engine, so a test can act
// while it computes.
const MONTH_AT_1S = linkFor({ simulation: { duration_s: 30 * 86400, step_s: 1 } });

/** Start recording, in the page, the order in which things happen. */
async function record(page) {
  await page.evaluate(() => {
    window.__events = [];
    const status = document.getElementById('run-status');
    const sums = document.querySelector('.run-summaries');
    const log = (what, at = performance.now()) => window.__events.push({
      what,
      at,
      state: status.dataset.state,
      // The inputs on screen (rendered with them), and the run shown.
      latest: Number(document.querySelector('main').dataset.inputId),
      shown: Number(status.dataset.shownRunId),
      complete: sums ? sums.dataset.complete : null,
      title: document.getElementById('run-title').textContent,
    });
    new MutationObserver(() => log('inputs')).observe(document.querySelector('main'), { attributes: true, attributeFilter: ['data-input-id'] });
    new MutationObserver(() => log('numbers')).observe(document.getElementById('ddb-numbers'), { subtree: true, characterData: true, childList: true });
    new MutationObserver(() => log('status')).observe(status, { attributes: true });
    if (sums) new MutationObserver(() => log('summaries')).observe(sums, { attributes: true, subtree: true, characterData: true, childList: true });
    // When a steady chart finished drawing (its measure ends then), not when it was reported.
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === 'scalelab-drawn:chart-cost') log('steady-drawn', e.startTime + e.duration);
    }).observe({ type: 'measure' });
  });
}

const events = (page) => page.evaluate(() => window.__events.slice().sort((a, b) => a.at - b.at));

/**
 * While `window.__hold` is set, the page's messages to the simulation worker and the
 * worker's replies are held (in order) until `window.__release()`: a run request made then
 * waits as long as the test likes, as one waiting out its debounce on a loaded machine would.
 */
async function holdableWorker(page) {
  await page.addInitScript(() => {
    const Native = window.Worker;
    const held = [];
    window.__hold = false;
    window.__release = () => {
      window.__hold = false;
      // Requests first, then the replies that came meanwhile.
      held.sort((a, b) => a.reply - b.reply).splice(0).forEach((m) => m.deliver());
    };
    window.Worker = class extends Native {
      postMessage(...args) {
        if (window.__hold) held.push({ reply: 0, deliver: () => super.postMessage(...args) });
        else super.postMessage(...args);
      }
      set onmessage(handler) {
        super.onmessage = handler && ((e) => {
          if (window.__hold) held.push({ reply: 1, deliver: () => handler.call(this, e) });
          else handler.call(this, e);
        });
      }
      get onmessage() {
        return super.onmessage;
      }
    };
  });
}

test.describe('Engine in a Web Worker', () => {
  test('during a 30-day run at 60 s steps, a slider input changes the steady charts and numbers before the run finishes', async ({ page }) => {
    test.setTimeout(240_000);
    // Every message the simulation worker sends, announced and recorded (the page's own
    // worker, wrapped).
    await page.addInitScript(() => {
      const Native = window.Worker;
      window.Worker = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener('message', () => {
            if (window.__events) window.__events.push({ what: 'worker-message', at: performance.now() });
            window.dispatchEvent(new Event('scalelab-worker-message'));
          });
        }
      };
    });
    await page.goto(`/${MONTH_AT_60S}`);
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('#run-title')).toContainText('720 h simulated in 60 s steps');
    // The load's own run out of the way: a fast engine finishes it before a test could act.
    await waitForRun(page, { timeout: 200_000 });
    const before = { numbers: await metricsSnapshot(page), cost: (await canvasInfo(page, 'canvas#chart-cost')).hash };
    await record(page);
    // Two traffic inputs from inside the page. The first starts a 30-day run; the second
    // comes in the handler of the worker's first message about it, a progress report after
    // its first slice of steps, so the run is part-way through in the worker whatever this
    // machine's speed. (A round trip to the test runner between the two could outlast it.)
    const first = await inputId(page);
    await page.evaluate(() => new Promise((resolve) => {
      const slider = document.getElementById('traffic');
      const nudge = () => {
        slider.value = String(Number(slider.value) + Number(slider.step));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      };
      window.addEventListener('scalelab-worker-message', () => {
        window.__events.push({ what: 'second-input', at: performance.now() });
        nudge();
        resolve();
      }, { once: true });
      nudge();
    }));
    // The steady numbers and chart answer at once ...
    await expect.poll(() => metricsSnapshot(page)).not.toEqual(before.numbers);
    await expect.poll(async () => (await canvasInfo(page, 'canvas#chart-cost')).hash).not.toBe(before.cost);
    // ... and the run for the newest input finishes later.
    await waitForRun(page, { after: first + 1, timeout: 200_000 });
    const log = await events(page);
    const second = log.find((e) => e.what === 'second-input');
    expect(second, 'the second input came while the worker ran').toBeTruthy();
    const after = log.filter((e) => e.at >= second.at);
    const firstNumbers = after.find((e) => e.what === 'numbers');
    const firstDrawn = after.find((e) => e.what === 'steady-drawn');
    const done = after.find((e) => e.state === 'done' && e.latest > first + 1 && e.shown === e.latest);
    expect(firstNumbers, 'the numbers changed').toBeTruthy();
    expect(firstDrawn, 'the cost chart was redrawn').toBeTruthy();
    expect(done, 'the run for the second input finished').toBeTruthy();
    expect(firstNumbers.at).toBeLessThan(done.at);
    expect(firstDrawn.at).toBeLessThan(done.at);
    // Running: the first input's run, still in the worker, or (once the page has asked for
    // it) the second's; never a finished run standing for inputs it did not answer.
    expect(firstNumbers.state, 'the run was still computing when the numbers changed').toBe('running');
    await expectChartsDrawn(page);
    await expectNoNaN(page);
  });

  test('a run is complete only for the inputs on screen: from an input until its own run arrives, the run shown is stale', async ({ page }) => {
    // Issue 16, item 6: under load a test read the defaults' run ($466.15) as the
    // region-outage preset's ($2,395.40): the summaries still said complete while the new
    // run's request waited out its debounce. Here the request (and any reply) is held for as
    // long as the test likes, so the race is forced, not left to the machine's speed.
    const cli = JSON.parse(cliOutput(['run', '--preset', 'region-outage', '--format', 'json']));
    await holdableWorker(page);
    await gotoApp(page);
    const defaults = await waitForRun(page);
    const old = await runSummaries(page, defaults);
    expect(old['#ddb-run']['monthly-cost']).not.toBe(cli.dynamodb_summary.monthly_cost_usd);

    // The input, and a look at the page in the page's first microtask after it. A loaded
    // machine is played by a clock that jumps 20 ms at every reading: yew's scheduler then
    // yields to the browser (it does after 16 ms of work) as soon as it may, which can be
    // after the page has rendered its inputs and before the run panel has rendered at all.
    // The page has rendered the new inputs' id by then, whatever the run panel shows.
    const handled = await page.evaluate(`(async () => {
      window.__hold = true;
      const realNow = Date.now;
      let jumps = 0;
      Date.now = () => realNow() + 20 * jumps++;
      const select = document.getElementById('preset');
      select.value = 'region-outage';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await Promise.resolve();
      Date.now = realNow;
      return (${runView})();
    })()`);
    expect(handled.input, 'the new inputs have their own id at once').toBeGreaterThan(defaults);
    expect(handled.summaries, 'the summaries still show the defaults\' run').toBe(defaults);
    expect(isRunFor(handled), `not the run of the inputs on screen: ${JSON.stringify(handled)}`).toBe(false);
    test.info().annotations.push({
      type: 'first look',
      description: handled.wanted === defaults
        ? `the run panel had not rendered yet (it said ${handled.state}, complete ${handled.complete}); only the page's input id told`
        : 'the run panel had rendered the new inputs already',
    });
    // The run panel says so as it renders: not complete, stale, recomputing; the run request
    // is still held (as if waiting out its debounce).
    await expect.poll(() => page.evaluate(runView)).toEqual({
      input: handled.input, wanted: handled.input, shown: defaults, state: 'running', summaries: defaults, complete: 'false',
    });
    await expect(page.locator('section.run')).toHaveClass(/\bstale\b/);
    await expect(page.locator('#run-status')).toContainText('Inputs changed: recomputing the run');
    await expect(page.locator('.run-summaries .stale-label')).toHaveCount(2);
    await expect(page.locator('#ddb-run .stale-label')).toContainText('previous inputs');
    await expect(page.locator('#ddb-run [data-metric=monthly-cost]')).toHaveAttribute('data-value', String(old['#ddb-run']['monthly-cost']));
    // Long past the debounce, still stale while nothing is computed; how it looks.
    await page.waitForTimeout(500);
    expect(await page.evaluate(runView)).toMatchObject({ input: handled.input, shown: defaults, complete: 'false', state: 'running' });
    await page.evaluate(() => document.getElementById('run-title').scrollIntoView());
    await page.screenshot({ path: path.join(RESULTS, 'stale-run-1280x720.png') });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.evaluate(() => document.getElementById('run-title').scrollIntoView());
    await page.screenshot({ path: path.join(RESULTS, 'stale-run-375x812.png') });
    await page.setViewportSize({ width: 1280, height: 720 });

    // Let the request through: the preset's own run arrives, and only then is it complete.
    await page.evaluate(() => window.__release());
    const run = await waitForRun(page, { after: defaults });
    expect(run).toBe(handled.input);
    const got = await runSummaries(page, run);
    for (const [panel, summary] of [['#ddb-run', cli.dynamodb_summary], ['#aurora-run', cli.aurora_summary]]) {
      expect(Math.abs(got[panel]['monthly-cost'] - summary.monthly_cost_usd), `${panel} monthly cost`)
        .toBeLessThanOrEqual(1e-12 * Math.max(1, summary.monthly_cost_usd));
    }
    await expect(page.locator('.stale-label')).toHaveCount(0);
    await expect(page.locator('section.run')).not.toHaveClass(/\bstale\b/);
  });

  test('a long run shows its progress and fills in the run charts; screenshots during and after', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto(`/${MONTH_AT_1S}`);
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await record(page);
    // Progress appears once the run has taken about 300 ms, in words and as a bar.
    await expect(page.locator('#run-progress')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('#run-status')).toContainText(/Simulating 30 days: .+ of 2\.59 M steps \(.+ %\)/);
    // The run charts fill in from a partial run before the whole run arrives.
    await expect(page.locator('#ddb-run .so-far')).toBeVisible({ timeout: 60_000 });
    expect((await canvasInfo(page, 'canvas#chart-failing')).ratio).toBeGreaterThan(0.01);
    await page.locator('#run-status').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'long-run-during-1280x720.png') });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.locator('#run-status').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'long-run-during-375x812.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    await waitForRun(page, { timeout: 200_000 });
    await expect(page.locator('#run-progress')).toHaveCount(0);
    await expect(page.locator('#ddb-run .so-far')).toHaveCount(0);
    // Progress only grew, and nothing but the status line changed size while it showed.
    const log = await events(page);
    expect(log.filter((e) => e.what === 'summaries' && e.complete === 'true' && e.shown !== e.latest)).toEqual([]);
    await page.locator('#run-status').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, 'long-run-after-1280x720.png') });
    await expectNoNaN(page);
  });

  test('a newer input supersedes the run in progress; the old run never shows as the answer', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`/${MONTH_AT_1S}`);
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('#run-status')).toHaveAttribute('data-state', 'running');
    const month = await inputId(page);
    await record(page);
    await page.selectOption('#duration', '24');
    const day = await waitForRun(page, { after: month });
    await expect(page.locator('#run-title')).toContainText('24 h simulated');
    const log = await events(page);
    // From the change on, the month's run is never shown as complete.
    expect(log.filter((e) => e.shown === month && e.complete === 'true')).toEqual([]);
    const last = log[log.length - 1];
    expect(last.latest).toBe(day);
    expect(day).toBeGreaterThan(month);
    expect(Number(await page.locator('#run-status').getAttribute('data-shown-run-id'))).toBe(day);
  });

  test('when the worker cannot start, the page says so in words and the steady charts keep working (the page has no engine of its own)', async ({ page, guards }) => {
    test.setTimeout(120_000);
    guards.allow(/Failed to load resource.*404|scalelab-worker_loader\.js/);
    await page.route('**/scalelab-worker_loader.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await gotoApp(page);
    await expectChartsDrawn(page);
    // The steady charts answer with no worker at all.
    const before = await metricsSnapshot(page);
    await page.locator('#traffic').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => metricsSnapshot(page)).not.toEqual(before);
    await expect(page.locator('.run-fallback')).toContainText('did not start', { timeout: 30_000 });
    await expect(page.locator('.run-problem')).toContainText('runs in a background worker, which did not start');
    await expect(page.locator('#run-status')).toHaveAttribute('data-state', 'failed');
    await expect(page.locator('#fatal-error')).toBeHidden();
    await expectNoNaN(page);
  });

  test('when the worker crashes, the page says so in words, the steady charts keep working, and the next input recovers', async ({ page, guards }) => {
    guards.allow(/self-test: a deliberate panic|unreachable|RuntimeError/);
    await page.goto('/?selftest=worker-panic');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('.run-problem')).toContainText('internal error', { timeout: 20_000 });
    await expect(page.locator('.run-problem')).toContainText('self-test: a deliberate panic');
    await expect(page.locator('#run-status')).toHaveAttribute('data-state', 'failed');
    await expect(page.locator('#fatal-error')).toBeHidden();
    const before = await metricsSnapshot(page);
    const crashed = await inputId(page);
    await page.locator('#traffic').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => metricsSnapshot(page)).not.toEqual(before);
    await expectChartsDrawn(page);
    // A fresh worker computes the new input's run.
    await waitForRun(page, { after: crashed });
    await expect(page.locator('.run-problem')).toHaveCount(0);
  });

  test('offline: with the network gone after loading, inputs still get their runs', async ({ page, context }) => {
    await gotoApp(page);
    const loaded = await waitForRun(page);
    await context.setOffline(true);
    await page.locator('#skew').focus();
    await page.keyboard.press('End');
    const skewed = await waitForRun(page, { after: loaded });
    await page.selectOption('#preset', 'flash-sale');
    const sale = await waitForRun(page, { after: skewed });
    expect((await runSummaries(page, sale))['#ddb-run']['failed-share']).toBeGreaterThan(0);
    await context.setOffline(false);
  });
});
