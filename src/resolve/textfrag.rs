//! Links to a passage in the original article with a Text Fragment (`#:~:text=`), per the WICG spec
//! (<https://wicg.github.io/scroll-to-text-fragment/>).
//!
//! A directive is `text=[prefix-,]textStart[,textEnd][,-suffix]`; each term is percent-encoded, and `-`, `&`
//! and `,` must be encoded because they are the syntax. Here every character but ASCII letters, digits and
//! `.`, `_`, `~` is encoded (over-encoding is always valid), so the result is safe in any attribute or URL.

use std::fmt::Write;

/// Percent-encodes one text directive term (UTF-8 bytes as `%XX`).
pub fn encode(term: &str) -> String {
    let mut out = String::with_capacity(term.len() * 3 / 2);
    for b in term.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Whitespace of any kind (line breaks, tabs, non-breaking spaces) collapsed to single spaces, trimmed: the
/// browser matches text fragments against rendered text, where such runs are one space.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Longest quote sent whole; longer ones use `textStart,textEnd`.
const WHOLE_WORDS: usize = 10;
/// Words in `textStart` and `textEnd` (more when needed to be unique).
const EDGE_WORDS: usize = 4;

/// The text directive (without `#:~:`) that selects `range` of `text`, e.g. `text=Kim%20left,Sunday%20afternoon`.
///
/// `text` is the whole article, used to make the start unique: when the quote (or its first words) also occurs
/// earlier, a `prefix-` of the preceding words is added so the browser lands on the right occurrence.
pub fn directive(text: &str, range: std::ops::Range<usize>) -> String {
    let quote = words(&text[range.clone()]);
    if quote.is_empty() {
        return String::new();
    }
    let (start, end): (Vec<&str>, Option<Vec<&str>>) = if quote.len() <= WHOLE_WORDS {
        (quote.clone(), None)
    } else {
        (
            quote[..EDGE_WORDS].to_vec(),
            Some(quote[quote.len() - EDGE_WORDS..].to_vec()),
        )
    };
    let start_text = start.join(" ");
    let mut out = String::from("text=");
    // The first occurrence of the start must be ours, else say what comes before it.
    let before = &text[..range.start];
    if occurs_before(before, &start_text, start[0]) {
        let mut last: Vec<&str> = before
            .split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .rev()
            .take(3)
            .collect();
        if !last.is_empty() {
            last.reverse();
            out.push_str(&encode(&last.join(" ")));
            out.push_str("-,");
        }
    }
    out.push_str(&encode(&start_text));
    if let Some(end) = end {
        out.push(',');
        out.push_str(&encode(&end.join(" ")));
    }
    out
}

/// True if `start` (words joined by single spaces) occurs in `before` with its whitespace collapsed, or straddles
/// the boundary into the passage (e.g. "the the" before "the"): the browser would stop there first.
fn occurs_before(before: &str, start: &str, first_word: &str) -> bool {
    // Any such occurrence contains the first word within `before`: a cheap test that settles most quotes.
    if !before.contains(first_word) {
        return false;
    }
    let mut joined = String::with_capacity(before.len() + start.len() + 1);
    for w in before.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        joined.push_str(w);
        joined.push(' ');
    }
    let boundary = joined.len();
    joined.push_str(start);
    joined.find(start).is_some_and(|i| i < boundary)
}

/// `url` with a text fragment selecting `range` of `text`; an existing `#fragment` is kept before the `:~:`.
pub fn link(url: &str, text: &str, range: std::ops::Range<usize>) -> String {
    let directive = directive(text, range);
    if directive.is_empty() {
        return url.to_owned();
    }
    if url.contains('#') {
        format!("{url}:~:{directive}")
    } else {
        format!("{url}#:~:{directive}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_characters_and_non_ascii_are_percent_encoded() {
        assert_eq!(encode("a-b, c&d"), "a%2Db%2C%20c%26d");
        assert_eq!(encode("Jeon Ha-kyu"), "Jeon%20Ha%2Dkyu");
        assert_eq!(
            encode("Kim’s “train”"),
            "Kim%E2%80%99s%20%E2%80%9Ctrain%E2%80%9D"
        );
        assert_eq!(
            encode("50% #1 a+b=c?/:'"),
            "50%25%20%231%20a%2Bb%3Dc%3F%2F%3A%27"
        );
        assert_eq!(encode("file.txt_v~2"), "file.txt_v~2");
        assert_eq!(encode("é"), "%C3%A9");
    }

    #[test]
    fn short_quotes_are_sent_whole_with_whitespace_collapsed() {
        let text = "Intro.\nKim left\u{a0}Pyongyang on  Sunday.";
        let start = text.find("Kim").unwrap();
        let end = text.len() - 1;
        assert_eq!(
            link("https://example.org/a", text, start..end),
            "https://example.org/a#:~:text=Kim%20left%20Pyongyang%20on%20Sunday"
        );
    }

    #[test]
    fn long_quotes_use_start_and_end() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        assert_eq!(
            directive(text, 0..text.len()),
            "text=one%20two%20three%20four,nine%20ten%20eleven%20twelve"
        );
    }

    #[test]
    fn a_repeated_start_gets_a_prefix_and_fragments_are_kept() {
        let text = "He said no. Then the Kremlin said no.";
        let second = text.rfind("said no").unwrap();
        assert_eq!(
            directive(text, second..second + 7),
            "text=Then%20the%20Kremlin-,said%20no"
        );
        assert_eq!(
            link("https://example.org/a#top", text, 0..2),
            "https://example.org/a#top:~:text=He"
        );
    }
}
