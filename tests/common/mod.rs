//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The real dossier of this repository, built in memory.
pub fn real_built() -> dossier::Built {
    dossier::build_in_memory(&repo(), &dossier::render::RenderOptions::default())
        .expect("the real dossier builds")
}

/// The text of the output file at `path` (panics if it was not written).
pub fn file<'a>(files: &'a [dossier::render::OutputFile], path: &str) -> &'a str {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no file {path}"));
    std::str::from_utf8(&f.bytes).unwrap()
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temp copy of the real dossier (content and themes), to edit freely.
pub fn real_dossier_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// A fixture site: the base fixture with the case's files laid over it, plus the real themes.
pub fn fixture_site(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/base"), dir.path());
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    for entry in walkdir::WalkDir::new(case).min_depth(1) {
        let entry = entry.unwrap();
        if entry.file_name() == "expected.txt" {
            continue;
        }
        let target = dir.path().join(entry.path().strip_prefix(case).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

/// Text between HTML tags with entities decoded (enough for our own output).
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
