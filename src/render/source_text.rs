//! A source's verbatim text as HTML paragraphs, with every quoted passage highlighted and linked back.
//!
//! Overlapping passages are cut into segments at every passage boundary, so each `<mark>` covers one
//! segment and the HTML stays properly nested whatever the overlaps; the text is emitted exactly once.

use std::fmt::Write;

use super::markdown::{escape, escape_into};
use crate::resolve::Site;

/// The number shown for each passage of a source (1-based), by passage index. Numbers follow the order of
/// the notes, which sit where their passage ends: by end, then by start, so the margin reads 1, 2, 3.
pub fn passage_numbers(site: &Site, source: usize) -> Vec<(usize, usize)> {
    let mut order = site.sources[source].passages.clone();
    order.sort_by_key(|&p| (site.passages[p].range.end, site.passages[p].range.start));
    order.into_iter().zip(1..).collect()
}

/// Renders the text of source `source` for a page at depth `root`.
pub fn render(site: &Site, source: usize, root: &str) -> String {
    let src = &site.sources[source];
    let text = &src.text;
    let numbers = passage_numbers(site, source);
    let number_of = |p: usize| numbers.iter().find(|(q, _)| *q == p).map_or(0, |(_, n)| *n);
    let passages: Vec<usize> = src.passages.clone();
    let mut html = String::with_capacity(text.len() * 2);
    // Passages are sorted by start; `first` skips those that ended before the current line.
    let mut first = 0;
    for (li, line) in src.lines.iter().enumerate() {
        let range = line.range.clone();
        while first < passages.len() && site.passages[passages[first]].range.end <= range.start {
            first += 1;
        }
        let here: Vec<usize> = passages[first..]
            .iter()
            .copied()
            .take_while(|&p| site.passages[p].range.start < range.end)
            .filter(|&p| site.passages[p].range.end > range.start)
            .collect();
        let class = if line.furniture {
            " class=\"furniture\""
        } else {
            ""
        };
        let _ = write!(html, "<p id=\"p-{}\"{class}>", li + 1);
        let mut cuts: Vec<usize> = vec![range.start, range.end];
        for &p in &here {
            let r = &site.passages[p].range;
            cuts.extend([r.start.max(range.start), r.end.min(range.end)]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        // Notes of the passages that just ended: written after the punctuation that closes the quoted words, so
        // a note folded into the text on a phone never leaves a lone "." or "," at the start of a line.
        let mut pending = String::new();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let active: Vec<usize> = here
                .iter()
                .copied()
                .filter(|&p| site.passages[p].range.start <= a && site.passages[p].range.end >= b)
                .collect();
            if active.is_empty() {
                let raw = &text[a..b];
                let cut = raw
                    .char_indices()
                    .find(|&(_, c)| !is_closing_punctuation(c))
                    .map_or(raw.len(), |(i, _)| i);
                escape_into(&mut html, &raw[..cut]);
                html.push_str(&std::mem::take(&mut pending));
                escape_into(&mut html, &raw[cut..]);
                continue;
            }
            html.push_str(&std::mem::take(&mut pending));
            let starting: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&p| site.passages[p].range.start == a)
                .collect();
            let id_attr = starting.first().map_or(String::new(), |&p| {
                format!(" id=\"{}\"", site.passages[p].id)
            });
            let classes: Vec<&str> = active
                .iter()
                .map(|&p| site.passages[p].id.as_str())
                .collect();
            let depth = active.len().min(3);
            let _ = write!(
                html,
                "<mark class=\"q d{depth}\"{id_attr} data-passages=\"{}\">",
                classes.join(" ")
            );
            for &p in starting.iter().skip(1) {
                let _ = write!(
                    html,
                    "<span class=\"anchor\" id=\"{}\"></span>",
                    site.passages[p].id
                );
            }
            // The highlight links to the point its innermost passage supports (the latest to start, then the
            // shortest): a click on quoted words lands on the entry that quotes them.
            let inner = active
                .iter()
                .copied()
                .max_by_key(|&p| {
                    let r = &site.passages[p].range;
                    (r.start, std::cmp::Reverse(r.end))
                })
                .expect("a segment with active passages");
            match site.passages[inner].citations.first() {
                Some(c) => {
                    let _ = write!(html, "<a href=\"{root}{}\">", site.citer_href(c.citer));
                    escape_into(&mut html, &text[a..b]);
                    html.push_str("</a>");
                }
                None => escape_into(&mut html, &text[a..b]),
            }
            html.push_str("</mark>");
            let mut ending: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&p| site.passages[p].range.end == b)
                .collect();
            ending.sort_by_key(|&p| number_of(p));
            for p in ending {
                pending.push_str(&note(site, p, number_of(p), root));
            }
        }
        html.push_str(&pending);
        html.push_str("</p>\n");
    }
    html
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
fn note(site: &Site, passage: usize, number: usize, root: &str) -> String {
    let p = site.passage(passage);
    let mut out = format!(
        "<sup class=\"fn\"><span class=\"n\" aria-hidden=\"true\">{number}</span><span class=\"sn\"><span class=\"sn-n\">{number}</span>"
    );
    let many = p.citations.len() > 1;
    for (i, c) in p.citations.iter().enumerate() {
        let context = match c.citer {
            crate::resolve::Citer::Entry(s, _) => site.sections[s].title.as_str(),
            crate::resolve::Citer::Moment(_) => "Timeline",
        };
        let _ = write!(out, "<span class=\"c {}\">", stance_class(c.stance));
        if many {
            let _ = write!(out, "<span class=\"l\">{}</span> ", letter(i));
        }
        let _ = write!(
            out,
            "<a href=\"{root}{}\">{}</a> <small>{} · {}</small></span>",
            site.citer_href(c.citer),
            escape(site.citer_title(c.citer)),
            escape(context),
            stance_label(c.stance),
        );
    }
    if let Some(original) = &p.original {
        let _ = write!(
            out,
            " <a class=\"orig\" href=\"{}\" rel=\"external noopener\">original ↗</a>",
            escape(original)
        );
    }
    out.push_str("</span></sup>");
    out
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

/// Reader-facing label of a stance.
pub fn stance_label(stance: crate::resolve::Stance) -> &'static str {
    match stance {
        crate::resolve::Stance::Supports => "supports",
        crate::resolve::Stance::Disputes => "disputes",
        crate::resolve::Stance::Context => "context",
    }
}
