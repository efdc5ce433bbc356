//! Hostile text reaches every output and nothing escapes. Titles, summaries, notes, claimants, outlets, entity
//! names, timeline moments, a source's text and url, and `base_url` are full of `</script>`, `<!--`, quotes,
//! event handlers, U+2028/U+2029 and template syntax. Each output is read back the way its consumer reads it
//! (HTML with a tokenizer that switches into script and RCDATA states like a browser; JSON; the search index
//! as a script; `sitemap.xml` as XML; `robots.txt` line by line), then compared with the same site built from
//! harmless text: no element, attribute, comment or statement is added, and every text arrives intact.

mod common;

use dossier::typography::smart;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use dossier::render::{OutputFile, RenderOptions};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use serde_json::Value;

/// Hostile text: closes scripts, opens comments, breaks out of attributes either quote, ends JS lines,
/// closes CDATA, looks like an entity and like template syntax.
const P: &str = "Evil </script><script>alert(1)</script><!-- \" onmouseover=alert(2) x=\" ' onfocus='alert(3)' \u{2028}L\u{2029}P ]]> &amp; <SCRIPT>alert(4)</SCRIPT> {{ page }} {% raw %} end";
/// The harmless stand-in for [`P`].
const BENIGN: &str = "Benign plain words";
/// A source url that is an http(s) URL by its scheme, and hostile after it.
const URL: &str = "https://example.org/a?q=\"><script>alert(5)</script>&r='<!--#top";
/// A `base_url` that is an http(s) URL by its scheme, and hostile after it (no whitespace: see the test below).
const BASE: &str = "https://example.org/d\"'</script><!--&x=<b>/";

/// A YAML double-quoted scalar holding `text` exactly (JSON strings are YAML; line and paragraph separators
/// escaped, since YAML 1.1 would fold them).
fn y(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The body of `content/articles/evil.txt` with `p` in it.
fn body(p: &str) -> String {
    format!("Mallory said {p} here.\nThen {p} again, and <img src=x onerror=alert(6)> end.\n")
}

/// The base fixture with a section, a source, a timeline and an entity made of `p`, and `base` as base_url.
fn site(p: &str, url: &str, base: &str) -> tempfile::TempDir {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let root = site.path();
    let p_ = y(p);
    write(
        root,
        "content/dossier.yaml",
        &format!(
            "title: {p_}\nsubtitle: {p_}\ndescription: {p_}\nlanguage: en\nbase_url: {}\nintro: {}\nsections: [train, evil]\n",
            y(base),
            y(&format!("{p} [see](@evil/evil-claim)"))
        ),
    );
    write(
        root,
        "content/articles/evil.txt",
        &format!(
            "---\ntitle: {p_}\noutlet: {p_}\norigin: {}\nbyline: {p_}\npublished: 2023-09-12\nurl: {}\nprovenance: {p_}\n---\n{}",
            y(&format!("Origin {p}")),
            y(url),
            body(p)
        ),
    );
    let first = y(&format!("Mallory said {p} here."));
    let second = y(&format!("Then {p} again"));
    write(
        root,
        "content/annotations/evil.yaml",
        &format!(
            "title: {p_}\nsummary: {p_}\nentries:\n  - id: evil-claim\n    kind: claim\n    claimant: {p_}\n    status: unconfirmed\n    title: {p_}\n    body: {p_}\n    evidence:\n      - source: evil\n        quote: {first}\n        note: {p_}\n  - id: evil-fact\n    kind: fact\n    title: {p_}\n    evidence:\n      - source: evil\n        quote: {second}\n        note: {p_}\n"
        ),
    );
    write(
        root,
        "content/timeline.yaml",
        &format!(
            "moments:\n  - date: 2023-09-12\n    when: {p_}\n    title: {p_}\n    body: {p_}\n    entry: \"@evil/evil-fact\"\n    evidence:\n      - source: evil\n        quote: {second}\n        note: {p_}\n"
        ),
    );
    write(
        root,
        "content/entities.yaml",
        &format!(
            "entities:\n  - id: mallory\n    kind: person\n    name: {p_}\n    aliases: [Mallory]\n    native: {p_}\n    description: {p_}\n"
        ),
    );
    site
}

fn build(p: &str, url: &str, base: &str) -> dossier::Built {
    let site = site(p, url, base);
    match dossier::build_in_memory(site.path(), &RenderOptions::default()) {
        Ok(built) => built,
        Err(dossier::Error::Content(d)) => {
            panic!("{}", d.iter().map(|d| format!("{d}\n")).collect::<String>())
        }
        Err(e) => panic!("{e}"),
    }
}

use common::file;

/// An HTML page as a browser's tokenizer sees it.
#[derive(Default)]
struct Page {
    /// Tags (name and sorted attribute names), comments, doctypes and parse errors, in order: the structure.
    shape: Vec<String>,
    /// Every attribute: (tag, name, decoded value).
    attributes: Vec<(String, String, String)>,
    /// Decoded text outside scripts, runs joined without separators.
    text: String,
    /// Inline scripts (without `src`): (type attribute, content).
    scripts: Vec<(String, String)>,
}

fn parse(html: &str) -> Page {
    let mut emitter = DefaultEmitter::default();
    // Switch to script data, RCDATA and RAWTEXT after <script>, <title>, <style>... as a browser does.
    emitter.naively_switch_states(true);
    let mut page = Page::default();
    let mut script: Option<(String, String)> = None;
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let token = token.unwrap();
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let mut names: Vec<String> = Vec::new();
                for (a, v) in &tag.attributes {
                    let a = String::from_utf8_lossy(a).into_owned();
                    names.push(a.clone());
                    page.attributes.push((
                        name.clone(),
                        a,
                        String::from_utf8_lossy(v).into_owned(),
                    ));
                }
                names.sort();
                page.shape.push(format!("<{name} {}>", names.join(" ")));
                if name == "script" && !tag.attributes.contains_key(b"src".as_slice()) {
                    let ty = tag
                        .attributes
                        .get(b"type".as_slice())
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                        .unwrap_or_default();
                    script = Some((ty, String::new()));
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                page.shape.push(format!("</{name}>"));
                if name == "script" {
                    page.scripts.extend(script.take());
                }
            }
            Token::String(s) => match &mut script {
                Some((_, content)) => content.push_str(&String::from_utf8_lossy(&s)),
                None => page.text.push_str(&String::from_utf8_lossy(&s)),
            },
            Token::Comment(c) => page
                .shape
                .push(format!("<!--{}-->", String::from_utf8_lossy(&c))),
            Token::Doctype(_) => page.shape.push("<!doctype>".into()),
            Token::Error(e) => page.shape.push(format!("error: {e:?}")),
        }
    }
    assert!(script.is_none(), "a script element is never closed");
    page
}

/// A JSON text embedded in a page or script: nothing in it can end the element, open a comment or end a line
/// for an older JavaScript parser.
fn assert_inert_json(what: &str, json: &str) -> Value {
    for bad in ['<', '>', '\u{2028}', '\u{2029}'] {
        assert!(
            !json.contains(bad),
            "{what}: raw {bad:?} in embedded JSON: {json}"
        );
    }
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {json}"))
}

/// True if `tree` holds the string `text` anywhere.
fn holds(tree: &Value, text: &str) -> bool {
    match tree {
        Value::String(s) => s == text,
        Value::Array(a) => a.iter().any(|v| holds(v, text)),
        Value::Object(o) => o.values().any(|v| holds(v, text)),
        _ => false,
    }
}

#[test]
fn hostile_text_escapes_from_no_output() {
    let hostile = build(P, URL, BASE);
    let benign = build(
        BENIGN,
        "https://example.org/a?q=1#top",
        "https://example.org/d/",
    );
    let files = &hostile.files;
    let paths = |files: &[OutputFile]| -> BTreeSet<String> {
        files.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(paths(files), paths(&benign.files), "the same files");

    // HTML: the same structure as the harmless site, page by page; attributes hold only what they should.
    let mut seen_fragment = false;
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let page = parse(file(files, &f.path));
        let plain = parse(file(&benign.files, &f.path));
        if page.shape != plain.shape {
            let at = page
                .shape
                .iter()
                .zip(&plain.shape)
                .position(|(a, b)| a != b)
                .unwrap_or(page.shape.len().min(plain.shape.len()));
            panic!(
                "{}: the structure differs from the harmless build at token {at}: {:?} instead of {:?}",
                f.path,
                page.shape.get(at),
                plain.shape.get(at)
            );
        }
        for (tag, name, value) in &page.attributes {
            let lower = value.trim_start().to_ascii_lowercase();
            assert!(!name.starts_with("on"), "{}: {name} on <{tag}>", f.path);
            if ["href", "src", "action", "formaction", "cite"].contains(&name.as_str()) {
                assert!(
                    !lower.starts_with("javascript:") && !lower.starts_with("data:"),
                    "{}: {name}={value}",
                    f.path
                );
            }
            if name.starts_with("data-") {
                assert!(
                    value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b" -_".contains(&b)),
                    "{}: {name}={value:?}",
                    f.path
                );
            }
            if let Some((url, directive)) = value.split_once(":~:") {
                // A text fragment link: the source's url as written, then only the percent-encoded directive.
                seen_fragment = true;
                assert_eq!(url, URL, "{}: {name}={value}", f.path);
                let terms = directive
                    .strip_prefix("text=")
                    .unwrap_or_else(|| panic!("{}: {value}", f.path));
                assert!(
                    !terms.is_empty()
                        && terms
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"%._~,-".contains(&b)),
                    "{}: text fragment {directive:?}",
                    f.path
                );
            }
        }
        for (ty, content) in &page.scripts {
            if ty == "application/json" {
                // The interface messages for the page script: theme text, inert JSON all the same.
                assert_inert_json(&f.path, content);
                continue;
            }
            assert_eq!(ty, "application/ld+json", "{}: inline script", f.path);
            let json = assert_inert_json(&f.path, content);
            // Editorial text is typeset (curly quotes, dashes), the sources' text never.
            assert!(
                holds(&json, P) || holds(&json, &smart(P)),
                "{}: JSON-LD lost the text: {json}",
                f.path
            );
        }
    }
    assert!(seen_fragment, "no text fragment link was checked");

    // Texts arrive whole, as text.
    let text = |path: &str| parse(file(files, path)).text;
    for path in [
        "index.html",
        "sections/evil.html",
        "timeline.html",
        "entities.html",
    ] {
        let page = text(path);
        assert!(
            page.contains(P) || page.contains(&*smart(P)),
            "{path} lost the hostile text"
        );
    }
    let source_page = text("sources/evil.html");
    for words in [
        format!("Mallory said {P} here."),
        format!("Then {P} again"),
        " and <img src=x onerror=alert(6)> end.".to_owned(),
    ] {
        assert!(
            source_page.contains(&words),
            "the source page shows the source's text as text: {words}"
        );
    }
    assert!(
        text("sources/index.html").contains(&format!("Origin {P} report, republished by {P}")),
        "the credit"
    );

    // The search index: a manifest that is exactly one assignment, and shards that are each exactly one call,
    // whose values are inert JSON, with every text intact.
    let js = file(files, "assets/search-index.js");
    let payload = js
        .strip_prefix("window.DOSSIER_INDEX=")
        .and_then(|s| s.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("not a single assignment: {js}"));
    assert_inert_json("assets/search-index.js", payload);
    let mut shards = 0;
    for f in files
        .iter()
        .filter(|f| f.path.starts_with("assets/search/"))
    {
        let (_, _, json) = common::shard_call(std::str::from_utf8(&f.bytes).unwrap());
        assert_inert_json(&f.path, json);
        shards += 1;
    }
    assert!(shards >= 3, "{shards} search shards");
    let index = common::search_documents(files);
    let docs = index["d"].as_array().unwrap();
    for kind in ["n", "e", "m"] {
        assert!(
            docs.iter()
                .any(|d| d["y"] == kind && (d["t"] == P || d["t"] == *smart(P))),
            "search index: no {kind} document titled with the text"
        );
    }
    assert!(docs.iter().any(|d| d["y"] == "n"
        && d["x"] == *smart(P)
        && d["a"].as_array().unwrap().contains(&P.into())));
    assert!(docs.iter().any(|d| d["y"] == "e"
        && d["x"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Claimed by {}.", smart(P)))));
    assert!(index["s"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["b"] == P && s["t"] == format!("Origin {P} report, republished by {P}")));

    // dossier.json and annotations.jsonld: valid JSON with every text intact.
    let model: Value = serde_json::from_str(file(files, "dossier.json")).unwrap();
    assert_eq!(model["title"], *smart(P));
    assert_eq!(model["base_url"], BASE);
    let source = model["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "evil")
        .unwrap();
    for field in ["title", "outlet", "byline", "provenance"] {
        assert_eq!(source[field], P, "dossier.json: source {field}");
    }
    assert_eq!(source["origin"], format!("Origin {P}"));
    assert_eq!(source["url"], URL);
    assert_eq!(source["text"], body(P));
    let section = model["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "evil")
        .unwrap();
    assert_eq!(section["entries"][0]["claimant"], *smart(P));
    assert_eq!(section["entries"][0]["evidence"][0]["note"], *smart(P));
    assert_eq!(model["timeline"][0]["when"], P);
    assert_eq!(model["entities"][0]["name"], P);
    assert!(model["passages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["source"] == "evil")
        .all(|p| p["original"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{URL}:~:text="))));
    let annotations: Value = serde_json::from_str(file(files, "annotations.jsonld")).unwrap();
    let items = annotations["first"]["items"].as_array().unwrap();
    let sp = smart(P);
    assert!(items.iter().any(|a| holds(&a["body"], &sp)
        && a["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["purpose"] == "commenting" && b["value"] == *sp)));
    assert!(items
        .iter()
        .all(|a| a["id"].as_str().unwrap().starts_with(BASE) && a["creator"]["name"] == *sp));

    // The verbatim copy is the text, byte for byte.
    assert_eq!(file(files, "sources/evil.txt"), body(P));

    // robots.txt: three directives, the sitemap's address on its own line.
    assert_eq!(
        file(files, "robots.txt"),
        format!("User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n")
    );

    // sitemap.xml: well-formed XML whose every <loc> is a valid URL under the base, one per page.
    let locs = sitemap_locs(file(files, "sitemap.xml"));
    let pages: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect();
    assert_eq!(locs.len(), pages.len(), "{locs:?}");
    let encoded_base = percent_encoding::utf8_percent_encode(BASE, URL_UNSAFE).to_string();
    for loc in &locs {
        assert!(
            loc.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b)),
            "sitemap: {loc:?} is not a URL"
        );
        assert!(
            loc.starts_with(&encoded_base),
            "sitemap: {loc} not under {encoded_base}"
        );
        let decoded = percent_encoding::percent_decode_str(loc)
            .decode_utf8()
            .unwrap();
        assert!(decoded.starts_with(BASE), "{decoded}");
    }
    assert!(locs.contains(&format!("{encoded_base}sources/evil.html")));
}

/// Bytes a URL cannot hold as they are: controls, space, `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}` and
/// non-ASCII.
const URL_UNSAFE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `<loc>` texts of a sitemap, which must be well-formed XML 1.0 of the sitemap schema's shape.
fn sitemap_locs(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    assert!(
        xml.chars().all(|c| matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)),
        "sitemap: a character XML 1.0 forbids"
    );
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut locs = Vec::new();
    let mut roots = 0;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("sitemap is not well-formed: {e}\n{xml}"));
        match event {
            Event::Eof => break,
            Event::Decl(_) => assert!(path.is_empty()),
            Event::Start(e) => {
                let name = e.name().as_ref().to_owned();
                let expected = match path.len() {
                    0 => "urlset",
                    1 => "url",
                    2 => "loc",
                    _ => "",
                };
                assert_eq!(name, expected, "sitemap: <{name}> inside {path:?}");
                if name == "urlset" {
                    roots += 1;
                }
                if name == "loc" {
                    locs.push(String::new());
                }
                path.push(name);
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_owned();
                assert_eq!(path.pop().as_deref(), Some(name.as_str()));
            }
            Event::Text(t) => {
                let t = t.xml10_content().into_owned();
                if path.last().map(String::as_str) == Some("loc") {
                    locs.last_mut().unwrap().push_str(&t);
                } else {
                    assert!(t.trim().is_empty(), "sitemap: stray text {t:?}");
                }
            }
            Event::GeneralRef(r) => {
                assert_eq!(
                    path.last().map(String::as_str),
                    Some("loc"),
                    "sitemap: stray reference"
                );
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match r.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("sitemap: undefined entity &{other};"),
                    },
                };
                locs.last_mut().unwrap().push(c);
            }
            other => panic!("sitemap: unexpected {other:?}"),
        }
    }
    assert!(path.is_empty() && roots == 1, "sitemap: unbalanced");
    locs
}

#[test]
fn a_base_url_with_whitespace_or_controls_is_refused_where_written() {
    for base in [
        "https://example.org/\nDisallow: /",
        "https://example.org/a b/",
        "https://example.org/\u{2028}x/",
        "https://example.org/\u{1}/",
    ] {
        let site = site(BENIGN, URL, base);
        match dossier::build_in_memory(site.path(), &RenderOptions::default()) {
            Ok(built) => panic!(
                "{base:?} accepted; robots.txt:\n{}",
                file(&built.files, "robots.txt")
            ),
            Err(dossier::Error::Content(d)) => {
                let out: String = d.iter().map(|d| format!("{d}\n")).collect();
                assert!(
                    out.contains(&format!(
                        "content/dossier.yaml:5:11: error: base_url {base:?} holds a space, line break or control character"
                    )),
                    "{base:?}: {out}"
                );
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// Markdown link tricks, each in every Markdown field: whatever the spelling, no link, image or autolink in
/// the output leads to a scheme other than http(s) or mailto, read the way a browser's URL parser reads it.
#[test]
fn markdown_links_never_lead_to_a_script_scheme() {
    let tricks = [
        "[a](javascript:alert(1))",
        "[b](JaVaScRiPt:alert(1))",
        "[c](jav&#x61;script:alert(1))",
        "[d](&#106;avascript:alert(1))",
        "[e](<java\tscript:alert(1)>)",
        "[f](<java\nscript:alert(1)>)",
        "[g](\u{1}javascript:alert(1))",
        "[h](vbscript:msgbox(1))",
        "[i](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[j](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "[k][ref]",
        "![l](javascript:alert(1))",
        "![m](//evil.example/x.png)",
        "<a href=\"javascript:alert(1)\">n</a>",
        "[o](javascript&colon;alert(1))",
        "[ok](https://example.org/fine)",
        "\n[ref]: javascript:alert(1)\n",
    ]
    .join(" ");
    let site = site(BENIGN, URL, "https://example.org/d/");
    let root = site.path();
    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let md = y(&format!("{BENIGN}\n\n{tricks}"));
    edit(
        "content/dossier.yaml",
        "\nintro: ",
        &format!("\nintro: {md}\nx-intro: "),
    );
    edit(
        "content/annotations/evil.yaml",
        "\nsummary: ",
        &format!("\nsummary: {md}\nx: "),
    );
    edit(
        "content/annotations/evil.yaml",
        "    body: ",
        &format!("    body: {md}\n    x: "),
    );
    edit(
        "content/timeline.yaml",
        "    body: ",
        &format!("    body: {md}\n    x: "),
    );
    // Drop the displaced originals (the `x` keys) again.
    for rel in [
        "content/dossier.yaml",
        "content/annotations/evil.yaml",
        "content/timeline.yaml",
    ] {
        let path = root.join(rel);
        let text: String = fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("x: ") && !l.starts_with("x-intro: "))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(&path, text).unwrap();
    }
    let built = match dossier::build_in_memory(root, &RenderOptions::default()) {
        Ok(b) => b,
        Err(dossier::Error::Content(d)) => {
            panic!("{}", d.iter().map(|d| format!("{d}\n")).collect::<String>())
        }
        Err(e) => panic!("{e}"),
    };
    let mut fine = 0;
    for f in built.files.iter().filter(|f| f.path.ends_with(".html")) {
        for (tag, name, value) in parse(file(&built.files, &f.path)).attributes {
            if ![
                "href",
                "src",
                "action",
                "formaction",
                "cite",
                "poster",
                "srcset",
            ]
            .contains(&name.as_str())
            {
                continue;
            }
            // As the URL parser does: strip leading and trailing C0 controls and spaces, drop tabs and newlines.
            let url: String = value
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
                s.starts_with(|c: char| c.is_ascii_alphabetic())
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            });
            if let Some(scheme) = scheme {
                assert!(
                    ["http", "https", "mailto"].contains(&scheme),
                    "{}: <{tag} {name}={value:?}>",
                    f.path
                );
            }
            assert!(!url.starts_with("//evil"), "{}: {name}={value}", f.path);
            fine += usize::from(value == "https://example.org/fine");
        }
    }
    assert!(fine >= 4, "the safe link is kept ({fine} seen)");
}

/// A theme's static folder holding symlinks to files or folders outside the dossier publishes none of them.
#[cfg(unix)]
#[test]
fn symlinks_out_of_the_theme_are_not_published() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "top secret").unwrap();
    let stat = site.path().join("themes/default/static");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), stat.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), stat.join("leaked")).unwrap();
    let built = dossier::build_in_memory(site.path(), &RenderOptions::default()).unwrap();
    for f in &built.files {
        assert!(
            !f.path.contains("leak") && !String::from_utf8_lossy(&f.bytes).contains("top secret"),
            "{} published",
            f.path
        );
    }
    assert!(built.files.iter().any(|f| f.path == "assets/style.css"));
}
