//! Incremental builds on disk: a file whose bytes do not change is kept from the previous site with its inode
//! and mtime (so sync tools upload only what changed), and the output is byte for byte a cold build's.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use dossier::BuildOptions;

/// Every file of a built site: path -> (bytes, inode, mtime in ns).
type Snapshot = BTreeMap<String, (Vec<u8>, u64, i128)>;

fn snapshot(dir: &Path) -> Snapshot {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let mtime = i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec());
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (
                rel.into_owned(),
                (fs::read(e.path()).unwrap(), meta.ino(), mtime),
            )
        })
        .collect()
}

fn bytes(snap: &Snapshot) -> BTreeMap<&str, &[u8]> {
    snap.iter()
        .map(|(p, (b, _, _))| (p.as_str(), b.as_slice()))
        .collect()
}

fn build(root: &Path, out: &Path, force: bool) -> dossier::BuildSummary {
    dossier::build_with(root, Some(out), BuildOptions { force }).unwrap()
}

/// Appends ` (edited)` to the title of the first entry of the first section file.
fn edit_one_entry(root: &Path) {
    let dir = root.join("content/annotations");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let yaml = fs::read_to_string(&files[0]).unwrap();
    let at = yaml.find("\n    title: ").expect("an entry title") + 1;
    let end = at + yaml[at..].find('\n').unwrap();
    fs::write(
        &files[0],
        format!("{} (edited){}", &yaml[..end], &yaml[end..]),
    )
    .unwrap();
}

#[test]
fn unchanged_files_keep_their_inode_and_mtime_and_the_output_is_a_cold_builds() {
    let site = common::real_dossier_copy();
    let root = site.path();
    let out = root.join("dist");
    let first = build(root, &out, false);
    assert_eq!(first.unchanged, 0, "nothing to keep on a first build");
    let before = snapshot(&out);

    // No change: every file is kept as it was.
    let again = build(root, &out, false);
    assert_eq!(again.unchanged, again.files);
    assert_eq!(snapshot(&out), before, "same bytes, inodes and mtimes");

    // One entry edited: only the files whose bytes change are new.
    edit_one_entry(root);
    let edited = build(root, &out, false);
    let after = snapshot(&out);
    let cold = root.join("cold");
    build(root, &cold, true);
    assert_eq!(
        bytes(&after),
        bytes(&snapshot(&cold)),
        "byte-identical to a cold build"
    );
    let mut changed = 0;
    for (path, (new_bytes, ino, mtime)) in &after {
        let (old_bytes, old_ino, old_mtime) = &before[path];
        if new_bytes == old_bytes {
            assert_eq!((ino, mtime), (old_ino, old_mtime), "{path} kept");
        } else {
            assert_ne!(ino, old_ino, "{path} written anew");
            changed += 1;
        }
    }
    assert!(
        changed > 0 && changed < after.len() / 2,
        "{changed} of {}",
        after.len()
    );
    assert_eq!(
        edited.unchanged,
        after.len() - changed - 1,
        "all but the changed and the marker"
    );
}

#[test]
fn force_rewrites_every_file_and_a_file_edited_in_the_output_is_rewritten() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let root = site.path();
    let out = root.join("dist");
    build(root, &out, false);
    let before = snapshot(&out);
    // Same size, other bytes: compared by content, so it is rewritten.
    let index = out.join("index.html");
    let mut tampered = fs::read(&index).unwrap();
    tampered[0] ^= 0x20;
    fs::write(&index, &tampered).unwrap();
    let summary = build(root, &out, false);
    assert_eq!(summary.unchanged, summary.files - 1);
    assert_eq!(fs::read(&index).unwrap(), before["index.html"].0);

    let summary = build(root, &out, true);
    assert_eq!(summary.unchanged, 0);
    let after = snapshot(&out);
    assert_eq!(bytes(&after), bytes(&before));
    for (path, (_, ino, _)) in &after {
        assert_ne!(*ino, before[path].1, "{path} rewritten");
    }
}

/// Builds into `out` (incrementally) and, with `--force`, into a fresh folder; asserts that both hold the same
/// bytes and that every file whose bytes did not change since `before` kept its inode and mtime. Returns the
/// new snapshot and the summary.
fn step(
    root: &Path,
    out: &Path,
    before: &Snapshot,
    what: &str,
) -> (Snapshot, dossier::BuildSummary) {
    let summary = build(root, out, false);
    let after = snapshot(out);
    let cold = tempfile::tempdir().unwrap();
    build(root, &cold.path().join("site"), true);
    assert!(
        bytes(&after) == bytes(&snapshot(&cold.path().join("site"))),
        "{what}: the incremental build differs from a cold build"
    );
    for (path, (new_bytes, ino, mtime)) in &after {
        if let Some((old_bytes, old_ino, old_mtime)) = before.get(path) {
            if new_bytes == old_bytes {
                assert_eq!((ino, mtime), (old_ino, old_mtime), "{what}: {path} kept");
            }
        }
    }
    (after, summary)
}

/// Replaces the first `from` in the file at `path` by `to`.
fn replace_in(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A change to the dossier, applied in place.
type Change<'a> = Box<dyn Fn() + 'a>;

/// A source no entry cites, to add, edit and delete.
const EXTRA_SOURCE: &str = "---\ntitle: \"A council meeting\"\noutlet: \"Town Crier\"\npublished: 2023-09-14\nlanguage: en\n---\nThe council met on Thursday and approved the budget for the new library.\n";

#[test]
fn every_kind_of_change_gives_a_cold_builds_bytes_and_keeps_the_rest() {
    let site = common::real_dossier_copy();
    let root = site.path();
    let out = root.join("dist");
    let (mut before, first) = step(root, &out, &Snapshot::new(), "first build");
    assert_eq!(first.unchanged, 0);
    let record = root.join(".dist.dossier-cache");
    assert!(record.is_file(), "the record is kept beside the output");
    assert!(!out.join(".dist.dossier-cache").exists());

    // Nothing changed: nothing is rendered, every file kept.
    let (after, summary) = step(root, &out, &before, "no change");
    assert_eq!(summary.unchanged, summary.files);
    assert_eq!(
        summary.warnings, first.warnings,
        "the warnings are told again"
    );
    assert_eq!(after, before);

    let articles = root.join("content/articles");
    let changes: Vec<(&str, Change)> = vec![
        ("one edited entry", Box::new(|| edit_one_entry(root))),
        (
            "a new source",
            Box::new(|| fs::write(articles.join("zz-extra.txt"), EXTRA_SOURCE).unwrap()),
        ),
        (
            "an edited source text",
            Box::new(|| replace_in(&articles.join("zz-extra.txt"), "new library", "new school")),
        ),
        (
            "an edited theme template",
            Box::new(|| {
                replace_in(
                    &root.join("themes/default/templates/about.html"),
                    "{% endblock",
                    "<!-- edited -->{% endblock",
                )
            }),
        ),
        (
            "a changed dossier.yaml",
            Box::new(|| replace_in(&root.join("content/dossier.yaml"), "title: ", "title: New ")),
        ),
        (
            "a deleted source",
            Box::new(|| fs::remove_file(articles.join("zz-extra.txt")).unwrap()),
        ),
    ];
    for (what, change) in changes {
        change();
        let (after, summary) = step(root, &out, &before, what);
        let changed = after
            .iter()
            .filter(|(p, (b, _, _))| before.get(*p).is_none_or(|(old, _, _)| old != b))
            .count();
        assert!(changed > 0, "{what}: something changed");
        assert!(
            summary.unchanged > 0,
            "{what}: unchanged files are kept ({changed} of {} changed)",
            after.len()
        );
        before = after;
    }
}

#[test]
fn a_damaged_or_missing_record_means_a_full_build_never_a_wrong_site() {
    let site = common::real_dossier_copy();
    let root = site.path();
    let out = root.join("dist");
    let record = root.join(".dist.dossier-cache");
    let (before, _) = step(root, &out, &Snapshot::new(), "first build");

    // Not JSON, then gone: the site is built again (unchanged files still kept by their bytes).
    let shared = root.join(".dist.dossier-shared");
    assert!(
        shared.is_file(),
        "the shared wording is kept beside the output"
    );
    fs::write(&record, "{ not a record").unwrap();
    fs::write(&shared, "[1, 2").unwrap();
    for kept in ["resolves", "chunks"] {
        let path = root.join(format!(".dist.dossier-{kept}"));
        assert!(path.is_file(), "{kept} are kept beside the output");
        fs::write(&path, format!("dossier-{kept} 1\nnot a digest\n")).unwrap();
    }
    let (before, summary) = step(root, &out, &before, "a damaged record");
    assert_eq!(summary.unchanged, summary.files, "kept by comparing bytes");
    fs::remove_file(&record).unwrap();
    edit_one_entry(root);
    let (before, _) = step(root, &out, &before, "a missing record");
    assert!(record.is_file(), "written again");

    // A well-formed record that lies about every file: nothing is taken on its word.
    let text = fs::read_to_string(&record).unwrap();
    let lying = text.replace("\"digest\":\"", "\"digest\":\"f");
    assert_ne!(lying, text);
    fs::write(&record, lying).unwrap();
    step(root, &out, &before, "a lying record");

    // A file of the output deleted or edited by hand: the same inputs, but the output is not intact.
    fs::remove_file(out.join("about.html")).unwrap();
    let index = out.join("index.html");
    let mut tampered = fs::read(&index).unwrap();
    tampered[0] ^= 0x20;
    fs::write(&index, &tampered).unwrap();
    let mut untouched = before.clone();
    untouched.remove("about.html");
    untouched.remove("index.html");
    let (after, _) = step(root, &out, &untouched, "a damaged output");
    assert_eq!(bytes(&after), bytes(&before));
}

/// The first file, by name, with extension `ext` in the folder `dir` of the dossier at `root`.
fn first_file(root: &Path, dir: &str, ext: &str) -> std::path::PathBuf {
    let mut files: Vec<_> = fs::read_dir(root.join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files.remove(0)
}

/// Asserts that a build into `out` that keeps what it can fails with the errors of a build into `cold` that
/// keeps nothing, and that they name `needle`.
fn fails_as_cold(root: &Path, out: &Path, cold: &Path, needle: &str) {
    let kept_errors = dossier::build_with(root, Some(out), BuildOptions { force: false })
        .expect_err("the broken content fails");
    let cold_errors = dossier::build_with(root, Some(cold), BuildOptions { force: true })
        .expect_err("fails cold too");
    assert_eq!(format!("{kept_errors:?}"), format!("{cold_errors:?}"));
    assert!(format!("{kept_errors:?}").contains(needle));
}

#[test]
fn section_files_and_front_matter_kept_as_parsed_give_a_cold_builds_site_and_errors() {
    let site = common::real_dossier_copy();
    let root = site.path();
    let out = root.join("dist");
    let kept = root.join(".dist.dossier-parsed");
    let (before, _) = step(root, &out, &Snapshot::new(), "first build");
    assert!(
        kept.is_file(),
        "the parsed sections are kept beside the output"
    );
    let section = first_file(root, "content/annotations", "yaml");
    let yaml = fs::read_to_string(&section).unwrap();
    let first = yaml.find("\n  - id: ").expect("an entry") + 1;
    let second = first + 1 + yaml[first + 1..].find("\n  - id: ").expect("two entries") + 1;

    // An entry moved after the next, a new one at the end, the summary edited: each a cold build's bytes.
    let moved = format!(
        "{}{}{}",
        &yaml[..first],
        &yaml[second..],
        &yaml[first..second]
    );
    fs::write(&section, &moved).unwrap();
    let (before, _) = step(root, &out, &before, "an entry moved");
    fs::write(
        &section,
        format!("{moved}  - id: kept-new-entry\n    kind: context\n    title: A new entry\n"),
    )
    .unwrap();
    let (before, _) = step(root, &out, &before, "an entry added");
    replace_in(&section, "summary: ", "summary: Edited. ");
    let (before, _) = step(root, &out, &before, "the summary edited");

    // A damaged file of kept sections is ignored.
    fs::write(&kept, b"dossier-parsed 1\nnot a digest\n").unwrap();
    edit_one_entry(root);
    let (before, _) = step(root, &out, &before, "damaged kept sections");

    // An entry broken by an edit: the same errors, at the same places, as a build that keeps nothing.
    replace_in(&section, "kind: context", "kind: contxt");
    let cold = tempfile::tempdir().unwrap();
    fails_as_cold(root, &out, &cold.path().join("site"), "contxt");

    // An article's front matter edited: parsed again, a cold build's bytes; broken: a cold build's errors.
    replace_in(&section, "kind: contxt", "kind: context");
    let article = first_file(root, "content/articles", "txt");
    replace_in(&article, "\ntitle: ", "\ntitle: Edited ");
    let (_, _) = step(root, &out, &before, "a front matter edited");
    replace_in(&article, "\noutlet: ", "\noutlett: ");
    fails_as_cold(root, &out, &cold.path().join("site-2"), "outlett");
}

#[test]
fn a_partner_text_changing_its_code_points_not_its_bytes_is_written_again_in_dossier_json() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/shared-wire"));
    let root = site.path();
    let out = root.join("dist");
    let (before, _) = step(root, &out, &Snapshot::new(), "first build");
    let beta = root.join("content/articles/beta.txt");
    // Nine bytes either way, one code point fewer: beta's byte offsets stay, its code-point offsets move.
    assert_eq!("Residents".len(), "Résident".len());
    replace_in(&beta, "Residents", "Résident");
    let (after, summary) = step(root, &out, &before, "a partner's code points");
    assert!(summary.unchanged > 0);
    let runs = |snap: &Snapshot, id: &str| {
        let json: serde_json::Value = serde_json::from_slice(&snap["dossier.json"].0).unwrap();
        let source = json["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .cloned()
            .unwrap();
        source["shared"].clone()
    };
    let (old, new) = (runs(&before, "alpha"), runs(&after, "alpha"));
    assert!(
        old.as_array().is_some_and(|a| !a.is_empty()),
        "alpha shares wording"
    );
    assert_ne!(
        old, new,
        "alpha's runs give beta's code points, which moved"
    );
}

#[test]
fn a_dossier_json_edited_in_the_output_is_never_copied_from() {
    let site = common::real_dossier_copy();
    let root = site.path();
    let out = root.join("dist");
    let (before, _) = step(root, &out, &Snapshot::new(), "first build");
    assert!(root.join(".dist.dossier-chunks").is_file());
    // Inside the first source's text, a piece the next build would otherwise copy.
    let json = out.join("dossier.json");
    let mut tampered = fs::read(&json).unwrap();
    let sources = tampered
        .windows(11)
        .position(|w| w == b"\"sources\":[")
        .unwrap();
    let text = tampered[sources..]
        .windows(8)
        .position(|w| w == b"\"text\":\"");
    let at = sources + text.unwrap() + 20;
    tampered[at] ^= 0x01;
    fs::write(&json, &tampered).unwrap();
    edit_one_entry(root);
    let mut untouched = before;
    untouched.remove("dossier.json");
    step(
        root,
        &out,
        &untouched,
        "an edited entry over an edited dossier.json",
    );
}
