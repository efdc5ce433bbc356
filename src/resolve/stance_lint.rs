//! A supporting quote that shares no significant word with its entry may not support it: `check` asks the editor.

use std::collections::HashSet;
use std::path::Path;

use rust_stemmers::{Algorithm, Stemmer};

use super::reviews::Tally;
use super::{Site, Stance};
use crate::diagnostic::Diagnostic;

const HINT: &str = "this quote shares no word with the entry's title or body: say in the body what it supports, mark it `stance: context`, or answer this with `reviewed: {no-shared-word: <why>}`";

/// Warns at the `quote:` line of each supporting quote with no stemmed word in common with its entry's title and
/// body.
pub fn stance_lint(site: &Site) -> Tally {
    let words = Words::new(&site.meta.language);
    let mut out = Tally::default();
    for section in &site.sections {
        let mut doc = None;
        for (ei, e) in section.entries.iter().enumerate() {
            let entry_words = words.of(&format!("{}\n{}", e.title, strip_link_targets(&e.body)));
            for (item, ev) in e.evidence.iter().enumerate() {
                let passage = &site.passages[ev.passage];
                let quote = &site.sources[passage.source].text[passage.range.clone()];
                let unrelated =
                    ev.stance == Stance::Supports && words.of(quote).is_disjoint(&entry_words);
                if !unrelated && ev.reviewed.is_empty() {
                    continue;
                }
                // The file is parsed again only when it has something to report.
                let doc = doc.get_or_insert_with(|| section_doc(&site.root, &section.file));
                let at = |field: &str| {
                    doc.as_ref()
                        .and_then(|d| d.loc(&format!("entries/{ei}/evidence/{item}/{field}")))
                };
                let source = &site.sources[ev.source].id;
                let fired = unrelated.then(|| {
                    let message = format!(
                        "a quote from `{source}` supports entry `{}` without a word in common with it",
                        e.id
                    );
                    ("no-shared-word", Diagnostic::warning(&section.file, message).at(at("quote")).with_hint(HINT))
                });
                out.item(&ev.reviewed, fired.into_iter().collect(), |lint| {
                    Diagnostic::warning(
                        &section.file,
                        format!("a quote from `{source}` in entry `{}` reviews `{lint}`, but that warning no longer applies", e.id),
                    )
                    .at(at("reviewed"))
                    .with_hint(format!("remove `{lint}` from the quote's `reviewed:`"))
                });
            }
        }
    }
    out
}

/// The section file's YAML, for locations; `None` if it cannot be read again.
fn section_doc(root: &Path, file: &Path) -> Option<crate::load::YamlDoc> {
    let text = crate::load::text_as_loaded(&root.join(file))?;
    crate::load::yaml::parse::<serde_yaml::Value>(file, &text, 0, 0)
        .ok()
        .map(|(_, doc)| doc)
}

/// Markdown without the targets of its links (`[text](target)` keeps `text`): a URL's words say nothing.
fn strip_link_targets(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i]);
        match rest[i..].find(')') {
            Some(end) => rest = &rest[i + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Significant words, stemmed in the site's language.
struct Words {
    stemmer: Option<Stemmer>,
    stop: &'static [&'static str],
}

impl Words {
    fn new(language: &str) -> Words {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Words {
            stemmer: algorithm(&primary).map(Stemmer::create),
            stop: stop_words(&primary),
        }
    }

    /// The stems of the words of `text` with at least four letters that are not stop words.
    fn of(&self, text: &str) -> HashSet<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_lowercase)
            .filter(|w| !self.stop.contains(&w.as_str()))
            .map(|w| match &self.stemmer {
                Some(s) => s.stem(&w).into_owned(),
                None => w,
            })
            .collect()
    }
}

/// The Snowball stemmer for a BCP 47 primary language subtag, if there is one.
fn algorithm(primary: &str) -> Option<Algorithm> {
    Some(match primary {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Frequent words of four letters or more that carry no topic; shorter words are dropped anyway.
fn stop_words(primary: &str) -> &'static [&'static str] {
    match primary {
        "en" => &[
            "that", "this", "with", "from", "have", "been", "were", "which", "their", "there",
            "they", "will", "would", "about", "said", "says", "also", "into", "than", "then",
            "them", "what", "when", "where", "while", "after", "before", "other", "some", "such",
            "only", "over", "more", "most", "very",
        ],
        "fr" => &[
            "dans", "pour", "avec", "cette", "sont", "mais", "plus", "leur", "leurs", "elle",
            "elles", "nous", "vous", "être", "avoir", "comme", "tout", "tous", "aussi", "selon",
            "entre", "après", "avant",
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming_matches_inflected_forms() {
        let w = Words::new("en-GB");
        let quote = w.of("The ministry denied the report.");
        let entry = w.of("The government deny any payment");
        assert!(!quote.is_disjoint(&entry), "{quote:?} vs {entry:?}");
    }

    #[test]
    fn unrelated_words_do_not_overlap() {
        let w = Words::new("en");
        let quote = w.of("The weather was mild that week, they said.");
        let entry = w.of("Harbour fees doubled in spring");
        assert!(quote.is_disjoint(&entry), "{quote:?} vs {entry:?}");
    }

    #[test]
    fn stop_words_and_short_words_do_not_count() {
        let w = Words::new("en");
        assert!(w.of("that was the one they said").is_empty());
    }

    #[test]
    fn a_language_without_stemmer_compares_lowercased_words() {
        let w = Words::new("ko");
        assert!(w.of("Harbour").contains("harbour"));
        assert!(w.of("harbours").is_disjoint(&w.of("harbour")));
    }

    #[test]
    fn link_targets_are_dropped() {
        assert_eq!(
            strip_link_targets("see [the fees](https://example.org/harbour) now"),
            "see [the fees now"
        );
    }
}
