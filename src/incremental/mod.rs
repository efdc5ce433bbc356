//! Incremental `build` on disk: what the last build into an output did is kept beside it (`write::cache`), so
//! that a build with the same inputs into an intact output does nothing, and another renders only the outputs
//! whose key changed (`render::keys`), linking the others from the previous site.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Content, EarlierParses};
use crate::render::KeyBase;
use crate::resolve::{ResolveCache, Site};
use crate::write::cache::{self, Kept, Record};

pub(crate) mod chunks;
mod inputs;
mod parsed;
mod resolves;
mod shared;
pub(crate) use inputs::Inputs;
use parsed::ParsedFiles;
use resolves::KeptResolves;
use shared::SharedWording;

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

/// Whether `record`, of the last build into `out`, was of the inputs `base.inputs` and its output is as that
/// build left it: then there is nothing to do.
pub(crate) fn unchanged(out: &Path, base: KeyBase, record: &Record<Recorded>) -> bool {
    record.same_inputs(base.inputs) && cache::intact(out, record)
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

/// What the last build into the output kept beside it for loading and resolving, and what this build finds.
pub(crate) struct Earlier {
    shared: SharedWording,
    parsed: ParsedFiles,
    resolves: KeptResolves,
}

impl Earlier {
    /// What was kept beside `out` for `inputs` (nothing usable with `force`), the files read side by side.
    pub(crate) fn read(out: &Path, inputs: &Inputs, force: bool) -> Earlier {
        let (shared, (parsed, resolves)) = rayon::join(
            || SharedWording::read(out, inputs.articles, force),
            || {
                rayon::join(
                    || ParsedFiles::read(out, inputs.binary, force),
                    || KeptResolves::read(out, inputs.binary, force),
                )
            },
        );
        Earlier {
            shared,
            parsed,
            resolves,
        }
    }

    /// The files as the last build parsed them, for loading.
    pub(crate) fn parses(&self) -> &EarlierParses {
        self.parsed.earlier()
    }

    /// Resolves `content` with what was kept, keeping what this build finds.
    pub(crate) fn resolve(&mut self, content: &Content, diags: &mut Diagnostics) -> Option<Site> {
        self.parsed.keep(content);
        let mut cache = ResolveCache::shared_only();
        self.shared.seed(&mut cache, content);
        cache.keep_by_digest(self.resolves.take_earlier());
        let site = crate::resolve::resolve_cached(content, diags, &mut cache);
        self.shared.found_in(&cache, content);
        self.resolves.found(cache.take_by_digest());
        site
    }

    /// Keeps what this build found beside `out` (the parses are kept on a thread of their own, already).
    pub(crate) fn remember(&self, out: &Path) {
        self.shared.remember(out);
        self.resolves.remember(out);
    }
}
