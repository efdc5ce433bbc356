//! How a quote that is not in its source is shown next to its closest passage: how alike they are, and a
//! character diff kept short around what differs.

use std::fmt::Write as _;
use std::ops::Range;

use super::normalize_quote;

/// Characters of unchanged text kept on each side of a difference.
const CONTEXT: usize = 24;
/// Differences shown before the rest are only counted.
const MAX_CHANGES: usize = 6;
/// A closest passage longer than this (in characters) is shown by its two ends.
const MAX_PASSAGE: usize = 160;

/// A similarity (0-1) of two texts that differ as a whole percentage: floored, and never 100.
pub fn percent_alike(score: f64) -> u32 {
    ((score.clamp(0.0, 1.0) * 100.0).floor() as u32).min(99)
}

/// The hints for a quote not found in `source`: its closest passage (`range`, verbatim), how alike, and
/// what differs, in the normalised text that matching compares.
pub fn closest_hints(quote: &str, source: &str, range: Range<usize>, score: f64) -> Vec<String> {
    let passage = &source[range];
    let shown = shorten(&passage.split_whitespace().collect::<Vec<_>>().join(" "));
    vec![
        format!(
            "closest passage ({}% alike): \"{shown}\"",
            percent_alike(score)
        ),
        format!(
            "what differs ([-quote-]{{+source+}}): {}",
            diff_summary(&normalize_quote(quote), &normalize_quote(passage))
        ),
    ]
}

/// A character diff of `quote` against `passage`: `[-removed-]` is only in the quote, `{+added+}` only in the
/// passage; unchanged stretches are cut to a few words around each difference.
pub fn diff_summary(quote: &str, passage: &str) -> String {
    let chunks = dissimilar::diff(quote, passage);
    let last = chunks.len().saturating_sub(1);
    let mut out = String::new();
    let mut changes = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        match *chunk {
            dissimilar::Chunk::Equal(text) => {
                if changes >= MAX_CHANGES {
                    continue;
                }
                out.push_str(&keep_context(text, i == 0, i == last));
            }
            dissimilar::Chunk::Delete(text) | dissimilar::Chunk::Insert(text) => {
                changes += 1;
                if changes > MAX_CHANGES {
                    continue;
                }
                let (open, close) = if matches!(chunk, dissimilar::Chunk::Delete(_)) {
                    ("[-", "-]")
                } else {
                    ("{+", "+}")
                };
                let _ = write!(out, "{open}{}{close}", shorten(text));
            }
        }
    }
    if changes > MAX_CHANGES {
        let _ = write!(out, " … and {} more", changes - MAX_CHANGES);
    }
    out
}

/// An unchanged stretch cut to `CONTEXT` characters next to the differences, at word boundaries.
fn keep_context(text: &str, first: bool, last: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    // Cuts fall between words: a word cut in two is kept whole, unless it is very long.
    let head = |n: usize| -> String {
        let mut end = n;
        while end < chars.len() && chars[end] != ' ' && end - n < CONTEXT {
            end += 1;
        }
        chars[..end].iter().collect()
    };
    let tail = |n: usize| -> String {
        let mut start = chars.len() - n;
        while start > 0 && chars[start - 1] != ' ' && chars.len() - n - start < CONTEXT {
            start -= 1;
        }
        chars[start..].iter().collect()
    };
    match (first, last) {
        (true, true) => text.to_owned(),
        (true, false) if chars.len() > CONTEXT => format!("…{}", tail(CONTEXT)),
        (false, true) if chars.len() > CONTEXT => format!("{}…", head(CONTEXT)),
        (false, false) if chars.len() > 2 * CONTEXT + 3 => {
            format!(
                "{} … {}",
                head(CONTEXT).trim_end(),
                tail(CONTEXT).trim_start()
            )
        }
        _ => text.to_owned(),
    }
}

/// A long text shown by its two ends.
fn shorten(text: &str) -> String {
    let count = text.chars().count();
    if count <= MAX_PASSAGE {
        return text.to_owned();
    }
    let keep = MAX_PASSAGE / 2 - 5;
    let head: String = text.chars().take(keep).collect();
    let tail: String = text.chars().skip(count - keep).collect();
    format!("{head} … {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_what_differs_around_a_word() {
        assert_eq!(
            diff_summary(
                "The convoy left the capital in a private train on Sunday evening",
                "The convoy left the capital in a private train on Sunday afternoon"
            ),
            "…private train on Sunday [-evening-]{+afternoon+}"
        );
        assert_eq!(
            diff_summary("left on his privat train", "left on his private train"),
            "left on his privat{+e+} train"
        );
    }

    #[test]
    fn diff_keeps_a_few_words_between_distant_changes() {
        let out = diff_summary(
            "alpha one two three four five six seven eight nine ten eleven twelve omega",
            "alphb one two three four five six seven eight nine ten eleven twelve omegb",
        );
        assert!(out.starts_with("alph[-a-]{+b+} one two"), "{out}");
        assert!(out.contains(" … "), "{out}");
        assert!(out.ends_with("twelve omeg[-a-]{+b+}"), "{out}");
    }

    #[test]
    fn many_changes_are_counted_not_listed() {
        let out = diff_summary("a1 b1 c1 d1 e1 f1 g1 h1 i1", "a2 b2 c2 d2 e2 f2 g2 h2 i2");
        assert!(out.contains("more"), "{out}");
        assert!(out.len() < 200, "{out}");
    }

    #[test]
    fn never_one_hundred_percent_when_different() {
        assert_eq!(percent_alike(0.999), 99);
        assert_eq!(percent_alike(0.9951), 99);
        assert_eq!(percent_alike(1.0), 99);
        assert_eq!(percent_alike(0.876), 87);
        assert_eq!(percent_alike(-0.2), 0);
    }

    #[test]
    fn hints_show_the_passage_verbatim_and_the_diff_normalised() {
        let source = "He said \u{201C}we leave\u{201D}\non Sunday afternoon.";
        let range = source.find('\u{201C}').unwrap()..source.find('.').unwrap();
        let hints = closest_hints("\"we leave\" on Sunday evening", source, range, 0.8);
        assert_eq!(
            hints[0],
            "closest passage (80% alike): \"\u{201C}we leave\u{201D} on Sunday afternoon\""
        );
        assert_eq!(
            hints[1],
            "what differs ([-quote-]{+source+}): \"we leave\" on Sunday [-evening-]{+afternoon+}"
        );
    }
}
