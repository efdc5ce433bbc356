//! Anchoring the evidence: every quote found in its source (or reported with the closest passage), the
//! passages they anchor to, and the links both ways between passages and what cites them.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use super::anchor::{self, AnchorError, Query};
use super::cache::Anchored;
use super::{
    Citation, Citer, Evidence, Moment, Origin, Passage, PendingEvidence, ResolveCache, Section,
    Source,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Content, EvidenceFile};
use crate::typography::smart;

/// One source's anchored items (by pending index), whether any was anchored afresh, and its text's digest
/// (0 unless kept by digest).
type SourceAnchors = (Vec<(usize, Anchored)>, bool, u128);

/// Anchors all pending evidence, one parallel pass per source, and links passages both ways.
pub(super) fn anchor_evidence(
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
    let by_digest = known.is_some_and(ResolveCache::keeps_by_digest);
    let results: Vec<SourceAnchors> = by_source
        .par_iter()
        .enumerate()
        .map(|(si, items)| {
            let queries: Vec<Query<'_>> = items.iter().map(|&i| query(pending[i].file)).collect();
            let Some(known) = known else {
                let found = anchor::anchor_all(&sources[si].text, &queries);
                return (items.iter().copied().zip(found).collect(), false, 0);
            };
            let text = match by_digest {
                true => xxh3_128(sources[si].text.as_bytes()),
                false => 0,
            };
            // Only the quotes not anchored before in this very file (or, by digest, this very text) are
            // searched for.
            let source = known.source(&content.sources[si]);
            let mut fresh_any = source.is_none();
            let mut found: Vec<Option<Anchored>> = queries
                .iter()
                .map(|q| {
                    source
                        .and_then(|c| c.anchor(q))
                        .or_else(|| known.anchor_by_digest(&sources[si].text, text, q))
                })
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
            (list, fresh_any, text)
        })
        .collect();
    if let Some(cache) = cache {
        // Sources whose quotes were all known keep their entries; the others get exactly this run's.
        for (si, (list, fresh, text)) in results.iter().enumerate() {
            if *fresh {
                let used = list
                    .iter()
                    .map(|(i, r)| (query(pending[*i].file), r.clone()));
                cache.set_anchors(&content.sources[si], used);
            }
            if by_digest {
                for (i, r) in list {
                    cache.keep_anchor(*text, &query(pending[*i].file), r);
                }
            }
        }
        if by_digest {
            cache.set_text_digests(results.iter().map(|r| r.2).collect());
        }
    }
    let results: Vec<DistinctAnchors> = results
        .into_par_iter()
        .map(|(list, _, _)| DistinctAnchors::of(list))
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
