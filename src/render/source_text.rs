//! A source's verbatim text as HTML paragraphs, with every quoted passage highlighted and linked back.
//!
//! Overlapping passages are cut into segments at every passage boundary, so each `<mark>` covers one
//! segment and the HTML stays properly nested whatever the overlaps; the text is emitted exactly once.

use std::fmt::Write;

use super::markdown::escape;
use crate::resolve::Site;

/// The number shown for each passage of a source (1-based, in reading order), by passage index.
pub fn passage_numbers(site: &Site, source: usize) -> Vec<(usize, usize)> {
    site.sources[source]
        .passages
        .iter()
        .enumerate()
        .map(|(n, &p)| (p, n + 1))
        .collect()
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
        let mut ending_here: Vec<usize> = Vec::new();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let active: Vec<usize> = here
                .iter()
                .copied()
                .filter(|&p| site.passages[p].range.start <= a && site.passages[p].range.end >= b)
                .collect();
            let segment = escape(&text[a..b]);
            if active.is_empty() {
                html.push_str(&segment);
                continue;
            }
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
                "<mark class=\"q depth-{depth}\"{id_attr} data-passages=\"{}\">",
                classes.join(" ")
            );
            for &p in starting.iter().skip(1) {
                let _ = write!(
                    html,
                    "<span class=\"anchor\" id=\"{}\"></span>",
                    site.passages[p].id
                );
            }
            html.push_str(&segment);
            html.push_str("</mark>");
            for &p in &active {
                if site.passages[p].range.end == b {
                    html.push_str(&backrefs(site, p, number_of(p), root));
                    ending_here.push(p);
                }
            }
        }
        html.push_str("</p>\n");
        if !ending_here.is_empty() {
            ending_here.sort_by_key(|&p| number_of(p));
            html.push_str(&sidenotes(site, &ending_here, &number_of, root));
        }
    }
    html
}

/// `[n]` links after a passage, one per citing entry: Wikipedia's "^ a b" at quote granularity.
fn backrefs(site: &Site, passage: usize, number: usize, root: &str) -> String {
    let p = site.passage(passage);
    let mut out = format!("<sup class=\"backrefs\"><a class=\"note-ref\" href=\"#note-{}\" aria-label=\"Note {number}\">{number}</a>", p.id);
    let many = p.citations.len() > 1;
    for (i, c) in p.citations.iter().enumerate() {
        let label = if many {
            letter(i)
        } else {
            "\u{2191}".to_owned()
        };
        let _ = write!(
            out,
            " <a class=\"backref stance-{}\" href=\"{root}{}\" title=\"{}\" aria-label=\"Cited by: {}\">{label}</a>",
            stance_class(c.stance),
            site.citer_href(c.citer),
            escape(site.citer_title(c.citer)),
            escape(site.citer_title(c.citer)),
        );
    }
    out.push_str("</sup>");
    out
}

/// The notes for passages that end in a paragraph: each lists the entries that cite it.
fn sidenotes(
    site: &Site,
    passages: &[usize],
    number_of: &dyn Fn(usize) -> usize,
    root: &str,
) -> String {
    let mut out = String::from("<aside class=\"sidenotes\" aria-label=\"Notes\"><ol>");
    for &p in passages {
        let passage = site.passage(p);
        let n = number_of(p);
        let _ = write!(out, "<li id=\"note-{}\" value=\"{n}\">", passage.id);
        for (i, c) in passage.citations.iter().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            let context = match c.citer {
                crate::resolve::Citer::Entry(s, _) => site.sections[s].title.as_str(),
                crate::resolve::Citer::Moment(_) => "Timeline",
            };
            let _ = write!(
                out,
                "<a href=\"{root}{}\">{}</a> <span class=\"note-meta\">{} · {}</span>",
                site.citer_href(c.citer),
                escape(site.citer_title(c.citer)),
                escape(context),
                stance_label(c.stance),
            );
        }
        let _ = write!(out, " <a class=\"note-back\" href=\"#{}\" aria-label=\"Back to passage {n}\">\u{21a9}</a></li>", passage.id);
    }
    out.push_str("</ol></aside>\n");
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
