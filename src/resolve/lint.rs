//! Weak spots an editor wants to know about; warnings only, never errors.

use std::collections::BTreeSet;

use super::{Citer, EntryKind, Site, Stance};
use crate::diagnostic::Diagnostic;

/// Entries without evidence, sources never cited, and claims resting on one source or one side only.
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
