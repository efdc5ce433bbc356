//! Stage 3: render the resolved site to files in memory, with the theme's Tera templates.

mod exports;
mod jsonld;
pub mod markdown;
mod minify;
pub mod search;
pub mod source_text;
mod views;

pub use exports::{code_points, ANNO_CONTEXT};
pub use views::MATRIX_MAX_SOURCES;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::resolve::Site;

/// One file of the built site: a path relative to the output root (forward slashes) and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative path, e.g. `sections/train.html`.
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

/// A theme: parsed templates plus its static files.
pub struct Theme {
    tera: Tera,
    dir: PathBuf,
}

impl Theme {
    /// Loads `themes/<name>` under `root`; template syntax errors name the template and line.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let dir = root.join("themes").join(name);
        let shown = crate::load::rel(root, &dir);
        if !dir.join("templates").is_dir() {
            return Err(vec![Diagnostic::error(
                crate::load::rel(root, &root.join("content/dossier.yaml")),
                format!("theme `{name}` not found: {} has no templates/ folder", shown.display()),
            )
            .with_hint("set `theme:` in content/dossier.yaml to a folder under themes/ (the default is `default`)")]);
        }
        let mut tera = Tera::default();
        let mut files = Vec::new();
        for entry in WalkDir::new(dir.join("templates")).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "html") {
                let name = path
                    .strip_prefix(dir.join("templates"))
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((path.to_path_buf(), Some(name)));
            }
        }
        if let Err(e) = tera.add_template_files(files) {
            return Err(vec![template_error(root, &dir, &e)]);
        }
        tera.autoescape_on(vec![".html"]);
        // Escape only what HTML needs (& < > "): Tera's default also escapes `/` and `'`, bloating every URL.
        tera.set_escape_fn(escape_html);
        Ok(Theme { tera, dir })
    }

    fn render(&self, template: &str, context: &Context, root: &Path) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| template_error(root, &self.dir, &e))
    }
}

fn escape_html(text: &str) -> String {
    markdown::escape(text)
}

/// A template error with the template's file and, where Tera says it, the line.
fn template_error(root: &Path, theme_dir: &Path, err: &tera::Error) -> Diagnostic {
    let mut chain = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let text = chain.join(": ");
    // Tera names the template in quotes: "Failed to render 'section.html'" or "Failed to parse \"...\"".
    let name = text
        .split(['\'', '"'])
        .nth(1)
        .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned())
        .unwrap_or_default();
    let file = if name.ends_with(".html") {
        crate::load::rel(root, &theme_dir.join("templates").join(&name))
    } else {
        crate::load::rel(root, theme_dir)
    };
    let line = text
        .split_once("-->")
        .and_then(|(_, rest)| rest.trim_start().split(':').next())
        .and_then(|n| n.trim().parse::<usize>().ok());
    let location = line.map(|l| crate::diagnostic::Location {
        line: l,
        column: 1,
        start: 0,
        end: 0,
    });
    let mut message = chain.last().cloned().unwrap_or_default();
    if chain.len() > 1 {
        message = format!("template error: {}", chain[1..].join(": "));
    }
    let message = message
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Diagnostic::error(file, message)
        .at(location)
        .with_hint(format!(
            "in theme template `{name}`: fix the template; the previous site is left untouched"
        ))
}

/// Renders every page and static file of `site` with the theme.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut jobs: Vec<Page> = vec![
        Page::Index,
        Page::Sources,
        Page::Timeline,
        Page::About,
        Page::NotFound,
        Page::Matrix,
        Page::Search,
    ];
    if !site.entities.is_empty() {
        jobs.push(Page::Entities);
    }
    jobs.extend((0..site.sections.len()).map(Page::Section));
    jobs.extend((0..site.sources.len()).map(Page::Source));

    // The pages and the exports are independent: render them side by side.
    let (rendered, (search_index, (annotations, dossier_json))) = rayon::join(
        || render_pages(site, theme, options, &jobs),
        || {
            rayon::join(
                || search::index_js(site),
                || {
                    rayon::join(
                        || exports::annotations(site),
                        || exports::dossier_json(site),
                    )
                },
            )
        },
    );
    let mut files = Vec::with_capacity(rendered.len() + 8);
    let mut errors = Vec::new();
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(d) => {
                if !errors.contains(&d) {
                    errors.push(d);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut pages: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect();
    pages.sort_unstable();
    let sitemap = exports::sitemap(site, &pages);
    files.extend(static_files(site, theme)?);
    let mut extra = vec![
        ("robots.txt".to_owned(), robots(site)),
        ("assets/search-index.js".to_owned(), search_index),
        ("annotations.jsonld".to_owned(), annotations),
        ("dossier.json".to_owned(), dossier_json),
    ];
    if let Some(sitemap) = sitemap {
        extra.push(("sitemap.xml".to_owned(), sitemap));
    }
    for (i, s) in site.sources.iter().enumerate() {
        extra.push((exports::text_path(site, i), s.text.clone()));
    }
    files.extend(extra.into_iter().map(|(path, text)| OutputFile {
        path,
        bytes: text.into_bytes(),
    }));
    Ok(files)
}

fn render_pages(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    jobs: &[Page],
) -> Vec<Result<OutputFile, Diagnostic>> {
    jobs.par_iter()
        .map(|page| {
            let (path, template, context) = views::page_context(site, *page);
            let mut html = theme.render(template, &context, &site.root)?;
            if let Some(inject) = &options.inject_before_body_end {
                if let Some(i) = html.rfind("</body>") {
                    html.insert_str(i, inject);
                }
            }
            Ok(OutputFile {
                path,
                bytes: html.into_bytes(),
            })
        })
        .collect()
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
    /// `sources/<id>.html`.
    Source(usize),
}

/// The theme's static files, with the highlighting CSS appended to `style.css` when any code block exists.
fn static_files(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let dir = theme.dir.join("static");
    let mut out = Vec::new();
    let needs_highlighting = site_has_code(site);
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file()
            || crate::load::is_editor_temp(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let path = format!("assets/{}", rel.to_string_lossy().replace('\\', "/"));
        let mut bytes = std::fs::read(entry.path()).map_err(|e| {
            vec![Diagnostic::error(
                crate::load::rel(&site.root, entry.path()),
                format!("cannot read theme file: {e}"),
            )]
        })?;
        if let Ok(text) = std::str::from_utf8(&bytes) {
            if path.ends_with(".css") {
                bytes = minify::css(text).into_bytes();
            } else if path.ends_with(".js") {
                bytes = minify::js(text).into_bytes();
            }
        }
        if path == "assets/style.css" && needs_highlighting {
            bytes.extend_from_slice(markdown::highlight_css().as_bytes());
        }
        out.push(OutputFile { path, bytes });
    }
    Ok(out)
}

fn site_has_code(site: &Site) -> bool {
    markdown::has_code(&site.meta.intro)
        || site.sections.iter().any(|s| {
            markdown::has_code(&s.summary) || s.entries.iter().any(|e| markdown::has_code(&e.body))
        })
        || site.timeline.iter().any(|m| markdown::has_code(&m.body))
}

fn robots(site: &Site) -> String {
    match &site.meta.base_url {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_owned(),
    }
}

/// Serialises a view into a Tera context value.
fn insert<T: Serialize + ?Sized>(context: &mut Context, key: &str, value: &T) {
    context.insert(key, value);
}
