// The browser holds up against hostile input (issue 12, item 6): hundreds of generated share
// links and local-storage contents — garbage base64, valid base64 of hostile JSON, huge
// fragments, unknown presets, markup in every string field. For each, opened in a real page
// load: no panic (#fatal-error hidden), no console error and no request off the origin (the
// guards fixture, and per case here), nothing injected into the DOM, both steady charts drawn,
// no NaN, and a message when the input was refused. The generator is seeded: failures replay.
const { test, expect, ORIGIN, gotoApp, expectChartsDrawn, expectNoNaN, waitForRun } = require('./fixtures');

// The chunks are independent: spread them over the workers.
test.describe.configure({ mode: 'parallel' });

/** mulberry32: a small seeded generator, so every run feeds the same cases. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const b64url = (s) => Buffer.from(s).toString('base64url');

// Markup and script-looking text: must only ever appear as text.
const MARKUP = [
  '<img src=x onerror="window.__pwned=1">',
  '"><script>window.__pwned=1</script>',
  "'><svg onload=window.__pwned=1>",
  'javascript:window.__pwned=1',
  'JaVaScRiPt:window.__pwned=1//',
  '<a href="javascript:window.__pwned=1">click</a>',
  '<iframe src="http://evil.example/"></iframe>',
  '<img src="http://evil.example/x.png">',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '\u202e\u0000</textarea><style>*{display:none}</style>',
];
// Every string-valued field of a scenario (prices' units and sources are free text; the rest
// are enums or names that validation checks), and the names of objects that hold them.
const PRICE_IDS = ['ddb_on_demand_read_per_million', 'aurora_acu_hour', 'elasticache_node_hour'];
const STRING_FIELDS = [
  (m) => ({ workload: { query: m } }),
  (m) => ({ workload: { consistency: m } }),
  (m) => ({ traffic: { shape: m } }),
  (m) => ({ dynamodb: { mode: m } }),
  (m) => ({ dynamodb: { table_class: m } }),
  (m) => ({ aurora: { engine: m } }),
  (m) => ({ aurora: { instance_class: m } }),
  (m) => ({ prices: { [PRICE_IDS[0]]: { grade: m } } }),
  (m) => ({ [m]: 1 }),
  (m) => ({ workload: { [m]: 1 } }),
];
// Free-text fields a valid scenario may carry: accepted, shown as text.
const FREE_TEXT = [
  (m) => ({ prices: { [PRICE_IDS[1]]: { unit: m } } }),
  (m) => ({ prices: { [PRICE_IDS[2]]: { source: m } } }),
];

function cases() {
  const r = rng(20261130);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const out = [];
  const link = (name, fragment, expect = 'refused') => out.push({ name, fragment, expect });
  // 1. Garbage after v1. (not base64url at all), and garbage around it.
  const junk = 'ABCxyz019-_%+/=.&#?~ "\'<>{}[]\\é中😀\u0000';
  for (let i = 0; i < 40; i++) {
    const n = 1 + Math.floor(r() * 200);
    let s = '';
    for (let k = 0; k < n; k++) s += pick([...junk]);
    link(`garbage base64 #${i}`, `#s=v1.${encodeURIComponent(s)}`);
  }
  // 2. Valid base64url of bytes that are not UTF-8 JSON.
  for (let i = 0; i < 20; i++) {
    const bytes = Buffer.alloc(1 + Math.floor(r() * 300));
    for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(r() * 256);
    link(`random bytes #${i}`, `#s=v1.${bytes.toString('base64url')}`);
  }
  // 3. Valid base64url of hostile JSON: markup in every string field ...
  for (const field of STRING_FIELDS) for (const m of MARKUP) link(`markup in a checked field: ${JSON.stringify(field(m)).slice(0, 60)}`, `#s=v1.${b64url(JSON.stringify(field(m)))}`);
  // ... and in the free-text ones (valid: shown as text, a javascript: source never a link).
  for (const field of FREE_TEXT) for (const m of MARKUP) link(`markup in free text: ${JSON.stringify(field(m)).slice(0, 60)}`, `#s=v1.${b64url(JSON.stringify(field(m)))}`, 'accepted');
  // ... wrong types, extreme and non-finite numbers, deep nesting, prototype keys.
  const hostile = [
    { workload: { requests_per_s: '1000' } }, { workload: { requests_per_s: 1e308 } },
    { workload: { requests_per_s: -1e308 } }, { workload: { requests_per_s: 'NaN' } }, { workload: { requests_per_s: 'Infinity' } },
    { workload: { read_share: -0.0001 } }, { workload: { key_skew: 1e300 } }, { workload: { partition_keys: 1e300 } },
    // (A JSON array read as a struct, and unknown fields next to "shape": "steady" below, are
    // refused once the hardening branch's parsing lands; until then those cases fail here.)
    { workload: [] }, { workload: true }, { workload: 'x' }, [], [1, 2, 3], 'scenario', 42, null,
    { version: 2 }, { version: '1' }, { version: -1 },
    { simulation: { duration_s: 1e308 } }, { simulation: { duration_s: 1 } }, { simulation: { step_s: 0 } },
    { simulation: { step_s: -5 } }, { simulation: { seed: -1 } }, { simulation: { seed: 1e30 } },
    { p99_target_ms: 0 }, { p99_target_ms: 1e308 },
    { prices: { aurora_acu_hour: { value: -1 } } }, { prices: { aurora_acu_hour: { value: 1e309 } } },
    { prices: { aurora_acu_hour: 'free' } }, { prices: { not_a_price: { value: 1 } } },
    { estimates: { sdk_max_attempts: 1e9 } }, { estimates: { nope: 1 } },
    { traffic: { shape: 'spike', multiplier: 1e308, start_s: 0, duration_s: 60 } },
    { traffic: { shape: 'series', points: 'many' } }, { traffic: { shape: 'steady', extra: 1 } },
    { aurora: { readers: 1e9 } }, { aurora: { max_acu: -1 } }, { aurora: { min_acu: 1e308 } },
    { dynamodb: { replica_regions: 1e12 } }, { dynamodb: { dax_nodes: -3 } },
    JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: { polluted: true } } },
  ];
  // A link is a JSON merge patch (RFC 7396): null removes a key, so these take the default.
  for (const h of [{ workload: { requests_per_s: null } }, { version: null }]) link(`null removes a key: ${JSON.stringify(h)}`, `#s=v1.${b64url(JSON.stringify(h))}`, 'accepted');
  for (const h of hostile) link(`hostile JSON ${JSON.stringify(h).slice(0, 70)}`, `#s=v1.${b64url(JSON.stringify(h))}`);
  let deep = '1';
  for (let i = 0; i < 5000; i++) deep = `{"workload":${deep}}`;
  link('JSON nested 5,000 deep', `#s=v1.${b64url(deep)}`);
  link('JSON with a 100 k-character key', `#s=v1.${b64url(JSON.stringify({ ['k'.repeat(100_000)]: 1 }))}`);
  // 4. Huge fragments.
  link('a 1 MB fragment of garbage', `#s=v1.${'A'.repeat(1_000_000)}`);
  link('a 1.5 MB fragment of valid base64 JSON', `#s=v1.${b64url(JSON.stringify({ workload: { query: 'x'.repeat(1_100_000) } }))}`);
  link('a 1 MB preset id', `#p=${'p'.repeat(1_000_000)}`);
  // 5. Unknown presets, alone and with a scenario.
  for (const id of ['nope', '../../etc/passwd', '__proto__', 'constructor', 'flash-sale x', 'FLASH-SALE', '%3Cscript%3E', encodeURIComponent(MARKUP[0]), encodeURIComponent(MARKUP[2]), '\u202e', 'x'.repeat(10_000)]) {
    link(`unknown preset ${id.slice(0, 40)}`, `#p=${id}`);
    link(`unknown preset ${id.slice(0, 40)} with a scenario`, `#p=${id}&s=v1.e30`);
  }
  // 6. Fragments that are not ours: ignored (defaults, no message), and bad versions.
  for (const f of ['#', '#&&&', '#p=', '#s=', '#p=&s=', '#x=1', `#${MARKUP[0]}`]) link(`foreign fragment ${f.slice(0, 30)}`, f, 'ignored');
  for (const f of ['#s=v1.', '#s=v9.e30', '#s=e30', '#s=v1.e30.e30', '#s=v1%2Ee30', '#s=v1.e30&s=v1.%%']) link(`bad scenario string ${f}`, f, 'either');
  return out;
}

function storageCases() {
  const r = rng(12);
  const out = [];
  const stored = (name, text, expect = 'refused') => out.push({ name, store: text, expect });
  // What the page stores is a fragment, JSON-encoded by gloo: hostile ones both raw and encoded.
  for (const c of cases().filter((c) => c.fragment.length < 20_000 && c.expect !== 'ignored')) {
    if (r() < 0.35) {
      const text = c.fragment.replace(/^#/, '');
      stored(`stored (raw) ${c.name}`, text, c.expect);
      stored(`stored (JSON) ${c.name}`, JSON.stringify(text), c.expect);
    }
  }
  for (const t of ['', '""', 'null', '{}', '[]', '"\\u0000"', '{"p":"flash-sale"}', MARKUP[0], JSON.stringify(MARKUP[1]), 'x'.repeat(900_000)]) {
    stored(`stored odd value ${t.slice(0, 30)}`, t, 'either');
  }
  return out;
}

/**
 * Storage as the case says, written from a plain file of the same origin (the worker's loader
 * script, shown as text) so the app's own saving cannot interfere, and big contents need no
 * URL (the test server refuses request lines over 64 KB).
 */
async function setStorage(page, c) {
  await page.goto(`${ORIGIN}scalelab-worker_loader.js`);
  await page.evaluate((c) => {
    localStorage.clear();
    if (c.store !== undefined) localStorage.setItem('scalelab.scenario', c.store);
    if (c.display !== undefined) localStorage.setItem('scalelab.display', c.display);
    if (c.unsafe !== undefined) localStorage.setItem('scalelab.unsafe', c.unsafe);
  }, c);
}

/** Everything checked after one hostile load, in one round trip. */
async function inspect(page) {
  return page.evaluate(() => {
    const canvasInked = (id) => {
      const c = document.getElementById(id);
      if (!c) return 0;
      const px = new Uint32Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer);
      let diff = 0;
      for (let i = 0; i < px.length; i += 7) if (px[i] !== px[0]) diff++;
      return diff / (px.length / 7);
    };
    const notice = document.getElementById('input-notice');
    const onAttrs = [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name)));
    return {
      fatal: !document.getElementById('fatal-error').hidden,
      pwned: window.__pwned !== undefined || Object.prototype.polluted !== undefined,
      injected: document.querySelectorAll('img, iframe, object, embed, svg, video, audio, form, frame, base, meta[http-equiv=refresh]').length,
      scripts: document.querySelectorAll('script').length,
      onAttrs: onAttrs.map((el) => el.outerHTML.slice(0, 80)),
      badLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !/^https?:\/\//i.test(h)),
      cost: canvasInked('chart-cost'),
      latency: canvasInked('chart-latency'),
      notice: notice ? notice.textContent : null,
      // NaN computed and shown, not a user's "NaN" echoed in the message about it. Every
      // text node, not innerText: that leaves out the blocks below the fold the browser has
      // not laid out yet (content-visibility: auto), where most numbers are.
      nan: (() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const parts = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const tag = n.parentElement && n.parentElement.tagName;
          if (tag !== 'SCRIPT' && tag !== 'STYLE' && !(notice && notice.contains(n))) parts.push(n.data);
        }
        return parts.join(' ').includes('NaN');
      })(),
      textLength: document.body.innerText.length,
    };
  });
}

async function feed(page, guards, list) {
  // The plain file used to write storage has no icon: the browser asks for /favicon.ico.
  guards.allow(/favicon\.ico/);
  const failures = [];
  for (const [i, c] of list.entries()) {
    const before = guards.errors.length;
    await setStorage(page, c);
    await page.goto(`${ORIGIN}?case=${i}${c.fragment || ''}`);
    await page.locator('#app-ready').waitFor({ state: 'attached', timeout: 20_000 });
    // Both steady charts are drawn in the first render's effects.
    await expect.poll(async () => { const s = await inspect(page); return Math.min(s.cost, s.latency); }, { timeout: 10_000 }).toBeGreaterThan(0.01);
    const s = await inspect(page);
    const problems = [];
    if (s.fatal) problems.push('the internal-error banner is showing');
    if (s.pwned) problems.push('injected script ran');
    if (s.injected) problems.push(`${s.injected} injected elements`);
    if (s.scripts !== 1) problems.push(`${s.scripts} <script> elements`);
    if (s.onAttrs.length) problems.push(`event-handler attributes: ${s.onAttrs.join(' | ')}`);
    if (s.badLinks.length) problems.push(`non-http links: ${s.badLinks.join(' ')}`);
    if (s.nan) problems.push('NaN on the page');
    if (s.textLength > 200_000) problems.push(`${s.textLength} characters of text: a huge value was echoed`);
    if (c.expect === 'refused' && !s.notice) problems.push('no message for refused input');
    if (c.expect === 'ignored' && s.notice) problems.push(`a message for a fragment that is not a scenario: ${s.notice}`);
    if (guards.errors.length > before) problems.push(guards.errors.slice(before).map((e) => e.slice(0, 300)).join(' | '));
    if (problems.length) failures.push(`${c.name.slice(0, 100)}: ${problems.join('; ').slice(0, 600)}`);
  }
  return failures;
}

const LINKS = cases();
const STORED = storageCases();
const CHUNK = 60;

test.describe('Hostile input', () => {
  test(`the generator feeds hundreds of cases (${LINKS.length} links, ${STORED.length} storage contents)`, () => {
    expect(LINKS.length + STORED.length).toBeGreaterThanOrEqual(300);
  });

  for (let from = 0; from < LINKS.length; from += CHUNK) {
    const chunk = LINKS.slice(from, from + CHUNK);
    test(`links ${from + 1}-${from + chunk.length} of ${LINKS.length}: refused in words, nothing injected, charts drawn`, async ({ page, guards }) => {
      test.setTimeout(240_000);
      expect(await feed(page, guards, chunk)).toEqual([]);
    });
  }

  for (let from = 0; from < STORED.length; from += CHUNK) {
    const chunk = STORED.slice(from, from + CHUNK);
    test(`local storage ${from + 1}-${from + chunk.length} of ${STORED.length}: not restored, said so, nothing injected`, async ({ page, guards }) => {
      test.setTimeout(240_000);
      expect(await feed(page, guards, chunk)).toEqual([]);
    });
  }

  test('hostile display preferences and crash marks in storage are harmless', async ({ page, guards }) => {
    const odd = ['', 'null', '{"dark":"yes"}', '{"dark":true,"presenter":1e999}', MARKUP[0], '*', 'x'.repeat(100_000)];
    const list = odd.flatMap((v) => [
      { name: `display ${v.slice(0, 30)}`, fragment: '', display: v, expect: 'either' },
      { name: `unsafe mark ${v.slice(0, 30)}`, fragment: '#p=flash-sale', unsafe: v, expect: 'either' },
    ]);
    expect(await feed(page, guards, list)).toEqual([]);
  });

  test('a soak of 2,000 slider inputs: no console error, the page still answers', async ({ page }) => {
    test.setTimeout(240_000);
    await gotoApp(page);
    for (const id of ['traffic', 'skew', 'read-share']) {
      await page.locator(`#${id}`).focus();
      for (let i = 0; i < 2000 / 3; i++) await page.keyboard.press(i % 60 < 30 ? 'ArrowRight' : 'ArrowLeft');
    }
    await waitForRun(page);
    await expect(page.locator('#fatal-error')).toBeHidden();
    await expectChartsDrawn(page);
    await expectNoNaN(page);
    // (The guards fixture fails the test on any console error or request off the origin.)
  });
});
