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
        "quote: Kim left Pyongyang on his private train",
        "quote: Kim left Pyongyang on his private bus",
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
    let mut yaml = std::fs::read_to_string(&train).unwrap();
    yaml.push_str(
        "  - id: background\n    kind: context\n    title: Some background\n\
         \x20 - id: rumour\n    kind: claim\n    title: A rumour\n    claimant: Someone\n    status: unconfirmed\n\
         \x20   evidence:\n      - source: wire\n        quote: The train crossed into Russia\n",
    );
    std::fs::write(&train, yaml).unwrap();

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
