//! `dossier add`: saved pages of different shapes (tests/fixtures/ingest/), plain text, a page served by a
//! local HTTP server; each with its asserted body and metadata.

mod ingest_support;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpListener;

use ingest_support::*;

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

    let no_file = dossier_cmd(d.path(), &["add", "no-such-page.html"]);
    assert_eq!(no_file.code, 2);
    assert!(
        no_file.stderr.contains("cannot read `no-such-page.html`"),
        "{}",
        no_file.stderr
    );

    let elsewhere = tempfile::tempdir().unwrap();
    let not_a_dossier = dossier_cmd(elsewhere.path(), &["add", &fixture("full.html")]);
    assert_eq!(not_a_dossier.code, 2);
    assert!(
        not_a_dossier.stderr.contains("is not a dossier")
            && not_a_dossier.stderr.contains("--root")
    );
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);

    let bad = dossier_cmd(
        d.path(),
        &["add", &fixture("full.html"), "--id", "../Escape"],
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("not a safe source id"),
        "{}",
        bad.stderr
    );
}

/// Serves `body` once on loopback with `content_type`; returns the base address.
fn serve_once(status: &'static str, body: Vec<u8>, content_type: &'static str) -> String {
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
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
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
    let base = serve_once("200 OK", page, "text/html; charset=windows-1252");
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

#[test]
fn a_failed_fetch_is_an_error_with_a_hint_and_writes_nothing() {
    let d = dossier(NO_ENTRIES);
    let base = serve_once(
        "404 Not Found",
        b"<html><body>gone</body></html>".to_vec(),
        "text/html",
    );
    let run = dossier_cmd(
        d.path(),
        &["add", &format!("{base}/missing"), "--id", "missing"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cannot fetch") && run.stderr.contains("404"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert!(!article_path(d.path(), "missing").exists());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any tag soup, stray angle brackets included, goes through extraction without a panic.
    #[test]
    fn any_page_is_captured_without_panic(
        html in "(<(p|div|br|script|h1|li|pre|td)>|</(p|div|script|pre|td)>|[a-z <>&;#0-9\u{a0}\u{201c}]{0,12}){0,40}"
    ) {
        let _ = dossier::ingest::capture(&html_capture(html));
    }

    /// When the text itself has no angle brackets (nor entities that make them), what comes out has no markup of the page's tags (with stray
    /// brackets, "<</p>p>" is the text "<p>", rightly kept).
    #[test]
    fn captured_text_carries_no_markup_of_its_tags(
        html in "(<(p|div|br|script|h1|li|pre|td)>|</(p|div|script|pre|td)>|[a-z ;#0-9\u{a0}\u{201c}]{0,12}){0,40}"
    ) {
        if let Ok(captured) = dossier::ingest::capture(&html_capture(html)) {
            proptest::prop_assert!(!captured.body.contains('<') && !captured.body.contains('>'), "{:?}", captured.body);
        }
    }

    /// Whatever the title and body, the written file reads back as them, and its fingerprint holds.
    #[test]
    fn written_sources_read_back_exactly(title in "\\PC{0,40}", body in "(\\PC|\r|\n){1,200}") {
        let front = dossier::ingest::front::Front {
            title: title.clone(),
            provenance: "test".to_owned(),
            ..Default::default()
        };
        let file = dossier::ingest::front::write(&front, &body);
        let split = dossier::load::front_matter::split(&file).unwrap();
        let yaml = format!("{}outlet: O\npublished: 2024-01-01\n", split.front);
        let parsed: dossier::load::SourceFront = serde_yaml::from_str(&yaml).unwrap();
        proptest::prop_assert_eq!(&parsed.title, &title);
        proptest::prop_assert_eq!(&file[split.body_offset..], body.as_str());
        proptest::prop_assert_eq!(parsed.fingerprint, Some(dossier::load::fingerprint::fingerprint(&body)));
    }
}

/// A captured HTML page of these bytes, as `dossier add` would fetch it.
fn html_capture(html: String) -> dossier::ingest::fetch::Capture {
    dossier::ingest::fetch::Capture {
        bytes: html.into_bytes(),
        mime: Some("text/html".to_owned()),
        charset: None,
        url: None,
        input: "page.html".to_owned(),
    }
}
