//! The corroboration page: every entry against every source.

use serde::Serialize;

use super::*;

#[derive(Serialize)]
pub(super) struct MatrixSection<'a> {
    title: &'a str,
    href: String,
    rows: Vec<MatrixRow<'a>>,
}

#[derive(Serialize)]
pub(super) struct MatrixRow<'a> {
    title: &'a str,
    href: String,
    kind: &'static str,
    status: Option<&'static str>,
    status_label: Option<String>,
    /// Every source that speaks to the point comes from one independent origin.
    single_origin: bool,
    cells: Vec<MatrixCell<'a>>,
}

#[derive(Serialize)]
pub(super) struct MatrixCell<'a> {
    /// supports | disputes | mixed (both) | context | silent.
    stance: &'static str,
    count: usize,
    /// One link per stance shown: two for a mixed cell, each to its own passage; none for a silent one.
    links: Vec<CellLink>,
    /// The source, named in the list form (too many sources for a grid).
    source: Option<CellSource<'a>>,
}

/// One symbol of a cell and the passage it links to.
#[derive(Serialize)]
pub(super) struct CellLink {
    /// supports | disputes | context.
    stance: &'static str,
    href: String,
    /// For screen readers: "disputes, 1 passage".
    label: String,
}

/// The header over the adjacent columns of one origin's sources.
#[derive(Serialize)]
pub(super) struct OriginGroup<'a> {
    name: &'a str,
    span: usize,
}

#[derive(Serialize)]
pub(super) struct CellSource<'a> {
    id: &'a str,
    credit: &'a str,
}

/// Above this many sources the corroboration page lists, per point, only the sources that speak: a full
/// grid would grow with entries x sources and stop being readable long before that.
pub const MATRIX_MAX_SOURCES: usize = 40;

/// What every page of the corroboration page shares, worked out once per build: a page must cost its own rows,
/// not the whole dossier's (a large dossier has hundreds of pages).
pub(super) struct MatrixLayout {
    /// Source indexes by column: by origin, so that texts reprinting one origin sit side by side under its name.
    columns: Vec<usize>,
    /// The column of each source.
    column_of: Vec<usize>,
    /// Entries whose sources all come from one independent origin, and all entries.
    single: usize,
    total: usize,
}

impl MatrixLayout {
    /// The layout of `site`'s corroboration page.
    pub(super) fn new(site: &Site) -> MatrixLayout {
        let columns: Vec<usize> = site
            .origins
            .iter()
            .flat_map(|o| o.sources.iter().copied())
            .collect();
        let mut column_of = vec![0; site.sources.len()];
        for (col, &src) in columns.iter().enumerate() {
            column_of[src] = col;
        }
        let entries = site.sections.iter().flat_map(|s| &s.entries);
        MatrixLayout {
            columns,
            column_of,
            single: entries.clone().filter(|e| e.origins.all.len() == 1).count(),
            total: entries.count(),
        }
    }
}

/// The corroboration page showing `rows`, the entries across sections in reading order.
pub(super) fn matrix(
    site: &Site,
    labels: &Labels,
    rows: std::ops::Range<usize>,
    c: &mut PageContext,
) {
    let grid = site.sources.len() <= MATRIX_MAX_SOURCES;
    let MatrixLayout {
        columns,
        column_of,
        single,
        total,
    } = &labels.matrix;
    let sources: Vec<SourceView> = if grid {
        columns
            .iter()
            .map(|&i| source_view(site, labels, i))
            .collect()
    } else {
        Vec::new()
    };
    let groups: Vec<OriginGroup> = site
        .origins
        .iter()
        .map(|o| OriginGroup {
            name: &o.name,
            span: o.sources.len(),
        })
        .collect();
    c.insert("grid", &grid);
    c.insert("origin_groups", &groups);
    c.insert("source_total", &site.sources.len());
    c.insert("sources", &sources);
    // Each section's first entry, counted across sections: which of its rows this page shows.
    let mut first = 0;
    let matrix: Vec<MatrixSection> = site
        .sections
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let offset = first;
            first += s.entries.len();
            (si, s, offset)
        })
        .map(|(si, s, offset)| (si, s, on_page(&rows, offset, s.entries.len())))
        .map(|(si, s, here)| MatrixSection {
            title: &s.title,
            href: site.section_href(si),
            rows: s.entries[here.clone()]
                .iter()
                .zip(here)
                .map(|(e, ei)| {
                    let mut cited = cited_sources(&e.evidence);
                    cited.sort_by_key(|c| column_of[c.source]);
                    let cells = if grid {
                        let mut next = cited.iter().peekable();
                        columns
                            .iter()
                            .map(|&src| match next.next_if(|c| c.source == src) {
                                Some(c) => c.cell(site, labels),
                                None => MatrixCell {
                                    stance: "silent",
                                    count: 0,
                                    links: Vec::new(),
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
                        single_origin: e.origins.all.len() == 1,
                        cells,
                    }
                })
                .collect(),
        })
        .collect();
    // The counts are the whole dossier's, on every page.
    c.insert("single", single);
    c.insert("total", total);
    c.insert("matrix", &matrix);
}

/// The entries of a section whose first entry is number `offset` across sections (of `len`) among `rows`.
fn on_page(rows: &std::ops::Range<usize>, offset: usize, len: usize) -> std::ops::Range<usize> {
    let start = rows.start.saturating_sub(offset).min(len);
    start..rows.end.saturating_sub(offset).clamp(start, len)
}

/// One source's say on one entry.
pub(super) struct CitedSource<'a> {
    source: usize,
    /// The strongest stance, or `mixed` when the source both supports and disputes.
    stance: &'static str,
    count: usize,
    /// Per stance (supports, disputes, context): the first evidence and how many.
    by_stance: [Option<(&'a Evidence, usize)>; 3],
}

const STANCES: [&str; 3] = ["supports", "disputes", "context"];

fn stance_index(stance: Stance) -> usize {
    match stance {
        Stance::Supports => 0,
        Stance::Disputes => 1,
        Stance::Context => 2,
    }
}

impl<'a> CitedSource<'a> {
    fn new(ev: &'a Evidence) -> Self {
        let mut by_stance = [None; 3];
        by_stance[stance_index(ev.stance)] = Some((ev, 1));
        let mut c = CitedSource {
            source: ev.source,
            stance: "context",
            count: 1,
            by_stance,
        };
        c.stance = c.strongest();
        c
    }

    fn add(&mut self, ev: &'a Evidence) {
        self.count += 1;
        let slot = &mut self.by_stance[stance_index(ev.stance)];
        match slot {
            Some((_, n)) => *n += 1,
            None => *slot = Some((ev, 1)),
        }
        self.stance = self.strongest();
    }

    /// Disputes outrank supports outrank context; a source on both sides is `mixed`.
    fn strongest(&self) -> &'static str {
        match self.by_stance {
            [Some(_), Some(_), _] => "mixed",
            [_, Some(_), _] => "disputes",
            [Some(_), _, _] => "supports",
            _ => "context",
        }
    }

    fn cell<'s>(&self, site: &'s Site, labels: &'s Labels) -> MatrixCell<'s> {
        let label = |stance: &str, count: usize| {
            labels.ui.t_with(
                "matrix-cell",
                &[
                    ("stance", Arg::Str(labels.ui.t(&format!("stance-{stance}")))),
                    ("count", Arg::from(count)),
                ],
            )
        };
        let link = |i: usize, count: Option<usize>| {
            self.by_stance[i].map(|(ev, n)| CellLink {
                stance: STANCES[i],
                href: site.passage_href(ev.passage),
                label: label(STANCES[i], count.unwrap_or(n)),
            })
        };
        let links: Vec<CellLink> = match self.stance {
            // Each side links to its own passage.
            "mixed" => [link(0, None), link(1, None)]
                .into_iter()
                .flatten()
                .collect(),
            // One symbol for every passage of the source: it links to the first of the stance it shows.
            shown => {
                let i = STANCES.iter().position(|s| *s == shown).unwrap_or(2);
                link(i, Some(self.count)).into_iter().collect()
            }
        };
        MatrixCell {
            stance: self.stance,
            count: self.count,
            links,
            source: Some(CellSource {
                id: &site.sources[self.source].id,
                credit: &labels.heading[self.source],
            }),
        }
    }
}

/// The sources an entry cites, in source order, each with its strongest stance (see
/// [`CitedSource::strongest`]). Linear in the entry's evidence.
pub(super) fn cited_sources(evidence: &[Evidence]) -> Vec<CitedSource<'_>> {
    let mut order: Vec<&Evidence> = evidence.iter().collect();
    order.sort_by_key(|ev| ev.source);
    let mut out: Vec<CitedSource> = Vec::new();
    for ev in order {
        match out.last_mut() {
            Some(last) if last.source == ev.source => last.add(ev),
            _ => out.push(CitedSource::new(ev)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::on_page;

    #[test]
    fn a_page_takes_each_section_s_entries_within_its_rows() {
        // Sections of 3, 4 and 2 entries: entries 0-2, 3-6 and 7-8 across sections; the page shows 2..5.
        let rows = 2..5;
        assert_eq!(on_page(&rows, 0, 3), 2..3);
        assert_eq!(on_page(&rows, 3, 4), 0..2);
        assert!(on_page(&rows, 7, 2).is_empty());
        // A page wholly inside a section, and one past every section.
        assert_eq!(on_page(&(4..6), 3, 4), 1..3);
        assert!(on_page(&(20..30), 3, 4).is_empty());
        assert_eq!(on_page(&(0..0), 0, 3), 0..0);
    }
}
