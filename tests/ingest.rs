//! `dossier add`: saved pages of different shapes (tests/fixtures/ingest/), plain text, a local HTTP server,
//! fingerprints that fail the build, and the drift report of `--update`.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::load::SourceFront;

fn fixture(name: &str) -> String {
    common::repo()
        .join("tests/fixtures/ingest")
        .join(name)
        .display()
        .to_string()
}

/// An empty dossier (one section, no sources yet) with the real themes.
fn dossier(section: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(content.join("articles")).unwrap();
    fs::create_dir_all(content.join("annotations")).unwrap();
    fs::write(
        content.join("dossier.yaml"),
        "title: Test dossier\nlanguage: en\nsections: [news]\n",
    )
    .unwrap();
    fs::write(content.join("annotations/news.yaml"), section).unwrap();
    common::copy_tree(&common::repo().join("themes"), &dir.path().join("themes"));
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn dossier_cmd(root: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn article_path(root: &Path, id: &str) -> PathBuf {
    root.join("content/articles").join(format!("{id}.txt"))
}

/// The front matter and body of an added source.
fn read_source(root: &Path, id: &str) -> (SourceFront, String, String) {
    let file = fs::read_to_string(article_path(root, id)).unwrap();
    let split = dossier::load::front_matter::split(&file).unwrap();
    // A page that states no outlet or date leaves them to the editor (tested on its own): stand-ins here.
    let mut yaml = split.front.to_owned();
    for (key, stand_in) in [
        ("outlet", "outlet: unstated\n"),
        ("published", "published: 1970-01-01\n"),
    ] {
        if !yaml.lines().any(|l| l.starts_with(&format!("{key}:"))) {
            yaml.push_str(stand_in);
        }
    }
    let front: SourceFront = serde_yaml::from_str(&yaml).unwrap();
    let body = file[split.body_offset..].to_owned();
    (front, body, split.front.to_owned())
}

/// Adds `input` as `id` and returns its front matter and body.
fn added(root: &Path, input: &str, id: &str) -> (SourceFront, String, String) {
    let run = dossier_cmd(root, &["add", input, "--id", id]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    read_source(root, id)
}

const NO_ENTRIES: &str = "title: News\nentries: []\n";

#[test]
fn page_with_furniture_gives_the_article_and_what_the_page_states() {
    let d = dossier(NO_ENTRIES);
    let (front, body, raw_front) = added(d.path(), &fixture("full.html"), "council");
    assert_eq!(
        body,
        "The city council approved the 2024 budget at 2\u{a0}a.m. on Tuesday, after a session that ran for \
         more than eleven hours and saw three amendments rejected.\n\n\
         The mayor said the plan \u{201c}keeps the libraries open and the buses running\u{201d}, and thanked the \
         councillors who had stayed until the vote. The opposition called it a missed chance to repair the river \
         embankments before the spring floods.\n\n\
         Under the plan, spending on road repairs rises by 4% while the parks budget is frozen for a second year; \
         the council\u{2019}s finance officer said the reserves would cover any shortfall.\n\
         The new tax rate takes effect in April.\n\n\
         What happens next\n\n\
         Residents can comment on the spending plan until the end of the month, and a public meeting is planned \
         in the town hall on 20 March & again in April.\n"
    );
    for furniture in [
        "Sport",
        "Share on",
        "Related stories",
        "Bridge closure",
        "Comments",
        "Great news",
        "Privacy",
        "rights reserved",
    ] {
        assert!(
            !body.contains(furniture),
            "{furniture} leaked into the body"
        );
    }
    // The JSON-LD headline (with `: ` and `"`) round-trips; JSON-LD wins over Open Graph; canonical over og:url.
    assert_eq!(front.title, "Council: \"budget\" passes after a long night");
    assert_eq!(front.outlet, "The Riverside Gazette");
    assert!(!front.outlet_inferred);
    assert_eq!(front.byline.as_deref(), Some("Ann Smith"));
    assert_eq!(front.published, "2024-03-05");
    assert!(!front.published_inferred);
    assert_eq!(
        front.url.as_deref(),
        Some("https://gazette.example/news/2024/03/05/council-budget")
    );
    assert_eq!(front.language, "en-GB");
    assert_eq!(front.furniture, ["What happens next"]);
    assert!(
        raw_front.contains("furniture:  ") && raw_front.contains("# detected by `dossier add`")
    );
    assert_eq!(
        front.fingerprint,
        Some(dossier::load::fingerprint::fingerprint(&body))
    );
}

#[test]
fn json_ld_only_page() {
    let d = dossier(NO_ENTRIES);
    let (front, body, _) = added(d.path(), &fixture("jsonld-only.html"), "harbour");
    assert!(
        body.starts_with("Harbour works begin on the north quay\n\nWork to rebuild the north quay")
    );
    assert!(body.ends_with("lighting along the whole length of the wall.\n"));
    assert_eq!(body.matches("\n\n").count(), 3);
    assert_eq!(front.title, "Harbour works begin on the north quay");
    assert_eq!(front.outlet, "Coast Daily");
    assert_eq!(front.byline.as_deref(), Some("Lee Park, Sam Ortiz"));
    assert_eq!(front.published, "2023-11-20");
    assert_eq!(
        front.url.as_deref(),
        Some("https://coast.example/harbour-works")
    );
    // No `lang` and no inLanguage: the field is left out (the default applies).
    let (_, _, raw) = read_source(d.path(), "harbour");
    assert!(!raw.contains("language:"));
}

#[test]
fn open_graph_only_page() {
    let d = dossier(NO_ENTRIES);
    let (front, body, _) = added(d.path(), &fixture("og-only.html"), "marche");
    assert_eq!(
        body.lines().next(),
        Some("Apr\u{e8}s dix-huit mois de travaux, le march\u{e9} couvert a rouvert samedi matin, et les premiers clients faisaient d\u{e9}j\u{e0} la queue devant l\u{2019}\u{e9}tal du fromager \u{e0} sept heures.")
    );
    assert!(body.contains("\u{ab} Nous avons gard\u{e9} la charpente d\u{2019}origine \u{bb}"));
    assert_eq!(front.title, "Le march\u{e9} couvert rouvre ses portes");
    assert_eq!(front.outlet, "La Gazette du Val");
    assert_eq!(front.published, "2022-06-18");
    assert_eq!(
        front.url.as_deref(),
        Some("https://val.example/marche-couvert")
    );
    assert_eq!(front.language, "fr");
    assert_eq!(front.byline, None);
}

#[test]
fn page_without_metadata_states_nothing_and_says_so() {
    let d = dossier(NO_ENTRIES);
    let run = dossier_cmd(d.path(), &["add", &fixture("none.html"), "--id", "library"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("the outlet is not stated")
            && run.stdout.contains("the date is not stated")
    );
    let file = fs::read_to_string(article_path(d.path(), "library")).unwrap();
    let split = dossier::load::front_matter::split(&file).unwrap();
    // Nothing invented: no outlet, date, byline or url; the two required ones are left for the editor.
    assert!(split.front.contains("# outlet: not stated by the page"));
    assert!(split.front.contains("# published: not stated by the page"));
    for field in ["\noutlet:", "\npublished:", "byline:", "url:", "language:"] {
        assert!(
            !format!("\n{}", split.front).contains(field),
            "{field} written"
        );
    }
    assert!(split
        .front
        .starts_with("title: \"Library hours extended\"\n"));
    let body = &file[split.body_offset..];
    assert!(body.starts_with("The central library will stay open until nine in the evening"));
    assert_eq!(body.matches("\n\n").count(), 2);
    // The build then names the missing field.
    let build = dossier_cmd(d.path(), &["build"]);
    assert_eq!(build.code, 1);
    assert!(
        build.stderr.contains("missing field `outlet`"),
        "{}",
        build.stderr
    );
}

#[test]
fn windows_1252_and_euc_kr_pages_come_out_right() {
    let d = dossier(NO_ENTRIES);
    let (front, body, _) = added(d.path(), &fixture("windows-1252.html"), "terrace");
    assert_eq!(front.title, "Caf\u{e9} owners welcome new terrace rules");
    assert!(body.starts_with(
        "Caf\u{e9} owners in the old town said the new terrace rules were \u{201c}a relief\u{201d} after two summers of uncertainty \u{2014} tables"
    ));
    assert!(body.contains("owners\u{2019} fees") && body.contains("Residents\u{2019} groups"));
    assert_eq!(front.outlet, "Old Town Herald");
    assert_eq!(front.published, "2021-05-02");

    let (front, body, _) = added(d.path(), &fixture("euc-kr.html"), "library-ko");
    assert_eq!(
        front.title,
        "\u{c2dc}\u{b9bd}\u{b3c4}\u{c11c}\u{ad00} \u{c57c}\u{ac04} \u{ac1c}\u{ad00}"
    );
    assert!(body.starts_with("\u{c2dc}\u{b9bd}\u{b3c4}\u{c11c}\u{ad00}\u{c774} \u{b2e4}\u{c74c} \u{b2ec}\u{bd80}\u{d130}"));
    assert!(!body.contains('\u{fffd}'));
    assert_eq!(front.outlet, "\u{c9c0}\u{c5ed}\u{c2e0}\u{bb38}");
    assert_eq!(front.published, "2020-09-14");
    assert_eq!(front.language, "ko");
}

#[test]
fn only_the_main_article_of_two_is_taken() {
    let d = dossier(NO_ENTRIES);
    let (_, body, _) = added(d.path(), &fixture("two-articles.html"), "ferry");
    assert!(body.contains("The island ferry will run four crossings a day"));
    assert!(body.ends_with("left commuters stranded.\n"));
    assert!(
        !body.contains("Lighthouse") && !body.contains("lighthouse"),
        "{body}"
    );
}

#[test]
fn text_is_kept_exactly_and_titled_by_its_first_line() {
    let d = dossier(NO_ENTRIES);
    let input = d.path().join("notice.txt");
    let text =
        "\r\n  Harbour notice  \r\nThe quay\u{a0}closes \u{201c}soon\u{201d}.\r\n\r\nRead more\r\n";
    fs::write(&input, text).unwrap();
    let (front, body, _) = added(d.path(), input.to_str().unwrap(), "notice");
    assert_eq!(body, text);
    assert_eq!(front.title, "Harbour notice");
    assert_eq!(front.furniture, ["Read more"]);
}

#[test]
fn an_existing_source_is_never_overwritten_and_dry_run_writes_nothing() {
    let d = dossier(NO_ENTRIES);
    let dry = dossier_cmd(
        d.path(),
        &["add", &fixture("og-only.html"), "--dry-run", "--snapshot"],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(dry
        .stdout
        .contains("would write content/articles/la-gazette-le-marche-couvert-rouvre.txt"));
    assert!(dry
        .stdout
        .contains("title: \"Le march\u{e9} couvert rouvre ses portes\""));
    assert_eq!(
        fs::read_dir(d.path().join("content/articles"))
            .unwrap()
            .count(),
        0
    );
    assert!(!d.path().join("content/snapshots").exists());

    // The default id: outlet and headline words.
    let first = dossier_cmd(d.path(), &["add", &fixture("og-only.html"), "--snapshot"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let path = article_path(d.path(), "la-gazette-le-marche-couvert-rouvre");
    let before = fs::read(&path).unwrap();
    let snapshot = d
        .path()
        .join("content/snapshots/la-gazette-le-marche-couvert-rouvre.html");
    assert_eq!(
        fs::read(&snapshot).unwrap(),
        fs::read(fixture("og-only.html")).unwrap()
    );
    assert!(String::from_utf8_lossy(&before)
        .contains("snapshot: \"snapshots/la-gazette-le-marche-couvert-rouvre.html\""));

    let again = dossier_cmd(
        d.path(),
        &[
            "add",
            &fixture("full.html"),
            "--id",
            "la-gazette-le-marche-couvert-rouvre",
        ],
    );
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("dossier add --update la-gazette-le-marche-couvert-rouvre"),
        "{}",
        again.stderr
    );
    assert_eq!(fs::read(&path).unwrap(), before);

    let bad = dossier_cmd(
        d.path(),
        &["add", &fixture("full.html"), "--id", "../Escape"],
    );
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("not a safe source id"),
        "{}",
        bad.stderr
    );
}

/// Serves `body` once on loopback with `content_type`; returns the base address.
fn serve_once(body: Vec<u8>, content_type: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buf[..n]);
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body).unwrap();
    });
    format!("http://{addr}")
}

#[test]
fn add_over_http_honours_the_header_charset() {
    let d = dossier(NO_ENTRIES);
    // windows-1252 bytes, declared only in the HTTP header.
    let mut page = b"<html><head><title>Bakery wins prize</title></head><body><article><h1>Bakery wins prize</h1>".to_vec();
    for _ in 0..3 {
        page.extend_from_slice(
            b"<p>The bakery on the corner won the regional prize for its rye bread, the jury said on Friday, praising its \x93honest crust\x94 and the baker\x92s patience over three days of tasting.</p>",
        );
    }
    page.extend_from_slice(b"</article></body></html>");
    let base = serve_once(page, "text/html; charset=windows-1252");
    let url = format!("{base}/2024/05/17/bakery");
    let run = dossier_cmd(d.path(), &["add", &url, "--id", "bakery"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let (front, body, _) = read_source(d.path(), "bakery");
    assert!(body.starts_with("The bakery on the corner won the regional prize for its rye bread, the jury said on Friday, praising its \u{201c}honest crust\u{201d} and the baker\u{2019}s patience"));
    assert_eq!(front.url.as_deref(), Some(url.as_str()));
    // The page states neither outlet nor date: both are inferred from the address, and marked so.
    assert!(front.outlet_inferred && front.published_inferred);
    assert_eq!(front.outlet, "127.0.0.1");
    assert_eq!(front.published, "2024-05-17");
    assert!(front.provenance.unwrap().contains(&url));
}

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
    assert_eq!(missing.code, 1);
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

const WATER_SECTION: &str = "title: News
entries:
  - id: vote
    kind: fact
    title: The board approved the reservoir
    evidence:
      - source: water
        quote: The valley water board on Wednesday approved a plan to build a second reservoir
      - source: water
        quote: \"\u{201c}We are asking ratepayers to sign a blank check,\u{201d} Chang said.\"
      - source: water
        quote: estimated at $84 million
";

#[test]
fn a_news_site_page_becomes_a_source_whose_quotes_anchor() {
    let d = dossier(WATER_SECTION);
    let (front, body, _) = added(d.path(), &fixture("news-site.html"), "water");
    let paragraphs: Vec<&str> = body.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 13, "{body}");
    assert!(paragraphs[1].starts_with("The valley water board on Wednesday approved a plan"));
    assert_eq!(
        paragraphs[6],
        "\u{201c}We are asking ratepayers to sign a blank check,\u{201d} Chang said."
    );
    assert!(body.contains("$84\u{a0}million"));
    // Cookie banner, top bar, menus, share links, tags, related, comments, popular list and footer: all gone.
    for gone in [
        "cookies",
        "Log in",
        "Obituaries",
        "Facebook",
        "Tags:",
        "parking fees",
        "About time",
        "Most Popular",
        "Restaurant closes",
        "Privacy Policy",
        "All rights reserved",
    ] {
        assert!(!body.contains(gone), "{gone} leaked into the body");
    }
    // In-article furniture is kept in the text and proposed.
    assert_eq!(
        front.furniture,
        [
            "The existing dam, seen from the north shore. (Photo: Valley Times file)",
            "Advertisement",
            "Read more: Drought rules extended for a third year",
            "Get local news in your inbox",
            "Sign up for our free daily newsletter.",
            "Dana Whitfield",
            "Dana Whitfield covers local government for the Valley Times. Reach her at dana@valleytimes.example.",
        ]
    );
    assert_eq!(front.title, "Water board approves new reservoir plan");
    assert_eq!(front.outlet, "Valley Times");
    assert_eq!(front.byline.as_deref(), Some("Dana Whitfield"));
    assert_eq!(front.published, "2025-02-12");
    assert_eq!(
        front.url.as_deref(),
        Some("https://www.valleytimes.example/local/2025/02/12/water-board-reservoir/")
    );
    let build = dossier_cmd(d.path(), &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = fs::read_to_string(d.path().join("dist/sources/water.html")).unwrap();
    assert!(page.contains("blank check"));
}
