//! The list of sources and each source's page.

use serde::Serialize;

use super::*;

#[derive(Serialize)]
pub(super) struct SourceView<'a> {
    id: &'a str,
    href: String,
    title: &'a str,
    outlet: &'a str,
    credit: &'a str,
    outlet_inferred: bool,
    origin: Option<&'a str>,
    origin_inferred: bool,
    byline: Option<&'a str>,
    published: &'a str,
    published_iso: &'a str,
    published_inferred: bool,
    url: Option<&'a str>,
    language: &'a str,
    /// `ltr` or `rtl`, from the source's language.
    dir: &'static str,
    provenance: Option<&'a str>,
    passage_count: usize,
    entry_count: usize,
    furniture_count: usize,
}

pub(super) fn source_view<'a>(site: &'a Site, labels: &'a Labels, si: usize) -> SourceView<'a> {
    let s = &site.sources[si];
    let f = &s.front;
    let mut entries: Vec<Citer> = s
        .passages
        .iter()
        .flat_map(|&p| site.passage(p).citations.iter().map(|c| c.citer))
        .filter(|c| matches!(c, Citer::Entry(..)))
        .collect();
    entries.sort_unstable();
    entries.dedup();
    SourceView {
        id: &s.id,
        href: format!("sources/{}.html", s.id),
        title: &f.title,
        outlet: &f.outlet,
        credit: &labels.credit[si],
        outlet_inferred: f.outlet_inferred,
        origin: f.origin.as_deref(),
        origin_inferred: f.origin_inferred,
        byline: f.byline.as_deref(),
        published: &labels.published[si],
        published_iso: &labels.published_iso[si],
        published_inferred: f.published_inferred,
        url: f.url.as_deref(),
        language: &f.language,
        dir: crate::render::i18n::direction(&f.language),
        provenance: f.provenance.as_deref(),
        passage_count: s.passages.len(),
        entry_count: entries.len(),
        furniture_count: s.lines.iter().filter(|l| l.furniture).count(),
    }
}

/// A run of this source's wording that another source shares, for the list under the text.
#[derive(Serialize)]
struct SharedView<'a> {
    /// `#p-<n>`: the paragraph here where it starts.
    here: String,
    /// Its first words.
    start: String,
    /// The other source's page, at the paragraph where the run starts there.
    href: String,
    /// The other source's title.
    title: &'a str,
    /// Its length in words.
    words: usize,
}

/// How many words of a shared run the list quotes.
const SHARED_QUOTED_WORDS: usize = 8;

/// At most this many shared passages are listed on a source page (all of them are in `dossier.json`): a text
/// that many others reprint would otherwise carry a list longer than itself.
const SHARED_LISTED: usize = 20;

fn shared_views(site: &Site, si: usize) -> Vec<SharedView<'_>> {
    let paragraph = |source: usize, at: usize| {
        site.sources[source]
            .lines
            .partition_point(|l| l.range.end <= at)
            + 1
    };
    site.shared_of(si)
        .into_iter()
        .take(SHARED_LISTED)
        .map(|(here, there)| {
            let text = &site.sources[si].text[here.range.clone()];
            let start: Vec<&str> = text.split_whitespace().take(SHARED_QUOTED_WORDS).collect();
            let other = &site.sources[there.source];
            SharedView {
                here: format!("#p-{}", paragraph(si, here.range.start)),
                start: start.join(" "),
                href: format!(
                    "{}.html#p-{}",
                    other.id,
                    paragraph(there.source, there.range.start)
                ),
                title: &other.front.title,
                words: here.words.len(),
            }
        })
        .collect()
}

/// The context of source `si`'s page but its text (`text_html`, see [`source_text_html`]), which is the
/// costly part: an incremental build keys the page on its text's inputs instead.
pub(super) fn source_page(site: &Site, labels: &Labels, si: usize, c: &mut PageContext) {
    c.insert("source", &source_view(site, labels, si));
    c.insert("shared", &shared_views(site, si));
    c.insert(
        "shared_more",
        &site
            .shared_by_source
            .get(si)
            .map_or(0, Vec::len)
            .saturating_sub(SHARED_LISTED),
    );
    c.insert(
        "shared_unlisted",
        &site.shared_unlisted.get(si).copied().unwrap_or(0),
    );
    let prev = si.checked_sub(1).map(|p| source_nav(site, labels, p));
    let next = (si + 1 < site.sources.len()).then(|| source_nav(site, labels, si + 1));
    c.insert("prev", &prev);
    c.insert("next", &next);
}

/// Puts source `si`'s text, as HTML, in its page's context.
pub fn source_text_html(site: &Site, labels: &Labels, si: usize, c: &mut tera::Context) {
    let root = crate::render::source_text::SOURCE_PAGE_ROOT;
    let html = crate::render::source_text::render(site, &labels.ui, si, root);
    c.insert_value("text_html", tera::Value::from(html));
}

pub(super) fn source_nav<'a>(site: &'a Site, labels: &'a Labels, si: usize) -> NavItem<'a> {
    let s = &site.sources[si];
    NavItem {
        title: &labels.heading[si],
        href: format!("sources/{}.html", s.id),
        id: &s.id,
    }
}

pub(super) fn sources_index(
    site: &Site,
    labels: &Labels,
    range: std::ops::Range<usize>,
    c: &mut PageContext,
) {
    c.insert("source_total", &site.sources.len());
    let sources: Vec<SourceView> = range.map(|i| source_view(site, labels, i)).collect();
    c.insert("sources", &sources);
}
