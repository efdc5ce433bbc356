//! The corroboration page: every entry against every source.

use serde::Serialize;
use tera::Context;

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
    /// supports | disputes | context | silent.
    stance: &'static str,
    href: Option<String>,
    count: usize,
    /// What the cell says, for screen readers: "supports, 2 passages".
    label: String,
    /// The source, named in the list form (too many sources for a grid).
    source: Option<CellSource<'a>>,
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

pub(super) fn matrix(site: &Site, labels: &Labels, c: &mut Context) {
    let grid = site.sources.len() <= MATRIX_MAX_SOURCES;
    // Columns by origin, so that texts reprinting one origin sit side by side under its name.
    let columns: Vec<usize> = site
        .origins
        .iter()
        .flat_map(|o| o.sources.iter().copied())
        .collect();
    let mut column_of = vec![0; site.sources.len()];
    for (col, &src) in columns.iter().enumerate() {
        column_of[src] = col;
    }
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
    insert(c, "grid", &grid);
    insert(c, "origin_groups", &groups);
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
                        single_origin: e.origins.all.len() == 1,
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
        &rows.clone().filter(|r| r.single_origin).count(),
    );
    insert(c, "total", &rows.count());
    insert(c, "matrix", &matrix);
}

/// One source's say on one entry.
pub(super) struct CitedSource<'a> {
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
pub(super) fn cited_sources(evidence: &[Evidence]) -> Vec<CitedSource<'_>> {
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
