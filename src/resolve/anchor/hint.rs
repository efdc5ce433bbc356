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
    let mut segments = segments(quote, passage);
    whole_words(&mut segments);
    let last = segments.len().saturating_sub(1);
    let mut out = String::new();
    let mut changes = 0;
    let mut lookalikes = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Same(text) if changes < MAX_CHANGES => {
                out.push_str(&keep_context(text, i == 0, i == last));
            }
            Segment::Same(_) => {}
            Segment::Changed(removed, added) => {
                changes += 1;
                if changes > MAX_CHANGES {
                    continue;
                }
                if !removed.is_empty() {
                    let _ = write!(out, "[-{}-]", shorten(removed));
                }
                if !added.is_empty() {
                    let _ = write!(out, "{{+{}+}}", shorten(added));
                }
                lookalikes.extend(lookalike_codes(removed, added));
            }
        }
    }
    if changes > MAX_CHANGES {
        let _ = write!(out, " … and {} more", changes - MAX_CHANGES);
    }
    if !lookalikes.is_empty() {
        let _ = write!(out, " (look-alikes: {})", lookalikes.join("; "));
    }
    out
}

/// For a change between look-alikes (a Cyrillic `а` for a Latin `a`, a modifier letter for an apostrophe),
/// which would read as no change at all: their code points.
fn lookalike_codes(removed: &str, added: &str) -> Option<String> {
    let ascii_of = |a: &str, b: &str| b.is_ascii() && !a.is_ascii() && deunicode::deunicode(a) == b;
    if removed.is_empty() || added.is_empty() || removed.chars().count() > 3 {
        return None;
    }
    if !ascii_of(removed, added) && !ascii_of(added, removed) {
        return None;
    }
    let codes = |t: &str| {
        t.chars()
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some(format!(
        "{} in the quote, {} in the source",
        codes(removed),
        codes(added)
    ))
}

/// A stretch of a diff: the same in both texts, or what the first has there and what the second has instead.
enum Segment {
    Same(String),
    Changed(String, String),
}

fn segments(quote: &str, passage: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for chunk in dissimilar::diff(quote, passage) {
        match (chunk, out.last_mut()) {
            (dissimilar::Chunk::Equal(t), _) => out.push(Segment::Same(t.to_owned())),
            (dissimilar::Chunk::Delete(t), Some(Segment::Changed(removed, _))) => {
                removed.push_str(t)
            }
            (dissimilar::Chunk::Insert(t), Some(Segment::Changed(_, added))) => added.push_str(t),
            (dissimilar::Chunk::Delete(t), _) => {
                out.push(Segment::Changed(t.to_owned(), String::new()))
            }
            (dissimilar::Chunk::Insert(t), _) => {
                out.push(Segment::Changed(String::new(), t.to_owned()))
            }
        }
    }
    out
}

/// A change that rewrites most of a word shows the whole word (`[-private-]{+personal+}`, not
/// `p[-rivate-]{+ersonal+}`); a change of a letter or two stays in its word (`privat{+e+}`).
fn whole_words(segments: &mut [Segment]) {
    for i in 0..segments.len() {
        let Segment::Changed(removed, added) = &segments[i] else {
            continue;
        };
        let size = removed.chars().count().max(added.chars().count());
        let starts_in_word = |t: &String| t.starts_with(char::is_alphanumeric);
        let ends_in_word = |t: &String| t.ends_with(char::is_alphanumeric);
        let before = match i.checked_sub(1).map(|b| &segments[b]) {
            Some(Segment::Same(t)) if starts_in_word(removed) || starts_in_word(added) => {
                let cut = t.trim_end_matches(char::is_alphanumeric);
                t[cut.len()..].to_owned()
            }
            _ => String::new(),
        };
        let after = match segments.get(i + 1) {
            Some(Segment::Same(t)) if ends_in_word(removed) || ends_in_word(added) => {
                let cut = t.trim_start_matches(char::is_alphanumeric);
                t[..t.len() - cut.len()].to_owned()
            }
            _ => String::new(),
        };
        // The word keeps more than the change rewrites: the change stays inside it.
        if before.chars().count() + after.chars().count() > size {
            continue;
        }
        if !before.is_empty() {
            let fragment = before;
            if let Segment::Same(t) = &mut segments[i - 1] {
                t.truncate(t.len() - fragment.len());
            }
            if let Segment::Changed(removed, added) = &mut segments[i] {
                removed.insert_str(0, &fragment);
                added.insert_str(0, &fragment);
            }
        }
        if !after.is_empty() {
            let fragment = after;
            if let Segment::Same(t) = &mut segments[i + 1] {
                t.replace_range(..fragment.len(), "");
            }
            if let Segment::Changed(removed, added) = &mut segments[i] {
                removed.push_str(&fragment);
                added.push_str(&fragment);
            }
        }
    }
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
                "The choir left the city in a rented bus on Sunday evening",
                "The choir left the city in a rented bus on Sunday afternoon"
            ),
            "…in a rented bus on Sunday [-evening-]{+afternoon+}"
        );
        assert_eq!(
            diff_summary("left on his privat boat", "left on his private boat"),
            "left on his privat{+e+} boat"
        );
        // Most of a word rewritten: the whole word, both ways.
        assert_eq!(
            diff_summary("his private boat", "his personal boat"),
            "his [-private-]{+personal+} boat"
        );
        assert_eq!(
            diff_summary("pay the price", "paid the price"),
            "[-pay-]{+paid+} the price"
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
    fn lookalike_letters_are_shown_by_code_point() {
        assert_eq!(
            diff_summary("the p\u{430}ckage", "the package"),
            "the p[-\u{430}-]{+a+}ckage (look-alikes: U+0430 in the quote, U+0061 in the source)"
        );
        // An accent is a visible difference: no code points.
        assert_eq!(
            diff_summary("caf\u{e8}", "caf\u{e9}"),
            "caf[-\u{e8}-]{+\u{e9}+}"
        );
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
