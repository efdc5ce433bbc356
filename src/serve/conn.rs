//! Accepting connections for `serve`, with hyper's HTTP/1 server: at most a fixed number at once (the rest
//! wait in the kernel's queue, so file descriptors are never exhausted), request headers bounded in time, and
//! any connection on which no byte moved either way for a while closed.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::time::Instant;

/// How long a connection may stay without a byte moving (and a request take to send its headers) unless told
/// otherwise.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(20);

/// The most connections served at once, file descriptors allowing.
const MAX_CONNECTIONS: usize = 512;

/// While every connection slot is taken, a connection idle this long is closed to make room (a flood of idle
/// sockets then delays a new client by seconds, not by minutes).
const BUSY_IDLE: Duration = Duration::from_secs(2);

/// How often a connection looks again whether it is idle for too long.
const IDLE_CHECK: Duration = Duration::from_millis(500);

/// File descriptors left for everything else (rebuilds read files, the watcher, the runtime).
const RESERVED_FDS: u64 = 64;

/// How many connections to serve at once: [`MAX_CONNECTIONS`], or fewer if the process may not open that many
/// files besides the ones it needs.
pub(crate) fn connection_limit() -> usize {
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
        if let Some(soft) = limit.current {
            let room = soft.saturating_sub(RESERVED_FDS).max(8);
            return usize::try_from(room).map_or(MAX_CONNECTIONS, |r| r.min(MAX_CONNECTIONS));
        }
    }
    MAX_CONNECTIONS
}

/// Serves `router` on `listener` until `stop` says so, then lets open connections finish their request (the
/// caller bounds how long it waits for that).
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    idle: Duration,
    max: usize,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(max));
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit,
            _ = stop.wait_for(|s| *s) => break,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|s| *s) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors or a connection reset before it was accepted: wait a moment and go on.
            Err(_) => {
                drop(permit);
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (router, stop, full) = (router.clone(), stop.clone(), slots.clone());
        tokio::spawn(async move {
            connection(stream, router, idle, &full, stop).await;
            drop(permit);
        });
    }
    // No new connections: the listening socket is closed here.
    drop(listener);
    // Every connection gives its permit back once it is closed.
    let _ = slots
        .acquire_many(u32::try_from(max).unwrap_or(u32::MAX))
        .await;
}

async fn connection(
    stream: TcpStream,
    router: Router,
    idle: Duration,
    slots: &Semaphore,
    mut stop: watch::Receiver<bool>,
) {
    // Small responses go out at once, as a browser waits for each.
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        // Also bounds the wait for the next request on a kept-alive connection.
        .header_read_timeout(idle)
        .keep_alive(true);
    let conn = builder.serve_connection(io, TowerToHyperService::new(router));
    tokio::pin!(conn);
    let mut stopping = false;
    loop {
        tokio::select! {
            // Errors are the client's (a reset, a malformed request, a header timeout): nothing to report.
            _ = conn.as_mut() => break,
            () = activity.idle_for(idle, slots) => break,
            _ = stop.wait_for(|s| *s), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// When a byte last moved on a connection.
struct Activity {
    start: Instant,
    /// Milliseconds since `start`.
    last: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last: AtomicU64::new(0),
        }
    }

    fn touch(&self) {
        let now = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(now, Ordering::Relaxed);
    }

    /// Returns once no byte moved for `idle`, or for [`BUSY_IDLE`] while no slot is left.
    async fn idle_for(&self, idle: Duration, slots: &Semaphore) {
        loop {
            let limit = if slots.available_permits() == 0 {
                idle.min(BUSY_IDLE)
            } else {
                idle
            };
            let last = self.start + Duration::from_millis(self.last.load(Ordering::Relaxed));
            let deadline = last + limit;
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline.min(now + IDLE_CHECK)).await;
        }
    }
}

/// A stream that notes when bytes move.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let poll = Pin::new(&mut this.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.touch();
        }
        poll
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write(cx, buf);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch();
        }
        poll
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch();
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_limit_leaves_file_descriptors_for_the_rest() {
        let limit = connection_limit();
        assert!((8..=MAX_CONNECTIONS).contains(&limit), "{limit}");
        #[cfg(unix)]
        if let Some(soft) = rustix::process::getrlimit(rustix::process::Resource::Nofile).current {
            assert!(limit as u64 + RESERVED_FDS <= soft.max(8 + RESERVED_FDS));
        }
    }

    #[tokio::test]
    async fn idle_is_measured_from_the_last_byte() {
        let activity = Arc::new(Activity::new());
        let started = Instant::now();
        let toucher = activity.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(150)).await;
            toucher.touch();
        });
        let slots = Semaphore::new(1);
        activity.idle_for(Duration::from_millis(200), &slots).await;
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(350), "{waited:?}");
    }

    #[tokio::test]
    async fn a_full_server_closes_idle_connections_sooner() {
        let activity = Activity::new();
        let started = Instant::now();
        let full = Semaphore::new(0);
        activity.idle_for(Duration::from_secs(60), &full).await;
        let waited = started.elapsed();
        assert!(waited >= BUSY_IDLE && waited < BUSY_IDLE * 5, "{waited:?}");
    }
}
