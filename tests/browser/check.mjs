// Browser verification of a built dossier site. Usage: node check.mjs <site-dir> <screenshot-dir> [flows.json]
//
// flows.json holds what the flows search for in this dossier's words (see tests/browser/flows/): every flow
// that needs a phrase the file does not give is skipped, and says so. Without the file, the flows use the
// first dossier's (tests/browser/flows/content.json).
//
// 1. Nu Html Checker (vnu.jar) on every HTML page: zero errors and zero warnings.
// 2. Every page in headless Chromium, served from a sub-folder (/sub/dossier/) by a local static server, in
//    light and dark colour schemes: zero console errors, zero page errors, zero failed or outside requests,
//    zero axe-core violations (WCAG 2.0/2.1/2.2 A and AA, at 1280 and 390 px), page weight (HTML+CSS+JS, search index aside) <= 100 KB.
// 3. User flows: click a highlight -> the entry; follow an entry's evidence -> the passage; search (typed, from
//    the header form, diacritics, hyphen and transliteration variants); hover and keyboard previews; the site
//    from file://; the site with JavaScript off; keyboard (skip link, focus rings); print.
// 4. Screenshots at 390 px and 1280 px, light and dark, of every kind of page, an open preview and a printed section.
// Every problem is printed; the exit code is the number of problems (capped at 100).

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, statSync, existsSync, rmSync } from 'node:fs';
import { join, relative, extname, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { navmatrixChecks, navmatrixShots } from './checks/navmatrix.mjs';
import { searchQualityFlows } from './checks/search.mjs';
import { searchShardFlows, searchIndexSizes } from './checks/search-shards.mjs';
import { checkNotes } from './checks/notes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const site = resolve(process.argv[2] || join(here, '../../dist'));
const shots = resolve(process.argv[3] || join(here, '../../target/screenshots'));
const flowsFile = resolve(process.argv[4] || join(here, 'flows/content.json'));
const data = JSON.parse(readFileSync(flowsFile, 'utf8'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const MOUNT = '/sub/dossier/';
const MAX_PAGE_BYTES = 100 * 1024;

const problems = [];
const problem = (where, what) => { problems.push(`${where}: ${what}`); console.log(`  FAIL ${where}: ${what}`); };
const ok = (what) => console.log(`  ok   ${what}`);
const skip = (what, why) => console.log(`  skip ${what}: ${why}`);
const t0 = Date.now();

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const files = walk(site);
const pages = files.filter((f) => f.endsWith('.html')).map((f) => relative(site, f).split('\\').join('/')).sort();
if (!pages.includes('index.html')) {
  console.error(`no index.html in ${site}: build the site first`);
  process.exit(2);
}
console.log(`Checking ${pages.length} pages in ${site}, flows from ${relative(process.cwd(), flowsFile)}`);
const hasPage = (p) => pages.includes(p);

// ---------- 1. Nu Html Checker ----------
console.log('\n[vnu] Nu Html Checker');
{
  const jar = join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
  const run = spawnSync('java', ['-jar', jar, '--format', 'json', '--skip-non-html', site], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) problem('vnu', `cannot run java: ${run.error.message}`);
  let messages = [];
  try {
    messages = JSON.parse(run.stderr || run.stdout || '{"messages":[]}').messages;
  } catch (e) {
    problem('vnu', `unreadable output: ${(run.stderr || '').slice(0, 500)}`);
  }
  const findings = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error' || (m.type === 'info' && m.subType === 'warning'));
  for (const m of findings) {
    problem(`vnu ${relative(site, fileURLToPath(m.url || 'file:///unknown'))}:${m.lastLine || '?'}`, `${m.subType || m.type}: ${m.message} «${(m.extract || '').trim()}»`);
  }
  const errors = findings.filter((m) => m.type !== 'info').length;
  console.log(`  vnu: ${pages.length} pages, ${errors} errors, ${findings.length - errors} warnings`);
}

// ---------- A static server for the site under a sub-folder ----------
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json',
  '.jsonld': 'application/ld+json', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let path = decodeURIComponent(url.pathname);
  if (!path.startsWith(MOUNT)) { res.writeHead(404); res.end('outside the mount'); return; }
  path = path.slice(MOUNT.length);
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const file = resolve(site, path);
  if (!file.startsWith(site) || !existsSync(file) || statSync(file).isDirectory()) {
    res.writeHead(404, { 'content-type': TYPES['.html'] });
    res.end(readFileSync(join(site, '404.html')));
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const base = origin + MOUNT;

// playwright-core downloads nothing: it drives the system Chromium, with a fresh temporary profile of its own.
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const axeSource = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** A page that records console errors, page errors and failed or outside requests as problems. */
async function open(context, label) {
  const page = await context.newPage();
  page.on('console', (m) => {
    // The one expected failure: the 404 flow asks for a missing page on purpose.
    if (m.type() === 'error' && !(m.location().url || '').includes('/no-such-page')) problem(label(), `console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problem(label(), `page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A request cut short by the page navigating away (a click during a preview's load) is not a failure.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problem(label(), `request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('about:')) problem(label(), `outside request: ${u}`);
  });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/no-such-page')) problem(label(), `HTTP ${r.status()} for ${r.url()}`); });
  return page;
}

// ---------- 2. Every page: console, requests, axe, weight ----------
// WCAG 2.2 AA (target size among others), in both schemes, at a desktop and a phone width.
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let axeViolations = 0, axeRuns = 0;
const weights = [];
for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 390], ['dark', 390]]) {
  console.log(`\n[pages] ${pages.length} pages, ${scheme} scheme, ${width} px: console, requests, axe-core (${axeTags.join(', ')})`);
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: width < 500 ? 844 : 900 } });
  let current = '';
  const page = await open(context, () => `${current} (${scheme}, ${width} px)`);
  const sizes = new Map();
  page.on('response', async (r) => {
    try { sizes.set(r.url(), (await r.body()).length); } catch { /* redirects have no body */ }
  });
  for (const p of pages) {
    current = p;
    sizes.clear();
    const response = await page.goto(base + p, { waitUntil: 'load' });
    if (!response || response.status() !== 200) problem(p, `HTTP ${response && response.status()}`);
    await page.waitForTimeout(50);
    if (scheme === 'light' && width === 1280) {
      let bytes = 0;
      // The search index's data (documents, words) aside; the search page's code counts.
      for (const [u, n] of sizes) if (!/search-index\.js$|\/search\/[tdh]\d+\.js$/.test(u)) bytes += n;
      weights.push([p, bytes]);
      if (bytes > MAX_PAGE_BYTES) problem(p, `page weight ${bytes} bytes > ${MAX_PAGE_BYTES}`);
    }
    await page.evaluate(axeSource);
    const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), axeTags);
    axeRuns++;
    for (const v of result.violations) {
      axeViolations += v.nodes.length;
      for (const n of v.nodes.slice(0, 5)) problem(`${p} (${scheme}, ${width} px)`, `axe ${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')} ${n.failureSummary ? '— ' + n.failureSummary.replace(/\s+/g, ' ') : ''}`);
    }
  }
  await context.close();
}
console.log(`  axe: ${axeRuns} page runs, ${axeViolations} violations`);
weights.sort((a, b) => b[1] - a[1]);
console.log(`  heaviest pages (HTML+CSS+JS, search index aside): ${weights.slice(0, 4).map(([p, n]) => `${p} ${(n / 1024).toFixed(1)} KB`).join(', ')}`);
console.log(`  search index: ${searchIndexSizes(site)}`);

// ---------- 3. Flows ----------
console.log('\n[flows]');
async function flow(name, fn, contextOptions = {}, needs = []) {
  const missing = needs.filter((k) => k.endsWith('.html') ? !hasPage(k) : data[k] === undefined);
  if (missing.length) { skip(name, `nothing to try in this dossier (${missing.join(', ')} not given)`); return; }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const page = await open(context, () => `flow "${name}"`);
  try {
    await fn(page);
    ok(name);
  } catch (e) {
    problem(`flow "${name}"`, e.message.split('\n')[0]);
  }
  await context.close();
}
function expect(cond, message) { if (!cond) throw new Error(message); }
/** True if the element with this id is (at least partly) in the viewport. */
async function inView(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }, id);
}
// The source page with the most markup: the densest highlights and notes.
const sourcePage = pages.filter((p) => /^sources\/(?!index)[^/]+\.html$/.test(p))
  .sort((a, b) => statSync(join(site, b)).size - statSync(join(site, a)).size)[0];
const sectionPage = pages.find((p) => p.startsWith('sections/'));

await flow('click a highlight on a source page, land on the entry that quotes it', async (page) => {
  await page.goto(base + sourcePage);
  const link = page.locator('mark.q a').first();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL(/sections\/.+\.html#.+|timeline\.html#.+/), link.click()]);
  const id = new URL(page.url()).hash.slice(1);
  expect(page.url().endsWith(href.replace(/^(\.\.\/)+/, '')), `landed on ${page.url()}, expected ${href}`);
  expect(await inView(page, id), `entry #${id} is not in view`);
  expect(await page.evaluate((id) => document.getElementById(id).matches(':target'), id), `#${id} is not the :target`);
});

await flow("follow an entry's evidence to the passage in its source", async (page) => {
  await page.goto(base + sectionPage);
  const link = page.locator('.ev-meta a.outlet').first();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL(/sources\/.+\.html#q-/), link.click()]);
  const id = new URL(page.url()).hash.slice(1);
  expect(href.endsWith('#' + id), `landed on #${id}, expected ${href}`);
  expect(await inView(page, id), `passage #${id} is not in view`);
  const tag = await page.evaluate((id) => document.getElementById(id).closest('mark') ? 'mark' : document.getElementById(id).tagName, id);
  expect(tag === 'mark', `#${id} is a ${tag}, not a highlighted passage`);
});

/** Runs a query on the search page and returns the result links. */
async function searchFor(page, query) {
  await page.fill('#q', query);
  await page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(q), query);
  return page.locator('#search-results a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
}
await flow('search: typed queries, diacritics, hyphens, transliterations; results link to passages', async (page) => {
  const q = data.search;
  await page.goto(base + 'search.html');
  let hits = await searchFor(page, q.phrase);
  expect(hits.length > 0, `no results for "${q.phrase}"`);
  expect(hits.some((h) => /sources\/.+\.html#q-/.test(h)), `no passage among the results for "${q.phrase}"`);
  const plain = await searchFor(page, q.spellings[0]);
  expect(plain.length > 0, `no results for "${q.spellings[0]}"`);
  for (const v of q.spellings.slice(1)) {
    hits = await searchFor(page, v);
    expect(hits.length === plain.length, `"${v}" gives ${hits.length} results, "${q.spellings[0]}" ${plain.length}`);
  }
  for (const v of q.found || []) {
    hits = await searchFor(page, v);
    expect(hits.length > 0, `no results for "${v}"`);
  }
  if (q.entity) {
    hits = await searchFor(page, q.entity.query);
    expect(hits.some((h) => h.endsWith(q.entity.href)), `"${q.entity.query}" does not find ${q.entity.href}`);
    const sources = new Set(hits.filter((h) => h.includes('#q-')).map((h) => h.replace(/#.*/, '')));
    expect(sources.size >= q.entity.sources, `"${q.entity.query}" finds passages in ${sources.size} sources, ${q.entity.sources} expected`);
  }
  hits = await searchFor(page, 'qqqzzzx');
  expect(hits.length === 0, 'results for nonsense');
  hits = await searchFor(page, q.follow);
  const first = page.locator('#search-results a').first();
  const target = await first.getAttribute('href');
  await Promise.all([page.waitForURL((u) => u.href === target), first.click()]);
  const id = new URL(page.url()).hash.slice(1);
  if (id) expect(await inView(page, id), `search result target #${id} is not in view`);
}, {}, ['search']);

await flow('search from the header form of any page', async (page) => {
  await page.goto(base + (hasPage('timeline.html') ? 'timeline.html' : sectionPage));
  await page.fill('#site-q', data.header);
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/search.html') && u.searchParams.get('q') === data.header), page.press('#site-q', 'Enter')]);
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0);
}, {}, ['header']);

await flow('previews on hover and keyboard focus, dismissed with Escape', async (page) => {
  await page.goto(base + sourcePage);
  const link = page.locator('mark.q a').first();
  await link.hover();
  const tip = page.locator('#dossier-preview');
  await tip.waitFor({ state: 'visible', timeout: 10000 });
  const title = (await tip.textContent()) || '';
  expect(title.length > 10, 'empty preview');
  expect(await link.getAttribute('aria-describedby') === 'dossier-preview', 'link not described by the preview');
  await page.mouse.move(0, 0);
  await tip.waitFor({ state: 'hidden', timeout: 3000 });
  await page.goto(base + sectionPage);
  // Keyboard only: tab until an evidence link has focus.
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.matches('.ev-meta a.outlet, .body a[href*="#"]'))) break;
  }
  expect(await page.evaluate(() => document.activeElement?.matches('.ev-meta a.outlet, .body a[href*="#"]')), 'could not tab to a cross-link');
  await tip.waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.press('Escape');
  await tip.waitFor({ state: 'hidden', timeout: 3000 });
});

const fileBase = pathToFileURL(site).href + '/';
await flow('the site from file://: navigation, highlight, search', async (page) => {
  await page.goto(fileBase + 'index.html');
  const css = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(css !== 'rgba(0, 0, 0, 0)', 'stylesheet not applied from file://');
  await page.goto(fileBase + sourcePage);
  const link = page.locator('mark.q a').first();
  await Promise.all([page.waitForURL(/sections\/.+\.html#.+|timeline\.html#.+/), link.click()]);
  await page.goto(fileBase + 'search.html?q=' + encodeURIComponent(data.header));
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0, null, { timeout: 5000 });
  await page.goto(fileBase + sectionPage);
  await page.locator('.ev-meta a.outlet').first().hover();
  await page.locator('#dossier-preview').waitFor({ state: 'visible', timeout: 10000 });
}, {}, ['header']);

await flow('JavaScript off: pages read fully, notes and evidence present', async (page) => {
  await page.goto(base + sourcePage);
  expect(await page.locator('mark.q').count() > 0, 'no highlights');
  expect(await page.locator('.sn').first().isVisible(), 'notes not visible');
  await page.goto(base + sectionPage);
  expect(await page.locator('.ev blockquote').count() > 0, 'no evidence');
  await page.goto(base + 'search.html');
  expect((await page.textContent('#search-status')).includes('JavaScript'), 'search page does not explain itself without JavaScript');
}, { javaScriptEnabled: false });

await flow('narrow screens: notes fold into the text, nothing overflows sideways', async (page) => {
  for (const p of ['index.html', sourcePage, sectionPage, 'corroboration.html', 'entities.html'].filter(hasPage)) {
    await page.goto(base + p);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow <= 0, `${p} overflows by ${overflow}px at 360px`);
  }
  await page.goto(base + sourcePage);
  const floated = await page.locator('.sn').first().evaluate((e) => getComputedStyle(e).float);
  expect(floated === 'none', `notes float (${floated}) at 360px`);
}, { viewport: { width: 360, height: 740 } });

await flow('wide screens: notes sit in the margin and never overlap', async (page) => {
  await page.goto(base + sourcePage);
  const boxes = await page.locator('.sn').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.bottom, r.right]; }));
  // The margin is at the end of the line: on the right in a left-to-right page, on the left in a right-to-left one.
  const rtl = await page.evaluate(() => document.documentElement.dir === 'rtl');
  const text = await page.locator('.source-text > p').first().evaluate((e) => { const r = e.getBoundingClientRect(); return [r.left, r.right]; });
  expect(boxes.length > 0, 'no notes');
  expect(boxes.every(([l, , , r]) => (rtl ? r <= text[0] : l >= text[1])), 'a note is not in the margin');
  for (let i = 1; i < boxes.length; i++) expect(boxes[i][1] >= boxes[i - 1][2] - 0.5, `notes ${i} and ${i + 1} overlap`);
}, { viewport: { width: 1280, height: 900 } });

await flow('keyboard: the skip link comes first and shows, focus is visible', async (page) => {
  await page.goto(base + sectionPage);
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { cls: a.className, visible: r.left >= 0 && r.top >= 0 && r.width > 0 && r.right <= innerWidth };
  });
  expect(skip.cls === 'skip-link', `the first Tab lands on .${skip.cls}, not the skip link`);
  expect(skip.visible, 'the focused skip link is off screen');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#main$/);
  // Every kind of focusable control shows a focus ring of at least 2px, in both schemes.
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const sel of ['.site-nav a', '.ev-meta a.outlet', '#site-q', '.search-box button', '.toc a']) {
      await page.focus(sel);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const cs = getComputedStyle(document.activeElement);
        return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor };
      });
      expect(ring.style !== 'none' && ring.width >= 2, `${sel} (${scheme}): no visible focus ring (${JSON.stringify(ring)})`);
    }
  }
});

// The first section page whose entries link to another entry (a one-entry dossier has none: then skipped).
const crossLinkPage = pages.filter((p) => p.startsWith('sections/')).find((p) =>
  (readFileSync(join(site, p), 'utf8').match(/<div class="body">[\s\S]*?<\/div>/g) || [])
    .some((body) => /href="(?![^"]*sources\/)[^"]*\.html#/.test(body)));
if (!crossLinkPage) skip('previews between entries', 'no entry links to another entry in this dossier');
else await flow('previews between entries: a cross-link in an entry previews the other entry', async (page) => {
  await page.goto(base + crossLinkPage);
  const link = page.locator('.entry .body a[href*=".html#"]:not([href*="sources/"])').first();
  expect(await link.count() === 1, 'no entry-to-entry cross-link on ' + crossLinkPage);
  await link.scrollIntoViewIfNeeded();
  await link.hover();
  const tip = page.locator('#dossier-preview');
  await tip.waitFor({ state: 'visible', timeout: 10000 });
  expect(await tip.locator('.pv-title').count() === 1, 'the preview of an entry has no title');
  // The preview stays inside the viewport.
  const box = await tip.boundingBox();
  expect(box.x >= 0 && box.x + box.width <= 1280, `preview off screen: ${JSON.stringify(box)}`);
  await page.keyboard.press('Escape');
  await tip.waitFor({ state: 'hidden', timeout: 3000 });
});

await flow('print: a section prints as a clean document with its evidence', async (page) => {
  await page.emulateMedia({ media: 'print' });
  await page.goto(base + sectionPage);
  const hidden = await page.evaluate(() => ['.site-nav', '.search-box', '.skip-link', '.toc', '.pager', '.data-links']
    .filter((s) => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none'));
  expect(hidden.length === 0, `printed anyway: ${hidden.join(', ')}`);
  expect(await page.locator('.ev blockquote').first().isVisible(), 'evidence not printed');
  expect(await page.locator('.ev-meta .outlet').first().isVisible(), 'the outlet of a quotation is not printed');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg === 'rgb(255, 255, 255)', `printed background ${bg}`);
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.length > 10000, 'empty PDF');
  await page.goto(base + sourcePage);
  const floated = await page.locator('.sn').first().evaluate((e) => getComputedStyle(e).float);
  expect(floated === 'none', `notes float (${floated}) in print`);
}, { colorScheme: 'dark' });

await flow('axe-core on states the page loop does not reach: search results, an open preview', async (page) => {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(base + 'search.html?q=' + encodeURIComponent(data.header));
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0);
    const states = [['search results', null], ['preview', sourcePage]];
    for (const [what, path] of states) {
      if (path) {
        await page.goto(base + path);
        await page.locator('mark.q a').first().hover();
        await page.locator('#dossier-preview').waitFor({ state: 'visible', timeout: 10000 });
      }
      await page.evaluate(axeSource);
      const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), axeTags);
      axeRuns++;
      for (const v of result.violations) {
        axeViolations += v.nodes.length;
        throw new Error(`${what} (${scheme}): axe ${v.id}: ${v.help} at ${v.nodes[0].target.join(' ')}`);
      }
    }
  }
}, {}, ['header']);

await searchQualityFlows({ flow, expect, base, fileBase, data });
await searchShardFlows({ flow, expect, base, site, data, hasPage });

await flow('a missing page gets the 404 page', async (page) => {
  const r = await page.goto(base + 'no-such-page.html');
  expect(r.status() === 404, `status ${r.status()}`);
  // The 404 page's own heading, whatever the dossier's language.
  const heading = (readFileSync(join(site, '404.html'), 'utf8').match(/<h1[^>]*>([\s\S]*?)<\/h1>/) || [])[1];
  expect(heading && (await page.innerHTML('h1')).trim() === heading.trim(), 'not the 404 page');
});

await navmatrixChecks({ flow, expect, skip, base, fileBase, site, pages, hasPage });

// ---------- 4. Screenshots ----------
console.log(`\n[screenshots] ${shots}`);
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });
const sourceName = sourcePage.replace(/^sources\/|\.html$/g, '');
const sectionName = sectionPage.replace(/^sections\/|\.html$/g, '');
// Every kind of page, at a phone and a desktop width, light and dark; the front and source pages also in full.
const shotPages = [['front', 'index.html'], [`section-${sectionName}`, sectionPage], [`source-${sourceName}`, sourcePage],
  ['corroboration', 'corroboration.html'], ['timeline', 'timeline.html'], ['entities', 'entities.html'],
  ['search', 'search.html?q=' + encodeURIComponent(data.header || '')], ['about', 'about.html']]
  .filter(([, p]) => hasPage(p.replace(/\?.*/, '')));
for (const width of [390, 1280]) {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [name, path] of shotPages) {
      await page.goto(base + path);
      if (name === 'search' && data.header) await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0);
      const suffix = scheme === 'dark' ? '-dark' : '';
      await page.screenshot({ path: join(shots, `${name}-${width}${suffix}.png`) });
      if (scheme === 'light' && (name === 'front' || name.startsWith('source-'))) {
        await page.screenshot({ path: join(shots, `${name}-${width}-full.png`), fullPage: true });
      }
    }
    if (width === 1280) {
      // An open preview, and the second screen of the source page (notes in the margin further down).
      await page.goto(base + sourcePage);
      await page.evaluate(() => window.scrollTo(0, 900));
      // The third highlight in view, or the last one on a short page.
      const marks = page.locator('mark.q a').filter({ visible: true });
      const visible = await marks.count();
      if (visible > 0) {
        await marks.nth(Math.min(2, visible - 1)).hover();
        await page.locator('#dossier-preview').waitFor({ state: 'visible', timeout: 10000 });
        await page.screenshot({ path: join(shots, `preview-${width}${scheme === 'dark' ? '-dark' : ''}.png`) });
      }
    }
    await context.close();
  }
}
{
  const context = await browser.newContext({ viewport: { width: 800, height: 1100 } });
  const page = await context.newPage();
  await page.emulateMedia({ media: 'print' });
  await page.goto(base + sectionPage);
  await page.screenshot({ path: join(shots, `print-section-${sectionName}.png`) });
  await context.close();
}
await navmatrixShots(browser, base, hasPage, shots);
console.log(`  ${readdirSync(shots).length} screenshots written`);

// Source pages: margin-note gaps, sentences on a phone and in print, landing on a passage (checks/notes.mjs).
await checkNotes({ browser, base, fileBase, pages, shots, problem, ok, open });

await browser.close();
server.close();
console.log(`\naxe-core in all: ${axeRuns} runs, ${axeViolations} violations`);
console.log(`\n${problems.length} problem(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(Math.min(problems.length, 100));
