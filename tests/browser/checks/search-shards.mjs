// The sharded search index (issue 20, item 5): a query loads the manifest, the word shards of its words and
// the document shards of the results it shows, never the whole index; a link preview loads one link shard and
// the document shards of the passage and its citers. Prints the bytes each loads, over HTTP.
//
// The word shard of a word is the number of shard boundaries (the manifest's `p`) at or below it, as the page
// script finds it; a query may also load the shards of its stem and of the words its last word begins (at
// most 4), so a query of one word loads at most 1 + 1 + 3 word shards.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

/** The manifest (`assets/search-index.js`) of the site in `site`. */
function manifest(site) {
  const box = { window: {} };
  vm.runInNewContext(readFileSync(join(site, 'assets/search-index.js'), 'utf8'), box);
  return box.window.DOSSIER_INDEX;
}

/** One line on the index's files: the manifest and each kind of shard (count, total, largest). */
export function searchIndexSizes(site) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const parts = [`manifest ${kb(statSync(join(site, 'assets/search-index.js')).size)}`];
  let files = [];
  try { files = readdirSync(join(site, 'assets/search')); } catch { /* no shards */ }
  for (const [kind, what] of [['t', 'words'], ['d', 'documents'], ['h', 'links']]) {
    const sizes = files.filter((f) => new RegExp(`^${kind}\\d+\\.js$`).test(f)).map((f) => statSync(join(site, 'assets/search', f)).size);
    if (sizes.length) parts.push(`${what}: ${sizes.length} shards, ${kb(sizes.reduce((a, b) => a + b, 0))}, largest ${kb(Math.max(...sizes))}`);
  }
  return parts.join('; ');
}

/** Registers the shard flows with check.mjs's `flow`. */
export async function searchShardFlows({ flow, expect, base, site, data, hasPage }) {
  const m = manifest(site);
  const shardOf = (f) => { let lo = 0, hi = m.p.length; while (lo < hi) { const mid = (lo + hi) >> 1; if (m.p[mid] <= f) lo = mid + 1; else hi = mid; } return lo; };
  const fileOf = (url) => { const path = decodeURIComponent(new URL(url).pathname); return join(site, path.slice(path.indexOf('/assets/') + 1)); };
  const query = data.search && data.search.quality && data.search.quality.inflection && data.search.quality.inflection.query;
  await flow('search shards: a query loads only its words\' shards and its results\' documents', async (page) => {
    await page.goto(base + 'search.html');
    await page.waitForFunction(() => (document.getElementById('search-status') || {}).textContent, null, { timeout: 10000 });
    const loads = await searchLoads(page, async () => {
      await page.fill('#q', query);
      await page.waitForFunction((q) => (document.getElementById('search-status') || {}).textContent.includes(q), query, { timeout: 10000 });
      await page.waitForTimeout(200);
    });
    const shown = await page.evaluate(() => document.querySelectorAll('#search-results li').length);
    expect(shown > 0, `"${query}" shows no result`);
    const words = query.toLowerCase().match(/[\p{Alphabetic}\p{N}]+/gu) || [];
    const t = loads.filter((l) => l.kind === 't');
    const d = loads.filter((l) => l.kind === 'd');
    const own = words.map((w) => shardOf(w.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC')));
    expect(own.every((k) => t.some((l) => l.k === k)), `the shard of a word of "${query}" was not loaded`);
    expect(t.length <= words.length * 2 + 3, `"${query}" loaded ${t.length} word shards of ${m.p.length + 1}`);
    expect(d.length <= Math.max(1, shown), `"${query}" loaded ${d.length} document shards for ${shown} results`);
    expect(!loads.some((l) => l.kind === 'h'), `"${query}" loaded link shards`);
    const bytes = loads.reduce((a, l) => a + statSync(fileOf(l.url)).size, 0);
    console.log(`    "${query}": ${t.length} word + ${d.length} document shards, ${(bytes / 1024).toFixed(1)} KB (${shown} results)`);
  }, {}, query && hasPage('search.html') ? [] : ['search.quality.inflection']);
}

/** The search shards requested while `act` runs: [{kind, k, url}]. */
async function searchLoads(page, act) {
  const loads = [];
  const seen = (request) => {
    const url = request.url();
    const m = url.match(/\/assets\/search\/([tdh])(\d+)\.js$/);
    if (m) loads.push({ kind: m[1], k: +m[2], url });
  };
  page.on('request', seen);
  await act();
  page.off('request', seen);
  return loads;
}
