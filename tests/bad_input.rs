//! Every bad-input fixture under tests/fixtures/bad fails the build with the expected, located messages.

mod common;

use std::fs;

use dossier::render::RenderOptions;

/// The one-line form of every diagnostic of a failed build.
fn diagnostics_of(case: &str) -> String {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/bad").join(case));
    match dossier::build_in_memory(site.path(), &RenderOptions::default()) {
        Ok(_) => panic!("fixture `{case}` built without error"),
        Err(dossier::Error::Content(diags)) => diags.iter().map(|d| format!("{d}\n")).collect(),
        Err(e) => panic!("fixture `{case}`: unexpected error {e}"),
    }
}

#[test]
fn base_fixture_builds() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    assert_eq!(built.site.passages.len(), 2);
}

#[test]
fn every_bad_fixture_reports_its_expected_messages() {
    let dir = common::repo().join("tests/fixtures/bad");
    let mut cases: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "fixtures missing: {cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let actual = diagnostics_of(case);
        if std::env::var_os("DOSSIER_SHOW").is_some() {
            println!("=== {case}\n{actual}");
        }
        let expected = fs::read_to_string(dir.join(case).join("expected.txt")).unwrap_or_default();
        if expected.trim().is_empty() {
            failures.push(format!("fixture `{case}` has no expected.txt"));
        }
        let errors = |text: &str| text.lines().filter(|l| l.contains(": error: ")).count();
        if errors(&actual) != errors(&expected) {
            failures.push(format!(
                "{case}: expected {} errors, got {}:\n{actual}",
                errors(&expected),
                errors(&actual)
            ));
        }
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            if !actual.contains(line) {
                failures.push(format!("{case}: missing `{line}`\n--- actual:\n{actual}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
