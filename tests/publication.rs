//! Publication metadata on the built site: per-page descriptions and titles, the byline, dates and
//! corrections, the front page's JSON-LD, and the social cards.

mod common;

use std::collections::BTreeMap;
use std::fs;

use dossier::render::{OutputFile, RenderOptions};

/// The `content` of the first `<meta {attr}="{name}" content="...">` of a page, unescaped.
fn meta(html: &str, attr: &str, name: &str) -> Option<String> {
    let start = format!("<meta {attr}=\"{name}\" content=\"");
    let at = html.find(&start)? + start.len();
    let end = html[at..].find('"')? + at;
    Some(common::unescape(&html[at..end]))
}

fn title(html: &str) -> String {
    let at = html.find("<title>").unwrap() + "<title>".len();
    let end = html[at..].find("</title>").unwrap() + at;
    common::unescape(&html[at..end])
}

fn pages(files: &[OutputFile]) -> impl Iterator<Item = (&str, &str)> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.as_str(), std::str::from_utf8(&f.bytes).unwrap()))
}

fn png_size(files: &[OutputFile], path: &str) -> (u32, u32) {
    let png = &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .bytes;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{path} is a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn jsonld(html: &str) -> serde_json::Value {
    let start = "<script type=\"application/ld+json\">";
    let at = html.find(start).expect("a JSON-LD block") + start.len();
    let end = html[at..].find("</script>").unwrap() + at;
    serde_json::from_str(&html[at..end]).unwrap()
}

#[test]
fn every_page_has_its_own_description_and_source_pages_are_titled_as_annotated_sources() {
    let built = common::real_built();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (path, html) in pages(&built.files) {
        let description =
            meta(html, "name", "description").unwrap_or_else(|| panic!("{path}: no description"));
        assert!(
            (40..=200).contains(&description.chars().count()),
            "{path}: {description}"
        );
        assert_eq!(
            meta(html, "property", "og:description").as_deref(),
            Some(description.as_str())
        );
        if let Some(other) = seen.insert(description.clone(), path) {
            panic!("{path} and {other} share the description {description:?}");
        }
        // og:title is the page's whole title, never a bare headline.
        assert_eq!(
            meta(html, "property", "og:title"),
            Some(title(html)),
            "{path}"
        );
    }
    assert!(seen.len() >= 15, "{} pages", seen.len());
    let site = &built.site;
    for source in &site.sources {
        let html = common::file(&built.files, &format!("sources/{}.html", source.id));
        let outlet = source
            .front
            .origin
            .as_deref()
            .unwrap_or(&source.front.outlet);
        assert_eq!(
            title(html),
            format!(
                "{outlet}: {} — annotated source — {}",
                source.front.title, site.meta.title
            )
        );
        let description = meta(html, "name", "description").unwrap();
        assert!(description.contains(&source.front.title), "{description}");
    }
    // A quotation cut mid-sentence is marked so; one that is a whole sentence is not.
    let section = common::file(&built.files, "sections/train.html");
    let quotes: Vec<&str> = section
        .split("<blockquote><p>")
        .skip(1)
        .map(|q| &q[..q.find("</p></blockquote>").unwrap()])
        .collect();
    assert!(quotes.iter().any(|q| q.starts_with('…')));
    assert!(quotes.iter().any(|q| q.ends_with('…')));
    assert!(
        quotes
            .iter()
            .any(|q| !q.starts_with('…') && !q.ends_with('…')),
        "some quotations are whole sentences"
    );
    // A section's description is its summary's words, typeset.
    let train = common::file(&built.files, "sections/train.html");
    assert!(meta(train, "name", "description")
        .unwrap()
        .starts_with("Kim Jong-un travelled to Russia on his armoured private train"));
}

#[test]
fn byline_dates_and_corrections_show_on_the_front_and_about_pages_and_in_json_ld() {
    let built = common::real_built();
    let index = common::file(&built.files, "index.html");
    assert!(index.contains("<p class=\"byline\"><span class=\"authors\">By Dossier editorial team</span> · Published <time datetime=\"2026-11-23\">23 November 2026</time>, updated <time datetime=\"2026-12-01\">1 December 2026</time></p>"), "{index}");
    assert!(index.contains(
        "<a href=\"about.html#corrections\">2 corrections</a> have been made since publication."
    ));
    let about = common::file(&built.files, "about.html");
    assert!(about.contains("<h3 id=\"corrections\">Corrections</h3>"));
    assert_eq!(
        about.matches("<li><time datetime=\"2026-12-01\">").count(),
        2
    );
    let graph = jsonld(index);
    let items = graph["@graph"].as_array().unwrap();
    assert_eq!(graph["@context"], "https://schema.org");
    assert_eq!(items[0]["@type"], "WebSite");
    assert_eq!(items[0]["name"], built.site.meta.title.as_str());
    let report = &items[1];
    assert_eq!(report["@type"], "Report");
    assert_eq!(report["headline"], built.site.meta.title.as_str());
    assert_eq!(report["isPartOf"]["@id"], items[0]["@id"]);
    assert_eq!(report["author"][0]["@type"], "Organization");
    assert_eq!(report["author"][0]["name"], "Dossier editorial team");
    assert_eq!(report["datePublished"], "2026-11-23");
    assert_eq!(report["dateModified"], "2026-12-01");
    assert_eq!(report["correction"].as_array().unwrap().len(), 2);
    assert_eq!(report["correction"][0]["@type"], "CorrectionComment");
    // dossier.json carries the same record.
    let model: serde_json::Value =
        serde_json::from_str(common::file(&built.files, "dossier.json")).unwrap();
    assert_eq!(model["authors"][0]["kind"], "organisation");
    assert_eq!(model["published"], "2026-11-23");
    assert_eq!(model["updated"], "2026-12-01");
    assert_eq!(model["corrections"][1]["date"], "2026-12-01");
    // Only the front page describes the dossier as a whole.
    let jsonld_pages = pages(&built.files)
        .filter(|(_, h)| h.contains("\"@type\":\"Report\""))
        .count();
    assert_eq!(jsonld_pages, 1);
}

#[test]
fn without_publication_fields_nothing_is_shown_or_claimed() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    let index = common::file(&built.files, "index.html");
    assert!(!index.contains("class=\"byline\""));
    assert!(!index.contains("corrections-note"));
    assert!(!common::file(&built.files, "about.html").contains("id=\"publication\""));
    let graph = jsonld(index);
    let report = &graph["@graph"][1];
    for field in ["author", "datePublished", "dateModified", "correction"] {
        assert!(report.get(field).is_none(), "{field}: {report}");
    }
}

#[test]
fn social_cards_are_1200_by_630_and_linked_only_with_a_base_url() {
    let built = common::real_built();
    assert_eq!(png_size(&built.files, "cards/index.png"), (1200, 630));
    for section in &built.site.sections {
        assert_eq!(
            png_size(&built.files, &format!("cards/{}.png", section.id)),
            (1200, 630)
        );
    }
    // No base URL: Open Graph wants an absolute address, so no og:image and a small twitter card.
    for (path, html) in pages(&built.files) {
        assert!(!html.contains("og:image"), "{path}");
        assert_eq!(
            meta(html, "name", "twitter:card").as_deref(),
            Some("summary")
        );
    }
    let dir = common::real_dossier_copy();
    let yaml = dir.path().join("content/dossier.yaml");
    let text = fs::read_to_string(&yaml).unwrap();
    fs::write(&yaml, format!("base_url: https://example.org/d/\n{text}")).unwrap();
    let built = dossier::build_in_memory(dir.path(), &RenderOptions::default()).unwrap();
    let section = &built.site.sections[1];
    let html = common::file(&built.files, &format!("sections/{}.html", section.id));
    assert_eq!(
        meta(html, "property", "og:image"),
        Some(format!("https://example.org/d/cards/{}.png", section.id))
    );
    assert_eq!(
        meta(html, "name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    let index = common::file(&built.files, "index.html");
    assert_eq!(
        meta(index, "property", "og:image").as_deref(),
        Some("https://example.org/d/cards/index.png")
    );
    assert_eq!(
        jsonld(index)["@graph"][1]["image"],
        "https://example.org/d/cards/index.png"
    );
    assert!(!common::file(&built.files, "404.html").contains("og:image"));
}
