//! A page's template context as the views fill it, and rendering it. The views fill a [`PageContext`], which
//! makes the Tera context to render with, the page's key (a digest of every value as it is filled), or both:
//! an incremental build keys every page but renders only those whose key changed, so it asks for the key
//! alone first and never builds a Tera context for a page it keeps.

use std::cell::RefCell;
use std::io::Write;

use serde::Serialize;
use tera::Context;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use super::json_out::json_into;
use super::{views, Page, Plan, RenderError, RenderOptions, Theme, NAV_TEMPLATE};
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;

/// What a [`PageContext`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    /// The Tera context only.
    Context,
    /// The key only.
    Key,
    /// Both (a build with nothing to keep renders every page it keys).
    Both,
}

/// A page's context being filled: the Tera context, the running digest of every value, or both.
pub(super) struct PageContext {
    context: Option<Context>,
    key: Option<Xxh3>,
    /// A value did not serialise (a map with keys that are not strings): the page gets no key, so it is
    /// always rendered rather than kept on a partial digest.
    keyless: bool,
}

thread_local! {
    /// The JSON of one value on its way into a key, reused: a page inserts a dozen values.
    static JSON: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl PageContext {
    /// An empty context making what `want` asks for.
    pub(super) fn new(want: Want) -> PageContext {
        PageContext {
            context: (want != Want::Key).then(Context::new),
            key: (want != Want::Context).then(Xxh3::new),
            keyless: false,
        }
    }

    /// Inserts `value` under `name`: serialised into the Tera context, and its JSON into the key.
    pub(super) fn insert<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Some(h) = &mut self.key {
            JSON.with_borrow_mut(|json| {
                json.clear();
                self.keyless |= sonic_rs::to_writer(&mut *json, value).is_err();
                member(h, name, b'j', json);
            });
        }
        if let Some(c) = &mut self.context {
            c.insert(name, value);
        }
    }

    /// Inserts a value made once for many pages, whose key is `digest`.
    pub(super) fn insert_shared(&mut self, name: &'static str, value: &tera::Value, digest: u128) {
        if let Some(h) = &mut self.key {
            member(h, name, b'd', &digest.to_le_bytes());
        }
        if let Some(c) = &mut self.context {
            c.insert_value(name, value.clone());
        }
    }

    /// Inserts a string value (a rendered body, the navigation), without serialising it; `safe` marks it
    /// as HTML not to escape.
    pub(super) fn insert_text(&mut self, name: &'static str, text: tera::Value) {
        if let Some(h) = &mut self.key {
            let tag = if text.is_safe() { b's' } else { b't' };
            member(h, name, tag, text.as_str().unwrap_or_default().as_bytes());
        }
        if let Some(c) = &mut self.context {
            c.insert_value(name, text);
        }
    }

    /// The Tera context (if asked for), and the key of the page at `path` with `template`, over `frame` (if
    /// asked for).
    pub(super) fn finish(
        self,
        frame: u128,
        path: &str,
        template: &str,
    ) -> (Option<Context>, Option<u128>) {
        let key = self.key.filter(|_| !self.keyless).map(|mut h| {
            member(&mut h, "", b'p', path.as_bytes());
            member(&mut h, "", b'm', template.as_bytes());
            h.update(&frame.to_le_bytes());
            h.digest128()
        });
        (self.context, key)
    }
}

/// Adds one named value to a key, framed so that no two sequences of values run together.
fn member(h: &mut Xxh3, name: &str, tag: u8, bytes: &[u8]) {
    h.update(&(name.len() as u64).to_le_bytes());
    h.update(name.as_bytes());
    h.update(&[tag]);
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The digest [`PageContext::insert_shared`] takes for a value made from `view`.
pub(super) fn shared_digest<T: Serialize + ?Sized>(view: &T) -> u128 {
    let mut json = Vec::new();
    json_into(&mut json, &view);
    xxh3_128(&json)
}

impl Plan {
    /// The template and the whole Tera context of `page` (at `path`): everything its bytes depend on but the
    /// theme and the render options.
    pub(super) fn page_context(
        &self,
        site: &Site,
        theme: &Theme,
        page: Page,
        path: &str,
    ) -> Result<(&'static str, Context), Diagnostic> {
        let (template, context) =
            self.page_context_but_text(site, theme, page, path, Want::Context)?;
        let (context, _) = context.finish(0, path, template);
        let mut context = context.unwrap_or_default();
        if let Page::Source(si) = page {
            views::source_text_html(site, &self.labels, si, &mut context);
        }
        Ok((template, context))
    }

    /// [`Plan::page_context`] without a source page's text (`text_html`), which is the costly part of the
    /// context: its digest ([`super::source_text::inputs_digest`]) keys it.
    pub(super) fn page_context_but_text(
        &self,
        site: &Site,
        theme: &Theme,
        page: Page,
        path: &str,
        want: Want,
    ) -> Result<(&'static str, PageContext), Diagnostic> {
        let mut context = PageContext::new(want);
        let template = views::page_context(site, &self.labels, page, path, &mut context);
        if theme.has_nav {
            context.insert_text("nav_html", self.nav(site, theme, page)?);
        }
        if matches!(page, Page::NotFound) {
            // Served at any depth, the 404 page carries its stylesheet (see 404.html).
            let css = theme.static_file(site, "assets/style.css", "static/style.css")?;
            let css = String::from_utf8_lossy(&css).into_owned();
            context.insert_text("inline_css", tera::Value::from(css));
        }
        Ok((template, context))
    }

    /// The navigation for `page`, rendered on first use for its (root, current item).
    fn nav(&self, site: &Site, theme: &Theme, page: Page) -> Result<tera::Value, Diagnostic> {
        let key = (views::page_root(site, page), views::nav_current(site, page));
        if let Some(nav) = self
            .navs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(nav.clone());
        }
        let context = views::nav_context(site, &self.labels.ui, &key.0, &key.1);
        // A Tera string value shares its text: every page with this nav gets it without a copy.
        let nav = tera::Value::from(theme.render(NAV_TEMPLATE, &context)?);
        self.navs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, nav.clone());
        Ok(nav)
    }
}

/// Renders a page's `template` with its `context` into `out`, with what `options` inject.
pub(super) fn render_page(
    theme: &Theme,
    options: &RenderOptions,
    template: &str,
    context: &Context,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    match &options.inject_before_body_end {
        None => theme.render_to(template, context, out)?,
        Some(inject) => {
            let mut html = theme.render(template, context)?;
            if let Some(i) = html.rfind("</body>") {
                html.insert_str(i, inject);
            }
            out.write_all(html.as_bytes())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of a context filled by `fill`.
    fn key(fill: impl Fn(&mut PageContext)) -> u128 {
        let mut c = PageContext::new(Want::Key);
        fill(&mut c);
        c.finish(1, "a.html", "t.html").1.expect("a key")
    }

    #[test]
    fn a_key_follows_every_value_its_name_the_path_and_the_template() {
        let a = key(|c| c.insert("site", &serde_json::json!({"a": 1, "b": [2, 3]})));
        assert_eq!(
            a,
            key(|c| c.insert("site", &serde_json::json!({"a": 1, "b": [2, 3]})))
        );
        assert_ne!(
            a,
            key(|c| c.insert("site", &serde_json::json!({"a": 1, "b": [3, 2]})))
        );
        assert_ne!(
            a,
            key(|c| c.insert("page", &serde_json::json!({"a": 1, "b": [2, 3]})))
        );
        assert_ne!(
            key(|c| c.insert("total", &1)),
            key(|c| c.insert("total", "1"))
        );
        // Values cannot run into each other's names.
        assert_ne!(
            key(|c| {
                c.insert("a", "b");
                c.insert("c", "d");
            }),
            key(|c| c.insert("a", "bcd"))
        );
        let text = |safe: bool| {
            key(move |c| {
                let v = if safe {
                    tera::Value::safe_string("<b>")
                } else {
                    tera::Value::normal_string("<b>")
                };
                c.insert_text("text_html", v)
            })
        };
        assert_ne!(text(true), text(false));
        let value = tera::Value::from("x");
        assert_ne!(
            key(|c| c.insert_shared("site", &value, 1)),
            key(|c| c.insert_shared("site", &value, 2))
        );
        let mut map = std::collections::BTreeMap::new();
        map.insert((1, 2), 3);
        let mut c = PageContext::new(Want::Key);
        c.insert("map", &map);
        assert_eq!(
            c.finish(1, "a.html", "t.html").1,
            None,
            "not serialisable: no key"
        );
        let mut c = PageContext::new(Want::Key);
        c.insert("x", &1);
        let other = |path: &str, template: &str, frame: u128| {
            let mut c = PageContext::new(Want::Key);
            c.insert("x", &1);
            c.finish(frame, path, template).1
        };
        let base = c.finish(1, "a.html", "t.html").1;
        assert_ne!(base, other("b.html", "t.html", 1));
        assert_ne!(base, other("a.html", "u.html", 1));
        assert_ne!(base, other("a.html", "t.html", 2));
    }

    #[test]
    fn every_page_of_the_real_dossier_keys_and_renders_the_same_whatever_is_asked() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, theme, _, _) = crate::resolve_site(root).expect("the real dossier resolves");
        let plan = Plan::new(&site, &theme);
        let mut pages = 0;
        for (path, output) in &plan.outputs {
            let super::super::Output::Page(page) = output else {
                continue;
            };
            let made = |want| {
                let (template, c) = plan
                    .page_context_but_text(&site, &theme, *page, path, want)
                    .unwrap();
                c.finish(7, path, template)
            };
            let (context, key) = made(Want::Both);
            let (alone, _) = made(Want::Context);
            let (none, key_alone) = made(Want::Key);
            assert!(key.is_some() && key == key_alone, "{path}");
            assert!(none.is_none(), "{path}");
            assert_eq!(context, alone, "{path}");
            pages += 1;
        }
        assert!(pages > 10);
    }
}
