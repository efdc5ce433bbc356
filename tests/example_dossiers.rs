//! The example dossiers under examples/dossiers/ build, pass `check --strict` and keep their shape.

use std::path::PathBuf;
use std::process::Command;

use dossier::resolve::model::{EntryKind, Stance};

fn examples() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/dossiers");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("content/dossier.yaml").is_file())
        .collect();
    found.sort();
    found
}

#[test]
fn every_example_passes_check_strictly_and_builds() {
    let examples = examples();
    assert!(!examples.is_empty(), "no example dossier found");
    for root in examples {
        let report = dossier::check::check(&root);
        assert_eq!(
            (report.errors(), report.warnings()),
            (0, 0),
            "{}: {}",
            root.display(),
            dossier::report::to_string(&report.diagnostics, &root)
        );
        let out = tempfile::tempdir().unwrap();
        let built = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("--root")
            .arg(&root)
            .args(["build", "--output"])
            .arg(out.path().join("site"))
            .output()
            .unwrap();
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        assert!(out.path().join("site/index.html").is_file());
    }
}

#[test]
fn the_french_example_has_its_own_sections_timeline_entities_claims_and_discrepancies() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/dossiers/pont-saulaie");
    let built = dossier::build_in_memory(&root, &Default::default()).expect("it builds");
    let site = &built.site;
    assert_eq!(site.meta.language, "fr");
    assert_eq!(site.sources.len(), 3);
    for source in &site.sources {
        let provenance = source.front.provenance.as_deref().unwrap_or_default();
        assert!(
            provenance.contains("fictif") && provenance.contains("CC0"),
            "{}: says it is a fictional CC0 sample: {provenance}",
            source.id
        );
    }
    assert!((2..=3).contains(&site.sections.len()));
    assert!(site.timeline.len() >= 4);
    assert!(!site.entities.is_empty());
    let entries = || site.sections.iter().flat_map(|s| &s.entries);
    assert!(entries().any(|e| e.kind == EntryKind::Claim));
    assert!(entries().any(|e| e.kind == EntryKind::Discrepancy
        && e.evidence.iter().any(|ev| ev.stance == Stance::Disputes)));
    let index = built
        .files
        .iter()
        .find(|f| f.path == "index.html")
        .expect("a front page");
    assert!(String::from_utf8_lossy(&index.bytes).contains("lang=\"fr\""));
}
