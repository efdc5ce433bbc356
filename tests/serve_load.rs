//! `serve` under load, on loopback only: 200 concurrent keep-alive connections for 10 seconds, every
//! request answered correctly, and the server's memory bounded. The loop is bounded in time and count.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 200;
const DURATION: Duration = Duration::from_secs(10);

/// Resident memory of a process in KiB, from /proc (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
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
fn serve_holds_200_concurrent_connections_with_bounded_memory() {
    let site = common::fixture_site(&common::repo().join("tests/fixtures/base"));
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
    std::thread::spawn(move || for _ in lines {});
    assert!(addr.starts_with("127.0.0.1:"), "loopback only: {addr}");
    let pid = child.id();
    let rss_before = rss_kib(pid).unwrap_or(0);

    let ok = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let end = Instant::now() + DURATION;
    let paths = [
        "/",
        "/sections/train.html",
        "/sources/wire.html",
        "/assets/style.css",
        "/no-such-page",
    ];
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|n| {
            let (addr, ok, failed) = (addr.clone(), ok.clone(), failed.clone());
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
                    let path = paths[i % paths.len()];
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
    let mut peak = rss_before;
    while Instant::now() < end {
        peak = peak.max(rss_kib(pid).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(200));
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
    eprintln!("{ok} requests over {CONNECTIONS} connections in {DURATION:?}; RSS {rss_before} KiB, peak {peak} KiB");
    assert_eq!(
        failed, 0,
        "{failed} connections failed ({ok} requests answered)"
    );
    assert!(ok > CONNECTIONS * 10, "only {ok} requests answered");
    assert!(peak < 256 * 1024, "peak RSS {peak} KiB");
    assert!(
        peak.saturating_sub(rss_before) < 128 * 1024,
        "RSS grew from {rss_before} to {peak} KiB"
    );
    assert!(status.success(), "serve stopped with {status}");
}
