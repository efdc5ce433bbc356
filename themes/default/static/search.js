/* dossier: the search page. A query word finds the documents that hold it as written, in another form of the
   same word (stemmed by the Snowball stemmer of the dossier's language, as the build stemmed the index), as the
   beginning of a word, or, for words of five letters or more, with one typo (one letter added, dropped,
   changed, or two neighbours swapped); in that order of rank. Every word must be found. An empty result offers
   the closest words of the dossier. The index's manifest (search-index.js), the stemmer, and the shards of words
   and documents a query needs (search/*.js, through dossier.js, shared with the link previews) load as
   scripts, so this works from file://. In a large dossier only the word shards of the query's words are
   loaded, so a typo or a suggestion is found among the words near the query's in order (a typo in the first
   letters may be missed); a small dossier has one shard and finds them all. */
(function () {
  'use strict';
  var page = window.dossierPage;
  if (!page || window.dossierSearch) return;
  window.dossierSearch = true;
  var root = page.root, msg = page.msg, el = page.el, cut = page.cut;

  /* Match qualities: each is worth more than any field weight can add to a lower one. */
  var EXACT = 30, STEM = 20, START = 10, TYPO = 0;
  var TITLE = 3, BODY = 1, NAMED = 1;
  var TYPE_RANK = { e: 0, n: 1, m: 2, p: 3 };
  /* Results shown at most. */
  var SHOWN = 60;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  /* Lower-case words of a text, as the build splits them. */
  function tokens(text) {
    return text.toLowerCase().match(WORD) || [];
  }
  /* A word without its accents or other combining marks, as the build folds index keys. */
  function fold(word) {
    return word.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  }
  function letters(word) {
    return Array.from(word).length;
  }
  function hangul(word) {
    return /[\uac00-\ud7a3]/.test(word);
  }

  /* ---------- The word index, loaded shard by shard ---------- */
  var words = null;
  var waiting = [];
  var ix = page.index;
  /* Adds a word shard's terms ([key, postings, forms]) to W; a term filed in two shards is kept once. */
  function addTerms(W, rows) {
    (rows || []).forEach(function (t) {
      if (t[0] in W.byKey) return;
      var forms = t.length > 2 ? t[2].split(' ').map(function (f) { return f.charAt(0) === '-' ? t[0] + f.slice(1) : f; }) : [t[0]];
      var i = W.terms.length;
      W.terms.push({ key: t[0], code: t[1], forms: forms, docs: null });
      W.byKey[t[0]] = i;
      forms.forEach(function (w) { W.forms.push({ f: fold(w), w: w, t: i }); });
    });
    W.forms.sort(function (a, b) { return a.f < b.f ? -1 : a.f > b.f ? 1 : 0; });
  }
  /* The word shard that holds a folded word: the number of shard boundaries at or below it. */
  function shardOf(W, f) {
    var p = W.m.p, lo = 0, hi = p.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (p[mid] <= f) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  /* Loads the word shards that hold each of the folded words `fs`, then done(). */
  function needWords(W, fs, done) {
    var want = Object.create(null);
    fs.forEach(function (f) { var k = shardOf(W, f); if (!W.loaded[k]) want[k] = true; });
    var list = Object.keys(want).map(function (k) { return ['t', k]; });
    ix.shards(list, function () {
      list.forEach(function (s) {
        if (W.loaded[s[1]]) return;
        W.loaded[s[1]] = true;
        ix.shard('t', s[1], function (rows) { addTerms(W, rows); });
      });
      done();
    });
  }
  /* At most this many word shards for the words a query's last word begins (a short beginning in a large
     dossier spans many). */
  var MAX_START_SHARDS = 4;
  /* Loads what a query needs: the shards of its words, of their stems, of the words the last one begins and
     of the Korean nouns in them; then, for a word the dossier lacks, of the two words it may be. */
  function loadFor(W, query, done) {
    var qs = tokens(query), need = [];
    qs.forEach(function (w, i) {
      var f = fold(w);
      need.push(f, W.stem(w));
      if (i === qs.length - 1) {
        var last = Math.min(shardOf(W, f + '\uffff'), shardOf(W, f) + MAX_START_SHARDS - 1);
        for (var k = shardOf(W, f) + 1; k <= last; k++) need.push(W.m.p[k - 1]);
      }
      if (hangul(f)) {
        var chars = Array.from(f);
        for (var cutAt = chars.length - 1; cutAt >= Math.max(1, chars.length - 2); cutAt--) need.push(chars.slice(0, cutAt).join(''));
      }
    });
    needWords(W, need, function () {
      var halves = [];
      qs.forEach(function (w) {
        var chars = Array.from(w);
        if (chars.length < 4 || known(W, w)) return;
        for (var i = 2; i <= chars.length - 2; i++) halves.push(fold(chars.slice(0, i).join('')), fold(chars.slice(i).join('')));
      });
      needWords(W, halves, done);
    });
  }
  /* The manifest, then the stemmer it names, each a script; done(words) once all are in. */
  function loadWords(done) {
    if (words) { done(words); return; }
    waiting.push(done);
    if (waiting.length > 1) return;
    function finish(m, stemmer) {
      words = {
        m: m,
        terms: [],
        byKey: Object.create(null),
        forms: [],
        loaded: Object.create(null),
        stem: function (w) { return fold(stemmer ? stemmer.stemWord(w) : w); }
      };
      var w = waiting; waiting = [];
      w.forEach(function (f) { f(words); });
    }
    ix.manifest(function (m) {
      var name = m.l;
      if (!name || !/^[a-z]+$/.test(name)) { finish(m, null); return; }
      var dir = root + 'assets/vendor/snowball/';
      ix.script(dir + 'base-stemmer.js', function () {
        ix.script(dir + name + '-stemmer.js', function () {
          var Make = window[name.charAt(0).toUpperCase() + name.slice(1) + 'Stemmer'];
          var stemmer = null;
          try { stemmer = Make ? new Make() : null; } catch (e) { stemmer = null; }
          finish(m, stemmer);
        });
      });
    });
  }
  /* A term's documents, decoded once: document number times two, plus one in a title. The build writes each
     as the gap to the previous document (times two, plus the title bit) in base-32 varints, low digits first;
     a digit of the upper half of DIGITS says more follow. */
  var DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
  function docsOf(term) {
    if (!term.docs) {
      var out = [], d = 0, v = 0, shift = 0;
      for (var i = 0; i < term.code.length; i++) {
        var c = DIGITS.indexOf(term.code.charAt(i));
        v += (c & 31) * Math.pow(2, shift);
        if (c & 32) { shift += 5; continue; }
        d += Math.floor(v / 2);
        out.push(d * 2 + (v & 1));
        v = 0; shift = 0;
      }
      term.docs = out;
    }
    return term.docs;
  }
  /* The first position in the sorted forms whose folded text is not below f. */
  function lowerBound(forms, f) {
    var lo = 0, hi = forms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (forms[mid].f < f) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  /* True when a and b differ by at most one edit: a letter added, dropped or changed, or two neighbours swapped. */
  function oneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      return a.slice(i + 1) === b.slice(i + 1)
        || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  /* Edit distance with swaps of neighbours (optimal string alignment), or max + 1 once it exceeds max. */
  function distance(a, b, max) {
    a = Array.from(a); b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  /* The terms a query word finds, each with its best match quality: {term index: quality}. Only the last word
     of the query, which the reader may still be typing, finds the words it begins. */
  function termsFor(W, w, last) {
    var f = fold(w), found = Object.create(null);
    function add(t, q) { if (!(found[t] >= q)) found[t] = q; }
    var i = lowerBound(W.forms, f);
    for (var k = i; k < W.forms.length && W.forms[k].f === f; k++) add(W.forms[k].t, EXACT);
    var s = W.stem(w);
    if (s in W.byKey) add(W.byKey[s], STEM);
    if (last && (letters(f) >= 2 || hangul(f))) {
      for (k = i; k < W.forms.length && W.forms[k].f.lastIndexOf(f, 0) === 0; k++) add(W.forms[k].t, START);
    }
    if (hangul(f)) {
      /* No stemmer for Korean: a noun with its particle ("서울에서") finds the noun ("서울"). */
      var chars = Array.from(f);
      for (var cutAt = chars.length - 1; cutAt >= Math.max(1, chars.length - 2); cutAt--) {
        var head = chars.slice(0, cutAt).join('');
        for (k = lowerBound(W.forms, head); k < W.forms.length && W.forms[k].f === head; k++) add(W.forms[k].t, START);
      }
    }
    if (letters(f) >= 5) {
      W.forms.forEach(function (form) { if (oneEdit(f, form.f)) add(form.t, TYPO); });
      /* Stems too ("vladivostocks"), when both keep five letters: one edit in a shorter stem is too loose. */
      if (letters(s) >= 5) W.terms.forEach(function (term, t) { if (term.key.length >= 5 && oneEdit(s, term.key)) add(t, TYPO); });
    }
    return found;
  }

  function flat(d) {
    if (d.flat == null) d.flat = ' ' + tokens(d.t + ' ' + d.x + ' ' + d.a.join(' ')).map(fold).join(' ') + ' ';
    return d.flat;
  }

  /* True when the word is in the dossier as written, as a form of a word, or as the start of one. */
  function known(W, w) {
    var f = fold(w), i = lowerBound(W.forms, f);
    return W.stem(w) in W.byKey || (i < W.forms.length && W.forms[i].f.lastIndexOf(f, 0) === 0);
  }
  /* The query's words, a word the dossier lacks split in two that it has ("jongun": "jong un"). */
  function queryWords(W, query) {
    var out = [];
    tokens(query).forEach(function (w) {
      var chars = Array.from(w);
      if (chars.length >= 4 && !known(W, w)) {
        for (var i = 2; i <= chars.length - 2; i++) {
          var a = chars.slice(0, i).join(''), b = chars.slice(i).join('');
          var fa = fold(a), fb = fold(b);
          var ia = lowerBound(W.forms, fa), ib = lowerBound(W.forms, fb);
          if (W.forms[ia] && W.forms[ia].f === fa && W.forms[ib] && W.forms[ib].f === fb) {
            out.push(a, b);
            return;
          }
        }
      }
      out.push(w);
    });
    return out;
  }

  /* The ranked documents for a query ({i: number, score}), and the words of the dossier it matched (for
     highlighting). A passage or entry that names a person or place is found by the names (the build files
     them under its words). A phrase's bonus needs the documents' text: see withPhrase. */
  function search(W, query) {
    var qs = queryWords(W, query);
    var result = { hits: [], forms: [], words: qs, typed: query.match(WORD) || [], missing: [] };
    if (!qs.length) return result;
    var total = null;
    qs.forEach(function (w, i) {
      var found = termsFor(W, w, i === qs.length - 1);
      var scores = Object.create(null);
      var any = false;
      Object.keys(found).forEach(function (t) {
        var q = found[t], term = W.terms[t];
        any = true;
        term.forms.forEach(function (form) { result.forms.push(form); });
        docsOf(term).forEach(function (p) {
          var d = p >> 1, s = q + (p & 1 ? TITLE : BODY);
          if (!(scores[d] >= s)) scores[d] = s;
        });
      });
      if (!any) result.missing.push(w);
      if (total === null) { total = scores; return; }
      var both = Object.create(null);
      Object.keys(total).forEach(function (d) { if (d in scores) both[d] = total[d] + scores[d]; });
      total = both;
    });
    result.phrase = qs.length > 1 ? ' ' + qs.map(fold).join(' ') + ' ' : null;
    Object.keys(total).forEach(function (k) {
      var i = +k;
      if (i >= W.m.n) return;
      var y = ix.kindOf(W.m, i);
      result.hits.push({ i: i, y: y, score: total[k] + (y === 'e' || y === 'n' ? 1 : 0) });
    });
    result.hits.sort(byRank);
    return result;
  }
  function byRank(a, b) {
    return b.score - a.score || TYPE_RANK[a.y] - TYPE_RANK[b.y] || a.i - b.i;
  }
  /* The first `shown` hits with their documents, after the phrase bonus: only hits within the bonus of the
     last one shown can move, so only their documents (at most MAX_PHRASE) are loaded. done([{d, score}]). */
  var PHRASE = 2, MAX_PHRASE = 120;
  function withPhrase(result, shown, done) {
    var hits = result.hits;
    var pool = hits.slice(0, shown);
    if (result.phrase && hits.length > shown) {
      var floor = hits[shown - 1].score - PHRASE;
      for (var k = shown; k < hits.length && k < MAX_PHRASE && hits[k].score >= floor; k++) pool.push(hits[k]);
    }
    ix.docs(pool.map(function (h) { return h.i; }), function (docs) {
      var out = [];
      pool.forEach(function (h) {
        var d = docs[h.i];
        if (!d) return;
        var score = h.score + (result.phrase && flat(d).indexOf(result.phrase) >= 0 ? PHRASE : 0);
        out.push({ d: d, i: h.i, y: h.y, score: score });
      });
      out.sort(byRank);
      done(out.slice(0, shown));
    });
  }

  /* Up to three queries close to one that found nothing: each word the dossier lacks replaced by its nearest
     words (fewest edits, then most documents), kept only when the new query finds something. */
  function suggestions(W, result) {
    var qs = result.words;
    var lacking = result.missing.length ? result.missing : qs;
    var options = lacking.map(function (w) {
      var f = fold(w), max = letters(f) >= 5 ? 2 : 1, seen = Object.create(null), near = [];
      if (letters(f) < 3) return { w: w, near: near };
      W.forms.forEach(function (form) {
        if (seen[form.w]) return;
        var dist = distance(f, form.f, max);
        if (dist > max || dist === 0) return;
        seen[form.w] = true;
        near.push({ w: form.w, dist: dist, docs: docsOf(W.terms[form.t]).length });
      });
      near.sort(function (a, b) { return a.dist - b.dist || b.docs - a.docs || (a.w < b.w ? -1 : 1); });
      return { w: w, near: near.slice(0, 6) };
    });
    var out = [];
    for (var rank = 0; rank < 6 && out.length < 3; rank++) {
      var changed = false;
      var q = qs.map(function (w, i) {
        var o = options.filter(function (x) { return x.w === w; })[0];
        if (!o || !o.near.length) return w;
        changed = true;
        var near = o.near[Math.min(rank, o.near.length - 1)].w;
        /* Capitalised as the reader typed it. */
        var typed = result.typed[i] || '';
        return typed && typed.charAt(0) !== typed.charAt(0).toLowerCase()
          ? near.charAt(0).toUpperCase() + near.slice(1) : near;
      }).join(' ');
      if (changed && out.indexOf(q) < 0 && search(W, q).hits.length) out.push(q);
    }
    return out;
  }

  /* Text with the matched words marked, built as DOM nodes (never as HTML). */
  function pattern(forms, query) {
    var seen = Object.create(null);
    var list = forms.concat(tokens(query)).filter(function (w) { return w && !seen[w] && (seen[w] = true); });
    if (!list.length) return null;
    list.sort(function (a, b) { return b.length - a.length; });
    var alts = list.slice(0, 400).map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    return new RegExp('(^|[^\\p{L}\\p{N}])(' + alts.join('|') + ')', 'giu');
  }
  function marked(text, re) {
    var frag = document.createDocumentFragment();
    if (!re) { frag.appendChild(document.createTextNode(text)); return frag; }
    re.lastIndex = 0;
    var last = 0, m;
    while ((m = re.exec(text))) {
      var start = m.index + m[1].length;
      frag.appendChild(document.createTextNode(text.slice(last, start)));
      frag.appendChild(el('mark', null, m[2]));
      last = start + m[2].length;
      if (re.lastIndex === m.index) re.lastIndex++;
    }
    frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }
  /* Up to n characters of text around the first matched word. */
  function around(text, re, n) {
    if (text.length <= n) return text;
    var at = -1;
    if (re) { re.lastIndex = 0; var m = re.exec(text); if (m) at = m.index + m[1].length; }
    if (at < n / 3) return cut(text, n);
    var start = text.indexOf(' ', at - Math.floor(n / 3));
    if (start < 0 || start > at) start = at;
    return '…' + cut(text.slice(start + 1), n);
  }

  function hitItem(h, re) {
    var d = h.d;
    var li = el('li', 'hit hit-' + d.y);
    var meta = el('p', 'hit-meta');
    meta.appendChild(el('span', 'hit-type', msg('type-' + d.y)));
    meta.appendChild(document.createTextNode(' ' + d.b));
    var a = el('a');
    a.href = root + d.h;
    var title = el('p', 'hit-title');
    title.appendChild(a);
    li.appendChild(meta);
    li.appendChild(title);
    if (d.y === 'p') {
      a.appendChild(el('span', 'hit-source', d.t));
      var quote = el('q');
      quote.appendChild(marked(around(d.x, re, 260), re));
      var body = el('p', 'hit-text');
      body.appendChild(quote);
      li.appendChild(body);
    } else {
      a.appendChild(marked(d.t, re));
      var extra = d.x;
      if (d.a.length) extra = msg('also-written', null, { names: d.a.join('; ') }) + ' ' + extra;
      if (extra) {
        var p = el('p', 'hit-text');
        p.appendChild(marked(around(extra, re, 220), re));
        li.appendChild(p);
      }
    }
    if (d.s) li.classList.add('status-' + d.s);
    return li;
  }
  /* "Did you mean a, b or c?" with each suggestion a link that runs it. */
  function didYouMean(list, run) {
    var p = el('span', 'did-you-mean');
    var parts = msg('did-you-mean', null, { suggestions: '\u0000' }).split('\u0000');
    p.appendChild(document.createTextNode(parts[0]));
    var pieces = list.map(function (q) { return { type: 'element', value: q }; });
    try {
      pieces = new Intl.ListFormat(page.lang, { type: 'disjunction' }).formatToParts(list);
    } catch (e) { /* older browsers: the suggestions one after the other */ }
    pieces.forEach(function (piece) {
      if (piece.type !== 'element') { p.appendChild(document.createTextNode(piece.value)); return; }
      var a = el('a', null, piece.value);
      a.href = 'search.html?q=' + encodeURIComponent(piece.value);
      a.addEventListener('click', function (e) { e.preventDefault(); run(piece.value); });
      p.appendChild(a);
    });
    p.appendChild(document.createTextNode(parts[1] || ''));
    return p;
  }

  function init() {
    var list = document.getElementById('search-results');
    var input = document.getElementById('q');
    var status = document.getElementById('search-status');
    if (!list || !input || !status) return;
    var timer = 0;
    function remember() {
      try {
        var url = new URL(location.href);
        if (input.value.trim()) url.searchParams.set('q', input.value.trim());
        else url.searchParams.delete('q');
        history.replaceState(null, '', url.href);
      } catch (e) { /* file:// may refuse; the results are shown anyway */ }
    }
    function run() {
      var query = input.value.trim();
      loadWords(function (W) {
        if (query !== input.value.trim()) return;
        if (!query) {
          list.textContent = '';
          status.textContent = msg('search-ready', W.m.n);
          return;
        }
        loadFor(W, query, function () {
          if (query !== input.value.trim()) return;
          var result = search(W, query);
          var hits = result.hits;
          if (!hits.length) {
            list.textContent = '';
            status.textContent = msg('no-results', null, { query: query });
            var near = suggestions(W, result);
            if (near.length) {
              status.appendChild(document.createTextNode(' '));
              status.appendChild(didYouMean(near, function (q) { input.value = q; remember(); run(); input.focus(); }));
            }
            return;
          }
          withPhrase(result, SHOWN, function (shown) {
            if (query !== input.value.trim()) return;
            list.textContent = '';
            status.textContent = hits.length > SHOWN ? msg('results-capped', hits.length, { query: query, shown: String(SHOWN) })
              : msg('results', hits.length, { query: query });
            var re = pattern(result.forms, query);
            shown.forEach(function (h) { list.appendChild(hitItem(h, re)); });
          });
        });
      });
    }
    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(); remember(); }, 120);
    });
    input.form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(); remember(); });
    run();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
