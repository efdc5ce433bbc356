//! A dossier far larger than the showcase, generated (the benchmark's dossier-shaped corpus): every page stays
//! under the page-weight budget, long lists split over pages, and no link or fragment is broken.

mod common;

#[path = "../examples/bench_corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use dossier::render::search::shards::link_shard;
use dossier::render::search::terms::{js_cmp, strip_marks, words, TermIndex};
use dossier::render::{OutputFile, RenderOptions, PAGE_BUDGET};
use serde_json::Value;

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
                .filter(|a| !a.ends_with("search-index.js"))
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
    search_shards_hold_what_a_query_needs(&built);
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

/// The search index of a large dossier is split: every word shard holds the words of its range (each term
/// under its key and each of its forms), document shard k holds documents k * c to (k + 1) * c, each link
/// shard the links that hash to it; and the shards a query's word names hold the documents it finds.
fn search_shards_hold_what_a_query_needs(built: &dossier::Built) {
    let files = &built.files;
    let m = common::search_manifest(files);
    let n = m["n"].as_u64().unwrap() as usize;
    let c = m["c"].as_u64().unwrap() as usize;
    let p: Vec<&str> = m["p"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect();
    let t = common::search_shards(files, "t");
    let d = common::search_shards(files, "d");
    let h = common::search_shards(files, "h");
    assert!(
        t.len() > 3 && d.len() > 100 && h.len() > 3,
        "{} {} {}",
        t.len(),
        d.len(),
        h.len()
    );
    assert_eq!(
        (t.len(), d.len(), h.len()),
        (
            p.len() + 1,
            n.div_ceil(c),
            m["h"].as_u64().unwrap() as usize
        )
    );
    assert!(p.windows(2).all(|w| js_cmp(w[0], w[1]) == Ordering::Less));
    let shard_of = |word: &str| p.partition_point(|b| js_cmp(b, word) != Ordering::Greater);
    // Each term is in the shard of its key and of each folded form, and only there.
    let mut found_in: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (k, rows) in &t {
        for row in rows.as_array().unwrap() {
            found_in
                .entry(row[0].as_str().unwrap().to_owned())
                .or_default()
                .insert(*k);
        }
    }
    let terms = common::search_terms(files);
    for row in terms["t"].as_array().unwrap() {
        let key = row[0].as_str().unwrap();
        let mut names: BTreeSet<usize> = BTreeSet::from([shard_of(key)]);
        for form in row
            .get(2)
            .and_then(Value::as_str)
            .unwrap_or("")
            .split(' ')
            .filter(|f| !f.is_empty())
        {
            let form = match form.strip_prefix('-') {
                Some(rest) => format!("{key}{rest}"),
                None => form.to_owned(),
            };
            names.insert(shard_of(&strip_marks(&form)));
        }
        assert_eq!(found_in[key], names, "{key}");
    }
    // Document shards: c documents each, in order.
    for (k, shard) in &d {
        let len = shard["d"].as_array().unwrap().len();
        assert_eq!(len, c.min(n - k * c), "document shard {k}");
    }
    let docs = common::search_documents(files);
    let href = |i: usize| {
        let doc = &docs["d"][i];
        match doc["o"].as_u64() {
            Some(o) => format!(
                "{}#{}",
                docs["s"][o as usize]["h"].as_str().unwrap(),
                doc["h"].as_str().unwrap()
            ),
            None => doc["h"].as_str().unwrap().to_owned(),
        }
    };
    // Link shards: each link where its hash says, naming its document.
    let mut links = 0;
    for (k, shard) in &h {
        for (link, i) in shard.as_object().unwrap() {
            assert_eq!(link_shard(link, h.len()), *k, "{link}");
            assert_eq!(href(i.as_u64().unwrap() as usize), *link);
            links += 1;
        }
    }
    assert_eq!(links, n);
    // A query: a word of the first entry's title is in its word shard, with the entry among its documents,
    // and the document shard that number names holds the entry.
    let site = &built.site;
    let entry = &site.sections[0].entries[0];
    let first = site.entities.len();
    let word = words(&entry.title)
        .find(|w| w.chars().count() >= 5)
        .expect("a long word");
    let key = TermIndex::new(&site.meta.language).key(&word);
    let (_, rows) = &t[shard_of(&strip_marks(&word))];
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0] == key.as_str())
        .expect("the word's term");
    let postings = decode(row[1].as_str().unwrap());
    assert!(postings.contains(&(first, true)), "{word}: {postings:?}");
    let shard = &d[first / c].1["d"][first % c];
    assert_eq!(shard["t"], entry.title.as_str());
    let sizes = |prefix: &str| -> usize {
        files
            .iter()
            .filter(|f| f.path.starts_with(prefix))
            .map(|f: &OutputFile| f.bytes.len())
            .max()
            .unwrap()
    };
    let (tw, dw, hw) = (
        sizes("assets/search/t"),
        sizes("assets/search/d"),
        sizes("assets/search/h"),
    );
    eprintln!(
        "largest shards: words {tw} bytes, documents {dw}, links {hw}; manifest {}",
        common::file(files, "assets/search-index.js").len()
    );
    assert!(
        tw < 300 * 1024 && dw < 64 * 1024 && hw < 200 * 1024,
        "{tw} {dw} {hw}"
    );
}

/// A term's postings: (document, in its title).
fn decode(code: &str) -> Vec<(usize, bool)> {
    let digits = dossier::render::search::terms::DIGITS;
    let (mut doc, mut v, mut shift, mut out) = (0, 0usize, 0, Vec::new());
    for b in code.bytes() {
        let x = digits.iter().position(|&d| d == b).unwrap();
        v |= (x & 31) << shift;
        if x & 32 != 0 {
            shift += 5;
            continue;
        }
        doc += v / 2;
        out.push((doc, v % 2 == 1));
        (v, shift) = (0, 0);
    }
    out
}
