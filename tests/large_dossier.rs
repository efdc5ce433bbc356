//! A dossier far larger than the showcase, generated (the benchmark's dossier-shaped corpus): every page stays
//! under the page-weight budget, long lists split over pages, and no link or fragment is broken.

#[path = "../examples/bench_corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::collections::HashMap;

use dossier::render::{RenderOptions, PAGE_BUDGET};

#[test]
fn a_thousand_source_dossier_has_every_page_under_budget_and_no_broken_link() {
    let tmp = tempfile::tempdir().unwrap();
    corpus::generate_dossier_shaped(1000, 6, tmp.path()).unwrap();
    let built = dossier::build_in_memory(tmp.path(), &RenderOptions::default()).expect("it builds");
    let bytes: HashMap<&str, usize> = built
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.len()))
        .collect();
    // Every page, the later pages of a long list too, has its own description.
    let mut descriptions = std::collections::HashMap::new();
    for f in built
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html") && f.path != "404.html")
    {
        let html = String::from_utf8_lossy(&f.bytes);
        let at = html
            .find("<meta name=\"description\" content=\"")
            .map(|i| i + 34);
        let description = at.and_then(|i| html[i..].split('"').next().map(str::to_owned));
        let description = description.unwrap_or_else(|| panic!("{} has no description", f.path));
        if let Some(other) = descriptions.insert(description, f.path.clone()) {
            panic!("{} and {other} have the same description", f.path);
        }
    }
    let mut pages = 0;
    for (path, n) in &bytes {
        if path.ends_with(".html") {
            pages += 1;
            // What this page loads (stylesheets, scripts, the icon), the search data aside as in the browser check.
            let html = built
                .files
                .iter()
                .find(|f| f.path == *path)
                .map(|f| String::from_utf8_lossy(&f.bytes))
                .unwrap();
            let assets: usize = loaded_assets(&html)
                .filter(|a| !a.ends_with("search-index.js") && !a.ends_with("search-terms.js"))
                .map(|a| {
                    bytes
                        .get(a.as_str())
                        .copied()
                        .unwrap_or_else(|| panic!("{path} loads {a}, not built"))
                })
                .sum();
            assert!(
                n + assets <= PAGE_BUDGET,
                "{path}: {n} bytes + {assets} of CSS and JS"
            );
        }
    }
    // Each section of about 1,370 entries is split, and so are the corroboration page and the sources.
    let site = &built.site;
    for (si, s) in site.sections.iter().enumerate() {
        let count = site.section_page_count(si);
        assert!(count > 10, "{}: {count} pages", s.id);
        for p in 0..count {
            assert!(bytes.contains_key(site.section_page_href(si, p).as_str()));
        }
        // An entry on a later page is linked there, from anywhere.
        let last = s.entries.len() - 1;
        let href = site.entry_href((si, last));
        let page = format!("sections/{}.{count}.html#", s.id);
        assert!(href.starts_with(&page), "{href}");
    }
    assert!(bytes.contains_key("corroboration.2.html"));
    assert!(bytes.contains_key("sources/index.2.html"));
    assert!(pages > 1000 + 4 * 10, "{pages} pages");
    let broken = dossier::check::verify_links(&built.files);
    assert!(
        broken.is_empty(),
        "{} broken links, first: {:?}",
        broken.len(),
        broken.first()
    );
}

/// The site paths of the files a page names in `href="…assets/…"` or `src="…assets/…"`.
fn loaded_assets(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split(['"', '\''])
        .filter_map(|v| v.find("assets/").map(|at| v[at..].to_owned()))
}
