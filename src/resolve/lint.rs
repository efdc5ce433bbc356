//! Weak spots an editor wants to know about; warnings only, never errors.

use std::collections::BTreeSet;

use std::path::Path;

use super::{Citer, Entry, EntryKind, Site, Stance};
use crate::diagnostic::Diagnostic;

/// Entries without evidence, sources never cited, and claims resting on one source, one origin or one side only.
pub fn lint(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for section in &site.sections {
        for e in &section.entries {
            if e.evidence.is_empty() {
                out.push(
                    Diagnostic::warning(&section.file, format!("entry `{}` has no evidence", e.id))
                        .with_hint("add an `evidence:` quote, or mark it `kind: context` and say where it comes from"),
                );
                continue;
            }
            if e.kind != EntryKind::Claim {
                continue;
            }
            let outlets: BTreeSet<usize> = e.evidence.iter().map(|ev| ev.source).collect();
            if outlets.len() == 1 {
                out.push(
                    Diagnostic::warning(
                        &section.file,
                        format!("claim `{}` rests on a single source", e.id),
                    )
                    .with_hint(
                        "look for corroboration in other sources: `dossier find \"<phrase>\"`",
                    ),
                );
            }
            if let Some(d) = one_origin_support(site, &section.file, e) {
                out.push(d);
            }
            if e.evidence.iter().all(|ev| ev.stance == Stance::Supports) {
                out.push(
                    Diagnostic::warning(&section.file, format!("claim `{}` has only supporting evidence", e.id))
                        .with_hint("add denials or context where the sources have them (stance: disputes | context)"),
                );
            }
        }
    }
    for (i, source) in site.sources.iter().enumerate() {
        let cited = site.passages.iter().any(|p| {
            p.source == i
                && p.citations
                    .iter()
                    .any(|c| matches!(c.citer, Citer::Entry(..)))
        });
        if !cited {
            out.push(
                Diagnostic::warning(
                    &source.file,
                    format!("source `{}` is never cited by an entry", source.id),
                )
                .with_hint("cite it as evidence, or remove it from content/articles/"),
            );
        }
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
