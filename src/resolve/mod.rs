//! Stage 2: anchor every quote, link the model, and validate it; every problem is reported with its location.

pub mod anchor;
mod cache;
mod dates;
pub mod entities;
mod ids;
pub mod links;
mod lint;
pub mod model;
pub mod origins;
mod publication;
pub mod reviews;
pub mod shared;
mod stance_lint;
pub mod textfrag;
mod validate;

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Content, EvidenceFile};
use crate::typography::smart;
use anchor::{AnchorError, Query};
pub use cache::ResolveCache;
use dates::parse_date;
use ids::{assign_ids, sort_timeline};
pub use lint::lint;
pub use model::*;
pub use stance_lint::stance_lint;
use validate::{check_claim_fields, lookup_source, resolve_source, site_meta};

/// Where an evidence item was written, for locating its problems.
#[derive(Debug, Clone, Copy)]
enum Origin {
    Entry {
        section: usize,
        entry: usize,
        item: usize,
    },
    Moment {
        moment: usize,
        item: usize,
    },
}

struct PendingEvidence<'a> {
    origin: Origin,
    source: usize,
    file: &'a EvidenceFile,
}

/// Resolves loaded content into a [`Site`]; returns `None` if any error was found (all are in `diags`).
pub fn resolve(content: &Content, diags: &mut Diagnostics) -> Option<Site> {
    resolve_inner(content, diags, None)
}

/// Like [`resolve`], reusing the anchors and text-fragment links that `cache` holds for unchanged sources
/// (and keeping this run's there); the result is the same as [`resolve`]'s.
pub fn resolve_cached(
    content: &Content,
    diags: &mut Diagnostics,
    cache: &mut ResolveCache,
) -> Option<Site> {
    let ids: std::collections::HashSet<&str> =
        content.sources.iter().map(|s| s.id.as_str()).collect();
    cache.retain(&ids);
    resolve_inner(content, diags, Some(cache))
}

fn resolve_inner(
    content: &Content,
    diags: &mut Diagnostics,
    mut cache: Option<&mut ResolveCache>,
) -> Option<Site> {
    let meta = site_meta(content, diags);
    let known = cache.as_deref();
    let resolved: Vec<(Source, Diagnostics, bool)> = content
        .sources
        .par_iter()
        .map(|s| {
            let mut own = Diagnostics::default();
            if let Some((source, found)) = known.and_then(|c| c.source(s)).map(|c| c.resolved()) {
                own.extend(found);
                return (source, own, false);
            }
            (resolve_source(s, &mut own), own, true)
        })
        .collect();
    let mut sources = Vec::with_capacity(resolved.len());
    for ((source, own, fresh), loaded) in resolved.into_iter().zip(&content.sources) {
        if let (true, Some(cache)) = (fresh, cache.as_deref_mut()) {
            cache.set_resolved(loaded, &source, own.as_slice());
        }
        diags.extend(own.as_slice().iter().cloned());
        sources.push(source);
    }
    let source_ids: FxHashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();

    let mut pending: Vec<PendingEvidence<'_>> = Vec::new();
    let (mut sections, entry_index) = sections_of(content, &source_ids, &mut pending, diags);
    let mut timeline = timeline_of(
        content,
        &source_ids,
        &sections,
        &entry_index,
        &mut pending,
        diags,
    );
    let passages = anchor_evidence(
        content,
        &sources,
        &pending,
        &mut sections,
        &mut timeline,
        diags,
        cache.as_deref_mut(),
    );
    let source_index = source_ids
        .iter()
        .map(|(&id, &i)| (id.to_owned(), i))
        .collect();
    drop(source_ids);
    let mut site = Site {
        root: content.root.clone(),
        meta,
        sources,
        sections,
        timeline,
        passages,
        entry_index,
        source_index,
        entities: Vec::new(),
        origins: Vec::new(),
        source_origin: Vec::new(),
        shared: Default::default(),
        shared_by_source: Vec::new(),
        shared_unlisted: Vec::new(),
    };
    assign_ids(&mut site, cache.as_deref_mut(), &content.sources);
    sort_timeline(&mut site);
    origins::assign(&mut site);
    // The shared wording is a function of the source files alone: `serve` finds it again only when one changed.
    let cached = cache.as_deref().and_then(|c| c.shared(&content.sources));
    let found = match cached {
        Some((found, warnings)) => {
            diags.extend(warnings);
            found
        }
        None => {
            let mut warnings = Diagnostics::default();
            let found =
                shared::shared_passages(content, &site.sources, &site.source_origin, &mut warnings);
            let warnings = warnings.into_sorted();
            if let Some(cache) = cache {
                cache.set_shared(&content.sources, &found, &warnings);
            }
            diags.extend(warnings);
            found
        }
    };
    site.shared = found.passages;
    site.shared_unlisted = found.unlisted;
    site.shared_by_source = shared::by_source(&site.shared, site.sources.len());
    site.entities = entities::resolve(content, &site, diags);
    links::check_all(&site, content, diags);
    if diags.has_errors() {
        None
    } else {
        Some(site)
    }
}

/// The sections' entries, checked, with their evidence queued in `pending`; and where each entry id is.
fn sections_of<'a>(
    content: &'a Content,
    source_ids: &FxHashMap<&str, usize>,
    pending: &mut Vec<PendingEvidence<'a>>,
    diags: &mut Diagnostics,
) -> (Vec<Section>, FxHashMap<String, (usize, usize)>) {
    let mut sections = Vec::new();
    // Where each entry id was first seen: its section and entry number.
    let entries_in_all = content
        .sections
        .iter()
        .map(|s| s.file.value.entries.len())
        .sum();
    let mut first_seen: FxHashMap<&str, (usize, usize)> =
        FxHashMap::with_capacity_and_hasher(entries_in_all, Default::default());
    for (si, loaded) in content.sections.iter().enumerate() {
        let doc = &loaded.file.doc;
        let file = &loaded.file.value;
        let mut entries = Vec::with_capacity(file.entries.len());
        for (ei, e) in file.entries.iter().enumerate() {
            let at = |field: &str| doc.loc(&format!("entries/{ei}/{field}"));
            if let Err(d) = crate::load::check_slug(&e.id, "entry id", &doc.path) {
                diags.push(d.at(at("id")));
            } else {
                validate::check_theme_id(&e.id, "entry id", doc, || at("id"), diags);
            }
            if let Some(&(first_si, first_ei)) = first_seen.get(e.id.as_str()) {
                let first_doc = &content.sections[first_si].file.doc;
                let first = first_doc
                    .loc(&format!("entries/{first_ei}/id"))
                    .map_or(String::new(), |l| format!(":{}", l.line));
                diags.push(
                    Diagnostic::error(&doc.path, format!("duplicate entry id `{}`", e.id))
                        .at(at("id"))
                        .with_hint(format!(
                            "ids must be unique across the dossier; the first is in {}{first}",
                            crate::diagnostic::display_path(&first_doc.path)
                        )),
                );
            } else {
                first_seen.insert(&e.id, (si, ei));
            }
            if e.title.trim().is_empty() {
                diags.push(
                    Diagnostic::error(&doc.path, "the entry's title is empty").at(at("title")),
                );
            }
            check_claim_fields(e, doc, ei, diags);
            // Paths are spelt only for a review to check (most entries have none).
            if !e.reviewed.is_empty() {
                let at = format!("entries/{ei}/reviewed");
                reviews::validate(&e.reviewed, reviews::ENTRY_LINTS, doc, &at, diags);
            }
            for (item, ev) in e.evidence.iter().enumerate() {
                if !ev.reviewed.is_empty() {
                    let at = format!("entries/{ei}/evidence/{item}/reviewed");
                    reviews::validate(&ev.reviewed, reviews::EVIDENCE_LINTS, doc, &at, diags);
                }
                let origin = Origin::Entry {
                    section: si,
                    entry: ei,
                    item,
                };
                let path = || format!("entries/{ei}/evidence/{item}");
                if let Some(source) = lookup_source(source_ids, content, ev, doc, path, diags) {
                    pending.push(PendingEvidence {
                        origin,
                        source,
                        file: ev,
                    });
                }
            }
            entries.push(Entry {
                id: e.id.clone(),
                kind: e.kind,
                title: smart(&e.title).into_owned(),
                body: e.body.clone(),
                claimant: e.claimant.as_deref().map(|c| smart(c).into_owned()),
                status: e.status,
                evidence: Vec::new(),
                origins: EntryOrigins::default(),
                reviewed: e.reviewed.clone(),
            });
        }
        sections.push(Section {
            id: loaded.id.clone(),
            title: smart(&loaded.file.value.title).into_owned(),
            summary: loaded.file.value.summary.clone(),
            entries,
            file: doc.path.clone(),
            page_breaks: Vec::new(),
        });
    }
    let entry_index = first_seen
        .into_iter()
        .map(|(id, at)| (id.to_owned(), at))
        .collect();
    (sections, entry_index)
}

/// The timeline's moments, checked, with their evidence queued in `pending`.
fn timeline_of<'a>(
    content: &'a Content,
    source_ids: &FxHashMap<&str, usize>,
    sections: &[Section],
    entry_index: &FxHashMap<String, (usize, usize)>,
    pending: &mut Vec<PendingEvidence<'a>>,
    diags: &mut Diagnostics,
) -> Vec<Moment> {
    let mut timeline = Vec::new();
    if let Some(tl) = &content.timeline {
        let doc = &tl.doc;
        for (mi, m) in tl.value.moments.iter().enumerate() {
            let at = |field: &str| doc.loc(&format!("moments/{mi}/{field}"));
            let date = parse_date(&m.date).unwrap_or_else(|| {
                diags.push(
                    Diagnostic::error(&doc.path, format!("`{}` is not a date", m.date))
                        .at(at("date"))
                        .with_hint("write dates as YYYY-MM-DD, e.g. 2023-09-12"),
                );
                NaiveDate::MIN
            });
            if let Some(t) = &m.time {
                if chrono::NaiveTime::parse_from_str(t, "%H:%M").is_err() {
                    diags.push(
                        Diagnostic::error(&doc.path, format!("`{t}` is not a time"))
                            .at(at("time"))
                            .with_hint("write times as HH:MM in quotes, e.g. \"15:30\"; use `when` for \"Sunday afternoon\""),
                    );
                }
            }
            dates::check_moment(m, &doc.path, &at, diags);
            for (item, ev) in m.evidence.iter().enumerate() {
                let path = || format!("moments/{mi}/evidence/{item}");
                reviews::validate(
                    &ev.reviewed,
                    &[],
                    doc,
                    &format!("{}/reviewed", path()),
                    diags,
                );
                if let Some(source) = lookup_source(source_ids, content, ev, doc, path, diags) {
                    pending.push(PendingEvidence {
                        origin: Origin::Moment { moment: mi, item },
                        source,
                        file: ev,
                    });
                }
            }
            let entry = m.entry.as_deref().and_then(|r| {
                let target = r.strip_prefix('@').unwrap_or(r);
                let found = target.split_once('/').and_then(|(s, e)| {
                    entry_index
                        .get(e)
                        .filter(|(si, _)| sections[*si].id == s)
                        .copied()
                });
                if found.is_none() && !links::follows_from_unreadable(content, target) {
                    diags.push(
                        Diagnostic::error(&doc.path, format!("`{r}` is not an entry"))
                            .at(at("entry"))
                            .with_hint(
                                "write the entry as \"@section/entry-id\", e.g. \"@pay/offer\"",
                            ),
                    );
                }
                found
            });
            timeline.push(Moment {
                date,
                time: m.time.clone(),
                timezone: m.timezone.clone(),
                when: m.when.clone(),
                title: smart(&m.title).into_owned(),
                body: m.body.clone().unwrap_or_default(),
                key: m.key,
                entry,
                evidence: Vec::new(),
                id: String::new(),
                basis: m.basis,
                derived_from: m.derived_from.clone(),
                expected: m.expected,
            });
        }
    }
    timeline
}

/// The outcome of anchoring one evidence item.
type Anchored = Result<Range<usize>, AnchorError>;

/// Anchors all pending evidence, one parallel pass per source, and links passages both ways.
fn anchor_evidence(
    content: &Content,
    sources: &[Source],
    pending: &[PendingEvidence<'_>],
    sections: &mut [Section],
    timeline: &mut [Moment],
    diags: &mut Diagnostics,
    cache: Option<&mut ResolveCache>,
) -> Vec<Passage> {
    let mut by_source: Vec<Vec<usize>> = vec![Vec::new(); sources.len()];
    for (i, p) in pending.iter().enumerate() {
        by_source[p.source].push(i);
    }
    let known = cache.as_deref();
    let results: Vec<(Vec<(usize, Anchored)>, bool)> = by_source
        .par_iter()
        .enumerate()
        .map(|(si, items)| {
            let queries: Vec<Query<'_>> = items.iter().map(|&i| query(pending[i].file)).collect();
            let Some(known) = known else {
                let found = anchor::anchor_all(&sources[si].text, &queries);
                return (items.iter().copied().zip(found).collect(), false);
            };
            // Only the quotes not anchored before in this very file are searched for.
            let source = known.source(&content.sources[si]);
            let mut fresh_any = source.is_none();
            let mut found: Vec<Option<Anchored>> = queries
                .iter()
                .map(|q| source.and_then(|c| c.anchor(q)))
                .collect();
            let missing: Vec<usize> = (0..found.len()).filter(|&j| found[j].is_none()).collect();
            if !missing.is_empty() {
                let asked: Vec<Query<'_>> = missing.iter().map(|&j| queries[j]).collect();
                known.count_anchored(asked.len());
                fresh_any = true;
                let fresh = anchor::anchor_all(&sources[si].text, &asked);
                for (j, result) in missing.into_iter().zip(fresh) {
                    found[j] = Some(result);
                }
            }
            let list = items
                .iter()
                .copied()
                .zip(
                    found
                        .into_iter()
                        .map(|r| r.expect("every query is anchored")),
                )
                .collect();
            (list, fresh_any)
        })
        .collect();
    if let Some(cache) = cache {
        // Sources whose quotes were all known keep their entries; the others get exactly this run's.
        for (si, (list, fresh)) in results.iter().enumerate() {
            if *fresh {
                let used = list
                    .iter()
                    .map(|(i, r)| (query(pending[*i].file), r.clone()));
                cache.set_anchors(&content.sources[si], used);
            }
        }
    }
    let results: Vec<DistinctAnchors> = results
        .into_par_iter()
        .map(|(list, _)| DistinctAnchors::of(list))
        .collect();

    let mut passages: Vec<Passage> =
        Vec::with_capacity(results.iter().map(|r| r.ranges.len()).sum());
    let mut anchored: Vec<Option<usize>> = vec![None; pending.len()];
    for (si, DistinctAnchors { items, ranges }) in results.into_iter().enumerate() {
        let first = passages.len();
        passages.extend(ranges.into_iter().map(|range| Passage {
            id: String::new(),
            source: si,
            range,
            citations: Vec::new(),
            original: None,
        }));
        for (i, result) in items {
            match result {
                Ok(local) => anchored[i] = Some(first + local),
                // A source without text has its own error; its quotes not being found follows from it.
                Err(_) if sources[si].text.trim().is_empty() => {}
                Err(err) => diags.push(anchor_diagnostic(content, sources, &pending[i], err)),
            }
        }
    }
    for (i, p) in pending.iter().enumerate() {
        let Some(passage) = anchored[i] else { continue };
        let evidence = Evidence {
            source: p.source,
            passage,
            stance: p.file.stance,
            note: p.file.note.as_deref().map(|n| smart(n).into_owned()),
            reviewed: p.file.reviewed.clone(),
        };
        let (citer, list) = match p.origin {
            Origin::Entry { section, entry, .. } => (
                Citer::Entry(section, entry),
                &mut sections[section].entries[entry].evidence,
            ),
            Origin::Moment { moment, .. } => {
                (Citer::Moment(moment), &mut timeline[moment].evidence)
            }
        };
        passages[passage].citations.push(Citation {
            citer,
            evidence: list.len(),
            stance: p.file.stance,
        });
        list.push(evidence);
    }
    passages
}

/// One source's anchored evidence: its distinct ranges in order of first use, and for each pending item
/// the index of its range among them (or why it has none).
struct DistinctAnchors {
    items: Vec<(usize, Result<usize, AnchorError>)>,
    ranges: Vec<Range<usize>>,
}

impl DistinctAnchors {
    fn of(list: Vec<(usize, Anchored)>) -> DistinctAnchors {
        let mut index: HashMap<(usize, usize), usize> = HashMap::new();
        let mut ranges = Vec::new();
        let items = list
            .into_iter()
            .map(|(i, result)| {
                let local = result.map(|range| {
                    *index.entry((range.start, range.end)).or_insert_with(|| {
                        ranges.push(range);
                        ranges.len() - 1
                    })
                });
                (i, local)
            })
            .collect();
        DistinctAnchors { items, ranges }
    }
}

fn query(ev: &EvidenceFile) -> Query<'_> {
    Query {
        quote: &ev.quote,
        prefix: ev.prefix.as_deref(),
        suffix: ev.suffix.as_deref(),
        occurrence: ev.occurrence,
    }
}

/// A located, actionable message for a quote that could not be anchored.
fn anchor_diagnostic(
    content: &Content,
    sources: &[Source],
    p: &PendingEvidence<'_>,
    err: AnchorError,
) -> Diagnostic {
    let (doc, path) = match p.origin {
        Origin::Entry {
            section,
            entry,
            item,
        } => (
            &content.sections[section].file.doc,
            format!("entries/{entry}/evidence/{item}"),
        ),
        Origin::Moment { moment, item } => (
            content
                .timeline
                .as_ref()
                .map(|t| &t.doc)
                .expect("moments come from the timeline"),
            format!("moments/{moment}/evidence/{item}"),
        ),
    };
    let source = &sources[p.source];
    let text = &source.text;
    let quote_loc = doc.loc(&format!("{path}/quote"));
    let context = |r: &Range<usize>| excerpt(text, r.clone());
    match err {
        AnchorError::Empty => Diagnostic::error(&doc.path, "the quote is empty")
            .at(quote_loc)
            .with_hint("quote the exact passage of the source that supports the entry"),
        AnchorError::NotFound(suggestion) => {
            let mut d = Diagnostic::error(
                &doc.path,
                format!("quote not found in source `{}`", source.id),
            )
            .at(quote_loc)
            .with_label("not in the source");
            if let Some((range, score)) = suggestion {
                d = anchor::closest_hints(&p.file.quote, text, range, score)
                    .into_iter()
                    .fold(d, Diagnostic::with_hint);
            }
            let elsewhere: Vec<&str> = sources
                .iter()
                .filter(|s| s.id != source.id)
                .filter(|s| {
                    matches!(
                        anchor::anchor_all_exact(&s.text, &[query(p.file)])[0],
                        Ok(_) | Err(AnchorError::Ambiguous(_))
                    )
                })
                .map(|s| s.id.as_str())
                .collect();
            if !elsewhere.is_empty() {
                d = d.with_hint(format!(
                    "this exact quote is in source `{}`: is `source:` right?",
                    elsewhere.join("`, `")
                ));
            }
            d.with_hint(format!(
                "quotes must match the source word for word (whitespace, curly quotes and dashes are normalised); run `dossier find \"...\" --source {}` for a ready-made snippet",
                source.id
            ))
        }
        AnchorError::Ambiguous(candidates) => {
            let mut d = Diagnostic::error(
                &doc.path,
                format!("quote occurs {} times in source `{}`", candidates.len(), source.id),
            )
            .at(quote_loc)
            .with_label("ambiguous")
            .with_hint("pick one with `prefix:` (text right before it), `suffix:` (right after) or `occurrence: N`");
            for (n, c) in candidates.iter().enumerate() {
                let before = words_before(text, c.start, 4);
                d = d.with_hint(format!(
                    "occurrence {}: {}  ->  prefix: \"{}\"",
                    n + 1,
                    context(c),
                    before
                ));
            }
            d
        }
        AnchorError::SelectorMismatch(candidates) => {
            let mut d = Diagnostic::error(
                &doc.path,
                format!(
                    "no occurrence of the quote in `{}` has this prefix/suffix",
                    source.id
                ),
            )
            .at(doc.loc(&format!("{path}/prefix")).or(quote_loc));
            for (n, c) in candidates.iter().enumerate() {
                d = d.with_hint(format!("occurrence {}: {}", n + 1, context(c)));
            }
            d
        }
        AnchorError::NoSuchOccurrence { count } => Diagnostic::error(
            &doc.path,
            format!(
                "`occurrence` is out of range: the quote occurs {count} time(s) in `{}`",
                source.id
            ),
        )
        .at(doc.loc(&format!("{path}/occurrence")))
        .with_hint(format!("use a number from 1 to {count}")),
    }
}

/// The passage with some words of context either side, on one line: `...before [passage] after...`.
fn excerpt(text: &str, range: Range<usize>) -> String {
    let before = words_before(text, range.start, 5);
    let after_end = text[range.end..]
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .nth(5)
        .map_or(text.len(), |(i, _)| range.end + i);
    format!(
        "...{} [{}]{}...",
        before,
        flatten(&text[range.clone()]),
        flatten(&text[range.end..after_end])
    )
}

fn words_before(text: &str, at: usize, words: usize) -> String {
    let head = &text[..at];
    let start = head
        .char_indices()
        .rev()
        .filter(|(_, c)| c.is_whitespace())
        .nth(words)
        .map_or(0, |(i, c)| i + c.len_utf8());
    flatten(head[start..].trim_start())
}

fn flatten(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
