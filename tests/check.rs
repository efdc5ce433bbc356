//! `dossier check`: clean content passes; each class of problem is reported, in the build's format, and
//! nothing is written.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn dossier(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier")
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The base fixture (one source, one section) with the real themes.
fn base_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::repo().join("tests/fixtures/base"), dir.path());
    common::copy_tree(&common::repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// Adds `text` at the end of the file at `path`.
fn append(path: &Path, text: &str) {
    let mut content = std::fs::read_to_string(path).unwrap();
    content.push_str(text);
    std::fs::write(path, content).unwrap();
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn check_passes_on_the_real_dossier_and_writes_nothing() {
    let dir = common::real_dossier_copy();
    let out = dossier(dir.path(), &["check"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("check passed: 0 error(s)"), "{stdout}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(!dir.path().join("dist").exists());
    // Not a terminal: no colour codes.
    assert!(!stderr.contains('\u{1b}') && !stdout.contains('\u{1b}'));
}

#[test]
fn check_passes_on_the_base_fixture_without_warnings() {
    let dir = base_site();
    let out = dossier(dir.path(), &["check", "--strict"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("0 error(s), 0 warning(s)"),
        "{stdout}\n{stderr}"
    );
}

#[test]
fn check_reports_every_content_error_with_its_location() {
    let dir = base_site();
    let train = dir.path().join("content/annotations/train.yaml");
    edit(
        &train,
        "quote: Ada left Ravenholt on his private train",
        "quote: Ada left Ravenholt on his private bus",
    );
    edit(
        &train,
        "- source: wire\n        quote: crossed",
        "- source: wyre\n        quote: crossed",
    );
    let out = dossier(dir.path(), &["check"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("quote not found in source `wire`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/annotations/train.yaml:10:16"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown source `wyre`"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    assert!(stdout.contains("check failed: 2 error(s)"), "{stdout}");
    assert!(!dir.path().join("dist").exists());
}

#[test]
fn check_reports_bad_yaml() {
    let dir = base_site();
    std::fs::write(
        dir.path().join("content/annotations/train.yaml"),
        "title: [unclosed\n",
    )
    .unwrap();
    let out = dossier(dir.path(), &["check"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/annotations/train.yaml:"),
        "{stderr}"
    );
}

#[test]
fn check_catches_broken_links_and_fragments_that_a_template_produces() {
    let dir = base_site();
    let base = dir.path().join("themes/default/templates/base.html");
    edit(
        &base,
        "</footer>",
        "<a href=\"{{ page.root }}no-such-page.html\">x</a> <a href=\"#no-such-anchor\">y</a></footer>",
    );
    let out = dossier(dir.path(), &["check"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert_eq!(
        stderr.matches("broken link `").count(),
        2,
        "one report per broken target, not one per page:\n{stderr}"
    );
    assert!(
        stderr.contains("the site has no file `no-such-page.html`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the page has no element with id `no-such-anchor`"),
        "{stderr}"
    );
    assert!(stderr.contains("other page(s)"), "{stderr}");
    assert!(stderr.contains("themes/<theme>/templates/"), "{stderr}");
}

#[test]
fn check_warns_about_weak_spots_and_strict_fails_on_them() {
    let dir = base_site();
    let root = dir.path();
    std::fs::write(
        root.join("content/articles/extra.txt"),
        "---\ntitle: An extra story\noutlet: Extra Wire\npublished: 2023-09-13\n---\nNobody quotes this story.\n",
    )
    .unwrap();
    let train = root.join("content/annotations/train.yaml");
    append(
        &train,
        "  - id: background\n    kind: context\n    title: Some background\n\
         \x20 - id: rumour\n    kind: claim\n    title: A rumour of the crossing\n    claimant: Someone\n    status: unconfirmed\n\
         \x20   evidence:\n      - source: wire\n        quote: The train crossed into Varnia\n",
    );

    let out = dossier(root, &["check"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings alone pass\n{stdout}\n{stderr}"
    );
    for expected in [
        "entry `background` has no evidence",
        "claim `rumour` rests on a single source",
        "claim `rumour` has only supporting evidence",
        "source `extra` is never cited by an entry",
        "source `extra` has no fingerprint",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    // Each entry warning points at the entry's id line.
    assert!(
        stderr.contains("content/annotations/train.yaml:17:9"),
        "{stderr}"
    );
    assert!(stdout.contains("0 error(s), 5 warning(s)"), "{stdout}");

    let strict = dossier(root, &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2_and_every_command_has_help() {
    let root = common::repo();
    assert_eq!(
        dossier(&root, &["check", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(dossier(&root, &["no-such-command"]).status.code(), Some(2));
    assert_eq!(
        dossier(&root, &["serve", "--port", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(dossier(&root, &["find"]).status.code(), Some(2));
    for command in ["build", "check", "serve", "find"] {
        let out = dossier(&root, &[command, "--help"]);
        let (stdout, _) = text(&out);
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout.contains("--root <DIR>"), "{command}: {stdout}");
    }
}

#[test]
fn verify_links_is_clean_on_the_real_site() {
    let built =
        dossier::build_in_memory(&common::repo(), &dossier::render::RenderOptions::default())
            .unwrap();
    let problems = dossier::check::verify_links(&built.files);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn one_typo_in_the_real_content_gives_exactly_one_error() {
    // An unparsable file once made every link to its section, and every quote of its source, an error too.
    let site = common::real_dossier_copy();
    let content = site.path().join("content");
    let mut files: Vec<(std::path::PathBuf, &str, &str)> = Vec::new();
    for entry in std::fs::read_dir(content.join("annotations")).unwrap() {
        files.push((entry.unwrap().path(), "kind: fact", "kind: fakt"));
    }
    for entry in std::fs::read_dir(content.join("articles")).unwrap() {
        files.push((entry.unwrap().path(), "\noutlet:", "\noutlat:"));
    }
    files.push((content.join("timeline.yaml"), "title:", "titel:"));
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    for (path, from, to) in files {
        let original = std::fs::read_to_string(&path).unwrap();
        edit(&path, from, to);
        let report = dossier::check::check(site.path());
        let shown: String = report
            .diagnostics
            .iter()
            .map(|d| format!("{d}\n"))
            .collect();
        assert_eq!(report.errors(), 1, "{}:\n{shown}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(shown.contains(name.as_ref()), "{shown}");
        std::fs::write(&path, original).unwrap();
    }
    // A source file renamed to an unsafe id: one error for the name, none for the quotes citing it.
    let articles = content.join("articles");
    let first = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let stem = first.file_stem().unwrap().to_string_lossy().to_uppercase();
    std::fs::rename(&first, articles.join(format!("{stem}.txt"))).unwrap();
    let report = dossier::check::check(site.path());
    let shown: String = report
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect();
    assert_eq!(report.errors(), 1, "{shown}");
    assert!(shown.contains("is not a safe id"), "{shown}");
}

#[test]
fn check_reports_an_id_a_custom_theme_repeats_in_a_page() {
    let site = base_site();
    edit(
        &site.path().join("themes/default/templates/section.html"),
        "{% block content %}",
        "{% block content %}<span id=\"main\"></span>",
    );
    let (stdout, stderr) = text(&dossier(site.path(), &["check"]));
    let stderr = format!("{stdout}{stderr}");
    assert!(
        stderr.contains("error: the rendered page gives the id `main` to more than one element"),
        "{stderr}"
    );
    assert!(stderr.contains("sections/train.html"), "{stderr}");
    assert!(stderr.contains("check failed: 1 error(s)"), "{stderr}");
}

#[test]
fn passage_ids_stay_unique_when_a_passage_reads_like_a_numbered_one() {
    // "Alpha beta" twice is `q-alpha-beta` and `q-alpha-beta-2`; "Alpha beta 2" once had the second's id.
    let site = base_site();
    let root = site.path();
    std::fs::write(
        root.join("content/articles/echo.txt"),
        "---\ntitle: Echo\noutlet: O\npublished: 2023-09-12\n---\nAlpha beta one.\nAlpha beta one.\nAlpha beta 2 more.\n",
    )
    .unwrap();
    let train = root.join("content/annotations/train.yaml");
    append(
        &train,
        "  - id: echoes\n    kind: context\n    title: Echoes\n    evidence:\n      - source: echo\n        quote: Alpha beta\n        occurrence: 1\n      - source: echo\n        quote: Alpha beta\n        occurrence: 2\n      - source: echo\n        quote: Alpha beta 2\n",
    );
    let report = dossier::check::check(root);
    let shown: String = report
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect();
    assert_eq!(report.errors(), 0, "{shown}");
    let built = dossier::build_in_memory(root, &Default::default()).unwrap();
    let mut ids: Vec<&str> = built
        .site
        .passages
        .iter()
        .map(|p| p.id.as_str())
        .filter(|id| id.starts_with("q-alpha"))
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["q-alpha-beta", "q-alpha-beta-2", "q-alpha-beta-2-2"]);
}

#[test]
fn a_moment_titled_like_a_quotation_id_keeps_the_timeline_ids_unique() {
    let site = base_site();
    std::fs::write(
        site.path().join("content/timeline.yaml"),
        "moments:\n  - date: 2023-09-12\n    title: Arrival\n    evidence:\n      - source: wire\n        quote: crossed into Varnia\n  - date: 2023-09-12\n    title: Arrival ev 1\n",
    )
    .unwrap();
    let report = dossier::check::check(site.path());
    let shown: String = report
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect();
    assert_eq!(report.errors(), 0, "{shown}");
    let built = dossier::build_in_memory(site.path(), &Default::default()).unwrap();
    let ids: Vec<&str> = built.site.timeline.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["2023-09-12-arrival", "2023-09-12-arrival-ev-1-m"]);
}

#[test]
fn check_flags_a_supporting_quote_that_shares_no_word_with_its_entry() {
    let dir = base_site();
    let train = dir.path().join("content/annotations/train.yaml");
    edit(
        &train,
        "quote: crossed into Varnia early on Tuesday",
        "quote: Ravenholt on his private",
    );
    let out = dossier(dir.path(), &["check"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning only: {stdout}\n{stderr}"
    );
    assert!(
        stderr.contains(
            "a quote from `wire` supports entry `crossing` without a word in common with it"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("train.yaml:16:16"), "{stderr}");
    assert!(stderr.contains("mark it `stance: context`"), "{stderr}");
    // The related quote of `departure` ("left") is not flagged, nor is the same quote marked context.
    assert!(!stderr.contains("entry `departure` without"), "{stderr}");
    edit(
        &train,
        "quote: Ravenholt on his private",
        "quote: Ravenholt on his private\n        stance: context",
    );
    let (_, stderr) = text(&dossier(dir.path(), &["check"]));
    assert!(!stderr.contains("without a word in common"), "{stderr}");
}

#[test]
fn a_reviewed_lint_is_quiet_counted_and_reported_when_stale_or_misspelt() {
    let dir = base_site();
    let root = dir.path();
    let train = root.join("content/annotations/train.yaml");
    append(
        &train,
        "  - id: rumour\n    kind: claim\n    title: A rumour of the crossing\n    claimant: Someone\n    status: unconfirmed\n\
         \x20   reviewed:\n      single-source: Only the wire reports it, as the body says.\n      single-origin: stale on purpose\n\
         \x20   evidence:\n      - source: wire\n        quote: The train crossed into Varnia\n",
    );
    let out = dossier(root, &["check"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(!stderr.contains("rests on a single source"), "{stderr}");
    assert!(
        stderr.contains("claim `rumour` has only supporting evidence"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("entry `rumour` reviews `single-origin`, but that warning no longer applies"),
        "{stderr}"
    );
    assert!(
        stdout.contains("0 error(s), 2 warning(s) (1 more answered by `reviewed:` in the content)"),
        "{stdout}"
    );

    // A misspelt lint name and an empty reason are errors at their lines, with the likely name.
    edit(
        &train,
        "      single-origin: stale on purpose",
        "      one-sidded: x",
    );
    edit(
        &train,
        "single-source: Only the wire reports it, as the body says.",
        "single-source: \" \"",
    );
    let (stdout, stderr) = text(&dossier(root, &["check"]));
    assert!(
        stderr.contains("the review of `single-source` gives no reason"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`one-sidded` is not a lint that can be reviewed here"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `one-sided`?"), "{stderr}");
    assert!(stdout.contains("check failed"), "{stdout}");
}
