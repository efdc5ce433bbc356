//! The dossier's publication record from `dossier.yaml`: authors, publication and update dates, corrections,
//! each problem located at its value.

use chrono::NaiveDate;

use super::dates::parse_date;
use super::{Author, Correction};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{AuthorKind, DossierFile, YamlDoc};
use crate::typography::smart;

/// The publication record, valid parts only: a bad date is reported and left out.
pub(super) struct Publication {
    pub authors: Vec<Author>,
    pub published: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub corrections: Vec<Correction>,
}

const DATE_HINT: &str = "write the date as YYYY-MM-DD, e.g. 2025-03-14";

pub(super) fn publication(d: &DossierFile, doc: &YamlDoc, diags: &mut Diagnostics) -> Publication {
    let date = |field: &str, value: &str, diags: &mut Diagnostics| {
        let parsed = parse_date(value);
        if parsed.is_none() {
            diags.push(
                Diagnostic::error(&doc.path, format!("`{value}` is not a date"))
                    .at(doc.loc(field))
                    .with_label("not YYYY-MM-DD")
                    .with_hint(DATE_HINT),
            );
        }
        parsed
    };
    let mut authors = Vec::new();
    for (i, a) in d.authors.iter().enumerate() {
        let name = a.name.trim();
        if name.is_empty() {
            diags.push(
                Diagnostic::error(&doc.path, "an author has no name")
                    .at(doc.loc(&format!("authors/{i}")))
                    .with_hint("write the name as credited, or remove the item"),
            );
            continue;
        }
        authors.push(Author {
            name: smart(name).into_owned(),
            role: a
                .role
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(|r| smart(r).into_owned()),
            organisation: a.kind == AuthorKind::Organisation,
        });
    }
    let published = d
        .published
        .as_deref()
        .and_then(|v| date("published", v, diags));
    let updated = d.updated.as_deref().and_then(|v| date("updated", v, diags));
    if let (Some(p), Some(u)) = (published, updated) {
        if u < p {
            diags.push(
                Diagnostic::error(
                    &doc.path,
                    format!("the dossier is updated on {u} before it is published on {p}"),
                )
                .at(doc.loc("updated"))
                .with_hint("`updated` is the date of the last update: on or after `published`"),
            );
        }
    }
    let mut corrections = Vec::new();
    for (i, c) in d.corrections.iter().enumerate() {
        let at = format!("corrections/{i}");
        let Some(when) = date(&format!("{at}/date"), &c.date, diags) else {
            continue;
        };
        if c.text.trim().is_empty() {
            diags.push(
                Diagnostic::error(&doc.path, "a correction says nothing")
                    .at(doc.loc(&format!("{at}/text")))
                    .with_hint("say what was wrong and what the dossier says now"),
            );
            continue;
        }
        if published.is_some_and(|p| when < p) {
            diags.push(
                Diagnostic::error(
                    &doc.path,
                    format!("a correction dated {when} comes before publication"),
                )
                .at(doc.loc(&format!("{at}/date")))
                .with_hint("a correction is made after `published`: check both dates"),
            );
        }
        corrections.push(Correction {
            date: when,
            text: smart(c.text.trim()).into_owned(),
        });
    }
    corrections.sort_by_key(|c| c.date);
    Publication {
        authors,
        published,
        updated,
        corrections,
    }
}
