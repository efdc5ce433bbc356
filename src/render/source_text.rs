//! A source's verbatim text as HTML paragraphs, with every quoted passage highlighted and linked back, and
//! after each paragraph the notes of the sentences it holds (see [`notes`]).
//!
//! Overlapping passages are cut into segments at every passage boundary, so each `<mark>` covers one
//! segment and the HTML stays properly nested whatever the overlaps; the text is emitted exactly once.

mod notes;

use std::fmt::Write;

use super::i18n::Ui;
use super::markdown::escape_into;
use crate::resolve::Site;

/// The root-relative prefix of a source page (`sources/<id>.html`), which its text's links start with.
pub const SOURCE_PAGE_ROOT: &str = "../";

/// Digest of everything [`render`] reads for source `source` at depth `root`: the text and its lines, each of
/// its passages (range, id, address in the original) and whatever cites them (link, title, stance), and the
/// languages. Equal digests make equal HTML, so a page can be keyed without rendering its text.
pub fn inputs_digest(site: &Site, ui: &Ui, source: usize, root: &str) -> u128 {
    use std::hash::Hash;
    let src = &site.sources[source];
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (&ui.tag, &site.meta.language, root).hash(&mut h);
    (&src.text, &src.front.language, src.lines.len()).hash(&mut h);
    for line in &src.lines {
        (&line.range, line.furniture).hash(&mut h);
    }
    src.passages.len().hash(&mut h);
    for &p in &src.passages {
        let passage = &site.passages[p];
        (&passage.range, &passage.id, &passage.original).hash(&mut h);
        passage.citations.len().hash(&mut h);
        for c in &passage.citations {
            let href = site.citer_href(c.citer);
            (href, site.citer_title(c.citer), stance_class(c.stance)).hash(&mut h);
        }
    }
    h.digest128()
}

/// Renders the text of source `source` for a page at depth `root`.
pub fn render(site: &Site, ui: &Ui, source: usize, root: &str) -> String {
    let src = &site.sources[source];
    let plan = notes::plan(site, source);
    let words = notes::Words::new(ui);
    // The label the stylesheet shows before each line of page furniture, in the interface language.
    let mut furniture = String::from(" class=\"furniture\" data-label=\"");
    escape_into(&mut furniture, &ui.t("source-furniture-label"));
    furniture.push_str("\">");
    // The notes are in the site's language: marked as such when the source is in another one, line by line,
    // so that the list keeps the text's direction (its rule on the text's side).
    let site_lang = site.meta.language.as_str();
    let note_attrs = if src.front.language == site_lang {
        String::new()
    } else {
        format!(
            " lang=\"{site_lang}\" dir=\"{}\"",
            super::i18n::direction(site_lang)
        )
    };
    let page = Page {
        site,
        text: &src.text,
        words: &words,
        plan: &plan,
        root,
    };
    let passages = &src.passages;
    let range_of = |p: usize| &site.passages[p].range;
    // Marks, links and notes make the HTML about two to three times the text.
    let mut html = String::with_capacity(src.text.len() * 3);
    let mut scratch = Scratch::default();
    // Passages are sorted by start; `first` skips those that ended before the current line. Notes are in
    // text order; `next_note` is the first not yet written.
    let (mut first, mut next_note) = (0, 0);
    for (li, line) in src.lines.iter().enumerate() {
        let range = line.range.clone();
        while first < passages.len() && range_of(passages[first]).end <= range.start {
            first += 1;
        }
        scratch.here.clear();
        scratch.here.extend(
            passages[first..]
                .iter()
                .copied()
                .take_while(|&p| range_of(p).start < range.end)
                .filter(|&p| range_of(p).end > range.start),
        );
        let count = plan[next_note..]
            .iter()
            .take_while(|n| n.line == li)
            .count();
        let line_notes = next_note..next_note + count;
        let _ = write!(html, "<p id=\"p-{}\"", li + 1);
        html.push_str(if line.furniture {
            furniture.as_str()
        } else {
            ">"
        });
        page.paragraph_into(&mut html, range, line_notes.clone(), &mut scratch);
        html.push_str("</p>\n");
        if !line_notes.is_empty() {
            html.push_str("<ol class=\"notes\">");
            for i in line_notes.clone() {
                let how = (note_attrs.as_str(), root);
                notes::note_into(&mut html, (site, &words), &plan[i], i + 1, how);
            }
            html.push_str("</ol>\n");
        }
        next_note = line_notes.end;
    }
    html
}

/// What every paragraph of a source page is written with.
struct Page<'a> {
    site: &'a Site,
    text: &'a str,
    words: &'a notes::Words<'a>,
    plan: &'a [notes::Note],
    root: &'a str,
}

/// Lists refilled for each line and segment, allocated once per page.
#[derive(Default)]
struct Scratch {
    /// The passages overlapping the current line.
    here: Vec<usize>,
    cuts: Vec<usize>,
    active: Vec<usize>,
}

impl Page<'_> {
    /// The text of the line at `range`, cut at every passage boundary and note marker of the line (notes
    /// `line_notes`): plain text, highlighted segments and markers.
    fn paragraph_into(
        &self,
        html: &mut String,
        range: std::ops::Range<usize>,
        line_notes: std::ops::Range<usize>,
        scratch: &mut Scratch,
    ) {
        let range_of = |p: usize| &self.site.passages[p].range;
        let Scratch { here, cuts, active } = scratch;
        cuts.clear();
        cuts.extend([range.start, range.end]);
        for &p in here.iter() {
            let r = range_of(p);
            cuts.extend([r.start.max(range.start), r.end.min(range.end)]);
        }
        cuts.extend(self.plan[line_notes.clone()].iter().map(|n| n.at));
        cuts.sort_unstable();
        cuts.dedup();
        let mut marker = line_notes.start;
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if marker < line_notes.end && self.plan[marker].at == a {
                notes::marker_into(html, self.words, marker + 1);
                marker += 1;
            }
            active.clear();
            active.extend(
                here.iter()
                    .copied()
                    .filter(|&p| range_of(p).start <= a && range_of(p).end >= b),
            );
            if active.is_empty() {
                escape_into(html, &self.text[a..b]);
            } else {
                mark_into(html, self.site, active, (&self.text[a..b], a), self.root);
            }
        }
        if marker < line_notes.end {
            notes::marker_into(html, self.words, marker + 1);
        }
    }
}

/// One highlighted segment, `text` starting at offset `at`, inside every passage of `active`.
fn mark_into(
    html: &mut String,
    site: &Site,
    active: &[usize],
    (text, at): (&str, usize),
    root: &str,
) {
    let range_of = |p: usize| &site.passages[p].range;
    let mut starting = active.iter().copied().filter(|&p| range_of(p).start == at);
    let first_starting = starting.next();
    let _ = write!(html, "<mark class=\"q d{}\"", active.len().min(3));
    if let Some(p) = first_starting {
        push_all(html, &[" id=\"", &site.passages[p].id, "\""]);
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
            html,
            &[
                "<span class=\"anchor\" id=\"",
                &site.passages[p].id,
                "\"></span>",
            ],
        );
    }
    // The highlight links to the point its innermost passage supports (the latest to start, then the
    // shortest): a click on quoted words lands on the entry that quotes them. A segment of punctuation or
    // spaces alone is no link: a target a few pixels wide helps no one.
    let inner = active
        .iter()
        .copied()
        .max_by_key(|&p| {
            let r = range_of(p);
            (r.start, std::cmp::Reverse(r.end))
        })
        .expect("a segment with active passages");
    match site.passages[inner].citations.first() {
        Some(c) if text.chars().any(char::is_alphanumeric) => {
            push_all(
                html,
                &["<a href=\"", root, &site.citer_href(c.citer), "\">"],
            );
            escape_into(html, text);
            html.push_str("</a>");
        }
        _ => escape_into(html, text),
    }
    html.push_str("</mark>");
}

/// Appends every piece of `pieces` to `out`.
fn push_all(out: &mut String, pieces: &[&str]) {
    for piece in pieces {
        out.push_str(piece);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Stance;

    /// Whatever `render` reads for a source changes its inputs' digest when it changes the HTML.
    #[test]
    fn a_change_to_the_html_changes_the_inputs_digest() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, theme, _, _) = crate::resolve_site(root).expect("the real dossier resolves");
        let ui = &super::super::Plan::new(&site, &theme).labels.ui;
        let si = (0..site.sources.len())
            .find(|&i| site.sources[i].passages.len() > 1)
            .expect("a source with passages");
        let html = render(&site, ui, si, SOURCE_PAGE_ROOT);
        let digest = inputs_digest(&site, ui, si, SOURCE_PAGE_ROOT);
        let p = site.sources[si].passages[0];
        let citer = site.passages[p].citations[0].citer;
        type Change = Box<dyn Fn(&mut crate::resolve::Site)>;
        let changes: Vec<(&str, Change)> = vec![
            (
                "a citing entry's title",
                Box::new(move |s| match citer {
                    crate::resolve::Citer::Entry(a, b) => s.sections[a].entries[b].title.push('!'),
                    crate::resolve::Citer::Moment(m) => s.timeline[m].title.push('!'),
                }),
            ),
            (
                "a stance",
                Box::new(move |s| {
                    let c = &mut s.passages[p].citations[0];
                    c.stance = match c.stance {
                        Stance::Disputes => Stance::Supports,
                        _ => Stance::Disputes,
                    };
                }),
            ),
            (
                "a passage's id",
                Box::new(move |s| s.passages[p].id.push('x')),
            ),
            (
                "a passage's end",
                Box::new(move |s| s.passages[p].range.end -= 1),
            ),
            (
                "the original's address",
                Box::new(move |s| {
                    s.passages[p].original = Some("https://example.org/#:~:text=a".into())
                }),
            ),
            (
                "a line's furniture",
                Box::new(move |s| s.sources[si].lines[0].furniture ^= true),
            ),
            (
                "the source's language",
                Box::new(move |s| s.sources[si].front.language = "xx".into()),
            ),
            (
                "the site's language",
                Box::new(|s| s.meta.language = "xx".into()),
            ),
        ];
        for (what, change) in changes {
            let mut changed = site.clone();
            change(&mut changed);
            let new_html = render(&changed, ui, si, SOURCE_PAGE_ROOT);
            assert_ne!(new_html, html, "{what}: the change should show in the HTML");
            assert_ne!(
                inputs_digest(&changed, ui, si, SOURCE_PAGE_ROOT),
                digest,
                "{what} changes the HTML but not the digest"
            );
        }
        // Another source's passages do not matter.
        let mut other = site.clone();
        if let Some(q) = (0..other.passages.len()).find(|&q| other.passages[q].source != si) {
            other.passages[q].id.push('x');
            assert_eq!(inputs_digest(&other, ui, si, SOURCE_PAGE_ROOT), digest);
        }
    }
}
