//! Wires the detector into the build: the site's shared passages, and a warning for sources that share
//! substantial wording but declare no common origin.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{find_shared_listed, summarise_counted, Found, PairSummary, SourceText, MIN_WORDS};

/// At most this many pairs of origins are warned about one by one; the rest are counted in one more warning.
const MAX_ORIGIN_WARNINGS: usize = 20;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Content;
use crate::resolve::origins::origin_name;
use crate::resolve::Source;

/// The passages the sources share (page furniture left out; each source's closest partners only), with a
/// warning in `diags` for each pair of origins whose sources share substantial wording.
pub(in crate::resolve) fn shared_passages(
    content: &Content,
    sources: &[Source],
    source_origin: &[usize],
    diags: &mut Diagnostics,
) -> Found {
    let skips: Vec<Vec<Range<usize>>> = sources
        .iter()
        .map(|s| {
            s.lines
                .iter()
                .filter(|l| l.furniture)
                .map(|l| l.range.clone())
                .collect()
        })
        .collect();
    let texts: Vec<SourceText<'_>> = sources
        .iter()
        .zip(&skips)
        .map(|(s, skip)| SourceText {
            id: &s.id,
            text: &s.text,
            skip,
        })
        .collect();
    let found = find_shared_listed(&texts, MIN_WORDS);
    let pairs: Vec<PairSummary> = summarise_counted(&found.passages, &found.words)
        .into_iter()
        .filter(|p| p.substantial && source_origin[p.a] != source_origin[p.b])
        .collect();
    // One warning per pair of origins (its pair of sources sharing the most), the widest first: two outlets that
    // reprint one wire share wording in every pair of their texts, and one `origin:` fix answers them all.
    let mut by_origins: BTreeMap<(usize, usize), (usize, &PairSummary)> = BTreeMap::new();
    for pair in &pairs {
        let (x, y) = (source_origin[pair.a], source_origin[pair.b]);
        let group = by_origins.entry((x.min(y), x.max(y))).or_insert((0, pair));
        group.0 += 1;
        if pair.shared_words > group.1.shared_words {
            group.1 = pair;
        }
    }
    let mut groups: Vec<(usize, &PairSummary)> = by_origins.into_values().collect();
    groups.sort_by_key(|(_, p)| (std::cmp::Reverse(p.shared_words), p.a, p.b));
    for (i, &(count, pair)) in groups.iter().enumerate() {
        let d = warning(content, sources, pair);
        if i == MAX_ORIGIN_WARNINGS {
            diags.push(
                Diagnostic::warning(
                    d.file.clone(),
                    format!(
                        "{} more pairs of origins share substantial wording, not listed one by one",
                        groups.len() - i
                    ),
                )
                .at(d.location)
                .with_hint("each is like the warnings above: set `origin:` where texts reprint one story; `dossier.json` lists the shared passages of each source's closest partners"),
            );
            break;
        }
        diags.push(match count {
            1 => d,
            n => d.with_hint(format!(
                "{} more pairs of sources from these two origins share substantial wording",
                n - 1
            )),
        });
    }
    found
}

/// The warning for one pair of sources that share substantial wording under different origins.
fn warning(content: &Content, sources: &[Source], pair: &PairSummary) -> Diagnostic {
    let (first, second) = (&sources[pair.a], &sources[pair.b]);
    let doc = &content.sources[pair.b].front.doc;
    let field = if second
        .front
        .origin
        .as_deref()
        .is_some_and(|o| !o.trim().is_empty())
    {
        "origin"
    } else {
        "outlet"
    };
    Diagnostic::warning(
        &doc.path,
        format!(
            "source `{}` shares {} words with `{}` ({} passage(s)) but names another origin",
            second.id, pair.shared_words, first.id, pair.passages
        ),
    )
    .at(doc.loc(field))
    .with_label("different origin")
    .with_hint(format!(
        "if both reprint one story, set `origin:` on both to its agency or first outlet (here `{}` vs `{}`)",
        origin_name(&first.front),
        origin_name(&second.front)
    ))
    .with_hint("sources of one origin count once when the dossier counts independent origins")
}
