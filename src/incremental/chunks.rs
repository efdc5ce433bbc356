//! Where each source object of the last build's `dossier.json` sits in it, kept beside the output
//! (`.<output>.dossier-chunks`), so that the next build copies the objects whose key is unchanged from that
//! file instead of writing them again (see `render::JsonChunks`).
//!
//! On disk: a header line, the binary's digest, a line with the count, then per object its key, offset,
//! length and digest (16 + 8 + 8 + 16 bytes, little-endian). A copied object is checked against its digest,
//! so a file changed since is never copied from; anything unreadable is ignored.

use std::fs::File;
use std::path::Path;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_128;

use crate::render::{Chunk, ChunkSource};
use crate::write::cache;

/// The first line of the file; changes whenever its layout does.
const HEADER: &str = "dossier-chunks 1";

/// The export whose pieces are kept.
const EXPORT: &str = "dossier.json";

/// Bytes per kept piece.
const ROW: usize = 48;

/// The last build's `dossier.json` and where its pieces are.
struct PreviousJson {
    file: File,
    pieces: FxHashMap<u128, Chunk>,
    /// The file's stamp is the one recorded when it was written: it holds those bytes, and a piece read from
    /// it is not checked against its digest.
    stamped: bool,
}

impl ChunkSource for PreviousJson {
    fn copy(&self, key: u128, out: &mut Vec<u8>) -> Option<u128> {
        let chunk = self.pieces.get(&key)?;
        let (at, len) = (out.len(), usize::try_from(chunk.len).ok()?);
        out.resize(at + len, 0);
        let read = read_at(&self.file, &mut out[at..], chunk.offset);
        if read && (self.stamped || xxh3_128(&out[at..]) == chunk.digest) {
            return Some(chunk.digest);
        }
        out.truncate(at);
        None
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> bool {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset).is_ok()
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> bool {
    false
}

/// The pieces of the last build's `dossier.json` in `out`, kept by a binary whose digest is `key`; `kept`:
/// the file as the record of that build has it.
pub(crate) fn previous(
    out: &Path,
    key: u128,
    kept: Option<&cache::Kept>,
) -> Option<Box<dyn ChunkSource>> {
    let bytes = cache::read_aside_bytes(out, "chunks")?;
    let pieces = decode(&bytes, key)?;
    let file = File::open(cache::output_file(out, EXPORT)?).ok()?;
    let stamped = match (kept, file.metadata()) {
        (Some(kept), Ok(meta)) => kept.stamped(&meta),
        _ => false,
    };
    Some(Box::new(PreviousJson {
        file,
        pieces,
        stamped,
    }))
}

/// The path of the export whose pieces are kept.
pub(crate) fn export() -> &'static str {
    EXPORT
}

/// Keeps where this build's pieces went (`None`: the export was not written again, and the kept file still
/// holds).
pub(crate) fn remember(out: &Path, key: u128, written: Option<Vec<Chunk>>) {
    if let Some(chunks) = written {
        let _ = cache::write_aside_bytes(out, "chunks", &encode(key, &chunks));
    }
}

fn encode(key: u128, chunks: &[Chunk]) -> Vec<u8> {
    let head = format!("{HEADER}\n{}\n{}\n", cache::hex(key), chunks.len());
    let mut bytes = head.into_bytes();
    bytes.reserve(chunks.len() * ROW);
    for c in chunks {
        bytes.extend_from_slice(&c.key.to_le_bytes());
        bytes.extend_from_slice(&c.offset.to_le_bytes());
        bytes.extend_from_slice(&c.len.to_le_bytes());
        bytes.extend_from_slice(&c.digest.to_le_bytes());
    }
    bytes
}

fn decode(bytes: &[u8], key: u128) -> Option<FxHashMap<u128, Chunk>> {
    let mut lines = bytes.splitn(4, |&b| b == b'\n');
    let (header, stored_key, count, rows) =
        (lines.next()?, lines.next()?, lines.next()?, lines.next()?);
    if header != HEADER.as_bytes() || stored_key != cache::hex(key).as_bytes() {
        return None;
    }
    let count: usize = std::str::from_utf8(count).ok()?.parse().ok()?;
    if rows.len() != count.checked_mul(ROW)? {
        return None;
    }
    let u64_at = |r: &[u8], i: usize| u64::from_le_bytes(r[i..i + 8].try_into().expect("8 bytes"));
    let u128_at =
        |r: &[u8], i: usize| u128::from_le_bytes(r[i..i + 16].try_into().expect("16 bytes"));
    let pieces = rows
        .chunks_exact(ROW)
        .map(|r| {
            let chunk = Chunk {
                key: u128_at(r, 0),
                offset: u64_at(r, 16),
                len: u64_at(r, 24),
                digest: u128_at(r, 32),
            };
            (chunk.key, chunk)
        })
        .collect();
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Output, Plan, RenderOptions};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A previous file that counts the pieces it gave.
    struct Counted(PreviousJson, Arc<AtomicUsize>);

    impl ChunkSource for Counted {
        fn copy(&self, key: u128, out: &mut Vec<u8>) -> Option<u128> {
            let copied = self.0.copy(key, out);
            if copied.is_some() {
                self.1.fetch_add(1, Ordering::Relaxed);
            }
            copied
        }
    }

    /// `dossier.json` of `site`, taking pieces from `previous`: its bytes, where its pieces went, and how many
    /// were copied.
    fn render(
        site: &crate::resolve::Site,
        theme: &crate::render::Theme,
        previous: Option<(&Path, &[Chunk])>,
    ) -> (Vec<u8>, Vec<Chunk>, usize) {
        let mut plan = Plan::new(site, theme);
        let copied = Arc::new(AtomicUsize::new(0));
        if let Some((file, chunks)) = previous {
            let pieces = decode(&encode(7, chunks), 7).expect("read back");
            let previous = PreviousJson {
                file: File::open(file).unwrap(),
                pieces,
                stamped: false,
            };
            plan.json_chunks
                .reuse(Box::new(Counted(previous, copied.clone())));
        }
        let options = RenderOptions::default();
        let out = plan
            .render(site, theme, &options, EXPORT, &Output::DossierJson)
            .unwrap();
        let written = plan.json_chunks.written().expect("written");
        (out.bytes, written, copied.load(Ordering::Relaxed))
    }

    #[test]
    fn unchanged_sources_are_copied_from_the_last_file_and_the_file_is_the_same() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut site, theme, _, _) = crate::resolve_site(root).expect("the real dossier resolves");
        let dir = tempfile::tempdir().unwrap();
        let last = dir.path().join(EXPORT);
        let (cold, chunks, _) = render(&site, &theme, None);
        // Each source, and each run of one source's passages.
        let cited = site
            .sources
            .iter()
            .filter(|s| !s.passages.is_empty())
            .count();
        let total = site.sources.len() + cited;
        assert!(cited > 0);
        assert_eq!(chunks.len(), total);
        std::fs::write(&last, &cold).unwrap();
        let (warm, again, copied) = render(&site, &theme, Some((&last, &chunks)));
        assert!(warm == cold);
        assert_eq!(copied, total);
        assert_eq!(again, chunks);
        // One source and one passage's citation changed: all but their pieces copied, and the file is the
        // one a fresh render makes.
        site.sources[1].front.title.push_str(" (updated)");
        let cited = site
            .passages
            .iter()
            .position(|p| !p.citations.is_empty())
            .unwrap();
        let stance = &mut site.passages[cited].citations[0].stance;
        *stance = match stance {
            crate::load::Stance::Supports => crate::load::Stance::Disputes,
            _ => crate::load::Stance::Supports,
        };
        let (fresh, _, _) = render(&site, &theme, None);
        let (edited, _, copied) = render(&site, &theme, Some((&last, &chunks)));
        assert!(edited == fresh && edited != cold);
        assert_eq!(copied, total - 2);
        // A last file changed since it was written is not copied from.
        let mut tampered = cold.clone();
        let first = chunks[0];
        tampered[first.offset as usize + 10] ^= 1;
        std::fs::write(&last, &tampered).unwrap();
        let (checked, _, copied) = render(&site, &theme, Some((&last, &chunks)));
        assert!(checked == fresh);
        assert_eq!(copied, total - 3);
        assert!(decode(&encode(7, &chunks), 8).is_none(), "another binary");
        let bytes = encode(7, &chunks);
        assert!(decode(&bytes[..bytes.len() - 1], 7).is_none(), "cut short");
    }
}
