//! A loaded theme: its parsed templates, interface languages and static files (read through [`ThemeFiles`],
//! minified once), and rendering a template with it.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use tera::{Context, Tera};

use super::template_errors::{template_error, template_errors};
use super::{i18n, markdown, minify, site_has_code, theme, ThemeFiles};
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;

/// The theme template rendered once per (root, current item) and given to pages as `nav_html`.
pub(super) const NAV_TEMPLATE: &str = "nav.html";

/// A theme: parsed templates plus its static files, read through [`ThemeFiles`].
pub struct Theme {
    tera: Tera,
    files: ThemeFiles,
    /// The interface languages of the theme's `locales/`.
    locales: std::sync::Arc<i18n::Locales>,
    /// The theme has a `nav.html` partial.
    pub(super) has_nav: bool,
    /// Static files already read and minified, by path in the theme: `serve` keeps the theme across rebuilds,
    /// and each rebuild measures the pages' assets.
    minified: Mutex<HashMap<String, std::sync::Arc<Vec<u8>>>>,
}

impl Theme {
    /// Loads the theme `name` of the dossier at `root` (its `themes/<name>/` over the built-in theme);
    /// template syntax errors name the template and line.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let files =
            ThemeFiles::open(root, name).map_err(|e| vec![theme::theme_diagnostic(root, &e)])?;
        let locales = std::sync::Arc::new(i18n::Locales::load(&files)?);
        let mut tera = Tera::default();
        i18n::register(&mut tera, &locales);
        let mut templates = Vec::new();
        let mut errors = Vec::new();
        for (rel, _) in files.list("templates") {
            let Some(name) = rel
                .strip_prefix("templates/")
                .filter(|n| n.ends_with(".html"))
            else {
                continue;
            };
            match files.read(&rel).map(|b| String::from_utf8(b.into_owned())) {
                Ok(Ok(text)) => templates.push((name.to_owned(), text)),
                Ok(Err(_)) => errors.push(
                    Diagnostic::error(files.shown(&rel), "a template is not UTF-8 text")
                        .with_hint("save the template as UTF-8"),
                ),
                Err(e) => errors.push(Diagnostic::error(
                    files.shown(&rel),
                    format!("cannot read template: {e}"),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(template_errors(&files, &e));
        }
        tera.autoescape_on(vec![".html"]);
        // Escape only what HTML needs (& < > "): Tera's default also escapes `/` and `'`, bloating every URL.
        tera.set_escape_fn(escape_html);
        let has_nav = tera.get_template_names().any(|n| n == NAV_TEMPLATE);
        Ok(Theme {
            tera,
            files,
            locales,
            has_nav,
            minified: Mutex::default(),
        })
    }

    /// The interface for a dossier in `language`, and a warning when the theme has no locale for it.
    pub fn ui(
        &self,
        root: &Path,
        meta: &crate::resolve::SiteMeta,
    ) -> (std::sync::Arc<i18n::Ui>, Option<Diagnostic>) {
        let language = meta.language.as_str();
        let (ui, matched) = self.locales.pick(language);
        let warning = (!matched).then(|| {
            let file = root.join("content/dossier.yaml");
            Diagnostic::warning(
                crate::load::rel(root, &file),
                format!(
                    "the theme has no interface in `{language}`: menus, labels and dates are in English"
                ),
            )
            .at(meta.language_at.clone())
            .with_hint(format!(
                "the theme ships {}; to add one, copy {} to themes/{}/locales/<tag>.ftl and translate it (`dossier theme eject` copies the whole theme)",
                self.locales.tags().join(", "),
                self.files.shown(&format!("locales/{}.ftl", i18n::FALLBACK)).display(),
                self.files.name()
            ))
        });
        (ui, warning)
    }

    /// The theme's files (templates, static files, locales), the dossier's own over the built-in ones.
    pub fn files(&self) -> &ThemeFiles {
        &self.files
    }

    pub(super) fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| template_error(&self.files, &e))
    }

    /// Renders `template` straight into `out`; a failing `out` is a write error, not a template error.
    pub(super) fn render_to(
        &self,
        template: &str,
        context: &Context,
        out: &mut dyn Write,
    ) -> Result<(), RenderError> {
        let mut out = KeepError {
            inner: out,
            error: None,
        };
        match self.tera.render_to(template, context, &mut out) {
            Ok(()) => Ok(()),
            Err(e) => Err(match out.error.take() {
                Some(io) => RenderError::Write(io),
                None => RenderError::Template(template_error(&self.files, &e)),
            }),
        }
    }
}

/// Why an output could not be rendered into a writer.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A theme template (or a theme file) failed.
    #[error("{0}")]
    Template(Diagnostic),
    /// The writer failed.
    #[error(transparent)]
    Write(#[from] io::Error),
}

impl From<Diagnostic> for RenderError {
    fn from(d: Diagnostic) -> RenderError {
        RenderError::Template(d)
    }
}

/// A writer that keeps the first error of the writer it wraps: Tera reports a failed write as its own error.
struct KeepError<'a> {
    inner: &'a mut dyn Write,
    error: Option<io::Error>,
}

impl KeepError<'_> {
    fn keep<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        result.map_err(|e| {
            let kind = e.kind();
            self.error.get_or_insert(e);
            io::Error::from(kind)
        })
    }
}

impl Write for KeepError<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.keep(result)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let result = self.inner.write_all(buf);
        self.keep(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.keep(result)
    }
}

fn escape_html(text: &str, out: &mut dyn Write) -> io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), text)
}

impl Theme {
    /// The theme's static files: (output path under `assets/`, path in the theme), editor temp files left out.
    pub(super) fn static_files(&self) -> Vec<(String, String)> {
        self.files
            .list("static")
            .into_iter()
            .map(|(rel, _)| {
                let path = format!("assets/{}", rel.strip_prefix("static/").unwrap_or(&rel));
                (path, rel)
            })
            .collect()
    }

    /// A static file's bytes, minified, with the highlighting CSS appended to `style.css` when any code
    /// block exists.
    pub(super) fn static_file(
        &self,
        site: &Site,
        path: &str,
        rel: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut bytes = self.minified(path, rel)?.to_vec();
        if path == "assets/style.css" && site_has_code(site) {
            bytes.extend_from_slice(markdown::highlight_css().as_bytes());
        }
        Ok(bytes)
    }

    /// The static file `rel`, written to `path`, minified when it is CSS or JavaScript; read once.
    fn minified(&self, path: &str, rel: &str) -> Result<std::sync::Arc<Vec<u8>>, Diagnostic> {
        let cache = || self.minified.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bytes) = cache().get(rel) {
            return Ok(bytes.clone());
        }
        let mut bytes = self
            .files
            .read(rel)
            .map_err(|e| {
                Diagnostic::error(
                    self.files.shown(rel),
                    format!("cannot read theme file: {e}"),
                )
            })?
            .into_owned();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            if path.ends_with(".css") {
                bytes = minify::css(text).into_bytes();
            } else if path.ends_with(".js") {
                bytes = minify::js(text).into_bytes();
            }
        }
        let bytes = std::sync::Arc::new(bytes);
        cache().insert(rel.to_owned(), bytes.clone());
        Ok(bytes)
    }
}
