//! What resolving can reuse between runs over mostly unchanged content (`serve`): per source, where each
//! quote was anchored and each passage's text-fragment link, valid as long as the source's text (and, for
//! links, its URL) is the same. Both are functions of the source text and the quote alone, so a cached result
//! is exactly what computing it again would give.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::anchor::{AnchorError, Query};
use super::model::Source;
use crate::diagnostic::Diagnostic;
use crate::load::LoadedSource;

type Anchored = Result<Range<usize>, AnchorError>;

/// A query's selectors besides the quote (prefix, suffix, occurrence) and where it was anchored.
type Selected = (Option<String>, Option<String>, Option<usize>, Anchored);

/// Anchors and links of earlier resolves, by source id (see [`super::resolve_cached`]).
#[derive(Default)]
pub struct ResolveCache {
    sources: HashMap<String, SourceCache>,
    anchored: AtomicUsize,
}

#[derive(Default)]
pub(super) struct SourceCache {
    /// The loaded file, its source as resolved before passages are added, and the problems found.
    resolved: Option<(Arc<LoadedSource>, Source, Vec<Diagnostic>)>,
    /// The text the results below are for.
    text: String,
    /// Quote -> (prefix, suffix, occurrence, result).
    anchors: HashMap<String, Vec<Selected>>,
    /// Passage range -> (URL, link).
    links: HashMap<(usize, usize), (String, String)>,
    /// The ranges of the source's passages by position, and their ids.
    ids: (Vec<(usize, usize)>, Vec<String>),
}

impl SourceCache {
    pub(super) fn anchor(&self, q: &Query<'_>) -> Option<Anchored> {
        self.anchors.get(q.quote)?.iter().find_map(|(p, s, o, r)| {
            (p.as_deref() == q.prefix && s.as_deref() == q.suffix && *o == q.occurrence)
                .then(|| r.clone())
        })
    }

    pub(super) fn link(&self, url: &str, range: &Range<usize>) -> Option<String> {
        let (u, link) = self.links.get(&(range.start, range.end))?;
        (u == url).then(|| link.clone())
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

    /// How many quotes were anchored (not found in the cache) so far.
    pub fn anchored(&self) -> usize {
        self.anchored.load(Ordering::Relaxed)
    }

    pub(super) fn count_anchored(&self, n: usize) {
        self.anchored.fetch_add(n, Ordering::Relaxed);
    }

    /// Source `id` as resolved from this very `loaded` file, with its problems.
    pub(super) fn resolved(
        &self,
        id: &str,
        loaded: &Arc<LoadedSource>,
    ) -> Option<(Source, Vec<Diagnostic>)> {
        let (file, source, diags) = self.sources.get(id)?.resolved.as_ref()?;
        Arc::ptr_eq(file, loaded).then(|| (source.clone(), diags.clone()))
    }

    /// Keeps `source` as resolved from `loaded`.
    pub(super) fn set_resolved(
        &mut self,
        loaded: &Arc<LoadedSource>,
        source: &Source,
        diags: &[Diagnostic],
    ) {
        let entry = self.sources.entry(loaded.id.clone()).or_default();
        entry.resolved = Some((loaded.clone(), source.clone(), diags.to_vec()));
    }

    /// The cached results for source `id` if they were computed on this very `text`.
    pub(super) fn source(&self, id: &str, text: &str) -> Option<&SourceCache> {
        self.sources.get(id).filter(|c| c.text == text)
    }

    /// Replaces the anchors of source `id` by `anchors` (what this run used); drops its links if the text changed.
    pub(super) fn set_anchors<'q>(
        &mut self,
        id: &str,
        text: &str,
        anchors: impl Iterator<Item = (Query<'q>, Anchored)>,
    ) {
        let entry = self.sources.entry(id.to_owned()).or_default();
        if entry.text != text {
            entry.text = text.to_owned();
            entry.links.clear();
            entry.ids = Default::default();
        }
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

    /// Replaces the links of source `id` (whose text is `text`) by `links` (what this run used).
    pub(super) fn set_links<'a>(
        &mut self,
        id: &str,
        text: &str,
        links: impl Iterator<Item = (&'a str, Range<usize>, &'a str)>,
    ) {
        let entry = self.sources.entry(id.to_owned()).or_default();
        if entry.text != text {
            entry.text = text.to_owned();
            entry.anchors.clear();
            entry.ids = Default::default();
        }
        entry.links = links
            .map(|(url, r, link)| ((r.start, r.end), (url.to_owned(), link.to_owned())))
            .collect();
    }

    /// Replaces the passage ids of source `id` (whose text is `text`) by `ids`, for passages at `ranges`.
    pub(super) fn set_ids(
        &mut self,
        id: &str,
        text: &str,
        ranges: Vec<(usize, usize)>,
        ids: Vec<String>,
    ) {
        let entry = self.sources.entry(id.to_owned()).or_default();
        if entry.text != text {
            entry.text = text.to_owned();
            entry.anchors.clear();
            entry.links.clear();
        }
        entry.ids = (ranges, ids);
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
}
