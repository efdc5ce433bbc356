//! Keys of outputs for incremental builds: a digest of everything an output's bytes depend on, so that an
//! output whose key is the last build's can be taken from the previous site without rendering it.
//!
//! A page's key is a digest of its whole Tera context as the views fill it (every value's JSON, in order, with
//! its template's name and path; see `page_context::PageContext`) over the frame key (the binary, the theme's files,
//! the render options), but for a source page's text, the costly part, which is keyed by the digest of its
//! inputs and rendered only when the page is; a source text's key is its text, a social card's
//! its texts; the exports and the sitemap read the whole site, so they key on the digest of every input file.
//! An output without a key is always rendered.

use std::hash::Hash;
use std::io::{self, Write};

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use super::page_context::Want;
use super::pages::render_page;
use super::{put_rendered, unique_errors, Output, Page, Plan, RenderOptions, Theme};
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;

/// What the keys of a build start from.
#[derive(Debug, Clone, Copy)]
pub struct KeyBase {
    /// The binary, the theme's files and the render options: what every output depends on.
    pub frame: u128,
    /// `frame` and every input file: what an output reading the whole site depends on.
    pub inputs: u128,
}

impl Plan {
    /// Renders into the writer `put` gives each output whose key `keep` does not accept (`keep` puts the
    /// previous file in place itself, and says whether it did); returns every output's key (`None`: it has
    /// none), in plan order, or every template error. `fresh`: `keep` accepts nothing (a cold build), so each
    /// page's context is made once for both its key and its rendering.
    #[allow(clippy::too_many_arguments)]
    pub fn render_changed(
        &self,
        site: &Site,
        theme: &Theme,
        options: &RenderOptions,
        base: KeyBase,
        fresh: bool,
        keep: impl Fn(&str, u128) -> bool + Sync,
        put: impl Fn(&str, &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) + Sync,
    ) -> Result<Vec<Option<u128>>, Vec<Diagnostic>> {
        let want = if fresh { Want::Both } else { Want::Key };
        let done: Vec<(Option<u128>, Option<Diagnostic>)> = self
            .outputs
            .par_iter()
            .with_max_len(1)
            .map(|(path, output)| {
                let Output::Page(page) = output else {
                    let key = self.output_key(site, base, path, output);
                    if key.is_some_and(|k| keep(path, k)) {
                        return (key, None);
                    }
                    let rendered = |out: &mut dyn Write| {
                        self.render_to(site, theme, options, path, output, out)
                    };
                    return (key, put_rendered(path, &put, rendered));
                };
                let made = self.page_context_but_text(site, theme, *page, path, want);
                let (template, context, key) = match made {
                    Ok((template, filled)) => {
                        let (context, key) = filled.finish(base.frame, path, template);
                        (template, context, key)
                    }
                    Err(d) => return (None, Some(d)),
                };
                // A source page's text is keyed by its inputs, rendered only if the page is.
                let text_of = match page {
                    Page::Source(si) => Some(*si),
                    _ => None,
                };
                let key = key.map(|k| match text_of {
                    Some(si) => with_text(k, site, &self.labels.ui, si),
                    None => k,
                });
                if key.is_some_and(|k| keep(path, k)) {
                    return (key, None);
                }
                let mut context = match context {
                    Some(context) => context,
                    None => match self.page_context(site, theme, *page, path) {
                        Ok((_, context)) => context,
                        Err(d) => return (key, Some(d)),
                    },
                };
                // A context made for the key lacks the text; one made again has it.
                if let (Some(si), true) = (text_of, want == Want::Both) {
                    super::views::source_text_html(site, &self.labels, si, &mut context);
                }
                let rendered =
                    |out: &mut dyn Write| render_page(theme, options, template, &context, out);
                (key, put_rendered(path, &put, rendered))
            })
            .collect();
        let (keys, errors): (Vec<_>, Vec<_>) = done.into_iter().unzip();
        unique_errors(errors.into_iter().flatten().collect())?;
        Ok(keys)
    }

    /// The key of an output that is not a page.
    fn output_key(&self, site: &Site, base: KeyBase, path: &str, output: &Output) -> Option<u128> {
        let mut h = Xxh3::new();
        path.hash(&mut h);
        match output {
            // Small: rendered every time.
            Output::Robots | Output::Page(_) => return None,
            Output::SourceText(i) => {
                h.update(&base.frame.to_le_bytes());
                site.sources[*i].text.hash(&mut h);
            }
            Output::Static(file) => {
                h.update(&base.frame.to_le_bytes());
                file.hash(&mut h);
                // The highlighting rules are appended to the stylesheet when the site has code.
                (path == "assets/style.css" && super::site_has_code(site)).hash(&mut h);
            }
            Output::Card(section) => {
                // A card is drawn from its few texts alone (title, counts, language).
                h.update(&base.frame.to_le_bytes());
                super::views::card(site, &self.labels.ui, *section).hash(&mut h);
            }
            Output::SearchIndex
            | Output::SearchShard(_)
            | Output::Annotations
            | Output::DossierJson
            | Output::Sitemap
            | Output::SitemapPart(_) => {
                h.update(&base.inputs.to_le_bytes());
                format!("{output:?}").hash(&mut h);
            }
        }
        Some(h.digest128())
    }
}

/// A page's key `key` with the digest of its source text's inputs.
fn with_text(key: u128, site: &Site, ui: &super::i18n::Ui, si: usize) -> u128 {
    let root = super::source_text::SOURCE_PAGE_ROOT;
    pair_digest(key, super::source_text::inputs_digest(site, ui, si, root))
}

/// Digest of two digests, in order.
fn pair_digest(a: u128, b: u128) -> u128 {
    let mut pair = [0u8; 32];
    pair[..16].copy_from_slice(&a.to_le_bytes());
    pair[16..].copy_from_slice(&b.to_le_bytes());
    xxh3_128(&pair)
}
