//! What each template sees: small serialisable views built from the site model, one page at a time, one file
//! per family of pages.

use serde::Serialize;
use tera::Context;

use std::sync::Arc;

use super::i18n::{Arg, Ui};
use super::markdown::render as md;
use super::page_context::{shared_digest, PageContext};
use super::source_text::{stance_class, stance_label};
use super::Page;
use crate::resolve::{Citer, ClaimStatus, EntryKind, Evidence, Site, Stance};

mod entities;
mod entry;
mod index;
mod matrix;
mod meta;
mod sources;

use entities::entities;
pub(super) use entry::evidence_id;
use entry::{entry_view, moment_view, EntryView, MomentView};
use index::{discrepancies, index};
pub use matrix::MATRIX_MAX_SOURCES;
use matrix::{matrix, MatrixLayout};
pub use meta::{card, card_path};
pub use sources::source_text_html;
use sources::{source_page, source_view, sources_index, SourceView};

/// Display labels of every source, and the site's view, made once per build: pages repeat them many times.
pub struct Labels {
    /// Who to credit: "Origin, via Outlet" or the outlet.
    credit: Vec<String>,
    /// "Outlet: Title".
    heading: Vec<String>,
    /// Publication date as readers expect it.
    published: Vec<String>,
    /// Publication date, ISO 8601.
    published_iso: Vec<String>,
    /// The site's view (title, sections...), serialised once: every page's context shares it.
    site: tera::Value,
    /// The interface language.
    pub ui: Arc<Ui>,
    /// The digest of `site`, for the pages' keys.
    site_digest: u128,
    /// The page script's messages (JSON), shared by every page.
    js_messages: tera::Value,
    /// The digest of `js_messages`.
    js_messages_digest: u128,
    /// Where the corroboration page's pages 2, 3... start, in entries across sections.
    pub(in crate::render) matrix_breaks: Vec<usize>,
    /// Where the list of sources' pages 2, 3... start.
    pub(in crate::render) sources_breaks: Vec<usize>,
    /// The corroboration page's columns and counts.
    matrix: MatrixLayout,
}

impl Labels {
    /// The labels of every source of `site`, in the interface language `ui`.
    pub fn new(site: &Site, ui: Arc<Ui>) -> Labels {
        let sources = &site.sources;
        Labels {
            credit: sources.iter().map(|s| credit(&ui, &s.front)).collect(),
            heading: sources
                .iter()
                .map(|s| format!("{}: {}", s.front.outlet, s.front.title))
                .collect(),
            published: sources.iter().map(|s| ui.date(s.published)).collect(),
            published_iso: sources
                .iter()
                .map(|s| s.published.format("%Y-%m-%d").to_string())
                .collect(),
            site: tera::Value::from_serializable(&site_view(site)),
            site_digest: shared_digest(&site_view(site)),
            js_messages: tera::Value::safe_string(&ui.js_messages()),
            js_messages_digest: shared_digest(&ui.js_messages()),
            ui,
            matrix_breaks: Vec::new(),
            sources_breaks: Vec::new(),
            matrix: MatrixLayout::new(site),
        }
    }
}

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    description: &'a str,
    language: &'a str,
    /// `ltr` or `rtl`, from the language.
    dir: &'static str,
    base_url: Option<&'a str>,
    sections: Vec<NavItem<'a>>,
    has_entities: bool,
    has_timeline: bool,
}

#[derive(Serialize)]
pub(super) struct NavItem<'a> {
    title: &'a str,
    href: String,
    id: &'a str,
}

#[derive(Serialize)]
pub(super) struct PageView<'a> {
    title: &'a str,
    /// Path to the site root from this page: "" or "../" (the base URL on the 404 page, when set).
    root: String,
    /// Root-relative path of this page.
    path: &'a str,
    canonical: Option<String>,
    /// Different on every page.
    description: String,
    kind: &'static str,
    /// `<title>` and `og:title`: the page's title and the dossier's.
    full_title: String,
    /// The absolute URL of the page's social card (only with a base URL).
    image: Option<String>,
    /// The schema.org graph of the site and the dossier (front page only).
    jsonld: Option<String>,
}

/// The output path of a page, relative to the site root.
pub fn page_path(site: &Site, page: Page) -> String {
    match page {
        Page::Index => "index.html".to_owned(),
        Page::Sources => "sources/index.html".to_owned(),
        Page::Matrix => "corroboration.html".to_owned(),
        Page::MatrixPage(p) => numbered("corroboration", p),
        Page::SourcesPage(p) => numbered("sources/index", p),
        Page::Entities => "entities.html".to_owned(),
        Page::Search => "search.html".to_owned(),
        Page::Timeline => "timeline.html".to_owned(),
        Page::About => "about.html".to_owned(),
        Page::NotFound => "404.html".to_owned(),
        Page::Section(si) => site.section_href(si),
        Page::SectionPage(si, p) => site.section_page_href(si, p),
        Page::Source(si) => format!("sources/{}.html", site.sources[si].id),
    }
}

/// The path from a page to the site root: "", "../", or the base URL on the 404 page (served at any depth).
pub fn page_root(site: &Site, page: Page) -> String {
    match (page, &site.meta.base_url) {
        (Page::NotFound, Some(b)) => b.clone(),
        (
            Page::Sources
            | Page::SourcesPage(_)
            | Page::Section(_)
            | Page::SectionPage(..)
            | Page::Source(_),
            _,
        ) => "../".to_owned(),
        _ => String::new(),
    }
}

/// The site navigation's item for a page (its root-relative path), or "" for a page outside the navigation.
pub fn nav_current(site: &Site, page: Page) -> String {
    match page {
        Page::Section(si) | Page::SectionPage(si, _) => site.section_href(si),
        Page::Timeline | Page::Matrix | Page::Entities | Page::Sources | Page::About => {
            page_path(site, page)
        }
        Page::MatrixPage(_) => page_path(site, Page::Matrix),
        Page::SourcesPage(_) => page_path(site, Page::Sources),
        _ => String::new(),
    }
}

/// The context of the theme's `nav.html`: it sees only the site, the page's root and its navigation item, so
/// one rendering serves every page with the same two.
pub fn nav_context(site: &Site, ui: &Ui, root: &str, current: &str) -> Context {
    let mut c = Context::new();
    c.insert(super::i18n::UI_VAR, &ui.tag);
    c.insert("site", &site_view(site));
    c.insert("root", root);
    c.insert("current", current);
    c
}

/// Fills `c` with the context of the page at `path` (its [`page_path`]); returns its template's name.
pub(super) fn page_context(
    site: &Site,
    labels: &Labels,
    page: Page,
    path: &str,
    c: &mut PageContext,
) -> &'static str {
    c.insert_shared("site", &labels.site, labels.site_digest);
    c.insert_shared(
        "js_messages",
        &labels.js_messages,
        labels.js_messages_digest,
    );
    c.insert(super::i18n::UI_VAR, &labels.ui.tag);
    let ui = &labels.ui;
    let (template, title, kind) = match page {
        Page::Index => {
            index(site, labels, c);
            c.insert("publication", &meta::publication(site, ui));
            ("index.html", site.meta.title.clone(), "index")
        }
        Page::Sources | Page::SourcesPage(_) => {
            let p = if let Page::SourcesPage(p) = page {
                p
            } else {
                0
            };
            let breaks = &labels.sources_breaks;
            let pager = Pager::new(breaks.len() + 1, p, |p| {
                page_path(
                    site,
                    if p == 0 {
                        Page::Sources
                    } else {
                        Page::SourcesPage(p)
                    },
                )
            });
            sources_index(site, labels, page_range(breaks, p, site.sources.len()), c);
            let title = paged_title(labels, ui.t("sources-title"), &pager);
            c.insert("pager", &pager);
            ("sources.html", title, "sources")
        }
        Page::Matrix | Page::MatrixPage(_) => {
            let p = if let Page::MatrixPage(p) = page { p } else { 0 };
            let breaks = &labels.matrix_breaks;
            let entries = site.sections.iter().map(|s| s.entries.len()).sum();
            let pager = Pager::new(breaks.len() + 1, p, |p| {
                page_path(
                    site,
                    if p == 0 {
                        Page::Matrix
                    } else {
                        Page::MatrixPage(p)
                    },
                )
            });
            matrix(site, labels, page_range(breaks, p, entries), c);
            let title = paged_title(labels, ui.t("matrix-title"), &pager);
            c.insert("pager", &pager);
            ("corroboration.html", title, "matrix")
        }
        Page::Entities => {
            entities(site, labels, c);
            ("entities.html", ui.t("entities-title"), "entities")
        }
        Page::Search => ("search.html", ui.t("search-title"), "search"),
        Page::Timeline => {
            let moments: Vec<MomentView> = (0..site.timeline.len())
                .map(|m| moment_view(site, labels, m, ""))
                .collect();
            c.insert("moments", &moments);
            ("timeline.html", ui.t("timeline-title"), "timeline")
        }
        Page::About => {
            c.insert("discrepancy_count", &discrepancies(site).len());
            c.insert("publication", &meta::publication(site, ui));
            ("about.html", ui.t("about-title"), "about")
        }
        Page::NotFound => ("404.html", ui.t("notfound-title"), "notfound"),
        Page::Section(si) => section_page(site, labels, si, 0, c),
        Page::SectionPage(si, p) => section_page(site, labels, si, p, c),
        Page::Source(si) => {
            source_page(site, labels, si, c);
            (
                "source.html",
                site.sources[si].front.title.clone(),
                "source",
            )
        }
    };
    // The 404 page stands for no address of its own: no canonical link.
    let canonical = site
        .meta
        .base_url
        .as_ref()
        .filter(|_| !matches!(page, Page::NotFound))
        .map(|b| {
            let p = path.strip_suffix("index.html").unwrap_or(path);
            format!("{b}{p}")
        });
    let root = page_root(site, page);
    let head = meta::head(site, labels, page, &title);
    c.insert(
        "page",
        &PageView {
            title: &title,
            root,
            path,
            canonical,
            description: head.description,
            kind,
            full_title: head.full_title,
            image: head.image,
            jsonld: head.jsonld,
        },
    );
    template
}

/// Page `page` (0-based) of section `si`: its entries, and a pager when the section has several pages.
fn section_page(
    site: &Site,
    labels: &Labels,
    si: usize,
    page: usize,
    c: &mut PageContext,
) -> (&'static str, String, &'static str) {
    let section = &site.sections[si];
    let entries: Vec<EntryView> = site
        .section_page_entries(si, page)
        .map(|ei| entry_view(site, labels, (si, ei), "../"))
        .collect();
    c.insert("section", &nav(site, si));
    c.insert_text(
        "summary_html",
        tera::Value::from(md(&section.summary, site, "../")),
    );
    c.insert("number", &(si + 1));
    c.insert("entries", &entries);
    let prev = si.checked_sub(1).map(|p| nav(site, p));
    let next = (si + 1 < site.sections.len()).then(|| nav(site, si + 1));
    c.insert("prev", &prev);
    c.insert("next", &next);
    let pager = Pager::new(site.section_page_count(si), page, |p| {
        site.section_page_href(si, p)
    });
    let title = paged_title(labels, section.title.clone(), &pager);
    c.insert("pager", &pager);
    ("section.html", title, "section")
}

/// `title`, with the page number when the list has several pages.
fn paged_title(labels: &Labels, title: String, pager: &Option<Pager>) -> String {
    match pager {
        // A theme's own locale from before pages may lack the message: the number is still worth giving.
        Some(p) if !labels.ui.has("pages-title") => format!("{title} ({}/{})", p.number, p.total),
        Some(p) => labels.ui.t_with(
            "pages-title",
            &[
                ("title", Arg::from(title.as_str())),
                ("number", Arg::from(p.number)),
                ("total", Arg::from(p.total)),
            ],
        ),
        None => title,
    }
}

/// The items on page `page` (0-based) of a list of `len` items whose pages 2, 3... start at `breaks`.
fn page_range(breaks: &[usize], page: usize, len: usize) -> std::ops::Range<usize> {
    let start = if page == 0 { 0 } else { breaks[page - 1] };
    start..breaks.get(page).copied().unwrap_or(len)
}

/// `<stem>.<n>.html`, the path of page `page` (0-based, at least 1) of a list.
fn numbered(stem: &str, page: usize) -> String {
    [stem, ".", itoa::Buffer::new().format(page + 1), ".html"].concat()
}

/// The pages of a list split over several pages, for the page `number` of `total`.
#[derive(Serialize)]
pub(super) struct Pager {
    /// 1-based.
    number: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    /// The first and last pages and those near this one, in order; `None` stands for a gap.
    pages: Vec<Option<PagerLink>>,
}

#[derive(Serialize)]
pub(super) struct PagerLink {
    number: usize,
    /// Root-relative.
    href: String,
    current: bool,
}

impl Pager {
    /// The pager of page `page` (0-based) of `total`, each page's root-relative path from `href`; `None` for a
    /// single page.
    pub(super) fn new(total: usize, page: usize, href: impl Fn(usize) -> String) -> Option<Pager> {
        if total < 2 {
            return None;
        }
        // Around this page, and the ends: a few dozen links at most, however many pages.
        let shown = |p: usize| p == 0 || p + 1 == total || p.abs_diff(page) <= 3;
        let mut pages = Vec::new();
        for p in 0..total {
            if shown(p) {
                pages.push(Some(PagerLink {
                    number: p + 1,
                    href: href(p),
                    current: p == page,
                }));
            } else if pages.last().is_some_and(Option::is_some) {
                pages.push(None);
            }
        }
        Some(Pager {
            number: page + 1,
            total,
            prev: page.checked_sub(1).map(&href),
            next: (page + 1 < total).then(|| href(page + 1)),
            pages,
        })
    }
}

pub(super) fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.meta.title,
        subtitle: site.meta.subtitle.as_deref(),
        description: site.meta.description.as_deref().unwrap_or(""),
        language: &site.meta.language,
        dir: super::i18n::direction(&site.meta.language),
        base_url: site.meta.base_url.as_deref(),
        sections: (0..site.sections.len()).map(|i| nav(site, i)).collect(),
        has_entities: !site.entities.is_empty(),
        has_timeline: !site.timeline.is_empty(),
    }
}

pub(super) fn nav(site: &Site, section: usize) -> NavItem<'_> {
    NavItem {
        title: &site.sections[section].title,
        href: site.section_href(section),
        id: &site.sections[section].id,
    }
}

/// (css name, message id of the label) of an entry kind.
pub(super) fn kind_names(kind: EntryKind) -> (&'static str, &'static str) {
    match kind {
        EntryKind::Fact => ("fact", "kind-fact"),
        EntryKind::Claim => ("claim", "kind-claim"),
        EntryKind::Context => ("context", "kind-context"),
        EntryKind::Discrepancy => ("discrepancy", "kind-discrepancy"),
    }
}

pub use super::labels::status_names;

/// Who a reader should credit: the originating outlet, and the publisher it came through.
pub(super) fn credit(ui: &Ui, front: &crate::resolve::SourceFront) -> String {
    match &front.origin {
        Some(origin) if origin != &front.outlet => ui.t_with(
            "credit-via",
            &[
                ("origin", Arg::from(origin.as_str())),
                ("outlet", Arg::from(front.outlet.as_str())),
            ],
        ),
        _ => front.outlet.clone(),
    }
}
