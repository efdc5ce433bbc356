//! Entries, their evidence and timeline moments.

use serde::Serialize;

use crate::resolve::DateBasis;

use super::*;

#[derive(Serialize)]
pub(super) struct EntryView<'a> {
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
    /// "Supported by 2 independent origins (3 texts)", if any source supports it.
    origins_supported: Option<String>,
    /// The same for disputing evidence.
    origins_disputed: Option<String>,
    claim_review: Option<String>,
}

#[derive(Serialize)]
pub(super) struct EvidenceGroup<'a> {
    stance: &'static str,
    label: String,
    items: Vec<EvidenceView<'a>>,
}

#[derive(Serialize)]
pub(super) struct EvidenceView<'a> {
    id: String,
    credit: &'a str,
    published: &'a str,
    href: String,
    paragraphs: Vec<&'a str>,
    /// The passage starts inside a sentence of its source: shown after an ellipsis.
    cut_start: bool,
    /// The passage ends inside a sentence of its source: shown before an ellipsis.
    cut_end: bool,
    note: Option<&'a str>,
    stance: &'static str,
    /// The passage in the original article (a text fragment link), when the source has a `url`.
    original: Option<&'a str>,
    /// The source's date is inferred, not printed in it.
    published_inferred: bool,
}

#[derive(Serialize)]
pub(super) struct MomentView<'a> {
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
    /// `printed`, `derived` or `inferred`.
    basis: &'static str,
    /// What a reader is told about a date that is not printed; none when it is.
    basis_label: Option<String>,
    /// Announced or forecast, not (yet) happened.
    expected: bool,
}

pub(super) fn entry_view<'a>(
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
        origins_supported: origins_line(ui, e, Stance::Supports),
        origins_disputed: origins_line(ui, e, Stance::Disputes),
        claim_review: (e.kind == EntryKind::Claim)
            .then(|| crate::render::jsonld::claim_review(site, ui, key)),
    }
}

/// How many independent origins and texts take `stance` on entry `e`, in words; `None` if none does.
fn origins_line(ui: &Ui, e: &crate::resolve::Entry, stance: Stance) -> Option<String> {
    let (origins, key) = match stance {
        Stance::Supports => (e.origins.supports.len(), "origins-supported"),
        Stance::Disputes => (e.origins.disputes.len(), "origins-disputed"),
        Stance::Context => return None,
    };
    let mut texts: Vec<usize> = e
        .evidence
        .iter()
        .filter(|ev| ev.stance == stance)
        .map(|ev| ev.source)
        .collect();
    texts.sort_unstable();
    texts.dedup();
    (origins > 0).then(|| {
        ui.t_with(
            key,
            &[
                ("count", Arg::from(origins)),
                ("sources", Arg::from(texts.len())),
            ],
        )
    })
}

/// The id of the `n`th (1-based) evidence item of entry or moment `owner`, e.g. `departure-ev-2`, after `prefix`.
pub(in crate::render) fn evidence_id(prefix: &str, owner: &str, n: usize) -> String {
    [prefix, owner, "-ev-", itoa::Buffer::new().format(n)].concat()
}

pub(super) fn evidence_view<'a>(
    site: &'a Site,
    labels: &'a Labels,
    ev: &'a Evidence,
    id: String,
    root: &str,
) -> EvidenceView<'a> {
    let passage = site.passage(ev.passage);
    let (cut_start, cut_end) = crate::typography::cut_mid_sentence(
        &site.sources[passage.source].text,
        passage.range.clone(),
    );
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
        cut_start,
        cut_end,
        note: ev.note.as_deref(),
        stance: stance_label(ev.stance),
        original: site.passage(ev.passage).original.as_deref(),
        published_inferred: site.sources[ev.source].front.published_inferred,
    }
}

pub(super) fn moment_view<'a>(
    site: &'a Site,
    labels: &'a Labels,
    m: usize,
    root: &str,
) -> MomentView<'a> {
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
        basis: basis_names(moment.basis),
        basis_label: basis_label(labels, moment.basis, moment.derived_from.as_deref()),
        expected: moment.expected,
    }
}

/// The css name of a date basis.
fn basis_names(basis: DateBasis) -> &'static str {
    match basis {
        DateBasis::Printed => "printed",
        DateBasis::Derived => "derived",
        DateBasis::Inferred => "inferred",
    }
}

/// The reader's label of a date that is not printed: how it was worked out, with the anchor when given.
fn basis_label(labels: &Labels, basis: DateBasis, anchor: Option<&str>) -> Option<String> {
    let ui = &labels.ui;
    match (basis, anchor.map(str::trim).filter(|a| !a.is_empty())) {
        (DateBasis::Printed, _) => None,
        (DateBasis::Derived, Some(a)) => {
            Some(ui.t_with("moment-basis-derived-from", &[("when", Arg::from(a))]))
        }
        (DateBasis::Derived, None) => Some(ui.t("moment-basis-derived")),
        (DateBasis::Inferred, _) => Some(ui.t("moment-basis-inferred")),
    }
}
