// dossier serve: live reload and the build-error overlay. Injected only by `dossier serve`, never by `build`.
(function () {
  "use strict";
  var script = document.currentScript;
  var pageBuild = script ? script.getAttribute("data-build") || "" : "";
  var host = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    // Text only, never markup: messages quote the editor's content.
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var CSS =
    ":host{all:initial}" +
    ".panel{position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
    "background:#1d1f21;color:#eee;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
    "border-top:4px solid #e5484d;box-shadow:0 -8px 30px rgba(0,0,0,.35);padding:14px 18px 18px}" +
    ".head{display:flex;gap:12px;align-items:baseline;justify-content:space-between;margin-bottom:8px}" +
    ".title{font-weight:700;color:#ff8b8b}.note{color:#aaa;font-size:12px}" +
    "button{all:unset;cursor:pointer;color:#ccc;font-size:20px;padding:0 6px}button:hover{color:#fff}" +
    ".item{border-top:1px solid #333;padding:10px 0}" +
    ".where{color:#8ab4f8;font-weight:600}.msg{margin:2px 0 4px;white-space:pre-wrap}" +
    ".warning .msg{color:#f5d90a}.error .msg{color:#ff8b8b}" +
    ".hint{color:#b5e8a8;white-space:pre-wrap}" +
    "pre{margin:6px 0 0;padding:8px;background:#111;border-radius:4px;overflow:auto;color:#ddd;font:inherit;font-size:12px}";

  function hide() {
    if (host) {
      host.remove();
      host = null;
    }
  }

  function show(status) {
    hide();
    host = el("div");
    host.id = "dossier-error-overlay";
    host.setAttribute("role", "alert");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = el("style");
    style.textContent = CSS;
    root.appendChild(style);
    var panel = el("div", "panel");
    var head = el("div", "head");
    var titles = el("div");
    var errors = (status.diagnostics || []).filter(function (d) {
      return d.severity === "error";
    }).length;
    titles.appendChild(el("div", "title", "dossier: the rebuild failed with " + errors + " error(s)"));
    titles.appendChild(
      el("div", "note", pageBuild
        ? "This page is the last good build. It reloads by itself when the files are fixed."
        : "The site has not built yet. This page reloads by itself when the files are fixed.")
    );
    var close = el("button", "", "\u00d7");
    close.setAttribute("aria-label", "Hide until the next error");
    close.addEventListener("click", hide);
    head.appendChild(titles);
    head.appendChild(close);
    panel.appendChild(head);
    (status.diagnostics || []).forEach(function (d) {
      var item = el("div", "item " + d.severity);
      var where = d.file + (d.line ? ":" + d.line + ":" + d.column : "");
      item.appendChild(el("div", "where", where));
      item.appendChild(el("div", "msg", d.severity + ": " + d.message));
      (d.hints || []).forEach(function (h) {
        item.appendChild(el("div", "hint", "hint: " + h));
      });
      if (d.snippet) item.appendChild(el("pre", "", d.snippet));
      panel.appendChild(item);
    });
    root.appendChild(panel);
    (document.body || document.documentElement).appendChild(host);
  }

  function handle(event) {
    var status;
    try {
      status = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (!status.ok) {
      show(status);
    } else if (status.build !== pageBuild) {
      window.location.reload();
    } else {
      hide();
    }
  }

  if (!window.EventSource) return;
  var source = new EventSource("/__dossier/events");
  ["hello", "reload", "error"].forEach(function (name) {
    source.addEventListener(name, handle);
  });
})();
