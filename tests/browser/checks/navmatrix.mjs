// Browser checks for the 404 page, the phone navigation and the corroboration matrix (issue #17, items 3-5).
// check.mjs calls navmatrixChecks() with its helpers; every check reports through `flow`, so a failure is a
// problem of the run. Each one was run against the behaviour it replaces and failed there.

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True if the stylesheet styles the page: the masthead's top rule is drawn. */
const styled = (page) => page.evaluate(() => {
  const m = document.querySelector('.masthead');
  return !!m && parseFloat(getComputedStyle(m).borderTopWidth) >= 2;
});

/** The absolute target of every link of the page but in-page ones. */
const linkTargets = (page) => page.$$eval('a[href]', (as) =>
  as.map((a) => a.href.replace(/#.*$/, '')).filter((t) => t !== location.href.replace(/#.*$/, '')));

/**
 * Runs the checks. `ctx` holds check.mjs's helpers: flow(name, fn, contextOptions, needs), expect(cond, message),
 * skip(name, why), base (the site's URL under the sub-folder), fileBase (its file:// URL), site (its folder),
 * hasPage(path).
 */
export async function navmatrixChecks(ctx) {
  const { flow, expect, skip, base, fileBase, site, hasPage } = ctx;

  // 3. The 404 page at depth: styled, every link to a page that exists, noindex, no canonical link.
  await flow('404 at depth, served from a sub-folder: styled, every link works, noindex', async (page) => {
    for (const missing of ['no-such-page/deeper/missing.html', 'sources/no-such-page.html', 'no-such-page']) {
      const r = await page.goto(base + missing);
      expect(r.status() === 404, `${missing}: status ${r.status()}`);
      expect(await styled(page), `${missing}: the 404 page is not styled`);
      await page.waitForSelector('html[data-root-found]', { state: 'attached', timeout: 5000 }).catch(() => {});
      expect(await page.locator('meta[name="robots"][content*="noindex"]').count() === 1, `${missing}: no noindex`);
      expect(await page.locator('link[rel="canonical"]').count() === 0, `${missing}: a canonical link`);
      const skipLink = await page.locator('a.skip-link').evaluate((a) => a.href);
      expect(skipLink === page.url().split('#')[0] + '#main', `${missing}: the skip link goes to ${skipLink}`);
      const targets = await linkTargets(page);
      expect(targets.length >= 5, `${missing}: only ${targets.length} links`);
      for (const t of new Set(targets)) {
        const status = (await page.request.get(t)).status();
        expect(status === 200, `${missing}: link to ${t} gives ${status}`);
      }
    }
  });

  await flow('404 at depth without JavaScript: styled, the front-page link leaves the missing folder', async (page) => {
    await page.goto(base + 'no-such-page/deeper/missing.html');
    expect(await styled(page), 'the 404 page is not styled without JavaScript');
    const home = await page.locator('main a').first().evaluate((a) => new URL(a.href).pathname);
    expect(!home.includes('/no-such-page/'), `the front-page link goes to ${home}`);
  }, { javaScriptEnabled: false });

  // From disk: the page itself, and its text as a host would serve it for a missing page one folder down
  // (written for the check, then removed).
  await flow('404 from file://, at the root and one folder down: styled, every link to a file that exists', async (page) => {
    const nested = join(site, 'sources', 'no-such-page.html');
    writeFileSync(nested, readFileSync(join(site, '404.html')));
    try {
      for (const p of ['404.html', 'sources/no-such-page.html']) {
        await page.goto(fileBase + p);
        expect(await styled(page), `${p}: the 404 page is not styled from file://`);
        await page.waitForSelector('html[data-root-found]', { state: 'attached', timeout: 5000 }).catch(() => {});
        const targets = await linkTargets(page);
        expect(targets.length >= 5, `${p}: only ${targets.length} links`);
        for (const t of targets) {
          expect(t.startsWith('file:') && existsSync(fileURLToPath(t.replace(/\?.*$/, ''))), `${p}: link to ${t}: no such file`);
        }
      }
    } finally {
      rmSync(nested, { force: true });
    }
  });

  // 5. Phone navigation: every item on screen, no sideways scrolling, the current page marked and visible.
  const navPages = ['index.html', 'corroboration.html', 'about.html', 'sources/index.html', 'timeline.html', 'entities.html',
    ...ctx.pages.filter((p) => p.startsWith('sections/')).slice(0, 1)].filter(hasPage);
  await flow('phone navigation (390 px): every item on screen, the current page marked and visible', async (page) => {
    for (const p of navPages) {
      await page.goto(base + p);
      const nav = await page.evaluate(() => {
        const nav = document.querySelector('.site-nav');
        const scrolls = [nav, ...nav.querySelectorAll('*')].some((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible');
        const hidden = [...nav.querySelectorAll('a')].filter((a) => {
          const r = a.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return r.width === 0 || r.left < 0 || r.right > innerWidth || r.top < 0 || r.bottom > innerHeight || !(hit && a.contains(hit));
        }).map((a) => a.textContent);
        // The front page is not in the list: the site's title, its link, marks it.
        const current = [...document.querySelectorAll('.masthead a[aria-current="page"]')].map((a) => new URL(a.href).pathname);
        return { scrolls, hidden, current, count: nav.querySelectorAll('a').length };
      });
      expect(!nav.scrolls, `${p}: the navigation scrolls sideways`);
      expect(nav.hidden.length === 0, `${p}: ${nav.hidden.length} of ${nav.count} nav items hidden or off screen (${nav.hidden.join(', ')})`);
      expect(nav.current.length === 1 && nav.current[0].endsWith('/' + p), `${p}: aria-current on ${JSON.stringify(nav.current)}`);
    }
  }, { viewport: { width: 390, height: 844 } });

  // 4. The matrix.
  if (!hasPage('corroboration.html') || !readFileSync(join(site, 'corroboration.html'), 'utf8').includes('matrix-scroll')) {
    skip('matrix checks', 'no corroboration grid in this dossier');
    return;
  }
  const dossier = JSON.parse(readFileSync(join(site, 'dossier.json'), 'utf8'));
  // (entry href, source) -> passages by stance, for every source that both supports and disputes an entry.
  const mixed = [];
  for (const section of dossier.sections) {
    for (const entry of section.entries) {
      const bySource = new Map();
      for (const ev of entry.evidence) {
        const s = bySource.get(ev.source) || { supports: [], disputes: [] };
        if (s[ev.stance]) s[ev.stance].push(ev.passage);
        bySource.set(ev.source, s);
      }
      for (const [source, s] of bySource) {
        if (s.supports.length && s.disputes.length) mixed.push({ entry: entry.href, source, ...s });
      }
    }
  }
  if (mixed.length === 0) skip('mixed-stance cells', 'no source both supports and disputes a point in this dossier');
  else await flow(`mixed-stance cells: all ${mixed.length} show both stances, each linked to its own passage`, async (page) => {
    await page.goto(base + 'corroboration.html');
    const cells = await page.evaluate((mixed) => {
      const legend = {};
      for (const c of document.querySelectorAll('.legend .cell')) legend[c.textContent.trim()] = c.classList[1];
      const columns = [...document.querySelectorAll('.matrix thead tr:last-child th')].map((th) => th.querySelector('a').getAttribute('href'));
      return mixed.map((m) => {
        const row = [...document.querySelectorAll('.matrix tbody tr')].find((tr) => tr.querySelector('th a')?.getAttribute('href') === m.entry);
        const col = columns.findIndex((h) => h.replace(/\.html$/, '').endsWith('/' + m.source));
        const cell = row && row.querySelectorAll('td')[col];
        const links = cell ? [...cell.querySelectorAll('a')].map((a) => ({ stance: legend[a.textContent.trim()], passage: a.hash.slice(1) })) : [];
        return { ...m, found: !!cell, links };
      });
    }, mixed);
    const wrong = cells.filter((c) => !c.found || !['supports', 'disputes'].every((s) => c.links.some((l) => l.stance === s && c[s].includes(l.passage))));
    expect(wrong.length === 0, `${wrong.length} of ${mixed.length} mixed cells do not show both stances, each to its passage: ${wrong.slice(0, 3).map((c) => `${c.entry} x ${c.source}: ${JSON.stringify(c.links)}`).join('; ')}`);
  });

  await flow('matrix legend: every cell shows exactly its stance\'s legend symbol', async (page) => {
    await page.goto(base + 'corroboration.html');
    const bad = await page.evaluate(() => {
      // What a sighted reader sees: the text outside visually hidden spans.
      const seen = (el) => [...el.childNodes].map((n) => n.nodeType === 3 ? n.textContent : (n.classList.contains('visually-hidden') ? '' : seen(n))).join('').trim();
      const legend = {};
      for (const c of document.querySelectorAll('.legend .cell')) legend[c.classList[1]] = seen(c);
      return [...document.querySelectorAll('.matrix td.cell')].map((td) => [td.classList[1], seen(td)])
        .filter(([stance, text]) => legend[stance] === undefined || legend[stance] !== text);
    });
    expect(bad.length === 0, `${bad.length} cells differ from the legend, e.g. ${JSON.stringify(bad.slice(0, 3))}`);
  });

  for (const [width, height] of [[1280, 900], [390, 844]]) {
    await flow(`matrix at ${width} px: header row and first column stay visible while scrolling`, async (page) => {
      await page.goto(base + 'corroboration.html');
      // Scroll as a reader would, to the last row's last cell: every scrolling box on the way moves.
      const corner = page.locator('.matrix tbody tr').last().locator('td').last();
      await corner.scrollIntoViewIfNeeded();
      await corner.evaluate((td) => td.scrollIntoView({ block: 'end', inline: 'end' }));
      const seen = await page.evaluate(() => {
        const visible = (el) => {
          const r = el.getBoundingClientRect();
          const x = r.left + Math.min(12, r.width / 2), y = r.top + r.height / 2;
          const hit = document.elementFromPoint(x, y);
          return x >= 0 && x <= innerWidth && y >= 0 && y <= innerHeight && !!hit && el.contains(hit);
        };
        const last = [...document.querySelectorAll('.matrix tbody tr')].pop();
        const lastCell = last.querySelector('td:last-child').getBoundingClientRect();
        const heads = [...document.querySelectorAll('.matrix thead tr:last-child th')];
        return {
          lastInView: lastCell.bottom <= innerHeight + 2 && lastCell.top >= 0,
          header: heads.some(visible),
          column: visible(last.querySelector('th')),
        };
      });
      expect(seen.lastInView, 'could not scroll to the last row');
      expect(seen.header, 'the header row is out of view after scrolling to the last row');
      expect(seen.column, 'the first column is out of view after scrolling to the last column');
    }, { viewport: { width, height } });
  }
}

/** Screenshots of the matrix scrolled to its last row and column (sticky headers), at 390 and 1280 px, light and dark. */
export async function navmatrixShots(browser, base, hasPage, shots) {
  if (!hasPage('corroboration.html')) return;
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(base + 'corroboration.html');
      const corner = page.locator('.matrix tbody tr').last().locator('td').last();
      if (await corner.count()) {
        await corner.evaluate((td) => td.scrollIntoView({ block: 'end', inline: 'end' }));
        await page.screenshot({ path: join(shots, `corroboration-scrolled-${width}${scheme === 'dark' ? '-dark' : ''}.png`) });
      }
      await context.close();
    }
  }
}
