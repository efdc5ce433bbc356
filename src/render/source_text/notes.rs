//! The notes of a source page. Every passage whose quoted words end in the same sentence shares one note (and
//! back-to-back sentences of a paragraph citing the same points share one too); its marker goes after the
//! sentence's closing punctuation, so a marker never cuts a sentence, and the note lists every entry and
//! moment citing those passages once, one compact line each (title, stance), after the paragraph: beside it
//! on wide screens, below it on narrow ones and in print, and after the text for a screen reader.

use std::fmt::Write;

use unicode_segmentation::UnicodeSegmentation;

use super::super::i18n::{Arg, Ui};
use super::super::markdown::escape_into;
use super::{push_all, stance_class, stance_key};
use crate::resolve::{Citer, Site, Stance};

/// Lines a note shows before folding the rest under "+N more": three lines are shown whole, since folding
/// one would save nothing.
const SHOWN: usize = 3;

/// One note: where its marker goes and the passages it covers.
pub(super) struct Note {
    /// Byte offset in the source text of the marker: the end of the sentence, before its trailing spaces.
    pub at: usize,
    /// Index into the source's lines of the paragraph holding the marker.
    pub line: usize,
    /// The passages (indices into `site.passages`) it covers, by end then start.
    pub passages: Vec<usize>,
}

/// The notes of source `source`, in the order of their markers (note `i` is numbered `i + 1`).
pub(super) fn plan(site: &Site, source: usize) -> Vec<Note> {
    let src = &site.sources[source];
    let text = src.text.as_str();
    let mut order = src.passages.clone();
    order.sort_by_key(|&p| (site.passages[p].range.end, site.passages[p].range.start));
    let mut notes: Vec<Note> = Vec::new();
    // The sentence ends of the last line looked at, found as far as needed: passages come by end, so lines
    // come in order and, within a line, each passage's sentence end is at or after the previous one's.
    let mut ends: Option<(usize, SentenceEnds)> = None;
    for p in order {
        let r = &site.passages[p].range;
        let last = r.end.saturating_sub(1).max(r.start);
        let line = src
            .lines
            .partition_point(|l| l.range.start <= last)
            .saturating_sub(1);
        let Some(range) = src.lines.get(line).map(|l| l.range.clone()) else {
            continue;
        };
        let ends = match &mut ends {
            Some((l, e)) if *l == line => e,
            _ => {
                &mut ends
                    .insert((line, SentenceEnds::new(text, range.clone())))
                    .1
            }
        };
        // The first sentence end at or after the passage's end; a passage running past its line (it cannot,
        // lines hold their passages' last characters) would keep its own end.
        let at = ends
            .first_at_or_after(r.end)
            .unwrap_or(r.end)
            .min(range.end.max(r.end));
        match notes.last_mut() {
            Some(n) if n.at == at => n.passages.push(p),
            _ => notes.push(Note {
                at,
                line,
                passages: vec![p],
            }),
        }
    }
    // Back-to-back notes of one paragraph naming the same points become one, called after the later sentence,
    // as a reference at the end of two sentences covers both.
    let mut merged: Vec<Note> = Vec::with_capacity(notes.len());
    for note in notes {
        match merged.last_mut() {
            Some(last) if last.line == note.line && same_lines(site, last, &note) => {
                last.at = note.at;
                last.passages.extend(note.passages);
            }
            _ => merged.push(note),
        }
    }
    merged
}

/// Whether two notes name the same points with the same stances.
fn same_lines(site: &Site, a: &Note, b: &Note) -> bool {
    let (a, b) = (lines(site, a), lines(site, b));
    a.len() == b.len() && a.iter().all(|l| b.contains(l))
}

/// The points citing the passages of `note`, each with its stance, once, in the order of the passages.
fn lines(site: &Site, note: &Note) -> Vec<(Citer, Stance)> {
    let mut lines: Vec<(Citer, Stance)> = Vec::new();
    for &p in &note.passages {
        for c in &site.passages[p].citations {
            if !lines.contains(&(c.citer, c.stance)) {
                lines.push((c.citer, c.stance));
            }
        }
    }
    lines
}

/// Where each sentence of a line ends, trailing spaces left out, as offsets in the text: segmented lazily,
/// only as far as the passages asked about reach (segmentation is the costly part of a source page's notes).
struct SentenceEnds<'a> {
    start: usize,
    bounds: std::iter::Peekable<unicode_segmentation::USentenceBoundIndices<'a>>,
}

impl<'a> SentenceEnds<'a> {
    /// The sentence ends of the line at `range` of `text`.
    fn new(text: &'a str, range: std::ops::Range<usize>) -> Self {
        SentenceEnds {
            start: range.start,
            bounds: text[range].split_sentence_bound_indices().peekable(),
        }
    }

    /// The first sentence end at or after `offset`; the ends before it are dropped, so successive calls must
    /// not ask for a smaller offset.
    fn first_at_or_after(&mut self, offset: usize) -> Option<usize> {
        loop {
            let &(i, s) = self.bounds.peek()?;
            let end = self.start + i + s.trim_end().len();
            if end >= offset {
                return Some(end);
            }
            self.bounds.next();
        }
    }
}

/// The words a page's notes repeat, looked up once per page.
pub(super) struct Words<'a> {
    ui: &'a Ui,
    stances: [String; 3],
}

impl<'a> Words<'a> {
    /// The words of `ui`.
    pub fn new(ui: &'a Ui) -> Self {
        let stance = |s| ui.t(stance_key(s));
        Words {
            ui,
            stances: [
                stance(Stance::Supports),
                stance(Stance::Disputes),
                stance(Stance::Context),
            ],
        }
    }

    fn stance(&self, stance: Stance) -> &str {
        match stance {
            Stance::Supports => &self.stances[0],
            Stance::Disputes => &self.stances[1],
            Stance::Context => &self.stances[2],
        }
    }
}

/// The marker of note `number` in the text: a link to the note, named for assistive technology.
pub(super) fn marker_into(out: &mut String, words: &Words, number: usize) {
    let _ = write!(
        out,
        "<sup class=\"fn\"><a href=\"#n-{number}\" aria-label=\""
    );
    let n = ("number", Arg::from(number));
    escape_into(out, &words.ui.t_with("source-note-ref", &[n]));
    let _ = write!(out, "\">{number}</a></sup>");
}

/// The note numbered `number`: every entry and moment citing its passages, once each, one line each (its
/// title and stance); past [`SHOWN`] lines, the first two and the rest folded under "+N more".
pub(super) fn note_into(
    out: &mut String,
    (site, words): (&Site, &Words),
    note: &Note,
    number: usize,
    (attrs, root): (&str, &str),
) {
    let lines = lines(site, note);
    let _ = write!(
        out,
        "<li class=\"sn\" id=\"n-{number}\"><span class=\"sn-n\">{number}</span>"
    );
    let shown = if lines.len() > SHOWN {
        SHOWN - 1
    } else {
        lines.len()
    };
    for &(citer, stance) in &lines[..shown] {
        line_into(out, (site, words), (citer, stance), (attrs, root));
    }
    if shown < lines.len() {
        push_all(out, &["<details class=\"more\"", attrs, "><summary>"]);
        let more = ("count", Arg::from(lines.len() - shown));
        escape_into(out, &words.ui.t_with("source-notes-more", &[more]));
        out.push_str("</summary>");
        for &(citer, stance) in &lines[shown..] {
            line_into(out, (site, words), (citer, stance), ("", root));
        }
        out.push_str("</details>");
    }
    original_into(out, site, words, note);
    out.push_str("</li>");
}

/// When the source has an address: one link to the note's passages in the original article, each a text
/// fragment directive of the same link, so the browser highlights them all there.
fn original_into(out: &mut String, site: &Site, words: &Words, note: &Note) {
    const DIRECTIVE: &str = ":~:text=";
    let mut links = note
        .passages
        .iter()
        .filter_map(|&p| site.passages[p].original.as_deref());
    let Some(first) = links.next() else {
        return;
    };
    out.push_str("<a class=\"orig\" href=\"");
    escape_into(out, first);
    for more in links {
        if let Some((_, text)) = more.split_once(DIRECTIVE) {
            out.push_str("&amp;text=");
            escape_into(out, text);
        }
    }
    out.push_str("\" rel=\"external noopener\">");
    escape_into(out, &words.ui.t("evidence-original"));
    out.push_str(" ↗</a>");
}

/// One line of a note: the citer's title, linked, then its stance; `attrs` mark its language when it is not
/// the text's.
fn line_into(
    out: &mut String,
    (site, words): (&Site, &Words),
    (citer, stance): (Citer, Stance),
    (attrs, root): (&str, &str),
) {
    push_all(
        out,
        &[
            "<span class=\"c ",
            stance_class(stance),
            "\"",
            attrs,
            "><a href=\"",
            root,
            &site.citer_href(citer),
            "\">",
        ],
    );
    escape_into(out, site.citer_title(citer));
    out.push_str("</a> <span class=\"st\">");
    escape_into(out, words.stance(stance));
    out.push_str("</span></span>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_before_their_trailing_spaces() {
        let text = "Intro. He said \u{201C}yes.\u{201D} Then left!  ";
        let mut ends = SentenceEnds::new(text, 0..text.len());
        let mut cut = Vec::new();
        let mut from = 0;
        while let Some(e) = ends.first_at_or_after(from) {
            cut.push(&text[..e]);
            from = e + 1;
        }
        assert_eq!(
            cut,
            [
                "Intro.",
                "Intro. He said \u{201C}yes.\u{201D}",
                "Intro. He said \u{201C}yes.\u{201D} Then left!"
            ]
        );
    }

    #[test]
    fn an_end_is_found_again_for_a_passage_ending_in_the_same_sentence() {
        let text = "One two. Three four. Five.";
        let mut ends = SentenceEnds::new(text, 0..text.len());
        assert_eq!(ends.first_at_or_after(3), Some(8));
        assert_eq!(ends.first_at_or_after(8), Some(8));
        assert_eq!(ends.first_at_or_after(9), Some(20));
        assert_eq!(ends.first_at_or_after(27), None);
    }

    #[test]
    fn a_line_without_a_full_stop_is_one_sentence() {
        let text = "xx A headline without a stop";
        let mut ends = SentenceEnds::new(text, 3..text.len());
        assert_eq!(ends.first_at_or_after(3), Some(text.len()));
        assert_eq!(ends.first_at_or_after(text.len() + 1), None);
    }
}
