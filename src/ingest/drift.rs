//! The drift report of a re-capture: every quote that cites the source, anchored in the old text and in the
//! new one, and what became of it (held, moved, changed, lost).

use std::fmt::Write as _;
use std::path::PathBuf;

use similar::{ChangeTag, TextDiff};

use crate::diagnostic::Location;
use crate::load::{Content, EvidenceFile, YamlDoc};
use crate::resolve::anchor::{anchor_all, normalize_quote, AnchorError, Query};

/// What became of one evidence item in the new capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drift {
    /// Found at the same place.
    Held,
    /// Found, elsewhere in the text.
    Moved,
    /// Not found as it is; a passage like it is (or it is now ambiguous).
    Changed,
    /// Nothing like it is left.
    Lost,
}

impl Drift {
    /// The word printed at the start of its line.
    pub fn word(self) -> &'static str {
        match self {
            Drift::Held => "held",
            Drift::Moved => "moved",
            Drift::Changed => "changed",
            Drift::Lost => "lost",
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone)]
pub struct DriftItem {
    /// What became of the quote.
    pub drift: Drift,
    /// The annotation file that holds the evidence.
    pub file: PathBuf,
    /// Where its `quote:` is.
    pub location: Option<Location>,
    /// The quote as written.
    pub quote: String,
    /// The specifics: positions, similarity and diff, or why it failed.
    pub detail: String,
}

/// Every evidence item that cites `id`, anchored in `old` and `new`.
pub fn report(content: &Content, id: &str, old: &str, new: &str) -> Vec<DriftItem> {
    let mut cites: Vec<(&EvidenceFile, &YamlDoc, String)> = Vec::new();
    for section in &content.sections {
        for (e, entry) in section.file.value.entries.iter().enumerate() {
            for (j, ev) in entry.evidence.iter().enumerate() {
                cites.push((
                    ev,
                    &section.file.doc,
                    format!("entries/{e}/evidence/{j}/quote"),
                ));
            }
        }
    }
    if let Some(timeline) = &content.timeline {
        for (m, moment) in timeline.value.moments.iter().enumerate() {
            for (j, ev) in moment.evidence.iter().enumerate() {
                cites.push((ev, &timeline.doc, format!("moments/{m}/evidence/{j}/quote")));
            }
        }
    }
    cites.retain(|(ev, _, _)| ev.source == id);
    let queries: Vec<Query<'_>> = cites
        .iter()
        .map(|(ev, _, _)| Query {
            quote: &ev.quote,
            prefix: ev.prefix.as_deref(),
            suffix: ev.suffix.as_deref(),
            occurrence: ev.occurrence,
        })
        .collect();
    let before = anchor_all(old, &queries);
    let after = anchor_all(new, &queries);
    cites
        .iter()
        .zip(before.iter().zip(after))
        .map(|((ev, doc, path), (was, now))| {
            let (drift, detail) = classify(ev, old, new, was.as_ref().ok(), now);
            DriftItem {
                drift,
                file: doc.path.clone(),
                location: doc.loc(path),
                quote: ev.quote.clone(),
                detail,
            }
        })
        .collect()
}

fn classify(
    ev: &EvidenceFile,
    old: &str,
    new: &str,
    was: Option<&std::ops::Range<usize>>,
    now: Result<std::ops::Range<usize>, AnchorError>,
) -> (Drift, String) {
    let at = |text: &str, i: usize| {
        let l = Location::from_span(text, i, i);
        format!("{}:{}", l.line, l.column)
    };
    match now {
        // The same passage: at the same line and column of the text, so that a word changed in an earlier
        // line moves no quote, while a line added before it does.
        Ok(range) => match was.map(|w| at(old, w.start)) {
            Some(before) if before == at(new, range.start) => {
                (Drift::Held, format!("text line {before}"))
            }
            Some(before) => (
                Drift::Moved,
                format!("text line {before} -> {}", at(new, range.start)),
            ),
            None => (
                Drift::Moved,
                format!(
                    "found at text line {} (it did not anchor in the old text)",
                    at(new, range.start)
                ),
            ),
        },
        Err(AnchorError::NotFound(Some((range, similarity)))) => (
            Drift::Changed,
            format!(
                "{:.0}% alike at text line {}: {}",
                similarity * 100.0,
                at(new, range.start),
                char_diff(&normalize_quote(&ev.quote), &normalize_quote(&new[range]))
            ),
        ),
        Err(AnchorError::Ambiguous(all)) => (
            Drift::Changed,
            format!(
                "now found {} times: add a `prefix`, `suffix` or `occurrence`",
                all.len()
            ),
        ),
        Err(AnchorError::SelectorMismatch(all)) => (
            Drift::Changed,
            format!(
                "found {} time(s), but its `prefix`/`suffix` no longer fit",
                all.len()
            ),
        ),
        Err(AnchorError::NoSuchOccurrence { count }) => (
            Drift::Changed,
            format!("found {count} time(s) only: its `occurrence` no longer fits"),
        ),
        Err(AnchorError::NotFound(None) | AnchorError::Empty) => {
            (Drift::Lost, "nothing like it in the new text".to_owned())
        }
    }
}

/// `old` turned into `new`, character by character: `[-removed-]{+added+}` inline.
pub fn char_diff(old: &str, new: &str) -> String {
    let diff = TextDiff::from_chars(old, new);
    let mut out = String::new();
    let mut open: Option<ChangeTag> = None;
    let close = |out: &mut String, tag: Option<ChangeTag>| match tag {
        Some(ChangeTag::Delete) => out.push_str("-]"),
        Some(ChangeTag::Insert) => out.push_str("+}"),
        _ => {}
    };
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if open != Some(tag) {
            close(&mut out, open);
            match tag {
                ChangeTag::Delete => out.push_str("[-"),
                ChangeTag::Insert => out.push_str("{+"),
                ChangeTag::Equal => {}
            }
            open = Some(tag);
        }
        out.push_str(change.value());
    }
    close(&mut out, open);
    out
}

/// The report, one line per evidence item, as printed.
pub fn render(items: &[DriftItem]) -> String {
    let mut out = String::new();
    for item in items {
        let place = match &item.location {
            Some(l) => format!(
                "{}:{}:{}",
                crate::diagnostic::display_path(&item.file),
                l.line,
                l.column
            ),
            None => crate::diagnostic::display_path(&item.file),
        };
        let quote: String = item.quote.chars().take(60).collect();
        let more = if item.quote.chars().count() > 60 {
            "..."
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{:<7} {place}  \"{quote}{more}\"  {}",
            item.drift.word(),
            item.detail
        );
    }
    out
}

/// True when every quote held or moved: the re-capture costs no evidence.
pub fn all_anchor(items: &[DriftItem]) -> bool {
    items
        .iter()
        .all(|i| matches!(i.drift, Drift::Held | Drift::Moved))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_in(old: &str, new: &str, quote: &str) -> Drift {
        let ev = EvidenceFile {
            source: "s".to_owned(),
            quote: quote.to_owned(),
            stance: Default::default(),
            note: None,
            prefix: None,
            suffix: None,
            occurrence: None,
            reviewed: Default::default(),
        };
        let query = [Query {
            quote,
            ..Default::default()
        }];
        let was = anchor_all(old, &query).remove(0).ok();
        let now = anchor_all(new, &query).remove(0);
        classify(&ev, old, new, was.as_ref(), now).0
    }

    #[test]
    fn held_is_the_same_line_and_column() {
        let old = "It took eight weeks.\n\nThe quay reopens in May.\n";
        let quote = "The quay reopens in May.";
        assert_eq!(
            classify_in(
                old,
                "It took nine weeks.\n\nThe quay reopens in May.\n",
                quote
            ),
            Drift::Held
        );
        assert_eq!(
            classify_in(
                old,
                "New.\n\nIt took eight weeks.\n\nThe quay reopens in May.\n",
                quote
            ),
            Drift::Moved
        );
        assert_eq!(
            classify_in(
                old,
                "It took eight weeks.\n\nThe quay reopens in June.\n",
                quote
            ),
            Drift::Changed
        );
        assert_eq!(classify_in(old, "Nothing else.\n", quote), Drift::Lost);
    }

    #[test]
    fn char_diff_marks_removed_and_added_runs() {
        assert_eq!(char_diff("abc", "axc"), "a[-b-]{+x+}c");
        let d = char_diff("the red car", "the blue car");
        assert!(d.starts_with("the "), "{d}");
        assert!(d.contains("[-") && d.contains("{+"), "{d}");
        assert!(d.ends_with(" car"), "{d}");
        assert_eq!(char_diff("same", "same"), "same");
    }
}
