// Search quality flows (issue #17, item 8): real queries in Chromium, over HTTP and from file://.
//
// From the flows file's `search.quality` (each flow skips when its phrase is not given):
//   inflection: {query, finds}  another form of a word: the results mark `finds` (stemming)
//   typo:       {query, finds}  one typo in a word of five letters or more: the results mark `finds`
//   rank:       {query, first, last} a word that is in the dossier and one edit from another: results marking
//               `first` (as written) all come before results marking only `last`
//   suggest:    {query, offers} a word no result has: "did you mean" offers `offers`, and following it finds
// And on every dossier whose word index names a stemmer: the page's Snowball stemmer files every word of the
// index under the key the build gave it (the build and the browser stem alike).

import { readFileSync } from 'node:fs';

const axeSource = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The search page's state once the query has run: status text, result count, marked words, suggestions. */
async function runQuery(page, url, query) {
  await page.goto(url + 'search.html?q=' + encodeURIComponent(query));
  await page.waitForFunction((q) => {
    const s = document.getElementById('search-status');
    return s && s.textContent.includes(q);
  }, query, { timeout: 10000 });
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    hits: document.querySelectorAll('#search-results li').length,
    marked: [...document.querySelectorAll('#search-results mark')].map((m) => m.textContent.toLowerCase()),
    offers: [...document.querySelectorAll('#search-status .did-you-mean a')].map((a) => a.textContent),
  }));
}

/** Registers the search quality flows with check.mjs's `flow` (name, fn, context options, needs). */
export async function searchQualityFlows({ flow, expect, base, fileBase, data }) {
  const quality = (data.search && data.search.quality) || {};
  for (const [where, url] of [['http', base], ['file://', fileBase]]) {
    await flow(`search (${where}): another form of a word finds it`, async (page) => {
      const { query, finds } = quality.inflection;
      const r = await runQuery(page, url, query);
      expect(r.hits > 0, `"${query}" finds nothing (${r.status})`);
      expect(r.marked.includes(finds.toLowerCase()), `"${query}" does not mark "${finds}" (marked: ${[...new Set(r.marked)].slice(0, 6).join(', ')})`);
    }, {}, quality.inflection ? [] : ['search.quality.inflection']);

    await flow(`search (${where}): one typo in a long word is forgiven`, async (page) => {
      const { query, finds } = quality.typo;
      const r = await runQuery(page, url, query);
      expect(r.hits > 0, `"${query}" finds nothing (${r.status})`);
      expect(r.marked.includes(finds.toLowerCase()), `"${query}" does not mark "${finds}"`);
    }, {}, quality.typo ? [] : ['search.quality.typo']);

    await flow(`search (${where}): a word as written ranks above a word one typo away`, async (page) => {
      const { query, first, last } = quality.rank;
      const r = await runQuery(page, url, query);
      const marks = await page.evaluate(() => [...document.querySelectorAll('#search-results li')]
        .map((li) => [...li.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase())));
      const exact = (m) => m.includes(first.toLowerCase());
      expect(r.hits > 1 && exact(marks[0]), `the first result for "${query}" does not mark "${first}"`);
      expect(marks.some((m) => m.includes(last.toLowerCase()) && !exact(m)), `no result for "${query}" marks only "${last}"`);
      // Results that mark words: every one with the word as written comes before every one with only the near word.
      const marked = marks.filter((m) => m.length);
      const firstNear = marked.findIndex((m) => !exact(m));
      expect(firstNear < 0 || !marked.slice(firstNear).some(exact), `a result marking "${first}" comes after one marking only "${last}"`);
    }, {}, quality.rank ? [] : ['search.quality.rank']);

    await flow(`search (${where}): an empty result offers the closest words`, async (page) => {
      const { query, offers } = quality.suggest;
      const r = await runQuery(page, url, query);
      expect(r.hits === 0, `"${query}" was meant to find nothing, found ${r.hits}`);
      const offered = r.offers.find((o) => o.toLowerCase() === offers.toLowerCase());
      expect(offered, `"${query}" offers ${r.offers.length ? r.offers.join(', ') : 'nothing'}, not "${offers}"`);
      if (where === 'http') {
        // The suggestion is a state the page loop never reaches: axe looks at it here.
        await page.evaluate(axeSource);
        const found = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
        expect(found.violations.length === 0, `axe on "did you mean": ${found.violations.map((v) => `${v.id} at ${v.nodes[0].target.join(' ')}`).join('; ')}`);
      }
      await page.locator('#search-status .did-you-mean a', { hasText: offered }).first().click();
      await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0, null, { timeout: 10000 });
      expect((await page.inputValue('#q')) === offered, 'the suggestion did not fill the search box');
    }, {}, quality.suggest ? [] : ['search.quality.suggest']);
  }

  await flow('search: the browser stems every indexed word as the build did', async (page) => {
    await page.goto(base + 'search.html?q=a');
    await page.waitForFunction(() => window.DOSSIER_INDEX && !/JavaScript/.test(document.getElementById('search-status').textContent), null, { timeout: 10000 });
    const r = await page.evaluate(async () => {
      // Every word shard, loaded as the page loads one (a script handing its terms to DOSSIER_SHARD).
      const m = window.DOSSIER_INDEX;
      const t = { l: m.l, t: [] };
      const pass = window.DOSSIER_SHARD;
      window.DOSSIER_SHARD = (kind, k, data) => { if (kind === 't') t.t.push(...data); pass(kind, k, data); };
      const root = new URL('search/', document.querySelector('script[src$="dossier.js"]').src).href;
      for (let k = 0; k <= m.p.length; k++) {
        await new Promise((done) => {
          const s = document.createElement('script');
          s.src = root + 't' + k + '.js';
          s.onload = s.onerror = done;
          document.head.appendChild(s);
        });
      }
      window.DOSSIER_SHARD = pass;
      if (!t.l) return { stemmer: null };
      const Make = window[t.l[0].toUpperCase() + t.l.slice(1) + 'Stemmer'];
      if (!Make) return { stemmer: t.l, missing: true };
      const s = new Make();
      const fold = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
      let forms = 0;
      const differ = [];
      for (const term of t.t) {
        for (const w of term.length > 2 ? term[2].split(' ').map((f) => f[0] === '-' ? term[0] + f.slice(1) : f) : [term[0]]) {
          forms++;
          if (fold(s.stemWord(w)) !== term[0]) differ.push(`${w} -> ${fold(s.stemWord(w))}, index ${term[0]}`);
        }
      }
      return { stemmer: t.l, forms, differ };
    });
    if (!r.stemmer) { console.log('       (no stemmer for this language: words matched as written and by their beginning)'); return; }
    expect(!r.missing, `the ${r.stemmer} stemmer script did not load`);
    console.log(`       ${r.stemmer}: ${r.forms} indexed words, ${r.differ.length} stemmed differently in the browser`);
    expect(r.differ.length <= r.forms / 200, `${r.differ.length} of ${r.forms} words stem differently: ${r.differ.slice(0, 5).join('; ')}`);
  }, {}, ['search.html']);
}
