// Playwright config for the Scale Lab end-to-end tests (plain CommonJS, no build step).
// Run from this directory:  npx playwright test      (scripts/test.sh does, after `trunk build`)
// It serves ../../dist (Trunk's output) itself and uses Debian's Chromium; it never downloads browsers.
const fs = require('fs');
const path = require('path');
const { defineConfig } = require('@playwright/test');

// SCALELAB_E2E_PORT lets two checkouts run their e2e tests at once on one machine.
const PORT = Number(process.env.SCALELAB_E2E_PORT || 8081);
const ORIGIN = `http://127.0.0.1:${PORT}/`;
const DIST_INDEX = path.join(__dirname, '..', '..', 'dist', 'index.html');

// Fail fast with a readable message instead of a 60 s webServer timeout when dist/ is missing.
const haveDist = fs.existsSync(DIST_INDEX);
const serveCommand = haveDist
  ? `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ../../dist`
  : `echo "dist/index.html not found: run 'trunk build --release' at the repo root first" >&2; exit 1`;

module.exports = defineConfig({
  testDir: __dirname,
  testMatch: /.*\.spec\.js$/,
  outputDir: path.join(__dirname, 'test-results'),
  fullyParallel: false,
  // Two: most of the time goes to waiting on the page (links settling, runs arriving), so two
  // browsers on two cores nearly halve the wall time; tests assert order, never timing.
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], [path.join(__dirname, 'summary-reporter.js')]],
  use: {
    baseURL: ORIGIN,
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: serveCommand,
    cwd: __dirname,
    url: ORIGIN,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: haveDist ? 'ignore' : 'pipe', // http.server logs every request on stderr
  },
});
