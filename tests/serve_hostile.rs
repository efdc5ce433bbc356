//! `serve` against awkward clients and surroundings, on loopback only: idle and slow-header connections are
//! closed, more connections than file descriptors allow wait instead of making the server unreachable, a
//! request naming another host is refused, `--interface localhost` works, and a closed stdout never stops
//! the rebuilds.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: the test binary is a debug build and the machine is shared.
const WAIT: Duration = Duration::from_secs(30);

/// A running `dossier serve`; stderr is collected, stdout is left to the test.
struct Server {
    child: Child,
    addr: String,
    stdout: Option<BufReader<ChildStdout>>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path, args: &[&str], configure: impl FnOnce(&mut Command)) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
        command
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        configure(&mut command);
        let mut child = command.spawn().expect("start dossier serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().unwrap();
        let keep = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                keep.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let addr = loop {
            line.clear();
            let n = stdout.read_line(&mut line).unwrap();
            assert!(n > 0, "serve exited:\n{}", stderr.lock().unwrap());
            if let Some(rest) = line.trim().strip_prefix("Serving on http://") {
                break rest.split('/').next().unwrap().to_owned();
            }
        };
        Server {
            child,
            addr,
            stdout: Some(stdout),
            stderr,
        }
    }

    /// The loopback address to connect to (the printed one may be a name).
    fn socket(&self) -> String {
        let port = self.addr.rsplit(':').next().unwrap();
        format!("127.0.0.1:{port}")
    }

    /// Keeps reading stdout so that the pipe never fills.
    fn drain_stdout(&mut self) {
        let out = self.stdout.take().unwrap();
        std::thread::spawn(move || for _ in out.lines().map_while(Result::ok) {});
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `GET path` naming `host`, reads the whole response; returns the status and body.
fn get(socket: &str, host: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(socket).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
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
    (status, body.to_owned())
}

/// How long until the server closes `stream` (reads until end of file, discarding what comes).
fn closed_after(mut stream: TcpStream, limit: Duration) -> Duration {
    let start = Instant::now();
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut sink = [0u8; 4096];
    loop {
        match stream.read(&mut sink) {
            Ok(0) => return start.elapsed(),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return start.elapsed(),
            Err(e) => panic!("not closed after {:?}: {e}", start.elapsed()),
        }
    }
}

fn section_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content/annotations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn idle_and_slow_header_connections_are_closed() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let mut server = Server::start(site.path(), &["--idle-timeout-ms", "1000"], |_| {});
    server.drain_stdout();
    let socket = server.socket();

    // Connected, never a byte sent.
    let idle = TcpStream::connect(&socket).unwrap();
    // Headers sent a byte at a time, never finished: bytes move, so only the header timeout closes it.
    let slow = TcpStream::connect(&socket).unwrap();
    let mut writer = slow.try_clone().unwrap();
    let dribble = std::thread::spawn(move || {
        let start = Instant::now();
        for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
            .iter()
            .cycle()
        {
            if writer.write_all(&[*byte]).is_err() || start.elapsed() > WAIT {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        start.elapsed()
    });
    // A kept-alive connection after one answer.
    let mut kept = TcpStream::connect(&socket).unwrap();
    write!(kept, "GET /robots.txt HTTP/1.1\r\nHost: {socket}\r\n\r\n").unwrap();
    let mut reader = BufReader::new(kept.try_clone().unwrap());
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    assert!(status.contains(" 200 "), "{status}");

    let limit = Duration::from_secs(15);
    let waited = closed_after(idle, limit);
    assert!(
        waited < Duration::from_secs(10),
        "idle closed after {waited:?}"
    );
    let waited = closed_after(slow, limit);
    assert!(
        waited < Duration::from_secs(10),
        "slow closed after {waited:?}"
    );
    let dribbled = dribble.join().unwrap();
    assert!(
        dribbled < Duration::from_secs(12),
        "dribbled for {dribbled:?}"
    );
    let mut rest = Vec::new();
    let start = Instant::now();
    reader.get_mut().set_read_timeout(Some(limit)).unwrap();
    let _ = reader.read_to_end(&mut rest);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "kept-alive connection still open"
    );
    drop(kept);
    // The server still answers.
    assert_eq!(get(&socket, &socket, "/").0, 200);
}

#[cfg(target_os = "linux")]
#[test]
fn more_connections_than_file_descriptors_wait_instead_of_breaking_the_server() {
    use std::os::unix::process::CommandExt;
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    const FDS: u64 = 128;
    // The default idle timeout (20 s): a full server closes idle connections sooner to make room.
    let mut server = Server::start(site.path(), &[], |command| {
        // SAFETY: only calls setrlimit between fork and exec.
        unsafe {
            command.pre_exec(|| {
                let limit = rustix::process::Rlimit {
                    current: Some(FDS),
                    maximum: Some(FDS),
                };
                rustix::process::setrlimit(rustix::process::Resource::Nofile, limit)
                    .map_err(std::io::Error::from)
            });
        }
    });
    server.drain_stdout();
    let socket = server.socket();
    // More idle connections than the server may open files.
    let idle: Vec<TcpStream> = (0..FDS + 40)
        .filter_map(|_| TcpStream::connect(&socket).ok())
        .collect();
    assert!(
        idle.len() as u64 > FDS,
        "only {} connections made",
        idle.len()
    );
    // Once the server has taken all it takes, files are left for rebuilds.
    let open_files = || {
        std::fs::read_dir(format!("/proc/{}/fd", server.child.id()))
            .unwrap()
            .count() as u64
    };
    let mut fds = open_files();
    let settle = Instant::now() + Duration::from_secs(5);
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = open_files();
        if now == fds || Instant::now() > settle {
            break;
        }
        fds = now;
    }
    assert!(
        fds > FDS / 2,
        "only {fds} files open: the connections were not accepted"
    );
    assert!(fds <= FDS - 32, "{fds} files open of {FDS}");
    // A new client waits for idle ones to be closed, then is answered, well before they would time out.
    let start = Instant::now();
    let (status, _) = get(&socket, &socket, "/");
    assert_eq!(
        status,
        200,
        "after {:?}\n{}",
        start.elapsed(),
        server.stderr.lock().unwrap()
    );
    assert!(
        start.elapsed() < Duration::from_secs(18),
        "answered after {:?}",
        start.elapsed()
    );
    drop(idle);
}

#[test]
fn a_request_naming_another_host_is_refused_and_localhost_is_accepted() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
    let mut server = Server::start(site.path(), &["--interface", "localhost"], |_| {});
    server.drain_stdout();
    assert!(
        server.addr.starts_with("localhost:"),
        "printed {}",
        server.addr
    );
    let socket = server.socket();
    let port = socket.rsplit(':').next().unwrap().to_owned();

    // A page of another site whose name now resolves to this machine.
    let (status, body) = get(&socket, &format!("rebound.example:{port}"), "/");
    assert_eq!(status, 421, "{body}");
    assert!(body.contains("localhost"), "{body}");
    assert!(!body.contains("<html"), "{body}");
    let (status, _) = get(&socket, "rebound.example", "/__dossier/status");
    assert_eq!(status, 421);
    // An absolute request target names the host too.
    let (status, _) = get(&socket, &socket, "http://rebound.example/");
    assert_eq!(status, 421);

    for host in [
        format!("localhost:{port}"),
        socket.clone(),
        "LOCALHOST".to_owned(),
    ] {
        let (status, body) = get(&socket, &host, "/");
        assert_eq!(status, 200, "{host}: {body}");
        assert!(body.contains("<html"), "{host}");
    }
}

#[test]
fn a_closed_stdout_never_stops_the_rebuilds() {
    let dir = common::real_dossier_copy();
    let root = dir.path();
    let mut server = Server::start(root, &[], |_| {});
    let socket = server.socket();
    let id = section_ids(root).remove(0);
    let page = format!("/sections/{id}.html");
    assert_eq!(get(&socket, &socket, &page).0, 200);
    // Like `dossier serve | head -1`: the reader goes away.
    drop(server.stdout.take());

    let file = root.join(format!("content/annotations/{id}.yaml"));
    let mut marker = String::new();
    for edit in 0..3 {
        // A new title, so that the page shows the edit.
        let text = std::fs::read_to_string(&file).unwrap();
        marker = format!("Edited title number {edit}");
        let edited = replace_title(&text, &marker);
        let temp = file.with_extension("yaml.tmp");
        std::fs::write(&temp, edited).unwrap();
        std::fs::rename(&temp, &file).unwrap();
        let deadline = Instant::now() + WAIT;
        loop {
            let (status, body) = get(&socket, &socket, &page);
            if status == 200 && body.contains(&marker) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "edit {edit} never served (status {status})\nstderr:\n{}",
                server.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    assert!(server.child.try_wait().unwrap().is_none(), "serve exited");
    let stderr = server.stderr.lock().unwrap().clone();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!marker.is_empty());
}

/// `text` (a section file) with its top-level `title:` replaced.
fn replace_title(text: &str, title: &str) -> String {
    let mut done = false;
    text.split_inclusive('\n')
        .map(|line| {
            if !done && line.starts_with("title:") {
                done = true;
                format!("title: {title}\n")
            } else {
                line.to_owned()
            }
        })
        .collect::<String>()
        + if text.contains("\ntitle:") || text.starts_with("title:") {
            ""
        } else {
            panic!("no top-level title in the section file")
        }
}
