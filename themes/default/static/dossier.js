/* dossier: link previews, and the documents the search page shares (search.js). Progressive enhancement only:
   every page reads fully without this script. The index is a script (search-index.js) loaded on demand, so it
   works from file:// and any sub-folder. */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !window.URL) return;
  var root = new URL('..', me.src).href;
  var index = null;
  var waiting = [];
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

  function prepare(ix) {
    var docs = ix.d;
    var byHref = {};
    docs.forEach(function (d, i) {
      d.i = i;
      if (d.o != null) {
        var src = ix.s[d.o];
        var entries = (d.e || []).filter(function (i) { return docs[i].y === 'e'; }).length;
        var moments = (d.e || []).length - entries;
        var e = msg('cited-entries', entries), m = msg('cited-moments', moments);
        var by = entries && moments ? msg('cited-by-both', null, { entries: e, moments: m })
          : msg('cited-by', null, { who: entries ? e : m });
        d.h = src.h + '#' + d.h;
        d.t = src.t;
        d.b = src.b + ' · ' + by;
      }
      d.a = d.a || [];
      byHref[d.h] = d;
    });
    return { docs: docs, byHref: byHref };
  }
  function load(cb) {
    if (index) { cb(index); return; }
    waiting.push(cb);
    if (waiting.length > 1) return;
    var s = document.createElement('script');
    s.src = root + 'assets/search-index.js';
    s.onload = function () {
      index = prepare(window.DOSSIER_INDEX || { d: [] });
      var w = waiting; waiting = [];
      w.forEach(function (f) { f(index); });
    };
    s.onerror = function () { waiting = []; };
    document.head.appendChild(s);
  }
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
  function build(d, ix) {
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
      var by = (d.e || []).map(function (i) { return ix.docs[i] && ix.docs[i].t; }).filter(Boolean);
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
    load(function (ix) {
      var d = ix.byHref[rel];
      if (current !== a || !d) return;
      if (!tip) {
        tip = el('div', 'pv');
        tip.id = 'dossier-preview';
        tip.setAttribute('role', 'tooltip');
        tip.addEventListener('mouseenter', function () { clearTimeout(hideTimer); });
        tip.addEventListener('mouseleave', function () { hide(0); });
        document.body.appendChild(tip);
      }
      tip.textContent = '';
      tip.appendChild(build(d, ix));
      tip.hidden = false;
      place(a);
      a.setAttribute('aria-describedby', tip.id);
    });
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
  window.dossierPage = { root: root, load: load, msg: msg, el: el, cut: cut, lang: words.lang };

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
  window.dossier = { msg: msg, load: load, root: root, el: el };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
  if (document.readyState === 'complete') searchFallback();
  else document.addEventListener('DOMContentLoaded', searchFallback);
}());
