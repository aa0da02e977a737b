// Share links round-trip for every preset × every control (issue 12, item 7), in the browser:
// for each preset (and the custom default), every control on the page is changed in turn (every
// traffic shape; every Aurora deployment and every price and estimate on the default), the link
// the page wrote is opened again, and every control's value, every number and the verdict must
// come back identical, with no message. Traffic-shape steps reload the page (the link read at
// load); the others open the link on the open page (the same decoder, through hashchange),
// which is several times faster. The state accumulates, so later steps also check
// combinations. (A preset whose traffic shape is changed needs the link to express a removed
// key: the link is a JSON merge patch, where null removes one.)
const { test, expect, gotoApp, settledHash } = require('./fixtures');

// The walks are independent: spread them over the workers.
test.describe.configure({ mode: 'parallel' });

// The default, then every preset (the same list as scalelab.spec.js; a new preset must be added).
const PRESETS = ['', 'session-store', 'real-time-bidding', 'iot-ingestion', 'monthly-sales-report', 'order-inventory', 'flash-sale', 'writer-failover-at-peak', 'region-outage'];

/** Every control's value, the numbers, the verdict, the run's title and any message. */
async function snapshot(page) {
  return page.evaluate(() => {
    const out = {};
    document.querySelectorAll('input[id], select[id]').forEach((el) => {
      // (What the "place a fault" button adds is the page's, not the scenario's.)
      if (el.type !== 'file' && el.id !== 'fault-kind-new') out[el.id] = el.type === 'checkbox' ? el.checked : el.value;
    });
    for (const id of ['ddb-numbers', 'aurora-numbers', 'steady-verdict', 'run-title', 'preset-lesson']) {
      const el = document.getElementById(id);
      out[`#${id}`] = el ? el.textContent : null;
    }
    const notice = document.getElementById('input-notice');
    out.notice = notice ? notice.textContent : null;
    return out;
  });
}

/** Open every drawer (advanced, faults, assumptions), so every control can be used. */
async function openDrawers(page) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
}

// Controls that choose what a button does rather than edit the scenario.
const NOT_SCENARIO = new Set(['preset', 'fault-kind-new']);

/** Controls in page order: [id, kind, options]. */
async function controls(page) {
  return page.evaluate(() => [...document.querySelectorAll('input[id], select[id]')]
    .filter((el) => el.type !== 'file')
    .map((el) => [el.id, el.tagName === 'SELECT' ? 'select' : el.type, el.tagName === 'SELECT' ? [...el.options].map((o) => o.value) : null]));
}

/** The page refused the last input (it keeps the previous value and says so). */
async function refused(page) {
  // One read: the notice may go between a count and a read of its text.
  return page.evaluate(() => /keeping the previous/.test(document.getElementById('input-notice')?.textContent ?? ''));
}

/** Change a control; returns a description, or null when it cannot change (refused). */
async function change(page, [id, kind], option) {
  const el = page.locator(`#${id}`);
  await el.scrollIntoViewIfNeeded();
  if (kind === 'select') {
    await el.selectOption(option);
    // (A choice can be refused by the rest of the state, e.g. one Region while a placed
    // fault needs a Global Database: the page says so and keeps the previous value.)
    return (await refused(page)) ? null : `${id} = ${option}`;
  }
  if (kind === 'checkbox') {
    await el.click();
    return (await refused(page)) ? null : `${id} toggled`;
  }
  if (kind === 'range') {
    // Alternate ends (by `option`, a number for ranges), so the walk does not pile every
    // slider at its maximum; the other end if that one is where it is or is refused.
    const before = await el.inputValue();
    await el.focus();
    const [first, second] = option % 2 ? ['Home', 'End'] : ['End', 'Home'];
    await page.keyboard.press(first);
    if ((await el.inputValue()) === before || (await refused(page))) await page.keyboard.press(second);
    if ((await el.inputValue()) === before || (await refused(page))) return null;
    return `${id} ${before} -> ${await el.inputValue()}`;
  }
  if (kind === 'number') {
    const v = Number(await el.inputValue());
    for (const next of [v * 1.25, v * 0.8, v + 1]) {
      await el.fill(String(Number(next.toPrecision(6))));
      await el.blur();
      if (!(await refused(page))) return `${id} ${v} -> ${next}`;
    }
    return null;
  }
  return null;
}

/** Wait for the address bar to take the new state (it held `hash` before the change), reload
 * it, and compare everything. */
async function roundTrip(page, hash, what, failures, reload) {
  const link = await settledHash(page);
  if (link === hash) {
    failures.push(`${what}: the control changed nothing in the link`);
    return link;
  }
  const before = await snapshot(page);
  let opened = null;
  if (reload) {
    await page.reload();
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await openDrawers(page);
  } else {
    // Leave the scenario's link, then open it again: the page reads it as it reads any link.
    await page.evaluate(() => { location.hash = '#'; });
    await page.evaluate((l) => { location.hash = l; }, link);
    opened = 'Opened the scenario in the link.';
    await expect(page.locator('#input-notice')).toHaveText(opened);
  }
  const after = await snapshot(page);
  const differ = Object.keys({ ...before, ...after }).filter((k) => k !== 'notice' && before[k] !== after[k]);
  if (after.notice && after.notice !== opened) differ.unshift(`message "${after.notice.slice(0, 160)}"`);
  if (differ.length) failures.push(`${what}: after ${reload ? 'reload' : 'reopening the link'} ${differ.slice(0, 6).map((k) => (k.startsWith('message') ? k : `${k}: ${String(before[k]).slice(0, 60)} -> ${String(after[k]).slice(0, 60)}`)).join('; ')}`);
  return settledHash(page);
}

for (const [p, preset] of PRESETS.entries()) {
  test(`share links round-trip every control from the ${preset || 'default'} scenario`, async ({ page }) => {
    await gotoApp(page);
    if (preset) await page.selectOption('#preset', preset);
    await openDrawers(page);
    test.setTimeout(600_000);
    const failures = [];
    const done = new Set(NOT_SCENARIO);
    let steps = 0;
    // The link as the page last wrote it: each step starts from a settled address bar.
    let hash = await settledHash(page);
    // One fault, so the fault rows' controls are walked too.
    if (await page.locator('#fault-add').count()) {
      await page.click('#fault-add');
      steps++;
      hash = await roundTrip(page, hash, 'a fault added', failures, false);
    }
    for (let guard = 0; guard < 300; guard++) {
      const next = (await controls(page)).find(([id]) => !done.has(id));
      if (!next) break;
      const [id, kind, options] = next;
      done.add(id);
      // Every traffic shape from every preset; every deployment, price and estimate from the
      // default; otherwise one other value (the choice rotates across presets).
      if (kind === 'number' && preset && !/^edit-(aurora_acu_hour|sdk_max_attempts)$/.test(id)) continue;
      let choices = [done.size + p];
      if (kind === 'select') {
        const current = await page.locator(`#${id}`).inputValue();
        const others = options.filter((o) => o !== current && o !== 'series');
        if (!others.length) continue;
        choices = id === 'traffic-shape' || (id === 'aurora-deployment' && !preset) ? [...others, current] : [others[p % others.length]];
      }
      for (const option of choices) {
        const what = await change(page, next, option);
        if (!what) {
          test.info().annotations.push({ type: 'refused', description: `${id}: every change refused from this state` });
          continue;
        }
        steps++;
        hash = await roundTrip(page, hash, what, failures, id === 'traffic-shape' || steps === 1);
      }
    }
    test.info().annotations.push({ type: 'round trips', description: `${steps} controls changed and reloaded from ${preset || 'the default'}` });
    expect(steps).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });
}
