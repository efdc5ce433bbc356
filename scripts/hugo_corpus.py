#!/usr/bin/env python3
"""Converts a built dossier into a Hugo site doing the equivalent work, for `scripts/bench.py --peers`.

Usage: scripts/hugo_corpus.py DOSSIER_JSON HUGO_DIR

Reads the `dossier.json` that `dossier build` wrote for a corpus (sources with their text, passages with their
offsets, sections with their entries) and writes HUGO_DIR: one content page per source, its text in
paragraphs with every passage marked (`<mark>`, an anchor per passage) and the entries citing each passage
listed; the sections' entries as data files (YAML, parsed by Hugo as dossier parses its annotations); and a
theme that renders one aggregating page per section (each entry's title, Markdown body and quote, linked to the
passage on its source page), the list of sources and a home page.

The passages are located here, once: Hugo has no way to anchor a quote in a text, so it is given the marks
and does less than dossier (no quote matching, no link checks, no search index or exports). Deterministic:
the same dossier.json gives the same bytes. Needs only Python 3.
"""

import html
import json
import shutil
import sys
from pathlib import Path

CONFIG = """baseURL = "https://example.org/bench/"
languageCode = "en"
title = {title}
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""

BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><nav><a href="{{ "" | relURL }}">{{ site.Title }}</a>
{{ range $id, $s := site.Data.sections }}<a href="{{ printf "sections/%s/" $id | relURL }}">{{ $s.title }}</a> {{ end }}
<a href="{{ "sources/" | relURL }}">Sources</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""

HOME = """{{ define "main" }}<h1>{{ site.Title }}</h1>
<ul>{{ range $id, $s := site.Data.sections }}<li><a href="{{ printf "sections/%s/" $id | relURL }}">{{ $s.title }}</a>: {{ len $s.entries }} entries</li>{{ end }}</ul>
{{ end }}
"""

# The sources' list page.
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ol>{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>, {{ .Params.outlet }}, {{ .Date.Format "2 January 2006" }}</li>{{ end }}</ol>
{{ end }}
"""

SOURCE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p class="meta">{{ .Params.outlet }}, {{ .Date.Format "2 January 2006" }}</p>
{{ .Content }}
<h2>Cited passages</h2>
<ul>{{ range .Params.citers }}<li><a href="#{{ .passage }}">{{ .passage }}</a>: <a href="{{ printf "sections/%s/#%s" .section .entry | relURL }}">{{ .title }}</a></li>{{ end }}</ul>
</article>{{ end }}
"""

# One page per section, aggregating every entry (and so every source) from the section's data file.
SECTION = """{{ define "main" }}{{ $s := index site.Data.sections .File.ContentBaseName }}
<h1>{{ $s.title }}</h1>
{{ $s.summary | markdownify }}
{{ range $s.entries }}<section id="{{ .id }}"><h2>{{ .title }}</h2>
<p class="kind">{{ .kind }}{{ with .claimant }}, claimed by {{ . }}{{ end }}{{ with .status }} ({{ . }}){{ end }}</p>
{{ .body | markdownify }}
{{ range .evidence }}<blockquote><p>{{ .text }}</p>
<footer><a href="{{ printf "sources/%s/#%s" .source .passage | relURL }}">{{ .source_title }}</a>, {{ .outlet }}</footer></blockquote>{{ end }}
</section>
{{ end }}{{ end }}
"""


def y(s):
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(s, ensure_ascii=False)


def marked_text(text, spans):
    """The source's text as HTML paragraphs, every passage marked. `spans` are (start, end, id) in UTF-8 bytes;
    passages may overlap or nest, so the text is cut at every boundary and each covered piece is marked."""
    raw = text.encode()
    cuts = {0, len(raw)}
    starts = {}
    for a, b, pid in spans:
        cuts.update((a, b))
        starts.setdefault(a, []).append(pid)
    cuts = sorted(cuts)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        for pid in starts.get(a, ()):
            out.append(f'<a id="{pid}"></a>')
        piece = html.escape(raw[a:b].decode(), quote=False)
        if any(s <= a and b <= e for s, e, _ in spans):
            # A passage never spans a line break here, but be safe: close and reopen around one.
            piece = "<mark>" + piece.replace("\n", "</mark>\n<mark>") + "</mark>"
        out.append(piece)
    paragraphs = "".join(out).split("\n")
    return "\n\n".join(p.strip() for p in paragraphs if p.strip()) + "\n"


def convert(model, site):
    if site.exists():
        shutil.rmtree(site)
    for d in ("content/sources", "content/sections", "data/sections", "layouts/_default", "layouts/sources",
              "layouts/sections", "static"):
        (site / d).mkdir(parents=True, exist_ok=True)
    (site / "config.toml").write_text(CONFIG.format(title=y(model["title"])))
    (site / "layouts/_default/baseof.html").write_text(BASEOF)
    (site / "layouts/index.html").write_text(HOME)
    (site / "layouts/_default/list.html").write_text(LIST)
    (site / "layouts/sources/single.html").write_text(SOURCE)
    (site / "layouts/sections/single.html").write_text(SECTION)
    (site / "static/style.css").write_text("mark { background: #fe6; }\n")

    sources = {s["id"]: s for s in model["sources"]}
    passages = {p["id"]: p for p in model["passages"]}
    spans = {sid: [] for sid in sources}
    for p in model["passages"]:
        spans[p["source"]].append((p["utf8_start"], p["utf8_end"], p["id"]))
    citers = {sid: [] for sid in sources}

    for sec in model["sections"]:
        lines = [f"title: {y(sec['title'])}", f"summary: {y(sec['summary'])}", "entries:"]
        for e in sec["entries"]:
            lines += [f"  - id: {y(e['id'])}", f"    kind: {y(e['kind'])}", f"    title: {y(e['title'])}",
                      f"    body: {y(e['body'])}"]
            if e.get("claimant"):
                lines.append(f"    claimant: {y(e['claimant'])}")
            if e.get("status"):
                lines.append(f"    status: {y(e['status'])}")
            lines.append("    evidence:")
            for ev in e["evidence"]:
                src = sources[ev["source"]]
                lines += [f"      - source: {y(ev['source'])}", f"        passage: {y(ev['passage'])}",
                          f"        text: {y(passages[ev['passage']]['text'])}",
                          f"        source_title: {y(src['title'])}", f"        outlet: {y(src['outlet'])}"]
                citers[ev["source"]].append((ev["passage"], sec["id"], e["id"], e["title"]))
        (site / "data/sections" / f"{sec['id']}.yaml").write_text("\n".join(lines) + "\n")
        (site / "content/sections" / f"{sec['id']}.md").write_text(f"---\ntitle: {y(sec['title'])}\n---\n")

    (site / "content/sources/_index.md").write_text("---\ntitle: Sources\n---\n")
    for sid, s in sources.items():
        front = [f"title: {y(s['title'])}", f"date: {s['published']}", f"outlet: {y(s['outlet'])}", "citers:"]
        for pid, sec, eid, title in citers[sid]:
            front += [f"  - passage: {y(pid)}", f"    section: {y(sec)}", f"    entry: {y(eid)}",
                      f"    title: {y(title)}"]
        body = marked_text(s["text"], sorted(spans[sid]))
        (site / "content/sources" / f"{sid}.md").write_text("---\n" + "\n".join(front) + "\n---\n" + body)
    (site / "content/_index.md").write_text(f"---\ntitle: {y(model['title'])}\n---\n")
    return len(sources), len(model["passages"])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    model = json.loads(Path(sys.argv[1]).read_text())
    n, p = convert(model, Path(sys.argv[2]))
    print(f"{sys.argv[2]}: Hugo site of {n} sources, {p} passages")


if __name__ == "__main__":
    main()
