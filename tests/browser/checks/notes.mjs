// Source pages read well on every screen (issue #17, items 1, 2 and 10): measured on every source page.
//
// 1. Wide screens (1280 px): each note sits beside its marker. The vertical gap between a marker in the text
//    and the top of its note: median <= 80 px and max <= 300 px on every page, and the notes end at most
//    300 px below the text. Measured with the page script (which aligns notes to their lines) and without it
//    (the stylesheet alone: reported, and held to the same maximum).
// 2. Phone (390 px) and print (and 1280 px for what applies there): a note never interrupts a sentence. No note inside a paragraph (a screen reader
//    reads the text whole, then the notes), each list of notes laid out below its paragraph, every marker
//    inline, placed where a sentence ends (followed by a space or the paragraph's end) and never wrapped to a
//    line of its own, and no text of a paragraph after a note starting with a lower-case letter or punctuation.
// 3. Landing on a passage (#q-...) cut into several segments by overlapping quotes: every segment is marked
//    (a background of its own, unlike the other highlights, light and dark), the passage is in comfortable
//    view (not flush with the top), and a link back to the point is offered and focused. Also from file://,
//    by following an entry's evidence link.
// 4. axe-core (WCAG 2.2 AA) on the states the page loop does not reach: a landing, every "+N more" opened.
// Every figure is printed; every failure goes through `problem`.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const axeSource = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../node_modules/axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const GAP_MEDIAN = 80;
const GAP_MAX = 300;

/** Runs the checks. `ctx`: { browser, base, fileBase, pages, shots, problem, ok, open }. */
export async function checkNotes(ctx) {
  const { pages, problem } = ctx;
  const sources = pages.filter((p) => /^sources\/(?!index\.html)[^/]+\.html$/.test(p));
  console.log(`\n[notes] ${sources.length} source pages: margin-note gaps, sentences on a phone and in print, landing`);
  if (!sources.length) return;
  try {
    await gaps(ctx, sources);
    await sentences(ctx, sources);
    await landing(ctx, sources);
  } catch (e) {
    problem('notes', `check failed to run: ${e.message.split('\n')[0]}`);
  }
}

/** Median and maximum of the marker-to-note gaps, and how far the notes run past the text, on this page. */
function measureGaps() {
  const text = document.querySelector('.source-text');
  const gaps = [];
  let bottom = 0;
  // A marker links to its note; in the older design the note sat inside the marker's `sup.fn`.
  const pairs = [...text.querySelectorAll('.fn')].map((fn) => {
    const a = fn.querySelector('a[href^="#"]');
    return a ? [a, document.getElementById(a.getAttribute('href').slice(1))] : [fn.querySelector('.n') || fn, fn.querySelector('.sn')];
  });
  for (const [marker, note] of pairs) {
    if (!note) { gaps.push(Infinity); continue; }
    const n = note.getBoundingClientRect();
    gaps.push(Math.abs(n.top - marker.getBoundingClientRect().top));
    bottom = Math.max(bottom, n.bottom);
  }
  // The text ends with its last paragraph (notes and the shared-wording list aside).
  const paragraphs = text.querySelectorAll(':scope > p');
  const end = paragraphs.length ? paragraphs[paragraphs.length - 1].getBoundingClientRect().bottom : 0;
  gaps.sort((a, b) => a - b);
  const rtl = getComputedStyle(text).direction === 'rtl';
  const p = text.querySelector(':scope > p').getBoundingClientRect();
  const outside = [...text.querySelectorAll('.sn')].filter((s) => {
    const r = s.getBoundingClientRect();
    return rtl ? r.right > p.left + 1 : r.left < p.right - 1;
  }).length;
  return { marks: text.querySelectorAll('mark.q').length, notes: gaps.length, median: gaps.length ? gaps[(gaps.length - 1) >> 1] : 0,
    max: gaps.length ? gaps[gaps.length - 1] : 0, past: bottom - end, outside };
}

async function gaps({ browser, base, problem, ok, open }, sources) {
  for (const js of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: js });
    let current = '';
    const page = await open(context, () => `notes: ${current} at 1280 px${js ? '' : ', JavaScript off'}`);
    const rows = [];
    for (const p of sources) {
      current = p;
      await page.goto(base + p);
      if (js) await page.waitForTimeout(100);
      const m = await page.evaluate(measureGaps);
      rows.push(`${p} ${m.notes} notes, gap median ${m.median.toFixed(0)} px, max ${m.max.toFixed(0)} px, notes end ${m.past.toFixed(0)} px after the text`);
      const where = `notes: ${p} at 1280 px${js ? '' : ', JavaScript off'}`;
      if (m.notes === 0) {
        if (m.marks) problem(where, `${m.marks} highlights and no marker with a note`);
        continue;
      }
      if (m.outside) problem(where, `${m.outside} notes not in the margin`);
      // Without the script the notes start at their paragraph's top: held to the maximum only.
      if (js && m.median > GAP_MEDIAN) problem(where, `marker-to-note gap median ${m.median.toFixed(0)} px > ${GAP_MEDIAN}`);
      if (m.max > GAP_MAX) problem(where, `marker-to-note gap max ${m.max.toFixed(0)} px > ${GAP_MAX}`);
      if (m.past > GAP_MAX) problem(where, `the notes run ${m.past.toFixed(0)} px past the end of the text`);
    }
    console.log(`  gaps at 1280 px, ${js ? 'with the page script' : 'JavaScript off (stylesheet alone)'}:`);
    for (const r of rows) console.log(`    ${r}`);
    await context.close();
  }
  ok('margin notes beside their markers at 1280 px');
}

/** Every way a note can interrupt a sentence on this page, as short descriptions. */
function splitSentences(wide) {
  const text = document.querySelector('.source-text');
  const found = [];
  const say = (what, el) => found.push(`${what}: «${(el.textContent || '').trim().slice(0, 60)}»`);
  for (const note of text.querySelectorAll('.sn, .notes')) {
    const p = note.closest('p');
    if (p) { say('a note inside a paragraph', note); continue; }
    // Laid out below its paragraph, not beside or within it.
    const before = note.closest('.notes')?.previousElementSibling;
    if (!wide && before && note.classList.contains('notes') && note.getBoundingClientRect().top < before.getBoundingClientRect().bottom - 1) {
      say('notes beside their paragraph, not after it', note);
    }
  }
  for (const marker of text.querySelectorAll('.fn')) {
    const cs = getComputedStyle(marker);
    if (cs.display !== 'inline' || cs.float !== 'none') say(`a marker shown as ${cs.display}${cs.float !== 'none' ? ', floated' : ''}`, marker);
    // The text that follows the marker in its paragraph: a space or nothing, where a sentence ends.
    const p = marker.closest('p');
    if (!p) continue;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    walker.currentNode = marker.lastChild?.lastChild || marker;
    let next = walker.nextNode();
    while (next && marker.contains(next)) next = walker.nextNode();
    if (next && /^[^\s]/u.test(next.data)) say(`a marker before «${next.data.slice(0, 20)}» in mid-sentence`, p);
    // A marker wrapped away from the word it follows starts a line of its own.
    const prev = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    prev.currentNode = marker;
    const before = prev.previousNode();
    if (before && before.data.length && !/\s$/u.test(before.data)) {
      const r = document.createRange();
      r.setStart(before, before.data.length - 1);
      r.setEnd(before, before.data.length);
      const last = [...r.getClientRects()].pop();
      const mark = marker.getClientRects()[0];
      if (last && mark && mark.top > last.bottom - 2) say('a marker wrapped to a line of its own', marker);
    }
  }
  // Anything block-like inside a paragraph (the old folded notes) splits its sentence: the text after it
  // starting with a lower-case letter or punctuation is the telltale.
  for (const p of text.querySelectorAll(':scope > p')) {
    for (const el of p.querySelectorAll('*')) {
      const d = getComputedStyle(el).display;
      if (d === 'inline' || d === 'none' || el.closest('.fn')) continue;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      walker.currentNode = el;
      let next = walker.nextNode();
      while (next && el.contains(next)) next = walker.nextNode();
      if (next && /^\s*[\p{Ll}\p{P}]/u.test(next.data)) say(`a ${d} box in a paragraph, then «${next.data.trim().slice(0, 20)}»`, el);
    }
  }
  return found;
}

async function sentences({ browser, base, problem, ok, open }, sources) {
  const modes = [['390 px', { viewport: { width: 390, height: 844 } }, 'screen'], ['print', { viewport: { width: 794, height: 1123 } }, 'print'],
    ['1280 px', { viewport: { width: 1280, height: 900 } }, 'screen']];
  for (const [label, options, media] of modes) {
    const context = await browser.newContext(options);
    let current = '';
    const page = await open(context, () => `notes: ${current} (${label})`);
    await page.emulateMedia({ media });
    let split = 0, notes = 0;
    for (const p of sources) {
      current = p;
      await page.goto(base + p);
      const found = await page.evaluate(splitSentences, label === '1280 px');
      notes += await page.locator('.sn').count();
      split += found.length;
      for (const f of found.slice(0, 5)) problem(`notes: ${p} (${label})`, f);
    }
    console.log(`  ${label}: ${notes} notes, ${split} split sentences`);
    await context.close();
  }
  ok('no note interrupts a sentence on a phone, in print or on a wide screen');
}

/** Ids of the passages on this page cut into more than one highlighted segment, then one in one piece. */
function multiSegmentPassages() {
  const count = new Map();
  for (const m of document.querySelectorAll('.source-text mark.q')) {
    for (const id of (m.getAttribute('data-passages') || '').split(' ').filter(Boolean)) count.set(id, (count.get(id) || 0) + 1);
  }
  const whole = [...count].find(([, n]) => n === 1);
  return [...count].filter(([, n]) => n > 1).map(([id]) => id).concat(whole ? [whole[0]] : []);
}

/** What a reader sees after landing on passage `id`. */
function landed(id) {
  const marks = [...document.querySelectorAll('.source-text mark.q')];
  const mine = marks.filter((m) => (m.getAttribute('data-passages') || '').split(' ').includes(id));
  const others = marks.filter((m) => !mine.includes(m));
  const bg = (m) => getComputedStyle(m).backgroundColor;
  const otherColours = new Set(others.map(bg));
  const unmarked = mine.filter((m) => otherColours.has(bg(m)) || bg(m) === 'rgba(0, 0, 0, 0)').length;
  const top = mine[0].getBoundingClientRect().top;
  const back = document.querySelector('.landing a');
  return { segments: mine.length, unmarked, top, height: innerHeight, back: back ? back.textContent : null,
    backHref: back ? back.getAttribute('href') : null, focused: !!back && document.activeElement === back };
}

async function landing({ browser, base, fileBase, pages, shots, problem, ok, open }, sources) {
  let landings = 0, passages = 0;
  for (const scheme of ['light', 'dark']) {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, colorScheme: scheme });
      let current = '';
      const page = await open(context, () => `notes: landing on ${current} (${width} px, ${scheme})`);
      let shot = null;
      for (const p of sources) {
        await page.goto(base + p);
        let ids = await page.evaluate(multiSegmentPassages);
        // Every such passage once in light at 1280 px; a sample in the other modes.
        if (scheme !== 'light' || width !== 1280) ids = ids.slice(0, 1).concat(ids.slice(-1));
        else passages += ids.length;
        for (const [i, id] of ids.entries()) {
          current = `${p}#${id}`;
          // A new document each time (the query changes): the landing as it happens from another page.
          await page.goto(`${base}${p}?landing=${i}#${id}`);
          await page.waitForFunction(() => document.querySelector('.landing a'), null, { timeout: 5000 }).catch(() => {});
          const r = await page.evaluate(landed, id);
          landings++;
          const where = `notes: landing on ${p}#${id} (${width} px, ${scheme})`;
          if (r.unmarked) problem(where, `${r.unmarked} of ${r.segments} segments not marked apart from the other highlights`);
          if (r.top < 0.1 * r.height || r.top > 0.75 * r.height) problem(where, `passage at ${r.top.toFixed(0)} px of a ${r.height} px window: not in comfortable view`);
          if (!r.back) problem(where, 'no link back to the point');
          else if (!r.focused) problem(where, 'the link back to the point is not focused');
          if (!shot) {
            // The landed state, and every folded note opened, pass axe in each scheme and width.
            await page.evaluate(() => document.querySelectorAll('.notes details').forEach((d) => { d.open = true; }));
            await page.evaluate(axeSource);
            const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
            for (const v of result.violations) {
              for (const n of v.nodes.slice(0, 3)) problem(where, `axe ${v.id}: ${v.help} at ${n.target.join(' ')}`);
            }
            await page.evaluate(() => document.querySelectorAll('.notes details').forEach((d) => { d.open = false; }));
          }
          // Then to the next passage on the same page (a hash change, no new document): the marks move.
          if (!shot && ids.length > 1) {
            const next = ids[(i + 1) % ids.length];
            await page.evaluate((id) => { location.hash = id; }, next);
            await page.waitForFunction((id) => document.querySelector('mark.landed')?.getAttribute('data-passages').split(' ').includes(id), next, { timeout: 3000 })
              .catch(() => problem(where, `a hash change to #${next} does not mark it`));
            const again = await page.evaluate(landed, next);
            if (again.unmarked) problem(where, `after a hash change to #${next}, ${again.unmarked} of ${again.segments} segments not marked`);
            const stale = await page.evaluate((id) => [...document.querySelectorAll('mark.landed')].filter((m) => !m.getAttribute('data-passages').split(' ').includes(id)).length, next);
            if (stale) problem(where, `after a hash change to #${next}, ${stale} segments of #${id} still marked`);
          }
          if (!shot) shot = await page.screenshot({ path: join(shots, `landing-${width}${scheme === 'dark' ? '-dark' : ''}.png`) });
        }
      }
      await context.close();
    }
  }
  console.log(`  landing: ${passages} passages (all those cut into segments, and one whole per page), ${landings} landings checked`);
  // The whole flow from file://: an entry's evidence link to a passage cut into segments, then back.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await open(context, () => 'notes: landing from file://');
  let target = null;
  for (const p of sources) {
    await page.goto(fileBase + p);
    const ids = await page.evaluate(multiSegmentPassages);
    if (ids.length) { target = { p, id: ids[0] }; break; }
  }
  if (target) {
    const sections = pages.filter((p) => p.startsWith('sections/') || p === 'timeline.html');
    let done = false;
    for (const s of sections) {
      await page.goto(fileBase + s);
      const link = page.locator(`.ev-meta a[href$="${target.p}#${target.id}"]`).first();
      if (!(await link.count())) continue;
      const ev = await link.evaluate((a) => ({ id: a.closest('[id]').id, title: a.closest('.entry, .moment').querySelector('h2').textContent.trim() }));
      await Promise.all([page.waitForURL((u) => u.hash === '#' + target.id), link.click()]);
      await page.waitForFunction(() => document.querySelector('.landing a'), null, { timeout: 5000 }).catch(() => {});
      const r = await page.evaluate(landed, target.id);
      const where = `notes: from ${s} to ${target.p}#${target.id} over file://`;
      if (r.unmarked) problem(where, `${r.unmarked} of ${r.segments} segments not marked`);
      if (!r.back || !r.backHref.endsWith('#' + ev.id) || r.back !== ev.title) problem(where, `the link back reads «${r.back}» to ${r.backHref}, not «${ev.title}» to #${ev.id}`);
      else if (!r.focused) problem(where, 'the link back to the point is not focused');
      await page.screenshot({ path: join(shots, 'landing-from-entry-1280.png') });
      done = true;
      break;
    }
    if (!done) problem('notes: landing from file://', `no evidence link to ${target.p}#${target.id}`);
  }
  await context.close();
  ok('landing on a passage marks every segment and offers the way back');
}
