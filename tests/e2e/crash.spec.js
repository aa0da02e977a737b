// A crash is survivable (issue 12, item 7). The "internal error" banner really shows (yew's
// own panic hook, triggered on purpose by ?selftest=panic), and a state that crashed or never
// finished loading is not restored on the next visit: the page starts from the defaults and
// says so. The Content-Security-Policy blocks an injected inline script and a blob: worker.
const { test, expect, gotoApp, expectChartsDrawn, waitForRun, inputId, ORIGIN, settledHash } = require('./fixtures');

const PANIC = /self-test: a deliberate panic|RuntimeError: unreachable|unreachable executed/;

test.describe('Crashes', () => {
  test('a panic shows the internal-error banner, and the state it showed is not restored next time', async ({ page, guards }) => {
    guards.allow(PANIC);
    await page.goto('/?selftest=panic#p=flash-sale');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await waitForRun(page);
    await expect(page.locator('#fatal-error')).toBeHidden();
    // Loaded and saved: the flash sale is the stored session now.
    await page.waitForFunction(() => (localStorage.getItem('scalelab.scenario') || '').includes('flash-sale'));
    // The first slider input panics (self-test); the hook shows the banner.
    await page.locator('#skew').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#fatal-error')).toBeVisible();
    await expect(page.locator('#fatal-error')).toContainText('internal error');
    await expect(page.locator('#fatal-error')).toContainText('self-test: a deliberate panic');

    // Open it again (no self-test): the state that crashed is not restored, and the page says so.
    await page.goto('/#p=flash-sale');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('#fatal-error')).toBeHidden();
    await expect(page.locator('#preset')).toHaveValue('');
    await expect(page.locator('#input-notice')).toContainText('stopped with an internal error');
    await expectChartsDrawn(page);
    await waitForRun(page);
    // The mark is consumed: the next visit is an ordinary one.
    await page.goto('/');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('#preset')).toHaveValue('');
    await expect(page.locator('#input-notice')).toHaveCount(0);
  });

  test('a stored state whose load never finished is not restored: defaults, and a message', async ({ page }) => {
    // As the page leaves it when it dies while applying a state: the state is marked unsafe
    // before it is applied, and the mark is removed only once it has rendered.
    await page.goto('/?clean=1');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    // Once this page has saved its own state (it would save it again when left otherwise) ...
    await page.waitForFunction(() => localStorage.getItem('scalelab.scenario') !== null);
    await page.evaluate(() => {
      localStorage.setItem('scalelab.scenario', JSON.stringify('p=iot-ingestion&s=v1.e30'));
      localStorage.setItem('scalelab.unsafe', JSON.stringify('p=iot-ingestion&s=v1.e30'));
    });
    await page.goto('/?again=1');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('#preset')).toHaveValue('');
    await expect(page.locator('#input-notice')).toContainText('stopped with an internal error');
    await expect(page.locator('#input-notice')).toContainText('starts from the defaults');
    await expectChartsDrawn(page);
    // The mark is consumed: the next visit is an ordinary one.
    await page.goto('/?third=1');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('#input-notice')).toHaveCount(0);
    // A state the page rendered is restored as usual.
    await page.selectOption('#preset', 'order-inventory');
    await page.waitForFunction(() => (localStorage.getItem('scalelab.scenario') || '').includes('order-inventory'));
    await page.goto('/?fourth=1');
    await expect(page.locator('#app-ready')).toBeAttached({ timeout: 20_000 });
    await expect(page.locator('#preset')).toHaveValue('order-inventory');
  });

  test('a link opened on the page is applied, and a bad one is refused keeping the current state', async ({ page }) => {
    await gotoApp(page);
    await page.selectOption('#preset', 'flash-sale');
    const skew = await page.locator('#skew-value').textContent();
    // The page writes its own link once input pauses (replaceState, 250 ms on): were that
    // to land after the pasted link below but before the browser's hashchange, the handler
    // would read the page's own link (it did, once, in a full run).
    await settledHash(page);
    // The user pastes a damaged link into the address bar of the open page.
    await page.evaluate(() => { location.hash = '#s=v1.eyJ3b3JrbG9hZCI6eyJyZWFkX3NoYXJlIjo3fX0'; });
    await expect(page.locator('#input-notice')).toContainText('read_share = 7');
    await expect(page.locator('#input-notice')).toContainText('keeping the current scenario');
    await expect(page.locator('#preset')).toHaveValue('flash-sale');
    await expect(page.locator('#skew-value')).toHaveText(skew);
    // Then a good one.
    const sale = await inputId(page);
    await page.evaluate(() => { location.hash = '#p=iot-ingestion'; });
    await expect(page.locator('#preset')).toHaveValue('iot-ingestion');
    await expect(page.locator('#input-notice')).toContainText('Opened the scenario in the link');
    await waitForRun(page, { after: sale });
  });
});

test.describe('Content-Security-Policy', () => {
  test('an injected inline script and a blob: worker are blocked; nothing leaves the origin', async ({ page, guards }) => {
    guards.allow(/Content Security Policy/);
    await gotoApp(page);
    const outcome = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
      let workerBlocked = false;
      try {
        const url = URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' }));
        const w = new Worker(url);
        workerBlocked = await new Promise((resolve) => {
          w.onmessage = () => resolve(false);
          w.onerror = () => resolve(true);
          setTimeout(() => resolve(true), 2000);
        });
      } catch (e) {
        workerBlocked = true;
      }
      await new Promise((r) => setTimeout(r, 100));
      return { injected: window.__injected === true, workerBlocked, violations };
    });
    expect(outcome.injected, 'the inline script must not run').toBe(false);
    expect(outcome.workerBlocked, 'a blob: worker must not start').toBe(true);
    expect(outcome.violations).toContain('script-src-elem');
    expect(outcome.violations).toContain('worker-src');
    // The page still works.
    await expectChartsDrawn(page);
    await waitForRun(page);
    // (The guards fixture checks that no request left 127.0.0.1.)
    expect(page.url().startsWith(ORIGIN)).toBe(true);
  });
});
