//! Cross-references in Markdown: `@section/entry`, `@source/id#fragment`, `@timeline`; checked at build time.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

use super::Site;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::{Content, YamlDoc};

/// Link schemes that never reach a reader's browser.
pub const UNSAFE_SCHEMES: &[&str] = &["javascript:", "data:", "vbscript:", "file:"];

/// True if a link destination uses a scheme that could run code or read local files.
pub fn is_unsafe_url(url: &str) -> bool {
    let folded: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    UNSAFE_SCHEMES.iter().any(|s| folded.starts_with(s))
}

/// Every link or image destination in `markdown`, as written.
pub fn destinations(markdown: &str) -> Vec<String> {
    located_destinations(markdown)
        .into_iter()
        .map(|(dest, _)| dest)
        .collect()
}

/// Every link or image destination in `markdown`, with the byte range of the link (`[text](dest)`) in it.
fn located_destinations(markdown: &str) -> Vec<(String, Range<usize>)> {
    Parser::new(markdown)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((dest_url.into_string(), range))
            }
            _ => None,
        })
        .collect()
}

/// Where the link at `range` of the Markdown value at `path` is in the file: the Markdown's lines are the
/// file's (a block scalar only loses its indentation), so the link's first line is found there, counting the
/// same text earlier in the value. Falls back to the destination's text, then to the value.
fn locate_link(
    doc: &YamlDoc,
    path: &str,
    markdown: &str,
    range: &Range<usize>,
    dest: &str,
) -> Option<Location> {
    let link = markdown.get(range.clone()).unwrap_or_default();
    let first_line = link.lines().next().unwrap_or_default().trim_end();
    let earlier = markdown
        .get(..range.start)
        .map_or(0, |before| before.matches(first_line).count());
    let found = (!first_line.is_empty())
        .then(|| doc.loc_of_nth_text(path, first_line, earlier))
        .flatten();
    match found {
        // The destination as written, when it is (`[a](@x)`), is the part to underline.
        Some(loc) => Some(match first_line.find(dest) {
            Some(i) => Location {
                line: loc.line,
                column: loc.column + first_line[..i].chars().count(),
                start: loc.start + i,
                end: loc.start + i + dest.len(),
            },
            None => loc,
        }),
        None => doc.loc_of_text(path, dest).or_else(|| doc.loc(path)),
    }
}

/// False when `markdown` cannot hold a link: every link, image or autolink needs a `[` or a `<`. Most entry
/// bodies have none, and are not parsed to find out.
fn may_link(markdown: &str) -> bool {
    memchr::memchr2(b'[', b'<', markdown.as_bytes()).is_some()
}

/// Checks the links of every Markdown field in the content against the resolved site.
pub fn check_all(site: &Site, content: &Content, diags: &mut Diagnostics) {
    /// One Markdown field: its text, file, YAML path, and the entry it belongs to (`section/id`).
    type Field<'a> = (&'a str, &'a YamlDoc, String, Option<String>);
    let mut fields: Vec<Field> = Vec::new();
    let dossier = &content.dossier;
    if let Some(intro) = &dossier.value.intro {
        fields.push((intro, &dossier.doc, "intro".to_owned(), None));
    }
    for section in &content.sections {
        let doc = &section.file.doc;
        fields.push((&section.file.value.summary, doc, "summary".to_owned(), None));
        for (i, e) in section
            .file
            .value
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| may_link(&e.body))
        {
            let own = format!("{}/{}", section.id, e.id);
            fields.push((&e.body, doc, format!("entries/{i}/body"), Some(own)));
        }
    }
    if let Some(tl) = &content.timeline {
        for (i, m) in tl.value.moments.iter().enumerate() {
            if let Some(body) = &m.body {
                fields.push((body, &tl.doc, format!("moments/{i}/body"), None));
            }
        }
    }
    let found: Vec<Diagnostics> = fields
        .par_iter()
        .map(|(markdown, doc, path, own)| {
            let mut own_diags = Diagnostics::default();
            check(
                site,
                content,
                markdown,
                doc,
                path,
                own.as_deref(),
                &mut own_diags,
            );
            own_diags
        })
        .collect();
    for d in found {
        diags.extend(d.as_slice().iter().cloned());
    }
}

/// True if the `@` reference `target` points into a file that exists but failed to load: its own error is
/// reported, and a broken link to it would only follow from that one.
pub(super) fn follows_from_unreadable(content: &Content, target: &str) -> bool {
    let path = target.split('#').next().unwrap_or_default();
    let mut parts = path.splitn(2, '/');
    match (parts.next().unwrap_or_default(), parts.next()) {
        ("source", Some(id)) => content
            .unreadable_sources
            .iter()
            .any(|u| u == id || crate::suggest::slugify(u) == id),
        ("timeline", None) => content.unreadable_timeline,
        (section, _) => content.unreadable_sections.iter().any(|u| u == section),
    }
}

fn check(
    site: &Site,
    content: &Content,
    markdown: &str,
    doc: &YamlDoc,
    path: &str,
    own: Option<&str>,
    diags: &mut Diagnostics,
) {
    for (dest, range) in located_destinations(markdown) {
        // Located only when reported: finding the line means scanning the file.
        let at = || locate_link(doc, path, markdown, &range, &dest);
        if let Some(target) = dest.strip_prefix('@') {
            if let Err(why) = site.resolve_ref(target) {
                if follows_from_unreadable(content, target) {
                    continue;
                }
                diags.push(
                    Diagnostic::error(&doc.path, format!("broken cross-reference `{dest}`"))
                        .at(at())
                        .with_label("no such target")
                        .with_hint(why),
                );
            } else if own == Some(target) {
                diags.push(
                    Diagnostic::warning(&doc.path, format!("the entry links to itself (`{dest}`)"))
                        .at(at())
                        .with_hint("link to a related entry or a source passage instead"),
                );
            }
        } else if is_unsafe_url(&dest) {
            diags.push(
                Diagnostic::warning(
                    &doc.path,
                    format!("link `{dest}` uses an unsafe scheme and is dropped"),
                )
                .at(at())
                .with_hint("link to an http(s) address or to `@section/entry`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_without_brackets_has_no_link() {
        for md in [
            "See [a](@pay/offer).",
            "![i](x.png)",
            "<https://example.org>",
            "[ref]\n\n[ref]: @pay/offer",
            "plain words",
            "a `code` span, *emphasis* and (parentheses)",
        ] {
            assert_eq!(may_link(md), !destinations(md).is_empty(), "{md:?}");
        }
    }

    #[test]
    fn finds_destinations_and_unsafe_schemes() {
        let md = "See [a](@pay/offer) and ![i](x.png) and [b](JavaScript:alert(1)).";
        assert_eq!(
            destinations(md),
            ["@pay/offer", "x.png", "JavaScript:alert(1)"]
        );
        assert!(is_unsafe_url(" java\tscript:alert(1)"));
        assert!(is_unsafe_url("DATA:text/html,x"));
        assert!(!is_unsafe_url("https://example.org/javascript:"));
    }
}
