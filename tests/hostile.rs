//! Hostile and broken input: dirty sources build, injected markup never runs, template errors are located,
//! odd ids are refused, and a build killed midway leaves the previous site in place.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use dossier::render::RenderOptions;

const SCRIPT: &str = "<script>alert(1)</script>";

fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn base() -> tempfile::TempDir {
    common::fixture_site(&common::repo().join("tests/fixtures/base"))
}

fn errors(root: &Path) -> String {
    match dossier::build_in_memory(root, &RenderOptions::default()) {
        Ok(_) => panic!("the build should fail"),
        Err(dossier::Error::Content(d)) => d.iter().map(|d| format!("{d}\n")).collect(),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn dirty_sources_build_and_keep_their_bytes() {
    let site = base();
    // BOM, CRLF, zero-width and bidi controls, NBSP, a 200 KB line: all anchorable, all kept for display.
    let long = "word ".repeat(40_000);
    let body = format!("Ada\u{200B} left\u{a0}Ravenholt \u{202E}on Sunday.\r\nSecond \u{201C}line\u{201D}.\r\n{long}\r\n");
    write(
        site.path(),
        "content/articles/dirty.txt",
        format!(
            "\u{feff}---\r\ntitle: Dirty\r\noutlet: O\r\npublished: 2023-09-12\r\n---\r\n{body}"
        ),
    );
    write(
        site.path(),
        "content/annotations/dirty.yaml",
        "title: Dirty\nentries:\n  - id: dirty-one\n    kind: fact\n    title: T\n    evidence:\n      - source: dirty\n        quote: \"Ada left Ravenholt on Sunday. Second \\\"line\\\".\"\n",
    );
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let source = built.site.sources.iter().find(|s| s.id == "dirty").unwrap();
    assert_eq!(
        *source.text, body,
        "the text is kept verbatim, CRLF and invisible characters included"
    );
    let index = built
        .site
        .sources
        .iter()
        .position(|s| s.id == "dirty")
        .unwrap();
    let passage = built
        .site
        .passages
        .iter()
        .find(|p| p.source == index)
        .unwrap();
    assert_eq!(
        &source.text[passage.range.clone()],
        "Ada\u{200B} left\u{a0}Ravenholt \u{202E}on Sunday.\r\nSecond \u{201C}line\u{201D}."
    );
    let html = common::file(&built.files, "sources/dirty.html").to_owned();
    assert!(
        html.contains("\u{201C}line\u{201D}"),
        "display uses the original characters"
    );
    assert!(
        !html.contains('\r'),
        "line endings do not leak into paragraphs"
    );
}

#[test]
fn empty_body_and_odd_file_names_are_refused() {
    let site = base();
    write(
        site.path(),
        "content/articles/empty.txt",
        "---\ntitle: E\noutlet: O\npublished: 2023-09-12\n---\n  \n",
    );
    for name in ["CON", "Upper", "café", "with space", "con"] {
        write(
            site.path(),
            &format!("content/articles/{name}.txt"),
            "---\ntitle: E\noutlet: O\npublished: 2023-09-12\n---\nText.\n",
        );
    }
    let out = errors(site.path());
    assert!(
        out.contains(
            "content/articles/empty.txt:6:1: error: the article has no text after its front matter"
        ),
        "{out}"
    );
    for name in ["CON", "Upper", "café", "with space", "con"] {
        assert!(
            out.contains(&format!("source id `{name}` is not a safe id")),
            "{name}: {out}"
        );
    }
    assert!(
        out.contains("e.g. `cafe`") && out.contains("e.g. `with-space`"),
        "{out}"
    );
    // A file-name problem has no line, and the printed report says why.
    let diags = match dossier::build_in_memory(site.path(), &RenderOptions::default()) {
        Err(dossier::Error::Content(d)) => d,
        _ => unreachable!("checked above"),
    };
    let shown = dossier::report::to_string(&diags, site.path());
    assert!(
        shown.contains(
            "in content/articles/Upper.txt (no line: the problem is the file or folder as a whole)"
        ),
        "{shown}"
    );
}

#[test]
fn hostile_quotes_are_reported_or_rendered_correctly() {
    let site = base();
    write(
        site.path(),
        "content/annotations/train.yaml",
        r#"title: The train
entries:
  - id: blank
    kind: fact
    title: Blank quotes
    evidence:
      - source: wire
        quote: ""
      - source: wire
        quote: "   "
  - id: whole
    kind: fact
    title: The whole source, spanning paragraphs, overlapping others
    evidence:
      - source: wire
        quote: |
          Ada left Ravenholt on his private train on Sunday afternoon.
          Photo credit
          The train crossed into Varnia early on Tuesday. Photo credit
          Read more
      - source: wire
        quote: "Sunday afternoon. Photo credit The train"
"#,
    );
    let out = errors(site.path());
    assert_eq!(out.matches("error: the quote is empty").count(), 2, "{out}");
    assert!(out.contains("content/annotations/train.yaml:8:16"), "{out}");
    // Without the blank ones, the whole-source and cross-paragraph quotes build.
    let yaml = fs::read_to_string(site.path().join("content/annotations/train.yaml")).unwrap();
    let fixed = yaml.replace(
        "      - source: wire\n        quote: \"\"\n      - source: wire\n        quote: \"   \"\n",
        "      - source: wire\n        quote: Ada left\n",
    );
    fs::write(site.path().join("content/annotations/train.yaml"), fixed).unwrap();
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let whole = built
        .site
        .passages
        .iter()
        .find(|p| p.range.start == 0 && p.range.end > 100)
        .unwrap();
    assert_eq!(
        built
            .site
            .passage_text(
                built
                    .site
                    .passages
                    .iter()
                    .position(|p| p.id == whole.id)
                    .unwrap()
            )
            .trim_end(),
        built.site.sources[0].text.trim_end()
    );
}

#[test]
fn injected_markup_is_escaped_everywhere() {
    let site = base();
    write(
        site.path(),
        "content/articles/evil.txt",
        format!("---\ntitle: \"Evil {SCRIPT} \\\" onmouseover=alert(2) x=\\\"\"\noutlet: \"</script><script>alert(3)</script>\"\npublished: 2023-09-12\n---\nBefore {SCRIPT} and <img src=x onerror=alert(4)> after.\n"),
    );
    write(
        site.path(),
        "content/annotations/evil.yaml",
        format!(
            "title: \"Evil {SCRIPT}\"\nsummary: \"<b onclick=alert(5)>x</b> [y](data:text/html,hi)\"\nentries:\n  - id: evil-claim\n    kind: claim\n    claimant: \"</script><script>alert(6)</script>\"\n    status: unconfirmed\n    title: \"Claim </script><!-- {SCRIPT}\"\n    evidence:\n      - source: evil\n        quote: \"{SCRIPT} and <img src=x onerror=alert(4)>\"\n        note: \"\\\" onfocus=alert(7) \\\"\"\n"
        ),
    );
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    for f in built.files.iter().filter(|f| f.path.ends_with(".html")) {
        let mut text = String::from_utf8_lossy(&f.bytes).into_owned();
        if f.path == "404.html" {
            // The theme's own, as its template has them: the stylesheet, inline as the page is served at any
            // depth; the script that finds the site's root; an empty icon that holds off a /favicon.ico
            // request until the script knows that root.
            let css = common::file(&built.files, "assets/style.css");
            let template = include_str!("../themes/default/templates/404.html");
            let script = &template[template.find("<script>").unwrap()..];
            let script = &script[..script.find("</script>").unwrap() + 9];
            let icon = "<link id=\"site-icon\" rel=\"icon\" href=\"data:,\">";
            let n = text.len();
            text = text
                .replacen(&format!("<style>{css}</style>"), "", 1)
                .replacen(script, "", 1)
                .replacen(icon, "", 1);
            let removed = css.len() + 15 + script.len() + icon.len();
            assert_eq!(n - text.len(), removed, "404.html: not the theme's own");
        }
        assert_safe_html(&f.path, &text);
        // Inside JSON-LD, nothing can close the element or open a comment.
        for block in text.split("<script type=\"application/ld+json\">").skip(1) {
            let json = &block[..block.find("</script>").unwrap()];
            assert!(
                !json.contains('<') && !json.contains('>'),
                "{}: raw < or > in JSON-LD",
                f.path
            );
            serde_json::from_str::<serde_json::Value>(json).expect("valid JSON");
        }
    }
    let page = common::file(&built.files, "sources/evil.html").to_owned();
    assert!(
        page.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(4)&gt;"
        ),
        "source text shown as text"
    );
}

#[test]
fn template_errors_name_the_template_and_line_and_keep_dist() {
    let site = base();
    let bin = env!("CARGO_BIN_EXE_dossier");
    let ok = Command::new(bin)
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = fs::read(site.path().join("dist/index.html")).unwrap();
    let template = site.path().join("themes/default/templates/section.html");
    let original = fs::read_to_string(&template).unwrap();
    for (broken, expect) in [
        (
            original.replacen("{% block content %}", "{% block content %}\n{% if %}", 1),
            "section.html",
        ),
        (
            original.replacen(
                "{% block content %}",
                "{% block content %}\n{{ no_such_variable.field }}",
                1,
            ),
            "no_such_variable",
        ),
    ] {
        fs::write(&template, &broken).unwrap();
        let out = Command::new(bin)
            .arg("--root")
            .arg(site.path())
            .arg("build")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("themes/default/templates/section.html"),
            "{stderr}"
        );
        assert!(stderr.contains(expect), "{stderr}");
        assert_eq!(
            fs::read(site.path().join("dist/index.html")).unwrap(),
            before,
            "dist untouched"
        );
    }
    fs::write(
        &template,
        original.replacen("{% block content %}", "{% block content %}\n{% if %}", 1),
    )
    .unwrap();
    let out = Command::new(bin)
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = original
        .lines()
        .position(|l| l.contains("{% block content %}"))
        .unwrap()
        + 2;
    // Tera points at the offending token: the missing condition after `if`.
    assert!(
        stderr.contains(&format!("section.html:{line}:7")),
        "line {line}, column 7 expected: {stderr}"
    );
}

#[test]
fn a_ten_megabyte_yaml_file_is_handled_quickly() {
    let site = base();
    let mut yaml = String::from("title: Big\nentries:\n");
    let mut i = 0;
    while yaml.len() < 10 * 1024 * 1024 {
        yaml.push_str(&format!(
            "  - id: e{i}\n    kind: context\n    title: Entry number {i}\n    body: {}\n",
            "lorem ipsum ".repeat(40)
        ));
        i += 1;
    }
    write(site.path(), "content/annotations/big.yaml", &yaml);
    let start = Instant::now();
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    assert!(built.site.sections.iter().any(|s| s.entries.len() == i));
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn a_build_killed_midway_leaves_the_previous_site() {
    let site = base();
    let bin = env!("CARGO_BIN_EXE_dossier");
    let ok = Command::new(bin)
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(ok.status.success());
    let dist = site.path().join("dist");
    let before: Vec<(String, Vec<u8>)> = snapshot(&dist);
    // A large site, so that writing the staging folder takes a while.
    let paragraph =
        "The armoured train moved slowly through the night while officials waited. ".repeat(60);
    for n in 0..150 {
        let text: String = (0..40).map(|p| format!("{n} {p} {paragraph}\n")).collect();
        write(
            site.path(),
            &format!("content/articles/bulk-{n}.txt"),
            format!("---\ntitle: Bulk {n}\noutlet: O\npublished: 2023-09-12\n---\n{text}"),
        );
    }
    let mut child = Command::new(bin)
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .spawn()
        .unwrap();
    let prefix = format!(".dist.dossier-new-{}-", child.id());
    let staging_of_child = || {
        fs::read_dir(site.path())
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .map(|e| e.path())
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    // Kill as soon as the staging folder holds some of the new pages, before the swap.
    let staging = loop {
        let ready = staging_of_child()
            .filter(|s| fs::read_dir(s.join("sources")).is_ok_and(|d| d.count() > 3));
        if let Some(staging) = ready {
            break staging;
        }
        assert!(Instant::now() < deadline, "staging never appeared");
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build finished ({status}) before it could be killed");
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert_eq!(snapshot(&dist), before, "the previous site is intact");
    // The next build cleans the dead build's staging folder and succeeds.
    let ok = Command::new(bin)
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(!staging.exists(), "stale staging folder removed");
    assert!(dist.join("sources/bulk-7.html").is_file());
}

/// No element or attribute from the content can run code: every tag is parsed and checked.
fn assert_safe_html(path: &str, html: &str) {
    use html5gum::{Token, Tokenizer};
    for token in Tokenizer::new(html).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).into_owned();
        assert!(
            !["img", "iframe", "object", "embed", "svg", "b", "style"].contains(&name.as_str()),
            "{path}: <{name}>"
        );
        for (attr, value) in &tag.attributes {
            let attr = String::from_utf8_lossy(attr).to_ascii_lowercase();
            let value = String::from_utf8_lossy(value).to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "{path}: event handler {attr}={value} on <{name}>"
            );
            if attr == "href" || attr == "src" || attr == "cite" {
                assert!(
                    !value.trim_start().starts_with("javascript:")
                        && !value.trim_start().starts_with("data:"),
                    "{path}: {attr}={value}"
                );
            }
        }
        if name == "script" {
            let ty = tag.attributes.get(b"type".as_slice()).map(|v| v.to_vec());
            assert!(
                // Data blocks (JSON-LD, the interface messages) never run.
                ty.as_deref() == Some(b"application/ld+json")
                    || ty.as_deref() == Some(b"application/json")
                    || tag.attributes.contains_key(b"src".as_slice()),
                "{path}: inline script"
            );
        }
    }
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn self_links_and_unsafe_links_warn_with_locations() {
    let site = base();
    let train = site.path().join("content/annotations/train.yaml");
    let yaml = fs::read_to_string(&train).unwrap().replace(
        "He later [crossed the border](@train/crossing).",
        "See [this](@train/departure) and [that](javascript:alert(1)).",
    );
    fs::write(&train, yaml).unwrap();
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let warnings: String = built.warnings.iter().map(|d| format!("{d}\n")).collect();
    assert!(warnings.contains("content/annotations/train.yaml:7:22: warning: the entry links to itself (`@train/departure`)"), "{warnings}");
    assert!(warnings.contains("train.yaml:7:51: warning: link `javascript:alert(1)` uses an unsafe scheme and is dropped"), "{warnings}");
}

#[test]
fn a_bom_file_with_an_error_near_accents_exits_1_at_the_right_place() {
    let site = base();
    // The BOM once shifted every shown offset by three bytes, into the middle of `é`: a panic, exit 101.
    write(
        site.path(),
        "content/annotations/train.yaml",
        "\u{feff}title: T\nentries:\n  - {id: a, kind: fact, title: éé, fakt: 1}\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/annotations/train.yaml:3:36"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown field `fakt`"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn unsafe_links_in_block_scalars_are_located_at_the_link() {
    let site = base();
    let train = site.path().join("content/annotations/train.yaml");
    let yaml = fs::read_to_string(&train).unwrap().replace(
        "summary: The journey, as the wire tells it.",
        "summary: |\n  First line.\n  See [a](javascript&colon;x()) and [a](javascript&colon;x()).\n  Then [b][r].\n\n  [r]: <data:text/html,hi>",
    );
    fs::write(&train, yaml).unwrap();
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let warnings: Vec<String> = built.warnings.iter().map(|d| d.to_string()).collect();
    let at = |needle: &str| -> Vec<&str> {
        warnings
            .iter()
            .filter(|w| w.contains(needle))
            .map(|w| w.split(": warning").next().unwrap())
            .collect()
    };
    // Entity-escaped, the scheme is not in the file as pulldown-cmark reads it: the link itself is found.
    assert_eq!(
        at("`javascript:x()`"),
        [
            "content/annotations/train.yaml:4:7",
            "content/annotations/train.yaml:4:37"
        ],
        "{warnings:#?}"
    );
    assert_eq!(
        at("`data:text/html,hi`"),
        ["content/annotations/train.yaml:5:8"],
        "{warnings:#?}"
    );
}

#[test]
fn files_that_are_not_read_are_said_so() {
    let site = base();
    write(site.path(), "content/articles/notes.md", "# notes\n");
    write(
        site.path(),
        "content/annotations/draft.YAML",
        "title: Draft\n",
    );
    write(site.path(), "content/annotations/.draft.yaml.swp", "x");
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let warnings: String = built.warnings.iter().map(|d| format!("{d}\n")).collect();
    assert!(warnings.contains("content/articles/notes.md: warning: the file is not read\n  hint: only `.txt` files are read here: rename it to content/articles/notes.txt"), "{warnings}");
    assert!(
        warnings.contains("content/annotations/draft.YAML: warning: the file is not read"),
        "{warnings}"
    );
    // Editor swap files are neither read nor mentioned.
    assert!(!warnings.contains(".swp"), "{warnings}");
}
