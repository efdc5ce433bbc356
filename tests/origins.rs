//! Independent origins: two texts that reprint one wire story and one independent text. Counts are in origins,
//! the corroboration grid groups its columns by origin, and `check` warns about a claim whose support is one
//! origin reprinted.

mod common;

use dossier::render::RenderOptions;

use common::file;

fn fixture() -> std::path::PathBuf {
    common::repo().join("tests/fixtures/origins")
}

fn built() -> dossier::Built {
    dossier::build_in_memory(&fixture(), &RenderOptions::default()).unwrap()
}

#[test]
fn sources_sharing_an_origin_count_once() {
    let site = built().site;
    let names: Vec<&str> = site.origins.iter().map(|o| o.name.as_str()).collect();
    // `coast  wire` in one text and `Coast Wire` in the other are the same agency.
    assert_eq!(names, ["Coast Wire", "City Radio"]);
    let counts = |id: &str| {
        let (s, e) = site.entry_index[id];
        let o = &site.sections[s].entries[e].origins;
        (o.supports.len(), o.disputes.len(), o.all.len())
    };
    assert_eq!(counts("opened"), (2, 0, 2));
    assert_eq!(counts("ribbon"), (1, 0, 1));
    assert_eq!(counts("toll"), (1, 1, 2));
}

#[test]
fn pages_say_how_many_independent_origins_speak() {
    let b = built();
    let index = file(&b.files, "index.html");
    // Two texts carry `ribbon`, but they are one origin: by source nothing rests on one text.
    assert!(
        index.contains("1 point rests on one independent origin"),
        "{index}"
    );
    let section = file(&b.files, "sections/bridge.html");
    for expected in [
        "Supported by 2 independent origins (3 texts)",
        "Supported by 1 independent origin (2 texts)</span> · <span>Disputed by 1 independent origin (1 text)",
    ] {
        assert!(section.contains(expected), "{expected}\n{section}");
    }
}

#[test]
fn the_grid_groups_columns_by_origin() {
    let b = built();
    let page = file(&b.files, "corroboration.html");
    assert!(
        page.contains("1 of 3 points rests on one independent origin"),
        "{page}"
    );
    // Source ids sort gazette, radio, times; the columns put the two wire texts side by side.
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at(">GAZETTE<") < at(">TIMES<") && at(">TIMES<") < at(">RADIO<"));
    assert!(page.contains(r#"<colgroup class="origin" span="2"></colgroup><colgroup class="origin" span="1"></colgroup>"#));
    assert!(page.contains(
        r#"<th scope="colgroup" colspan="2"><span class="visually-hidden">Origin: </span>Coast Wire</th>"#
    ));
    // The ribbon row: both wire texts support, the radio is silent, in column order; flagged single origin.
    let row = &page[at("#ribbon\">")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("single origin"), "{row}");
    let cells: Vec<&str> = row
        .split("<td class=\"cell ")
        .skip(1)
        .map(|c| &c[..c.find('"').unwrap()])
        .collect();
    assert_eq!(cells, ["supports", "supports", "silent"]);
}

#[test]
fn check_warns_at_the_claim_whose_support_is_one_origin() {
    let report = dossier::check::check(&fixture());
    let warnings: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .filter(|m| m.contains("come from one origin"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("claim `toll` is supported by 2 sources (gazette, times) that all come from one origin, Coast Wire"),
        "{warnings:?}"
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("come from one origin"))
        .unwrap();
    // At the entry's `id:` line.
    assert_eq!(
        d.location.as_ref().map(|l| (l.line, l.column)),
        Some((22, 9))
    );
    // `opened` has three supporting texts from two origins, `ribbon` is a fact: neither is warned about.
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("`opened`") || d.message.contains("`ribbon`")));
}

#[test]
fn dossier_json_names_each_sources_origin_and_each_entrys_origins() {
    let b = built();
    let json: serde_json::Value = serde_json::from_str(file(&b.files, "dossier.json")).unwrap();
    let origin_of = |id: &str| {
        json["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .map(|s| s["independent_origin"].clone())
            .unwrap()
    };
    assert_eq!(origin_of("times"), "Coast Wire");
    assert_eq!(origin_of("radio"), "City Radio");
    let toll = json["sections"][0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "toll")
        .unwrap();
    assert_eq!(
        toll["origins"],
        serde_json::json!({"supports": ["Coast Wire"], "disputes": ["City Radio"], "context": []})
    );
}
