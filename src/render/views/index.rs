//! The front page.

use serde::Serialize;

use super::*;

#[derive(Serialize)]
pub(super) struct SectionCard {
    title: String,
    href: String,
    summary_html: String,
    entry_count: usize,
    claim_count: usize,
    lead: Vec<LeadEntry>,
}

#[derive(Serialize)]
pub(super) struct LeadEntry {
    title: String,
    href: String,
    kind: &'static str,
    kind_label: String,
    status: Option<&'static str>,
    status_label: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Counts {
    sources: usize,
    sections: usize,
    entries: usize,
    claims: usize,
    passages: usize,
    evidence: usize,
    by_status: Vec<StatusCount>,
    /// Entries whose sources all come from one independent origin.
    single: usize,
}

#[derive(Serialize)]
pub(super) struct StatusCount {
    status: &'static str,
    /// "3 confirmed", in the interface language.
    label: String,
    count: usize,
}

pub(super) fn index(site: &Site, labels: &Labels, c: &mut PageContext) {
    let ui = &labels.ui;
    c.insert("intro_html", &md(&site.meta.intro, site, ""));
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
    c.insert("sections", &cards);
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
    c.insert(
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
            single: entries.clone().filter(|e| e.origins.all.len() == 1).count(),
        },
    );
    // An expected moment has not happened: it is never shown among the key events.
    let key: Vec<MomentView> = (0..site.timeline.len())
        .filter(|&m| site.timeline[m].key && !site.timeline[m].expected)
        .map(|m| moment_view(site, labels, m, ""))
        .collect();
    c.insert("key_moments", &key);
    c.insert("moment_count", &site.timeline.len());
    c.insert("discrepancies", &discrepancies(site));
}

/// A discrepancy entry, for the front page's index.
#[derive(Serialize)]
pub(super) struct DiscrepancyItem<'a> {
    title: &'a str,
    href: String,
    section: &'a str,
}

/// Every discrepancy entry, in reading order.
pub(super) fn discrepancies(site: &Site) -> Vec<DiscrepancyItem<'_>> {
    site.sections
        .iter()
        .enumerate()
        .flat_map(|(si, s)| {
            s.entries
                .iter()
                .enumerate()
                .map(move |(ei, e)| (si, ei, s, e))
        })
        .filter(|(.., e)| e.kind == EntryKind::Discrepancy)
        .map(|(si, ei, s, e)| DiscrepancyItem {
            title: &e.title,
            href: site.entry_href((si, ei)),
            section: &s.title,
        })
        .collect()
}
