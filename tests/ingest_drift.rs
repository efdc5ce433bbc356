//! Fingerprints that fail `build` and `check` at the edited place, and the drift report of `add --update`.

mod ingest_support;

use std::fs;
use std::process::Command;

use ingest_support::*;

const NOTICE: &str = "Harbour notice\n\nThe north quay closes on Monday for repairs.\n\n\
Boats will use the south quay until the works end.\n\n\
The harbour master said the works would take six weeks.\n\n\
Parking permits remain free for every resident of the old town.\n";

const NOTICE_SECTION: &str = "title: News
entries:
  - id: quay
    kind: fact
    title: The quay closes
    evidence:
      - source: notice
        quote: The north quay closes on Monday
      - source: notice
        quote: Boats will use the south quay
      - source: notice
        quote: the works would take six weeks
      - source: notice
        quote: Parking permits remain free for every resident
";

/// A dossier with the text source `notice` added and cited four times.
fn notice_dossier() -> tempfile::TempDir {
    let d = dossier(NOTICE_SECTION);
    let input = d.path().join("notice-v1.txt");
    fs::write(&input, NOTICE).unwrap();
    let run = dossier_cmd(
        d.path(),
        &["add", input.to_str().unwrap(), "--id", "notice"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The front matter `add` wrote needs the two fields a text does not state.
    let path = article_path(d.path(), "notice");
    let file = fs::read_to_string(&path).unwrap().replacen(
        "---\n",
        "---\noutlet: Port office\npublished: 2024-02-01\n",
        1,
    );
    fs::write(&path, file).unwrap();
    d
}

#[test]
fn added_source_builds_and_an_edited_word_fails_build_and_check_at_its_line() {
    let d = notice_dossier();
    let build = dossier_cmd(d.path(), &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let check = dossier_cmd(d.path(), &["check"]);
    assert!(
        !check.stderr.contains("has no fingerprint"),
        "{}",
        check.stderr
    );

    let path = article_path(d.path(), "notice");
    let file = fs::read_to_string(&path).unwrap();
    let body_line = file
        .lines()
        .position(|l| l.starts_with("Boats will"))
        .unwrap()
        + 1;
    fs::write(
        &path,
        file.replace("until the works end", "until the work ends"),
    )
    .unwrap();
    for command in ["build", "check"] {
        let run = dossier_cmd(d.path(), &[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("the text of source `notice` has changed since it was added"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains(&format!("content/articles/notice.txt:{body_line}:1")),
            "{command}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("restore its text")
                && run.stderr.contains("dossier add --update notice")
        );
    }
}

#[test]
fn a_source_without_fingerprint_is_a_check_warning_only() {
    let d = notice_dossier();
    let path = article_path(d.path(), "notice");
    let file = fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = file
        .lines()
        .filter(|l| !l.starts_with("fingerprint"))
        .collect();
    fs::write(&path, kept.join("\n") + "\n").unwrap();
    let check = dossier_cmd(d.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("warning: source `notice` has no fingerprint"),
        "{}",
        check.stderr
    );
    let strict = dossier_cmd(d.path(), &["check", "--strict"]);
    assert_eq!(strict.code, 1);
    let build = dossier_cmd(d.path(), &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("fingerprint"));
}

#[test]
fn update_reports_held_moved_changed_lost_and_dry_run_writes_nothing() {
    let d = notice_dossier();
    let recapture = d.path().join("notice-v2.txt");
    fs::write(
        &recapture,
        "Harbour notice\n\nThe north quay closes on Monday for repairs.\n\n\
         A diver inspected the wall last week.\n\n\
         Boats will use the south quay until the works end.\n\n\
         The harbour master said the works would take eight weeks.\n",
    )
    .unwrap();
    let article = article_path(d.path(), "notice");
    let section = d.path().join("content/annotations/news.yaml");
    let (before, section_before) = (fs::read(&article).unwrap(), fs::read(&section).unwrap());

    let dry = dossier_cmd(
        d.path(),
        &[
            "add",
            "--update",
            "notice",
            recapture.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_eq!(dry.code, 1, "{}{}", dry.stdout, dry.stderr);
    assert_eq!(
        fs::read(&article).unwrap(),
        before,
        "--dry-run wrote the source"
    );
    let lines: Vec<&str> = dry.stdout.lines().collect();
    assert!(
        lines[0].starts_with(
            "held    content/annotations/news.yaml:8:16  \"The north quay closes on Monday\""
        ),
        "{}",
        dry.stdout
    );
    assert!(
        lines[1].starts_with("moved   content/annotations/news.yaml:10:16")
            && lines[1].contains("text line 5:1 -> 7:1"),
        "{}",
        dry.stdout
    );
    assert!(
        lines[2].starts_with("changed content/annotations/news.yaml:12:16"),
        "{}",
        dry.stdout
    );
    assert!(
        lines[2].contains("% alike at text line 9:")
            && lines[2].contains("[-")
            && lines[2].contains("{+"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("lost    content/annotations/news.yaml:14:16"),
        "{}",
        dry.stdout
    );
    assert!(dry
        .stdout
        .contains("1 held, 1 moved, 1 changed, 1 lost; dry run: nothing written"));

    let real = dossier_cmd(
        d.path(),
        &["add", "--update", "notice", recapture.to_str().unwrap()],
    );
    assert_eq!(real.code, 1);
    assert_eq!(real.stdout.lines().take(4).collect::<Vec<_>>(), lines[..4]);
    let (front, body, _) = read_source(d.path(), "notice");
    assert_eq!(body, fs::read_to_string(&recapture).unwrap());
    assert_eq!(
        front.fingerprint,
        Some(dossier::load::fingerprint::fingerprint(&body))
    );
    assert_eq!(
        front.previous_fingerprint,
        Some(dossier::load::fingerprint::fingerprint(NOTICE))
    );
    assert_eq!(
        front.outlet, "Port office",
        "the editor's front matter is kept"
    );
    assert_eq!(
        fs::read(&section).unwrap(),
        section_before,
        "nothing else in content/ is touched"
    );
    assert_eq!(
        fs::read_dir(d.path().join("content/articles"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn update_with_every_quote_held_or_moved_exits_zero() {
    let d = notice_dossier();
    let recapture = d.path().join("notice-v2.txt");
    fs::write(&recapture, format!("Updated at noon\n\n{NOTICE}")).unwrap();
    let run = dossier_cmd(
        d.path(),
        &["add", "--update", "notice", recapture.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("0 held, 4 moved, 0 changed, 0 lost"),
        "{}",
        run.stdout
    );
    assert_eq!(dossier_cmd(d.path(), &["build"]).code, 0);
    let missing = dossier_cmd(
        d.path(),
        &[
            "add",
            "--update",
            "nothing-here",
            recapture.to_str().unwrap(),
        ],
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("there is no source `nothing-here`"),
        "{}",
        missing.stderr
    );
}

#[test]
fn with_git_history_the_edit_is_located_to_its_column() {
    let d = notice_dossier();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(d.path())
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(args)
            .output()
            .expect("git is installed");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "content"]);
    git(&["commit", "-q", "-m", "sources"]);
    let path = article_path(d.path(), "notice");
    let file = fs::read_to_string(&path).unwrap();
    let line = file
        .lines()
        .position(|l| l.starts_with("The harbour master"))
        .unwrap()
        + 1;
    fs::write(&path, file.replace("take six weeks", "take sixty weeks")).unwrap();
    let run = dossier_cmd(d.path(), &["build"]);
    assert_eq!(run.code, 1);
    // "The harbour master said the works would take six" and the change starts after it.
    let column = "The harbour master said the works would take six"
        .chars()
        .count()
        + 1;
    assert!(
        run.stderr
            .contains(&format!("content/articles/notice.txt:{line}:{column}")),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("first difference from the fingerprinted text"));
}
