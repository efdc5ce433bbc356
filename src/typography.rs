//! Editorial typography: smart punctuation for the dossier's own short texts (titles, notes), with the same
//! rules as its Markdown (pulldown-cmark's), and where a shown quotation is cut mid-sentence. Source texts are
//! never touched: only the dossier's words and the marks it puts around a quotation.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser};

/// Curly quotes and apostrophes, `--` and `---` as en and em dashes, `...` as an ellipsis, in a plain-text
/// string (not Markdown: `*`, `_`, `[`... stay as they are). Text without those marks is returned as is.
pub fn smart(text: &str) -> Cow<'_, str> {
    if !text.contains(['"', '\'', '-', '.']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        smart_line(line, &mut out);
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// One line through pulldown-cmark's smart punctuation, every other Markdown mark escaped so it stays text.
fn smart_line(line: &str, out: &mut String) {
    let body = line.trim();
    if body.is_empty() {
        out.push_str(line);
        return;
    }
    // A leading letter and space keep the line a paragraph (not a list item, heading or rule) without
    // changing how the quotes around the text flank; it is taken off again below.
    let mut md = String::with_capacity(body.len() + 16);
    md.push_str("a ");
    for c in body.chars() {
        if c.is_ascii_punctuation() && !matches!(c, '"' | '\'' | '-' | '.') {
            md.push('\\');
        }
        md.push(c);
    }
    let mut text = String::with_capacity(md.len());
    for event in Parser::new_ext(&md, Options::ENABLE_SMART_PUNCTUATION) {
        if let Event::Text(t) = event {
            text.push_str(&t);
        }
    }
    let leading = &line[..line.len() - line.trim_start().len()];
    let trailing = &line[line.trim_end().len()..];
    out.push_str(leading);
    out.push_str(text.strip_prefix("a ").unwrap_or(&text));
    out.push_str(trailing);
}

/// Characters that end a sentence.
const ENDS: &[char] = &['.', '!', '?', '…', '。', '！', '？', '؟', '؛'];
/// Closing marks that may follow a sentence's end (`."`, `.)`).
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '」', '』'];
/// Opening marks that may precede a sentence's start (`"We`, `(The`).
const OPENERS: &[char] = &[
    '"', '\'', '“', '‘', '«', '(', '[', '「', '『', '-', '–', '—', '•',
];

/// Whether the passage `range` of `text` starts and ends inside a sentence of it, as (starts inside, ends
/// inside): a quotation shown alone then gets a leading or trailing ellipsis. A passage starting after a
/// sentence's end, a colon or a line break starts a sentence; one ending on a sentence's end (with any
/// closing quotes), just before one, or at a line break ends one.
pub fn cut_mid_sentence(text: &str, range: std::ops::Range<usize>) -> (bool, bool) {
    let (Some(before), Some(quote), Some(after)) = (
        text.get(..range.start),
        text.get(range.clone()),
        text.get(range.end..),
    ) else {
        return (false, false);
    };
    let quote = quote.trim();
    if quote.is_empty() {
        return (false, false);
    }
    // Opening marks at the quotation's own start belong to it.
    let starts_inside = {
        let mut prev = before
            .trim_end_matches([' ', '\t', '\u{a0}'])
            .trim_end_matches(OPENERS)
            .trim_end_matches([' ', '\t', '\u{a0}'])
            .chars()
            .next_back();
        if prev == Some(':') || prev == Some('：') {
            prev = None;
        }
        match prev {
            None | Some('\n' | '\r') => false,
            Some(c) => !ENDS.contains(&c),
        }
    };
    let ends_inside = {
        let last = quote.trim_end_matches(CLOSERS).chars().next_back();
        if last.is_some_and(|c| ENDS.contains(&c)) {
            false
        } else {
            let next = after
                .trim_start_matches([' ', '\t', '\u{a0}'])
                .trim_start_matches(CLOSERS)
                .chars()
                .next();
            match next {
                None | Some('\n' | '\r') => false,
                Some(c) => !ENDS.contains(&c),
            }
        }
    };
    (starts_inside, ends_inside)
}

#[cfg(test)]
mod tests {
    use super::{cut_mid_sentence, smart};

    #[test]
    fn quotes_apostrophes_dashes_and_ellipses_become_typographic() {
        assert_eq!(
            smart("The mayor's \"final\" offer"),
            "The mayor’s “final” offer"
        );
        assert_eq!(smart("'Maybe', she said"), "‘Maybe’, she said");
        assert_eq!(smart("pages 3--5 --- and more..."), "pages 3–5 — and more…");
        assert_eq!(smart("the '90s"), "the ’90s");
    }

    #[test]
    fn other_markdown_marks_stay_text() {
        for plain in [
            "*not emphasis* and _this_",
            "[a](b) <b>x</b> `code` & #hash",
            "- not a list",
            "1. not a list",
            "# not a heading",
            "---",
            "a\\b",
            "x  ",
            "  indented",
        ] {
            let got = smart(plain);
            let expected = plain.replace("---", "—");
            assert_eq!(got, expected, "{plain:?}");
        }
    }

    #[test]
    fn text_without_marks_is_borrowed_and_lines_are_kept() {
        assert!(matches!(
            smart("Plain title"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(smart("it's\nhe's"), "it’s\nhe’s");
        assert_eq!(smart(""), "");
    }

    fn cut(text: &str, quote: &str) -> (bool, bool) {
        let at = text.find(quote).unwrap();
        cut_mid_sentence(text, at..at + quote.len())
    }

    #[test]
    fn whole_sentences_are_not_cut() {
        let text = "First sentence. The council met on Monday. Then it rained.\nNew line here";
        assert_eq!(cut(text, "The council met on Monday."), (false, false));
        assert_eq!(cut(text, "First sentence."), (false, false));
        // Ending just before the full stop still ends the sentence.
        assert_eq!(cut(text, "The council met on Monday"), (false, false));
        // A line's end is a sentence's end.
        assert_eq!(cut(text, "New line here"), (false, false));
        assert_eq!(cut(text, "Then it rained."), (false, false));
    }

    #[test]
    fn passages_inside_a_sentence_are_cut() {
        let text = "The council met on Monday, and the mayor said the offer was final. Next.";
        assert_eq!(cut(text, "the mayor said"), (true, true));
        assert_eq!(cut(text, "The council met on Monday"), (false, true));
        assert_eq!(cut(text, "the offer was final."), (true, false));
        assert_eq!(cut(text, "the offer was final"), (true, false));
    }

    #[test]
    fn quotes_colons_and_other_scripts_mark_boundaries() {
        let text = "He said: \"We will go.\" Then: (Maybe later.)";
        assert_eq!(cut(text, "We will go."), (false, false));
        assert_eq!(cut(text, "\"We will go.\""), (false, false));
        assert_eq!(cut(text, "Maybe later"), (false, false));
        assert_eq!(cut(text, "will go"), (true, false));
        let ko = "기차가 떠났다. 회담이 열린다";
        assert_eq!(cut(ko, "회담이 열린다"), (false, false));
        let ar = "قال المتحدث؟ نعم وصل القطار";
        assert_eq!(cut(ar, "نعم وصل"), (false, true));
    }
}
