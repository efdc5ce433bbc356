//! Splitting long lists (a section's entries, the corroboration rows, the sources) into pages that stay
//! under the page-weight budget: 100 KiB of HTML, CSS and JavaScript.
//!
//! A page's size is estimated from what it shows (titles, bodies, quoted passages, links) before anything
//! is rendered, because every link to an entry must name the page that holds it. The estimates are
//! calibrated on the default theme and err on the large side.

use rayon::prelude::*;

use crate::resolve::Site;

use super::Theme;

/// The most a page may weigh with its CSS and JavaScript (the search index aside).
pub const PAGE_BUDGET: usize = 100 * 1024;

/// Room left on every page for what the estimates miss (a longer locale, a theme's extra markup).
const MARGIN: usize = 4 * 1024;

/// What a page holds besides its list: the head, navigation, header, footer, pager.
pub(super) const PAGE_FRAME: usize = 9 * 1024;

/// The HTML budget of a site's pages, and how to split a list to stay under it.
pub(super) struct Budget {
    /// The theme's static files, which every page loads.
    assets: usize,
    /// What a page's HTML may weigh by the estimates.
    html: usize,
}

impl Budget {
    /// The budget of the pages of `site` with `theme`.
    pub(super) fn new(site: &Site, theme: &Theme) -> Budget {
        let assets = asset_bytes(site, theme);
        Budget {
            assets,
            html: PAGE_BUDGET.saturating_sub(assets + MARGIN),
        }
    }

    /// Where pages 2, 3... of a list start: none when the estimate (`frame` plus the items' `sizes`, raw
    /// estimates) is well under the budget, or when it is near and `measure` (the list rendered on one
    /// page) fits; else packed by the estimates.
    pub(super) fn split(
        &self,
        frame: usize,
        sizes: Vec<usize>,
        measure: impl FnOnce() -> Option<usize>,
    ) -> Vec<usize> {
        let frame = scaled(frame);
        let sizes: Vec<usize> = sizes.into_iter().map(scaled).collect();
        let estimate = frame + sizes.iter().sum::<usize>();
        let fits = estimate <= self.html * 7 / 10
            || (estimate <= self.html * 5 / 2
                && measure().is_some_and(|b| b + self.assets <= PAGE_BUDGET));
        if fits {
            Vec::new()
        } else {
            page_breaks(sizes.into_iter(), self.html.saturating_sub(frame))
        }
    }
}

/// Splits every section of `site` whose page would weigh over the budget of `theme` into pages.
///
/// A section whose estimate is under 2.5 times the budget is rendered whole once to measure it: a dossier whose
/// sections fit stays on one page per section. Far above, the estimate decides where pages break.
pub fn paginate(site: &mut Site, theme: &Theme) {
    let budget = Budget::new(site, theme);
    // Made once, by the first section that needs measuring; sections are measured in parallel.
    let plan = std::sync::OnceLock::new();
    let breaks: Vec<Vec<usize>> = (0..site.sections.len())
        .into_par_iter()
        .map(|si| {
            let section = &site.sections[si];
            let frame = PAGE_FRAME + section.summary.len() * 6 / 5 + nav_bytes(site);
            let sizes = (0..section.entries.len())
                .map(|ei| entry_bytes(site, (si, ei)))
                .collect();
            budget.split(frame, sizes, || {
                let plan = plan.get_or_init(|| super::Plan::unsplit(site, theme));
                measured(site, theme, plan, si)
            })
        })
        .collect();
    for (section, breaks) in site.sections.iter_mut().zip(breaks) {
        section.page_breaks = breaks;
    }
}

/// The corroboration page besides its rows: with a grid, its header names every source.
pub(super) fn matrix_frame(site: &Site) -> usize {
    let header: usize = if site.sources.len() <= super::MATRIX_MAX_SOURCES {
        site.sources
            .iter()
            .map(|s| 220 + 2 * s.id.len() + s.front.title.len() + s.front.outlet.len())
            .sum()
    } else {
        0
    };
    PAGE_FRAME + 2 * 1024 + header + nav_bytes(site)
}

/// The estimated bytes of each row of the corroboration page, entries across sections in reading order.
pub(super) fn matrix_rows(site: &Site) -> Vec<usize> {
    let grid = site.sources.len() <= super::MATRIX_MAX_SOURCES;
    let mut rows = Vec::new();
    for section in &site.sections {
        for (ei, e) in section.entries.iter().enumerate() {
            let mut row = 400 + 2 * e.title.len() + section.id.len() + e.id.len();
            if grid {
                // Every source has a cell, silent or not.
                row += 120 * site.sources.len();
            }
            for ev in &e.evidence {
                let source = &site.sources[ev.source];
                row += 320
                    + 3 * source.id.len()
                    + site.passage(ev.passage).id.len()
                    + 2 * (source.front.title.len() + source.front.outlet.len());
            }
            // A section's header row.
            if ei == 0 {
                row += 300 + section.title.len() + section.id.len();
            }
            rows.push(row);
        }
    }
    rows
}

/// The estimated bytes of each source's item in the list of sources.
pub(super) fn source_rows(site: &Site) -> Vec<usize> {
    site.sources
        .iter()
        .map(|s| {
            let f = &s.front;
            700 + 4 * s.id.len()
                + 4 * f.title.len()
                + 2 * (f.outlet.len() + f.origin.as_deref().map_or(0, str::len))
                + f.provenance.as_deref().map_or(0, |p| 2 * p.len())
        })
        .collect()
}

/// The raw estimates below count generously (on the default theme, rendered pages come to 0.53-0.56 of
/// them): scaled to a little over what pages weigh.
fn scaled(estimate: usize) -> usize {
    estimate * 6 / 10
}

/// The bytes of section `si` rendered on one page, or `None` if it fails to render (the error is reported
/// when the site renders).
fn measured(site: &Site, theme: &Theme, plan: &super::Plan, si: usize) -> Option<usize> {
    let page = super::Page::Section(si);
    let path = super::views::page_path(site, page);
    let mut counter = Counter(0);
    let options = super::RenderOptions::default();
    plan.render_to(
        site,
        theme,
        &options,
        &path,
        &super::Output::Page(page),
        &mut counter,
    )
    .ok()?;
    Some(counter.0)
}

/// A writer that only counts.
pub(super) struct Counter(pub(super) usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes of the theme's static files, which every page loads.
fn asset_bytes(site: &Site, theme: &Theme) -> usize {
    // Only what the pages of long lists load: the files their templates name (not a source page's script, the
    // search page's stemmers...).
    let names: String = [
        "templates/base.html",
        "templates/section.html",
        "templates/corroboration.html",
    ]
    .iter()
    .filter_map(|t| theme.files().read_text(t).ok())
    .collect();
    theme
        .static_files()
        .iter()
        .filter(|(path, _)| names.contains(path.as_str()))
        .filter_map(|(path, rel)| theme.static_file(site, path, rel).ok())
        .map(|bytes| bytes.len())
        .sum()
}

/// The site navigation, on every page.
fn nav_bytes(site: &Site) -> usize {
    site.sections
        .iter()
        .map(|s| 2 * (s.title.len() + s.id.len()) + 120)
        .sum()
}

/// Where pages 2, 3... start, packing items of `sizes` in order into pages of at most `budget` bytes (an
/// item larger than a page gets a page of its own).
pub fn page_breaks(sizes: impl Iterator<Item = usize>, budget: usize) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut used = 0;
    for (i, size) in sizes.enumerate() {
        if used > 0 && used + size > budget {
            breaks.push(i);
            used = 0;
        }
        used += size;
    }
    breaks
}

/// The estimated bytes of one entry on its section page: its line in the page's contents, its article with
/// its quotations, and its ClaimReview when it is a claim.
fn entry_bytes(site: &Site, key: (usize, usize)) -> usize {
    let e = site.entry(key);
    let id = e.id.len();
    // Markdown and escaping add about a fifth to prose.
    let prose = |s: &str| s.len() * 6 / 5;
    let toc = 130 + id + prose(&e.title);
    let mut article = 800 + 4 * id + prose(&e.title) + prose(&e.body);
    article += e.claimant.as_deref().map_or(0, |c| 60 + prose(c));
    // A heading per group of stances.
    article += 3 * 130;
    for ev in &e.evidence {
        let source = &site.sources[ev.source];
        let passage = site.passage(ev.passage);
        article += 520
            + id
            + prose(site.passage_text(ev.passage))
            + 3 * prose(&source.front.outlet)
            + 2 * source.front.origin.as_deref().map_or(0, prose)
            + source.id.len()
            + passage.id.len()
            + passage.original.as_deref().map_or(0, |o| o.len() + 140)
            + ev.note.as_deref().map_or(0, prose);
    }
    if e.kind == crate::resolve::EntryKind::Claim {
        // The ClaimReview: fixed keys, the title, the claimant and each source's headline and outlet.
        article += 700 + prose(&e.title) + e.claimant.as_deref().map_or(0, prose);
        for ev in &e.evidence {
            let front = &site.sources[ev.source].front;
            article += 160
                + prose(&front.title)
                + prose(&front.outlet)
                + front.url.as_deref().map_or(0, str::len);
        }
    }
    toc + article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_filled_in_order_and_a_large_item_stands_alone() {
        assert_eq!(
            page_breaks([10, 10, 10].into_iter(), 30),
            Vec::<usize>::new()
        );
        assert_eq!(page_breaks([10, 10, 10, 1].into_iter(), 30), vec![3]);
        assert_eq!(page_breaks([50, 10, 10].into_iter(), 30), vec![1]);
        assert_eq!(page_breaks([10, 50, 10].into_iter(), 30), vec![1, 2]);
        assert_eq!(page_breaks(std::iter::empty(), 30), Vec::<usize>::new());
    }

    #[test]
    fn a_section_is_split_only_when_it_does_not_fit_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, theme, _, _) = crate::resolve_site(root).expect("the real dossier resolves");
        let mut unsplit = site.clone();
        for s in &mut unsplit.sections {
            s.page_breaks.clear();
        }
        let plan = crate::render::Plan::new(&unsplit, &theme);
        let assets = asset_bytes(&site, &theme);
        let mut whole = 0;
        for (si, s) in site.sections.iter().enumerate() {
            let fits = measured(&unsplit, &theme, &plan, si).unwrap() + assets <= PAGE_BUDGET;
            assert_eq!(
                fits,
                s.page_breaks.is_empty(),
                "{}: {:?}",
                s.id,
                s.page_breaks
            );
            whole += usize::from(fits);
        }
        assert!(whole > 0, "no section of the showcase fits on one page");
        let sizes = (0..site.sections[0].entries.len()).map(|ei| entry_bytes(&site, (0, ei)));
        let breaks = page_breaks(sizes, 4000);
        assert!(breaks.len() > 2, "{breaks:?}");
        assert!(breaks.windows(2).all(|w| w[0] < w[1]));
    }
}
