// lmz serve's page in Debian's Chromium, driven by playwright-core: the map
// (heat map of a 20 KB text drawn in under a second, keyboard and hover),
// the lossy slider and its curve, a check, a compression round trip, the
// layout at 1280 and 390 px, and WCAG AA contrast of every text shown.
// Screenshots go to $LMZ_SCREENSHOTS.
//
//   LMZ_BINARY=build/lmz LMZ_SHARED_DIR=../shared LMZ_SCREENSHOTS=build/screenshots node tests/browser/page_test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const binary = process.env.LMZ_BINARY || 'build/lmz';
const shared = process.env.LMZ_SHARED_DIR || '../shared';
const shots = process.env.LMZ_SCREENSHOTS || 'build/screenshots';
const chromium = process.env.LMZ_CHROMIUM || '/usr/bin/chromium';
const haveShared = existsSync(path.join(shared, 'models', 'stories260K.gguf'));
const skip = haveShared ? false : `../shared is absent (${shared}): the page test needs its model and corpus`;

let playwright;
try {
  playwright = await import('playwright-core');
} catch (e) {
  throw new Error('playwright-core is not installed: run scripts/install-deps (it runs npm ci in tests/browser)');
}

let server;
let base;
let browser;

function startServer() {
  return new Promise((resolve, reject) => {
    const args = ['serve', '--port', '0', '-q', '-m', path.join(shared, 'models', 'stories260K.gguf')];
    server = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    server.stderr.on('data', (chunk) => {
      said += chunk.toString();
      const m = said.match(/listening on (http:\/\/[^\s]+)/);
      if (m) resolve(m[1].replace(/\/$/, ''));
    });
    server.on('exit', (code) => reject(new Error(`lmz serve exited (${code}): ${said}`)));
  });
}

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  base = await startServer();
  browser = await playwright.chromium.launch({
    executablePath: chromium,
    headless: true,
    // A closed network: no background connections, no updates, no sync.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
});

async function open(width, height) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(base + '/');
  await page.waitForFunction(() => document.querySelectorAll('#model option').length >= 2);
  return { page, errors, context };
}

// Every element with its own text in `root` (visible): the contrast of its
// colour against the background it is drawn on, WCAG's formula.
async function lowContrast(page, selector) {
  return page.evaluate((sel) => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (node) => {
      for (let n = node; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c && c.a > 0.5) return c;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const bad = [];
    let checked = 0;
    for (const root of document.querySelectorAll(sel)) {
      for (const node of [root, ...root.querySelectorAll('*')]) {
        const own = Array.from(node.childNodes).some((c) => c.nodeType === 3 && c.textContent.trim());
        if (!own || !node.getClientRects().length) continue;
        const style = getComputedStyle(node);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        const fg = parse(style.color);
        const bg = background(node);
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        ++checked;
        // Disabled controls are exempt (WCAG 1.4.3); 4.5:1 for everything else.
        if (ratio < 4.5 && !node.closest(':disabled')) bad.push(`${node.tagName}.${node.className} "${node.textContent.slice(0, 20)}" ${ratio.toFixed(2)}`);
      }
    }
    return { bad: bad.slice(0, 10), checked };
  }, selector);
}

// What the download link gives, as a user clicking it gets it.
async function download(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#compress-download')]);
  const stream = await file.createReadStream();
  const parts = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

function corpus(name, bytes) {
  return readFileSync(path.join(shared, 'corpus', name), 'latin1').slice(0, bytes);
}

test('the map of a 20 KB text: drawn in under a second, keyboard and hover, AA contrast', { skip }, async () => {
  const { page, errors, context } = await open(1280, 900);
  assert.equal(await page.title(), 'lmz: where the bits go');
  const text = corpus('alice29.txt', 20000);
  await page.fill('#map-text', text);
  await page.click('#map-run');
  await page.waitForSelector('#map-out:not([hidden])', { timeout: 60000 });
  const timings = await page.evaluate(() => window.lmzTimings);
  console.log(`map of ${text.length} bytes: ${timings.mapSpans} spans drawn in ${timings.mapRenderMs.toFixed(1)} ms`);
  assert.ok(timings.mapRenderMs < 1000, `the heat map took ${timings.mapRenderMs} ms`);
  assert.ok(timings.mapSpans > 3000);
  assert.equal(await page.locator('#heatmap').innerText(), text.replace(/\r/g, ''));
  assert.ok((await page.locator('#map-classes tbody tr').count()) >= 3);
  assert.ok((await page.locator('#map-expensive li').count()) >= 5);

  // Keyboard: focus the map, move two spans right.
  await page.focus('#heatmap');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#heatmap', 'aria-activedescendant'), 'h-2');
  assert.equal(await page.getAttribute('#h-2', 'aria-selected'), 'true');
  assert.equal(await page.getAttribute('#h-1', 'aria-selected'), 'false');
  assert.match(await page.locator('#map-detail').innerText(), /bits per byte/);
  // Hover.
  await page.hover('#h-40');
  assert.equal(await page.getAttribute('#heatmap', 'aria-activedescendant'), 'h-40');
  await page.screenshot({ path: path.join(shots, 'map-1280.png'), fullPage: false });

  const contrast = await lowContrast(page, 'body');
  assert.deepEqual(contrast.bad, [], `text below 4.5:1 (${contrast.checked} checked)`);

  // A text too large for the page is refused with the command to use.
  await page.fill('#map-text', 'x'.repeat(400000));
  await page.click('#map-run');
  assert.match(await page.locator('#map-status').innerText(), /up to 300 KB.*lmz map/);

  // A GGUF model: its tokens, with the model's first choices.
  await page.selectOption('#model', 'stories260K.gguf');
  await page.fill('#map-text', 'Once upon a time, there was a little girl named Lily. She loved to play outside.');
  await page.click('#map-run');
  await page.waitForFunction(() => document.querySelector('#map-summary').textContent.startsWith('stories260K'));
  await page.focus('#heatmap');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.locator('#map-detail').innerText(), /The model expected/);
  assert.match(await page.locator('#map-detail').innerText(), /rank/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the lossy slider: reconstruction, altered spans and the curve follow the quality', { skip }, async () => {
  const { page, errors, context } = await open(1280, 900);
  await page.click('#tab-map');
  await page.keyboard.press('ArrowRight'); // the tabs move with the arrow keys
  assert.equal(await page.getAttribute('#tab-lossy', 'aria-selected'), 'true');
  assert.equal(await page.isVisible('#panel-lossy'), true);
  const text = readFileSync(path.join(shared, 'models', 'reference', 'tinystory.txt'), 'utf8').slice(0, 1500);
  await page.fill('#lossy-text', text);
  const setQuality = async (q) => {
    await page.locator('#lossy-quality').fill(String(q));
    await page.waitForFunction((quality) => (document.querySelector('#lossy-summary').textContent || '').startsWith(`Quality ${quality}:`),
      q, { timeout: 60000 });
  };
  await setQuality(20);
  const low = await page.locator('#lossy-original del.altered').count();
  assert.ok(low > 0, 'no altered span at quality 20');
  assert.equal(await page.locator('#lossy-curve svg polyline').count(), 3);
  assert.equal(await page.locator('#lossy-curve svg circle.current').count(), 1);
  const ring20 = await page.getAttribute('#lossy-curve svg circle.current', 'cx');
  await page.screenshot({ path: path.join(shots, 'lossy-q20.png') });
  await setQuality(90);
  const high = await page.locator('#lossy-original del.altered').count();
  assert.ok(high < low, `altered spans at 90 (${high}) not fewer than at 20 (${low})`);
  assert.notEqual(await page.getAttribute('#lossy-curve svg circle.current', 'cx'), ring20);
  await setQuality(100);
  assert.equal(await page.locator('#lossy-original del.altered').count(), 0);
  assert.equal(await page.locator('#lossy-reconstruction').innerText(), await page.locator('#lossy-original').innerText());
  const contrast = await lowContrast(page, '#panel-lossy');
  assert.deepEqual(contrast.bad, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a check: the changed figure and the added claim marked, the passage beside them', { skip }, async () => {
  const { page, errors, context } = await open(1280, 900);
  await page.click('#tab-check');
  await page.fill('#check-answer', 'The museum reopened in May 2021 after a renovation that cost 14 million euros. ' +
    'It was paid by the region, a decision later blamed on upstream lobbyists.');
  await page.fill('#check-sources', 'The city museum closed in 2017 for a renovation.\n---\n' +
    'It reopened in May 2019. The renovation cost 12 million euros, paid by the region.');
  await page.click('#check-run');
  await page.waitForSelector('#check-out:not([hidden])', { timeout: 60000 });
  const contradicted = page.locator('#check-answer-view .v-contradicted');
  assert.ok((await contradicted.count()) >= 2, await page.locator('#check-summary').innerText());
  await contradicted.first().focus();
  const detail = await page.locator('#check-detail').innerText();
  assert.match(detail, /contradicted/);
  assert.match(detail, /The nearest passage/);
  assert.ok((await page.locator('#check-detail blockquote').count()) === 1);
  const claim = page.locator('#check-answer-view .v-claim');
  assert.equal(await claim.count(), 1, await page.locator('#check-summary').innerText());
  assert.match(await claim.innerText(), /later blamed on upstream lobbyists/);
  await claim.focus();
  assert.match(await page.locator('#check-detail').innerText(), /unsupported claim/);
  await page.screenshot({ path: path.join(shots, 'check-1280.png') });
  const contrast = await lowContrast(page, '#panel-check');
  assert.deepEqual(contrast.bad, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('compress and decompress a file: the ratio against gzip and xz, the bytes back', { skip }, async () => {
  const { page, errors, context } = await open(1280, 900);
  await page.click('#tab-compress');
  const original = Buffer.from(corpus('alice29.txt', 30000), 'latin1');
  await page.setInputFiles('#compress-file', { name: 'alice.txt', mimeType: 'text/plain', buffer: original });
  await page.click('#compress-run');
  await page.waitForSelector('#compress-out:not([hidden])', { timeout: 60000 });
  const rows = await page.locator('#compress-table tbody tr').allInnerTexts();
  assert.equal(rows.length, 4, rows.join('\n'));
  assert.match(rows[2], /gzip -9/);
  assert.match(rows[3], /xz -9e/);
  const size = (row) => Number(row.split('\t')[1].replace(/,/g, ''));
  assert.ok(size(rows[1]) < size(rows[3]), 'lmz is not smaller than xz on English text');
  const archive = await download(page);
  const cli = spawnSync(binary, ['-c'], { input: original, maxBuffer: 1 << 26 });
  assert.equal(cli.status, 0);
  assert.ok(archive.equals(cli.stdout), 'the page\'s archive is not the command\'s bytes');
  await page.screenshot({ path: path.join(shots, 'compress-1280.png') });

  await page.setInputFiles('#compress-file', { name: 'alice.txt.lmz', mimeType: 'application/octet-stream', buffer: archive });
  await page.click('#decompress-run');
  await page.waitForFunction(() => document.querySelector('#compress-download').download === 'alice.txt');
  const back = await download(page);
  assert.ok(back.equals(original), 'the decompressed bytes differ');
  assert.deepEqual(errors, []);
  await context.close();
});

test('390 px wide: nothing wider than the screen, every view usable', { skip }, async () => {
  const { page, errors, context } = await open(390, 844);
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  assert.ok(await fits(), 'the empty page is wider than 390 px');
  await page.fill('#map-text', corpus('alice29.txt', 3000));
  await page.click('#map-run');
  await page.waitForSelector('#map-out:not([hidden])', { timeout: 60000 });
  assert.ok(await fits(), 'the map is wider than 390 px');
  await page.screenshot({ path: path.join(shots, 'map-390.png'), fullPage: true });
  for (const tab of ['#tab-lossy', '#tab-check', '#tab-compress']) {
    await page.click(tab);
    assert.ok(await fits(), `${tab} is wider than 390 px`);
  }
  await page.click('#tab-lossy');
  await page.fill('#lossy-text', corpus('alice29.txt', 800));
  await page.click('#lossy-run');
  await page.waitForSelector('#lossy-out:not([hidden])', { timeout: 60000 });
  assert.ok(await fits(), 'the lossy view is wider than 390 px');
  await page.screenshot({ path: path.join(shots, 'lossy-390.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
