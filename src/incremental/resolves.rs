//! Where the last build anchored each quote and the links it made to each passage, kept beside the output
//! (`.<output>.dossier-resolves`) by a digest of all each depends on (the source's text, the quote and its
//! selectors; the text, URL and range), so that a build anchors only the quotes it has not seen in that text.
//! At 10,000 sources, anchoring every quote again was a fifth of a one-entry build's resolve.
//!
//! On disk: a header line, the binary's digest, a line with the counts of anchors and links, then each anchor
//! as its key and range (16 + 4 + 4 bytes, little-endian), then each link as its key, its length (4 bytes)
//! and its bytes; entries in key order, so that the same resolves give the same file. Anything unreadable is
//! ignored.

use std::path::Path;

use crate::resolve::ByDigest;
use crate::write::cache;

/// The first line of the file; changes whenever its layout does.
const HEADER: &str = "dossier-resolves 1";

/// The anchors and links kept by the last build, and this build's.
pub(crate) struct KeptResolves {
    /// Digest of the binary: anchoring may differ from one binary to the next.
    key: u128,
    /// What the last build kept (empty if nothing usable was).
    earlier: Option<ByDigest>,
    /// What this build found, and whether it differs from what the last build kept.
    now: Option<(ByDigest, bool)>,
}

impl KeptResolves {
    /// The resolves kept beside `out` by a binary whose digest is `key` (none with `force`).
    pub(crate) fn read(out: &Path, key: u128, force: bool) -> KeptResolves {
        let earlier = (!force)
            .then(|| cache::read_aside_bytes(out, "resolves"))
            .flatten()
            .and_then(|b| decode(&b, key));
        KeptResolves {
            key,
            earlier,
            now: None,
        }
    }

    /// What the last build kept, for this build's resolve (once).
    pub(crate) fn take_earlier(&mut self) -> ByDigest {
        self.earlier.take().unwrap_or_default()
    }

    /// Sets what this build found, and whether it differs from what was read.
    pub(crate) fn found(&mut self, now: Option<(ByDigest, bool)>) {
        self.now = now;
    }

    /// Keeps what this build found beside `out`, unless it is what was read.
    pub(crate) fn remember(&self, out: &Path) {
        if let Some((now, true)) = &self.now {
            if let Some(bytes) = encode(self.key, now) {
                let _ = cache::write_aside_bytes(out, "resolves", &bytes);
            }
        }
    }
}

/// The file for `kept` under `key`; `None` if a link is longer than 4 GB.
fn encode(key: u128, kept: &ByDigest) -> Option<Vec<u8>> {
    let mut anchors: Vec<_> = kept.anchors.iter().collect();
    anchors.sort_unstable_by_key(|(k, _)| **k);
    let mut links: Vec<_> = kept.links.iter().collect();
    links.sort_unstable_by_key(|(k, _)| **k);
    let head = format!(
        "{HEADER}\n{}\n{} {}\n",
        cache::hex(key),
        anchors.len(),
        links.len()
    );
    let mut bytes = head.into_bytes();
    for (k, (start, end)) in anchors {
        bytes.extend_from_slice(&k.to_le_bytes());
        bytes.extend_from_slice(&start.to_le_bytes());
        bytes.extend_from_slice(&end.to_le_bytes());
    }
    for (k, link) in links {
        bytes.extend_from_slice(&k.to_le_bytes());
        bytes.extend_from_slice(&u32::try_from(link.len()).ok()?.to_le_bytes());
        bytes.extend_from_slice(link.as_bytes());
    }
    Some(bytes)
}

/// The resolves kept in `bytes` by a binary whose digest is `key`; `None` if anything is off.
fn decode(bytes: &[u8], key: u128) -> Option<ByDigest> {
    let mut lines = bytes.splitn(4, |&b| b == b'\n');
    let (header, stored_key, counts, mut rest) =
        (lines.next()?, lines.next()?, lines.next()?, lines.next()?);
    if header != HEADER.as_bytes() || stored_key != cache::hex(key).as_bytes() {
        return None;
    }
    let (anchors, links) = std::str::from_utf8(counts).ok()?.split_once(' ')?;
    let (anchors, links): (usize, usize) = (anchors.parse().ok()?, links.parse().ok()?);
    let mut take = |n: usize| -> Option<&[u8]> {
        let (head, tail) = rest.split_at_checked(n)?;
        rest = tail;
        Some(head)
    };
    let u128_of = |b: &[u8]| Some(u128::from_le_bytes(b.try_into().ok()?));
    let u32_of = |b: &[u8]| Some(u32::from_le_bytes(b.try_into().ok()?));
    let mut kept = ByDigest::default();
    kept.anchors.reserve(anchors.min(1 << 20));
    for _ in 0..anchors {
        let k = u128_of(take(16)?)?;
        let (start, end) = (u32_of(take(4)?)?, u32_of(take(4)?)?);
        kept.anchors.insert(k, (start, end));
    }
    kept.links.reserve(links.min(1 << 20));
    for _ in 0..links {
        let k = u128_of(take(16)?)?;
        let len = u32_of(take(4)?)? as usize;
        let link = std::str::from_utf8(take(len)?).ok()?;
        kept.links.insert(k, link.to_owned());
    }
    rest.is_empty().then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::resolve::ResolveCache;

    /// The real dossier, each source given a URL, resolved once after `earlier`, keeping by digest what it
    /// found; and how many quotes it anchored.
    fn resolved(earlier: ByDigest) -> (crate::resolve::Site, ByDigest, usize, bool) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diags = Diagnostics::default();
        let mut content = crate::load::load(root, &mut diags).expect("the real dossier loads");
        for source in &mut content.sources {
            let mut with_url = (**source).clone();
            with_url.front.value.url = Some(format!("https://example.org/{}", with_url.id));
            *source = std::sync::Arc::new(with_url);
        }
        let mut cache = ResolveCache::shared_only();
        cache.keep_by_digest(earlier);
        let site = crate::resolve::resolve_cached(&content, &mut diags, &mut cache).unwrap();
        let anchored = cache.anchored();
        let (kept, changed) = cache.take_by_digest().expect("kept");
        (site, kept, anchored, changed)
    }

    #[test]
    fn kept_resolves_give_the_same_site_without_anchoring_again() {
        let (cold, kept, anchored, changed) = resolved(ByDigest::default());
        assert!(changed, "nothing was kept before");
        assert!(anchored > 0, "{anchored}");
        assert!(!kept.anchors.is_empty(), "{}", kept.anchors.len());
        assert!(!kept.links.is_empty(), "{}", kept.links.len());
        let bytes = encode(7, &kept).expect("encoded");
        let read = decode(&bytes, 7).expect("decoded");
        assert_eq!(read, kept);
        let (warm, again, anchored, changed) = resolved(read);
        assert!(!changed, "the same resolves are not written again");
        assert_eq!(anchored, 0, "every quote was known");
        assert_eq!(again, kept, "the same anchors and links are kept again");
        assert!(warm.passages.iter().all(|p| p.original.is_some()));
        let shown = |s: &crate::resolve::Site| format!("{:?} {:?}", s.passages, s.sections);
        assert!(shown(&cold) == shown(&warm));
        // A wrong kept anchor would be used: the key is all that stands between them.
        let mut wrong = kept.clone();
        for range in wrong.anchors.values_mut() {
            range.1 = range.0 + 1;
        }
        let (off, _, _, _) = resolved(wrong);
        assert!(shown(&off) != shown(&cold));
        // A kept range that is not one of the text's (a damaged file) is not taken: anchored again.
        let mut damaged = kept.clone();
        for range in damaged.anchors.values_mut() {
            *range = (u32::MAX - 1, u32::MAX);
        }
        let (mended, _, anchored, _) = resolved(damaged);
        assert!(anchored > 0);
        assert!(shown(&mended) == shown(&cold));
        // Likewise a kept link.
        let mut wrong = kept.clone();
        for link in wrong.links.values_mut() {
            link.push_str("-kept");
        }
        let (off, _, _, _) = resolved(wrong);
        assert!(off
            .passages
            .iter()
            .all(|p| p.original.as_ref().unwrap().ends_with("-kept")));
    }

    #[test]
    fn anything_off_in_the_file_is_ignored() {
        let (_, kept, _, _) = resolved(ByDigest::default());
        let bytes = encode(7, &kept).unwrap();
        // The same resolves in another order make the same file.
        let mut reordered = ByDigest::default();
        let mut anchors: Vec<_> = kept.anchors.iter().map(|(k, r)| (*k, *r)).collect();
        anchors.sort_unstable_by_key(|(k, _)| std::cmp::Reverse(*k));
        reordered.anchors.extend(anchors);
        let mut links: Vec<_> = kept.links.iter().map(|(k, l)| (*k, l.clone())).collect();
        links.sort_unstable_by_key(|(k, _)| std::cmp::Reverse(*k));
        reordered.links.extend(links);
        assert_eq!(bytes, encode(7, &reordered).unwrap());
        assert!(decode(&bytes, 8).is_none(), "another binary");
        assert!(decode(&bytes[..bytes.len() - 1], 7).is_none(), "cut short");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, 7).is_none(), "trailing bytes");
        let mut other = bytes.clone();
        other[..HEADER.len()].copy_from_slice(b"dossier-resolves 0");
        assert!(decode(&other, 7).is_none(), "another layout");
    }
}
