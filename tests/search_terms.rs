//! The search page's word index (the word shards `assets/search/t<k>.js`) on real dossiers: stems shared by
//! inflections, documents numbered as in the document shards, every posting backed by its document's words
//! (or by the names of an entity it names), title marks where the word is in a title, and the index's size
//! reported by `build --verbose`.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use dossier::render::search::fold;
use dossier::render::search::terms::{strip_marks, words};
use dossier::render::RenderOptions;
use serde_json::Value;

/// (key, [(document, in title)], forms) of each term.
type Terms = Vec<(String, Vec<(usize, bool)>, Vec<String>)>;

fn terms(index: &Value) -> Terms {
    index["t"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let t = t.as_array().unwrap();
            let key = t[0].as_str().unwrap().to_owned();
            let digits = dossier::render::search::terms::DIGITS;
            let (mut doc, mut v, mut shift) = (0, 0usize, 0);
            let mut postings = Vec::new();
            for b in t[1].as_str().unwrap().bytes() {
                let d = digits.iter().position(|&x| x == b).expect("a digit");
                v |= (d & 31) << shift;
                if d & 32 != 0 {
                    shift += 5;
                    continue;
                }
                doc += v / 2;
                postings.push((doc, v % 2 == 1));
                (v, shift) = (0, 0);
            }
            let forms: Vec<String> = match t.get(2) {
                None => vec![key.clone()],
                Some(f) => f
                    .as_str()
                    .unwrap()
                    .split(' ')
                    .map(|f| match f.strip_prefix('-') {
                        Some(rest) => format!("{key}{rest}"),
                        None => f.to_owned(),
                    })
                    .collect(),
            };
            (key, postings, forms)
        })
        .collect()
}

/// The words of a search document: (title words, all words), as the build indexes them.
fn doc_words(d: &Value, credit: Option<&str>) -> (BTreeSet<String>, BTreeSet<String>) {
    let names: Vec<&str> = d["a"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
        .unwrap_or_default();
    let title = format!("{} {}", d["t"].as_str().unwrap_or(""), names.join(" "));
    let mut titled: BTreeSet<String> = words(&title).collect();
    if d["y"] == "n" {
        titled.extend(words(&fold(&title)));
    }
    let mut all = titled.clone();
    all.extend(words(d["x"].as_str().unwrap()));
    if let Some(c) = credit {
        all.extend(words(c));
    }
    (titled, all)
}

#[test]
fn every_posting_is_backed_by_its_documents_words_and_inflections_share_a_stem() {
    let built = common::real_built();
    let docs = common::search_documents(&built.files);
    let index = common::search_terms(&built.files);
    let d = docs["d"].as_array().unwrap();
    let sources = docs["s"].as_array().unwrap();
    assert_eq!(index["l"], "english");
    assert_eq!(index["n"].as_u64().unwrap() as usize, d.len());
    let terms = terms(&index);
    assert!(
        terms.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted, each key once"
    );
    let mut checked = 0;
    let mut per_doc: Vec<_> = d
        .iter()
        .map(|doc| {
            let credit = doc["o"]
                .as_u64()
                .map(|o| sources[o as usize]["t"].as_str().unwrap());
            doc_words(doc, credit)
        })
        .collect();
    // A document that names an entity is found by the entity's names (as body words, not as its title).
    let mut naming = 0;
    for (i, doc) in d.iter().enumerate() {
        for n in doc["n"].as_array().into_iter().flatten() {
            let names = per_doc[n.as_u64().unwrap() as usize].0.clone();
            per_doc[i].1.extend(names);
            naming += 1;
        }
    }
    assert!(naming > 10, "{naming} documents name an entity");
    for (key, postings, forms) in &terms {
        assert!(!postings.is_empty(), "{key}");
        assert!(postings.windows(2).all(|w| w[0].0 < w[1].0), "{key}");
        for &(doc, title) in postings {
            let (titled, all) = &per_doc[doc];
            assert!(
                forms.iter().any(|f| all.contains(f)),
                "{key} {forms:?} not in document {doc}"
            );
            assert_eq!(
                title,
                forms.iter().any(|f| titled.contains(f)),
                "{key}: title mark of document {doc}"
            );
            checked += 1;
        }
        // Keys are stems folded: no marks, lower case.
        assert_eq!(&strip_marks(key), key);
        assert_eq!(&key.to_lowercase(), key);
    }
    assert!(checked > 5_000, "{checked} postings");
    // And the other way: every word of every document is indexed.
    let indexed: BTreeSet<&str> = terms
        .iter()
        .flat_map(|(_, _, f)| f.iter().map(String::as_str))
        .collect();
    for (_, all) in &per_doc {
        assert!(all.iter().all(|w| indexed.contains(w.as_str())));
    }
    let deni = terms.iter().find(|(k, _, _)| k == "deni").expect("deni");
    assert!(deni.2.contains(&"denied".to_owned()) && deni.2.contains(&"denies".to_owned()));
    let compact: usize = built
        .files
        .iter()
        .filter(|f| f.path.starts_with("assets/search/t"))
        .map(|f| f.bytes.len())
        .sum();
    let text: usize = d.iter().map(|d| d["x"].as_str().unwrap().len()).sum();
    eprintln!(
        "word shards: {compact} bytes, {} keys, for {text} bytes of document text",
        terms.len()
    );
    assert!(
        compact * 10 < text * 6,
        "{compact} bytes of words for {text} of text"
    );
    // Postings take about a byte each: gaps as varints, no separators.
    let digits: usize = index["t"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t[1].as_str().unwrap().len())
        .sum();
    let postings: usize = terms.iter().map(|t| t.1.len()).sum();
    assert!(
        digits * 10 <= postings * 14,
        "{digits} digits for {postings} postings"
    );
}

#[test]
fn the_french_example_is_stemmed_in_french() {
    let built = dossier::build_in_memory(
        &common::repo().join("examples/dossiers/pont-saulaie"),
        &RenderOptions::default(),
    )
    .unwrap();
    let index = common::search_terms(&built.files);
    assert_eq!(index["l"], "french");
    let terms = terms(&index);
    let ferm = terms.iter().find(|(k, _, _)| k == "ferm").expect("ferm");
    assert!(ferm.2.iter().any(|f| f == "fermé"), "{:?}", ferm.2);
}

#[test]
fn build_verbose_reports_the_search_index_bytes() {
    let dir = common::real_dossier_copy();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(dir.path())
        .args(["build", "--verbose"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    let dist = dir.path().join("dist");
    let manifest = std::fs::metadata(dist.join("assets/search-index.js"))
        .unwrap()
        .len();
    assert!(
        listing.contains(&format!("assets/search-index.js  {manifest} bytes")),
        "{listing}"
    );
    // A dossier this size has one shard of each kind.
    for kind in ["t", "d", "h"] {
        let size = std::fs::metadata(dist.join(format!("assets/search/{kind}0.js")))
            .unwrap()
            .len();
        assert!(
            listing.contains(&format!(
                "assets/search/{kind}*.js  {size} bytes in 1 shard(s)"
            )),
            "{kind}: {listing}"
        );
    }
}
