//! Stage 2: anchor every quote, link the model, and validate it; every problem is reported with its location.

pub mod anchor;
mod cache;
pub mod entities;
pub mod links;
mod lint;
pub mod model;
pub mod shared;
pub mod textfrag;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Content, EvidenceFile, LoadedSource, YamlDoc};
use anchor::{AnchorError, Query};
pub use cache::ResolveCache;
pub use lint::lint;
pub use model::*;

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
    let source_ids: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();

    let mut sections = Vec::new();
    let mut entry_index: HashMap<String, (usize, usize)> = HashMap::new();
    // Where each entry id was first seen: its file and entry number.
    let mut entry_origin: HashMap<&str, (&YamlDoc, usize)> = HashMap::new();
    let mut pending: Vec<PendingEvidence<'_>> = Vec::new();
    for (si, loaded) in content.sections.iter().enumerate() {
        let doc = &loaded.file.doc;
        let file = &loaded.file.value;
        let mut entries = Vec::new();
        for (ei, e) in file.entries.iter().enumerate() {
            let at = |field: &str| doc.loc(&format!("entries/{ei}/{field}"));
            if let Err(d) = crate::load::check_slug(&e.id, "entry id", &doc.path) {
                diags.push(d.at(at("id")));
            }
            if let Some(&(first_doc, first_ei)) = entry_origin.get(e.id.as_str()) {
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
                entry_origin.insert(&e.id, (doc, ei));
                entry_index.insert(e.id.clone(), (si, ei));
            }
            if e.title.trim().is_empty() {
                diags.push(
                    Diagnostic::error(&doc.path, "the entry's title is empty").at(at("title")),
                );
            }
            check_claim_fields(e, doc, ei, diags);
            for (item, ev) in e.evidence.iter().enumerate() {
                let origin = Origin::Entry {
                    section: si,
                    entry: ei,
                    item,
                };
                let path = || format!("entries/{ei}/evidence/{item}");
                let unreadable = &content.unreadable_sources;
                if let Some(source) = lookup_source(&source_ids, unreadable, ev, doc, path, diags) {
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
                title: e.title.clone(),
                body: e.body.clone(),
                claimant: e.claimant.clone(),
                status: e.status,
                evidence: Vec::new(),
            });
        }
        sections.push(Section {
            id: loaded.id.clone(),
            title: loaded.file.value.title.clone(),
            summary: loaded.file.value.summary.clone(),
            entries,
            file: doc.path.clone(),
        });
    }

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
            for (item, ev) in m.evidence.iter().enumerate() {
                let path = || format!("moments/{mi}/evidence/{item}");
                if let Some(source) = lookup_source(
                    &source_ids,
                    &content.unreadable_sources,
                    ev,
                    doc,
                    path,
                    diags,
                ) {
                    pending.push(PendingEvidence {
                        origin: Origin::Moment { moment: mi, item },
                        source,
                        file: ev,
                    });
                }
            }
            let entry = m.entry.as_deref().and_then(|r| {
                let target = r.strip_prefix('@').unwrap_or(r);
                let found = target
                    .split_once('/')
                    .and_then(|(s, e)| entry_index.get(e).filter(|(si, _)| sections[*si].id == s).copied());
                if found.is_none() {
                    diags.push(
                        Diagnostic::error(&doc.path, format!("`{r}` is not an entry"))
                            .at(at("entry"))
                            .with_hint("write the entry as \"@section/entry-id\", e.g. \"@train/departure\""),
                    );
                }
                found
            });
            timeline.push(Moment {
                date,
                time: m.time.clone(),
                timezone: m.timezone.clone(),
                when: m.when.clone(),
                title: m.title.clone(),
                body: m.body.clone().unwrap_or_default(),
                key: m.key,
                entry,
                evidence: Vec::new(),
                id: String::new(),
            });
        }
    }

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
    };
    assign_ids(&mut site, cache, &content.sources);
    sort_timeline(&mut site);
    site.entities = entities::resolve(content, &site, diags);
    links::check_all(&site, content, diags);
    if diags.has_errors() {
        None
    } else {
        Some(site)
    }
}

fn site_meta(content: &Content, diags: &mut Diagnostics) -> SiteMeta {
    let d = &content.dossier.value;
    let doc = &content.dossier.doc;
    let base_url = d.base_url.as_ref().and_then(|u| {
        let u = u.trim();
        if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
            // It is written into robots.txt and sitemap.xml: a line break would add directives.
            diags.push(
                Diagnostic::error(&doc.path, format!("base_url {u:?} holds a space, line break or control character"))
                    .at(doc.loc("base_url"))
                    .with_hint("percent-encode it (a space is %20) or remove it"),
            );
            None
        } else if u.starts_with("https://") || u.starts_with("http://") {
            Some(if u.ends_with('/') { u.to_owned() } else { format!("{u}/") })
        } else {
            diags.push(
                Diagnostic::error(&doc.path, format!("base_url `{u}` is not an absolute http(s) URL"))
                    .at(doc.loc("base_url"))
                    .with_hint("write e.g. https://example.org/dossier/ or remove base_url: links in the site are relative anyway"),
            );
            None
        }
    });
    if d.title.trim().is_empty() {
        diags.push(
            Diagnostic::error(&doc.path, "the dossier's title is empty").at(doc.loc("title")),
        );
    }
    for (i, s) in content.sections.iter().enumerate() {
        if !d.sections.contains(&s.id) {
            diags.push(
                Diagnostic::warning(
                    &s.file.doc.path,
                    format!("section `{}` is not listed in dossier.yaml", s.id),
                )
                .with_hint(format!(
                    "add `{}` to `sections` in content/dossier.yaml to place it (now {})",
                    s.id,
                    i + 1
                )),
            );
        }
    }
    SiteMeta {
        title: d.title.clone(),
        subtitle: d.subtitle.clone(),
        description: d.description.clone(),
        language: d.language.clone(),
        theme: d.theme.clone(),
        base_url,
        intro: d.intro.clone().unwrap_or_default(),
    }
}

fn resolve_source(loaded: &LoadedSource, diags: &mut Diagnostics) -> Source {
    let front = &loaded.front.value;
    let doc = &loaded.front.doc;
    // A bad date is reported, but the source stays so its quotes are still checked.
    let published = parse_date(&front.published).unwrap_or_else(|| {
        diags.push(
            Diagnostic::error(&doc.path, format!("`{}` is not a date", front.published))
                .at(doc.loc("published"))
                .with_hint("write the date as YYYY-MM-DD; if it is not printed in the text, also set `published_inferred: true`"),
        );
        NaiveDate::MIN
    });
    if let Some(url) = &front.url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            diags.push(
                Diagnostic::error(&doc.path, format!("url `{url}` is not an http(s) URL"))
                    .at(doc.loc("url"))
                    .with_hint("give the original's full address, or remove `url`"),
            );
        }
    }
    if loaded.text.trim().is_empty() {
        diags.push(
            Diagnostic::error(&doc.path, "the article has no text after its front matter")
                .with_hint("paste the article's text, verbatim, after the closing `---` line"),
        );
    }
    let furniture: Vec<&str> = front.furniture.iter().map(|f| f.trim()).collect();
    let mut used = vec![false; furniture.len()];
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in loaded.text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let hit = furniture.iter().position(|f| *f == trimmed);
            if let Some(i) = hit {
                used[i] = true;
            }
            lines.push(Line {
                range: offset..offset + content.len(),
                furniture: hit.is_some(),
            });
        }
        offset += raw.len();
    }
    for (i, was_used) in used.iter().enumerate() {
        if !was_used {
            let near = crate::suggest::closest(
                furniture[i],
                lines.iter().map(|l| loaded.text[l.range.clone()].trim()),
            );
            let mut d = Diagnostic::error(
                &doc.path,
                format!(
                    "furniture line `{}` is not a line of the text",
                    furniture[i]
                ),
            )
            .at(doc.loc(&format!("furniture/{i}")));
            d = match near {
                Some(n) => d.with_hint(format!("did you mean `{n}`?")),
                None => d.with_hint("each furniture item must be the exact text of one whole line"),
            };
            diags.push(d);
        }
    }
    Source {
        id: loaded.id.clone(),
        front: front.clone(),
        published,
        text: loaded.text.clone(),
        lines,
        passages: Vec::new(),
        file: doc.path.clone(),
    }
}

fn check_claim_fields(
    e: &crate::load::EntryFile,
    doc: &YamlDoc,
    ei: usize,
    diags: &mut Diagnostics,
) {
    let at = |field: &str| doc.loc(&format!("entries/{ei}/{field}"));
    if e.kind == EntryKind::Claim {
        if e.status.is_none() {
            diags.push(
                Diagnostic::error(&doc.path, format!("claim `{}` has no status", e.id))
                    .at(at("kind"))
                    .with_hint("add `status:` confirmed | unconfirmed | disputed | denied, as the sources establish it"),
            );
        }
        if e.claimant.as_deref().is_none_or(|c| c.trim().is_empty()) {
            diags.push(
                Diagnostic::error(&doc.path, format!("claim `{}` has no claimant", e.id))
                    .at(at("kind"))
                    .with_hint("add `claimant:` who makes the claim, e.g. \"US officials\""),
            );
        }
        if e.evidence.is_empty() {
            diags.push(
                Diagnostic::error(&doc.path, format!("claim `{}` has no evidence", e.id))
                    .at(at("kind"))
                    .with_hint("add at least one `evidence:` item quoting where the claim is made"),
            );
        }
    } else {
        for field in ["status", "claimant"] {
            let present = if field == "status" {
                e.status.is_some()
            } else {
                e.claimant.is_some()
            };
            if present {
                diags.push(
                    Diagnostic::error(&doc.path, format!("only claims carry a `{field}`"))
                        .at(at(field))
                        .with_hint("set `kind: claim`, or remove the field"),
                );
            }
        }
    }
}

fn lookup_source(
    ids: &HashMap<&str, usize>,
    unreadable: &[String],
    ev: &EvidenceFile,
    doc: &YamlDoc,
    // The evidence item's YAML path, made only when there is something to report.
    path: impl Fn() -> String,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some(&i) = ids.get(ev.source.as_str()) {
        return Some(i);
    }
    if unreadable.contains(&ev.source) {
        // Its file already has an error; one message is enough.
        return None;
    }
    let mut d = Diagnostic::error(&doc.path, format!("unknown source `{}`", ev.source))
        .at(doc.loc(&format!("{}/source", path())));
    d = match crate::suggest::closest(&ev.source, ids.keys().copied()) {
        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
        None => {
            let mut known: Vec<&str> = ids.keys().copied().collect();
            known.sort_unstable();
            d.with_hint(format!(
                "sources are the files in content/articles/: {}",
                known.join(", ")
            ))
        }
    };
    diags.push(d);
    None
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
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
            note: p.file.note.clone(),
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
                d = d.with_hint(format!(
                    "closest passage ({:.0}% alike): \"{}\"",
                    score * 100.0,
                    flatten(&text[range])
                ));
            }
            let elsewhere: Vec<&str> = sources
                .iter()
                .filter(|s| s.id != source.id)
                .filter(|s| {
                    matches!(
                        anchor::anchor_all(&s.text, &[query(p.file)])[0],
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

/// Gives passages stable ids from their first words, and moments ids from their date and title.
fn assign_ids(site: &mut Site, cache: Option<&mut ResolveCache>, files: &[Arc<LoadedSource>]) {
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
            let mut used: HashMap<String, usize> = HashMap::new();
            let ids = list
                .iter()
                .map(|&i| {
                    let words: Vec<&str> = sources[si].text[passages[i].range.clone()]
                        .split_whitespace()
                        .take(6)
                        .collect();
                    let mut base = crate::suggest::slugify(&words.join(" "));
                    base.truncate(48);
                    let base = format!("q-{}", base.trim_end_matches('-'));
                    let n = used.entry(base.clone()).or_insert(0);
                    *n += 1;
                    if *n == 1 {
                        base
                    } else {
                        format!("{base}-{n}")
                    }
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
    site.passages.par_iter_mut().for_each(|p| {
        p.citations.sort_by_key(|c| (c.citer, c.evidence));
        let source = &sources[p.source];
        p.original = source.front.url.as_ref().map(|u| {
            known[p.source]
                .and_then(|c| c.link(&p.range))
                .unwrap_or_else(|| {
                    fresh_links[p.source].store(true, std::sync::atomic::Ordering::Relaxed);
                    textfrag::link(u, &source.text, p.range.clone())
                })
        });
    });
    drop(known);
    if let Some(cache) = cache {
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
    let mut used: HashMap<String, usize> = HashMap::new();
    for m in &mut site.timeline {
        let words: Vec<&str> = m.title.split_whitespace().take(5).collect();
        let base = format!(
            "{}-{}",
            m.date.format("%Y-%m-%d"),
            crate::suggest::slugify(&words.join(" "))
        );
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        m.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

/// Orders the timeline by date and time, keeping the file's order for ties; citations follow.
fn sort_timeline(site: &mut Site) {
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
