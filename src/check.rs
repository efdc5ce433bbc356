//! `dossier check`: everything `build` verifies, plus the rendered site's internal links and the weak spots an
//! editor wants to know about, without writing anything.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::render::{OutputFile, RenderOptions};

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every problem: errors first, then warnings, each sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages rendered in memory (0 if the content did not build).
    pub pages: usize,
    /// Internal links and fragment references verified across the rendered pages.
    pub links: usize,
    /// Lint warnings the content answers with `reviewed:` (not in `diagnostics`).
    pub reviewed: usize,
}

impl CheckReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Loads, anchors, validates and renders the dossier at `root` in memory, then verifies the rendered links and
/// lints the content. Nothing is written.
pub fn check(root: &Path) -> CheckReport {
    let built = match crate::build_in_memory(root, &RenderOptions::default()) {
        Ok(built) => built,
        Err(crate::Error::Content(diagnostics)) => {
            return CheckReport {
                diagnostics,
                ..CheckReport::default()
            }
        }
        Err(e) => {
            return CheckReport {
                diagnostics: vec![Diagnostic::error(root, e.to_string())],
                ..CheckReport::default()
            }
        }
    };
    let mut diags = Diagnostics::default();
    let mut seen = HashSet::new();
    let mut locator = Locator::new(root);
    let mut lints = crate::resolve::lint(&built.site);
    lints.merge(crate::resolve::stance_lint(&built.site));
    for d in built.warnings.into_iter().chain(lints.warnings) {
        if seen.insert(d.to_string()) {
            diags.push(locator.locate(d));
        }
    }
    for source in built
        .site
        .sources
        .iter()
        .filter(|s| s.front.fingerprint.is_none())
    {
        diags.push(crate::load::fingerprint::missing(&source.file, &source.id));
    }
    let (link_problems, links) = verify_links_counted(&built.files);
    diags.extend(link_problems);
    CheckReport {
        diagnostics: diags.into_sorted(),
        pages: built
            .files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count(),
        links,
        reviewed: lints.reviewed,
    }
}

/// Verifies every internal `href`/`src`/`srcset` and every `#fragment` across the rendered files.
///
/// Links with a scheme (`https:`, `mailto:`...) or starting with `//` are external and not followed. A link
/// starting with `/` is an error (pages must use relative links to work from a sub-folder or from disk), and
/// so is one that climbs out of the site, points at a file that is not in `files`, or names a fragment that no
/// `id` (or `<a name>`) of the target page has. Text fragments (`#:~:text=`) are not checked. The same broken
/// target on several pages is reported once, naming the other pages in a hint.
///
/// Each problem is a [`Diagnostic`] whose `file` is the rendered page's path (e.g. `sections/train.html`) and
/// whose location is the attribute value in that page's HTML.
pub fn verify_links(files: &[OutputFile]) -> Vec<Diagnostic> {
    verify_links_counted(files).0
}

struct Link {
    value: String,
    start: usize,
    end: usize,
}

struct Page {
    ids: HashSet<String>,
    links: Vec<Link>,
    /// `id` attributes whose value an earlier element of the page already has.
    repeated_ids: Vec<Link>,
}

fn verify_links_counted(files: &[OutputFile]) -> (Vec<Diagnostic>, usize) {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let pages: HashMap<&str, Page> = files
        .iter()
        .filter(|f| is_html(&f.path))
        .map(|f| (f.path.as_str(), scan(&String::from_utf8_lossy(&f.bytes))))
        .collect();

    // (target or raw value, reason) -> occurrences (page, link), in page order.
    let mut problems: BTreeMap<(String, String), Vec<(&str, &Link)>> = BTreeMap::new();
    let mut checked = 0;
    let mut order: Vec<&str> = pages.keys().copied().collect();
    order.sort_unstable();
    for &page_path in &order {
        let page = &pages[page_path];
        for link in &page.links {
            let Some(problem) = check_one(page_path, &link.value, &paths, &pages) else {
                continue;
            };
            checked += 1;
            if let Err((key, reason)) = problem {
                problems
                    .entry((key, reason))
                    .or_default()
                    .push((page_path, link));
            }
        }
    }

    let mut out = Vec::new();
    let mut texts: HashMap<&str, String> = HashMap::new();
    for ((_, reason), hits) in problems {
        let (page_path, link) = hits[0];
        let html = texts.entry(page_path).or_insert_with(|| {
            files
                .iter()
                .find(|f| f.path == page_path)
                .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                .unwrap_or_default()
        });
        let mut d = Diagnostic::error(
            page_path,
            format!(
                "broken link `{}` in the rendered page: {reason}",
                link.value
            ),
        )
        .at(Some(Location::from_span(html, link.start, link.end)))
        .with_label("this link");
        let others: Vec<&str> = hits[1..].iter().map(|(p, _)| *p).collect();
        let mut distinct: Vec<&str> = others.clone();
        distinct.dedup();
        if !distinct.is_empty() {
            let shown: Vec<&str> = distinct.iter().take(5).copied().collect();
            let more = if distinct.len() > 5 {
                format!(" and {} more", distinct.len() - 5)
            } else {
                String::new()
            };
            d = d.with_hint(format!(
                "the same link is broken on {} other page(s): {}{more}",
                distinct.len(),
                shown.join(", ")
            ));
        }
        d = d.with_hint(
            "the link comes from a theme template (themes/<theme>/templates/) or from a Markdown link in the content",
        );
        out.push(d);
    }
    out.extend(repeated_ids(files, &pages, &order));
    (out, checked)
}

/// One error per id that some page gives to more than one element (a fragment link to it cannot say which),
/// located at its second use on the first such page, the other pages named in a hint.
fn repeated_ids(
    files: &[OutputFile],
    pages: &HashMap<&str, Page>,
    order: &[&str],
) -> Vec<Diagnostic> {
    let mut repeated: BTreeMap<&str, Vec<(&str, &Link)>> = BTreeMap::new();
    for &page_path in order {
        for link in &pages[page_path].repeated_ids {
            repeated
                .entry(&link.value)
                .or_default()
                .push((page_path, link));
        }
    }
    repeated
        .into_iter()
        .map(|(id, hits)| {
            let (page_path, link) = hits[0];
            let html = files
                .iter()
                .find(|f| f.path == page_path)
                .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                .unwrap_or_default();
            let mut others: Vec<&str> = hits.iter().map(|(p, _)| *p).filter(|p| *p != page_path).collect();
            others.dedup();
            let mut d = Diagnostic::error(
                page_path,
                format!("the rendered page gives the id `{id}` to more than one element"),
            )
            .at(Some(Location::from_span(&html, link.start, link.end)))
            .with_label("used again here");
            if !others.is_empty() {
                let shown: Vec<&str> = others.iter().take(5).copied().collect();
                d = d.with_hint(format!(
                    "the same id is repeated on {} other page(s): {}",
                    others.len(),
                    shown.join(", ")
                ));
            }
            d.with_hint("ids must be unique in a page, or links to `#id` land on the first; a content id (entry, entity) that clashes is refused at build time, so this one comes from a theme template (themes/<theme>/templates/)")
        })
        .collect()
}

/// Gives located lines to lint warnings that have none: the `id: <id>` line of the entry each names. Each
/// file is read and indexed once (a large dossier can have thousands of such warnings in one file).
struct Locator<'a> {
    root: &'a Path,
    files: HashMap<std::path::PathBuf, Option<IdLines>>,
}

/// A content file's text, where each `id:` value first starts, and its line index.
struct IdLines {
    text: String,
    ids: HashMap<String, usize>,
    lines: crate::diagnostic::LineIndex,
}

impl IdLines {
    fn new(text: String) -> IdLines {
        let mut ids = HashMap::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let key = line.trim_start().trim_start_matches("- ");
            if let Some(value) = key.strip_prefix("id:") {
                let quoted = value.trim_start_matches([' ', '\t']);
                let bare = quoted.strip_prefix(['"', '\'']).unwrap_or(quoted);
                let id_len = bare
                    .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '#')
                    .unwrap_or(bare.len());
                let start = at + (line.len() - bare.len());
                if id_len > 0 {
                    ids.entry(bare[..id_len].to_owned()).or_insert(start);
                }
            }
            at += line.len();
        }
        let lines = crate::diagnostic::LineIndex::new(&text);
        IdLines { text, ids, lines }
    }
}

impl<'a> Locator<'a> {
    fn new(root: &'a Path) -> Locator<'a> {
        Locator {
            root,
            files: HashMap::new(),
        }
    }

    fn locate(&mut self, mut d: Diagnostic) -> Diagnostic {
        if d.location.is_some() {
            return d;
        }
        let Some(id) = d.message.split('`').nth(1) else {
            return d;
        };
        let root = self.root;
        let file = self
            .files
            .entry(d.file.clone())
            .or_insert_with(|| crate::load::text_as_loaded(&root.join(&d.file)).map(IdLines::new));
        if let Some(f) = file {
            if let Some(&at) = f.ids.get(id) {
                d.location = Some(Location::from_span_indexed(
                    &f.text,
                    &f.lines,
                    at,
                    at + id.len(),
                ));
            }
        }
        d
    }
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// Tags and attributes that hold a URL (besides `srcset`, which holds several).
const URL_ATTRS: &[(&[u8], &[u8])] = &[
    (b"a", b"href"),
    (b"area", b"href"),
    (b"link", b"href"),
    (b"use", b"href"),
    (b"img", b"src"),
    (b"script", b"src"),
    (b"iframe", b"src"),
    (b"source", b"src"),
    (b"audio", b"src"),
    (b"video", b"src"),
    (b"video", b"poster"),
    (b"track", b"src"),
    (b"embed", b"src"),
    (b"object", b"data"),
    (b"form", b"action"),
];

fn scan(html: &str) -> Page {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut page = Page {
        ids: HashSet::new(),
        links: Vec::new(),
        repeated_ids: Vec::new(),
    };
    let mut element_ids = HashSet::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let text = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
        if let Some(id) = tag.attributes.get(b"id".as_slice()) {
            let value = text(&id.value);
            if !element_ids.insert(value.clone()) {
                page.repeated_ids.push(Link {
                    value: value.clone(),
                    start: id.span.start,
                    end: id.span.end,
                });
            }
            page.ids.insert(value);
        }
        if tag.name == b"a" {
            if let Some(name) = tag.attributes.get(b"name".as_slice()) {
                page.ids.insert(text(&name.value));
            }
        }
        for (name, value) in &tag.attributes {
            let is_url = URL_ATTRS
                .iter()
                .any(|(t, a)| tag.name.as_slice() == *t && name.as_slice() == *a)
                || (name.as_slice() == b"xlink:href");
            if is_url {
                page.links.push(Link {
                    value: text(&value.value),
                    start: value.span.start,
                    end: value.span.end,
                });
            } else if name.as_slice() == b"srcset" {
                for candidate in text(&value.value).split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        page.links.push(Link {
                            value: url.to_owned(),
                            start: value.span.start,
                            end: value.span.end,
                        });
                    }
                }
            }
        }
    }
    page
}

/// `None` for links that are not checked (external, empty); `Some(Ok)` for a good internal link;
/// `Some(Err((key, reason)))` for a broken one, `key` grouping the same broken target across pages.
#[allow(clippy::type_complexity)]
fn check_one(
    page_path: &str,
    raw: &str,
    paths: &HashSet<&str>,
    pages: &HashMap<&str, Page>,
) -> Option<Result<(), (String, String)>> {
    let value = raw.trim();
    if value.is_empty() || value.starts_with("//") || has_scheme(value) {
        return None;
    }
    if value.starts_with('/') {
        return Some(Err((
            value.to_owned(),
            "links must be relative: a link starting with `/` breaks when the site is served from a sub-folder or opened from disk".to_owned(),
        )));
    }
    let (before_fragment, fragment) = match value.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (value, None),
    };
    let path_part = before_fragment
        .split_once('?')
        .map_or(before_fragment, |(p, _)| p);
    let decoded = percent_encoding::percent_decode_str(path_part).decode_utf8_lossy();
    let target = if decoded.is_empty() {
        page_path.to_owned()
    } else {
        let mut segments: Vec<&str> = page_path.split('/').collect();
        segments.pop();
        for seg in decoded.split('/') {
            match seg {
                "." => {}
                ".." => {
                    if segments.pop().is_none() {
                        return Some(Err((
                            value.to_owned(),
                            "it climbs out of the site's root folder".to_owned(),
                        )));
                    }
                }
                s => segments.push(s),
            }
        }
        let mut joined = segments.join("/");
        if joined.is_empty() || joined.ends_with('/') {
            joined.push_str("index.html");
        }
        joined
    };
    if !paths.contains(target.as_str()) {
        return Some(Err((
            target.clone(),
            format!("the site has no file `{target}`"),
        )));
    }
    let Some(fragment) = fragment else {
        return Some(Ok(()));
    };
    let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    if fragment.is_empty() || fragment.starts_with(":~:") || fragment == "top" {
        return Some(Ok(()));
    }
    match pages.get(target.as_str()) {
        Some(p) if !p.ids.contains(fragment.as_ref()) => Some(Err(if decoded.is_empty() {
            // A same-page fragment missing on many pages is one problem (usually a template's).
            (
                format!("#{fragment}"),
                format!("the page has no element with id `{fragment}`"),
            )
        } else {
            (
                format!("{target}#{fragment}"),
                format!("`{target}` has no element with id `{fragment}`"),
            )
        })),
        _ => Some(Ok(())),
    }
}

/// True if `url` starts with a URL scheme such as `https:` or `mailto:`.
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Counts of a report's errors and warnings, as printed at the end of `check`.
pub fn summary_line(report: &CheckReport) -> String {
    let errors = report.errors();
    let warnings = report.warnings();
    let verdict = if errors > 0 { "failed" } else { "passed" };
    let reviewed = match report.reviewed {
        0 => String::new(),
        n => format!(" ({n} more answered by `reviewed:` in the content)"),
    };
    format!(
        "check {verdict}: {errors} error(s), {warnings} warning(s){reviewed}; {} pages and {} internal links verified in memory",
        report.pages, report.links
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unlocated_lint_lands_on_the_first_id_line_of_the_entry_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = "title: T\nentries:\n  - id: alpha-2\n    title: \"id: alpha\"\n  - id: \"alpha\"  # quoted\n  - id: alpha\n";
        std::fs::write(dir.path().join("s.yaml"), yaml).unwrap();
        let mut locator = Locator::new(dir.path());
        let warn = |id: &str| {
            Diagnostic::warning("s.yaml", format!("claim `{id}` rests on a single source"))
        };
        let at = |d: Diagnostic| {
            d.location
                .map(|l| (l.line, l.column, &yaml[l.start..l.end] == "alpha"))
        };
        assert_eq!(at(locator.locate(warn("alpha"))), Some((5, 10, true)));
        assert_eq!(
            at(locator.locate(warn("alpha-2"))).map(|(l, c, _)| (l, c)),
            Some((3, 9))
        );
        assert_eq!(at(locator.locate(warn("beta"))), None);
        let located = Diagnostic::warning("s.yaml", "claim `alpha` x")
            .at(Some(Location::from_span(yaml, 0, 1)));
        assert_eq!(locator.locate(located).location.map(|l| l.line), Some(1));
    }

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    #[test]
    fn good_links_pass() {
        let files = [
            file(
                "index.html",
                r##"<a href="sections/a.html#x">a</a><a href="#top-id" id="top-id">t</a>
                <link rel="stylesheet" href="assets/style.css"><a href="https://example.org/#nope">x</a>
                <a href="mailto:a@b.c">m</a><img src="assets/p%20q.png" srcset="assets/p%20q.png 1x, assets/style.css 2x">
                <a href="sources/">s</a><a href="sources/k.html#:~:text=hello">t</a>"##,
            ),
            file(
                "sections/a.html",
                r#"<h2 id="x">X</h2><a href="../index.html">home</a><a href="../sources/k.html#p">k</a>"#,
            ),
            file("sources/index.html", "<p>sources</p>"),
            file("sources/k.html", r#"<p><a name="p"></a></p>"#),
            file("assets/style.css", "body{}"),
            file("assets/p q.png", ""),
        ];
        let problems = verify_links(&files);
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(verify_links_counted(&files).1, 10);
    }

    #[test]
    fn broken_links_are_reported_once_with_location() {
        let files = [
            file(
                "index.html",
                "<p>\n<a href=\"nope.html\">x</a> <a href=\"#missing\">y</a> <a href=\"/abs.html\">z</a>",
            ),
            file(
                "sections/a.html",
                r#"<a href="../nope.html">x</a><a href="../../up.html">u</a><a href="../index.html#missing">m</a>"#,
            ),
        ];
        let problems = verify_links(&files);
        let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
        // nope.html (twice: one report), #missing on index.html, index.html#missing from a section, /abs, ../../up
        assert_eq!(problems.len(), 5, "{messages:#?}");
        let nope = problems
            .iter()
            .find(|d| d.message.contains("no file `nope.html`"))
            .unwrap();
        assert_eq!(nope.file, Path::new("index.html"));
        let loc = nope.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 4)); // the attribute, `href="nope.html"`
        assert!(nope.hints[0].contains("1 other page(s): sections/a.html"));
        assert!(messages
            .iter()
            .any(|m| m.contains("the page has no element with id `missing`")));
        assert!(messages
            .iter()
            .any(|m| m.contains("`index.html` has no element with id `missing`")));
        assert!(messages.iter().any(|m| m.contains("must be relative")));
        assert!(messages.iter().any(|m| m.contains("climbs out")));
        assert!(problems.iter().all(Diagnostic::is_error));
    }

    #[test]
    fn an_id_repeated_in_a_page_is_one_error_naming_the_pages() {
        let files = [
            file(
                "a.html",
                "<p id=\"x\">1</p>\n<p id=\"y\"></p><p id=\"x\">2</p>",
            ),
            file(
                "b.html",
                r#"<p id="x"></p><p id="x"></p><a name="y"></a><p id="y"></p><p id="y"></p>"#,
            ),
            file("c.html", r#"<p id="x"></p><a name="x"></a>"#),
        ];
        let problems = verify_links(&files);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        let x = &problems[0];
        assert_eq!(x.file, Path::new("a.html"));
        assert!(
            x.message.contains("the id `x` to more than one element"),
            "{x}"
        );
        let loc = x.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 18)); // the attribute `id="x"`
        assert!(x.hints[0].contains("1 other page(s): b.html"), "{x}");
        assert!(problems[1].message.contains("`y`"), "{:?}", problems[1]);
        assert_eq!(problems[1].file, Path::new("b.html"));
    }
}
