//! Passage and moment ids, and the timeline's order: the last touches of the model before rendering.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{textfrag, Citer, Moment, ResolveCache, Site};
use crate::load::LoadedSource;

/// Gives passages stable ids from their first words, and moments ids from their date and title.
pub(super) fn assign_ids(
    site: &mut Site,
    cache: Option<&mut ResolveCache>,
    files: &[Arc<LoadedSource>],
) {
    let mut by_source: Vec<Vec<usize>> = vec![Vec::new(); site.sources.len()];
    for (i, p) in site.passages.iter().enumerate() {
        by_source[p.source].push(i);
    }
    // What the cache holds for each source (`files` are the sources' files, in the same order).
    let known: Vec<_> = files
        .iter()
        .map(|f| cache.as_deref().and_then(|c| c.source(f)))
        .collect();
    // Ids are unique per source page, so each source is numbered on its own.
    let passages = &site.passages;
    let sources = &site.sources;
    let ids: Vec<(Vec<String>, bool)> = by_source
        .par_iter_mut()
        .enumerate()
        .map(|(si, list)| {
            list.sort_by_key(|&i| {
                (
                    passages[i].range.start,
                    std::cmp::Reverse(passages[i].range.end),
                )
            });
            let ranges = list.iter().map(|&i| &passages[i].range);
            if let Some(ids) = known[si].and_then(|c| c.ids(ranges)) {
                return (ids, false);
            }
            let mut used = UniqueIds::default();
            let ids = list
                .iter()
                .map(|&i| {
                    let words: Vec<&str> = sources[si].text[passages[i].range.clone()]
                        .split_whitespace()
                        .take(6)
                        .collect();
                    let mut base = crate::suggest::slugify(&words.join(" "));
                    base.truncate(48);
                    used.take(format!("q-{}", base.trim_end_matches('-')))
                })
                .collect();
            (ids, true)
        })
        .collect();
    let mut fresh_ids = Vec::new();
    for ((si, list), (ids, fresh)) in by_source.into_iter().enumerate().zip(ids) {
        if fresh && cache.is_some() {
            let ranges = list
                .iter()
                .map(|&i| (site.passages[i].range.start, site.passages[i].range.end))
                .collect();
            fresh_ids.push((si, ranges, ids.clone()));
        }
        for (&i, id) in list.iter().zip(ids) {
            site.passages[i].id = id;
        }
        site.sources[si].passages = list;
    }
    let sources = &site.sources;
    let fresh_links: Vec<std::sync::atomic::AtomicBool> = known
        .iter()
        .map(|k| std::sync::atomic::AtomicBool::new(k.is_none()))
        .collect();
    let whole = cache.as_deref();
    site.passages.par_iter_mut().for_each(|p| {
        p.citations.sort_by_key(|c| (c.citer, c.evidence));
        let source = &sources[p.source];
        p.original = source.front.url.as_ref().map(|u| {
            known[p.source]
                .and_then(|c| c.link(&p.range))
                .unwrap_or_else(|| {
                    fresh_links[p.source].store(true, std::sync::atomic::Ordering::Relaxed);
                    whole
                        .and_then(|c| c.link_by_digest(p.source, u, &p.range))
                        .unwrap_or_else(|| textfrag::link(u, &source.text, p.range.clone()))
                })
        });
    });
    drop(known);
    if let Some(cache) = cache {
        if cache.keeps_by_digest() {
            for p in &site.passages {
                if let (Some(url), Some(link)) = (&sources[p.source].front.url, &p.original) {
                    cache.keep_link(p.source, url, &p.range, link);
                }
            }
        }
        for (si, ranges, ids) in fresh_ids {
            cache.set_ids(&files[si], ranges, ids);
        }
        for ((source, fresh), file) in site.sources.iter().zip(fresh_links).zip(files) {
            if !fresh.into_inner() {
                continue;
            }
            let links = source.passages.iter().filter_map(|&i| {
                let p = &site.passages[i];
                Some((p.range.clone(), p.original.as_deref()?))
            });
            cache.set_links(file, links);
        }
    }
    let mut used = UniqueIds::default();
    for m in &mut site.timeline {
        let words: Vec<&str> = m.title.split_whitespace().take(5).collect();
        let base = format!(
            "{}-{}",
            m.date.format("%Y-%m-%d"),
            crate::suggest::slugify(&words.join(" "))
        );
        // A title ending "... ev 2" would give the id of another moment's second quotation.
        let base = match super::validate::theme_id_clash(&base) {
            Some(_) => format!("{base}-m"),
            None => base,
        };
        m.id = used.take(base);
    }
}

/// Hands out ids unique among those handed out: `base`, then `base-2`, `base-3`... skipping any taken, so
/// that a repeat's number never gives another passage's own id (`q-a-2` for a second "a", and for "a 2").
#[derive(Default)]
struct UniqueIds {
    used: HashSet<String>,
    /// The last number given to each base.
    numbered: HashMap<String, usize>,
}

impl UniqueIds {
    fn take(&mut self, base: String) -> String {
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let n = self.numbered.entry(base.clone()).or_insert(1);
        loop {
            *n += 1;
            let id = format!("{base}-{n}");
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Orders the timeline by date and time, keeping the file's order for ties; citations follow.
pub(super) fn sort_timeline(site: &mut Site) {
    let mut order: Vec<usize> = (0..site.timeline.len()).collect();
    order.sort_by(|&a, &b| {
        let (ma, mb) = (&site.timeline[a], &site.timeline[b]);
        (ma.date, ma.time.as_deref().unwrap_or(""))
            .cmp(&(mb.date, mb.time.as_deref().unwrap_or("")))
    });
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let old = std::mem::take(&mut site.timeline);
    let mut slots: Vec<Option<Moment>> = old.into_iter().map(Some).collect();
    site.timeline = order
        .iter()
        .map(|&i| slots[i].take().expect("each moment moves once"))
        .collect();
    for p in &mut site.passages {
        for c in &mut p.citations {
            if let Citer::Moment(m) = &mut c.citer {
                *m = new_index[*m];
            }
        }
        p.citations.sort_by_key(|c| (c.citer, c.evidence));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_ids_never_repeat_an_id_given_before_or_after() {
        let mut ids = UniqueIds::default();
        let got: Vec<String> = ["q-a", "q-a", "q-a-2", "q-a", "q-b"]
            .into_iter()
            .map(|b| ids.take(b.to_owned()))
            .collect();
        assert_eq!(got, ["q-a", "q-a-2", "q-a-2-2", "q-a-3", "q-b"]);
        let mut ids = UniqueIds::default();
        let got: Vec<String> = ["q-a-2", "q-a", "q-a"]
            .into_iter()
            .map(|b| ids.take(b.to_owned()))
            .collect();
        assert_eq!(got, ["q-a-2", "q-a", "q-a-3"]);
    }
}
