//! A source's verbatim text as HTML paragraphs, with every quoted passage highlighted and linked back.
//!
//! Overlapping passages are cut into segments at every passage boundary, so each `<mark>` covers one
//! segment and the HTML stays properly nested whatever the overlaps; the text is emitted exactly once.

use std::fmt::Write;

use super::i18n::Ui;
use super::markdown::escape_into;
use crate::resolve::Site;

/// The number shown for each passage of a source (1-based), by passage index. Numbers follow the order of
/// the notes, which sit where their passage ends: by end, then by start, so the margin reads 1, 2, 3.
pub fn passage_numbers(site: &Site, source: usize) -> Vec<(usize, usize)> {
    let mut order = site.sources[source].passages.clone();
    order.sort_by_key(|&p| (site.passages[p].range.end, site.passages[p].range.start));
    order.into_iter().zip(1..).collect()
}

/// Renders the text of source `source` for a page at depth `root`.
pub fn render(site: &Site, ui: &Ui, source: usize, root: &str) -> String {
    let src = &site.sources[source];
    let text = &src.text;
    let numbers = passage_numbers(site, source);
    // The label the stylesheet shows before each line of page furniture, in the interface language.
    let mut furniture = String::from(" class=\"furniture\" data-label=\"");
    escape_into(&mut furniture, &ui.t("source-furniture-label"));
    furniture.push_str("\">");
    // The notes are in the site's language: marked as such when the source is in another one.
    let site_lang = site.meta.language.as_str();
    let note_attrs = if src.front.language == site_lang {
        String::new()
    } else {
        format!(
            " lang=\"{site_lang}\" dir=\"{}\"",
            super::i18n::direction(site_lang)
        )
    };
    let number_of = |p: usize| numbers.iter().find(|(q, _)| *q == p).map_or(0, |(_, n)| *n);
    let passages = &src.passages;
    let range_of = |p: usize| &site.passages[p].range;
    // Marks, links and notes make the HTML about two to three times the text.
    let mut html = String::with_capacity(text.len() * 3);
    // Lists refilled for each line and segment, allocated once.
    let (mut here, mut cuts, mut active, mut ending) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Passages are sorted by start; `first` skips those that ended before the current line.
    let mut first = 0;
    for (li, line) in src.lines.iter().enumerate() {
        let range = line.range.clone();
        while first < passages.len() && range_of(passages[first]).end <= range.start {
            first += 1;
        }
        here.clear();
        here.extend(
            passages[first..]
                .iter()
                .copied()
                .take_while(|&p| range_of(p).start < range.end)
                .filter(|&p| range_of(p).end > range.start),
        );
        let _ = write!(html, "<p id=\"p-{}\"", li + 1);
        html.push_str(if line.furniture {
            furniture.as_str()
        } else {
            ">"
        });
        cuts.clear();
        cuts.extend([range.start, range.end]);
        for &p in &here {
            let r = range_of(p);
            cuts.extend([r.start.max(range.start), r.end.min(range.end)]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        // Notes of the passages that just ended: written after the punctuation that closes the quoted words, so
        // a note folded into the text on a phone never leaves a lone "." or "," at the start of a line.
        let mut pending = String::new();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            active.clear();
            active.extend(
                here.iter()
                    .copied()
                    .filter(|&p| range_of(p).start <= a && range_of(p).end >= b),
            );
            if active.is_empty() {
                let raw = &text[a..b];
                let cut = raw
                    .char_indices()
                    .find(|&(_, c)| !is_closing_punctuation(c))
                    .map_or(raw.len(), |(i, _)| i);
                escape_into(&mut html, &raw[..cut]);
                html.push_str(&pending);
                pending.clear();
                escape_into(&mut html, &raw[cut..]);
                continue;
            }
            html.push_str(&pending);
            pending.clear();
            let mut starting = active.iter().copied().filter(|&p| range_of(p).start == a);
            let first_starting = starting.next();
            let _ = write!(html, "<mark class=\"q d{}\"", active.len().min(3));
            if let Some(p) = first_starting {
                push_all(&mut html, &[" id=\"", &site.passages[p].id, "\""]);
            }
            html.push_str(" data-passages=\"");
            for (i, &p) in active.iter().enumerate() {
                if i > 0 {
                    html.push(' ');
                }
                html.push_str(&site.passages[p].id);
            }
            html.push_str("\">");
            for p in starting {
                push_all(
                    &mut html,
                    &[
                        "<span class=\"anchor\" id=\"",
                        &site.passages[p].id,
                        "\"></span>",
                    ],
                );
            }
            // The highlight links to the point its innermost passage supports (the latest to start, then the
            // shortest): a click on quoted words lands on the entry that quotes them.
            let inner = active
                .iter()
                .copied()
                .max_by_key(|&p| {
                    let r = range_of(p);
                    (r.start, std::cmp::Reverse(r.end))
                })
                .expect("a segment with active passages");
            match site.passages[inner].citations.first() {
                Some(c) => {
                    push_all(
                        &mut html,
                        &["<a href=\"", root, &site.citer_href(c.citer), "\">"],
                    );
                    escape_into(&mut html, &text[a..b]);
                    html.push_str("</a>");
                }
                None => escape_into(&mut html, &text[a..b]),
            }
            html.push_str("</mark>");
            ending.clear();
            ending.extend(active.iter().copied().filter(|&p| range_of(p).end == b));
            ending.sort_by_key(|&p| number_of(p));
            for &p in &ending {
                note_into(&mut pending, site, (ui, &note_attrs), p, number_of(p), root);
            }
        }
        html.push_str(&pending);
        html.push_str("</p>\n");
    }
    html
}

/// Appends every piece of `pieces` to `out`.
fn push_all(out: &mut String, pieces: &[&str]) {
    for piece in pieces {
        out.push_str(piece);
    }
}

/// Punctuation that closes a phrase and belongs before a note mark.
fn is_closing_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '"'
            | '\''
            | '\u{2019}'
            | '\u{201D}'
            | '\u{00BB}'
            | '\u{2026}'
    )
}

/// The note after a passage: its number, then every entry and moment that cites it, with the section and the
/// stance (Wikipedia's "^ a b", at quote granularity). It sits in the margin on wide screens and folds into the
/// text on narrow ones; it is inside `<sup>` so the paragraph's own text stays the source's.
fn note_into(
    out: &mut String,
    site: &Site,
    (ui, attrs): (&Ui, &str),
    passage: usize,
    number: usize,
    root: &str,
) {
    let p = site.passage(passage);
    let _ = write!(
        out,
        "<sup class=\"fn\"><span class=\"n\" aria-hidden=\"true\">{number}</span><span class=\"sn\"><span class=\"sn-n\">{number}</span>"
    );
    let many = p.citations.len() > 1;
    let timeline = ui.t("timeline-title");
    for (i, c) in p.citations.iter().enumerate() {
        let context = match c.citer {
            crate::resolve::Citer::Entry(s, _) => site.sections[s].title.as_str(),
            crate::resolve::Citer::Moment(_) => timeline.as_str(),
        };
        // The language goes on each line, not on the note: the note's own direction must stay the text's,
        // which decides the side of the margin it floats into.
        push_all(
            out,
            &["<span class=\"c ", stance_class(c.stance), "\"", attrs, ">"],
        );
        if many {
            push_all(out, &["<span class=\"l\">", &letter(i), "</span> "]);
        }
        push_all(out, &["<a href=\"", root, &site.citer_href(c.citer), "\">"]);
        escape_into(out, site.citer_title(c.citer));
        out.push_str("</a> <small>");
        escape_into(out, context);
        out.push_str(" · ");
        escape_into(out, &ui.t(stance_key(c.stance)));
        out.push_str("</small></span>");
    }
    if let Some(original) = &p.original {
        out.push_str(" <a class=\"orig\" href=\"");
        escape_into(out, original);
        out.push_str("\" rel=\"external noopener\">");
        escape_into(out, &ui.t("evidence-original"));
        out.push_str(" ↗</a>");
    }
    out.push_str("</span></sup>");
}

fn letter(i: usize) -> String {
    let letters = "abcdefghijklmnopqrstuvwxyz";
    match letters.chars().nth(i) {
        Some(c) => c.to_string(),
        None => (i + 1).to_string(),
    }
}

/// CSS class suffix for a stance.
pub fn stance_class(stance: crate::resolve::Stance) -> &'static str {
    match stance {
        crate::resolve::Stance::Supports => "supports",
        crate::resolve::Stance::Disputes => "disputes",
        crate::resolve::Stance::Context => "context",
    }
}

/// The message id of a stance's reader-facing label.
pub fn stance_key(stance: crate::resolve::Stance) -> &'static str {
    match stance {
        crate::resolve::Stance::Supports => "stance-supports",
        crate::resolve::Stance::Disputes => "stance-disputes",
        crate::resolve::Stance::Context => "stance-context",
    }
}

/// CSS class of an evidence item's stance.
pub fn stance_label(stance: crate::resolve::Stance) -> &'static str {
    match stance {
        crate::resolve::Stance::Supports => "supports",
        crate::resolve::Stance::Disputes => "disputes",
        crate::resolve::Stance::Context => "context",
    }
}
