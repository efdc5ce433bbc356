//! Any story, any language: a second, unrelated dossier (a local bus strike, tests/fixtures/any-story) built with
//! the default theme carries no word of the first dossier, in any page, script or help text; its interface is in
//! its own language; and the parts it does not have stay out of sight.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use dossier::render::{OutputFile, RenderOptions};

/// Words that belong to the first dossier's subject only: none may appear outside its content.
const FIRST_STORY: [&str; 22] = [
    "Kim",
    "Jong",
    "Putin",
    "Pyongyang",
    "Vladivostok",
    "armoured",
    "armored",
    "train",
    "KCNA",
    "Peskov",
    "Kremlin",
    "Shoigu",
    "Jeon",
    "Korea",
    "Korean",
    "Russia",
    "Russian",
    "arms deal",
    "artillery",
    "Vostochny",
    "trip",
    "summit",
];

/// The strike dossier in a temp folder, with the repository's theme.
fn strike() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::repo().join("tests/fixtures/any-story"), dir.path());
    common::copy_tree(&common::repo().join("themes"), &dir.path().join("themes"));
    dir
}

fn build(root: &Path) -> Vec<OutputFile> {
    dossier::build_in_memory(root, &RenderOptions::default())
        .unwrap_or_else(|e| panic!("the strike dossier builds: {e:?}"))
        .files
}

fn set_language(root: &Path, tag: &str) {
    let path = root.join("content/dossier.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("language:") {
                format!("language: {tag}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    fs::write(path, text).unwrap();
}

/// Each word of the list found in `text` as a whole word (case-insensitive), with some context.
fn leaks(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    for word in FIRST_STORY {
        let w = word.to_lowercase();
        for (i, _) in lower.match_indices(&w) {
            let before = lower[..i].chars().next_back();
            let after = lower[i + w.len()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if boundary(before) && boundary(after) {
                let start = lower[..i]
                    .char_indices()
                    .rev()
                    .nth(40)
                    .map_or(0, |(j, _)| j);
                let end = (i + w.len() + 40).min(lower.len());
                let end = (end..=lower.len())
                    .find(|&e| lower.is_char_boundary(e))
                    .unwrap();
                found.push(format!("`{word}` in …{}…", &lower[start..end]));
            }
        }
    }
    found
}

#[test]
fn the_list_catches_what_it_looks_for() {
    assert_eq!(leaks("The armoured train left.").len(), 2);
    assert!(leaks("a constraint; strains; restraint").is_empty());
    assert_eq!(leaks("Kim Jong-un").len(), 2);
}

#[test]
fn no_page_or_script_of_another_dossier_mentions_the_first() {
    let site = strike();
    let files = build(site.path());
    assert!(files.len() > 15, "{} files", files.len());
    let mut found = Vec::new();
    for f in &files {
        let Ok(text) = std::str::from_utf8(&f.bytes) else {
            continue;
        };
        for leak in leaks(text) {
            found.push(format!("{}: {leak}", f.path));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_help_text_mentions_the_first_dossier() {
    let bin = env!("CARGO_BIN_EXE_dossier");
    let mut found = Vec::new();
    let mut helps = 0;
    for args in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["serve", "--help"],
        vec!["check", "--help"],
        vec!["find", "--help"],
        vec!["help"],
    ] {
        let out = Command::new(bin).args(&args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(text.len() > 40, "{args:?}: {text}");
        helps += 1;
        for leak in leaks(&text) {
            found.push(format!("dossier {}: {leak}", args.join(" ")));
        }
    }
    assert_eq!(helps, 6);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The visible text of an HTML page: tags, scripts and attribute values left out.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let tail = &rest[i..];
        let skip_to = if tail.starts_with("<script") {
            tail.find("</script>").map(|j| j + 9)
        } else {
            tail.find('>').map(|j| j + 1)
        };
        rest = &tail[skip_to.unwrap_or(tail.len())..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_french_dossier_has_a_french_interface() {
    let site = strike();
    set_language(site.path(), "fr");
    let files = build(site.path());
    let index = common::file(&files, "index.html");
    assert!(index.contains("<html lang=\"fr\" dir=\"ltr\">"), "{index}");
    assert!(index.contains("Le dossier en 3 parties"), "{index}");
    assert!(index.contains("En bref"));
    // Dates and weekdays from CLDR French data.
    let timeline = common::file(&files, "timeline.html");
    assert!(timeline.contains("lundi 3 mars 2025"), "{timeline}");
    // No English interface word is left on the pages (the content itself is in English here, so only words of
    // the interface are looked for).
    for page in [
        "index.html",
        "sections/strike.html",
        "about.html",
        "search.html",
        "404.html",
    ] {
        let text = visible_text(common::file(&files, page));
        for english in [
            "Supporting evidence",
            "How to read",
            "At a glance",
            "Previous section",
            "Next section",
            "Skip to content",
            "Timeline",
            "Corroboration",
            "Page not found",
            "quotations from",
        ] {
            assert!(!text.contains(english), "{page} still says `{english}`");
        }
    }
    let script_words = common::file(&files, "search.html");
    assert!(script_words
        .contains("\"no-results\":{\"other\":\"Aucun résultat pour «\u{a0}{query}\u{a0}».\"}"));
}

#[test]
fn an_arabic_dossier_reads_right_to_left() {
    let site = strike();
    set_language(site.path(), "ar");
    let files = build(site.path());
    let index = common::file(&files, "index.html");
    assert!(index.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(index.contains("الملف في 3 أجزاء"), "{index}");
    // The verbatim sources keep their own language and direction.
    let source = common::file(&files, "sources/gazette.html");
    assert!(source.contains("lang=\"en\" dir=\"ltr\""), "{source}");
    // Its notes are in the site's language, line by line: the list keeps the text's direction, which puts
    // its rule on the text's side.
    assert!(
        source.contains("<span class=\"c supports\" lang=\"ar\" dir=\"rtl\">"),
        "{source}"
    );
    assert!(
        source.contains("<ol class=\"notes\"><li class=\"sn\" id=\"n-1\"><span class=\"sn-n\">"),
        "{source}"
    );
    // The stylesheet has no physical left/right left: every side is logical.
    let css = common::file(&files, "assets/style.css");
    for physical in [
        "margin-left",
        "padding-left",
        "border-left",
        "text-align:left",
        "float:right",
        "margin-right",
    ] {
        assert!(
            !css.replace(": ", ":").contains(physical),
            "style.css uses {physical}"
        );
    }
}

#[test]
fn a_korean_dossier_uses_korean_dates() {
    let site = strike();
    set_language(site.path(), "ko");
    let files = build(site.path());
    let timeline = common::file(&files, "timeline.html");
    assert!(timeline.contains("2025년 3월 3일 월요일"), "{timeline}");
    assert!(common::file(&files, "index.html").contains("한눈에 보기"));
}

#[test]
fn a_language_without_a_locale_falls_back_to_english_with_a_warning() {
    let site = strike();
    set_language(site.path(), "pt-BR");
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    assert!(common::file(&built.files, "index.html").contains("At a glance"));
    let warning = built
        .warnings
        .iter()
        .map(|d| d.to_string())
        .find(|d| d.contains("pt-BR"))
        .expect("a warning about the missing interface language");
    assert!(warning.contains("English"), "{warning}");
    // At the `language:` line of dossier.yaml, as the loader located it.
    let line = std::fs::read_to_string(site.path().join("content/dossier.yaml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("language:"))
        .unwrap()
        + 1;
    assert!(
        warning.contains(&format!("content/dossier.yaml:{line}:")),
        "{warning}"
    );
    // A region of a shipped language uses it, without a warning.
    set_language(site.path(), "fr-CA");
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    assert!(common::file(&built.files, "index.html").contains("En bref"));
    assert!(built
        .warnings
        .iter()
        .all(|d| !d.to_string().contains("fr-CA")));
}

fn paths(files: &[OutputFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn without_a_timeline_there_is_no_timeline_page_link_or_teaser() {
    let site = strike();
    fs::remove_file(site.path().join("content/timeline.yaml")).unwrap();
    let files = build(site.path());
    assert!(!paths(&files).contains(&"timeline.html"));
    for f in &files {
        if f.path.ends_with(".html") {
            let html = std::str::from_utf8(&f.bytes).unwrap();
            assert!(
                !html.contains("timeline.html"),
                "{} links to the timeline",
                f.path
            );
            assert!(!html.contains("Key moments"), "{}", f.path);
        }
    }
}

#[test]
fn without_entities_there_is_no_entities_page_or_link() {
    let site = strike();
    fs::remove_file(site.path().join("content/entities.yaml")).unwrap();
    let files = build(site.path());
    assert!(!paths(&files).contains(&"entities.html"));
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = std::str::from_utf8(&f.bytes).unwrap();
        assert!(
            !html.contains("entities.html"),
            "{} links to entities",
            f.path
        );
    }
}

#[test]
fn a_single_section_is_not_numbered_and_counts_read_in_the_singular() {
    let site = strike();
    let content = site.path().join("content");
    fs::remove_file(content.join("annotations/pay.yaml")).unwrap();
    fs::remove_file(content.join("annotations/who-is-who.yaml")).unwrap();
    let yaml = fs::read_to_string(content.join("dossier.yaml"))
        .unwrap()
        .replace("sections: [strike, pay, who-is-who]", "sections: [strike]");
    fs::write(content.join("dossier.yaml"), yaml).unwrap();
    let files = build(site.path());
    let index = common::file(&files, "index.html");
    assert!(index.contains("The dossier in one part"), "{index}");
    assert!(!index.contains("Part 1"));
    assert!(index.contains("including 1 claim<"), "{index}");
    let section = common::file(&files, "sections/strike.html");
    assert!(!section.contains("Section 1 of 1"));
    assert!(
        !section.contains("class=\"pager\""),
        "no pager without another section"
    );
    let sources = common::file(&files, "sources/index.html");
    assert!(sources.contains("1 passage cited by 1 entry"), "{sources}");
    for wrong in [
        "1 parts",
        "1 points",
        "1 passages",
        "1 entries",
        "1 sources",
        "1 quotations",
        "1 claims",
    ] {
        for f in files.iter().filter(|f| f.path.ends_with(".html")) {
            let text = visible_text(std::str::from_utf8(&f.bytes).unwrap());
            assert!(!text.contains(wrong), "{}: `{wrong}`", f.path);
        }
    }
}

#[test]
fn a_dossier_without_claims_says_nothing_about_claims() {
    let site = strike();
    let annotations = site.path().join("content/annotations");
    for file in ["strike.yaml", "pay.yaml"] {
        let path = annotations.join(file);
        let text = fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        for line in text.lines() {
            if line.trim_start().starts_with("claimant:")
                || line.trim_start().starts_with("status:")
            {
                continue;
            }
            out.push_str(&line.replace("kind: claim", "kind: fact"));
            out.push('\n');
        }
        fs::write(path, out).unwrap();
    }
    let files = build(site.path());
    let index = visible_text(common::file(&files, "index.html"));
    assert!(!index.contains("Claims"), "{index}");
    assert!(!index.contains("claim"), "{index}");
    assert!(index.contains("Points"));
}
