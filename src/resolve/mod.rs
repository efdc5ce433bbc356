//! Stage 2: anchor every quote, link the model, and validate it; every problem is reported with its location.

pub mod anchor;
mod cache;
mod dates;
pub mod entities;
mod evidence;
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

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Content, EvidenceFile};
use crate::typography::smart;
pub use cache::{ByDigest, ResolveCache};
use dates::parse_date;
use evidence::anchor_evidence;
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
