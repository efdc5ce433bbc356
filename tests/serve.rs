//! `dossier serve` end to end: a real server on an ephemeral loopback port, over a temp copy of the dossier.
//! Fetches pages, edits YAML and watches the live-reload stream, breaks a quote and sees the error while the
//! last good page is still served, fixes it, and stops cleanly.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dossier::serve::incremental::{Generation, Incremental};

/// Generous: the test binary is a debug build and the machine is shared.
const WAIT: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    addr: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel::<String>();
        let out = child.stdout.take().unwrap();
        let keep = stdout.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                keep.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = tx.send(line);
            }
        });
        let err = child.stderr.take().unwrap();
        let keep = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                keep.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            stdout,
            stderr,
        };
        server.addr = server.wait_for_address(&rx);
        server
    }

    fn wait_for_address(&mut self, rx: &Receiver<String>) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("Serving on http://") {
                        let addr = rest.split('/').next().unwrap().to_owned();
                        assert!(addr.starts_with("127.0.0.1:"), "not loopback: {line}");
                        return addr;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "serve printed no address\nstdout:\n{}\nstderr:\n{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        );
    }

    fn logs(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }

    /// Waits until the server has printed `needle` on stderr (or stdout): what it prints before (or after)
    /// an event may reach the reader threads after the event reaches the test.
    fn wait_for_output(&self, stderr: bool, needle: &str) {
        let stream = if stderr { &self.stderr } else { &self.stdout };
        let deadline = Instant::now() + WAIT;
        while !stream.lock().unwrap().contains(needle) {
            assert!(Instant::now() < deadline, "no {needle:?}\n{}", self.logs());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// How many times stdout says `needle` so far.
    fn count_output(&self, needle: &str) -> usize {
        self.stdout.lock().unwrap().matches(needle).count()
    }

    fn get(&self, path: &str) -> Response {
        request(&self.addr, "GET", path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

/// A raw HTTP/1.1 request (the path is sent exactly as given, so traversal attempts reach the server).
fn request(addr: &str, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: head.to_owned(),
        body: body.to_owned(),
    }
}

/// A server-sent-events client. HTTP/1.0, so the stream arrives as plain text (no chunked encoding).
struct Events {
    reader: BufReader<TcpStream>,
}

#[derive(Debug)]
struct Event {
    name: String,
    data: serde_json::Value,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect events");
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        write!(
            stream,
            "GET /__dossier/events HTTP/1.0\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.contains(" 200 "), "events: {status}");
        let mut headers = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            headers.push_str(&line);
        }
        assert!(
            headers.to_ascii_lowercase().contains("text/event-stream"),
            "{headers}"
        );
        Events { reader }
    }

    /// The next event, or None once `deadline` has passed.
    fn next(&mut self, deadline: Instant) -> Option<Event> {
        let mut name = String::new();
        let mut data = String::new();
        let mut line = String::new();
        while Instant::now() < deadline {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    continue
                }
                Err(e) => panic!("events: {e}"),
            }
            let l = line.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                if !data.is_empty() {
                    let data = serde_json::from_str(&data).expect("event data is JSON");
                    return Some(Event { name, data });
                }
                name.clear();
            } else if let Some(v) = l.strip_prefix("event:") {
                name = v.trim().to_owned();
            } else if let Some(v) = l.strip_prefix("data:") {
                data.push_str(v.trim_start());
            }
        }
        None
    }

    /// Waits for the first event that `want` accepts, skipping others.
    fn wait_for(&mut self, what: &str, server: &Server, want: impl Fn(&Event) -> bool) -> Event {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while let Some(event) = self.next(deadline) {
            if want(&event) {
                return event;
            }
            seen.push(format!("{} {}", event.name, event.data));
        }
        panic!("no {what} event; saw: {seen:#?}\n{}", server.logs());
    }
}

/// Replaces a file's contents the way editors do: write a temp file beside it, then rename over it.
fn save(path: &Path, text: &str) {
    let temp = path.with_extension("yaml.tmp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

/// The first section file and its id.
fn first_section(root: &Path) -> (PathBuf, String) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/annotations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let id = files[0].file_stem().unwrap().to_string_lossy().into_owned();
    (files[0].clone(), id)
}

/// `text` with the value of the first line matching `key: <plain value>` replaced; and that line's number.
fn replace_first_value(text: &str, key: &str, value: &str) -> (String, usize) {
    let mut out = String::new();
    let mut at = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let plain = trimmed
            .strip_prefix(key)
            .and_then(|r| r.strip_prefix(": "))
            .is_some_and(|v| !v.trim().is_empty() && !v.starts_with(['|', '>']));
        if at.is_none() && plain && indent.len() >= 4 {
            out.push_str(&format!("{indent}{key}: {value}\n"));
            at = Some(i + 1);
        } else {
            out.push_str(line);
        }
    }
    (out, at.expect("a line to edit"))
}

#[test]
fn serve_reloads_on_edit_shows_errors_in_place_and_recovers() {
    let dir = common::real_dossier_copy();
    let root = dir.path();
    let server = Server::start(root);
    let (section_file, section) = first_section(root);
    let page = format!("/sections/{section}.html");

    // Pages are served from memory, with the live-reload client injected.
    let index = server.get("/");
    assert_eq!(index.status, 200, "{}", server.logs());
    assert_eq!(
        index.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(index.body.contains("/__dossier/live.js"));
    assert_eq!(server.get(&page).status, 200);

    let mut events = Events::open(&server.addr);
    let hello = events.wait_for("hello", &server, |e| e.name == "hello");
    assert_eq!(hello.data["ok"], true);
    let first_build = hello.data["build"].as_str().unwrap().to_owned();
    assert!(index
        .body
        .contains(&format!("data-build=\"{first_build}\"")));

    // 1. Edit an entry title: a reload event with a new build, and the new text on the page.
    let original = std::fs::read_to_string(&section_file).unwrap();
    let marker = "Live reload marker 7F3A";
    let (edited, _) = replace_first_value(&original, "title", marker);
    let saved_at = Instant::now();
    save(&section_file, &edited);
    let reload = events.wait_for("reload", &server, |e| {
        e.name == "reload" && e.data["build"] != first_build.as_str()
    });
    let reload_latency = saved_at.elapsed();
    assert_eq!(reload.data["ok"], true);
    let second_build = reload.data["build"].as_str().unwrap().to_owned();
    let fresh = server.get(&page);
    assert!(fresh.body.contains(marker), "{}", server.logs());
    assert!(fresh
        .body
        .contains(&format!("data-build=\"{second_build}\"")));
    eprintln!(
        "save -> reload event: {} ms (debug build)",
        reload_latency.as_millis()
    );

    // 2. Break a quote: an error event naming the file and line, while the last good page is still served.
    let (broken, quote_line) = replace_first_value(
        &edited,
        "quote",
        "\"this sentence is in no source at all 9Q\"",
    );
    save(&section_file, &broken);
    let error = events.wait_for("error", &server, |e| e.name == "error");
    assert_eq!(error.data["ok"], false);
    assert_eq!(
        error.data["build"],
        second_build.as_str(),
        "the last good build is kept"
    );
    let diagnostics = error.data["diagnostics"].as_array().unwrap();
    let quote_error = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("quote not found"))
        .unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(
        quote_error["file"],
        format!("content/annotations/{section}.yaml").as_str()
    );
    assert_eq!(quote_error["line"], quote_line);
    assert_eq!(quote_error["severity"], "error");
    assert!(!quote_error["hints"].as_array().unwrap().is_empty());
    assert!(quote_error["snippet"]
        .as_str()
        .unwrap()
        .contains("this sentence is in no source at all 9Q"));
    let still = server.get(&page);
    assert_eq!(still.status, 200);
    assert!(still.body.contains(marker), "last good page");
    let status = server.get("/__dossier/status");
    assert!(status.body.contains("\"ok\":false"), "{}", status.body);
    server.wait_for_output(true, "quote not found");

    // A page opened now is told about the error at once, on connect.
    let mut late = Events::open(&server.addr);
    let late_hello = late.wait_for("hello", &server, |e| e.name == "hello");
    assert_eq!(late_hello.data["ok"], false);

    // 3. Fix it: the page recovers by itself.
    let rebuilt_before = server.count_output("] Rebuilt ");
    save(&section_file, &edited);
    let recovered = events.wait_for("reload", &server, |e| e.name == "reload");
    assert_eq!(recovered.data["ok"], true);
    assert_ne!(recovered.data["build"], second_build.as_str());
    assert!(server.get(&page).body.contains(marker));
    assert!(server.get("/__dossier/status").body.contains("\"ok\":true"));
    // The line that says so may reach the reader after the event reaches the test.
    let deadline = Instant::now() + WAIT;
    while server.count_output("] Rebuilt ") == rebuilt_before {
        assert!(
            Instant::now() < deadline,
            "no Rebuilt line\n{}",
            server.logs()
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // Editor temp files do not trigger a rebuild.
    let builds_before = server.count_output("] Rebuilt ");
    std::fs::write(section_file.with_file_name(".swapfile.swp"), "x").unwrap();
    std::fs::write(section_file.with_file_name("notes.yaml~"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    let builds_after = server.count_output("] Rebuilt ");
    assert_eq!(builds_after, builds_before, "{}", server.logs());
}

#[test]
fn serve_answers_http_correctly_and_never_leaves_the_site() {
    let dir = common::real_dossier_copy();
    let root = dir.path();
    std::fs::write(root.join("secret.txt"), "top secret").unwrap();
    let server = Server::start(root);

    let css = server.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        server
            .get("/assets/favicon.svg")
            .header("content-type")
            .as_deref(),
        Some("image/svg+xml; charset=utf-8")
    );
    assert_eq!(
        server.get("/robots.txt").header("content-type").as_deref(),
        Some("text/plain; charset=utf-8")
    );

    // Folders: index.html, and a redirect to the slash so relative links resolve.
    assert_eq!(server.get("/sources/").status, 200);
    let redirect = server.get("/sources");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location").as_deref(), Some("/sources/"));

    // Missing pages: the site's 404 page, with a base so its links work at any depth.
    let missing = server.get("/sections/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<base href=\"/\">"));
    assert!(missing.body.contains("/__dossier/live.js"));

    // Nothing outside the in-memory site is reachable, however the path is spelled.
    for path in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/sections/..%2F..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/secret.txt",
        "/content/dossier.yaml",
    ] {
        let r = server.get(path);
        assert!(
            matches!(r.status, 400 | 404),
            "{path}: {} {}",
            r.status,
            r.body
        );
        assert!(!r.body.contains("top secret"), "{path}");
        assert!(!r.body.contains("sections: ["), "{path}");
    }
    let long = format!("/{}", "a".repeat(5000));
    assert!(matches!(server.get(&long).status, 414 | 431 | 400));

    let post = request(&server.addr, "POST", "/");
    assert_eq!(post.status, 405);
    let head = request(&server.addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let js = server.get("/__dossier/live.js");
    assert_eq!(js.status, 200);
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    // The overlay writes text, never markup: messages quote the editor's content.
    assert!(js.body.contains("textContent") && !js.body.contains("innerHTML"));
}

#[cfg(unix)]
#[test]
fn serve_starts_on_broken_content_then_recovers_and_stops_cleanly_on_ctrl_c() {
    let dir = common::real_dossier_copy();
    let root = dir.path();
    let (section_file, _) = first_section(root);
    let good = std::fs::read_to_string(&section_file).unwrap();
    std::fs::write(&section_file, "title: [unclosed\n").unwrap();
    let mut server = Server::start(root);

    // No good build yet: every page is a stand-in that shows the errors and reloads when they are fixed.
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("/__dossier/live.js"));
    let mut events = Events::open(&server.addr);
    let hello = events.wait_for("hello", &server, |e| e.name == "hello");
    assert_eq!(hello.data["ok"], false);
    assert_eq!(hello.data["build"], "");

    save(&section_file, &good);
    let reload = events.wait_for("reload", &server, |e| e.name == "reload");
    assert_eq!(reload.data["ok"], true);
    assert_eq!(server.get("/").status, 200);

    // Ctrl-C: the open event stream does not keep the server alive.
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "serve did not stop\n{}",
            server.logs()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}\n{}", server.logs());
    // Let the reader threads catch the last lines.
    std::thread::sleep(Duration::from_millis(200));
    assert!(server.stdout.lock().unwrap().contains("Stopped."));
}

#[test]
fn build_output_never_contains_the_live_reload_client() {
    let built =
        dossier::build_in_memory(&common::repo(), &dossier::render::RenderOptions::default())
            .expect("the real dossier builds");
    for f in &built.files {
        let text = String::from_utf8_lossy(&f.bytes);
        assert!(!text.contains("__dossier"), "{}", f.path);
    }
}

/// The content files of a dossier (what a full load reads).
fn content_files(root: &Path) -> usize {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

/// Every output of `generation`, rendered on request, is byte for byte the output of an eager build of the
/// same content with the same live-reload client, and there is no other.
fn assert_same_as_eager(generation: &Generation, root: &Path) {
    let options = dossier::render::RenderOptions {
        inject_before_body_end: Some(dossier::serve::live_reload_tag(generation.build())),
    };
    let eager = dossier::build_in_memory(root, &options).expect("the dossier builds");
    for file in &eager.files {
        let Some(rendered) = generation.get(&file.path) else {
            panic!("{} is not served", file.path);
        };
        let lazy = rendered.unwrap_or_else(|e| panic!("{}: {e:?}", file.path));
        assert!(
            lazy == file.bytes,
            "{} differs from the eager build",
            file.path
        );
    }
    assert_eq!(generation.paths().count(), eager.files.len());
}

#[test]
fn incremental_rebuilds_read_only_what_changed_and_render_what_an_eager_build_renders() {
    let dir = common::real_dossier_copy();
    let root = dir.path();
    let options = |build: &str| dossier::render::RenderOptions {
        inject_before_body_end: Some(dossier::serve::live_reload_tag(build)),
    };
    let mut incremental = Incremental::new(root);

    // The first build reads everything and renders everything before it is served.
    let first = incremental.prepare(&[]).expect("the dossier builds");
    assert!(first.eager);
    assert_eq!(incremental.files_read(), content_files(root));
    let anchored = incremental.quotes_anchored();
    assert!(anchored > 0);
    let generation = Generation::new("b1".to_owned(), &first, options("b1"));
    assert!(generation.render_all().is_empty());
    incremental.rendered_all(&first.theme);
    assert_same_as_eager(&generation, root);

    // Nothing changed: nothing is read or anchored again.
    let again = incremental.prepare(&[]).unwrap();
    assert!(!again.eager, "the theme rendered a whole site already");
    assert_eq!(incremental.files_read(), content_files(root));
    assert_eq!(incremental.quotes_anchored(), anchored);

    // An entry title edited: only that file is read again, no quote is anchored again, and the pages
    // rendered on request are those of an eager build.
    let (section_file, _) = first_section(root);
    let original = std::fs::read_to_string(&section_file).unwrap();
    let (edited, _) = replace_first_value(&original, "title", "Incremental marker 4B2D");
    save(&section_file, &edited);
    let reads = incremental.files_read();
    let second = incremental
        .prepare(std::slice::from_ref(&section_file))
        .unwrap();
    assert!(!second.eager);
    assert_eq!(incremental.files_read(), reads + 1);
    assert_eq!(incremental.quotes_anchored(), anchored);
    let generation = Generation::new("b2".to_owned(), &second, options("b2"));
    let page = generation
        .get(&format!("sections/{}.html", first_section(root).1))
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&page).contains("Incremental marker 4B2D"));
    assert_same_as_eager(&generation, root);

    // A file changed without the watcher saying so (its length differs): read again all the same. An
    // article changed: its quotes are anchored again, and only its quotes.
    let article = root.join("content/articles/kbs.txt");
    // The source's text is fingerprinted: an edited text goes with a renewed fingerprint, as `add --update`
    // would write it.
    let text = std::fs::read_to_string(&article).unwrap();
    let text = format!("{text}\nA line added at the end 9D1F.\n");
    let body = &text[dossier::load::front_matter::split(&text)
        .unwrap()
        .body_offset..];
    let old = text
        .lines()
        .find(|l| l.starts_with("fingerprint: "))
        .unwrap();
    let renewed = format!(
        "fingerprint: \"{}\"",
        dossier::load::fingerprint::fingerprint(body)
    );
    std::fs::write(&article, text.replacen(old, &renewed, 1)).unwrap();
    let reads = incremental.files_read();
    let third = incremental.prepare(&[]).unwrap();
    assert_eq!(incremental.files_read(), reads + 1);
    let reanchored = incremental.quotes_anchored() - anchored;
    let kbs = third.site.source_index["kbs"];
    let kbs_quotes: usize = third.site.sources[kbs]
        .passages
        .iter()
        .map(|&p| third.site.passages[p].citations.len())
        .sum();
    assert_eq!(reanchored, kbs_quotes);
    let generation = Generation::new("b3".to_owned(), &third, options("b3"));
    assert_same_as_eager(&generation, root);

    // A theme file changed: the theme is loaded again and the next build renders eagerly.
    let template = root.join("themes/default/templates/about.html");
    let about = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, about.replace("</h1>", " 3E7A</h1>")).unwrap();
    let fourth = incremental.prepare(&[template]).unwrap();
    assert!(fourth.eager);
    let generation = Generation::new("b4".to_owned(), &fourth, options("b4"));
    assert!(
        String::from_utf8_lossy(&generation.get("about.html").unwrap().unwrap()).contains("3E7A")
    );
    assert_same_as_eager(&generation, root);
}

#[test]
fn serve_renders_a_page_asked_for_right_after_an_edit_as_an_eager_build_would() {
    let dir = common::real_dossier_copy();
    let root = dir.path();
    let server = Server::start(root);
    let (section_file, section) = first_section(root);
    let page = format!("/sections/{section}.html");
    assert_eq!(server.get(&page).status, 200);
    let mut events = Events::open(&server.addr);
    let hello = events.wait_for("hello", &server, |e| e.name == "hello");
    let first_build = hello.data["build"].as_str().unwrap().to_owned();

    let original = std::fs::read_to_string(&section_file).unwrap();
    let (edited, _) = replace_first_value(&original, "title", "On request marker 6A0C");
    save(&section_file, &edited);
    let reload = events.wait_for("reload", &server, |e| {
        e.name == "reload" && e.data["build"] != first_build.as_str()
    });
    let build = reload.data["build"].as_str().unwrap();

    // Asked for at once (the background pass may not have reached it): the edit is there, and every output
    // is the eager build's, live-reload client included.
    let fresh = server.get(&page);
    assert_eq!(fresh.status, 200);
    assert!(fresh.body.contains("On request marker 6A0C"));
    let options = dossier::render::RenderOptions {
        inject_before_body_end: Some(dossier::serve::live_reload_tag(build)),
    };
    let eager = dossier::build_in_memory(root, &options).expect("the dossier builds");
    for file in eager.files.iter().rev() {
        let served = server.get(&format!("/{}", file.path));
        assert_eq!(served.status, 200, "{}", file.path);
        assert!(
            served.body == String::from_utf8_lossy(&file.bytes),
            "{} differs from the eager build\n{}",
            file.path,
            server.logs()
        );
    }
}

#[test]
fn serve_shows_a_template_error_met_on_request_and_recovers() {
    let dir = common::real_dossier_copy();
    let root = dir.path();
    // A template that fails only for one section title: the theme renders the whole site at first, so the
    // error is met only when the edited page is rendered, after the change is served.
    let template = root.join("themes/default/templates/section.html");
    let text = std::fs::read_to_string(&template).unwrap();
    let trap = "<h1>{{ section.title }}</h1>{% if section.title == \"Boom 5C1E\" %}{{ no_such_value_5c1e }}{% endif %}";
    std::fs::write(
        &template,
        text.replacen("<h1>{{ section.title }}</h1>", trap, 1),
    )
    .unwrap();
    let server = Server::start(root);
    let (section_file, section) = first_section(root);
    let page = format!("/sections/{section}.html");
    assert_eq!(server.get(&page).status, 200, "{}", server.logs());
    let mut events = Events::open(&server.addr);
    events.wait_for("hello", &server, |e| {
        e.name == "hello" && e.data["ok"] == true
    });

    let original = std::fs::read_to_string(&section_file).unwrap();
    let title = original.lines().find(|l| l.starts_with("title: ")).unwrap();
    save(
        &section_file,
        &original.replacen(title, "title: Boom 5C1E", 1),
    );
    let reload = events.wait_for("reload", &server, |e| e.name == "reload");
    let build = reload.data["build"].as_str().unwrap().to_owned();
    let failed = server.get(&page);
    assert_eq!(failed.status, 500, "{}", server.logs());
    assert!(
        failed.body.contains("no_such_value_5c1e"),
        "{}",
        failed.body
    );
    assert!(failed
        .body
        .contains(&format!("/__dossier/live.js\" data-build=\"{build}\"")));
    let error = events.wait_for("error", &server, |e| e.name == "error");
    assert_eq!(error.data["build"], build.as_str());
    let diagnostics = error.data["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics
            .iter()
            .any(|d| d["file"] == "themes/default/templates/section.html"),
        "{diagnostics:#?}"
    );
    server.wait_for_output(true, "no_such_value_5c1e");
    // The other pages are served.
    assert_eq!(server.get("/").status, 200);

    save(&section_file, &original);
    events.wait_for("reload", &server, |e| e.name == "reload");
    assert_eq!(server.get(&page).status, 200, "{}", server.logs());
}

#[test]
fn serve_keeps_the_last_good_site_when_a_theme_change_breaks_a_template() {
    let dir = common::real_dossier_copy();
    let root = dir.path();
    let server = Server::start(root);
    let mut events = Events::open(&server.addr);
    let hello = events.wait_for("hello", &server, |e| e.name == "hello");
    let good_build = hello.data["build"].as_str().unwrap().to_owned();
    let before = server.get("/about.html");
    assert_eq!(before.status, 200);

    // A template that fails at render time: found before the site is swapped, so nothing changes.
    let template = root.join("themes/default/templates/about.html");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, format!("{{{{ no_such_value_8b3e }}}}{text}")).unwrap();
    let error = events.wait_for("error", &server, |e| e.name == "error");
    assert_eq!(error.data["build"], good_build.as_str());
    assert!(error.data.to_string().contains("no_such_value_8b3e"));
    let still = server.get("/about.html");
    assert_eq!(still.status, 200);
    assert_eq!(still.body, before.body);

    // Fixed, with a visible change: rebuilt and served.
    std::fs::write(&template, text.replace("</h1>", " 2C9F</h1>")).unwrap();
    events.wait_for("reload", &server, |e| e.name == "reload");
    assert!(server.get("/about.html").body.contains("2C9F"));
}
