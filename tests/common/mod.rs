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

/// The JSON a search shard hands over: `DOSSIER_SHARD("kind",k,JSON);` gives (kind, k, JSON text).
pub fn shard_call(js: &str) -> (&str, usize, &str) {
    let rest = js
        .strip_prefix("DOSSIER_SHARD(\"")
        .and_then(|s| s.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a shard script: {}", &js[..js.len().min(80)]));
    let (kind, rest) = rest.split_once("\",").expect("a kind");
    let (k, json) = rest.split_once(',').expect("a shard number");
    (kind, k.parse().expect("a shard number"), json)
}

/// The search index's manifest, `assets/search-index.js`.
pub fn search_manifest(files: &[dossier::render::OutputFile]) -> serde_json::Value {
    let json = file(files, "assets/search-index.js")
        .strip_prefix("window.DOSSIER_INDEX=")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("a script assigning a global");
    serde_json::from_str(json).expect("JSON")
}

/// Every shard of `kind` (`t`, `d`, `h`) by number, each checked to be the shard its path says.
pub fn search_shards(
    files: &[dossier::render::OutputFile],
    kind: &str,
) -> Vec<(usize, serde_json::Value)> {
    let mut out: Vec<(usize, serde_json::Value)> = files
        .iter()
        .filter_map(|f| {
            let name = f.path.strip_prefix("assets/search/")?.strip_suffix(".js")?;
            let k: usize = name.strip_prefix(kind)?.parse().ok()?;
            let (got_kind, got_k, json) = shard_call(std::str::from_utf8(&f.bytes).unwrap());
            assert_eq!((got_kind, got_k), (kind, k), "{}", f.path);
            Some((k, serde_json::from_str(json).expect("JSON")))
        })
        .collect();
    out.sort_by_key(|(k, _)| *k);
    out
}

/// The search documents of every shard joined, as one value `{"s": [sources by number], "d": [documents]}`.
pub fn search_documents(files: &[dossier::render::OutputFile]) -> serde_json::Value {
    let mut docs = Vec::new();
    let mut sources: Vec<serde_json::Value> = Vec::new();
    for (_, shard) in search_shards(files, "d") {
        docs.extend(shard["d"].as_array().unwrap().iter().cloned());
        for (o, s) in shard["s"].as_object().unwrap() {
            let o: usize = o.parse().unwrap();
            if sources.len() <= o {
                sources.resize(o + 1, serde_json::Value::Null);
            }
            sources[o] = s.clone();
        }
    }
    serde_json::json!({ "s": sources, "d": docs })
}

/// The word index of every shard joined, each term once, sorted by key, as `{"l", "n", "t": [terms]}`.
pub fn search_terms(files: &[dossier::render::OutputFile]) -> serde_json::Value {
    let manifest = search_manifest(files);
    let mut terms: Vec<serde_json::Value> = Vec::new();
    for (_, shard) in search_shards(files, "t") {
        terms.extend(shard.as_array().unwrap().iter().cloned());
    }
    terms.sort_by(|a, b| a[0].as_str().cmp(&b[0].as_str()));
    terms.dedup_by(|a, b| a[0] == b[0]);
    serde_json::json!({ "l": manifest["l"], "n": manifest["n"], "t": terms })
}
