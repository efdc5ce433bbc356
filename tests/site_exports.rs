//! Machine-readable exports meet their specs' required fields: W3C Web Annotations, schema.org ClaimReview,
//! `dossier.json` offsets, `sitemap.xml` and canonical links (only with a `base_url`), text-fragment links.

mod common;

use std::collections::HashSet;
use std::fs;

use dossier::render::{OutputFile, RenderOptions};
use dossier::resolve::{EntryKind, Site};
use html5gum::{Token, Tokenizer};
use serde_json::Value;

fn build(root: &std::path::Path) -> dossier::Built {
    dossier::build_in_memory(root, &RenderOptions::default()).expect("the dossier builds")
}

use common::file;

fn json(files: &[OutputFile], path: &str) -> Value {
    serde_json::from_str(file(files, path)).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

/// Code points `start..end` of `text`.
fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn evidence_count(site: &Site) -> usize {
    site.sections
        .iter()
        .flat_map(|s| &s.entries)
        .map(|e| e.evidence.len())
        .sum::<usize>()
        + site
            .timeline
            .iter()
            .map(|m| m.evidence.len())
            .sum::<usize>()
}

/// A copy of the real dossier with `base_url` set.
fn with_base_url() -> tempfile::TempDir {
    let dir = common::real_dossier_copy();
    let path = dir.path().join("content/dossier.yaml");
    let yaml = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        yaml.replacen(
            "theme: default\n",
            "theme: default\nbase_url: https://example.org/kim-train\n",
            1,
        ),
    )
    .unwrap();
    dir
}

#[test]
fn every_evidence_link_is_a_w3c_web_annotation() {
    let built = build(&common::repo());
    let site = &built.site;
    let doc = json(&built.files, "annotations.jsonld");
    assert_eq!(doc["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(doc["type"], "AnnotationCollection");
    assert!(doc["id"].as_str().is_some_and(|s| !s.is_empty()));
    let page = &doc["first"];
    assert_eq!(page["type"], "AnnotationPage");
    let items = page["items"].as_array().expect("items");
    assert_eq!(items.len(), evidence_count(site));
    assert_eq!(doc["total"].as_u64(), Some(items.len() as u64));
    let mut ids = HashSet::new();
    for a in items {
        assert_eq!(a["@context"], dossier::render::ANNO_CONTEXT, "{a}");
        assert_eq!(a["type"], "Annotation");
        let id = a["id"].as_str().expect("id");
        assert!(ids.insert(id.to_owned()), "duplicate id {id}");
        assert!(a["motivation"].is_string());
        let body = a["body"].as_array().expect("body");
        assert!(body.iter().any(|b| b["purpose"] == "linking"
            && b["source"].as_str().is_some_and(|s| s.contains(".html#"))));
        assert!(body.iter().any(|b| b["purpose"] == "tagging"
            && ["supports", "disputes", "context"].contains(&b["value"].as_str().unwrap())));
        let target = &a["target"];
        let source = target["source"].as_str().expect("target.source");
        let text = file(&built.files, source);
        let selectors = target["selector"].as_array().expect("selectors");
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("a TextQuoteSelector");
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("a TextPositionSelector");
        let exact = quote["exact"].as_str().expect("exact");
        let (prefix, suffix) = (
            quote["prefix"].as_str().expect("prefix"),
            quote["suffix"].as_str().expect("suffix"),
        );
        let (start, end) = (
            position["start"].as_u64().expect("start"),
            position["end"].as_u64().expect("end"),
        );
        assert!(start < end);
        // Positions count Unicode code points of the published text; the quote is exactly there.
        assert_eq!(slice(text, start, end), exact, "{id}");
        let before = slice(
            text,
            start.saturating_sub(prefix.chars().count() as u64),
            start,
        );
        assert_eq!(before, prefix, "{id} prefix");
        let after = slice(text, end, end + suffix.chars().count() as u64);
        assert_eq!(after, suffix, "{id} suffix");
        assert!(prefix.chars().count() <= 32 && suffix.chars().count() <= 32);
        let scope = target["scope"].as_str().expect("scope");
        let (page, fragment) = scope.split_once('#').unwrap();
        assert!(file(&built.files, page).contains(&format!("id=\"{fragment}\"")));
    }
    // The published texts are the sources, byte for byte.
    for s in &site.sources {
        assert_eq!(
            file(&built.files, &format!("sources/{}.txt", s.id)),
            s.text.as_str()
        );
    }
}

/// The JSON-LD blocks of a page.
fn json_ld(html: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut inside = false;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(t) if t.name.as_slice() == b"script" => {
                inside = t.attributes.get(b"type".as_slice()).map(|v| v.as_slice())
                    == Some(b"application/ld+json".as_slice());
            }
            Token::String(s) if inside => {
                out.push(serde_json::from_slice(&s).expect("valid JSON-LD"));
            }
            Token::EndTag(_) => inside = false,
            _ => {}
        }
    }
    out
}

#[test]
fn claims_carry_schema_org_claim_reviews() {
    let built = build(&common::repo());
    let site = &built.site;
    let mut claims = 0;
    for (si, section) in site.sections.iter().enumerate() {
        let html = file(&built.files, &site.section_href(si));
        let reviews = json_ld(html);
        let section_claims: Vec<_> = section
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Claim)
            .collect();
        assert_eq!(
            reviews.len(),
            section_claims.len(),
            "section {}",
            section.id
        );
        for (r, e) in reviews.iter().zip(&section_claims) {
            claims += 1;
            assert_eq!(r["@context"], "https://schema.org");
            assert_eq!(r["@type"], "ClaimReview");
            assert_eq!(r["claimReviewed"], e.title.as_str());
            assert_eq!(
                r["url"].as_str(),
                Some(format!("#{}", e.id).as_str()),
                "without a base_url the url is the entry's fragment"
            );
            assert_eq!(r["author"]["@type"], "Organization");
            assert_eq!(r["author"]["name"], site.meta.title.as_str());
            let rating = &r["reviewRating"];
            assert_eq!(rating["@type"], "Rating");
            let status = format!("{:?}", e.status.unwrap());
            assert_eq!(rating["alternateName"].as_str(), Some(status.as_str()));
            let item = &r["itemReviewed"];
            assert_eq!(item["@type"], "Claim");
            assert_eq!(item["author"]["name"], e.claimant.as_deref().unwrap());
            assert!(item["author"]["@type"].is_string());
            let appearances = item["appearance"].as_array().expect("appearance");
            assert!(!appearances.is_empty(), "claim {} has no appearance", e.id);
            for a in appearances {
                assert_eq!(a["@type"], "CreativeWork");
                assert!(a["headline"].is_string() && a["datePublished"].is_string());
                assert!(a["publisher"]["name"].is_string());
            }
            assert!(item["datePublished"].is_string());
        }
    }
    assert!(claims >= 10, "{claims} claim reviews");
}

#[test]
fn dossier_json_is_the_whole_model_with_round_tripping_offsets() {
    let built = build(&common::repo());
    let site = &built.site;
    let doc = json(&built.files, "dossier.json");
    assert_eq!(doc["format"], "dossier");
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["title"], site.meta.title.as_str());
    let sources = doc["sources"].as_array().unwrap();
    assert_eq!(sources.len(), site.sources.len());
    let text_of = |id: &str| -> &str {
        sources.iter().find(|s| s["id"] == id).unwrap()["text"]
            .as_str()
            .unwrap()
    };
    for (s, model) in sources.iter().zip(&site.sources) {
        assert_eq!(s["text"].as_str(), Some(model.text.as_str()));
        assert_eq!(
            s["length"].as_u64(),
            Some(model.text.chars().count() as u64)
        );
        for p in s["paragraphs"].as_array().unwrap() {
            let para = slice(
                &model.text,
                p["start"].as_u64().unwrap(),
                p["end"].as_u64().unwrap(),
            );
            assert!(!para.contains('\n') && !para.trim().is_empty());
        }
    }
    let passages = doc["passages"].as_array().unwrap();
    assert_eq!(passages.len(), site.passages.len());
    for (p, model) in passages.iter().zip(0..) {
        let text = text_of(p["source"].as_str().unwrap());
        let (start, end) = (p["start"].as_u64().unwrap(), p["end"].as_u64().unwrap());
        assert_eq!(slice(text, start, end), site.passage_text(model));
        let (b0, b1) = (
            p["utf8_start"].as_u64().unwrap() as usize,
            p["utf8_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[b0..b1], p["text"].as_str().unwrap());
        assert!(!p["cited_by"].as_array().unwrap().is_empty());
    }
    let sections = doc["sections"].as_array().unwrap();
    assert_eq!(sections.len(), site.sections.len());
    let mut evidence = 0;
    for (s, model) in sections.iter().zip(&site.sections) {
        let entries = s["entries"].as_array().unwrap();
        assert_eq!(entries.len(), model.entries.len());
        for (e, m) in entries.iter().zip(&model.entries) {
            assert_eq!(e["id"], m.id.as_str());
            for ev in e["evidence"].as_array().unwrap() {
                evidence += 1;
                let text = text_of(ev["source"].as_str().unwrap());
                let quote = slice(
                    text,
                    ev["start"].as_u64().unwrap(),
                    ev["end"].as_u64().unwrap(),
                );
                assert_eq!(quote, ev["quote"].as_str().unwrap());
                assert!(passages.iter().any(|p| p["id"] == ev["passage"]));
            }
        }
    }
    for m in doc["timeline"].as_array().unwrap() {
        evidence += m["evidence"].as_array().unwrap().len();
    }
    assert_eq!(evidence, evidence_count(site));
    let entities = doc["entities"].as_array().unwrap();
    assert_eq!(entities.len(), site.entities.len());
    for e in entities {
        for m in e["mentions"].as_array().unwrap() {
            let text = text_of(m["source"].as_str().unwrap());
            let found = slice(
                text,
                m["start"].as_u64().unwrap(),
                m["end"].as_u64().unwrap(),
            );
            assert_eq!(found, m["text"].as_str().unwrap());
        }
    }
}

#[test]
fn without_a_base_url_there_is_no_sitemap_and_no_canonical_link() {
    let built = build(&common::repo());
    assert!(built.site.meta.base_url.is_none());
    assert!(!built.files.iter().any(|f| f.path == "sitemap.xml"));
    assert!(!file(&built.files, "robots.txt").contains("Sitemap"));
    for f in built.files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = std::str::from_utf8(&f.bytes).unwrap();
        assert!(!html.contains("rel=\"canonical\""), "{}", f.path);
        assert!(!html.contains("og:url"), "{}", f.path);
    }
}

#[test]
fn with_a_base_url_there_is_a_sitemap_canonical_links_and_absolute_ids() {
    let dir = with_base_url();
    let built = build(dir.path());
    let base = "https://example.org/kim-train/";
    assert_eq!(built.site.meta.base_url.as_deref(), Some(base));
    let sitemap = file(&built.files, "sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(sitemap.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    let pages: Vec<&str> = built
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect();
    assert_eq!(locs.len(), pages.len());
    assert!(locs.contains(&base), "the front page is the base URL");
    assert!(locs.contains(&"https://example.org/kim-train/sources/"));
    assert!(locs.iter().all(|l| l.starts_with(base)));
    assert!(!sitemap.contains("404"));
    assert_eq!(
        file(&built.files, "robots.txt"),
        format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
    );
    for page in &pages {
        let html = file(&built.files, page);
        let p = page.strip_suffix("index.html").unwrap_or(page);
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{base}{p}\">")),
            "{page}"
        );
        assert!(html.contains(&format!("<meta property=\"og:url\" content=\"{base}{p}\">")));
    }
    // The 404 page may be served at any depth: its links are absolute, its stylesheet inline, and it is
    // neither indexed nor anyone's canonical address.
    let not_found = file(&built.files, "404.html");
    assert!(not_found.contains(&format!("href=\"{base}index.html\"")));
    assert!(not_found.contains(&format!("href=\"{base}sources/index.html\"")));
    assert!(not_found.contains("<style>:root{"));
    assert!(!not_found.contains("rel=\"stylesheet\""));
    assert!(!not_found.contains("<base "));
    assert!(not_found.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!not_found.contains("rel=\"canonical\"") && !not_found.contains("og:url"));
    let annotations = json(&built.files, "annotations.jsonld");
    let first = &annotations["first"]["items"][0];
    assert!(first["id"].as_str().unwrap().starts_with(base));
    assert!(first["target"]["source"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{base}sources/")));
    let arms = file(&built.files, "sections/arms-deal.html");
    let review = &json_ld(arms)[0];
    assert!(review["url"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{base}sections/arms-deal.html#")));
}

#[test]
fn a_source_with_a_url_links_to_the_original_with_a_text_fragment() {
    let dir = common::real_dossier_copy();
    let path = dir.path().join("content/articles/kbs.txt");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replacen(
            "language: en\n",
            "language: en\nurl: https://world.kbs.co.kr/news/view.htm?No=1\n",
            1,
        ),
    )
    .unwrap();
    let built = build(dir.path());
    let train = file(&built.files, "sections/train.html");
    // "The official Korean Central News Agency(KCNA) said that Kim left Pyongyang on his private train on Sunday
    // afternoon": more than ten words, so a start and an end of four words each, spaces as %20.
    assert!(
        train.contains("href=\"https://world.kbs.co.kr/news/view.htm?No=1#:~:text=The%20official%20Korean%20Central,train%20on%20Sunday%20afternoon\""),
        "no text-fragment link in the train section"
    );
    let kbs = file(&built.files, "sources/kbs.html");
    assert!(kbs.contains("href=\"https://world.kbs.co.kr/news/view.htm?No=1\""));
    // Each note of the source page links to its passages in the original too: one link, one text directive
    // per passage.
    let kbs_source = built.site.sources.iter().find(|s| s.id == "kbs").unwrap();
    assert_eq!(
        kbs.matches("class=\"orig\" href=\"https://world.kbs.co.kr/news/view.htm?No=1#:~:text=")
            .count(),
        kbs.matches("<li class=\"sn\"").count()
    );
    for &p in &kbs_source.passages {
        let original = built.site.passages[p].original.as_deref().unwrap();
        let directive = original.split_once("#:~:").unwrap().1;
        assert!(
            kbs.contains(&format!("#:~:{directive}\""))
                || kbs.contains(&format!("#:~:{directive}&amp;"))
                || kbs.contains(&format!("&amp;{directive}\""))
                || kbs.contains(&format!("&amp;{directive}&amp;")),
            "no link to {original}"
        );
    }
    let model = json(&built.files, "dossier.json");
    for p in model["passages"].as_array().unwrap() {
        let original = p["original"].as_str();
        assert_eq!(original.is_some(), p["source"] == "kbs", "{p}");
    }
    // Every fragment link is well formed: no raw space, comma-separated terms, `-` only as prefix/suffix syntax.
    for link in train
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
    {
        if let Some((_, directive)) = link.split_once("#:~:text=") {
            assert!(
                !directive.contains(' ') && !directive.contains('&'),
                "{link}"
            );
            for term in directive.split(',') {
                let term = term.trim_end_matches('-').trim_start_matches('-');
                assert!(!term.contains('-') && !term.is_empty(), "{link}");
            }
        }
    }
    assert!(dossier::check::verify_links(&built.files).is_empty());
}
