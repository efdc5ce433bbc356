//! Keys of outputs for incremental builds: a digest of everything an output's bytes depend on, so that an
//! output whose key is the last build's can be taken from the previous site without rendering it.
//!
//! A page's key is its whole Tera context (with its template's name) over the frame key (the binary, the
//! theme's files, the render options), but for a source page's text, the costly part, which is keyed by the
//! digest of its inputs and rendered only when the page is; a source text's key is its text, a social card's
//! its texts; the exports and the sitemap read the whole site, so they key on the digest of every input file.
//! An output without a key is always rendered.

use std::hash::Hash;
use std::io::{self, Write};

use rayon::prelude::*;
use tera::{Context, Value};
use xxhash_rust::xxh3::{xxh3_128, xxh3_128_with_seed, xxh3_64, Xxh3};

use super::{render_page, unique_errors, Output, Page, Plan, RenderError, RenderOptions, Theme};
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;

/// Every key a page context may hold. A context with another key gets no key (it is always rendered), and a
/// test renders every page of the repository's dossier to see that none does.
const CONTEXT_KEYS: &[&str] = &[
    "counts",
    "current",
    "discrepancies",
    "discrepancy_count",
    "entries",
    "grid",
    "groups",
    "inline_css",
    "intro_html",
    "js_messages",
    "key_moments",
    "matrix",
    "moment_count",
    "moments",
    "nav_html",
    "next",
    "number",
    "origin_groups",
    "page",
    "pager",
    "prev",
    "publication",
    "root",
    "section",
    "sections",
    "shared",
    "shared_more",
    "shared_unlisted",
    "single",
    "site",
    "source",
    "source_total",
    "sources",
    "summary_html",
    "text_html",
    "total",
    super::i18n::UI_VAR,
];

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
    /// none), in plan order, or every template error.
    pub fn render_changed(
        &self,
        site: &Site,
        theme: &Theme,
        options: &RenderOptions,
        base: KeyBase,
        keep: impl Fn(&str, u128) -> bool + Sync,
        put: impl Fn(&str, &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) + Sync,
    ) -> Result<Vec<Option<u128>>, Vec<Diagnostic>> {
        let done: Vec<(Option<u128>, Option<Diagnostic>)> = self
            .outputs
            .par_iter()
            .with_max_len(1)
            .map(|(path, output)| {
                let mut page = match output {
                    Output::Page(page) => {
                        match self.page_context_but_text(site, theme, *page, path) {
                            Ok(context) => Some(context),
                            Err(d) => return (None, Some(d)),
                        }
                    }
                    _ => None,
                };
                let text_of = match output {
                    Output::Page(Page::Source(si)) => Some(*si),
                    _ => None,
                };
                let key = match &page {
                    Some((template, context)) => {
                        let key = context_key(base.frame, path, template, context);
                        // A source page's text is keyed by its inputs, rendered only if the page is.
                        key.map(|k| match text_of {
                            Some(si) => with_text(k, site, &self.labels.ui, si),
                            None => k,
                        })
                    }
                    None => self.output_key(site, base, path, output),
                };
                if key.is_some_and(|k| keep(path, k)) {
                    return (key, None);
                }
                if let (Some((_, context)), Some(si)) = (page.as_mut(), text_of) {
                    super::views::source_text_html(site, &self.labels, si, context);
                }
                let mut template_error = None;
                put(path, &mut |out| {
                    let rendered = match &page {
                        Some((template, context)) => {
                            render_page(theme, options, template, context, out)
                        }
                        None => self.render_to(site, theme, options, path, output, out),
                    };
                    match rendered {
                        Ok(()) => Ok(()),
                        Err(RenderError::Template(d)) => {
                            template_error = Some(d);
                            Ok(())
                        }
                        Err(RenderError::Write(e)) => Err(e),
                    }
                });
                (key, template_error)
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

/// The key of a page: its template and every value of its context; `None` if the context holds a key not in
/// [`CONTEXT_KEYS`].
fn context_key(frame: u128, path: &str, template: &str, context: &Context) -> Option<u128> {
    let mut h = Xxh3::new();
    h.update(&frame.to_le_bytes());
    path.hash(&mut h);
    template.hash(&mut h);
    let mut rest = context.clone();
    for key in CONTEXT_KEYS {
        if let Some(value) = rest.remove(key) {
            key.hash(&mut h);
            h.update(&value_digest(&value).to_le_bytes());
        }
    }
    (rest == Context::new()).then(|| h.digest128())
}

/// Digest of `value`, whole: its kind, whether a string is safe (unescaped), every item in order and every
/// map entry in any order (Tera's maps do not keep one). Small inputs get one-shot digests: a streaming hasher
/// for each map entry was most of the cost of keying a page.
fn value_digest(value: &Value) -> u128 {
    let kind = xxh3_64(value.name().as_bytes());
    if let Some(map) = value.as_map() {
        // Each entry digested on its own and the digests summed: the same whatever the order.
        let mut sum = 0u128;
        for (k, v) in map {
            let key = match k.as_str() {
                Some(text) => xxh3_128_with_seed(text.as_bytes(), 0),
                None => xxh3_128_with_seed(k.to_string().as_bytes(), 1),
            };
            sum = sum.wrapping_add(pair_digest(key, value_digest(v)));
        }
        let mut head = [0u8; 16];
        head[..8].copy_from_slice(&kind.to_le_bytes());
        head[8..].copy_from_slice(&(map.len() as u64).to_le_bytes());
        pair_digest(xxh3_128(&head), sum)
    } else if let Some(items) = value.as_array() {
        let mut h = Xxh3::with_seed(kind);
        items.len().hash(&mut h);
        for item in items {
            h.update(&value_digest(item).to_le_bytes());
        }
        h.digest128()
    } else if let Some(text) = value.as_str() {
        xxh3_128_with_seed(
            text.as_bytes(),
            kind.wrapping_add(u64::from(value.is_safe())),
        )
    } else if let Some(bytes) = value.as_bytes() {
        xxh3_128_with_seed(bytes, kind)
    } else {
        // Numbers, booleans, none and undefined: their text, after their kind.
        xxh3_128_with_seed(value.to_string().as_bytes(), kind)
    }
}

/// Digest of two digests, in order.
fn pair_digest(a: u128, b: u128) -> u128 {
    let mut pair = [0u8; 32];
    pair[..16].copy_from_slice(&a.to_le_bytes());
    pair[16..].copy_from_slice(&b.to_le_bytes());
    xxh3_128(&pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page `page` has a key (its context holds only known keys).
    fn page_has_key(plan: &Plan, site: &Site, theme: &Theme, page: Page, path: &str) -> bool {
        let (template, context) = plan.page_context(site, theme, page, path).unwrap();
        context_key(0, path, template, &context).is_some()
    }

    fn key(pairs: &[(&'static str, Value)]) -> Option<u128> {
        let mut c = Context::new();
        for (k, v) in pairs {
            c.insert_value(*k, v.clone());
        }
        context_key(1, "a.html", "t.html", &c)
    }

    #[test]
    fn a_context_key_follows_every_value_and_not_map_order() {
        let map = |pairs: &[(&str, i64)]| {
            let mut m = tera::Map::default();
            for (k, v) in pairs {
                m.insert(k.to_string().into(), Value::from(*v));
            }
            Value::from(m)
        };
        let a = key(&[("site", map(&[("a", 1), ("b", 2)]))]);
        assert!(a.is_some());
        assert_eq!(a, key(&[("site", map(&[("b", 2), ("a", 1)]))]));
        assert_ne!(a, key(&[("site", map(&[("a", 1), ("b", 3)]))]));
        assert_ne!(a, key(&[("site", map(&[("a", 2), ("b", 1)]))]));
        assert_ne!(a, key(&[("page", map(&[("a", 1), ("b", 2)]))]));
        let text = key(&[("text_html", Value::normal_string("<b>"))]);
        assert_ne!(text, key(&[("text_html", Value::safe_string("<b>"))]));
        assert_ne!(
            key(&[("total", Value::from(1))]),
            key(&[("total", Value::from("1"))])
        );
        assert_ne!(
            key(&[("entries", Value::from(vec![1, 2]))]),
            key(&[("entries", Value::from(vec![2, 1]))])
        );
        assert_eq!(key(&[("unknown", Value::from(1))]), None);
        // Nested maps, in arrays: order-free inside each map, and every value counts.
        let nested = |a: i64, b: i64, first: bool| {
            let mut m = tera::Map::default();
            let (x, y) = (("x", map(&[("a", a), ("b", b)])), ("y", Value::from("t")));
            let (p, q) = if first { (x, y) } else { (y, x) };
            m.insert(p.0.to_string().into(), p.1);
            m.insert(q.0.to_string().into(), q.1);
            Value::from(vec![Value::from(m)])
        };
        let n = key(&[("entries", nested(1, 2, true))]);
        assert_eq!(n, key(&[("entries", nested(1, 2, false))]));
        assert_ne!(n, key(&[("entries", nested(2, 1, true))]));
    }

    #[test]
    fn every_page_of_the_real_dossier_has_a_key() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, theme, _, _) = crate::resolve_site(root).expect("the real dossier resolves");
        let plan = Plan::new(&site, &theme);
        for (path, output) in &plan.outputs {
            if let Output::Page(page) = output {
                assert!(
                    page_has_key(&plan, &site, &theme, *page, path),
                    "{path}: its context holds a key missing from CONTEXT_KEYS"
                );
            }
        }
    }
}
