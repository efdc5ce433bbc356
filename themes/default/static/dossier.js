/* dossier: link previews, and the documents the search page shares (search.js). Progressive enhancement only:
   every page reads fully without this script. The search index is scripts (search-index.js and its shards)
   loaded on demand, so it works from file:// and any sub-folder. */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !window.URL) return;
  var root = new URL('..', me.src).href;
  /* The interface words, from the theme's locale files: {lang, m: {id: {plural category: text}}}. */
  var words = { lang: 'en', m: {} };
  try { words = JSON.parse(document.getElementById('dossier-messages').textContent); } catch (e) { /* keep ids */ }
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(words.lang) : null;
  /* Message `id` for the count n (or null), with each {name} of args filled in. */
  function msg(id, n, args) {
    var forms = words.m[id];
    if (!forms) return id;
    var text = (n != null && plural && forms[plural.select(n)]) || forms.other || id;
    if (n != null) text = text.split('{n}').join(String(n));
    Object.keys(args || {}).forEach(function (k) { text = text.split('{' + k + '}').join(args[k]); });
    return text;
  }

  /* ---------- The search index, in shards (see src/render/search/shards.rs) ----------
     search-index.js, the manifest, says how the rest is split: words in ranges (search/t<k>.js), documents by
     number (search/d<k>.js), links to document numbers by a hash of the link (search/h<k>.js). Each shard is
     a script that hands its data to DOSSIER_SHARD, loaded once, when first needed. */
  var manifest = null;
  var manifestWaiting = [];
  var shards = Object.create(null);
  var shardWaiting = Object.create(null);
  function script(src, done) {
    var s = document.createElement('script');
    s.src = src;
    s.onload = function () { done(true); };
    s.onerror = function () { done(false); };
    document.head.appendChild(s);
  }
  function loadManifest(cb) {
    if (manifest) { cb(manifest); return; }
    manifestWaiting.push(cb);
    if (manifestWaiting.length > 1) return;
    script(root + 'assets/search-index.js', function () {
      var m = window.DOSSIER_INDEX;
      manifest = m && m.v === 3 ? m : { v: 3, l: null, n: 0, y: [0, 0, 0], c: 1, h: 1, p: [] };
      var w = manifestWaiting; manifestWaiting = [];
      w.forEach(function (f) { f(manifest); });
    });
  }
  window.DOSSIER_SHARD = function (kind, k, data) {
    shards[kind + k] = data;
  };
  /* Shard `kind` number k: done(data), or done(null) when it cannot be loaded. */
  function loadShard(kind, k, done) {
    var name = kind + k;
    if (name in shards) { done(shards[name]); return; }
    if (shardWaiting[name]) { shardWaiting[name].push(done); return; }
    shardWaiting[name] = [done];
    script(root + 'assets/search/' + name + '.js', function () {
      if (!(name in shards)) shards[name] = null;
      var w = shardWaiting[name]; delete shardWaiting[name];
      w.forEach(function (f) { f(shards[name]); });
    });
  }
  /* Every shard of the list [kind, k] loaded (in parallel), then done(). */
  function loadShards(list, done) {
    var left = list.length + 1;
    function one() { if (--left === 0) done(); }
    list.forEach(function (s) { loadShard(s[0], s[1], one); });
    one();
  }
  /* A document's kind from its number: entity, entry, passage or timeline moment. */
  function kindOf(m, i) {
    return i < m.y[0] ? 'n' : i < m.y[1] ? 'e' : i < m.y[2] ? 'p' : 'm';
  }
  var prepared = Object.create(null);
  /* Document i of its shard, ready to show: a passage gets its source's page, credit and who cites it. */
  function prepare(m, data, i) {
    if (prepared[i]) return prepared[i];
    var d = data && data.d[i - Math.floor(i / m.c) * m.c];
    if (!d) return null;
    d.i = i;
    if (d.o != null) {
      var src = data.s[d.o] || { h: '', t: '', b: '' };
      var entries = (d.e || []).filter(function (c) { return kindOf(m, c) === 'e'; }).length;
      var moments = (d.e || []).length - entries;
      var e = msg('cited-entries', entries), mo = msg('cited-moments', moments);
      var by = entries && moments ? msg('cited-by-both', null, { entries: e, moments: mo })
        : msg('cited-by', null, { who: entries ? e : mo });
      d.h = src.h + '#' + d.h;
      d.t = src.t;
      d.b = src.b + ' · ' + by;
    }
    d.a = d.a || [];
    prepared[i] = d;
    return d;
  }
  /* The documents numbered `ids`: done({number: document}), loading the shards that hold them. */
  function docs(ids, done) {
    loadManifest(function (m) {
      var wanted = Object.create(null);
      ids.forEach(function (i) { if (i >= 0 && i < m.n) wanted[Math.floor(i / m.c)] = true; });
      loadShards(Object.keys(wanted).map(function (k) { return ['d', k]; }), function () {
        var out = Object.create(null);
        ids.forEach(function (i) {
          var d = prepare(m, shards['d' + Math.floor(i / m.c)], i);
          if (d) out[i] = d;
        });
        done(out);
      });
    });
  }
  /* The link shard of a root-relative link: FNV-1a over its UTF-16 units, as the build computes it. */
  function linkShard(href, count) {
    var h = 0x811c9dc5;
    for (var i = 0; i < href.length; i++) {
      h ^= href.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % count;
  }
  /* The document a root-relative link points to: done(document or null). */
  function docAt(href, done) {
    loadManifest(function (m) {
      loadShard('h', linkShard(href, m.h), function (links) {
        var i = links && Object.prototype.hasOwnProperty.call(links, href) ? links[href] : -1;
        if (i < 0) { done(null); return; }
        docs([i], function (found) { done(found[i] || null); });
      });
    });
  }
  var index = { manifest: loadManifest, shard: loadShard, shards: loadShards, docs: docs, docAt: docAt, kindOf: kindOf, script: script };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function cut(text, n) {
    if (text.length <= n) return text;
    var s = text.slice(0, n);
    var sp = s.lastIndexOf(' ');
    return (sp > n * 0.6 ? s.slice(0, sp) : s) + '…';
  }

  /* ---------- Previews of cross-links (hover and keyboard focus) ---------- */
  var PREVIEWABLE = /^(sections\/[^#?]+\.html#[^#]+|sources\/[^#?]+\.html#q-[^#]+|timeline\.html#[^#]+|entities\.html#[^#]+)$/;
  var tip = null, current = null, hideTimer = 0, showTimer = 0;

  function targetOf(a) {
    if (!a || !a.href || a.closest('.site-nav, .toc, .pv, .results, .landing') || a.classList.contains('self')) return null;
    var href = a.href.split('?')[0];
    if (href.indexOf(root) !== 0) return null;
    var rel = href.slice(root.length).replace(/^([^#]*\.html)\?[^#]*/, '$1');
    return PREVIEWABLE.test(rel) ? rel : null;
  }
  function build(d, cited) {
    var box = document.createDocumentFragment();
    box.appendChild(el('p', 'pv-meta', d.y === 'p' ? d.t : d.b));
    if (d.y === 'p') {
      /* The passage in its paragraph: the words around it are the context the evidence list lacks. */
      var q = el('p', 'pv-quote');
      var c = d.c || ['', ''];
      q.appendChild(el('span', 'pv-ctx', c[0]));
      q.appendChild(el('mark', null, cut(d.x, 320)));
      q.appendChild(el('span', 'pv-ctx', c[1]));
      box.appendChild(q);
      var by = (d.e || []).map(function (i) { return cited[i] && cited[i].t; }).filter(Boolean);
      box.appendChild(el('p', 'pv-meta', by.length ? msg('cited-by-list', null, { titles: by.join(' · ') }) : d.b));
    } else {
      box.appendChild(el('p', 'pv-title', d.t));
      if (d.x) box.appendChild(el('p', 'pv-text', cut(d.x, 240)));
    }
    return box;
  }
  function place(a) {
    var r = a.getBoundingClientRect();
    var w = Math.min(360, document.documentElement.clientWidth - 16);
    tip.style.width = w + 'px';
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - w - 8));
    var h = tip.offsetHeight;
    var below = r.bottom + 8;
    var top = below + h > window.innerHeight && r.top - h - 8 > 0 ? r.top - h - 8 : below;
    tip.style.left = left + window.scrollX + 'px';
    tip.style.top = top + window.scrollY + 'px';
  }
  function show(a) {
    var rel = targetOf(a);
    if (!rel) return;
    clearTimeout(hideTimer);
    current = a;
    docAt(rel, function (d) {
      if (current !== a || !d) return;
      docs(d.e || [], function (cited) { if (current === a) showDoc(a, d, cited); });
    });
  }
  function showDoc(a, d, cited) {
    if (!tip) {
      tip = el('div', 'pv');
      tip.id = 'dossier-preview';
      tip.setAttribute('role', 'tooltip');
      tip.addEventListener('mouseenter', function () { clearTimeout(hideTimer); });
      tip.addEventListener('mouseleave', function () { hide(0); });
      document.body.appendChild(tip);
    }
    tip.textContent = '';
    tip.appendChild(build(d, cited));
    tip.hidden = false;
    place(a);
    a.setAttribute('aria-describedby', tip.id);
  }
  function hide(delay) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (current) current.removeAttribute('aria-describedby');
      current = null;
      if (tip) tip.hidden = true;
    }, delay);
  }
  function linkOf(e) {
    return e.target && e.target.closest ? e.target.closest('a[href]') : null;
  }
  function initPreviews() {
    document.addEventListener('mouseover', function (e) {
      var a = linkOf(e);
      if (!a || a === current || !targetOf(a)) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(a); }, 250);
    });
    document.addEventListener('mouseout', function (e) {
      var a = linkOf(e);
      if (a && (!e.relatedTarget || !a.contains(e.relatedTarget))) hide(300);
    });
    document.addEventListener('focusin', function (e) {
      var a = linkOf(e);
      if (a && targetOf(a)) show(a); else if (current) hide(0);
    });
    document.addEventListener('focusout', function (e) {
      if (linkOf(e) === current) hide(150);
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && current) hide(0);
    });
    window.addEventListener('scroll', function () { if (current && tip && !tip.hidden) place(current); }, { passive: true });
  }

  /* What the search page's script (search.js) shares: the documents, the interface words, DOM helpers. */
  window.dossierPage = { root: root, index: index, msg: msg, el: el, cut: cut, lang: words.lang };

  /* A search page whose template predates search.js (a theme ejected earlier) gets it here. Deferred scripts
     have all run by DOMContentLoaded, so a search.js the page names has marked itself by then. */
  function searchFallback() {
    if (!document.getElementById('search-results') || window.dossierSearch) return;
    var s = document.createElement('script');
    s.src = root + 'assets/search.js';
    document.head.appendChild(s);
  }

  /* ---------- Following evidence to a passage: remembered for the way back (source.js offers it) ---------- */
  function remember(e) {
    var a = linkOf(e);
    if (!a || !/#q-/.test(a.getAttribute('href') || '')) return;
    var box = a.closest('.entry, .moment');
    var at = a.closest('[id]');
    try {
      sessionStorage.removeItem('dossier-from');
      var h = box && at && box.querySelector('h2');
      if (h) sessionStorage.setItem('dossier-from', JSON.stringify({ to: a.href, href: location.href.split('#')[0] + '#' + at.id, title: h.textContent.trim() }));
    } catch (err) { /* storage refused: the passage's citers are offered instead */ }
  }

  function start() {
    initPreviews();
    document.addEventListener('click', remember, true);
  }
  /* What source.js shares: the words, the search index, the site root. */
  window.dossier = { msg: msg, index: index, root: root, el: el };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
  if (document.readyState === 'complete') searchFallback();
  else document.addEventListener('DOMContentLoaded', searchFallback);
}());
