//! Lines that look like page furniture rather than article text: menu-like labels, credits, "Read more",
//! share and follow prompts, figure labels, short lines repeated from the page's template. They are only
//! proposed (the editor confirms them); the text itself is never changed.

/// Openings of prompts and credits that pages add around an article.
const PROMPTS: &[&str] = &[
    "read more",
    "read also",
    "see also",
    "related",
    "share",
    "follow us",
    "follow ",
    "subscribe",
    "sign up",
    "check out",
    "stay updated",
    "click here",
    "watch ",
    "watch:",
    "to see in video",
    "advertisement",
    "copyright",
    "\u{a9}",
    "all rights reserved",
    "[photo",
    "(photo",
    "photo:",
    "photo ",
    "image:",
    "credit:",
    "getty images",
    "source site",
    "you may also like",
    "recommended",
    "more from",
    "most read",
    "skip to",
    "back to top",
];

/// Words that mark a credit, a caption with its credit, or a sign-up box anywhere in a line.
const CREDITS: &[&str] = &[
    "(photo",
    "photo:",
    "photo credit",
    "credit:",
    "getty images",
    "newsletter",
    "in your inbox",
];
/// A caption with a credit can be a sentence or two.
const MAX_CREDIT_WORDS: usize = 30;

/// A prompt or credit is a short line: a sentence of the article that starts the same way is longer.
const MAX_PROMPT_WORDS: usize = 15;
/// A label repeated from the template is short too.
const MAX_REPEATED_WORDS: usize = 12;
/// A menu item or section label: a few words, no sentence punctuation, no date.
const MAX_LABEL_WORDS: usize = 3;
/// A label in title case ("Local News A to Z") may be a little longer.
const MAX_TITLE_LABEL_WORDS: usize = 5;

/// The distinct lines of `text` that look like page furniture, trimmed, in order of first appearance.
pub fn detect(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if out.iter().any(|o| o == line) {
            continue;
        }
        let repeated = lines[i + 1..].contains(line);
        if is_furniture(line, repeated) {
            out.push((*line).to_owned());
        }
    }
    out
}

/// The lines of an article's `body` to propose as furniture: those [`detect`] finds, less the headline (a short
/// one looks like a label), plus an author box (lines that open with the byline's name).
pub fn propose(body: &str, title: Option<&str>, byline: Option<&str>) -> Vec<String> {
    let mut furniture = detect(body);
    // The headline is the article's, however short (a repeated headline is still proposed, as a repeat).
    if let Some(title) = title {
        if body.lines().filter(|l| l.trim() == title).count() == 1 {
            furniture.retain(|f| f != title);
        }
    }
    if let Some(byline) = byline.filter(|b| b.len() >= 4) {
        for line in body.lines().map(str::trim) {
            if line.starts_with(byline) && !furniture.iter().any(|f| f == line) {
                furniture.push(line.to_owned());
            }
        }
    }
    furniture
}

fn is_furniture(line: &str, repeated: bool) -> bool {
    let words = line.split_whitespace().count();
    let lower = line.to_lowercase();
    let ends_sentence = line.ends_with(['.', '!', '?', '"', '\u{201d}', '\u{2019}', ')']);
    if words <= MAX_PROMPT_WORDS && PROMPTS.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if words <= 8 && is_figure_label(&lower) {
        return true;
    }
    if words <= MAX_CREDIT_WORDS && CREDITS.iter().any(|c| lower.contains(c)) {
        return true;
    }
    if repeated && words <= MAX_REPEATED_WORDS && !ends_sentence {
        return true;
    }
    let label_words = if is_title_case(line) {
        MAX_TITLE_LABEL_WORDS
    } else {
        MAX_LABEL_WORDS
    };
    words <= label_words
        && !ends_sentence
        && !line.ends_with([',', ';', ':'])
        && !line.chars().any(|c| c.is_ascii_digit())
        && line.chars().next().is_some_and(char::is_alphabetic)
}

/// Every word of four letters or more capitalised, as menus and section labels are written.
fn is_title_case(line: &str) -> bool {
    line.split_whitespace()
        .filter(|w| w.chars().count() >= 4)
        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// "Figure 2", "Harbour - Photo 3", "Image 1 of 5": a gallery's label.
fn is_figure_label(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.windows(2).any(|w| {
        matches!(w[0], "figure" | "photo" | "image" | "picture" | "slide")
            && w[1].chars().next().is_some_and(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposes_menus_credits_prompts_and_repeats() {
        let text = "Top Menu\n\nA city council approved the budget on Monday, officials said.\n\
                    [Photo : Example Agency]\nRead more\nNorth - Figure 2\n\
                    Share this article on social media\nTop Menu\n\
                    Watch how the vote unfolded:\nThe mayor said the plan \u{201c}works\u{201d}.\n";
        assert_eq!(
            detect(text),
            [
                "Top Menu",
                "[Photo : Example Agency]",
                "Read more",
                "North - Figure 2",
                "Share this article on social media",
                "Watch how the vote unfolded:"
            ]
        );
    }

    #[test]
    fn keeps_sentences_dates_and_repeated_paragraphs() {
        let text = "12 Sep 2023\nFollowing the vote, the council adjourned.\n\
                    The budget passed.\nThe budget passed.\nShare prices fell sharply after the announcement on Monday morning in early trading across the region today.\n";
        assert!(detect(text).is_empty(), "{:?}", detect(text));
    }
}
