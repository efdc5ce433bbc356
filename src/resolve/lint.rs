//! Weak spots an editor wants to know about; warnings only, never errors.

use std::collections::BTreeSet;

use std::path::Path;

use super::reviews::Tally;
use super::{Citer, Entry, EntryKind, Site, Stance};
use crate::diagnostic::Diagnostic;

/// Entries without evidence, sources never cited, and claims resting on one source, one origin or one side only;
/// warnings the editor answered with `reviewed:` are counted, not shown.
pub fn lint(site: &Site) -> Tally {
    let mut tally = Tally::default();
    for section in &site.sections {
        for e in &section.entries {
            let fired = entry_lints(site, &section.file, e);
            tally.item(&e.reviewed, fired, |lint| {
                Diagnostic::warning(
                    &section.file,
                    format!(
                        "entry `{}` reviews `{lint}`, but that warning no longer applies",
                        e.id
                    ),
                )
                .with_hint(format!("remove `{lint}` from its `reviewed:`"))
            });
        }
    }
    for source in &site.sources {
        let cited = source.passages.iter().any(|&p| {
            site.passages[p]
                .citations
                .iter()
                .any(|c| matches!(c.citer, Citer::Entry(..)))
        });
        if !cited {
            tally.warnings.push(
                Diagnostic::warning(
                    &source.file,
                    format!("source `{}` is never cited by an entry", source.id),
                )
                .with_hint("cite it as evidence, or remove it from content/articles/"),
            );
        }
    }
    tally
}

/// The lints one entry sets off, by the name its `reviewed:` answers them with.
fn entry_lints(site: &Site, file: &Path, e: &Entry) -> Vec<(&'static str, Diagnostic)> {
    let mut out = Vec::new();
    if e.evidence.is_empty() {
        out.push((
            "no-evidence",
            Diagnostic::warning(file, format!("entry `{}` has no evidence", e.id)).with_hint(
                "add an `evidence:` quote, or mark it `kind: context` and say where it comes from",
            ),
        ));
        return out;
    }
    if e.kind != EntryKind::Claim {
        return out;
    }
    let outlets: BTreeSet<usize> = e.evidence.iter().map(|ev| ev.source).collect();
    if outlets.len() == 1 {
        out.push((
            "single-source",
            Diagnostic::warning(file, format!("claim `{}` rests on a single source", e.id)).with_hint(
                "look for corroboration in other sources (`dossier find \"<phrase>\"`); if there is none, say so \
                 in the body and answer this with `reviewed: {single-source: <why>}`",
            ),
        ));
    }
    if let Some(d) = one_origin_support(site, file, e) {
        out.push(("single-origin", d));
    }
    if e.evidence.iter().all(|ev| ev.stance == Stance::Supports) {
        out.push((
            "one-sided",
            Diagnostic::warning(file, format!("claim `{}` has only supporting evidence", e.id)).with_hint(
                "add denials or context where the sources have them (stance: disputes | context); if no text \
                 has any, answer this with `reviewed: {one-sided: <why>}`",
            ),
        ));
    }
    out
}

/// A claim supported by several sources that all come from one origin: they are one voice, not corroboration.
fn one_origin_support(site: &Site, file: &Path, e: &Entry) -> Option<Diagnostic> {
    let [origin] = e.origins.supports[..] else {
        return None;
    };
    let supporting: BTreeSet<usize> = e
        .evidence
        .iter()
        .filter(|ev| ev.stance == Stance::Supports)
        .map(|ev| ev.source)
        .collect();
    if supporting.len() < 2 {
        return None;
    }
    let ids: Vec<&str> = supporting
        .iter()
        .map(|&s| site.sources[s].id.as_str())
        .collect();
    Some(
        Diagnostic::warning(
            file,
            format!(
                "claim `{}` is supported by {} sources ({}) that all come from one origin, {}",
                e.id,
                supporting.len(),
                ids.join(", "),
                site.origins[origin].name
            ),
        )
        .with_hint(
            "texts that reprint one outlet or agency corroborate nothing between them: look for an independent \
             origin (`dossier find \"<phrase>\"`), or check the sources' `origin:` front matter",
        ),
    )
}
