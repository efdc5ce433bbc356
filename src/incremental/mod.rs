//! Incremental `build` on disk: what the last build into an output did is kept beside it (`write::cache`), so
//! that a build with the same inputs into an intact output does nothing, and another renders only the outputs
//! whose key changed (`render::keys`), linking the others from the previous site.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostics;
use crate::load::Content;
use crate::render::KeyBase;
use crate::resolve::shared::{Found, Occurrence, SharedPassage};
use crate::resolve::{ResolveCache, Site};
use crate::write::cache::{self, Kept, Record};
use crate::Diagnostic;

mod inputs;
mod parsed;
pub(crate) use inputs::Inputs;
pub(crate) use parsed::ParsedFiles;

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
    cache::stamp_files(out, &mut files);
    let _ = cache::write(out, &Record::new(base.inputs, files, summary));
}

/// The shared wording of the sources (a function of the source files alone, and the slowest part of
/// resolving), kept beside the output (`.<output>.dossier-shared`) under a digest of the source files.
pub(crate) struct SharedWording {
    /// Digest of the binary and of every file under `content/articles/`.
    key: u128,
    /// The wording kept by the last build, if it was found for the same files.
    stored: Option<(Found, Vec<Diagnostic>)>,
    /// What this build found, to keep when it differs from the stored one.
    found: Option<StoredShared>,
}

/// The shared wording as kept on disk.
#[derive(Serialize, Deserialize)]
struct StoredShared {
    key: String,
    /// Each passage: (source, byte start, byte end, first word, end word) in `a` then `b`, and its words.
    passages: Vec<([usize; 5], [usize; 5], usize)>,
    /// Per source, the sources sharing wording with it that are not listed.
    unlisted: Vec<usize>,
    /// Per source, its number of words (0 for a source without a listed passage).
    words: Vec<usize>,
    warnings: Vec<Diagnostic>,
}

fn occurrence_row(o: &Occurrence) -> [usize; 5] {
    [
        o.source,
        o.range.start,
        o.range.end,
        o.words.start,
        o.words.end,
    ]
}

fn row_occurrence(r: [usize; 5]) -> Occurrence {
    Occurrence {
        source: r[0],
        range: r[1]..r[2],
        words: r[3]..r[4],
    }
}

impl SharedWording {
    /// The shared wording kept beside `out` for the source files whose digest is `key` (none with `force`).
    pub(crate) fn read(out: &Path, key: u128, force: bool) -> SharedWording {
        let stored = (!force)
            .then(|| cache::read_aside::<StoredShared>(out, "shared"))
            .flatten()
            .filter(|s| s.key == cache::hex(key))
            .map(|s| {
                let passages: Vec<SharedPassage> = s
                    .passages
                    .into_iter()
                    .map(|(a, b, words)| SharedPassage {
                        a: row_occurrence(a),
                        b: row_occurrence(b),
                        words,
                    })
                    .collect();
                let found = Found {
                    passages: std::sync::Arc::new(passages),
                    unlisted: s.unlisted,
                    words: s.words,
                };
                (found, s.warnings)
            });
        SharedWording {
            key,
            stored,
            found: None,
        }
    }

    /// Resolves `content`, with the stored shared wording when there is one, keeping what was found.
    pub(crate) fn resolve(&mut self, content: &Content, diags: &mut Diagnostics) -> Option<Site> {
        let mut cache = ResolveCache::shared_only();
        let reused = self.stored.take().map(|(found, warnings)| {
            cache.seed_shared(&content.sources, found, warnings);
        });
        let site = crate::resolve::resolve_cached(content, diags, &mut cache);
        if reused.is_none() {
            self.found = cache
                .shared_wording(&content.sources)
                .map(|(found, warnings)| StoredShared {
                    key: cache::hex(self.key),
                    passages: found
                        .passages
                        .iter()
                        .map(|p| (occurrence_row(&p.a), occurrence_row(&p.b), p.words))
                        .collect(),
                    unlisted: found.unlisted,
                    words: found.words,
                    warnings,
                });
        }
        site
    }

    /// Keeps what this build found beside `out` (nothing when the stored wording was used).
    pub(crate) fn remember(&self, out: &Path) {
        if let Some(found) = &self.found {
            let _ = cache::write_aside(out, "shared", found);
        }
    }
}
