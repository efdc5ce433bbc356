//! Helpers shared by the `dossier add` tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::load::SourceFront;

#[path = "../common/mod.rs"]
mod common;

pub fn fixture(name: &str) -> String {
    common::repo()
        .join("tests/fixtures/ingest")
        .join(name)
        .display()
        .to_string()
}

/// An empty dossier (one section, no sources yet) with the real themes.
pub fn dossier(section: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(content.join("articles")).unwrap();
    fs::create_dir_all(content.join("annotations")).unwrap();
    fs::write(
        content.join("dossier.yaml"),
        "title: Test dossier\nlanguage: en\nsections: [news]\n",
    )
    .unwrap();
    fs::write(content.join("annotations/news.yaml"), section).unwrap();
    common::copy_tree(&common::repo().join("themes"), &dir.path().join("themes"));
    dir
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn dossier_cmd(root: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn article_path(root: &Path, id: &str) -> PathBuf {
    root.join("content/articles").join(format!("{id}.txt"))
}

/// The front matter and body of an added source.
pub fn read_source(root: &Path, id: &str) -> (SourceFront, String, String) {
    let file = fs::read_to_string(article_path(root, id)).unwrap();
    let split = dossier::load::front_matter::split(&file).unwrap();
    // A page that states no outlet or date leaves them to the editor (tested on its own): stand-ins here.
    let mut yaml = split.front.to_owned();
    for (key, stand_in) in [
        ("outlet", "outlet: unstated\n"),
        ("published", "published: 1970-01-01\n"),
    ] {
        if !yaml.lines().any(|l| l.starts_with(&format!("{key}:"))) {
            yaml.push_str(stand_in);
        }
    }
    let front: SourceFront = serde_yaml::from_str(&yaml).unwrap();
    let body = file[split.body_offset..].to_owned();
    (front, body, split.front.to_owned())
}

/// Adds `input` as `id` and returns its front matter and body.
pub fn added(root: &Path, input: &str, id: &str) -> (SourceFront, String, String) {
    let run = dossier_cmd(root, &["add", input, "--id", id]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    read_source(root, id)
}

pub const NO_ENTRIES: &str = "title: News\nentries: []\n";
