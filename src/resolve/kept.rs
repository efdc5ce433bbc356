//! What resolving derived from each source file, in a form that outlives the process: `build` keeps it beside
//! its output, so that the next build does not check dates, anchor quotes or make text-fragment links again
//! for a source file whose bytes are the same (see [`super::ResolveCache`]).

use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use super::cache::{ResolveCache, SourceCache};
use super::model::{Line, Source};
use crate::diagnostic::Diagnostic;
use crate::load::LoadedSource;

/// What was derived from one source file, kept under the digest of everything it was derived from.
#[derive(Serialize, Deserialize)]
pub struct KeptSource {
    /// The source's id.
    id: String,
    /// [`file_digest`] of the file it was derived from.
    digest: String,
    /// The publication date, as days from the first day of the common era.
    published: i32,
    /// (start, end, furniture) of each non-blank line.
    lines: Vec<(usize, usize, bool)>,
    /// The problems found in the file alone.
    diags: Vec<Diagnostic>,
    /// (quote, prefix, suffix, occurrence, start, end) of every quote anchored; quotes that were not are
    /// searched for again.
    anchors: Vec<(
        String,
        Option<String>,
        Option<String>,
        Option<usize>,
        usize,
        usize,
    )>,
    /// (start, end, link) of each passage's text-fragment link.
    links: Vec<(usize, usize, String)>,
    /// The ranges of the passages by position, and their ids.
    ids: (Vec<(usize, usize)>, Vec<String>),
}

/// The digest of everything a source's derived parts come from: its path, front matter, text and where
/// the text starts.
fn file_digest(loaded: &LoadedSource) -> String {
    let mut h = Xxh3::new();
    for part in [
        loaded.path().to_string_lossy().as_bytes(),
        loaded.id.as_bytes(),
        loaded.front_text().as_bytes(),
        loaded.text.as_bytes(),
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.update(&(loaded.text_line as u64).to_le_bytes());
    format!("{:032x}", h.digest128())
}

impl ResolveCache {
    /// What the cache holds for `file`, to keep.
    pub fn kept_source(&self, file: &Arc<LoadedSource>) -> Option<KeptSource> {
        self.source(file).map(|c| keep(file, c))
    }

    /// Takes what an earlier run kept for those of `files` whose bytes are the same.
    pub fn seed_sources(&mut self, files: &[Arc<LoadedSource>], kept: Vec<KeptSource>) {
        let mut by_id: std::collections::HashMap<String, KeptSource> =
            kept.into_iter().map(|k| (k.id.clone(), k)).collect();
        for file in files {
            let Some(k) = by_id.remove(&file.id) else {
                continue;
            };
            if k.digest != file_digest(file) {
                continue;
            }
            if let Some(entry) = seeded(file, k) {
                self.insert_source(file, entry);
            }
        }
    }
}

fn keep(file: &LoadedSource, c: &SourceCache) -> KeptSource {
    let mut anchors = Vec::new();
    for (quote, selected) in &c.anchors {
        for (prefix, suffix, occurrence, result) in selected {
            if let Ok(range) = result {
                let (p, s, o) = (prefix.clone(), suffix.clone(), *occurrence);
                anchors.push((quote.clone(), p, s, o, range.start, range.end));
            }
        }
    }
    KeptSource {
        id: file.id.clone(),
        digest: file_digest(file),
        published: chrono::Datelike::num_days_from_ce(&c.source.published),
        lines: c
            .source
            .lines
            .iter()
            .map(|l| (l.range.start, l.range.end, l.furniture))
            .collect(),
        diags: c.diags.clone(),
        anchors,
        links: c
            .links
            .iter()
            .map(|(&(start, end), link)| (start, end, link.clone()))
            .collect(),
        ids: c.ids.clone(),
    }
}

/// The cache entry of `file` from what was kept for it; `None` if something does not fit the file.
fn seeded(file: &Arc<LoadedSource>, k: KeptSource) -> Option<SourceCache> {
    let text = &file.text;
    let fits = |r: &Range<usize>| r.start <= r.end && text.get(r.clone()).is_some();
    let lines: Vec<Line> = k
        .lines
        .iter()
        .map(|&(start, end, furniture)| Line {
            range: start..end,
            furniture,
        })
        .collect();
    if !lines.iter().all(|l| fits(&l.range)) {
        return None;
    }
    let source = Source {
        id: file.id.clone(),
        front: file.front.value.clone(),
        published: NaiveDate::from_num_days_from_ce_opt(k.published)?,
        text: file.text.clone(),
        lines,
        passages: Vec::new(),
        file: file.path().to_path_buf(),
    };
    let mut anchors: std::collections::HashMap<String, Vec<_>> = std::collections::HashMap::new();
    for (quote, prefix, suffix, occurrence, start, end) in k.anchors {
        if !fits(&(start..end)) {
            return None;
        }
        anchors
            .entry(quote)
            .or_default()
            .push((prefix, suffix, occurrence, Ok(start..end)));
    }
    Some(SourceCache {
        file: file.clone(),
        source,
        diags: k.diags,
        anchors,
        links: k.links.into_iter().map(|(s, e, l)| ((s, e), l)).collect(),
        ids: k.ids,
    })
}
