//! Stage 3: render the resolved site to files in memory, with the theme's Tera templates.

pub mod card;
mod engine;
mod exports;
pub mod i18n;
mod json_chunks;
mod json_out;
mod jsonld;
mod keys;
mod labels;
pub mod markdown;
mod minify;
mod page_context;
mod pages;
mod paginate;
pub mod search;
pub mod source_text;
mod template_errors;
pub mod theme;
mod views;

pub use exports::{code_points, ANNO_CONTEXT};
pub use json_chunks::{Chunk, ChunkSource, JsonChunks};
pub use keys::KeyBase;
pub use paginate::{paginate, PAGE_BUDGET};
pub use theme::{FileSource, ThemeError, ThemeFiles};
pub use views::MATRIX_MAX_SOURCES;

use engine::NAV_TEMPLATE;
pub use engine::{RenderError, Theme};
use pages::render_page;

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::resolve::Site;

/// One file of the built site: a path relative to the output root (forward slashes) and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative path, e.g. `sections/pay.html`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Options that change what is rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// HTML injected before `</body>` of every page (the live-reload client in `serve`; never in `build`).
    pub inject_before_body_end: Option<String>,
}

/// One output file of the site, rendered on its own: a page, an export or a theme file.
#[derive(Debug, Clone)]
pub enum Output {
    /// An HTML page.
    Page(Page),
    /// `assets/search-index.js`: the manifest of the sharded search index.
    SearchIndex,
    /// A shard of the search index (`assets/search/<kind><k>.js`).
    SearchShard(search::shards::Shard),
    /// `annotations.jsonld`.
    Annotations,
    /// `dossier.json`.
    DossierJson,
    /// `sitemap.xml` (only with a base URL): the sitemap, or above [`SITEMAP_MAX_URLS`] pages the index of its
    /// parts.
    Sitemap,
    /// `sitemap-<n>.xml` (1-based): part n of a sitemap too long for one file.
    SitemapPart(usize),
    /// `robots.txt`.
    Robots,
    /// `sources/<id>.txt`: the verbatim text of a source.
    SourceText(usize),
    /// A file of the theme's `static/` folder, by its path in the theme (`static/style.css`).
    Static(String),
    /// `cards/<page>.png`: the social card of the front page (`None`) or of a section.
    Card(Option<usize>),
}

/// Every output of a site with its path: what a build writes, or what `serve` renders on request.
pub struct Plan {
    /// (path relative to the output root, output), the slowest outputs first.
    pub outputs: Vec<(String, Output)>,
    /// The HTML pages listed in the sitemap, sorted.
    sitemap_pages: Vec<String>,
    /// The theme's `nav.html` rendered for each (root, current item) met so far: shared by many pages.
    navs: Mutex<HashMap<(String, String), tera::Value>>,
    /// Display labels of the sources.
    labels: views::Labels,
    /// The search index's shards, and what they share once built.
    search: search::shards::SearchShards,
    /// `dossier.json`'s sources taken from the previous build's file, and where this build's went.
    pub json_chunks: JsonChunks,
}

impl Plan {
    /// Lists the outputs of `site` with `theme`.
    pub fn new(site: &Site, theme: &Theme) -> Plan {
        let mut plan = Plan::unsplit(site, theme);
        plan.split_lists(site, theme);
        if site.meta.base_url.is_some() {
            plan.outputs
                .push(("sitemap.xml".to_owned(), Output::Sitemap));
            let parts = sitemap_parts(plan.sitemap_pages.len());
            plan.outputs
                .extend((1..=parts).map(|n| (format!("sitemap-{n}.xml"), Output::SitemapPart(n))));
        }
        plan
    }

    /// The outputs of `site` with the corroboration page and the list of sources each on one page.
    fn unsplit(site: &Site, theme: &Theme) -> Plan {
        let mut pages = vec![
            Page::Index,
            Page::Sources,
            Page::About,
            Page::NotFound,
            Page::Matrix,
            Page::Search,
        ];
        if !site.entities.is_empty() {
            pages.push(Page::Entities);
        }
        // Optional parts: no timeline, no timeline page.
        if !site.timeline.is_empty() {
            pages.push(Page::Timeline);
        }
        pages.extend((0..site.sections.len()).map(Page::Section));
        pages.extend((0..site.sections.len()).flat_map(|si| {
            (1..site.section_page_count(si)).map(move |p| Page::SectionPage(si, p))
        }));
        pages.extend((0..site.sources.len()).map(Page::Source));
        // The exports are the longest jobs: started first, they do not trail the pages.
        let mut outputs = vec![
            ("dossier.json".to_owned(), Output::DossierJson),
            ("annotations.jsonld".to_owned(), Output::Annotations),
            ("assets/search-index.js".to_owned(), Output::SearchIndex),
            ("robots.txt".to_owned(), Output::Robots),
        ];
        outputs.extend(
            theme
                .static_files()
                .into_iter()
                .map(|(path, file)| (path, Output::Static(file))),
        );
        let mut sitemap_pages = Vec::with_capacity(pages.len());
        for page in pages {
            let path = views::page_path(site, page);
            if !matches!(page, Page::NotFound) {
                sitemap_pages.push(path.clone());
            }
            outputs.push((path, Output::Page(page)));
        }
        sitemap_pages.sort_unstable();
        outputs.extend(
            (0..site.sources.len()).map(|i| (exports::text_path(site, i), Output::SourceText(i))),
        );
        // Social cards: few (one per section and the front page), each about as slow as a large page.
        outputs.extend(
            std::iter::once(None)
                .chain((0..site.sections.len()).map(Some))
                .map(|section| {
                    let page = section.map_or(Page::Index, Page::Section);
                    (views::card_path(site, page), Output::Card(section))
                }),
        );
        let search = search::shards::SearchShards::new(site);
        outputs.extend(
            search
                .sizes
                .shards()
                .map(|shard| (shard.path(), Output::SearchShard(shard))),
        );
        let (ui, _) = theme.ui(&site.root, &site.meta);
        Plan {
            outputs,
            sitemap_pages,
            navs: Mutex::new(HashMap::new()),
            labels: views::Labels::new(site, ui),
            search,
            json_chunks: JsonChunks::default(),
        }
    }

    /// Splits the corroboration page and the list of sources into pages under the budget, adding the pages
    /// after the first to the outputs.
    fn split_lists(&mut self, site: &Site, theme: &Theme) {
        let options = RenderOptions::default();
        let measure = |page: Page| {
            let path = views::page_path(site, page);
            let mut counter = paginate::Counter(0);
            self.render_to(
                site,
                theme,
                &options,
                &path,
                &Output::Page(page),
                &mut counter,
            )
            .ok()
            .map(|()| counter.0)
        };
        let budget = paginate::Budget::new(site, theme);
        let matrix = budget.split(
            paginate::matrix_frame(site),
            paginate::matrix_rows(site),
            || measure(Page::Matrix),
        );
        let sources = budget.split(paginate::PAGE_FRAME, paginate::source_rows(site), || {
            measure(Page::Sources)
        });
        let mut extra: Vec<Page> = (1..=matrix.len()).map(Page::MatrixPage).collect();
        extra.extend((1..=sources.len()).map(Page::SourcesPage));
        self.labels.matrix_breaks = matrix;
        self.labels.sources_breaks = sources;
        for page in extra {
            let path = views::page_path(site, page);
            self.sitemap_pages.push(path.clone());
            self.outputs.push((path, Output::Page(page)));
        }
        self.sitemap_pages.sort_unstable();
    }

    /// Renders one output (at `path`, its path in [`Plan::outputs`]) in memory.
    pub fn render(
        &self,
        site: &Site,
        theme: &Theme,
        options: &RenderOptions,
        path: &str,
        output: &Output,
    ) -> Result<OutputFile, Diagnostic> {
        let mut bytes = Vec::new();
        match self.render_to(site, theme, options, path, output, &mut bytes) {
            Ok(()) => Ok(OutputFile {
                path: path.to_owned(),
                bytes,
            }),
            Err(RenderError::Template(d)) => Err(d),
            // Writing to a Vec does not fail.
            Err(RenderError::Write(e)) => Err(Diagnostic::error(
                theme.files().shown("templates"),
                format!("cannot render `{path}`: {e}"),
            )),
        }
    }

    /// Renders one output (at `path`, its path in [`Plan::outputs`]) into `out`, as it goes.
    pub fn render_to(
        &self,
        site: &Site,
        theme: &Theme,
        options: &RenderOptions,
        path: &str,
        output: &Output,
        out: &mut dyn Write,
    ) -> Result<(), RenderError> {
        match output {
            Output::Page(page) => {
                let (template, context) = self.page_context(site, theme, *page, path)?;
                render_page(theme, options, template, &context, out)?;
            }
            Output::SearchIndex => self.search.write_manifest(site, &self.labels.ui, out)?,
            Output::SearchShard(shard) => self.search.write(site, &self.labels.ui, *shard, out)?,
            Output::Annotations => exports::write_annotations(site, out)?,
            Output::DossierJson => exports::write_dossier_json(site, out, &self.json_chunks)?,
            Output::Sitemap | Output::SitemapPart(_) => {
                let pages: Vec<&str> = self.sitemap_pages.iter().map(String::as_str).collect();
                let parts = sitemap_parts(pages.len());
                let text = match output {
                    Output::SitemapPart(n) => {
                        let chunk = pages.chunks(SITEMAP_MAX_URLS).nth(n - 1).unwrap_or(&[]);
                        exports::sitemap(site, chunk)
                    }
                    _ if parts > 0 => exports::sitemap_index(site, parts),
                    _ => exports::sitemap(site, &pages),
                };
                out.write_all(text.unwrap_or_default().as_bytes())?;
            }
            Output::Robots => out.write_all(robots(site).as_bytes())?,
            Output::SourceText(i) => out.write_all(site.sources[*i].text.as_bytes())?,
            Output::Static(file) => out.write_all(&theme.static_file(site, path, file)?)?,
            Output::Card(section) => {
                let card = views::card(site, &self.labels.ui, *section);
                let png = card::render(&card).map_err(|e| {
                    Diagnostic::error(theme.files().shown("templates"), format!("`{path}`: {e}"))
                })?;
                out.write_all(&png)?;
            }
        }
        Ok(())
    }

    /// Renders every output in parallel, each straight into the writer `put` gives it for its path; returns
    /// every template error (each once). `put` keeps its own write errors.
    pub fn render_each(
        &self,
        site: &Site,
        theme: &Theme,
        options: &RenderOptions,
        put: impl Fn(&str, &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) + Sync,
    ) -> Result<(), Vec<Diagnostic>> {
        let one = |(path, output): &(String, Output)| {
            put_rendered(path, &put, |out| {
                self.render_to(site, theme, options, path, output, out)
            })
        };
        let is_search =
            |output: &Output| matches!(output, Output::SearchIndex | Output::SearchShard(_));
        // The search index's word index is built once, on one thread, while the other renders the rest; the
        // shards follow. (Asked for by a shard first, it would hold that thread and leave the other idle.)
        let ((), mut errors): ((), Vec<Diagnostic>) = rayon::join(
            || self.search.prepare(site, &self.labels.ui),
            || {
                self.outputs
                    .par_iter()
                    .with_max_len(1)
                    .filter(|(_, output)| !is_search(output))
                    .filter_map(one)
                    .collect()
            },
        );
        errors.extend(
            self.outputs
                .par_iter()
                .with_max_len(1)
                .filter(|(_, output)| is_search(output))
                .filter_map(one)
                .collect::<Vec<_>>(),
        );
        unique_errors(errors)
    }
}

/// Hands `render`'s bytes to `put` for `path`; returns the template error that stopped it, if one did (`put`
/// keeps its own write errors).
fn put_rendered(
    path: &str,
    put: &impl Fn(&str, &mut dyn FnMut(&mut dyn Write) -> io::Result<()>),
    render: impl Fn(&mut dyn Write) -> Result<(), RenderError>,
) -> Option<Diagnostic> {
    let mut template_error = None;
    put(path, &mut |out| match render(out) {
        Ok(()) => Ok(()),
        Err(RenderError::Template(d)) => {
            template_error = Some(d);
            Ok(())
        }
        Err(RenderError::Write(e)) => Err(e),
    });
    template_error
}

/// `Ok` when there is no error, else each distinct error once (many pages share one template error).
fn unique_errors(errors: Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
    let mut unique: Vec<Diagnostic> = Vec::new();
    for d in errors {
        if !unique.contains(&d) {
            unique.push(d);
        }
    }
    if unique.is_empty() {
        Ok(())
    } else {
        Err(unique)
    }
}

/// Renders every page, export and static file of `site` with the theme, in memory, in plan order.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let plan = Plan::new(site, theme);
    let rendered: Vec<Result<OutputFile, Diagnostic>> = plan
        .outputs
        .par_iter()
        .with_max_len(1)
        .map(|(path, output)| plan.render(site, theme, options, path, output))
        .collect();
    let (files, errors): (Vec<_>, Vec<_>) = rendered.into_iter().partition(Result::is_ok);
    unique_errors(errors.into_iter().filter_map(Result::err).collect())?;
    Ok(files.into_iter().filter_map(Result::ok).collect())
}

/// Every page of the site.
#[derive(Debug, Clone, Copy)]
pub enum Page {
    /// `index.html`.
    Index,
    /// `sources/index.html`: the list of sources.
    Sources,
    /// `corroboration.html`: entries x sources, each cell a stance.
    Matrix,
    /// `corroboration.<n>.html`: page n (0-based, at least 1) of a long corroboration page.
    MatrixPage(usize),
    /// `sources/index.<n>.html`: page n (0-based, at least 1) of a long list of sources.
    SourcesPage(usize),
    /// `entities.html`: people, places and organisations with their mentions.
    Entities,
    /// `search.html`: client-side search over the index.
    Search,
    /// `timeline.html`.
    Timeline,
    /// `about.html`: how to read the dossier.
    About,
    /// `404.html`.
    NotFound,
    /// `sections/<id>.html`.
    Section(usize),
    /// `sections/<id>.<n>.html`: page n (the 0-based second field, at least 1) of a long section.
    SectionPage(usize, usize),
    /// `sources/<id>.html`.
    Source(usize),
}

fn site_has_code(site: &Site) -> bool {
    markdown::has_code(&site.meta.intro)
        || site.sections.iter().any(|s| {
            markdown::has_code(&s.summary) || s.entries.iter().any(|e| markdown::has_code(&e.body))
        })
        || site.timeline.iter().any(|m| markdown::has_code(&m.body))
}

/// The most URLs one sitemap file may list (the sitemaps protocol's limit).
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// How many `sitemap-<n>.xml` parts `pages` URLs take: none when they fit in `sitemap.xml` itself.
fn sitemap_parts(pages: usize) -> usize {
    if pages <= SITEMAP_MAX_URLS {
        0
    } else {
        pages.div_ceil(SITEMAP_MAX_URLS)
    }
}

fn robots(site: &Site) -> String {
    match &site.meta.base_url {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A writer that accepts `room` bytes, then fails.
    struct FailAfter {
        room: usize,
    }

    impl Write for FailAfter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_sitemap_over_the_protocol_limit_is_split_into_parts_under_an_index() {
        assert_eq!(sitemap_parts(0), 0);
        assert_eq!(sitemap_parts(SITEMAP_MAX_URLS), 0);
        assert_eq!(sitemap_parts(SITEMAP_MAX_URLS + 1), 2);
        assert_eq!(sitemap_parts(3 * SITEMAP_MAX_URLS), 3);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut site, theme, _, _) = crate::resolve_site(root).expect("the real dossier resolves");
        site.meta.base_url = Some("https://example.org/d/".to_owned());
        let plan = Plan::new(&site, &theme);
        let options = RenderOptions::default();
        let index = plan
            .render(&site, &theme, &options, "sitemap.xml", &Output::Sitemap)
            .unwrap();
        let index = String::from_utf8(index.bytes).unwrap();
        assert!(index.contains("<urlset") && index.contains("https://example.org/d/sections/"));
        let index = crate::render::exports::sitemap_index(&site, 2).unwrap();
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(index.contains("<loc>https://example.org/d/sitemap-2.xml</loc>"));
        assert!(!index.contains("sitemap-3.xml"));
    }

    #[test]
    fn a_failing_writer_is_a_write_error_not_a_template_error() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, theme, _, _) = crate::resolve_site(root).expect("the real dossier resolves");
        let plan = Plan::new(&site, &theme);
        let options = RenderOptions::default();
        for (path, output) in &plan.outputs {
            let wanted = matches!(
                output,
                Output::Page(Page::Section(0) | Page::Source(0))
                    | Output::DossierJson
                    | Output::Annotations
                    | Output::SearchShard(search::shards::Shard::Docs(0))
            );
            if !wanted {
                continue;
            }
            // Fails at once, and half-way through a large write.
            for room in [0, 1000] {
                let result = plan.render_to(
                    &site,
                    &theme,
                    &options,
                    path,
                    output,
                    &mut FailAfter { room },
                );
                match result {
                    Err(RenderError::Write(e)) => {
                        assert_eq!(e.kind(), io::ErrorKind::StorageFull, "{path}")
                    }
                    other => panic!("{path} with room for {room} bytes: {other:?}"),
                }
            }
        }
    }
}
