//! What resolving derived from each source file (its lines, date checks, anchored quotes, passage ids and
//! text-fragment links), kept beside the output (`.<output>.dossier-resolved`) by source and under a digest of
//! the file, so that the next build derives them again only for the files that changed.
//!
//! On disk: a header line, the binary's digest, then one line of JSON per source ([`KeptSource`]). Anything
//! unreadable is ignored; a kept source whose file's digest is not the current one is not used.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use rayon::prelude::*;

use crate::load::LoadedSource;
use crate::resolve::{KeptSource, ResolveCache};
use crate::write::cache;

/// The first line of the file; changes whenever its layout or the kept types do.
const HEADER: &str = "dossier-resolved 1";

/// The sources kept by the last build, and this build's, kept on a thread of their own.
pub(crate) struct ResolvedSources {
    out: PathBuf,
    /// Digest of the binary: what another binary derived may not be what this one would.
    key: u128,
    earlier: Vec<KeptSource>,
    writer: Option<JoinHandle<()>>,
}

impl ResolvedSources {
    /// The sources kept beside `out` by a binary whose digest is `key` (none with `force`).
    pub(crate) fn read(out: &Path, key: u128, force: bool) -> ResolvedSources {
        let earlier = (!force)
            .then(|| cache::read_aside_bytes(out, "resolved"))
            .flatten()
            .and_then(|bytes| decode(&bytes, key))
            .unwrap_or_default();
        ResolvedSources {
            out: out.to_path_buf(),
            key,
            earlier,
            writer: None,
        }
    }

    /// A cache holding what was kept for those of `files` that are unchanged.
    pub(crate) fn cache(&mut self, files: &[Arc<LoadedSource>]) -> ResolveCache {
        let mut cache = ResolveCache::new();
        cache.seed_sources(files, std::mem::take(&mut self.earlier));
        cache
    }

    /// Keeps what `cache` holds for `files` beside the output, on a thread of its own, if it changed.
    pub(crate) fn keep(&mut self, cache: ResolveCache, files: &[Arc<LoadedSource>]) {
        if !cache.changed() {
            return;
        }
        let (out, key, files) = (self.out.clone(), self.key, files.to_vec());
        // Best effort: without it, the next build derives every source again.
        self.writer = std::thread::Builder::new()
            .name("dossier-resolved".to_owned())
            .spawn(move || {
                let _ =
                    cache::write_aside_with(&out, "resolved", |w| encode(key, &cache, &files, w));
            })
            .ok();
    }
}

impl Drop for ResolvedSources {
    /// Waits until the sources are kept: the process may end right after the build.
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

fn encode(
    key: u128,
    cache: &ResolveCache,
    files: &[Arc<LoadedSource>],
    w: &mut dyn Write,
) -> io::Result<()> {
    write!(w, "{HEADER}\n{}\n", cache::hex(key))?;
    for kept in files.iter().filter_map(|f| cache.kept_source(f)) {
        // Compact JSON holds no line break (one in a string is escaped): the line ends the source.
        serde_json::to_writer(&mut *w, &kept).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The sources kept in `bytes` by a binary whose digest is `key`; `None` if anything is off.
fn decode(bytes: &[u8], key: u128) -> Option<Vec<KeptSource>> {
    let mut lines = bytes.split(|&b| b == b'\n');
    if lines.next()? != HEADER.as_bytes() || lines.next()? != cache::hex(key).as_bytes() {
        return None;
    }
    let rest: Vec<&[u8]> = lines.collect();
    let (last, rest) = rest.split_last()?;
    if !last.is_empty() {
        return None;
    }
    rest.par_iter()
        .map(|line| sonic_rs::from_slice(line).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    #[test]
    fn kept_sources_read_back_and_give_the_same_site_without_anchoring() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let content = crate::load::load(root, &mut Diagnostics::default()).expect("loads");
        let mut diags = Diagnostics::default();
        let mut cold = ResolveCache::new();
        let plain = crate::resolve::resolve_cached(&content, &mut diags, &mut cold).unwrap();
        assert!(cold.changed() && cold.anchored() > 0);
        let mut bytes = Vec::new();
        encode(7, &cold, &content.sources, &mut bytes).expect("encoded");
        let kept = decode(&bytes, 7).expect("decoded");
        assert_eq!(kept.len(), content.sources.len());
        let mut warm = ResolveCache::new();
        warm.seed_sources(&content.sources, kept);
        let mut warm_diags = Diagnostics::default();
        let site = crate::resolve::resolve_cached(&content, &mut warm_diags, &mut warm).unwrap();
        assert_eq!(warm.anchored(), 0, "nothing is anchored again");
        let shown = |s: &crate::resolve::Site| {
            format!(
                "{:?} {:?} {:?} {:?} {:?}",
                s.sources, s.sections, s.timeline, s.passages, s.entities
            )
        };
        assert!(shown(&plain) == shown(&site));
        assert_eq!(
            format!("{:?}", diags.into_sorted()),
            format!("{:?}", warm_diags.into_sorted())
        );
        assert!(decode(&bytes, 8).is_none(), "another binary");
        assert!(decode(&bytes[..bytes.len() - 1], 7).is_none(), "cut short");
        let mut other = bytes.clone();
        other[..HEADER.len()].copy_from_slice(b"dossier-resolved 0");
        assert!(decode(&other, 7).is_none(), "another layout");
    }
}
