//! Shared wording, wired into the build: two texts carry one 22-word wire paragraph under different outlets and
//! no `origin:`. Their pages link to each other, `dossier.json` lists the run, and `check` warns at the second
//! text's `outlet:` line until both declare the origin.

mod common;

use std::fs;
use std::path::Path;

use dossier::render::RenderOptions;

use common::file;

const WIRE: &str = "The port authority said dredging of the main channel would start next week and last until the end of the summer season.";

fn fixture() -> std::path::PathBuf {
    common::repo().join("tests/fixtures/shared-wire")
}

fn shared_warnings(root: &Path) -> Vec<String> {
    dossier::check::check(root)
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .filter(|d| d.contains("shares"))
        .collect()
}

/// Source `id`'s object in a `dossier.json`.
fn source_json(json: &serde_json::Value, id: &str) -> serde_json::Value {
    json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
        .clone()
}

/// Source `id`'s shared runs in a `dossier.json`, each as an object: `with` and the fields its head names.
fn shared_runs(json: &serde_json::Value, id: &str) -> Vec<serde_json::Value> {
    let fields = json["shared_run_fields"].as_array().unwrap();
    let mut out = Vec::new();
    for group in source_json(json, id)["shared"].as_array().unwrap() {
        for run in group["runs"].as_array().unwrap() {
            let run = run.as_array().unwrap();
            assert_eq!(run.len(), fields.len(), "{run:?}");
            let mut object = serde_json::Map::new();
            object.insert("with".into(), group["with"].clone());
            for (name, value) in fields.iter().zip(run) {
                object.insert(name.as_str().unwrap().into(), value.clone());
            }
            out.push(serde_json::Value::Object(object));
        }
    }
    out
}

#[test]
fn source_pages_link_the_shared_passage_both_ways() {
    let b = dossier::build_in_memory(&fixture(), &RenderOptions::default()).unwrap();
    let alpha = file(&b.files, "sources/alpha.html");
    // The run starts on the second paragraph of both texts.
    assert!(
        alpha.contains(
            r##"<a href="#p-2">“The port authority said dredging of the main…”</a> also appears in <a href="beta.html#p-2">Dredging to start soon</a> (22 words)."##
        ),
        "{alpha}"
    );
    let beta = file(&b.files, "sources/beta.html");
    assert!(
        beta.contains(r#"also appears in <a href="alpha.html#p-2">Harbour works begin</a>"#),
        "{beta}"
    );
    // The target paragraph exists on the linked page.
    assert!(beta.contains(r#"<p id="p-2""#));
    let gamma = file(&b.files, "sources/gamma.html");
    assert!(!gamma.contains("shared-wording"), "{gamma}");
    assert!(!gamma.contains("Shared wording"));
}

#[test]
fn the_real_dossier_shows_no_shared_wording() {
    let b = common::real_built();
    assert!(b.site.shared.is_empty());
    for f in b.files.iter().filter(|f| f.path.starts_with("sources/")) {
        let page = String::from_utf8_lossy(&f.bytes);
        assert!(!page.contains("shared-wording"), "{}", f.path);
    }
}

#[test]
fn dossier_json_lists_the_run_in_both_sources() {
    let b = dossier::build_in_memory(&fixture(), &RenderOptions::default()).unwrap();
    let json: serde_json::Value = serde_json::from_str(file(&b.files, "dossier.json")).unwrap();
    let source = |id: &str| source_json(&json, id);
    let alpha = source("alpha");
    let shared = shared_runs(&json, "alpha");
    assert_eq!(shared.len(), 1, "{shared:?}");
    let run = &shared[0];
    assert_eq!(run["with"], "beta");
    assert_eq!(run["words"], 22);
    let text = alpha["text"].as_str().unwrap();
    let (start, end) = (
        run["utf8_start"].as_u64().unwrap() as usize,
        run["utf8_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], WIRE.trim_end_matches('.'));
    let beta = source("beta");
    let beta_text = beta["text"].as_str().unwrap();
    let (os, oe) = (
        run["other_utf8_start"].as_u64().unwrap() as usize,
        run["other_utf8_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&beta_text[os..oe], &text[start..end]);
    assert_eq!(shared_runs(&json, "beta")[0]["with"], "alpha");
    assert_eq!(
        shared_runs(&json, "beta")[0]["other_utf8_start"],
        run["utf8_start"]
    );
    assert_eq!(source("gamma")["shared"].as_array().unwrap().len(), 0);
}

#[test]
fn check_warns_at_the_second_sources_outlet_line() {
    let warnings = shared_warnings(&fixture());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert!(
        w.starts_with(
            "content/articles/beta.txt:3:9: warning: source `beta` shares 22 words with `alpha`"
        ),
        "{w}"
    );
    assert!(w.contains("set `origin:` on both"), "{w}");
}

#[test]
fn declaring_the_origin_on_both_silences_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&fixture(), dir.path());
    let articles = dir.path().join("content/articles");
    let set_origin = |id: &str, origin: &str| {
        let path = articles.join(format!("{id}.txt"));
        let text = fs::read_to_string(&path).unwrap();
        let text = text.replacen("published:", &format!("origin: {origin}\npublished:"), 1);
        fs::write(&path, text).unwrap();
    };
    // One side only: the origins still differ, and the warning moves to that line.
    set_origin("beta", "Coast Wire");
    let warnings = shared_warnings(dir.path());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/articles/beta.txt:4:9:"),
        "{}",
        warnings[0]
    );
    set_origin("alpha", "coast wire");
    assert_eq!(shared_warnings(dir.path()), Vec::<String>::new());
}

#[test]
fn a_long_list_of_shared_passages_is_cut_on_the_page_and_whole_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_tree(&fixture(), root);
    // 25 separate runs, each broken from the next by a line only alpha has.
    let runs: Vec<String> = (0..25)
        .map(|i| format!("Paragraph number {i} of the notice repeats the same eleven words here."))
        .collect();
    // The wire line stays, so the fixture's quotes still anchor.
    let alpha: String = runs
        .iter()
        .map(|r| format!("{r}\nOnly alpha says this.\n"))
        .collect::<String>()
        + WIRE;
    let beta: String = runs
        .iter()
        .map(|r| format!("{r}\nOnly beta writes that.\n"))
        .collect::<String>()
        + WIRE;
    for (id, body) in [("alpha", alpha), ("beta", beta)] {
        let path = root.join(format!("content/articles/{id}.txt"));
        let text = fs::read_to_string(&path).unwrap();
        let front_end = text[3..].find("\n---\n").unwrap() + 3 + 5;
        let front: String = text[..front_end]
            .lines()
            .filter(|l| !l.starts_with("fingerprint"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(&path, format!("{front}{body}")).unwrap();
    }
    let b = dossier::build_in_memory(root, &RenderOptions::default()).unwrap();
    let page = file(&b.files, "sources/alpha.html");
    assert_eq!(page.matches("also appears in").count(), 20, "{page}");
    assert!(
        page.contains("6 more shared passages are listed in dossier.json."),
        "{page}"
    );
    let json: serde_json::Value = serde_json::from_str(file(&b.files, "dossier.json")).unwrap();
    let runs = shared_runs(&json, "alpha");
    assert!(runs.len() >= 26, "{runs:?}");
    assert!(runs.iter().all(|r| r["with"] == "beta"), "{runs:?}");
    // One group per partner, its runs in text order.
    assert_eq!(
        source_json(&json, "alpha")["shared"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let starts: Vec<u64> = runs
        .iter()
        .map(|r| r["utf8_start"].as_u64().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
}

#[test]
fn one_warning_per_pair_of_origins_counts_the_other_pairs_of_their_sources() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&fixture(), dir.path());
    let articles = dir.path().join("content/articles");
    for (id, outlet) in [("alpha2", "Harbour Daily"), ("beta2", "Valley Post")] {
        fs::write(
            articles.join(format!("{id}.txt")),
            format!("---\ntitle: Again\noutlet: {outlet}\npublished: 2024-03-06\n---\nA new first line for {id}.\n{WIRE}\n"),
        )
        .unwrap();
    }
    let warnings = shared_warnings(dir.path());
    // Four pairs of sources across the two outlets, one pair of origins: one warning; the two pairs within an
    // outlet are one origin and say nothing.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]
            .contains("3 more pairs of sources from these two origins share substantial wording"),
        "{}",
        warnings[0]
    );
}

#[test]
fn past_twenty_pairs_of_origins_one_warning_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&fixture(), dir.path());
    let articles = dir.path().join("content/articles");
    // Alpha, beta and 5 more outlets carrying the wire: 7 origins, 21 pairs of them.
    for i in 0..5 {
        fs::write(
            articles.join(format!("extra{i}.txt")),
            format!("---\ntitle: Again\noutlet: Outlet {i}\npublished: 2024-03-06\n---\nLine {i} first.\n{WIRE}\n"),
        )
        .unwrap();
    }
    let warnings = shared_warnings(dir.path());
    assert_eq!(warnings.len(), 20, "{warnings:?}");
    let all: Vec<String> = dossier::check::check(dir.path())
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    let more: Vec<&String> = all
        .iter()
        .filter(|w| w.contains("more pairs of origins"))
        .collect();
    assert_eq!(more.len(), 1, "{warnings:?}");
    assert!(
        more[0].contains("1 more pairs of origins share substantial wording"),
        "{}",
        more[0]
    );
}

#[test]
fn a_source_lists_its_closest_partners_and_counts_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_tree(&fixture(), root);
    let articles = root.join("content/articles");
    let sentence =
        |i: usize| format!("Clause {i} of the ordinance sets fee band {i} for all moorings.");
    // 20 words of its own: no run of eight is shared with any other passage.
    let long = |i: usize, j: usize| {
        (0..20)
            .map(|w| format!("berth{i}x{j}n{w}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let write = |id: &str, body: &str| {
        fs::write(
            articles.join(format!("{id}.txt")),
            format!(
                "---\ntitle: Text {id}\noutlet: Outlet {id}\npublished: 2024-03-06\n---\n{body}\n"
            ),
        )
        .unwrap();
    };
    // `hub` shares one 11-word sentence with each of 16 texts, and the wire paragraph with alpha and beta. Each
    // text has the hub as its only partner and lists it, so the hub's page names all 18 though it lists 12.
    let hub: String = (0..16)
        .map(|i| format!("{}\nOnly the hub.\n", sentence(i)))
        .collect();
    write("hub", &format!("{hub}{WIRE}"));
    for i in 0..16 {
        write(
            &format!("t{i:02}"),
            &format!("Line {i} alone.\n{}", sentence(i)),
        );
    }
    // `lone` shares a sentence with each of 16 `u` texts and lists 12 (ties go to the earlier id); the last
    // four `u` texts each share a longer passage with 12 `w` texts, which they list first: neither side lists
    // those four pairs.
    let lone: String = (100..116)
        .map(|i| format!("{}\nOnly lone.\n", sentence(i)))
        .collect();
    write("lone", &lone);
    for i in 100..116 {
        let mut body = format!("Line {i} alone.\n{}", sentence(i));
        if i >= 112 {
            for j in 0..12 {
                body.push_str(&format!("\nBreak {j}.\n{}", long(i, j)));
                write(
                    &format!("w{i}-{j:02}"),
                    &format!("Item {j}.\n{}", long(i, j)),
                );
            }
        }
        write(&format!("u{i}"), &body);
    }
    let b = dossier::build_in_memory(root, &RenderOptions::default()).unwrap();
    let json: serde_json::Value = serde_json::from_str(file(&b.files, "dossier.json")).unwrap();
    let source = |id: &str| source_json(&json, id);
    let partners = |id: &str| {
        let mut with: Vec<String> = source(id)["shared"]
            .as_array()
            .unwrap()
            .iter()
            .map(|group| group["with"].as_str().unwrap().to_owned())
            .collect();
        with.sort();
        with.dedup();
        with
    };
    assert_eq!(partners("hub").len(), 18, "{:?}", partners("hub"));
    assert_eq!(source("hub")["shared_unlisted"], 0);
    let hub_page = file(&b.files, "sources/hub.html");
    assert!(!hub_page.contains("share less wording"), "{hub_page}");
    let listed: Vec<String> = (100..112).map(|i| format!("u{i}")).collect();
    assert_eq!(partners("lone"), listed);
    assert_eq!(source("lone")["shared_unlisted"], 4);
    assert_eq!(source("u115")["shared_unlisted"], 1);
    assert_eq!(partners("u115").len(), 12);
    let page = file(&b.files, "sources/lone.html");
    assert!(
        page.contains("4 other sources share less wording with this text and are not listed."),
        "{page}"
    );
}
