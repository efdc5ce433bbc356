//! What resolving can reuse between runs over mostly unchanged content (`serve`): per source file, the source
//! as resolved, where each quote was anchored, the passage ids and each passage's text-fragment link. All of
//! them are functions of the file (and the quotes) alone, so they are kept for as long as the very same loaded
//! file is resolved again, and a cached result is exactly what computing it again would give.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::anchor::{AnchorError, Query};
use super::model::Source;
use super::shared::Found;
use crate::diagnostic::Diagnostic;
use crate::digest::KeyBytes;
use crate::load::LoadedSource;

/// The outcome of anchoring one quote.
pub(super) type Anchored = Result<Range<usize>, AnchorError>;

/// A query's selectors besides the quote (prefix, suffix, occurrence) and where it was anchored.
type Selected = (Option<String>, Option<String>, Option<usize>, Anchored);

/// The source files the shared wording was found for, in order; the passages; the warnings.
type SharedCache = (Vec<Arc<LoadedSource>>, Found, Vec<Diagnostic>);

/// What earlier resolves derived from each source file, by source id (see [`super::resolve_cached`]).
#[derive(Default)]
pub struct ResolveCache {
    sources: FxHashMap<String, SourceCache>,
    anchored: AtomicUsize,
    /// The shared wording of exactly these source files, in this order, and its warnings.
    shared: Option<SharedCache>,
    /// Keeps the shared wording only (a one-off resolve that hands it over, see [`ResolveCache::shared_only`]).
    shared_only: bool,
    /// Anchors and links of an earlier run by digest, and this run's (see [`ResolveCache::keep_by_digest`]).
    by_digest: Option<(ByDigest, ByDigest)>,
    /// The digest of each source's text, in order, while keeping by digest.
    text_digests: Vec<u128>,
}

/// Anchors and text-fragment links by a digest of all they depend on, so that they can be kept on disk and
/// used by a later process (`build`), whose loaded files are new every run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ByDigest {
    /// Digest of (source text, query) -> the byte range the quote was anchored to (quotes not found are not
    /// kept: they are anchored again, to be reported with the closest passage).
    pub anchors: FxHashMap<u128, (u32, u32)>,
    /// Digest of (source text, its URL, byte range) -> the link to that passage in the original.
    pub links: FxHashMap<u128, String>,
}

impl ByDigest {
    /// The key of `q` anchored in the text whose digest is `text`.
    fn anchor_key(text: u128, q: &Query<'_>) -> u128 {
        let mut k = KeyBytes::default();
        k.digest_of(text);
        for part in [Some(q.quote), q.prefix, q.suffix] {
            k.text(part);
        }
        match q.occurrence {
            Some(n) => {
                k.bytes(&[1]);
                k.number(n as u64);
            }
            None => k.bytes(&[0]),
        }
        k.digest()
    }

    /// The key of the link to `range` in the text whose digest is `text`, published at `url`.
    fn link_key(text: u128, url: &str, range: &Range<usize>) -> u128 {
        let mut k = KeyBytes::default();
        k.digest_of(text);
        k.number(range.start as u64);
        k.number(range.end as u64);
        k.text(Some(url));
        k.digest()
    }
}

/// What was derived from one loaded source file.
pub(super) struct SourceCache {
    /// The file all of it comes from (the load cache hands out the same one while the file is unchanged).
    file: Arc<LoadedSource>,
    /// The source as resolved, before passages are added, and the problems found in it.
    source: Source,
    diags: Vec<Diagnostic>,
    /// Quote -> (prefix, suffix, occurrence, result).
    anchors: FxHashMap<String, Vec<Selected>>,
    /// Passage range -> link to it in the original.
    links: FxHashMap<(usize, usize), String>,
    /// The ranges of the source's passages by position, and their ids.
    ids: (Vec<(usize, usize)>, Vec<String>),
}

impl SourceCache {
    /// The source as resolved, and the problems found.
    pub(super) fn resolved(&self) -> (Source, Vec<Diagnostic>) {
        (self.source.clone(), self.diags.clone())
    }

    /// Where `q` was anchored, if it was.
    pub(super) fn anchor(&self, q: &Query<'_>) -> Option<Anchored> {
        self.anchors.get(q.quote)?.iter().find_map(|(p, s, o, r)| {
            (p.as_deref() == q.prefix && s.as_deref() == q.suffix && *o == q.occurrence)
                .then(|| r.clone())
        })
    }

    /// The link to the passage at `range`, if it was made.
    pub(super) fn link(&self, range: &Range<usize>) -> Option<String> {
        self.links.get(&(range.start, range.end)).cloned()
    }

    /// The ids of passages at exactly these `ranges` (by position).
    pub(super) fn ids<'r>(
        &self,
        ranges: impl ExactSizeIterator<Item = &'r Range<usize>>,
    ) -> Option<Vec<String>> {
        let (known, ids) = &self.ids;
        let same =
            ranges.len() == known.len() && ranges.zip(known).all(|(r, k)| (r.start, r.end) == *k);
        same.then(|| ids.clone())
    }
}

impl ResolveCache {
    /// An empty cache.
    pub fn new() -> ResolveCache {
        ResolveCache::default()
    }

    /// A cache for one resolve that keeps nothing per source: it only takes the shared wording given by
    /// [`ResolveCache::seed_shared`] and hands over what was found (`build` keeps it on disk).
    pub fn shared_only() -> ResolveCache {
        ResolveCache {
            shared_only: true,
            ..ResolveCache::default()
        }
    }

    /// Gives the shared wording of exactly these `files` (found by an earlier run), to be used instead of
    /// finding it again.
    pub fn seed_shared(
        &mut self,
        files: &[Arc<LoadedSource>],
        found: Found,
        diags: Vec<Diagnostic>,
    ) {
        self.shared = Some((files.to_vec(), found, diags));
    }

    /// Uses the anchors and links of `earlier` (kept by an earlier run) where they apply, and keeps this run's
    /// by digest, to be taken with [`ResolveCache::take_by_digest`].
    pub fn keep_by_digest(&mut self, earlier: ByDigest) {
        self.by_digest = Some((earlier, ByDigest::default()));
    }

    /// This run's anchors and links by digest, if they were kept, and whether they differ from the earlier
    /// run's (comparing the maps is much cheaper than writing them out again).
    pub fn take_by_digest(&mut self) -> Option<(ByDigest, bool)> {
        self.by_digest.take().map(|(earlier, now)| {
            let changed = now != earlier;
            (now, changed)
        })
    }

    /// Whether anchors and links are kept by digest: then each source's text is digested.
    pub(super) fn keeps_by_digest(&self) -> bool {
        self.by_digest.is_some()
    }

    /// Where an earlier run anchored `q` in `text`, whose digest is `digest` (a range that is not one of
    /// `text`'s, as from a damaged file, is not taken).
    pub(super) fn anchor_by_digest(
        &self,
        text: &str,
        digest: u128,
        q: &Query<'_>,
    ) -> Option<Anchored> {
        let (earlier, _) = self.by_digest.as_ref()?;
        let &(start, end) = earlier.anchors.get(&ByDigest::anchor_key(digest, q))?;
        let (start, end) = (start as usize, end as usize);
        let whole = start < end && text.is_char_boundary(start) && text.is_char_boundary(end);
        whole.then_some(Ok(start..end))
    }

    /// Keeps where `q` was anchored in the text whose digest is `text`, if it was found.
    pub(super) fn keep_anchor(&mut self, text: u128, q: &Query<'_>, anchored: &Anchored) {
        let (Some((_, now)), Ok(range)) = (self.by_digest.as_mut(), anchored) else {
            return;
        };
        if let (Ok(start), Ok(end)) = (u32::try_from(range.start), u32::try_from(range.end)) {
            now.anchors
                .insert(ByDigest::anchor_key(text, q), (start, end));
        }
    }

    /// The link an earlier run made to `range` of source `source` (by position), published at `url`.
    pub(super) fn link_by_digest(
        &self,
        source: usize,
        url: &str,
        range: &Range<usize>,
    ) -> Option<String> {
        let (earlier, _) = self.by_digest.as_ref()?;
        let text = *self.text_digests.get(source)?;
        earlier
            .links
            .get(&ByDigest::link_key(text, url, range))
            .cloned()
    }

    /// Keeps the link `link` to `range` of source `source` (by position), published at `url`.
    pub(super) fn keep_link(&mut self, source: usize, url: &str, range: &Range<usize>, link: &str) {
        let (Some((_, now)), Some(&text)) =
            (self.by_digest.as_mut(), self.text_digests.get(source))
        else {
            return;
        };
        now.links
            .insert(ByDigest::link_key(text, url, range), link.to_owned());
    }

    /// Sets the digest of each source's text, in order.
    pub(super) fn set_text_digests(&mut self, digests: Vec<u128>) {
        self.text_digests = digests;
    }

    /// The shared wording of these `files` and its warnings, if the cache holds it.
    pub fn shared_wording(&self, files: &[Arc<LoadedSource>]) -> Option<(Found, Vec<Diagnostic>)> {
        self.shared(files)
    }

    /// How many quotes were anchored (not found in the cache) so far.
    pub fn anchored(&self) -> usize {
        self.anchored.load(Ordering::Relaxed)
    }

    pub(super) fn count_anchored(&self, n: usize) {
        self.anchored.fetch_add(n, Ordering::Relaxed);
    }

    /// What was derived from `loaded` before, if from this very file.
    pub(super) fn source(&self, loaded: &Arc<LoadedSource>) -> Option<&SourceCache> {
        self.sources
            .get(&loaded.id)
            .filter(|c| Arc::ptr_eq(&c.file, loaded))
    }

    /// Starts over for a new or changed file: `source` is what it resolved to, with `diags`.
    pub(super) fn set_resolved(
        &mut self,
        loaded: &Arc<LoadedSource>,
        source: &Source,
        diags: &[Diagnostic],
    ) {
        if self.shared_only {
            return;
        }
        let entry = SourceCache {
            file: loaded.clone(),
            source: source.clone(),
            diags: diags.to_vec(),
            anchors: FxHashMap::default(),
            links: FxHashMap::default(),
            ids: Default::default(),
        };
        self.sources.insert(loaded.id.clone(), entry);
    }

    fn entry(&mut self, loaded: &Arc<LoadedSource>) -> Option<&mut SourceCache> {
        self.sources
            .get_mut(&loaded.id)
            .filter(|c| Arc::ptr_eq(&c.file, loaded))
    }

    /// Replaces the anchors kept for `loaded` by `anchors` (what this run used).
    pub(super) fn set_anchors<'q>(
        &mut self,
        loaded: &Arc<LoadedSource>,
        anchors: impl Iterator<Item = (Query<'q>, Anchored)>,
    ) {
        let Some(entry) = self.entry(loaded) else {
            return;
        };
        entry.anchors.clear();
        for (q, r) in anchors {
            entry.anchors.entry(q.quote.to_owned()).or_default().push((
                q.prefix.map(str::to_owned),
                q.suffix.map(str::to_owned),
                q.occurrence,
                r,
            ));
        }
    }

    /// Replaces the links kept for `loaded` by `links` (what this run used).
    pub(super) fn set_links<'a>(
        &mut self,
        loaded: &Arc<LoadedSource>,
        links: impl Iterator<Item = (Range<usize>, &'a str)>,
    ) {
        if let Some(entry) = self.entry(loaded) {
            entry.links = links
                .map(|(r, link)| ((r.start, r.end), link.to_owned()))
                .collect();
        }
    }

    /// Replaces the passage ids kept for `loaded` by `ids`, for passages at `ranges`.
    pub(super) fn set_ids(
        &mut self,
        loaded: &Arc<LoadedSource>,
        ranges: Vec<(usize, usize)>,
        ids: Vec<String>,
    ) {
        if let Some(entry) = self.entry(loaded) {
            entry.ids = (ranges, ids);
        }
    }

    /// The shared wording and its warnings, if they were found for these very files, in this order.
    pub(super) fn shared(&self, files: &[Arc<LoadedSource>]) -> Option<(Found, Vec<Diagnostic>)> {
        let (known, found, diags) = self.shared.as_ref()?;
        let same =
            known.len() == files.len() && known.iter().zip(files).all(|(a, b)| Arc::ptr_eq(a, b));
        same.then(|| (found.clone(), diags.clone()))
    }

    /// Keeps the shared wording found for `files`.
    pub(super) fn set_shared(
        &mut self,
        files: &[Arc<LoadedSource>],
        found: &Found,
        diags: &[Diagnostic],
    ) {
        self.shared = Some((files.to_vec(), found.clone(), diags.to_vec()));
    }

    /// Drops the sources not in `ids` (deleted ones).
    pub(super) fn retain(&mut self, ids: &std::collections::HashSet<&str>) {
        self.sources.retain(|id, _| ids.contains(id.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    #[test]
    fn a_cached_resolve_gives_the_same_site() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diags = Diagnostics::default();
        let content = crate::load::load(root, &mut diags).expect("the real dossier loads");
        let plain = crate::resolve::resolve(&content, &mut diags).expect("it resolves");
        let mut cache = ResolveCache::new();
        let cold = crate::resolve::resolve_cached(&content, &mut diags, &mut cache).unwrap();
        let anchored = cache.anchored();
        assert!(anchored > 0);
        let warm = crate::resolve::resolve_cached(&content, &mut diags, &mut cache).unwrap();
        assert_eq!(cache.anchored(), anchored, "nothing is anchored again");
        // Field by field: the hash maps' Debug order differs from one map to the next.
        let shown = |s: &crate::resolve::Site| {
            format!(
                "{:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                s.root, s.meta, s.sources, s.sections, s.timeline, s.passages, s.entities
            )
        };
        for site in [&cold, &warm] {
            assert!(shown(&plain) == shown(site));
            assert_eq!(plain.entry_index, site.entry_index);
            assert_eq!(plain.source_index, site.source_index);
        }
    }

    #[test]
    fn shared_wording_is_found_again_only_for_other_files() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared-wire");
        let mut diags = Diagnostics::default();
        let content = crate::load::load(&root, &mut diags).expect("the fixture loads");
        let mut cache = ResolveCache::new();
        let mut cold_diags = Diagnostics::default();
        let cold = crate::resolve::resolve_cached(&content, &mut cold_diags, &mut cache).unwrap();
        assert!(!cold.shared.is_empty());
        assert!(cache.shared(&content.sources).is_some());
        let mut warm_diags = Diagnostics::default();
        let warm = crate::resolve::resolve_cached(&content, &mut warm_diags, &mut cache).unwrap();
        assert_eq!(cold.shared, warm.shared);
        let shown = |d: Diagnostics| {
            d.into_sorted()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        let warm_shown = shown(warm_diags);
        assert!(
            warm_shown
                .iter()
                .any(|d| d.contains("names another origin")),
            "{warm_shown:?}"
        );
        assert_eq!(shown(cold_diags), warm_shown);
        // The same text loaded again is another file: nothing is reused for it.
        let reloaded = crate::load::load(&root, &mut diags).unwrap();
        assert!(cache.shared(&reloaded.sources).is_none());
    }
}
