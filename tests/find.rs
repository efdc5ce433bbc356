//! `dossier find`: unique and repeated phrases, typographic quotes, the fuzzy fallback, and snippets that anchor
//! when pasted into an annotation file (checked by running `dossier check` on the result).

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// The find fixture (two sources, one section) with the real themes, in a temp folder.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::repo().join("tests/fixtures/cli-find"), dir.path());
    common::copy_tree(&common::repo().join("themes"), &dir.path().join("themes"));
    dir
}

fn dossier(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier")
}

fn find(root: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["find"];
    all.extend_from_slice(args);
    let out = dossier(root, &all);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The YAML evidence items in `find`'s output.
fn snippets(stdout: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if line.starts_with("      - source: ") {
            if let Some(done) = current.take() {
                out.push(done);
            }
            current = Some(format!("{line}\n"));
        } else if let Some(c) = current.as_mut() {
            if line.starts_with("        ") {
                c.push_str(line);
                c.push('\n');
            } else {
                out.push(current.take().unwrap());
            }
        }
    }
    out.extend(current);
    out
}

/// Adds one entry per snippet to the section and checks that the dossier still passes `check`.
fn paste_and_check(root: &Path, snippets: &[String]) {
    let path = root.join("content/annotations/main.yaml");
    let mut yaml = std::fs::read_to_string(&path).unwrap();
    for (i, s) in snippets.iter().enumerate() {
        yaml.push_str(&format!(
            "  - id: pasted-{i}\n    kind: fact\n    title: Pasted {i}\n    evidence:\n{s}"
        ));
    }
    std::fs::write(&path, &yaml).unwrap();
    let out = dossier(root, &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "pasted snippets do not anchor:\n{yaml}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_unique_phrase_gives_a_plain_snippet() {
    let dir = site();
    let (code, stdout, stderr) = find(dir.path(), &["armoured  train left"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("content/articles/alpha.txt:8:5"),
        "{stdout}"
    );
    assert!(
        stdout.contains("The «armoured train left» at dawn."),
        "{stdout}"
    );
    let s = snippets(&stdout);
    assert_eq!(
        s,
        ["      - source: alpha\n        quote: \"armoured train left\"\n"]
    );
    assert!(stdout.contains("1 match(es) in 1 source(s)"));
    paste_and_check(dir.path(), &s);
}

#[test]
fn a_repeated_phrase_gets_prefix_or_suffix_and_every_snippet_anchors() {
    let dir = site();
    let (code, stdout, stderr) = find(dir.path(), &["Photo credit"]);
    assert_eq!(code, 0, "{stderr}");
    let s = snippets(&stdout);
    assert_eq!(s.len(), 4, "{stdout}");
    assert!(stdout.contains("occurrence 2 of 3 in this source"));
    assert!(stdout.contains("in a line of page furniture"));
    // The three in alpha need a selector; the one in beta is unique there.
    for alpha in &s[..3] {
        assert!(
            alpha.contains("prefix: ") || alpha.contains("suffix: "),
            "{alpha}"
        );
    }
    assert!(!s[3].contains("prefix") && !s[3].contains("suffix"));
    assert!(
        stdout.contains("content/articles/alpha.txt:11:11"),
        "{stdout}"
    );
    paste_and_check(dir.path(), &s);

    // --source narrows the search.
    let (code, stdout, _) = find(dir.path(), &["Photo credit", "--source", "beta"]);
    assert_eq!(code, 0);
    assert_eq!(snippets(&stdout).len(), 1);
    assert!(
        stdout.contains("content/articles/beta.txt:6:19"),
        "{stdout}"
    );
}

#[test]
fn straight_quotes_find_typographic_ones_and_the_snippet_keeps_the_source_characters() {
    let dir = site();
    let (code, stdout, stderr) = find(dir.path(), &["said \"we'll pay a price\" - twice"]);
    assert_eq!(code, 0, "{stderr}");
    let s = snippets(&stdout);
    assert_eq!(s.len(), 1, "{stdout}");
    assert!(
        s[0].contains("quote: \"said \u{201C}we\u{2019}ll pay a price\u{201D} \u{2014} twice\""),
        "{}",
        s[0]
    );
    paste_and_check(dir.path(), &s);
}

#[test]
fn no_exact_match_falls_back_to_the_closest_passages() {
    let dir = site();
    let (code, stdout, stderr) = find(dir.path(), &["The leaders met at the Vostochni cosmodrome"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("No exact match for"), "{stdout}");
    assert!(stdout.contains("% alike"), "{stdout}");
    let s = snippets(&stdout);
    assert!(s[0].contains("source: beta"), "{stdout}");
    assert!(
        s[0].contains("quote: \"The leaders met at the Vostochny cosmodrome"),
        "{stdout}"
    );
    paste_and_check(dir.path(), &s[..1]);

    let (code, stdout, _) = find(dir.path(), &["zebra xylophone quokka"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("not even roughly"), "{stdout}");
}

#[test]
fn find_works_while_annotations_are_broken_and_rejects_bad_arguments() {
    let dir = site();
    let path = dir.path().join("content/annotations/main.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, yaml.replace("left at dawn.", "left at dusk.")).unwrap();
    let (code, stdout, stderr) = find(dir.path(), &["left at dawn"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(snippets(&stdout).len(), 1);

    let (code, _, stderr) = find(dir.path(), &["train", "--source", "alpah"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `alpha`?"), "{stderr}");
    let (code, _, stderr) = find(dir.path(), &["  "]);
    assert_eq!(code, 2);
    assert!(stderr.contains("empty"), "{stderr}");
}

#[test]
fn find_on_the_real_dossier() {
    let (code, stdout, stderr) = find(&common::repo(), &["left Pyongyang"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("content/articles/"), "{stdout}");
    assert!(!snippets(&stdout).is_empty());
}
