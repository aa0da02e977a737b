// Shared fixture and helpers for the Scale Lab e2e tests.
// The auto fixture `guards` runs around EVERY test: it records console errors (the page's and its
// simulation worker's), uncaught page errors and every request, and after the test body asserts
// there were no errors and that every request went to the local server (data: and blob: URLs
// allowed). A test that provokes an error on purpose declares it: guards.allow(/pattern/).
const base = require('@playwright/test');
const path = require('path');
const { execFileSync } = require('child_process');

const { expect } = base;
// SCALELAB_E2E_PORT (default 8081) is the test server; the sub-path server is the port after it.
const PORT = Number(process.env.SCALELAB_E2E_PORT || 8081);
const ORIGIN = `http://127.0.0.1:${PORT}/`;
// A second local server that serves dist/ under a sub-path (see the sub-path test).
const SUBPATH_ORIGIN = `http://127.0.0.1:${PORT + 1}/`;
const CANVASES = ['canvas#chart-cost', 'canvas#chart-latency'];

const isAllowedUrl = (url) =>
  url.startsWith(ORIGIN) || url.startsWith(SUBPATH_ORIGIN) || url.startsWith('data:') || url.startsWith('blob:');

const test = base.test.extend({
  guards: [
    async ({ page }, use) => {
      const errors = [];
      const foreignRequests = [];
      const allowed = [];
      const record = (text) => {
        if (!allowed.some((re) => re.test(text))) errors.push(text);
      };
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const loc = msg.location();
        record(`console.error: ${msg.text()}${loc && loc.url ? `  (at ${loc.url}:${loc.lineNumber})` : ''}`);
      });
      page.on('pageerror', (err) => record(`pageerror: ${err.stack || err.message}`));
      page.on('request', (req) => {
        if (!isAllowedUrl(req.url())) foreignRequests.push(`${req.method()} ${req.url()}`);
      });
      await use({ errors, foreignRequests, allow: (re) => allowed.push(re) });
      expect(
        { errors, foreignRequests },
        `no console errors / uncaught page errors, and no requests to anything but ${ORIGIN}`,
      ).toEqual({ errors: [], foreignRequests: [] });
    },
    { auto: true },
  ],
});

/** Open the app and wait for the #app-ready marker (attached; it may be hidden). */
async function gotoApp(page) {
  await page.goto('/');
  await expect(page.locator('#app-ready'), '#app-ready should appear within 20 s').toBeAttached({ timeout: 20_000 });
}

/** Open the advanced drawer (capacity modes, the bill, uncertain inputs) if it is closed. */
async function openAdvanced(page) {
  if (!(await page.locator('#advanced').evaluate((d) => d.open))) await page.click('#advanced > summary');
}

/**
 * The 2D context of canvas `selector` as seen, as a handle in the page: the canvas's own,
 * or for a traffic chart a copy with its operating point's strip (canvas.marks, the
 * sibling) drawn on at its data-left-px. Null when there is no drawn canvas.
 */
function seenContext(page, selector) {
  return page.evaluateHandle((sel) => {
    const c = document.querySelector(sel);
    if (!c || !c.width || !c.height) return null;
    const marks = c.nextElementSibling;
    if (!marks || !marks.matches('canvas.overlay.marks')) return c.getContext('2d');
    const seen = document.createElement('canvas');
    Object.assign(seen, { width: c.width, height: c.height });
    const ctx = seen.getContext('2d');
    ctx.drawImage(c, 0, 0);
    ctx.drawImage(marks, Number(marks.dataset.leftPx || 0), 0);
    return ctx;
  }, selector);
}

/** Pixels of colour `rgb` ([r, g, b], within `tolerance` per channel) in canvas `id` as seen (with its operating point's strip); −1 if not drawn. */
async function colourPixels(page, id, rgb, tolerance = 2) {
  const ctx = await seenContext(page, `#${id}`);
  try {
    return await page.evaluate(([ctx, c, tol]) => {
      if (!ctx) return -1;
      const d = ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - c[0]) <= tol && Math.abs(d[i + 1] - c[1]) <= tol && Math.abs(d[i + 2] - c[2]) <= tol) n++;
      }
      return n;
    }, [ctx, rgb, tolerance]);
  } finally {
    await ctx.dispose();
  }
}

/**
 * Pixel statistics of a 2D canvas as seen (with a traffic chart's operating-point strip): `ratio` = share of pixels that differ from the top-left pixel,
 * `hash` = FNV-1a over all RGBA words (position-sensitive, so moved curves change it).
 */
async function canvasInfo(page, selector) {
  const ctx = await seenContext(page, selector);
  try {
    return await page.evaluate(([ctx, sel]) => {
      const c = document.querySelector(sel);
      if (!c) return { exists: false, width: 0, height: 0, ratio: 0, hash: 0 };
      const { width, height } = c;
      if (!width || !height) return { exists: true, width, height, ratio: 0, hash: 0 };
      if (!ctx) return { exists: true, width, height, ratio: 0, hash: 0, error: 'no 2d context' };
      const px = new Uint32Array(ctx.getImageData(0, 0, width, height).data.buffer);
      const first = px[0];
      let diff = 0;
      let hash = 0x811c9dc5;
      for (let i = 0; i < px.length; i++) {
        if (px[i] !== first) diff++;
        hash = Math.imul(hash ^ px[i], 0x01000193) >>> 0;
      }
      return { exists: true, width, height, ratio: diff / px.length, hash };
    }, [ctx, selector]);
  } finally {
    await ctx.dispose();
  }
}

/** Both charts visible and non-blank (> 1 % of pixels differ from the top-left pixel). */
async function expectChartsDrawn(page) {
  for (const sel of CANVASES) {
    await expect(page.locator(sel), `${sel} should be visible`).toBeVisible();
    await expect
      .poll(async () => (await canvasInfo(page, sel)).ratio, {
        message: `${sel} should be non-blank (> 1% of pixels differ from the top-left pixel)`,
      })
      .toBeGreaterThan(0.01);
  }
}

async function canvasHashes(page) {
  const out = {};
  for (const sel of CANVASES) out[sel] = (await canvasInfo(page, sel)).hash;
  return out;
}

/** Text of every [data-metric] element in #ddb-numbers and #aurora-numbers, keyed "panel metric#i". */
async function metricsSnapshot(page) {
  return page.evaluate(() => {
    const out = {};
    for (const panel of ['ddb-numbers', 'aurora-numbers']) {
      const root = document.getElementById(panel);
      if (!root) continue;
      root.querySelectorAll('[data-metric]').forEach((el, i) => {
        out[`${panel} ${el.getAttribute('data-metric')}#${i}`] = el.textContent.trim();
      });
    }
    return out;
  });
}

/** All text of the page (hidden elements included, scripts and styles excluded). */
async function pageText(page) {
  return page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const tag = n.parentElement && n.parentElement.tagName;
      if (tag !== 'SCRIPT' && tag !== 'STYLE' && tag !== 'NOSCRIPT') parts.push(n.data);
    }
    return parts.join(' ');
  });
}

/**
 * In the page: which inputs are on screen and which run is shown (src/ui/run_panel.rs).
 * `input` is rendered by the page with the inputs themselves (<main data-input-id>), so it is
 * new from the moment an input is handled; the run panel renders the rest, possibly a moment
 * later: the id of the inputs it was last rendered for (`wanted`), the run it shows (`shown`,
 * and `summaries`, the summaries' data-run-id; absent in embed mode), whether that run is
 * whole and theirs (`complete`, `state` = done).
 */
function runView() {
  const main = document.querySelector('main[data-input-id]');
  const status = document.getElementById('run-status');
  const sums = document.querySelector('.run-summaries');
  const id = (v) => (v === undefined || v === null ? null : Number(v));
  return {
    input: main ? id(main.dataset.inputId) : null,
    wanted: status ? id(status.dataset.wantedRunId) : null,
    shown: status ? id(status.dataset.shownRunId) : null,
    state: status ? status.dataset.state : null,
    summaries: sums ? id(sums.dataset.runId) : 'none',
    complete: sums ? sums.dataset.complete : 'none',
  };
}

/** The run shown is the whole run of the inputs on screen (and newer than `after`). */
function isRunFor(v, after = 0) {
  return v.input !== null && v.input > after && v.wanted === v.input && v.shown === v.input && v.state === 'done' &&
    (v.summaries === 'none' || (v.summaries === v.input && v.complete === 'true'));
}

const READY = 'the whole run of the inputs on screen';

/**
 * Wait until the run on screen is complete AND belongs to the inputs on screen (their ids
 * match: see runView), and return that id. With `after` (the id of the inputs before an
 * input the test made, from inputId(page) or an earlier waitForRun), the run must also be of
 * newer inputs: a test never takes the previous inputs' run, even if its input reaches the
 * page late (a file read, a link opened). Read a run's numbers only after this (runSummaries
 * checks the id again as it reads).
 */
async function waitForRun(page, { after = 0, timeout = 60_000 } = {}) {
  let view = null;
  await expect
    .poll(
      async () => {
        view = await page.evaluate(runView);
        return isRunFor(view, after) ? READY : view;
      },
      { message: `the run shown should become ${READY}${after ? ` (newer than run ${after})` : ''}`, timeout, intervals: [50, 100, 250] },
    )
    .toBe(READY);
  return view.input;
}

/**
 * Waits until the sampled futures of run `id` are all in (#sure names the run and is
 * complete): their bands redraw the cost chart and their table can move what is below it.
 */
async function waitForFutures(page, id, { timeout = 60_000 } = {}) {
  await expect(page.locator('#sure')).toHaveAttribute('data-run-id', String(id), { timeout });
  await expect(page.locator('#sure')).toHaveAttribute('data-complete', 'true', { timeout });
}

/** The id of the inputs on screen now (before an input, for waitForRun's `after`). */
async function inputId(page) {
  return (await page.evaluate(runView)).input;
}

/**
 * Every run summary (`{'#ddb-run': {'monthly-cost': 466.15, ...}, '#aurora-run': {...}}`),
 * read in one go, failing unless they are the whole run `id` and `id` is still the inputs on
 * screen.
 */
async function runSummaries(page, id) {
  const read = () => {
    const values = {};
    for (const panel of ['ddb-run', 'aurora-run']) {
      values[`#${panel}`] = {};
      document.querySelectorAll(`#${panel} [data-metric]`).forEach((el) => {
        values[`#${panel}`][el.dataset.metric] = el.dataset.value === undefined ? null : Number(el.dataset.value);
      });
    }
    return values;
  };
  // One evaluation (a string: the page's Content-Security-Policy allows no eval), so the ids
  // checked are those of the values read.
  const got = await page.evaluate(`({ view: (${runView})(), values: (${read})() })`);
  expect(got.view, `the summaries read should be ${READY}, run ${id}`).toMatchObject({ input: id, wanted: id, shown: id, summaries: id, complete: 'true', state: 'done' });
  return got.values;
}

/**
 * The address bar once the page has written the state on screen into it: it writes the link
 * 250 ms after the last change (and when it is left), not on every input event.
 */
async function settledHash(page) {
  // The page marks <html data-save-pending> from a change of the scenario until it has
  // written the link (src/ui/app.rs). One turn first: an action the page defers by a
  // zero-delay timeout (an imported trace) has then changed the scenario and set the mark.
  return page.evaluate(() => new Promise((resolve) => {
    const check = () => {
      if (document.documentElement.hasAttribute('data-save-pending')) setTimeout(check, 20);
      else resolve(location.hash);
    };
    setTimeout(check, 0);
  }));
}

/**
 * Open `hash` (a share link's fragment) as a newcomer would: with no stored session, in a
 * new load of the page. Call it on a settled page (`settledHash`), which writes nothing more
 * to storage. The query makes it a load, not a hashchange on the open page; an app loading
 * at '/' meanwhile could miss the link's hashchange and write its own state into the
 * address bar before a reload read it.
 */
async function openLinkFresh(page, hash) {
  await page.evaluate(() => localStorage.clear());
  await page.goto(`/?fresh${hash}`);
  await expect(page.locator('#app-ready'), '#app-ready should appear within 20 s').toBeAttached({ timeout: 20_000 });
}

/** A share link fragment for a scenario diff against the defaults (base64url JSON). */
function linkFor(diff) {
  return `#s=v1.${Buffer.from(JSON.stringify(diff)).toString('base64url')}`;
}

async function expectNoNaN(page) {
  const text = await pageText(page);
  const at = text.indexOf('NaN');
  expect(at, `page text contains "NaN": ...${text.slice(Math.max(0, at - 60), at + 60)}...`).toBe(-1);
}

/**
 * What the command-line tool (built by tier 2's `cargo test`) prints for `args`: the page
 * must agree with it.
 */
function cliOutput(args) {
  const binary = path.join(__dirname, '..', '..', 'target', 'debug', 'scalelab');
  return execFileSync(binary, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/**
 * Move the traffic slider by `presses` of `key` and wait until its readout has changed:
 * returns what it shows and the slider's value, for `expectTraffic` after an edit elsewhere
 * (components that are not re-rendered by traffic inputs must edit the scenario as it is now).
 */
async function moveTraffic(page, presses = 10, key = 'ArrowRight') {
  const before = await page.locator('#traffic-value').textContent();
  await page.focus('#traffic');
  for (let i = 0; i < presses; i++) await page.keyboard.press(key);
  await expect(page.locator('#traffic-value')).not.toHaveText(before);
  return { shown: await page.locator('#traffic-value').textContent(), value: await page.locator('#traffic').inputValue() };
}

/** The traffic slider still at what `moveTraffic` returned. */
async function expectTraffic(page, { shown, value }) {
  await expect(page.locator('#traffic-value')).toHaveText(shown);
  await expect(page.locator('#traffic')).toHaveValue(value);
}

module.exports = {
  moveTraffic,
  expectTraffic,
  waitForFutures,
  cliOutput,
  SUBPATH_ORIGIN,
  test,
  expect,
  ORIGIN,
  CANVASES,
  gotoApp,
  canvasInfo,
  canvasHashes,
  expectChartsDrawn,
  metricsSnapshot,
  pageText,
  expectNoNaN,
  runView,
  isRunFor,
  waitForRun,
  inputId,
  runSummaries,
  linkFor,
  settledHash,
  colourPixels,
  openAdvanced,
  openLinkFresh,
};
