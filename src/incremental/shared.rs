//! The shared wording of the sources (a function of the source files alone, and the slowest part of
//! resolving), kept beside the output (`.<output>.dossier-shared`) under a digest of the source files.
//!
//! On disk: a header line, the key, a line with the counts of passages and sources, then the numbers as
//! little-endian `u32`s (each passage's two occurrences and its words, then each source's unlisted partners and
//! words), then the warnings as one line of JSON. Binary, because at 10,000 sources there are 170,000 passages
//! and reading them as JSON took a twentieth of a one-entry build; anything unreadable is ignored.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::load::Content;
use crate::resolve::shared::{Found, Occurrence, SharedPassage};
use crate::resolve::ResolveCache;
use crate::write::cache;

/// The first line of the file; changes whenever its layout does.
const HEADER: &str = "dossier-shared 2";

/// Numbers per passage: source, byte start, byte end, first word, end word of each occurrence, and its words.
const PER_PASSAGE: usize = 11;

/// The shared wording kept by the last build and what this build found.
pub(crate) struct SharedWording {
    /// Digest of the binary and of every file under `content/articles/`.
    key: u128,
    /// The wording kept by the last build, if it was found for the same files.
    stored: Option<(Found, Vec<Diagnostic>)>,
    /// What this build found, to keep (none when the stored wording was used).
    found: Option<(Found, Vec<Diagnostic>)>,
    /// Whether the stored wording was given to the resolve.
    reused: bool,
}

impl SharedWording {
    /// The shared wording kept beside `out` for the source files whose digest is `key` (none with `force`).
    pub(crate) fn read(out: &Path, key: u128, force: bool) -> SharedWording {
        let stored = (!force)
            .then(|| cache::read_aside_bytes(out, "shared"))
            .flatten()
            .and_then(|bytes| decode(&bytes, key));
        SharedWording {
            key,
            stored,
            found: None,
            reused: false,
        }
    }

    /// Gives `cache` the stored shared wording for `content`'s sources, if there is one.
    pub(crate) fn seed(&mut self, cache: &mut ResolveCache, content: &Content) {
        if let Some((found, warnings)) = self.stored.take() {
            cache.seed_shared(&content.sources, found, warnings);
            self.reused = true;
        }
    }

    /// Takes what a resolve with `cache` found, to keep it (unless the stored wording was used).
    pub(crate) fn found_in(&mut self, cache: &ResolveCache, content: &Content) {
        if !self.reused {
            self.found = cache.shared_wording(&content.sources);
        }
    }

    /// Keeps what this build found beside `out` (nothing when the stored wording was used).
    pub(crate) fn remember(&self, out: &Path) {
        if let Some(bytes) = self
            .found
            .as_ref()
            .and_then(|(f, w)| encode(self.key, f, w))
        {
            let _ = cache::write_aside_bytes(out, "shared", &bytes);
        }
    }
}

/// The file for `found` and its `warnings` under `key`; `None` if a number does not fit in 32 bits.
fn encode(key: u128, found: &Found, warnings: &[Diagnostic]) -> Option<Vec<u8>> {
    let (passages, sources) = (found.passages.len(), found.unlisted.len());
    if found.words.len() != sources {
        return None;
    }
    let mut bytes = format!("{HEADER}\n{}\n{passages} {sources}\n", cache::hex(key)).into_bytes();
    bytes.reserve(4 * (passages * PER_PASSAGE + 2 * sources));
    let mut put = |n: usize| -> Option<()> {
        bytes.extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
        Some(())
    };
    for p in found.passages.iter() {
        for o in [&p.a, &p.b] {
            for n in [
                o.source,
                o.range.start,
                o.range.end,
                o.words.start,
                o.words.end,
            ] {
                put(n)?;
            }
        }
        put(p.words)?;
    }
    for &n in found.unlisted.iter().chain(&found.words) {
        put(n)?;
    }
    bytes.extend_from_slice(&serde_json::to_vec(warnings).ok()?);
    bytes.push(b'\n');
    Some(bytes)
}

/// The shared wording and warnings in `bytes` if they were kept under `key`; `None` if anything is off.
fn decode(bytes: &[u8], key: u128) -> Option<(Found, Vec<Diagnostic>)> {
    let mut lines = bytes.splitn(4, |&b| b == b'\n');
    let (header, stored_key, counts, rest) =
        (lines.next()?, lines.next()?, lines.next()?, lines.next()?);
    if header != HEADER.as_bytes() || stored_key != cache::hex(key).as_bytes() {
        return None;
    }
    let counts = std::str::from_utf8(counts).ok()?;
    let (passages, sources) = counts.split_once(' ')?;
    let (passages, sources): (usize, usize) = (passages.parse().ok()?, sources.parse().ok()?);
    let numbers = passages
        .checked_mul(PER_PASSAGE)?
        .checked_add(sources.checked_mul(2)?)?;
    let split = numbers.checked_mul(4)?;
    let (raw, json) = (rest.get(..split)?, rest.get(split..)?);
    let numbers: Vec<usize> = raw
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    let (rows, per_source) = numbers.split_at(passages * PER_PASSAGE);
    let occurrence = |r: &[usize]| Occurrence {
        source: r[0],
        range: r[1]..r[2],
        words: r[3]..r[4],
    };
    let passages = rows
        .chunks_exact(PER_PASSAGE)
        .map(|r| SharedPassage {
            a: occurrence(&r[..5]),
            b: occurrence(&r[5..10]),
            words: r[10],
        })
        .collect();
    let (unlisted, words) = per_source.split_at(sources);
    let warnings = serde_json::from_slice(json.strip_suffix(b"\n")?).ok()?;
    let found = Found {
        passages: Arc::new(passages),
        unlisted: unlisted.to_vec(),
        words: words.to_vec(),
    };
    Some((found, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    #[test]
    fn kept_wording_reads_back_as_found_and_anything_off_is_ignored() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared-wire");
        let mut diags = Diagnostics::default();
        let content = crate::load::load(&root, &mut diags).expect("the fixture loads");
        let mut cache = ResolveCache::shared_only();
        crate::resolve::resolve_cached(&content, &mut diags, &mut cache).expect("it resolves");
        let (found, warnings) = cache.shared_wording(&content.sources).expect("found");
        assert!(!found.passages.is_empty() && !warnings.is_empty());
        let bytes = encode(7, &found, &warnings).expect("encoded");
        assert_eq!(decode(&bytes, 7), Some((found.clone(), warnings.clone())));
        assert!(
            decode(&bytes, 8).is_none(),
            "another binary or other sources"
        );
        assert!(decode(&bytes[..bytes.len() - 1], 7).is_none(), "cut short");
        // The numbers start after the third line.
        let head = bytes
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(2)
            .unwrap()
            .0
            + 1;
        assert!(decode(&bytes[..head + 10], 7).is_none(), "numbers cut");
        let mut other = bytes.clone();
        other[..HEADER.len()].copy_from_slice(b"dossier-shared 1");
        assert!(decode(&other, 7).is_none(), "another layout");
        let mut huge = found;
        huge.unlisted[0] = u32::MAX as usize + 1;
        assert!(
            encode(7, &huge, &warnings).is_none(),
            "not kept rather than kept wrong"
        );
    }
}
