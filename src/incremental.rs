//! Incremental `build` on disk: what the last build into an output did is kept beside it (`write::cache`), so
//! that a build with the same inputs into an intact output does nothing, and another renders only the outputs
//! whose key changed (`render::keys`), linking the others from the previous site.

use std::collections::BTreeMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::render::KeyBase;
use crate::write::cache::{self, Kept, Record};
use crate::Diagnostic;

/// What a build reports, kept to report it again when the next build has nothing to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Recorded {
    pub pages: usize,
    pub bytes: u64,
    pub sources: usize,
    pub sections: usize,
    pub entries: usize,
    pub passages: usize,
    pub theme: String,
    pub warnings: Vec<Diagnostic>,
}

/// The keys of a build of the dossier at `root`: `frame` digests the binary, the theme's files (the
/// dossier's `themes/` and the built-in theme) and the options; `inputs` adds every file under `content/`.
pub(crate) fn key_base(root: &Path) -> KeyBase {
    let mut frame = Xxh3::new();
    binary_identity().hash(&mut frame);
    for (rel, bytes) in crate::render::theme::built_in_files() {
        rel.hash(&mut frame);
        bytes.hash(&mut frame);
    }
    frame.update(&tree_digest(&root.join("themes")).to_le_bytes());
    let frame = frame.digest128();
    let mut inputs = Xxh3::new();
    inputs.update(&frame.to_le_bytes());
    inputs.update(&tree_digest(&root.join("content")).to_le_bytes());
    KeyBase {
        frame,
        inputs: inputs.digest128(),
    }
}

/// What identifies the running binary: its version, and its file's length and modification time, so that a
/// rebuilt binary never takes pages from a build by another.
fn binary_identity() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
        .unwrap_or_else(|_| format!("unknown {}", std::process::id()));
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

/// Digest of every file under `dir` (its path and bytes, links followed), or of its absence.
fn tree_digest(dir: &Path) -> u128 {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut odd = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true).min_depth(1) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                files.push((rel.to_string_lossy().into_owned(), e.into_path()));
            }
            Ok(_) => {}
            // An unreadable entry: its error text goes into the digest (and the build reports it).
            Err(e) => odd.push(e.to_string()),
        }
    }
    files.sort_unstable();
    let digests: Vec<u128> = files
        .par_iter()
        .map(|(rel, path)| {
            let mut h = Xxh3::new();
            rel.hash(&mut h);
            match std::fs::read(path) {
                Ok(bytes) => h.update(&bytes),
                Err(e) => e.to_string().hash(&mut h),
            }
            h.digest128()
        })
        .collect();
    let mut h = Xxh3::new();
    dir.is_dir().hash(&mut h);
    odd.hash(&mut h);
    for d in digests {
        h.update(&d.to_le_bytes());
    }
    h.digest128()
}

/// The record of the last build into `out`, if its output is as that build left it and its inputs were
/// `base.inputs`: then there is nothing to do.
pub(crate) fn unchanged(out: &Path, base: KeyBase) -> Option<Record<Recorded>> {
    let record: Record<Recorded> = cache::read(out)?;
    (record.same_inputs(base.inputs) && cache::intact(out, &record)).then_some(record)
}

/// Keeps the record of a build that wrote `digests` (path, length, digest) for the outputs `paths` with
/// `keys`.
pub(crate) fn remember(
    out: &Path,
    base: KeyBase,
    paths: impl Iterator<Item = String>,
    keys: Vec<Option<u128>>,
    digests: &[(String, u64, u128)],
    summary: Recorded,
) {
    let written: BTreeMap<&str, (u64, u128)> = digests
        .iter()
        .map(|(p, len, d)| (p.as_str(), (*len, *d)))
        .collect();
    let mut files = BTreeMap::new();
    for (path, key) in paths.zip(keys) {
        let Some((len, digest)) = written.get(path.as_str()) else {
            // Not written: no record rather than a wrong one.
            return;
        };
        files.insert(path, Kept::new(key, *len, *digest));
    }
    let _ = cache::write(out, &Record::new(base.inputs, files, summary));
}
