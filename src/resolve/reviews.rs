//! `reviewed:` on an entry or a quote: the editor's answer to a `check` lint, after which the lint stays quiet.
//!
//! A lint asks a question (is a claim from one source enough? does this quote support the point?); once the
//! editor has answered it, repeating the warning on every run would train everyone to ignore warnings.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::YamlDoc;

/// Lints an entry's `reviewed:` may answer.
pub const ENTRY_LINTS: &[&str] = &["no-evidence", "single-source", "single-origin", "one-sided"];
/// Lints a quote's `reviewed:` may answer.
pub const EVIDENCE_LINTS: &[&str] = &["no-shared-word"];

/// Errors for unknown lint names and empty reasons in the `reviewed:` map at YAML path `at`.
pub(super) fn validate(
    reviewed: &BTreeMap<String, String>,
    known: &[&str],
    doc: &YamlDoc,
    at: &str,
    diags: &mut Diagnostics,
) {
    for (lint, reason) in reviewed {
        let loc = doc.loc(&format!("{at}/{lint}"));
        if known.is_empty() {
            diags.push(
                Diagnostic::error(
                    &doc.path,
                    format!("`reviewed: {lint}` has nothing to answer here"),
                )
                .at(loc)
                .with_hint("no lint checks this item; remove `reviewed:`"),
            );
        } else if !known.contains(&lint.as_str()) {
            let hint = match crate::suggest::closest(lint, known.iter().copied()) {
                Some(near) => format!(
                    "did you mean `{near}`? A review here answers one of: {}",
                    known.join(", ")
                ),
                None => format!("a review here answers one of: {}", known.join(", ")),
            };
            diags.push(
                Diagnostic::error(
                    &doc.path,
                    format!("`{lint}` is not a lint that can be reviewed here"),
                )
                .at(loc)
                .with_hint(hint),
            );
        } else if reason.trim().is_empty() {
            diags.push(
                Diagnostic::error(&doc.path, format!("the review of `{lint}` gives no reason"))
                    .at(loc)
                    .with_hint(
                        "say in a sentence why the warning does not apply, for the next editor",
                    ),
            );
        }
    }
}

/// Splits one item's lint warnings into those still to show and a count of those the editor answered, and adds a
/// warning for each review whose lint no longer fires.
#[derive(Default)]
pub struct Tally {
    /// Warnings nobody has answered, and stale reviews.
    pub warnings: Vec<Diagnostic>,
    /// Warnings answered by a `reviewed:` entry.
    pub reviewed: usize,
}

impl Tally {
    /// Records what `fired` (lint name, warning) for an item with the given reviews; `stale` makes the warning for a review nothing fired for.
    pub fn item(
        &mut self,
        reviewed: &BTreeMap<String, String>,
        fired: Vec<(&'static str, Diagnostic)>,
        stale: impl Fn(&str) -> Diagnostic,
    ) {
        for (lint, d) in &fired {
            if reviewed.contains_key(*lint) {
                self.reviewed += 1;
            } else {
                self.warnings.push(d.clone());
            }
        }
        for lint in reviewed.keys() {
            if !fired.iter().any(|(l, _)| l == lint) {
                self.warnings.push(stale(lint));
            }
        }
    }

    /// Adds another tally's counts.
    pub fn merge(&mut self, other: Tally) {
        self.warnings.extend(other.warnings);
        self.reviewed += other.reviewed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn answered_warnings_are_counted_and_stale_reviews_reported() {
        let mut tally = Tally::default();
        let fired = vec![
            ("single-source", Diagnostic::warning("a.yaml", "one")),
            ("one-sided", Diagnostic::warning("a.yaml", "two")),
        ];
        tally.item(
            &map(&[
                ("single-source", "only one outlet reported it"),
                ("single-origin", "x"),
            ]),
            fired,
            |lint| Diagnostic::warning("a.yaml", format!("stale {lint}")),
        );
        assert_eq!(tally.reviewed, 1);
        let messages: Vec<&str> = tally.warnings.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["two", "stale single-origin"]);
    }
}
