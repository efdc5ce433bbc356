//! What each template sees: small serialisable views built from the site model, one page at a time.

use serde::Serialize;
use tera::Context;

use std::sync::Arc;

use super::i18n::{Arg, Ui};
use super::markdown::render as md;
use super::source_text::{stance_class, stance_label};
use super::{insert, Page};
use crate::resolve::{Citer, ClaimStatus, EntryKind, Evidence, Site, Stance};

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
    /// The page script's messages (JSON), shared by every page.
    js_messages: tera::Value,
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
            js_messages: tera::Value::safe_string(&ui.js_messages()),
            ui,
        }
    }
}

#[derive(Serialize)]
struct SiteView<'a> {
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
struct NavItem<'a> {
    title: &'a str,
    href: String,
    id: &'a str,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    /// Path to the site root from this page: "" or "../" (the base URL on the 404 page, when set).
    root: String,
    /// Root-relative path of this page.
    path: &'a str,
    canonical: Option<String>,
    description: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct EntryView<'a> {
    id: &'a str,
    href: String,
    kind: &'static str,
    kind_label: String,
    title: &'a str,
    body_html: String,
    claimant: Option<&'a str>,
    status: Option<&'static str>,
    status_label: Option<String>,
    groups: Vec<EvidenceGroup<'a>>,
    evidence_count: usize,
    source_count: usize,
    claim_review: Option<String>,
}

#[derive(Serialize)]
struct EvidenceGroup<'a> {
    stance: &'static str,
    label: String,
    items: Vec<EvidenceView<'a>>,
}

#[derive(Serialize)]
struct EvidenceView<'a> {
    id: String,
    credit: &'a str,
    published: &'a str,
    href: String,
    paragraphs: Vec<&'a str>,
    note: Option<&'a str>,
    stance: &'static str,
    /// The passage in the original article (a text fragment link), when the source has a `url`.
    original: Option<&'a str>,
}

#[derive(Serialize)]
struct MomentView<'a> {
    id: &'a str,
    date: String,
    datetime: String,
    /// Weekday and date, in the order and words of the interface language.
    weekday_date: String,
    time: Option<String>,
    timezone: Option<String>,
    when: Option<String>,
    title: String,
    body_html: String,
    key: bool,
    entry: Option<NavItem<'a>>,
    evidence: Vec<EvidenceView<'a>>,
}

/// The output path of a page, relative to the site root.
pub fn page_path(site: &Site, page: Page) -> String {
    match page {
        Page::Index => "index.html".to_owned(),
        Page::Sources => "sources/index.html".to_owned(),
        Page::Matrix => "corroboration.html".to_owned(),
        Page::Entities => "entities.html".to_owned(),
        Page::Search => "search.html".to_owned(),
        Page::Timeline => "timeline.html".to_owned(),
        Page::About => "about.html".to_owned(),
        Page::NotFound => "404.html".to_owned(),
        Page::Section(si) => site.section_href(si),
        Page::Source(si) => format!("sources/{}.html", site.sources[si].id),
    }
}

/// The path from a page to the site root: "", "../", or the base URL on the 404 page (served at any depth).
pub fn page_root(site: &Site, page: Page) -> String {
    match (page, &site.meta.base_url) {
        (Page::NotFound, Some(b)) => b.clone(),
        (Page::Sources | Page::Section(_) | Page::Source(_), _) => "../".to_owned(),
        _ => String::new(),
    }
}

/// The site navigation's item for a page (its root-relative path), or "" for a page outside the navigation.
pub fn nav_current(site: &Site, page: Page) -> String {
    match page {
        Page::Section(si) => site.section_href(si),
        Page::Timeline | Page::Matrix | Page::Entities | Page::Sources | Page::About => {
            page_path(site, page)
        }
        _ => String::new(),
    }
}

/// The context of the theme's `nav.html`: it sees only the site, the page's root and its navigation item, so
/// one rendering serves every page with the same two.
pub fn nav_context(site: &Site, ui: &Ui, root: &str, current: &str) -> Context {
    let mut c = Context::new();
    insert(&mut c, super::i18n::UI_VAR, &ui.tag);
    insert(&mut c, "site", &site_view(site));
    insert(&mut c, "root", root);
    insert(&mut c, "current", current);
    c
}

/// Returns (template name, context) for a page at `path` (its [`page_path`]).
pub fn page_context(
    site: &Site,
    labels: &Labels,
    page: Page,
    path: &str,
) -> (&'static str, Context) {
    let mut c = Context::new();
    c.insert_value("site", labels.site.clone());
    c.insert_value("js_messages", labels.js_messages.clone());
    insert(&mut c, super::i18n::UI_VAR, &labels.ui.tag);
    let ui = &labels.ui;
    let description = site.meta.description.as_deref().unwrap_or_default();
    let (template, title, kind) = match page {
        Page::Index => {
            index(site, labels, &mut c);
            ("index.html", site.meta.title.clone(), "index")
        }
        Page::Sources => {
            sources_index(site, labels, &mut c);
            ("sources.html", ui.t("sources-title"), "sources")
        }
        Page::Matrix => {
            matrix(site, labels, &mut c);
            ("corroboration.html", ui.t("matrix-title"), "matrix")
        }
        Page::Entities => {
            entities(site, labels, &mut c);
            ("entities.html", ui.t("entities-title"), "entities")
        }
        Page::Search => ("search.html", ui.t("search-title"), "search"),
        Page::Timeline => {
            let moments: Vec<MomentView> = (0..site.timeline.len())
                .map(|m| moment_view(site, labels, m, ""))
                .collect();
            insert(&mut c, "moments", &moments);
            ("timeline.html", ui.t("timeline-title"), "timeline")
        }
        Page::About => ("about.html", ui.t("about-title"), "about"),
        Page::NotFound => ("404.html", ui.t("notfound-title"), "notfound"),
        Page::Section(si) => {
            let section = &site.sections[si];
            let entries: Vec<EntryView> = (0..section.entries.len())
                .map(|ei| entry_view(site, labels, (si, ei), "../"))
                .collect();
            insert(&mut c, "section", &nav(site, si));
            insert_string(&mut c, "summary_html", md(&section.summary, site, "../"));
            insert(&mut c, "number", &(si + 1));
            insert(&mut c, "entries", &entries);
            let prev = si.checked_sub(1).map(|p| nav(site, p));
            let next = (si + 1 < site.sections.len()).then(|| nav(site, si + 1));
            insert(&mut c, "prev", &prev);
            insert(&mut c, "next", &next);
            ("section.html", section.title.clone(), "section")
        }
        Page::Source(si) => {
            source_page(site, labels, si, &mut c);
            (
                "source.html",
                site.sources[si].front.title.clone(),
                "source",
            )
        }
    };
    let canonical = site.meta.base_url.as_ref().map(|b| {
        let p = path.strip_suffix("index.html").unwrap_or(path);
        format!("{b}{p}")
    });
    let root = page_root(site, page);
    insert(
        &mut c,
        "page",
        &PageView {
            title: &title,
            root,
            path,
            canonical,
            description,
            kind,
        },
    );
    (template, c)
}

/// Inserts a long string (a page's text, a rendered body) without serialising it.
fn insert_string(c: &mut Context, key: &'static str, value: String) {
    c.insert_value(key, tera::Value::from(value));
}

fn site_view(site: &Site) -> SiteView<'_> {
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

fn nav(site: &Site, section: usize) -> NavItem<'_> {
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

/// (css name, message id of the badge label) of a claim status.
pub fn status_names(status: ClaimStatus) -> (&'static str, &'static str) {
    match status {
        ClaimStatus::Confirmed => ("confirmed", "status-confirmed"),
        ClaimStatus::Unconfirmed => ("unconfirmed", "status-unconfirmed"),
        ClaimStatus::Disputed => ("disputed", "status-disputed"),
        ClaimStatus::Denied => ("denied", "status-denied"),
    }
}

fn entry_view<'a>(
    site: &'a Site,
    labels: &'a Labels,
    key: (usize, usize),
    root: &str,
) -> EntryView<'a> {
    let e = site.entry(key);
    let ui = &labels.ui;
    let (kind, kind_label) = kind_names(e.kind);
    let mut groups = Vec::new();
    for (stance, label) in [
        (Stance::Supports, "evidence-supporting"),
        (Stance::Disputes, "evidence-disputing"),
        (Stance::Context, "evidence-context"),
    ] {
        let items: Vec<EvidenceView> = e
            .evidence
            .iter()
            .enumerate()
            .filter(|(_, ev)| ev.stance == stance)
            .map(|(i, ev)| evidence_view(site, labels, ev, evidence_id("", &e.id, i + 1), root))
            .collect();
        if !items.is_empty() {
            groups.push(EvidenceGroup {
                stance: stance_class(stance),
                label: ui.t(label),
                items,
            });
        }
    }
    let mut outlets: Vec<usize> = e.evidence.iter().map(|ev| ev.source).collect();
    outlets.sort_unstable();
    outlets.dedup();
    EntryView {
        id: &e.id,
        href: site.entry_link(root, key),
        kind,
        kind_label: ui.t(kind_label),
        title: &e.title,
        body_html: md(&e.body, site, root),
        claimant: e.claimant.as_deref(),
        status: e.status.map(|s| status_names(s).0),
        status_label: e.status.map(|s| ui.t(status_names(s).1)),
        groups,
        evidence_count: e.evidence.len(),
        source_count: outlets.len(),
        claim_review: (e.kind == EntryKind::Claim)
            .then(|| super::jsonld::claim_review(site, ui, key)),
    }
}

/// The id of the `n`th (1-based) evidence item of entry or moment `owner`, e.g. `departure-ev-2`, after `prefix`.
pub(super) fn evidence_id(prefix: &str, owner: &str, n: usize) -> String {
    [prefix, owner, "-ev-", itoa::Buffer::new().format(n)].concat()
}

fn evidence_view<'a>(
    site: &'a Site,
    labels: &'a Labels,
    ev: &'a Evidence,
    id: String,
    root: &str,
) -> EvidenceView<'a> {
    EvidenceView {
        id,
        credit: &labels.credit[ev.source],
        published: &labels.published[ev.source],
        href: site.passage_link(root, ev.passage),
        paragraphs: site
            .passage_text(ev.passage)
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect(),
        note: ev.note.as_deref(),
        stance: stance_label(ev.stance),
        original: site.passage(ev.passage).original.as_deref(),
    }
}

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

fn moment_view<'a>(site: &'a Site, labels: &'a Labels, m: usize, root: &str) -> MomentView<'a> {
    let moment = &site.timeline[m];
    MomentView {
        id: &moment.id,
        date: labels.ui.date(moment.date),
        datetime: match &moment.time {
            Some(t) => format!("{}T{t}", moment.date.format("%Y-%m-%d")),
            None => moment.date.format("%Y-%m-%d").to_string(),
        },
        weekday_date: labels.ui.weekday_date(moment.date),
        time: moment.time.clone(),
        timezone: moment.timezone.clone(),
        when: moment.when.clone(),
        title: moment.title.clone(),
        body_html: md(&moment.body, site, root),
        key: moment.key,
        entry: moment.entry.map(|k| NavItem {
            title: &site.entry(k).title,
            href: site.entry_link(root, k),
            id: &site.entry(k).id,
        }),
        evidence: moment
            .evidence
            .iter()
            .enumerate()
            .map(|(i, ev)| {
                evidence_view(site, labels, ev, evidence_id("", &moment.id, i + 1), root)
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct SectionCard {
    title: String,
    href: String,
    summary_html: String,
    entry_count: usize,
    claim_count: usize,
    lead: Vec<LeadEntry>,
}

#[derive(Serialize)]
struct LeadEntry {
    title: String,
    href: String,
    kind: &'static str,
    kind_label: String,
    status: Option<&'static str>,
    status_label: Option<String>,
}

#[derive(Serialize)]
struct Counts {
    sources: usize,
    sections: usize,
    entries: usize,
    claims: usize,
    passages: usize,
    evidence: usize,
    by_status: Vec<StatusCount>,
    /// Entries that rest on one source.
    single: usize,
}

#[derive(Serialize)]
struct StatusCount {
    status: &'static str,
    /// "3 confirmed", in the interface language.
    label: String,
    count: usize,
}

fn index(site: &Site, labels: &Labels, c: &mut Context) {
    let ui = &labels.ui;
    insert(c, "intro_html", &md(&site.meta.intro, site, ""));
    let cards: Vec<SectionCard> = site
        .sections
        .iter()
        .enumerate()
        .map(|(si, s)| SectionCard {
            title: s.title.clone(),
            href: site.section_href(si),
            summary_html: md(&s.summary, site, ""),
            entry_count: s.entries.len(),
            claim_count: s
                .entries
                .iter()
                .filter(|e| e.kind == EntryKind::Claim)
                .count(),
            lead: s
                .entries
                .iter()
                .enumerate()
                .take(3)
                .map(|(ei, e)| {
                    let (kind, kind_label) = kind_names(e.kind);
                    LeadEntry {
                        title: e.title.clone(),
                        href: site.entry_href((si, ei)),
                        kind,
                        kind_label: ui.t(kind_label),
                        status: e.status.map(|s| status_names(s).0),
                        status_label: e.status.map(|s| ui.t(status_names(s).1)),
                    }
                })
                .collect(),
        })
        .collect();
    insert(c, "sections", &cards);
    let entries = site.sections.iter().flat_map(|s| &s.entries);
    let by_status = [
        ClaimStatus::Confirmed,
        ClaimStatus::Unconfirmed,
        ClaimStatus::Disputed,
        ClaimStatus::Denied,
    ]
    .into_iter()
    .map(|st| {
        let count = entries.clone().filter(|e| e.status == Some(st)).count();
        let (status, key) = match st {
            ClaimStatus::Confirmed => ("confirmed", "claims-confirmed"),
            ClaimStatus::Unconfirmed => ("unconfirmed", "claims-unconfirmed"),
            ClaimStatus::Disputed => ("disputed", "claims-disputed"),
            ClaimStatus::Denied => ("denied", "claims-denied"),
        };
        StatusCount {
            status,
            label: ui.t_with(key, &[("count", Arg::from(count))]),
            count,
        }
    })
    .collect();
    insert(
        c,
        "counts",
        &Counts {
            sources: site.sources.len(),
            sections: site.sections.len(),
            entries: entries.clone().count(),
            claims: entries
                .clone()
                .filter(|e| e.kind == EntryKind::Claim)
                .count(),
            passages: site.passages.len(),
            evidence: entries.clone().map(|e| e.evidence.len()).sum(),
            by_status,
            single: entries
                .clone()
                .filter(|e| {
                    let mut s: Vec<usize> = e.evidence.iter().map(|ev| ev.source).collect();
                    s.sort_unstable();
                    s.dedup();
                    s.len() == 1
                })
                .count(),
        },
    );
    let key: Vec<MomentView> = (0..site.timeline.len())
        .filter(|&m| site.timeline[m].key)
        .map(|m| moment_view(site, labels, m, ""))
        .collect();
    insert(c, "key_moments", &key);
    insert(c, "moment_count", &site.timeline.len());
}

#[derive(Serialize)]
struct SourceView<'a> {
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

fn source_view<'a>(site: &'a Site, labels: &'a Labels, si: usize) -> SourceView<'a> {
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
        dir: super::i18n::direction(&f.language),
        provenance: f.provenance.as_deref(),
        passage_count: s.passages.len(),
        entry_count: entries.len(),
        furniture_count: s.lines.iter().filter(|l| l.furniture).count(),
    }
}

fn source_page(site: &Site, labels: &Labels, si: usize, c: &mut Context) {
    insert(c, "source", &source_view(site, labels, si));
    insert_string(
        c,
        "text_html",
        super::source_text::render(site, &labels.ui, si, "../"),
    );
    let prev = si.checked_sub(1).map(|p| source_nav(site, labels, p));
    let next = (si + 1 < site.sources.len()).then(|| source_nav(site, labels, si + 1));
    insert(c, "prev", &prev);
    insert(c, "next", &next);
}

fn source_nav<'a>(site: &'a Site, labels: &'a Labels, si: usize) -> NavItem<'a> {
    let s = &site.sources[si];
    NavItem {
        title: &labels.heading[si],
        href: format!("sources/{}.html", s.id),
        id: &s.id,
    }
}

#[derive(Serialize)]
struct MatrixSection<'a> {
    title: &'a str,
    href: String,
    rows: Vec<MatrixRow<'a>>,
}

#[derive(Serialize)]
struct MatrixRow<'a> {
    title: &'a str,
    href: String,
    kind: &'static str,
    status: Option<&'static str>,
    status_label: Option<String>,
    single_source: bool,
    cells: Vec<MatrixCell<'a>>,
}

#[derive(Serialize)]
struct MatrixCell<'a> {
    /// supports | disputes | context | silent.
    stance: &'static str,
    href: Option<String>,
    count: usize,
    /// What the cell says, for screen readers: "supports, 2 passages".
    label: String,
    /// The source, named in the list form (too many sources for a grid).
    source: Option<CellSource<'a>>,
}

#[derive(Serialize)]
struct CellSource<'a> {
    id: &'a str,
    credit: &'a str,
}

fn sources_index(site: &Site, labels: &Labels, c: &mut Context) {
    let sources: Vec<SourceView> = (0..site.sources.len())
        .map(|i| source_view(site, labels, i))
        .collect();
    insert(c, "sources", &sources);
}

/// Above this many sources the corroboration page lists, per point, only the sources that speak: a full
/// grid would grow with entries x sources and stop being readable long before that.
pub const MATRIX_MAX_SOURCES: usize = 40;

fn matrix(site: &Site, labels: &Labels, c: &mut Context) {
    let grid = site.sources.len() <= MATRIX_MAX_SOURCES;
    let sources: Vec<SourceView> = if grid {
        (0..site.sources.len())
            .map(|i| source_view(site, labels, i))
            .collect()
    } else {
        Vec::new()
    };
    insert(c, "grid", &grid);
    insert(c, "source_total", &site.sources.len());
    insert(c, "sources", &sources);
    let matrix: Vec<MatrixSection> = site
        .sections
        .iter()
        .enumerate()
        .map(|(si, s)| MatrixSection {
            title: &s.title,
            href: site.section_href(si),
            rows: s
                .entries
                .iter()
                .enumerate()
                .map(|(ei, e)| {
                    let cited = cited_sources(&e.evidence);
                    let cells = if grid {
                        let mut next = cited.iter().peekable();
                        (0..site.sources.len())
                            .map(|src| match next.next_if(|c| c.source == src) {
                                Some(c) => c.cell(site, labels),
                                None => MatrixCell {
                                    stance: "silent",
                                    href: None,
                                    count: 0,
                                    label: String::new(),
                                    source: None,
                                },
                            })
                            .collect()
                    } else {
                        cited.iter().map(|c| c.cell(site, labels)).collect()
                    };
                    MatrixRow {
                        title: &e.title,
                        href: site.entry_href((si, ei)),
                        kind: kind_names(e.kind).0,
                        status: e.status.map(|s| status_names(s).0),
                        status_label: e.status.map(|s| labels.ui.t(status_names(s).1)),
                        single_source: cited.len() == 1,
                        cells,
                    }
                })
                .collect(),
        })
        .collect();
    let rows = matrix.iter().flat_map(|s| &s.rows);
    insert(
        c,
        "single",
        &rows.clone().filter(|r| r.single_source).count(),
    );
    insert(c, "total", &rows.count());
    insert(c, "matrix", &matrix);
}

/// One source's say on one entry.
struct CitedSource<'a> {
    source: usize,
    stance: &'static str,
    first: &'a Evidence,
    count: usize,
}

impl CitedSource<'_> {
    fn cell<'s>(&self, site: &'s Site, labels: &'s Labels) -> MatrixCell<'s> {
        let stance = match self.stance {
            "disputes" => "stance-disputes",
            "supports" => "stance-supports",
            _ => "stance-context",
        };
        MatrixCell {
            stance: self.stance,
            href: Some(site.passage_href(self.first.passage)),
            count: self.count,
            label: labels.ui.t_with(
                "matrix-cell",
                &[
                    ("stance", Arg::Str(labels.ui.t(stance))),
                    ("count", Arg::from(self.count)),
                ],
            ),
            source: Some(CellSource {
                id: &site.sources[self.source].id,
                credit: &labels.heading[self.source],
            }),
        }
    }
}

/// The sources an entry cites, in source order, each with its strongest stance: a source that both supports
/// and disputes shows disputes. Linear in the entry's evidence.
fn cited_sources(evidence: &[Evidence]) -> Vec<CitedSource<'_>> {
    let mut order: Vec<&Evidence> = evidence.iter().collect();
    order.sort_by_key(|ev| ev.source);
    let mut out: Vec<CitedSource> = Vec::new();
    for ev in order {
        let rank = |stance: &str| match stance {
            "disputes" => 2,
            "supports" => 1,
            _ => 0,
        };
        let stance = match ev.stance {
            Stance::Disputes => "disputes",
            Stance::Supports => "supports",
            Stance::Context => "context",
        };
        match out.last_mut() {
            Some(last) if last.source == ev.source => {
                last.count += 1;
                if rank(stance) > rank(last.stance) {
                    last.stance = stance;
                }
            }
            _ => out.push(CitedSource {
                source: ev.source,
                stance,
                first: ev,
                count: 1,
            }),
        }
    }
    out
}

#[derive(Serialize)]
struct EntityGroup<'a> {
    id: &'static str,
    title: String,
    entities: Vec<EntityView<'a>>,
}

#[derive(Serialize)]
struct EntityView<'a> {
    id: String,
    name: String,
    native: Option<String>,
    /// BCP 47 tag of the native spelling's script, so it is read and rendered in its language.
    native_lang: Option<&'static str>,
    aliases: Vec<String>,
    description: Option<String>,
    mention_count: usize,
    sources: Vec<EntitySource>,
    entries: Vec<NavItem<'a>>,
}

#[derive(Serialize)]
struct EntitySource {
    credit: String,
    href: String,
    count: usize,
    /// The first mention in context.
    before: String,
    name: String,
    after: String,
    first_href: String,
    /// Further paragraphs that mention it: (paragraph number, href).
    more: Vec<(usize, String)>,
}

/// Up to `chars` characters of `text` next to a mention, cut at a word boundary.
fn context_before(text: &str, chars: usize) -> String {
    let n = text.chars().count();
    if n <= chars {
        return text.trim_start().to_owned();
    }
    let tail: String = text.chars().skip(n - chars).collect();
    match tail.split_once(' ') {
        Some((_, rest)) => format!("…{rest}"),
        None => format!("…{tail}"),
    }
}

fn context_after(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.trim_end().to_owned();
    }
    let head: String = text.chars().take(chars).collect();
    match head.rsplit_once(' ') {
        Some((keep, _)) => format!("{keep}…"),
        None => format!("{head}…"),
    }
}

fn entities(site: &Site, labels: &Labels, c: &mut Context) {
    use crate::resolve::EntityKind;
    let mut groups = Vec::new();
    for (kind, id, title) in [
        (EntityKind::Person, "people", "entities-people"),
        (EntityKind::Place, "places", "entities-places"),
        (
            EntityKind::Organisation,
            "organisations",
            "entities-organisations",
        ),
    ] {
        let list: Vec<EntityView> = site
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| {
                let mut sources: Vec<EntitySource> = Vec::new();
                for m in &e.mentions {
                    let source = &site.sources[m.source];
                    let href = format!("sources/{}.html", source.id);
                    let para = format!("{href}#p-{}", m.line + 1);
                    match sources.last_mut() {
                        Some(s) if s.href == href => {
                            s.count += 1;
                            let n = m.line + 1;
                            if s.first_href != para && s.more.last().is_none_or(|(l, _)| *l != n) {
                                s.more.push((n, para));
                            }
                        }
                        _ => {
                            let line = source.lines[m.line].range.clone();
                            sources.push(EntitySource {
                                credit: labels.credit[m.source].clone(),
                                href,
                                count: 1,
                                before: context_before(&source.text[line.start..m.range.start], 60),
                                name: source.text[m.range.clone()].to_owned(),
                                after: context_after(&source.text[m.range.end..line.end], 60),
                                first_href: para,
                                more: Vec::new(),
                            });
                        }
                    }
                }
                EntityView {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    native: e.native.clone(),
                    native_lang: e.native.as_deref().and_then(script_language),
                    aliases: e.aliases.clone(),
                    description: e.description.clone(),
                    mention_count: e.mentions.len(),
                    sources,
                    entries: e
                        .entries
                        .iter()
                        .map(|&k| NavItem {
                            title: &site.entry(k).title,
                            href: site.entry_href(k),
                            id: &site.entry(k).id,
                        })
                        .collect(),
                }
            })
            .collect();
        if !list.is_empty() {
            groups.push(EntityGroup {
                id,
                title: labels.ui.t(title),
                entities: list,
            });
        }
    }
    insert(c, "groups", &groups);
}

/// The language a name's script most likely belongs to: Hangul is Korean, Cyrillic Russian, kana Japanese,
/// Han characters (without kana or Hangul) Chinese.
fn script_language(name: &str) -> Option<&'static str> {
    let has = |ranges: &[(char, char)]| {
        name.chars()
            .any(|c| ranges.iter().any(|&(a, b)| (a..=b).contains(&c)))
    };
    if has(&[
        ('\u{ac00}', '\u{d7af}'),
        ('\u{1100}', '\u{11ff}'),
        ('\u{3130}', '\u{318f}'),
    ]) {
        Some("ko")
    } else if has(&[('\u{3040}', '\u{30ff}')]) {
        Some("ja")
    } else if has(&[('\u{4e00}', '\u{9fff}')]) {
        Some("zh")
    } else if has(&[('\u{0400}', '\u{04ff}')]) {
        Some("ru")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_names_get_the_language_of_their_script() {
        assert_eq!(script_language("홍길동"), Some("ko"));
        assert_eq!(script_language("Анна Иванова"), Some("ru"));
        assert_eq!(script_language("张伟"), Some("zh"));
        assert_eq!(script_language("Ana Ruiz"), None);
    }
}
