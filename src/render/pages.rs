//! A page's template context, filled by the views (see [`PageContext`]), and rendering it.

use std::io::Write;

use tera::Context;

use super::page_context::{PageContext, Want};
use super::{views, Page, Plan, RenderError, RenderOptions, Theme, NAV_TEMPLATE};
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;

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
