//! Wires the detector into the build: the site's shared passages, and a warning for sources that share
//! substantial wording but declare no common origin.

use std::ops::Range;

use super::{find_shared, summarise_pairs, SharedPassage, SourceText, MIN_WORDS};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Content;
use crate::resolve::origins::origin_name;
use crate::resolve::Source;

/// The passages the sources share (page furniture left out), with a warning in `diags` for each pair that
/// shares substantial wording under two different origins.
pub(in crate::resolve) fn shared_passages(
    content: &Content,
    sources: &[Source],
    source_origin: &[usize],
    diags: &mut Diagnostics,
) -> Vec<SharedPassage> {
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
    let passages = find_shared(&texts, MIN_WORDS);
    for pair in summarise_pairs(&texts, &passages) {
        if !pair.substantial || source_origin[pair.a] == source_origin[pair.b] {
            continue;
        }
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
        diags.push(
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
            .with_hint("sources of one origin count once when the dossier counts independent origins"),
        );
    }
    passages
}
