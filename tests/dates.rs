//! Date basis, expected moments and the discrepancy index: shown to readers, and the `check` warnings about
//! inferred outlets and dates that the text prints.

mod common;

use std::path::Path;
use std::process::Command;

use dossier::render::RenderOptions;

/// The dates fixture (two sources, one section, a timeline) with the real themes.
fn dates_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::repo().join("tests/fixtures/dates"), dir.path());
    common::copy_tree(&common::repo().join("themes"), &dir.path().join("themes"));
    dir
}

fn check_output(root: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier");
    assert_eq!(out.status.code(), Some(0), "warnings only, never errors");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn check_warns_about_printed_inferred_values_and_inconsistent_moments() {
    let dir = dates_site();
    let out = check_output(dir.path());
    for (message, at) in [
        (
            "the outlet `City Bulletin` is marked inferred, but the text prints it (line 10)",
            "content/articles/bulletin.txt:4:",
        ),
        (
            "the date 2024-03-05 is marked inferred, but the text prints “5 March 2024” (line 8)",
            "content/articles/bulletin.txt:6:",
        ),
        (
            "the date of `The council announces the opening` is derived, but not from what",
            "content/timeline.yaml:14:",
        ),
        (
            "`The bridge opens to traffic` is expected, so it is not shown among the key moments",
            "content/timeline.yaml:23:",
        ),
    ] {
        let found = out
            .find(message)
            .unwrap_or_else(|| panic!("no {message:?} in\n{out}"));
        assert!(
            out[found..].lines().nth(1).is_some_and(|l| l.contains(at)),
            "{message:?} not located at {at}:\n{out}"
        );
    }
    // A printed outlet and date that match nothing inferred are not reported.
    assert!(!out.contains("Harbour Gazette` is marked"), "{out}");
}

#[test]
fn readers_see_the_basis_the_expected_label_and_the_discrepancy_index() {
    let dir = dates_site();
    let built = dossier::build_in_memory(dir.path(), &RenderOptions::default()).unwrap();
    let timeline = common::unescape(common::file(&built.files, "timeline.html"));
    assert!(
        timeline.contains(r#"<span class="basis basis-derived">date worked out from "Monday" in the Gazette report dated 5 March</span>"#),
        "{timeline}"
    );
    assert!(timeline
        .contains(r#"<span class="basis basis-inferred">date inferred, not printed</span>"#));
    assert!(timeline
        .contains(r#"<span class="badge expected">Expected</span> The bridge opens to traffic"#));
    // One label per moment here (none is printed); a printed date would carry none.
    assert_eq!(timeline.matches(r#"<span class="basis "#).count(), 3);

    let index = common::unescape(common::file(&built.files, "index.html"));
    let key = &index[index.find("key-moments").expect("key moments")..];
    let key = &key[..key.find("</section>").unwrap()];
    assert!(key.contains("Engineers finish the load tests"), "{key}");
    assert!(
        !key.contains("The bridge opens"),
        "an expected moment is never a key moment: {key}"
    );
    let disc = &index[index
        .find(r#"id="discrepancies""#)
        .expect("discrepancy index")..];
    let disc = &disc[..disc.find("</section>").unwrap()];
    assert!(
        disc.contains(
            r#"<a href="sections/bridge.html#cost-figures">Forty or fifty-two million?</a>"#
        ),
        "{disc}"
    );
    assert!(
        !disc.contains("load-tests"),
        "only discrepancies are listed: {disc}"
    );
    assert!(common::file(&built.files, "about.html").contains(r#"<h2 id="discrepancies">"#));
    // The JSON export carries the basis too, for reuse.
    let json: serde_json::Value =
        serde_json::from_str(common::file(&built.files, "dossier.json")).unwrap();
    let moments = json["timeline"].as_array().unwrap();
    let opening = moments
        .iter()
        .find(|m| m["title"] == "The bridge opens to traffic")
        .unwrap();
    assert_eq!(
        (opening["basis"].as_str(), opening["expected"].as_bool()),
        (Some("inferred"), Some(true))
    );
    assert_eq!(
        moments[0]["derived_from"],
        "\"Monday\" in the Gazette report dated 5 March"
    );

    // Under a quotation from a source whose date is inferred, readers are told so; not under the others.
    let section = common::file(&built.files, "sections/bridge.html");
    let (bulletin, gazette) = (
        section.find("City Bulletin").unwrap(),
        section.find("Harbour Gazette").unwrap(),
    );
    let meta_line = |at: usize| &section[at..at + section[at..].find("</p>").unwrap()];
    assert!(
        meta_line(bulletin).contains("(date inferred)"),
        "{}",
        meta_line(bulletin)
    );
    assert!(
        !meta_line(gazette).contains("(date inferred)"),
        "{}",
        meta_line(gazette)
    );
}

#[test]
fn a_dossier_without_discrepancies_has_no_discrepancy_index() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::repo().join("tests/fixtures/base"), dir.path());
    common::copy_tree(&common::repo().join("themes"), &dir.path().join("themes"));
    let built = dossier::build_in_memory(dir.path(), &RenderOptions::default()).unwrap();
    assert!(!common::file(&built.files, "index.html").contains("discrepanc"));
    assert!(!common::file(&built.files, "about.html").contains(r#"id="discrepancies""#));
}

#[test]
fn the_real_timeline_marks_the_announced_meeting_as_expected_and_never_key() {
    let built = common::real_built();
    let expected: Vec<_> = built.site.timeline.iter().filter(|m| m.expected).collect();
    assert!(!expected.is_empty());
    assert!(expected.iter().all(|m| !m.key));
    let index = common::file(&built.files, "index.html");
    for m in expected {
        assert!(
            !index.contains(&format!("timeline.html#{}", m.id)),
            "{} is on the front page",
            m.id
        );
    }
}

#[test]
fn a_printed_date_is_found_in_the_texts_own_language() {
    let dir = dates_site();
    let path = dir.path().join("content/articles/bulletin.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace(
            "published_inferred: true\n",
            "published_inferred: true\nlanguage: fr\n",
        )
        .replace("Posted 5 March 2024.", "Publié le 5\u{a0}mars 2024.");
    std::fs::write(&path, text).unwrap();
    let out = check_output(dir.path());
    assert!(
        out.contains(
            "the date 2024-03-05 is marked inferred, but the text prints “5 mars 2024” (line 9)"
        ),
        "{out}"
    );
}
