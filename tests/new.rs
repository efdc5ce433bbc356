//! `dossier new`: a dossier started anywhere with the binary only builds and passes `check`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn dossier(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .current_dir(cwd)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn a_new_dossier_builds_and_checks_with_the_binary_only() {
    // A temp dir outside the repository: no themes/ folder anywhere near it.
    let tmp = tempfile::tempdir().unwrap();
    let made = dossier(
        tmp.path(),
        &[
            "new",
            "city-budget",
            "--language",
            "fr",
            "--title",
            "Le budget: \"2025\"",
        ],
    );
    assert!(made.status.success(), "{}", text(&made.stderr));
    let dir = tmp.path().join("city-budget");
    for file in [
        "content/dossier.yaml",
        "content/annotations/overview.yaml",
        "content/articles/sample-notice.txt",
    ] {
        let written = fs::read_to_string(dir.join(file)).unwrap();
        assert!(
            written.contains("# "),
            "{file} teaches the format in comments"
        );
    }
    assert!(!dir.join("themes").exists());

    let checked = dossier(tmp.path(), &["--root", "city-budget", "check", "--strict"]);
    assert!(
        checked.status.success(),
        "{}{}",
        text(&checked.stdout),
        text(&checked.stderr)
    );
    let built = dossier(tmp.path(), &["--root", "city-budget", "build"]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let index = fs::read_to_string(dir.join("dist/index.html")).unwrap();
    assert!(index.contains("lang=\"fr\""), "{index}");
    // The title is typeset: straight quotes become curly.
    assert!(index.contains("Le budget: “2025”"), "{index}");
    let section = fs::read_to_string(dir.join("dist/sections/overview.html")).unwrap();
    assert!(section.contains("id=\"sunday-opening\""));
    assert!(dir.join("dist/assets/style.css").is_file());
    assert!(dir.join("dist/sources/sample-notice.html").is_file());
    // What the build keeps beside the site is ignored by git, as the site is.
    let ignored = fs::read_to_string(dir.join(".gitignore")).unwrap();
    let beside: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".dist.dossier-"))
        .collect();
    assert!(
        !beside.is_empty(),
        "the build keeps its record beside dist/"
    );
    assert!(ignored.lines().any(|l| l == ".dist.dossier-*"), "{ignored}");
}

#[test]
fn a_non_empty_folder_is_refused_and_left_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("taken");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let out = dossier(tmp.path(), &["new", "taken"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing written");
    assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn an_empty_folder_is_used_and_a_bad_language_refused() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("empty")).unwrap();
    assert!(dossier(tmp.path(), &["new", "empty"]).status.success());
    assert!(tmp.path().join("empty/content/dossier.yaml").is_file());

    let out = dossier(
        tmp.path(),
        &["new", "other", "--language", "Korean (한국어)"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("language tag"));
    assert!(!tmp.path().join("other").exists());
}
