//! Faults around the output folder: symlinked outputs, a previous copy that cannot be removed, folders left
//! by killed builds, an output beside which nothing can be written. Run as the `dossier` binary, as a user
//! would; every case also works as root (where permissions stop nothing).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn base() -> tempfile::TempDir {
    common::fixture_site(&common::repo().join("tests/fixtures/base"))
}

/// Runs `dossier build` on `root` with `args` after `build`, through `sh -c` so that `prefix` (e.g. a ulimit)
/// applies to it.
fn build_with(root: &Path, prefix: &str, args: &[&Path]) -> Output {
    let mut script = format!("{prefix} exec \"$0\" --root \"$1\" build");
    for i in 0..args.len() {
        script.push_str(&format!(" \"${}\"", i + 2));
    }
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_dossier"))
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn build(root: &Path, args: &[&Path]) -> Output {
    build_with(root, "", args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn set_title(root: &Path, title: &str) {
    fs::write(
        root.join("content/dossier.yaml"),
        format!("title: {title}\nlanguage: en\nsections: [train]\n"),
    )
    .unwrap();
}

fn index(dir: &Path) -> String {
    fs::read_to_string(dir.join("index.html")).unwrap()
}

/// Names in `dir` that a build makes beside an output.
fn temp_folders(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        // Folders only: the build's record files (`.dist.dossier-cache`) are meant to stay.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".dossier-") || n.contains(".tmp-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_updates_the_folder_it_points_to() {
    use std::os::unix::fs::symlink;
    let site = base();
    let root = site.path();
    let real = root.join("www/site");
    set_title(root, "First title");
    let first = build(root, &[Path::new("--output"), &real]);
    assert!(first.status.success(), "{}", stderr(&first));
    let link = root.join("dist");
    symlink("www/site", &link).unwrap();
    set_title(root, "Second title");
    let second = build(root, &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("www/site"));
    assert!(
        index(&real).contains("Second title"),
        "the target is updated"
    );
    assert!(temp_folders(root).is_empty(), "{:?}", temp_folders(root));
    assert!(temp_folders(&root.join("www")).is_empty());
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_output_gets_the_site_where_it_points() {
    use std::os::unix::fs::symlink;
    let site = base();
    let root = site.path();
    let link = root.join("public");
    symlink(root.join("nowhere/yet/site"), &link).unwrap();
    let out = build(root, &[Path::new("--output"), &link]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(index(&root.join("nowhere/yet/site")).contains("Fixture dossier"));
    // A symlink to itself is refused with a hint.
    let looped = root.join("loop");
    symlink("loop", &looped).unwrap();
    let out = build(root, &[Path::new("--output"), &looped]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("leads back to itself"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("hint:"), "{}", stderr(&out));
}

/// A folder nested deeper than the open-file limit: removing it fails even for root (each level holds one
/// descriptor while its content is removed).
fn plant_undeletable(dir: &Path) -> PathBuf {
    let mut deep = dir.join("deep");
    for _ in 0..200 {
        deep.push("d");
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("f"), "x").unwrap();
    dir.join("deep")
}

#[cfg(unix)]
#[test]
fn an_old_copy_that_cannot_be_removed_is_a_warning_and_the_next_build_removes_it() {
    let site = base();
    let root = site.path();
    let dist = root.join("dist");
    set_title(root, "First title");
    assert!(build(root, &[]).status.success());
    plant_undeletable(&dist);
    set_title(root, "Second title");
    let out = build_with(root, "ulimit -n 64 &&", &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "the new site is live: exit 0\n{err}");
    assert!(index(&dist).contains("Second title"));
    let left = temp_folders(root);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(".dist.dossier-old-"), "{left:?}");
    assert!(
        err.contains("warning:") && err.contains(&left[0]) && err.contains("hint:"),
        "the warning names the leftover: {err}"
    );
    // Without the limit, the next build removes it.
    let out = build(root, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning:"), "{}", stderr(&out));
    assert!(temp_folders(root).is_empty(), "{:?}", temp_folders(root));
}

#[test]
fn a_folder_half_removed_by_a_killed_build_is_recognised_by_its_name() {
    let site = base();
    let root = site.path();
    // A process id that is surely dead: a child that has exited and been reaped.
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    // What a build killed while removing the previous site leaves: no marker (removed first), some pages.
    let half = root.join(format!(".dist.dossier-new-{dead}-3e8"));
    fs::create_dir_all(half.join("sources")).unwrap();
    fs::write(half.join("sources/a.html"), "<p>a</p>").unwrap();
    // Folders that only look alike are never touched.
    let foreign = [
        root.join(".dist.dossier-new-notapid-1"),
        root.join(".dist.tmp-1"),
        root.join(".other.dossier-new-1-1"),
    ];
    for f in &foreign {
        fs::create_dir_all(f).unwrap();
    }
    let out = build(root, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!half.exists(), "the half-removed folder is gone");
    for f in &foreign {
        assert!(f.exists(), "{} kept", f.display());
    }
}

/// A folder in which even root cannot create anything, if the system has one (sysfs refuses `mkdir`).
fn unwritable_folder() -> Option<PathBuf> {
    let probe = Path::new("/sys/dossier-probe");
    match fs::create_dir(probe) {
        Ok(()) => {
            let _ = fs::remove_dir(probe);
            None
        }
        Err(_) => Some(PathBuf::from("/sys")),
    }
}

#[test]
fn an_output_beside_which_nothing_can_be_written_is_named_as_given() {
    let site = base();
    let root = site.path();
    // As root permissions stop nothing: use a folder the kernel refuses; otherwise a read-only one.
    let keep;
    let parent = match unwritable_folder() {
        Some(p) => p,
        None => {
            keep = tempfile::tempdir().unwrap();
            let p = keep.path().join("ro");
            fs::create_dir(&p).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&p, fs::Permissions::from_mode(0o555)).unwrap();
            }
            p
        }
    };
    let output = parent.join("dossier-site");
    let out = build(root, &[Path::new("--output"), &output]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&output.display().to_string()),
        "the output is named as given: {err}"
    );
    assert!(!err.contains(".dossier-"), "no temp name: {err}");
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn an_output_under_a_file_is_named_with_a_hint() {
    let site = base();
    let root = site.path();
    let output = root.join("content/dossier.yaml/site");
    let out = build(root, &[Path::new("--output"), &output]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&output.display().to_string()), "{err}");
    assert!(
        err.contains("hint: a part of the output path is a file"),
        "{err}"
    );
}
