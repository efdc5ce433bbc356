/* dossier: source pages. Progressive enhancement only: without this script each paragraph's notes sit beside it
   (wide screens) or below it, and a landing marks the passage's first segment. Loaded by source pages only,
   after dossier.js, whose words and search index it uses (window.dossier). */
(function () {
  'use strict';
  var d = window.dossier;
  var text = document.querySelector('.source-text');
  if (!d || !text) return;
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };

  /* Each note moves down to its marker's line, as far as its paragraph's row allows: the notes keep their
     order, never overlap, and the row never grows, so nothing below moves. */
  function placeNotes() {
    var lists = text.querySelectorAll('.notes');
    each(lists, function (ol) { each(ol.children, function (li) { li.style.marginTop = ''; }); });
    if (getComputedStyle(text).display !== 'grid') return;
    each(lists, function (ol) {
      var notes = Array.prototype.slice.call(ol.children);
      var p = ol.previousElementSibling;
      if (!notes.length || !p) return;
      var top = ol.getBoundingClientRect().top;
      var boxes = notes.map(function (li) {
        var r = li.getBoundingClientRect();
        var m = text.querySelector('.fn a[href="#' + li.id + '"]');
        return { y: r.top - top, h: r.height, want: m ? m.getBoundingClientRect().top - top : 0 };
      });
      var gap = notes.length > 1 ? boxes[1].y - boxes[0].y - boxes[0].h : 0;
      var last = boxes[boxes.length - 1];
      var end = 0;
      /* Down to the marker, after the note above; then back up from the row's end where that overflows. */
      boxes.forEach(function (b) { b.at = Math.max(b.want, end); end = b.at + b.h + gap; });
      end = Math.max(p.getBoundingClientRect().bottom - top, last.y + last.h);
      for (var i = boxes.length - 1; i >= 0; i--) {
        boxes[i].at = Math.max(boxes[i].y, Math.min(boxes[i].at, end - boxes[i].h));
        end = boxes[i].at - gap;
      }
      boxes.forEach(function (b, i) {
        var shift = b.at - b.y - (i ? boxes[i - 1].at - boxes[i - 1].y : 0);
        if (shift > 0.5) notes[i].style.marginTop = shift + 'px';
      });
    });
  }
  var placing = 0;
  function placeSoon() {
    if (!placing) placing = requestAnimationFrame(function () { placing = 0; placeNotes(); });
  }

  /* Focuses `a`, and again once the page has settled: landing on a fragment that cannot take focus makes the
     browser clear the focus a moment later. */
  function keepFocus(a) {
    function settle() {
      if (!document.activeElement || document.activeElement === document.body) a.focus({ preventScroll: true });
    }
    a.focus({ preventScroll: true });
    function later() { requestAnimationFrame(function () { setTimeout(settle, 0); }); }
    if (document.readyState === 'complete') later(); else window.addEventListener('load', later);
  }

  /* Landing on a passage (#q-...): every segment of it is marked, not only the first, and a link leads back to
     the point the reader came from (remembered by dossier.js when an evidence link is followed) or, failing
     that, to each point quoting the passage (from the search index). */
  function land() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^q-/.test(id)) return;
    var marks = Array.prototype.filter.call(text.querySelectorAll('mark.q'), function (m) {
      return (m.getAttribute('data-passages') || '').split(' ').indexOf(id) >= 0;
    });
    if (!marks.length) return;
    each(text.querySelectorAll('mark.landed'), function (m) { m.classList.remove('landed'); });
    each(text.querySelectorAll('.landing'), function (b) { b.parentNode.removeChild(b); });
    marks.forEach(function (m) { m.classList.add('landed'); });
    var bar = d.el('p', 'landing');
    /* After the paragraph where the passage ends, and its notes: nothing above the passage moves. */
    var after = marks[marks.length - 1].closest('p');
    var next = after.nextElementSibling;
    if (next && next.classList.contains('notes')) after = next;
    function offer(label, links) {
      bar.appendChild(document.createTextNode(label + ' '));
      links.forEach(function (l, i) {
        if (i) bar.appendChild(document.createTextNode(' · '));
        var a = d.el('a', null, l.title);
        a.href = l.href;
        bar.appendChild(a);
      });
      after.parentNode.insertBefore(bar, after.nextSibling);
      placeSoon();
      keepFocus(bar.querySelector('a'));
    }
    var here = location.href.split('#')[0].split('?')[0];
    var from = null;
    try { from = JSON.parse(sessionStorage.getItem('dossier-from')); } catch (err) { from = null; }
    if (from && from.to === here + '#' + id) {
      offer(d.msg('landing-back'), [from]);
      return;
    }
    d.index.docAt(here.slice(d.root.length) + '#' + id, function (doc) {
      if (!doc || !(doc.e || []).length || bar.parentNode) return;
      d.index.docs(doc.e, function (cited) {
        if (bar.parentNode) return;
        offer(d.msg('landing-cited'), doc.e.filter(function (i) { return cited[i]; })
          .map(function (i) { return { href: d.root + cited[i].h, title: cited[i].t }; }));
      });
    });
  }

  placeNotes();
  window.addEventListener('resize', placeSoon);
  window.addEventListener('load', placeSoon);
  document.addEventListener('toggle', placeSoon, true);
  text.addEventListener('focusin', placeSoon);
  text.addEventListener('focusout', placeSoon);
  window.addEventListener('hashchange', land);
  /* Print every line of every note, folded or not. */
  window.addEventListener('beforeprint', function () {
    each(text.querySelectorAll('.notes details'), function (x) { x.open = true; });
  });
  land();
}());
