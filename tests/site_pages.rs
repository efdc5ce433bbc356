//! The reader's site, checked on the rendered files: page weight, standard files and meta, landmarks, no outside
//! requests, passage-level backlinks, clickable highlights, the entities index and the search index.

mod common;

use std::collections::HashMap;
use std::fs;

use dossier::render::{OutputFile, RenderOptions};
use dossier::resolve::Citer;
use serde_json::Value;

use common::{file, real_built as built};

fn pages(files: &[OutputFile]) -> impl Iterator<Item = (&str, &str)> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.as_str(), std::str::from_utf8(&f.bytes).unwrap()))
}

/// Every `src` and `href` of `<script>` and `<link>` elements of a page.
fn subresources(html: &str) -> Vec<String> {
    use html5gum::{Token, Tokenizer};
    let mut out = Vec::new();
    for token in Tokenizer::new(html).flatten() {
        if let Token::StartTag(t) = token {
            let attr = match t.name.as_slice() {
                b"script" => "src",
                b"link" => "href",
                b"img" | b"iframe" | b"source" => "src",
                _ => continue,
            };
            if t.name.as_slice() == b"link"
                && t.attributes.get(b"rel".as_slice()).map(|v| v.as_slice()) == Some(b"canonical")
            {
                continue;
            }
            if let Some(v) = t.attributes.get(attr.as_bytes()) {
                out.push(String::from_utf8_lossy(v).into_owned());
            }
        }
    }
    out
}

#[test]
fn no_page_weighs_over_100_kb_with_its_css_and_js() {
    let built = built();
    let mut report = Vec::new();
    for (path, html) in pages(&built.files) {
        let depth = path.matches('/').count();
        let mut bytes = html.len();
        for sub in subresources(html) {
            assert!(
                !sub.contains("://") && !sub.starts_with("//"),
                "{path}: outside request {sub}"
            );
            if sub.starts_with("data:") {
                continue;
            }
            let resolved = sub.trim_start_matches("../");
            assert_eq!(sub.matches("../").count(), depth, "{path}: {sub}");
            if resolved.ends_with("search-index.js") {
                continue;
            }
            bytes += file(&built.files, resolved).len();
        }
        report.push((bytes, path.to_owned()));
        assert!(
            bytes <= 100 * 1024,
            "{path} weighs {bytes} bytes with its CSS and JS"
        );
    }
    report.sort();
    let heaviest = report.last().unwrap();
    eprintln!(
        "heaviest page: {} at {:.1} KB (HTML+CSS+JS)",
        heaviest.1,
        heaviest.0 as f64 / 1024.0
    );
}

#[test]
fn every_page_has_landmarks_meta_and_the_standard_files_exist() {
    let built = built();
    for (path, html) in pages(&built.files) {
        for needle in [
            "<html lang=\"en\" dir=\"ltr\">",
            "<meta name=\"viewport\"",
            "<a class=\"skip-link\" href=\"#main\">",
            "<header class=\"masthead\">",
            "<nav class=\"wrap site-nav\" aria-label=\"Dossier\">",
            "<main id=\"main\"",
            "<footer class=\"site-footer\">",
            "<meta property=\"og:title\"",
            "<meta property=\"og:site_name\"",
            "<meta name=\"twitter:card\" content=\"summary\">",
            "<meta name=\"description\"",
            "rel=\"icon\"",
        ] {
            assert!(html.contains(needle), "{path} lacks {needle}");
        }
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
        assert!(!html.contains(" style=\""), "{path}");
        if path == "404.html" {
            // Served at any depth: its stylesheet inline, its links from a <base> its script corrects.
            assert!(
                html.contains("<style>:root{"),
                "404.html: no inline stylesheet"
            );
            assert!(html.contains("<base id=\"site-root\" href=\"/\">"));
            assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
            assert!(!html.contains("rel=\"canonical\"") && !html.contains("rel=\"stylesheet\""));
            continue;
        }
        for needle in ["assets/style.css", "assets/dossier.js\" defer>"] {
            assert!(html.contains(needle), "{path} lacks {needle}");
        }
        assert!(!html.contains("<style"), "{path}");
    }
    for path in [
        "robots.txt",
        "404.html",
        "assets/favicon.svg",
        "assets/search-index.js",
        "search.html",
        "corroboration.html",
        "entities.html",
        "annotations.jsonld",
        "dossier.json",
    ] {
        assert!(built.files.iter().any(|f| f.path == path), "no {path}");
    }
    let css = file(&built.files, "assets/style.css");
    for needle in [
        "prefers-color-scheme:dark",
        "@media print",
        ":focus-visible",
        "@font-face",
    ] {
        let present = css.replace(": ", ":").contains(needle);
        assert_eq!(present, needle != "@font-face", "style.css and {needle}");
    }
}

/// The note of a source page numbered `n`: from its `<li>` to its end.
fn note(html: &str, n: usize) -> &str {
    let start = html
        .find(&format!("<li class=\"sn\" id=\"n-{n}\">"))
        .unwrap_or_else(|| panic!("no note {n}"));
    let rest = &html[start..];
    &rest[..rest.find("</li>").unwrap()]
}

/// The number of the first marker after byte `at` of a source page.
fn marker_after(html: &str, at: usize) -> usize {
    let needle = "<sup class=\"fn\"><a href=\"#n-";
    let rest = &html[at + html[at..].find(needle).expect("a marker") + needle.len()..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

/// Where the last highlighted segment of passage `id` ends on a source page.
fn passage_end(html: &str, id: &str) -> usize {
    let mut end = None;
    for (at, _) in html.match_indices("<mark ") {
        let tag = &html[at..at + html[at..].find('>').unwrap()];
        let ids = tag.split("data-passages=\"").nth(1).unwrap_or("");
        if ids[..ids.find('"').unwrap()].split(' ').any(|p| p == id) {
            end = Some(at + html[at..].find("</mark>").unwrap());
        }
    }
    end.unwrap_or_else(|| panic!("no highlight of {id}"))
}

#[test]
fn each_passage_lists_every_citer_and_its_highlight_links_to_one() {
    let built = built();
    let site = &built.site;
    for (si, source) in site.sources.iter().enumerate() {
        let html = file(&built.files, &format!("sources/{}.html", source.id));
        for &p in &source.passages {
            let passage = site.passage(p);
            assert_eq!(passage.source, si);
            // The marker after the passage's last segment calls the note that links every citer, with its stance.
            let n = marker_after(html, passage_end(html, &passage.id));
            let note = note(html, n);
            for c in &passage.citations {
                let line = format!(
                    "<span class=\"c {}\"><a href=\"../{}\">",
                    dossier::render::source_text::stance_class(c.stance),
                    site.citer_href(c.citer)
                );
                assert!(
                    note.contains(&line),
                    "{}: note {n} lacks {line}",
                    passage.id
                );
            }
            // The highlight itself links to an entry or moment citing the innermost passage there.
            let start = html
                .find(&format!("id=\"{}\"", passage.id))
                .unwrap_or_else(|| panic!("no anchor {}", passage.id));
            let rest = &html[start..];
            let segment = &rest[..rest.find("</mark>").unwrap()];
            let at = passage.range.start;
            let linked = source.passages.iter().any(|&q| {
                let other = site.passage(q);
                other.range.start <= at
                    && other.range.end > at
                    && other.citations.iter().any(|c| {
                        segment.contains(&format!("<a href=\"../{}\">", site.citer_href(c.citer)))
                    })
            });
            assert!(linked, "the highlight of {} links to no citer", passage.id);
        }
        // Passages ending in one sentence share a note: fewer notes than passages, one per marker, and a note
        // names each citing point once.
        let notes = html.matches("<li class=\"sn\"").count();
        let markers = html.matches("<sup class=\"fn\">").count();
        assert_eq!(notes, markers, "sources/{}.html", source.id);
        assert!(
            notes < source.passages.len(),
            "sources/{}.html: {notes} notes for {} passages",
            source.id,
            source.passages.len()
        );
        for n in 1..=notes {
            let lines: Vec<&str> = note(html, n)
                .split("<span class=\"c ")
                .skip(1)
                .map(|l| &l[..l.find("</a>").unwrap()])
                .collect();
            for (i, line) in lines.iter().enumerate() {
                assert!(
                    !lines[..i].contains(line),
                    "sources/{}.html: note {n} repeats {line}",
                    source.id
                );
            }
        }
    }
    // Entries list their evidence passages (the other direction).
    let train = file(&built.files, "sections/train.html");
    let departure = &site.sections[0].entries[0];
    for ev in &departure.evidence {
        assert!(train.contains(&format!("href=\"../{}\"", site.passage_href(ev.passage))));
    }
    // A passage cited by several entries: its note names each of them.
    let shared = site
        .passages
        .iter()
        .find(|p| {
            p.citations
                .iter()
                .filter(|c| matches!(c.citer, Citer::Entry(..)))
                .count()
                > 1
        })
        .expect("a passage cited twice");
    let page = file(
        &built.files,
        &format!("sources/{}.html", site.sources[shared.source].id),
    );
    let note = note(page, marker_after(page, passage_end(page, &shared.id)));
    for c in &shared.citations {
        assert!(note.contains(&format!("href=\"../{}\"", site.citer_href(c.citer))));
    }
}

#[test]
fn the_entities_index_finds_every_spelling_in_the_sources() {
    let built = built();
    let site = &built.site;
    let jeon = site
        .entities
        .iter()
        .find(|e| e.id == "jeon-ha-kyu")
        .expect("Jeon Ha-kyu");
    let mut spellings: Vec<(&str, &str)> = jeon
        .mentions
        .iter()
        .map(|m| {
            let s = &site.sources[m.source];
            (s.id.as_str(), &s.text[m.range.clone()])
        })
        .collect();
    spellings.sort_unstable();
    assert_eq!(
        spellings,
        [
            ("cbc", "Jeon Ha Gyu"),
            ("cnn", "Jeon Ha-kyu"),
            ("kbs", "Jeon ha-kyu")
        ]
    );
    let rasiulis = site
        .entities
        .iter()
        .find(|e| e.id == "andrew-rasiulis")
        .unwrap();
    let names: Vec<&str> = rasiulis
        .mentions
        .iter()
        .map(|m| &site.sources[m.source].text[m.range.clone()])
        .collect();
    assert!(names.contains(&"Andrew Rasiulis") && names.contains(&"Raisulis"));
    // "Kim" is Kim Jong-un, but "Kim Myong Sik" and "Kim Jong-il" are themselves.
    let kim = site
        .entities
        .iter()
        .find(|e| e.id == "kim-jong-un")
        .unwrap();
    assert!(kim.mentions.iter().all(|m| {
        let t = &site.sources[m.source].text[m.range.clone()];
        !t.contains("Myong") && !t.contains("Jong-il")
    }));
    assert!(kim.mentions.len() > 50, "{} mentions", kim.mentions.len());
    let page = file(&built.files, "entities.html");
    assert!(page.contains("id=\"jeon-ha-kyu\""));
    assert!(page.contains("Also written: Jeon Ha Gyu; Jeon Ha-gyu"));
    assert!(page.contains("<a href=\"sources/kbs.html#p-"));
    // Every point that names an entity is linked from it; past five, the rest fold into a <details>.
    let at = page.find("id=\"kim-jong-un\"").unwrap();
    let article = &page[at..at + page[at..].find("</article>").unwrap()];
    assert!(kim.entries.len() > 5);
    for &key in &kim.entries {
        assert!(article.contains(&format!("<a href=\"{}\">", site.entry_href(key))));
    }
    let folded = &article[article.find("<details>").expect("long lists fold")..];
    assert_eq!(folded.matches("<a href=").count(), kim.entries.len() - 5);
    // Every entity of the file is found at least once (no stale spellings).
    assert!(site.entities.iter().all(|e| !e.mentions.is_empty()));
}

/// The search documents of every shard as one JSON value.
fn search_index(files: &[OutputFile]) -> Value {
    common::search_documents(files)
}

#[test]
fn the_search_index_covers_entries_passages_moments_and_names_and_stays_small() {
    let built = built();
    let site = &built.site;
    let index = search_index(&built.files);
    let size: usize = built
        .files
        .iter()
        .filter(|f| f.path.starts_with("assets/search/d"))
        .map(|f| f.bytes.len())
        .sum();
    eprintln!("search documents: {:.1} KB", size as f64 / 1024.0);
    assert!(size < 120 * 1024, "search documents are {size} bytes");
    let docs = index["d"].as_array().unwrap();
    let sources = index["s"].as_array().unwrap();
    let mut by_type: HashMap<&str, usize> = HashMap::new();
    for d in docs {
        *by_type.entry(d["y"].as_str().unwrap()).or_default() += 1;
        // Each result links straight to an element of a page.
        let href = match d["o"].as_u64() {
            Some(o) => format!(
                "{}#{}",
                sources[o as usize]["h"].as_str().unwrap(),
                d["h"].as_str().unwrap()
            ),
            None => d["h"].as_str().unwrap().to_owned(),
        };
        let (page, id) = href.split_once('#').unwrap();
        assert!(
            file(&built.files, page).contains(&format!("id=\"{id}\"")),
            "{href}"
        );
        // The words are indexed in the word shards, not here.
        assert!(d.get("k").is_none(), "{d}");
    }
    let entries: usize = site.sections.iter().map(|s| s.entries.len()).sum();
    assert_eq!(by_type["e"], entries);
    assert_eq!(by_type["p"], site.passages.len());
    assert_eq!(by_type["m"], site.timeline.len());
    assert_eq!(by_type["n"], site.entities.len());
    // Entity documents come first, so passages can name the entities they mention by index.
    assert!(docs[..site.entities.len()].iter().all(|d| d["y"] == "n"));
    let jeon = docs
        .iter()
        .position(|d| d["h"] == "entities.html#jeon-ha-kyu")
        .unwrap();
    let quoting = docs
        .iter()
        .filter(|d| {
            d["n"]
                .as_array()
                .is_some_and(|n| n.iter().any(|i| i.as_u64() == Some(jeon as u64)))
        })
        .count();
    assert!(quoting >= 2, "{quoting} documents mention Jeon Ha-kyu");
    // Each entry and passage names exactly the entities it is about or mentions, ascending: checked against a
    // scan of every entity (the index builds this from one pass over the entities).
    let named = |d: &serde_json::Value| -> Vec<u64> {
        d["n"]
            .as_array()
            .map(|n| n.iter().map(|i| i.as_u64().unwrap()).collect())
            .unwrap_or_default()
    };
    let mut doc = site.entities.len();
    for (si, section) in site.sections.iter().enumerate() {
        for (ei, entry) in section.entries.iter().enumerate() {
            let expected: Vec<u64> = (0..site.entities.len() as u64)
                .filter(|&i| site.entities[i as usize].entries.contains(&(si, ei)))
                .collect();
            assert_eq!(named(&docs[doc]), expected, "entry {}", entry.id);
            doc += 1;
        }
    }
    let mut naming = 0;
    for (pi, p) in site.passages.iter().enumerate() {
        let expected: Vec<u64> = (0..site.entities.len() as u64)
            .filter(|&i| {
                site.entities[i as usize].mentions.iter().any(|m| {
                    m.source == p.source
                        && m.range.start < p.range.end
                        && m.range.end > p.range.start
                })
            })
            .collect();
        naming += usize::from(!expected.is_empty());
        assert_eq!(named(&docs[doc + pi]), expected, "passage {}", p.id);
    }
    assert!(naming > 0, "some passage mentions an entity");
    // The folding the script relies on, done at build time with deunicode.
    assert_eq!(
        dossier::render::search::fold("Jeon Ha-kyu, Pyŏngyang"),
        "jeon ha kyu pyongyang"
    );
}

#[test]
fn entities_file_errors_are_located_and_a_dossier_without_one_has_no_index() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let plain = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    assert!(!plain.files.iter().any(|f| f.path == "entities.html"));
    assert!(pages(&plain.files).all(|(_, html)| !html.contains("entities.html")));
    assert!(dossier::check::verify_links(&plain.files).is_empty());

    std::fs::write(
        site.path().join("content/entities.yaml"),
        "entities:\n  - id: ada\n    kind: person\n    name: Ada\n  - id: ada\n    kind: person\n    name: Ada Morrell\n    aliases: [ada]\n  - id: moon\n    kind: planet\n    name: Moon\n",
    )
    .unwrap();
    let Err(dossier::Error::Content(diags)) =
        dossier::build_in_memory(site.path(), &RenderOptions::default())
    else {
        panic!("a bad entities file must fail the build");
    };
    let text: String = diags.iter().map(|d| format!("{d}\n")).collect();
    assert!(text.contains("content/entities.yaml:"), "{text}");
    assert!(text.contains("planet"), "unknown kind: {text}");

    std::fs::write(
        site.path().join("content/entities.yaml"),
        "entities:\n  - id: ada\n    kind: person\n    name: Ada\n  - id: ada\n    kind: person\n    name: Ada Morrell\n    aliases: [ada]\n",
    )
    .unwrap();
    let Err(dossier::Error::Content(diags)) =
        dossier::build_in_memory(site.path(), &RenderOptions::default())
    else {
        panic!("duplicate ids must fail the build");
    };
    let text: String = diags.iter().map(|d| format!("{d}\n")).collect();
    assert!(
        text.contains("content/entities.yaml:5:") && text.contains("duplicate entity id `ada`"),
        "{text}"
    );
    assert!(text.contains("`ada` names two entities"), "{text}");

    std::fs::write(
        site.path().join("content/entities.yaml"),
        "entities:\n  - id: ada-jong-un\n    kind: person\n    name: Ada\n    native: 박서연\n  - id: ravenholt\n    kind: place\n    name: Ravenholt\n",
    )
    .unwrap();
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let page = file(&built.files, "entities.html");
    assert!(page.contains("<span class=\"native\" lang=\"ko\">박서연</span>"));
    assert_eq!(built.site.entities[0].mentions.len(), 1);
    assert!(dossier::check::verify_links(&built.files).is_empty());
}

#[test]
fn corroboration_lists_the_sources_that_speak_once_a_grid_would_be_too_wide() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let grid = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let page = file(&grid.files, "corroboration.html");
    assert!(
        page.contains("<th scope=\"col\"><a href=\"sources/wire.html\""),
        "one column per source"
    );

    let wide = dossier::render::MATRIX_MAX_SOURCES + 1;
    let mut yaml = String::from("title: Wide\nsummary: Many sources.\nentries:\n");
    for i in 0..wide {
        std::fs::write(
            site.path().join(format!("content/articles/s{i:03}.txt")),
            format!("---\ntitle: Story {i}\noutlet: Outlet {i}\npublished: 2023-09-12\n---\nThe train number {i} left on time.\n"),
        )
        .unwrap();
    }
    // Two entries: one backed by every source, one by a single source (which must be flagged).
    yaml.push_str("  - id: all\n    kind: fact\n    title: Every train left\n    evidence:\n");
    for i in 0..wide {
        let stance = if i == 7 { "disputes" } else { "supports" };
        yaml.push_str(&format!(
            "      - {{source: s{i:03}, quote: \"train number {i} left\", stance: {stance}}}\n"
        ));
    }
    // s007 also supports, in another passage: one item, two marks.
    yaml.push_str("      - {source: s007, quote: on time, stance: supports}\n");
    yaml.push_str("  - id: one\n    kind: fact\n    title: One train was on time\n    evidence:\n      - {source: s003, quote: left on time}\n");
    std::fs::write(site.path().join("content/annotations/wide.yaml"), yaml).unwrap();
    let dossier_yaml = site.path().join("content/dossier.yaml");
    let text = std::fs::read_to_string(&dossier_yaml).unwrap();
    std::fs::write(
        &dossier_yaml,
        text.replace("sections: [train]", "sections: [train, wide]"),
    )
    .unwrap();

    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let page = file(&built.files, "corroboration.html");
    assert!(
        !page.contains("<th scope=\"col\"><a href=\"sources/"),
        "no column per source"
    );
    let row = |id: &str| {
        let at = page
            .find(&format!("href=\"sections/wide.html#{id}\""))
            .unwrap_or_else(|| panic!("row {id}"));
        &page[at..at + page[at..].find("</tr>").unwrap()]
    };
    let all = row("all");
    assert_eq!(
        all.matches("<li class=").count(),
        wide,
        "every citing source, once"
    );
    assert!(all.contains("<li class=\"mixed\">"), "{all}");
    assert!(
        all.contains("s007<span class=\"visually-hidden\">: supports</span>"),
        "{all}"
    );
    assert!(
        all.contains("<span class=\"visually-hidden\">s007: disputes</span>"),
        "{all}"
    );
    assert!(!all.contains("single origin"));
    let one = row("one");
    assert_eq!(one.matches("<li class=").count(), 1);
    assert!(one.contains("single origin"));
    assert!(dossier::check::verify_links(&built.files).is_empty());
}

#[test]
fn margin_notes_are_numbered_in_the_order_they_appear() {
    let built = built();
    for source in &built.site.sources {
        let html = file(&built.files, &format!("sources/{}.html", source.id));
        let numbers: Vec<usize> = html
            .split("<span class=\"sn-n\">")
            .skip(1)
            .map(|s| s[..s.find('<').unwrap()].parse().unwrap())
            .collect();
        let expected: Vec<usize> = (1..=numbers.len()).collect();
        assert!(!numbers.is_empty(), "sources/{}.html", source.id);
        assert_eq!(numbers, expected, "sources/{}.html", source.id);
        // Each marker in the text links to its note, in the same order, and is named for screen readers.
        let marks: Vec<usize> = html
            .split("<sup class=\"fn\"><a href=\"#n-")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
            .collect();
        assert_eq!(marks, expected, "sources/{}.html", source.id);
        assert!(
            html.contains("<sup class=\"fn\"><a href=\"#n-1\" aria-label=\"Note 1\">1</a></sup>")
        );
    }
}

#[test]
fn the_corroboration_grid_shows_each_sources_stance_and_flags_single_origins() {
    use dossier::resolve::Stance;
    let built = built();
    let site = &built.site;
    let page = file(&built.files, "corroboration.html");
    let (mut rows, mut single, mut mixed) = (0, 0, 0);
    for (si, section) in site.sections.iter().enumerate() {
        for (ei, entry) in section.entries.iter().enumerate() {
            let at = page
                .find(&format!(
                    "<th scope=\"row\"><a href=\"{}\">",
                    site.entry_href((si, ei))
                ))
                .unwrap_or_else(|| panic!("no row for {}", entry.id));
            let row = &page[at..at + page[at..].find("</tr>").unwrap()];
            let cells: Vec<&str> = row.split("<td class=\"cell ").skip(1).collect();
            assert_eq!(
                cells.len(),
                site.sources.len(),
                "{}: one cell per source",
                entry.id
            );
            // Columns go by origin: the sources of one origin side by side.
            let columns = site.origins.iter().flat_map(|o| o.sources.iter().copied());
            let mut cited = std::collections::BTreeSet::new();
            for (src, cell) in columns.zip(&cells) {
                let evidence: Vec<_> = entry
                    .evidence
                    .iter()
                    .filter(|ev| ev.source == src)
                    .collect();
                let has = |stance| evidence.iter().any(|ev| ev.stance == stance);
                let expected = if evidence.is_empty() {
                    "silent"
                } else if has(Stance::Disputes) && has(Stance::Supports) {
                    mixed += 1;
                    "mixed"
                } else if evidence.iter().any(|ev| ev.stance == Stance::Disputes) {
                    "disputes"
                } else if evidence.iter().any(|ev| ev.stance == Stance::Supports) {
                    "supports"
                } else {
                    "context"
                };
                assert!(
                    cell.starts_with(&format!("{expected}\"")),
                    "{}, source {src}: {cell}",
                    entry.id
                );
                if evidence.is_empty() {
                    assert!(!cell.contains("href="), "{}: a silent cell links", entry.id);
                    continue;
                }
                cited.insert(site.source_origin[src]);
                // Each mark links to a passage this entry quotes from this source, with that stance.
                let marks: Vec<&str> = cell.split("<a class=\"").skip(1).collect();
                assert_eq!(marks.len(), 1 + usize::from(expected == "mixed"), "{cell}");
                for mark in marks {
                    let stance = mark.split('"').next().unwrap();
                    let href = mark
                        .split("href=\"")
                        .nth(1)
                        .unwrap()
                        .split('"')
                        .next()
                        .unwrap();
                    assert!(
                        evidence
                            .iter()
                            .any(|ev| site.passage_href(ev.passage) == href
                                && format!("{:?}", ev.stance).to_lowercase() == stance),
                        "{}: {stance} {href}",
                        entry.id
                    );
                }
            }
            let flagged = row.contains("<span class=\"flag\">single origin</span>");
            assert_eq!(
                flagged,
                cited.len() == 1,
                "{}: single-origin flag",
                entry.id
            );
            single += usize::from(flagged);
            rows += 1;
        }
    }
    assert!(single > 0 && single < rows);
    assert!(page.contains(&format!(
        "{single} of {rows} points rest on one independent origin"
    )));
    assert!(
        mixed > 0,
        "the real dossier has sources on both sides of a point"
    );
    assert!(
        page.contains("<span class=\"disputes\">✕</span></span> supports and disputes</span>"),
        "legend"
    );
}

#[test]
fn the_timeline_lists_each_moment_with_its_sources() {
    let built = built();
    let site = &built.site;
    let page = file(&built.files, "timeline.html");
    let mut last = 0;
    for m in &site.timeline {
        let at = page
            .find(&format!(" id=\"{}\">", m.id))
            .unwrap_or_else(|| panic!("no moment {}", m.id));
        assert!(at > last, "moments in date order");
        last = at;
        let end = page[at..]
            .find("<li class=\"moment")
            .unwrap_or(page.len() - at);
        let item = &page[at..at + end];
        assert!(item.contains(&format!("<time datetime=\"{}", m.date.format("%Y-%m-%d"))));
        for ev in &m.evidence {
            assert!(
                item.contains(&format!("href=\"{}\"", site.passage_href(ev.passage))),
                "moment {}: no link to its passage",
                m.id
            );
        }
        if let Some(key) = m.entry {
            assert!(item.contains(&format!("href=\"{}\"", site.entry_href(key))));
        }
    }
    assert!(site.timeline.windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn status_badges_are_defined_on_the_reading_guide_and_evidence_is_grouped_by_stance() {
    use dossier::resolve::{EntryKind, Stance};
    let built = built();
    let site = &built.site;
    let about = file(&built.files, "about.html");
    for (status, label) in [
        ("confirmed", "Confirmed"),
        ("unconfirmed", "Unconfirmed"),
        ("disputed", "Disputed"),
        ("denied", "Denied"),
    ] {
        let badge =
            format!("<dt><span class=\"badge status status-{status}\">{label}</span></dt><dd>");
        let at = about
            .find(&badge)
            .unwrap_or_else(|| panic!("{status} not defined"));
        let meaning = &about[at + badge.len()..];
        assert!(
            meaning.find("</dd>").unwrap() > 20,
            "{status}: an empty definition"
        );
    }
    for (si, section) in site.sections.iter().enumerate() {
        let html = file(&built.files, &site.section_href(si));
        for entry in &section.entries {
            let start = html
                .find(&format!(" id=\"{0}\" aria-labelledby=\"{0}-t\">", entry.id))
                .unwrap_or_else(|| panic!("no entry {}", entry.id));
            let article = &html[start..start + html[start..].find("</article>").unwrap()];
            if entry.kind == EntryKind::Claim {
                let status = format!("{:?}", entry.status.unwrap()).to_lowercase();
                assert!(
                    article.contains(&format!("<span class=\"badge status status-{status}\">")),
                    "{}: no {status} badge",
                    entry.id
                );
            }
            for (stance, class, label) in [
                (Stance::Supports, "supports", "Supporting evidence"),
                (Stance::Disputes, "disputes", "Disputing evidence"),
                (Stance::Context, "context", "Context"),
            ] {
                let n = entry
                    .evidence
                    .iter()
                    .filter(|ev| ev.stance == stance)
                    .count();
                let group = format!("<section class=\"evidence {class}\"");
                assert_eq!(
                    article.contains(&group),
                    n > 0,
                    "{}: {class} group",
                    entry.id
                );
                if n > 0 {
                    assert!(
                        article
                            .contains(&format!("<h3>{label} <span class=\"n\">({n})</span></h3>")),
                        "{}",
                        entry.id
                    );
                }
            }
        }
    }
}

#[test]
fn a_note_follows_the_paragraph_and_its_marker_the_sentence() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let page = file(&built.files, "sources/wire.html");
    // "crossed into Varnia early on Tuesday" is followed by "." then more words: the marker comes after the
    // full stop, where the sentence ends, and the note after the paragraph, so no note cuts a sentence.
    assert!(
        page.contains("early on Tuesday</a></mark>.<sup class=\"fn\"><a href=\"#n-2\""),
        "{page}"
    );
    assert!(
        page.contains("</sup> Photo credit</p>\n<ol class=\"notes\"><li class=\"sn\" id=\"n-2\">"),
        "{page}"
    );
    // "Ada left Ravenholt on his private train" ends before " on Sunday afternoon.": its marker waits for the
    // sentence's end.
    assert!(
        page.contains(
            "private train</a></mark> on Sunday afternoon.<sup class=\"fn\"><a href=\"#n-1\""
        ),
        "{page}"
    );
    // No note inside a paragraph.
    for paragraph in page.split("<p id=\"p-").skip(1) {
        let paragraph = &paragraph[..paragraph.find("</p>").unwrap()];
        assert!(!paragraph.contains("class=\"sn\""), "{paragraph}");
    }
}

#[test]
fn the_navigation_marks_each_page_own_item_and_links_from_the_page_depth() {
    // The navigation is rendered once per (root, current item) and shared: each page must still get its own.
    let built = built();
    let site = &built.site;
    let mut own: HashMap<String, String> = site
        .sections
        .iter()
        .map(|s| {
            (
                format!("sections/{}.html", s.id),
                format!("sections/{}.html", s.id),
            )
        })
        .collect();
    for p in [
        "timeline.html",
        "corroboration.html",
        "entities.html",
        "sources/index.html",
        "about.html",
    ] {
        own.insert(p.to_owned(), p.to_owned());
    }
    let mut checked = 0;
    for (path, html) in pages(&built.files) {
        let start = html.find("<nav class=\"wrap site-nav\"").unwrap();
        let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
        let root = if path == "404.html" {
            site.meta.base_url.clone().unwrap_or_default()
        } else {
            "../".repeat(path.matches('/').count())
        };
        let marked: Vec<&str> = nav
            .split("<a href=\"")
            .skip(1)
            .filter(|a| a.contains("aria-current=\"page\""))
            .map(|a| &a[..a.find('"').unwrap()])
            .collect();
        match own.get(path) {
            Some(item) => assert_eq!(marked, [format!("{root}{item}")], "{path}"),
            None => assert!(marked.is_empty(), "{path} marks {marked:?}"),
        }
        for s in &site.sections {
            let href = format!("<a href=\"{root}sections/{}.html\"", s.id);
            assert!(nav.contains(&href), "{path} lacks {href}");
        }
        checked += 1;
    }
    assert!(checked > site.sources.len(), "{checked} pages");
}

#[test]
fn a_source_that_both_supports_and_disputes_shows_both_marks_each_to_its_passage() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let train = site.path().join("content/annotations/train.yaml");
    let text = std::fs::read_to_string(&train).unwrap();
    std::fs::write(
        &train,
        text.replace(
            "        quote: crossed into Varnia early on Tuesday\n",
            "        quote: crossed into Varnia early on Tuesday\n      - source: wire\n        quote: on Sunday afternoon\n        stance: disputes\n",
        ),
    )
    .unwrap();
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let page = file(&built.files, "corroboration.html");
    let at = page
        .find("href=\"sections/train.html#crossing\"")
        .expect("crossing row");
    let row = &page[at..at + page[at..].find("</tr>").unwrap()];
    let cell = &row[row.find("<td class=\"cell mixed\">").expect(row)..];
    let hrefs: Vec<&str> = cell
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(hrefs.len(), 2, "{cell}");
    assert_ne!(hrefs[0], hrefs[1], "each mark to its own passage");
    assert!(cell.contains("<a class=\"supports\""), "{cell}");
    assert!(cell.contains("aria-label=\"supports\">●</a>"), "{cell}");
    assert!(cell.contains("<a class=\"disputes\""), "{cell}");
    assert!(cell.contains("aria-label=\"disputes\">✕</a>"), "{cell}");
    // The other entry's cell is unchanged: one mark.
    assert_eq!(page.matches("<td class=\"cell mixed\">").count(), 1);
    assert!(dossier::check::verify_links(&built.files).is_empty());
}

#[test]
fn notes_merge_per_sentence_name_each_point_once_and_fold_long_runs() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("content");
    fs::create_dir_all(c.join("articles")).unwrap();
    fs::create_dir_all(c.join("annotations")).unwrap();
    fs::write(
        c.join("dossier.yaml"),
        "title: D\nlanguage: en\nsections: [s]\n",
    )
    .unwrap();
    fs::write(
        c.join("articles/notice.txt"),
        "---\ntitle: Notice\noutlet: Gazette\npublished: 2024-03-05\n---\n\
         The quay closes on Monday and the ferry stops at noon. Boats use the south quay. Works take six weeks.\n",
    )
    .unwrap();
    // Entry `a` quotes two passages of the first sentence; `b` to `e` quote the third sentence.
    let mut yaml = String::from("title: S\nentries:\n");
    let entry = |id: &str, quotes: &[&str]| {
        let mut e = format!("  - id: {id}\n    kind: fact\n    title: Point {id}\n    evidence:\n");
        for q in quotes {
            e.push_str(&format!("      - source: notice\n        quote: {q}\n"));
        }
        e
    };
    yaml.push_str(&entry(
        "a",
        &["The quay closes on Monday", "the ferry stops at noon"],
    ));
    yaml.push_str(&entry("f", &["Boats use the south quay"]));
    for id in ["b", "c", "d", "e"] {
        yaml.push_str(&entry(id, &["Works take six weeks"]));
    }
    fs::write(c.join("annotations/s.yaml"), yaml).unwrap();
    let built = dossier::build_in_memory(dir.path(), &RenderOptions::default()).unwrap();
    let page = file(&built.files, "sources/notice.html");
    // Two passages ending in the first sentence: one marker after its full stop, one note naming `a` once.
    assert!(
        page.contains("stops at noon</a></mark>.<sup class=\"fn\"><a href=\"#n-1\""),
        "{page}"
    );
    assert_eq!(note(page, 1).matches("#a\"").count(), 1, "{page}");
    // One note per sentence here: three sentences, three notes, after the paragraph.
    assert_eq!(page.matches("<li class=\"sn\"").count(), 3, "{page}");
    assert!(page.contains("</p>\n<ol class=\"notes\"><li class=\"sn\" id=\"n-1\">"));
    // Four points on one passage: two lines shown, two folded under "+2 more".
    let third = note(page, 3);
    let fold = third
        .find("<details class=\"more\"><summary>+2 more</summary>")
        .unwrap();
    assert_eq!(
        third[..fold].matches("<span class=\"c ").count(),
        2,
        "{third}"
    );
    assert_eq!(
        third[fold..].matches("<span class=\"c ").count(),
        2,
        "{third}"
    );
}
