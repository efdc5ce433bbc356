//! Builds the real dossier and checks the site: pages, highlights, text integrity, links, atomic output.

mod common;

use std::collections::HashMap;
use std::fs;
use std::process::Command;

use dossier::render::RenderOptions;
use html5gum::{Token, Tokenizer};

use common::{file as page, real_built as built};

/// Text of a source page's `.source-text`, without the backlink markers and notes, plus the text each
/// passage id's `<mark>` segments cover.
struct SourceText {
    paragraphs: Vec<String>,
    passages: HashMap<String, String>,
    ids: Vec<String>,
}

fn source_text(html: &str) -> SourceText {
    let mut out = SourceText {
        paragraphs: Vec::new(),
        passages: HashMap::new(),
        ids: Vec::new(),
    };
    let mut in_text = false;
    let mut skip_depth = 0usize; // inside <sup> or <aside>
    let mut in_paragraph = false;
    let mut marks: Vec<Vec<String>> = Vec::new();
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let attr = |n: &str| {
                    tag.attributes
                        .get(n.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                };
                if attr("class").as_deref() == Some("source-text") {
                    in_text = true;
                }
                if !in_text {
                    continue;
                }
                if let Some(id) = attr("id") {
                    out.ids.push(id);
                }
                match tag.name.as_slice() {
                    b"sup" | b"aside" => skip_depth += 1,
                    b"p" if skip_depth == 0 => {
                        in_paragraph = true;
                        out.paragraphs.push(String::new());
                    }
                    b"mark" => marks.push(
                        attr("data-passages")
                            .unwrap_or_default()
                            .split(' ')
                            .map(str::to_owned)
                            .collect(),
                    ),
                    _ => {}
                }
            }
            Token::EndTag(tag) if in_text => match tag.name.as_slice() {
                b"sup" | b"aside" => skip_depth -= 1,
                b"p" if skip_depth == 0 => in_paragraph = false,
                b"mark" => {
                    marks.pop();
                }
                b"div" if skip_depth == 0 => in_text = false,
                _ => {}
            },
            Token::String(s) if in_text && in_paragraph && skip_depth == 0 => {
                let s = String::from_utf8_lossy(&s).into_owned();
                out.paragraphs.last_mut().unwrap().push_str(&s);
                for ids in &marks {
                    for id in ids {
                        out.passages.entry(id.clone()).or_default().push_str(&s);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_section_and_source_has_its_page() {
    let built = built();
    let mut sections: Vec<String> = fs::read_dir(common::repo().join("content/annotations"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    sections.sort();
    assert_eq!(sections, ["arms-deal", "sanctions", "summit", "train"]);
    for id in &sections {
        let html = page(&built.files, &format!("sections/{id}.html"));
        let section = built.site.sections.iter().find(|s| &s.id == id).unwrap();
        for e in &section.entries {
            assert!(
                html.contains(&format!("id=\"{}\"", e.id)),
                "entry {} missing from {id}",
                e.id
            );
        }
    }
    for s in &built.site.sources {
        assert!(
            page(&built.files, &format!("sources/{}.html", s.id)).contains("class=\"source-text\"")
        );
    }
    for p in [
        "index.html",
        "sources/index.html",
        "timeline.html",
        "about.html",
        "404.html",
    ] {
        page(&built.files, p);
    }
}

#[test]
fn every_evidence_quote_is_highlighted_in_its_source_page() {
    let built = built();
    let site = &built.site;
    let mut checked = 0;
    for (si, source) in site.sources.iter().enumerate() {
        let text = source_text(page(&built.files, &format!("sources/{}.html", source.id)));
        for &p in &source.passages {
            let passage = site.passage(p);
            assert_eq!(passage.source, si);
            assert!(
                text.ids.contains(&passage.id),
                "no anchor for {}",
                passage.id
            );
            // Line breaks between paragraphs are not inside any mark; everything else is, exactly once.
            let expected: String = site
                .passage_text(p)
                .chars()
                .filter(|&c| c != '\n' && c != '\r')
                .collect();
            assert_eq!(
                text.passages.get(&passage.id),
                Some(&expected),
                "passage {}",
                passage.id
            );
            checked += 1;
        }
    }
    assert_eq!(checked, site.passages.len());
    assert!(checked > 100, "only {checked} passages");
}

#[test]
fn source_pages_show_the_verbatim_text_once() {
    let built = built();
    for source in &built.site.sources {
        let text = source_text(page(&built.files, &format!("sources/{}.html", source.id)));
        let lines: Vec<&str> = source
            .lines
            .iter()
            .map(|l| &source.text[l.range.clone()])
            .collect();
        assert_eq!(text.paragraphs, lines, "source {}", source.id);
    }
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let built = built();
    let problems = dossier::check::verify_links(&built.files);
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // All links are relative, so the site works from any sub-folder and from disk.
    // The 404 page's <base> is the one exception: served at any depth, it starts from the host root.
    for f in built.files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = std::str::from_utf8(&f.bytes).unwrap();
        let html = match f.path.as_str() {
            "404.html" => html.replacen("<base id=\"site-root\" href=\"/\">", "", 1),
            _ => html.to_owned(),
        };
        assert!(
            !html.contains("href=\"/") && !html.contains("src=\"/"),
            "absolute link in {}",
            f.path
        );
    }
}

#[test]
fn entries_link_to_passages_and_passages_back_to_entries() {
    let built = built();
    let site = &built.site;
    let train = page(&built.files, "sections/train.html");
    let departure = &site
        .sections
        .iter()
        .find(|s| s.id == "train")
        .unwrap()
        .entries[0];
    let first = &departure.evidence[0];
    assert!(train.contains(&format!("href=\"../{}\"", site.passage_href(first.passage))));
    let source_page = page(
        &built.files,
        &format!("sources/{}.html", site.sources[first.source].id),
    );
    assert!(source_page.contains(&format!("href=\"../sections/train.html#{}\"", departure.id)));
}

#[test]
fn a_build_streams_to_disk_exactly_the_files_of_the_in_memory_render() {
    // The build writes each output through a buffer (the exports item by item); the in-memory render
    // (serve, tests) collects whole files. Both must give the same bytes.
    let root = common::repo();
    let built = dossier::build_in_memory(&root, &RenderOptions::default()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("dist");
    let summary = dossier::build(&root, Some(&dist)).unwrap();
    assert_eq!(summary.files, built.files.len());
    let mut on_disk = 0;
    for entry in walkdir::WalkDir::new(&dist) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.file_name() != dossier::write::MARKER {
            on_disk += 1;
        }
    }
    assert_eq!(on_disk, built.files.len(), "no file more or less on disk");
    let mut bytes = 0;
    for file in &built.files {
        let written = fs::read(dist.join(&file.path)).unwrap();
        assert!(written == file.bytes, "{} differs on disk", file.path);
        bytes += written.len() as u64;
    }
    assert_eq!(summary.bytes, bytes, "the byte count is what was written");
    assert!(
        built
            .files
            .iter()
            .any(|f| f.path == "dossier.json" && f.bytes.len() > 100_000),
        "the exports are among the compared files"
    );
}

#[test]
fn build_writes_a_complete_site_and_a_failed_build_keeps_it() {
    let dossier = common::real_dossier_copy();
    let bin = env!("CARGO_BIN_EXE_dossier");
    let out = Command::new(bin)
        .arg("--root")
        .arg(dossier.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Built ") && stdout.contains("5 sources") && stdout.contains(" ms"),
        "{stdout}"
    );
    let index = dossier.path().join("dist/index.html");
    let before = fs::read(&index).unwrap();

    // A quote edited to a wrong word fails the build, with a suggestion, at the quote's line.
    let train = dossier.path().join("content/annotations/train.yaml");
    let yaml = fs::read_to_string(&train).unwrap();
    let quote_line = yaml
        .lines()
        .find(|l| l.trim_start().starts_with("quote:") && l.contains("on Sunday afternoon"))
        .expect("a quote about Sunday afternoon");
    let broken = yaml.replacen(
        quote_line,
        &quote_line.replace("on Sunday afternoon", "on Sunday evening"),
        1,
    );
    assert_ne!(broken, yaml, "the fixture edit must change a quote");
    fs::write(&train, &broken).unwrap();
    let out = Command::new(bin)
        .arg("--root")
        .arg(dossier.path())
        .arg("build")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("quote not found in source"), "{stderr}");
    assert!(stderr.contains("closest passage"), "{stderr}");
    assert!(
        stderr.contains("on Sunday afternoon"),
        "the suggestion shows the real text: {stderr}"
    );
    let line = broken
        .lines()
        .position(|l| l.contains("on Sunday evening"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("content/annotations/train.yaml:{line}:")),
        "{stderr}"
    );
    assert!(
        !stderr.contains("\u{1b}["),
        "no colour when NO_COLOR is set or not a terminal"
    );
    assert_eq!(
        fs::read(&index).unwrap(),
        before,
        "the previous site is untouched"
    );
}

#[test]
fn markdown_is_sanitised_and_code_is_highlighted_with_classes() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let train = site.path().join("content/annotations/train.yaml");
    let yaml = fs::read_to_string(&train).unwrap().replace(
        "    body: He later [crossed the border](@train/crossing).",
        "    body: |\n      Text <script>alert(1)</script> <img src=x onerror=alert(3)> [x](javascript:alert(2)) [ok](@train/crossing)\n\n      ```rust\n      fn main() {}\n      ```",
    );
    fs::write(&train, yaml).unwrap();
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let html = page(&built.files, "sections/train.html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "raw HTML shown as text"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(3)&gt;"));
    assert!(
        !html.contains("<script>alert") && !html.contains("href=\"javascript:"),
        "nothing runs"
    );
    assert!(!html.contains("<img"), "no element from raw HTML");
    assert!(html.contains(" x "), "a dropped link keeps its text");
    assert!(html.contains("<a href=\"../sections/train.html#crossing\">ok</a>"));
    assert!(
        html.contains("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-"),
        "classes, not styles"
    );
    assert!(!html.contains("style=\""));
    let css = page(&built.files, "assets/style.css");
    assert_eq!(css.matches("/* Code highlighting (syntect) */").count(), 1);
}
