// What a search query loads from a built site's sharded index, from file:// (not part of the checks):
//   node tests/browser/search-bytes.mjs SITE_DIR "query" ["query"...]
// prints, per query, the bytes and files of the index it loaded (manifest, word, document, link shards).
import { chromium } from 'playwright-core';
import { statSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
const site = process.argv[2];
const queries = process.argv.slice(3);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--allow-file-access-from-files'] });
const page = await browser.newPage();
const base = pathToFileURL(site).href + '/';
for (const q of queries) {
  const loads = [];
  const seen = (r) => { if (/assets\/search(-index\.js|\/)/.test(r.url())) loads.push(r.url()); };
  page.on('request', seen);
  const t0 = Date.now();
  await page.goto(base + 'search.html?q=' + encodeURIComponent(q));
  await page.waitForFunction((q) => { const s = document.getElementById('search-status'); return s && s.textContent.includes(q); }, q, { timeout: 60000 });
  await page.waitForTimeout(300);
  const ms = Date.now() - t0;
  page.off('request', seen);
  const status = await page.evaluate(() => document.getElementById('search-status').textContent);
  const bytes = loads.reduce((a, u) => a + statSync(fileURLToPath(u)).size, 0);
  const kinds = {};
  for (const u of loads) { const m = u.match(/search\/([tdh])\d+\.js$/); const k = m ? m[1] : 'manifest'; kinds[k] = (kinds[k] || 0) + 1; }
  console.log(`${q}: ${(bytes / 1024).toFixed(1)} KB in ${loads.length} files ${JSON.stringify(kinds)}, ${ms} ms; ${status.slice(0, 90)}`);
}
await browser.close();
