//! Links to a passage in the original article with a Text Fragment (`#:~:text=`), per the WICG spec
//! (<https://wicg.github.io/scroll-to-text-fragment/>).
//!
//! A directive is `text=[prefix-,]textStart[,textEnd][,-suffix]`; each term is percent-encoded, and `-`, `&`
//! and `,` must be encoded because they are the syntax. Here every character but ASCII letters, digits and
//! `.`, `_`, `~` is encoded (over-encoding is always valid), so the result is safe in any attribute or URL.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What a term keeps as it is: ASCII letters, digits, `.`, `_` and `~` (every other byte is encoded).
const TERM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes one text directive term (UTF-8 bytes as `%XX`).
pub fn encode(term: &str) -> String {
    utf8_percent_encode(term, TERM).collect()
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

/// The text directive (without `#:~:`) that selects `range` of `text`, e.g. `text=Ana%20left,Sunday%20afternoon`.
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
            out.extend(utf8_percent_encode(&last.join(" "), TERM));
            out.push_str("-,");
        }
    }
    out.extend(utf8_percent_encode(&start_text, TERM));
    if let Some(end) = end {
        out.push(',');
        out.extend(utf8_percent_encode(&end.join(" "), TERM));
    }
    out
}

/// True if `start` (words joined by single spaces) occurs in `before` with its whitespace collapsed, or straddles
/// the boundary into the passage (e.g. "the the" before "the"): the browser would stop there first.
fn occurs_before(before: &str, start: &str, first_word: &str) -> bool {
    // Any such occurrence begins with the first word inside `before`; check what follows each one, reading
    // `before` with its whitespace runs as single spaces, then one space, then the passage's start.
    let rest = &start[first_word.len()..];
    let finder = memchr::memmem::Finder::new(first_word.as_bytes());
    let hay = before.as_bytes();
    let mut at = 0;
    while let Some(i) = finder.find(&hay[at..]) {
        let end = at + i + first_word.len();
        if continues_with(&before[end..], start, rest) {
            return true;
        }
        at += i + 1;
    }
    false
}

/// True if `tail` (the rest of the text before the passage), whitespace collapsed, then a space and `start`,
/// begins with `rest`.
fn continues_with(tail: &str, start: &str, rest: &str) -> bool {
    let mut want = rest.chars();
    let mut next = want.next();
    let mut last_space = false;
    for c in tail.chars() {
        let Some(w) = next else { return true };
        let got = if c.is_whitespace() {
            if last_space {
                continue;
            }
            last_space = true;
            ' '
        } else {
            last_space = false;
            c
        };
        if got != w {
            return false;
        }
        next = want.next();
    }
    if !last_space {
        match next {
            None => return true,
            Some(' ') => next = want.next(),
            Some(_) => return false,
        }
    }
    for c in start.chars() {
        match next {
            None => return true,
            Some(w) if w == c => next = want.next(),
            Some(_) => return false,
        }
    }
    next.is_none()
}

#[cfg(test)]
/// The definition [`occurs_before`] implements: the collapsed text before, a space, the start.
fn occurs_before_reference(before: &str, start: &str) -> bool {
    let mut joined = String::new();
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
    let delimiter = if url.contains('#') { ":~:" } else { "#:~:" };
    [url, delimiter, &directive].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_characters_and_non_ascii_are_percent_encoded() {
        assert_eq!(encode("a-b, c&d"), "a%2Db%2C%20c%26d");
        assert_eq!(encode("Jeon Ha-kyu"), "Jeon%20Ha%2Dkyu");
        assert_eq!(
            encode("Ana’s “coach”"),
            "Ana%E2%80%99s%20%E2%80%9Ccoach%E2%80%9D"
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
        let text = "Intro.\nAna left\u{a0}Lisbon on  Sunday.";
        let start = text.find("Ana").unwrap();
        let end = text.len() - 1;
        assert_eq!(
            link("https://example.org/a", text, start..end),
            "https://example.org/a#:~:text=Ana%20left%20Lisbon%20on%20Sunday"
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
    fn the_earlier_occurrence_test_agrees_with_its_definition() {
        let befores = [
            "",
            "the",
            "the ",
            "x the",
            "said the  cat\u{a0}sat. ",
            "bathe cat",
            "the\tcat on the mat the",
            "aaa aa",
            "Ana left  Lisbon\non Sunday",
        ];
        let starts = [
            "the cat",
            "the",
            "cat sat",
            "aa aa",
            "a",
            "Lisbon on",
            "the the",
            "left Lisbon",
        ];
        for before in befores {
            for start in starts {
                let first = start.split(' ').next().unwrap();
                assert_eq!(
                    occurs_before(before, start, first),
                    occurs_before_reference(before, start),
                    "before {before:?}, start {start:?}"
                );
            }
        }
    }

    #[test]
    fn a_repeated_start_gets_a_prefix_and_fragments_are_kept() {
        let text = "He said no. Then the Ministry said no.";
        let second = text.rfind("said no").unwrap();
        assert_eq!(
            directive(text, second..second + 7),
            "text=Then%20the%20Ministry-,said%20no"
        );
        assert_eq!(
            link("https://example.org/a#top", text, 0..2),
            "https://example.org/a#top:~:text=He"
        );
    }
}
