//! `serve` under load, on loopback only: 200 concurrent keep-alive connections for a few seconds while the
//! content is edited and rebuilt again and again, every request answered correctly, and the server's threads
//! and memory bounded. The loop is bounded in time and count.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 200;
const DURATION: Duration = Duration::from_secs(8);
/// How often the content is edited during the run.
const EDIT_EVERY: Duration = Duration::from_millis(300);

/// A number field of /proc/<pid>/status (Linux): `VmRSS` in KiB, `Threads`.
fn proc_status(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status
        .lines()
        .find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The ids of the files in `folder` with extension `ext`.
fn ids(folder: &Path, ext: &str) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

/// Reads one HTTP/1.1 response with a Content-Length body; returns the status code.
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

#[test]
fn serve_holds_200_concurrent_connections_during_rebuilds_with_bounded_threads_and_memory() {
    let site = common::real_dossier_copy();
    let root = site.path().to_path_buf();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(site.path())
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve exited").unwrap();
        if let Some(rest) = line.strip_prefix("Serving on http://") {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    let rebuilds = Arc::new(AtomicUsize::new(0));
    let counted = rebuilds.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if line.contains("] Rebuilt ") {
                counted.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    assert!(addr.starts_with("127.0.0.1:"), "loopback only: {addr}");
    let pid = child.id();
    let rss_before = proc_status(pid, "VmRSS").unwrap_or(0);

    let ok = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let end = Instant::now() + DURATION;
    // Every page of every section and source, so that most requests wait for a page being rendered.
    let mut paths: Vec<String> = ["/", "/assets/style.css", "/no-such-page"]
        .map(String::from)
        .to_vec();
    paths.extend(
        ids(&root.join("content/annotations"), "yaml")
            .iter()
            .map(|id| format!("/sections/{id}.html")),
    );
    paths.extend(
        ids(&root.join("content/articles"), "txt")
            .iter()
            .map(|id| format!("/sources/{id}.html")),
    );
    let paths = Arc::new(paths);
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|n| {
            let (addr, ok, failed) = (addr.clone(), ok.clone(), failed.clone());
            let paths = paths.clone();
            std::thread::spawn(move || {
                let Ok(stream) = TcpStream::connect(&addr) else {
                    failed.fetch_add(1, Ordering::Relaxed);
                    return;
                };
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                let mut i = n;
                // Each connection stays open for the whole run, sending requests one after another.
                while Instant::now() < end {
                    let path = &paths[i % paths.len()];
                    i += 1;
                    let request = format!(
                        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: keep-alive\r\n\r\n"
                    );
                    let expected = if path == "/no-such-page" { 404 } else { 200 };
                    match writer
                        .write_all(request.as_bytes())
                        .and_then(|()| read_response(&mut reader))
                    {
                        Ok(status) if status == expected => ok.fetch_add(1, Ordering::Relaxed),
                        _ => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            return;
                        }
                    };
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        })
        .collect();
    // The editor: a comment added to a section file again and again, saved the way editors do.
    let section = root.join("content/annotations").join(format!(
        "{}.yaml",
        ids(&root.join("content/annotations"), "yaml")[0]
    ));
    let original = std::fs::read_to_string(&section).unwrap();
    let mut peak = rss_before;
    let mut peak_threads = 0;
    let mut next_edit = Instant::now();
    let mut edits = 0;
    while Instant::now() < end {
        if Instant::now() >= next_edit {
            edits += 1;
            let temp = section.with_extension("yaml.tmp");
            std::fs::write(&temp, format!("{original}\n# edit {edits}\n")).unwrap();
            std::fs::rename(&temp, &section).unwrap();
            next_edit += EDIT_EVERY;
        }
        peak = peak.max(proc_status(pid, "VmRSS").unwrap_or(0));
        peak_threads = peak_threads.max(proc_status(pid, "Threads").unwrap_or(0));
        std::thread::sleep(Duration::from_millis(50));
    }
    for w in workers {
        w.join().unwrap();
    }
    let _ = Command::new("kill")
        .arg("-INT")
        .arg(pid.to_string())
        .status();
    let status = child.wait().unwrap();

    let (ok, failed) = (ok.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    let rebuilds = rebuilds.load(Ordering::Relaxed);
    eprintln!(
        "{ok} requests over {CONNECTIONS} connections in {DURATION:?}, {edits} edits, {rebuilds} rebuilds; \
         RSS {rss_before} KiB, peak {peak} KiB; peak {peak_threads} threads"
    );
    assert_eq!(
        failed, 0,
        "{failed} connections failed ({ok} requests answered)"
    );
    assert!(ok >= CONNECTIONS * 3, "only {ok} requests answered");
    assert!(rebuilds >= 3, "only {rebuilds} rebuilds in {edits} edits");
    assert!(
        peak_threads > 0 && peak_threads < 64,
        "{peak_threads} threads"
    );
    assert!(peak < 300 * 1024, "peak RSS {peak} KiB");
    assert!(status.success(), "serve stopped with {status}");
}
