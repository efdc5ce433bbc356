//! What a page says about itself in its `<head>` (full title, description, social card, JSON-LD), and the
//! dossier's publication record (byline, dates, corrections) shown on the front and about pages.

use serde::Serialize;

use super::*;
use crate::render::markdown::{plain_text, truncate_words};

/// Longest meta description, in characters: what search engines show.
const DESCRIPTION_MAX: usize = 200;

/// The head of one page.
pub(super) struct Head {
    /// `<title>` and `og:title`.
    pub full_title: String,
    /// `<meta name="description">`: different on every page.
    pub description: String,
    /// The social card's absolute URL (only with a base URL: Open Graph wants absolute addresses).
    pub image: Option<String>,
    /// The schema.org graph (front page only).
    pub jsonld: Option<String>,
}

/// The path of the social card a page shares: its section's, or the front page's.
pub fn card_path(site: &Site, page: Page) -> String {
    match page {
        Page::Section(si) => format!("cards/{}.png", site.sections[si].id),
        _ => "cards/index.png".to_owned(),
    }
}

/// What the social card of the front page (`None`) or of a section says.
pub fn card(site: &Site, ui: &Ui, section: Option<usize>) -> crate::render::card::Card {
    let points: usize = site.sections.iter().map(|s| s.entries.len()).sum();
    let (kicker, title) = match section {
        Some(si) => (site.meta.title.clone(), site.sections[si].title.clone()),
        None => (
            site.meta.subtitle.clone().unwrap_or_default(),
            site.meta.title.clone(),
        ),
    };
    let footer = match section {
        Some(si) => ui.t_with(
            "card-section",
            &[
                ("number", Arg::from(si + 1)),
                ("total", Arg::from(site.sections.len())),
                ("points", Arg::from(site.sections[si].entries.len())),
            ],
        ),
        None => ui.t_with(
            "card-counts",
            &[
                ("sources", Arg::from(site.sources.len())),
                ("points", Arg::from(points)),
            ],
        ),
    };
    crate::render::card::Card {
        kicker,
        title,
        footer,
        rtl: super::super::i18n::direction(&site.meta.language) == "rtl",
    }
}

pub(super) fn head(site: &Site, labels: &Labels, page: Page, title: &str) -> Head {
    let ui = &labels.ui;
    let dossier = site.meta.title.as_str();
    let arg = Arg::from;
    let entries: usize = site.sections.iter().map(|s| s.entries.len()).sum();
    // A later page of a long list is described as its first page, with its own title in front (below).
    let first_page = match page {
        Page::SectionPage(si, _) => Page::Section(si),
        Page::MatrixPage(_) => Page::Matrix,
        Page::SourcesPage(_) => Page::Sources,
        other => other,
    };
    let description = match first_page {
        Page::Index => index_description(site),
        Page::Section(si) => {
            let s = &site.sections[si];
            let summary = plain_text(&s.summary);
            if summary.is_empty() {
                ui.t_with(
                    "meta-section",
                    &[
                        ("title", arg(s.title.as_str())),
                        ("number", Arg::from(si + 1)),
                        ("dossier", arg(dossier)),
                    ],
                )
            } else {
                summary
            }
        }
        Page::Source(si) => {
            let s = &site.sources[si];
            ui.t_with(
                "meta-source",
                &[
                    ("credit", arg(labels.credit[si].as_str())),
                    ("headline", arg(s.front.title.as_str())),
                    ("date", arg(labels.published[si].as_str())),
                    ("passages", Arg::from(s.passages.len())),
                    ("dossier", arg(dossier)),
                ],
            )
        }
        Page::Sources => ui.t_with(
            "meta-sources",
            &[
                ("count", Arg::from(site.sources.len())),
                ("dossier", arg(dossier)),
            ],
        ),
        Page::Matrix => ui.t_with(
            "meta-matrix",
            &[
                ("count", Arg::from(entries)),
                ("sources", Arg::from(site.sources.len())),
                ("dossier", arg(dossier)),
            ],
        ),
        Page::Entities => ui.t_with(
            "meta-entities",
            &[
                ("count", Arg::from(site.entities.len())),
                ("dossier", arg(dossier)),
            ],
        ),
        Page::Timeline => ui.t_with(
            "meta-timeline",
            &[
                ("count", Arg::from(site.timeline.len())),
                ("dossier", arg(dossier)),
            ],
        ),
        Page::Search => ui.t_with("meta-search", &[("dossier", arg(dossier))]),
        Page::About => ui.t_with("meta-about", &[("dossier", arg(dossier))]),
        Page::NotFound => ui.t_with("meta-notfound", &[("dossier", arg(dossier))]),
        // Mapped to their first page above.
        Page::SectionPage(..) | Page::MatrixPage(_) | Page::SourcesPage(_) => String::new(),
    };
    let later_page = matches!(
        page,
        Page::SectionPage(..) | Page::MatrixPage(_) | Page::SourcesPage(_)
    );
    let description = if later_page {
        format!("{title}: {description}")
    } else {
        description
    };
    let full_title = match page {
        Page::Index => dossier.to_owned(),
        Page::Source(si) => {
            let f = &site.sources[si].front;
            ui.t_with(
                "source-page-title",
                &[
                    ("outlet", arg(f.origin.as_deref().unwrap_or(&f.outlet))),
                    ("headline", arg(f.title.as_str())),
                    ("dossier", arg(dossier)),
                ],
            )
        }
        _ => format!("{title} · {dossier}"),
    };
    let image = match (&site.meta.base_url, page) {
        // The 404 page is not shared.
        (_, Page::NotFound) | (None, _) => None,
        (Some(base), _) => Some(format!("{base}{}", card_path(site, page))),
    };
    let description = truncate_words(&description, DESCRIPTION_MAX);
    let jsonld = matches!(page, Page::Index)
        .then(|| crate::render::jsonld::site_graph(site, &description, image.as_deref()));
    Head {
        full_title,
        description,
        image,
        jsonld,
    }
}

/// The front page's description: the dossier's `description`, else its intro's words, else its subtitle.
fn index_description(site: &Site) -> String {
    let meta = &site.meta;
    match meta.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => d.to_owned(),
        _ => {
            let intro = plain_text(&meta.intro);
            if intro.is_empty() {
                meta.subtitle.clone().unwrap_or_else(|| meta.title.clone())
            } else {
                intro
            }
        }
    }
}

/// The byline, dates and corrections, in the interface language; parts not given are absent.
#[derive(Serialize)]
pub(super) struct PublicationView {
    /// "By A (editor) and B".
    byline: Option<String>,
    published: Option<String>,
    published_iso: Option<String>,
    updated: Option<String>,
    updated_iso: Option<String>,
    corrections: Vec<CorrectionView>,
}

#[derive(Serialize)]
struct CorrectionView {
    date: String,
    date_iso: String,
    text: String,
}

pub(super) fn publication(site: &Site, ui: &Ui) -> PublicationView {
    let meta = &site.meta;
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let names: Vec<String> = meta
        .authors
        .iter()
        .map(|a| match &a.role {
            Some(role) => ui.t_with(
                "author-with-role",
                &[
                    ("name", Arg::from(a.name.as_str())),
                    ("role", Arg::from(role.as_str())),
                ],
            ),
            None => a.name.clone(),
        })
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    PublicationView {
        byline: (!names.is_empty()).then(|| {
            ui.t_with(
                "byline",
                &[("names", Arg::from(ui.list_and(&names).as_str()))],
            )
        }),
        published: meta.published.map(|d| ui.date(d)),
        published_iso: meta.published.map(iso),
        updated: meta.updated.map(|d| ui.date(d)),
        updated_iso: meta.updated.map(iso),
        corrections: meta
            .corrections
            .iter()
            .map(|c| CorrectionView {
                date: ui.date(c.date),
                date_iso: iso(c.date),
                text: c.text.clone(),
            })
            .collect(),
    }
}
