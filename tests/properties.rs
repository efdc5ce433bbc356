//! Property tests (our fuzz targets): no input panics the front-matter splitter, the YAML loaders, quote
//! anchoring or the `@` link resolver; anchoring finds every quote drawn from a source; rendering any set of
//! overlapping quotes yields well-formed HTML whose text equals the source text exactly.
//!
//! Cases that once failed are kept as plain regression tests at the bottom.

mod common;

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use dossier::load::{front_matter, yaml, DossierFile, SectionFile, SourceFront, TimelineFile};
use dossier::render::RenderOptions;
use dossier::resolve::anchor::{anchor_all, normalize_quote, AnchorError, Query};
use html5gum::{Token, Tokenizer};
use proptest::prelude::*;

/// Words that exercise the normaliser and the escaper: typographic quotes, dashes, NBSP, markup, non-Latin text.
const WORDS: &[&str] = &[
    "Ada",
    "train",
    "Halse",
    "said",
    "the",
    "\u{201C}pay",
    "a",
    "price\u{201D}",
    "it\u{2019}s",
    "\u{2014}",
    "–",
    "<script>alert(1)</script>",
    "&amp;",
    "\"quoted\"",
    "Port Ellery,",
    "Dunlow.",
    "12-Sep-2023",
    "\u{a0}",
    "北朝鮮",
    "Jeon\u{200B}Ha-kyu",
    "\u{202E}bidi",
    "a",
    "the",
    "train",
    "train",
    "Alder",
    "(KCNA)",
    "x",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(WORDS),
            prop::sample::select(&[" ", " ", " ", "  ", "\n", "\n\n", "\u{a0}"][..]),
        ),
        5..80,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (w, sep) in parts {
            s.push_str(w);
            s.push_str(sep);
        }
        s.trim_end().to_owned()
    })
}

/// Char-boundary range [a, b) of `text` that starts and ends on a visible, normalisation-stable character.
fn stable_range(text: &str, x: usize, y: usize) -> Option<(usize, usize)> {
    let stable = |c: char| {
        c.is_alphanumeric() || matches!(c, '.' | ',' | '(' | ')' | '<' | '>' | '/' | '&' | ';')
    };
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| stable(*c))
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        return None;
    }
    let a = starts[x % starts.len()];
    let b_start = starts[(x % starts.len()).max(y % starts.len())];
    let b = b_start + text[b_start..].chars().next().unwrap().len_utf8();
    (b > a).then_some((a, b))
}

/// Case count: the default, scaled by `FUZZ_SCALE` when scripts/fuzz.sh runs the targets for longer.
fn cases(default: u32) -> u32 {
    let scale = std::env::var("FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    default.saturating_mul(scale.max(1))
}

fn real_site() -> &'static dossier::Built {
    static SITE: OnceLock<dossier::Built> = OnceLock::new();
    SITE.get_or_init(|| {
        dossier::build_in_memory(&common::repo(), &RenderOptions::default()).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn front_matter_splitter_never_panics(text in any::<String>()) {
        let _ = front_matter::split(&text);
        let framed = format!("---\n{text}\n---\n{text}");
        if let Ok(split) = front_matter::split(&framed) {
            prop_assert!(split.body_offset <= framed.len());
        }
    }

    #[test]
    fn yaml_loaders_never_panic(text in any::<String>()) {
        let path = Path::new("f.yaml");
        let _ = yaml::parse::<SectionFile>(path, &text, 0, 0);
        let _ = yaml::parse::<DossierFile>(path, &text, 0, 0);
        let _ = yaml::parse::<TimelineFile>(path, &text, 0, 0);
        let _ = yaml::parse::<SourceFront>(path, &text, 3, 10);
    }

    #[test]
    fn yaml_shaped_input_never_panics(lines in prop::collection::vec(
        prop::sample::select(&["title: T", "entries:", "  - id: a", "    kind: fact", "    title: x", "    evidence:",
            "      - source: s", "        quote: \"q", "&a [1, 2]", "*a", "- *a", "? x", "\t- y", "{", "}", "'", "---", "...",
            "    stance: supports", "  -", "key: [*a, *a, *a]", "a: &a [\"lol\", \"lol\"]", "!!binary x"][..]), 0..30)) {
        let text = lines.join("\n");
        let _ = yaml::parse::<SectionFile>(Path::new("f.yaml"), &text, 0, 0);
    }

    #[test]
    fn anchoring_never_panics(source in any::<String>(), quote in any::<String>(), prefix in any::<Option<String>>(), occ in any::<Option<usize>>()) {
        let q = Query { quote: &quote, prefix: prefix.as_deref(), suffix: None, occurrence: occ };
        let r = anchor_all(&source, &[q]);
        if let Ok(range) = &r[0] {
            prop_assert!(source.get(range.clone()).is_some(), "range on char boundaries");
        }
    }

    #[test]
    fn link_resolver_never_panics(target in any::<String>()) {
        let _ = real_site().site.resolve_ref(&target);
    }

    #[test]
    fn anchoring_finds_every_quote_drawn_from_the_source(text in text_strategy(), x in any::<usize>(), y in any::<usize>()) {
        let Some((a, b)) = stable_range(&text, x, y) else { return Ok(()) };
        let quote = &text[a..b];
        prop_assume!(!normalize_quote(quote).is_empty());
        let result = anchor_all(&text, &[Query { quote, ..Query::default() }]).remove(0);
        let candidates = match result {
            Ok(r) => vec![r],
            Err(AnchorError::Ambiguous(c)) => c,
            Err(e) => return Err(TestCaseError::fail(format!("{e:?} for {quote:?} in {text:?}"))),
        };
        prop_assert!(candidates.contains(&(a..b)), "{:?} not among {:?}", a..b, candidates);
        // And the occurrence number picks exactly it.
        let n = candidates.iter().position(|r| *r == (a..b)).unwrap() + 1;
        let picked = anchor_all(&text, &[Query { quote, occurrence: Some(n), ..Query::default() }]).remove(0);
        prop_assert_eq!(picked, Ok(a..b));
    }
}

proptest! {
    // Each case builds a whole site; fewer cases keep the suite fast.
    #![proptest_config(ProptestConfig { cases: cases(24), ..ProptestConfig::default() })]

    #[test]
    fn overlapping_quotes_render_well_formed_html_with_the_exact_text(
        text in text_strategy(),
        picks in prop::collection::vec((any::<usize>(), any::<usize>()), 1..8),
    ) {
        let mut quotes = Vec::new();
        for (x, y) in picks {
            if let Some((a, b)) = stable_range(&text, x, y) {
                let quote = &text[a..b];
                if normalize_quote(quote).is_empty() { continue; }
                let n = match anchor_all(&text, &[Query { quote, ..Query::default() }]).remove(0) {
                    Ok(_) => None,
                    Err(AnchorError::Ambiguous(c)) => Some(c.iter().position(|r| *r == (a..b)).unwrap() + 1),
                    Err(e) => return Err(TestCaseError::fail(format!("{e:?}"))),
                };
                quotes.push((quote.to_owned(), n));
            }
        }
        prop_assume!(!quotes.is_empty());
        let site = site_with(&text, &quotes);
        let built = dossier::build_in_memory(site.path(), &RenderOptions::default())
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let html = std::str::from_utf8(&built.files.iter().find(|f| f.path == "sources/s.html").unwrap().bytes).unwrap().to_owned();
        let (balanced, paragraphs) = paragraphs_and_balance(&html);
        prop_assert!(balanced, "unbalanced tags in {}", html);
        let source = &built.site.sources[0];
        let lines: Vec<&str> = source.lines.iter().map(|l| &source.text[l.range.clone()]).collect();
        prop_assert_eq!(paragraphs, lines);
    }
}

/// A one-source site whose single entry quotes `quotes` (with an occurrence number where needed).
fn site_with(text: &str, quotes: &[(String, Option<usize>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("content");
    fs::create_dir_all(c.join("articles")).unwrap();
    fs::create_dir_all(c.join("annotations")).unwrap();
    fs::write(c.join("dossier.yaml"), "title: P\nsections: [s]\n").unwrap();
    fs::write(
        c.join("articles/s.txt"),
        format!("---\ntitle: S\noutlet: O\npublished: 2023-09-12\n---\n{text}"),
    )
    .unwrap();
    let mut yaml = String::from(
        "title: S\nentries:\n  - id: e\n    kind: fact\n    title: E\n    evidence:\n",
    );
    for (q, n) in quotes {
        yaml.push_str(&format!(
            "      - source: s\n        quote: {}\n",
            serde_json::to_string(q).unwrap()
        ));
        if let Some(n) = n {
            yaml.push_str(&format!("        occurrence: {n}\n"));
        }
    }
    fs::write(c.join("annotations/s.yaml"), yaml).unwrap();
    common::copy_tree(&common::repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// Whether the `.source-text` tags nest properly, and its paragraphs' text without backlinks and notes.
fn paragraphs_and_balance(html: &str) -> (bool, Vec<String>) {
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut in_text = None;
    let mut paragraphs = Vec::new();
    let mut skip = 0;
    let mut balanced = true;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let class = tag.attributes.get(b"class".as_slice()).map(|v| v.to_vec());
                if class.as_deref() == Some(b"source-text") {
                    in_text = Some(stack.len());
                }
                let void = matches!(
                    tag.name.as_slice(),
                    b"br" | b"meta" | b"link" | b"img" | b"hr" | b"input"
                );
                if !void {
                    stack.push(tag.name.to_vec());
                }
                if in_text.is_some() {
                    match tag.name.as_slice() {
                        // Markers (`sup`), the notes after a paragraph (`ol`), asides: not the text.
                        b"sup" | b"aside" | b"ol" => skip += 1,
                        b"p" if skip == 0 => paragraphs.push(String::new()),
                        _ => {}
                    }
                }
            }
            Token::EndTag(tag) => {
                if stack.pop().as_deref() != Some(tag.name.as_slice()) {
                    balanced = false;
                }
                if in_text.is_some() && matches!(tag.name.as_slice(), b"sup" | b"aside" | b"ol") {
                    skip -= 1;
                }
                if in_text == Some(stack.len()) {
                    in_text = None;
                }
            }
            Token::String(s) if in_text.is_some() && skip == 0 => {
                if let Some(p) = paragraphs.last_mut() {
                    // Whitespace between block elements is not paragraph text.
                    if stack.last().map(Vec::as_slice) != Some(b"div".as_slice()) {
                        p.push_str(&String::from_utf8_lossy(&s));
                    }
                }
            }
            _ => {}
        }
    }
    (balanced && stack.is_empty(), paragraphs)
}

#[test]
fn regression_billion_laughs_is_refused_quickly() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let prev = (b'a' + i - 1) as char;
        let cur = (b'a' + i) as char;
        text.push_str(&format!("{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    text.push_str("title: T\nentries: *j\n");
    let start = std::time::Instant::now();
    let err = yaml::parse::<SectionFile>(Path::new("f.yaml"), &text, 0, 0).unwrap_err();
    assert!(
        start.elapsed() < std::time::Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
    assert!(!err.message.is_empty());
}

#[test]
fn regression_deep_nesting_is_refused() {
    for text in [
        format!(
            "title: T\nentries: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        format!("title: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!(
            "title: T\nentries:\n{}",
            (0..5_000)
                .map(|i| format!("{}- \n", "  ".repeat(i)))
                .collect::<String>()
        ),
    ] {
        let start = std::time::Instant::now();
        let err = yaml::parse::<SectionFile>(Path::new("f.yaml"), &text, 0, 0).unwrap_err();
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "took {:?}",
            start.elapsed()
        );
        assert!(err.location.is_some(), "{err:?}");
    }
}
