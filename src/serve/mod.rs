//! `dossier serve`: builds the site in memory, serves it on loopback, rebuilds on every change under `content/`
//! and `themes/`, and tells open pages to reload (server-sent events) or to show the build errors in place.
//!
//! Each change is rebuilt in memory and swapped in atomically; a failed rebuild keeps the last good site and
//! shows its errors instead. Rebuilds are incremental (see [`incremental`]): only changed files are read
//! again, and after a content change pages are rendered when first asked for, then all in the background.

mod conn;
pub mod host;
mod http;
pub mod incremental;
mod rebuild;
mod watch;

use std::collections::{HashMap, VecDeque};
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::{broadcast, watch as signal, Semaphore};

use crate::diagnostic::{Diagnostic, Severity};
pub use conn::DEFAULT_IDLE;
use host::AllowedHosts;
use incremental::Generation;
use rebuild::{clock, Rebuilder};

/// The address and port `serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// Where the live-reload client and its event stream live (never a path of the site).
pub const RESERVED_PREFIX: &str = "/__dossier/";

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The dossier folder (holding `content/` and `themes/`).
    pub root: PathBuf,
    /// The interface to listen on: an IP address or a name resolving to one (`localhost`); loopback by
    /// default.
    pub interface: String,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Colour the terminal report.
    pub color: bool,
    /// A connection on which no byte moved for this long is closed; request headers must arrive within it.
    pub idle: Duration,
    /// Hands the calling thread's freed memory back to the system (the allocator's `collect`); called on each
    /// thread that builds or renders once the server has nothing left to do. Without it, an allocator that
    /// frees lazily may hold on to the previous builds' memory while the server waits for the next change.
    pub release_memory: Option<fn()>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            interface: "127.0.0.1".to_owned(),
            port: DEFAULT_PORT,
            open: false,
            color: false,
            idle: DEFAULT_IDLE,
            release_memory: None,
        }
    }
}

/// Why `serve` could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// `--interface` names no address.
    #[error("cannot listen on `{interface}`: {reason}")]
    Interface {
        /// The interface asked for.
        interface: String,
        /// Why.
        reason: String,
    },
    /// Any other I/O failure (runtime, watcher, server).
    #[error("{0}")]
    Io(String),
}

/// One problem as the browser overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub struct OverlayDiagnostic {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The file, relative to the dossier root.
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hints: Vec<String>,
    /// The offending line of the file with a caret under the spot, when known.
    pub snippet: Option<String>,
}

/// The state of the latest build, as pushed to the browser.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// True if the latest build succeeded.
    pub ok: bool,
    /// The id of the site being served (the last good build); empty before any build succeeded.
    pub build: String,
    /// The problems of the latest build (errors when `ok` is false).
    pub diagnostics: Vec<OverlayDiagnostic>,
}

/// How many recently requested pages the background pass renders first after a change.
const RECENT_PAGES: usize = 8;

/// What the HTTP handlers and the rebuild loop share.
pub(crate) struct App {
    /// The site being served: the last good build; `None` before the first one.
    pub(crate) site: RwLock<Option<Arc<Generation>>>,
    pub(crate) status: RwLock<Arc<Status>>,
    pub(crate) events: broadcast::Sender<Arc<Status>>,
    pub(crate) shutdown: signal::Receiver<bool>,
    root: PathBuf,
    color: bool,
    /// The HTML pages asked for lately, the latest first.
    recent: Mutex<VecDeque<String>>,
    /// The `Host` names requests may use.
    pub(crate) hosts: AllowedHosts,
    /// The URL to suggest to a request with a wrong `Host`.
    pub(crate) url: String,
    /// Renders asked for by requests, at most this many at once (the rest wait without holding a thread).
    pub(crate) renders: Arc<Semaphore>,
    /// How often an event stream sends a comment, so that an open page's connection is never idle.
    pub(crate) keep_alive: Duration,
}

impl App {
    pub(crate) fn site(&self) -> Option<Arc<Generation>> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(crate) fn status(&self) -> Arc<Status> {
        self.status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn publish(&self, status: Arc<Status>) {
        *self.status.write().unwrap_or_else(|e| e.into_inner()) = status.clone();
        // No open page is not an error.
        let _ = self.events.send(status);
    }

    /// Notes that the page at `path` was served, so that it is rendered first after the next change.
    pub(crate) fn visited(&self, path: &str) {
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if recent.front().is_some_and(|p| p == path) {
            return;
        }
        recent.retain(|p| p != path);
        recent.push_front(path.to_owned());
        recent.truncate(RECENT_PAGES);
    }

    fn recent(&self) -> Vec<String> {
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.iter().cloned().collect()
    }

    /// Shows the template errors that outputs of `site` met when rendered on request or in the background,
    /// if there are new ones and `site` is still the one served.
    pub(crate) fn render_failed(&self, site: &Generation) {
        // Held until the status is out, so that a newer build is not published in between.
        let served = self.site.read().unwrap_or_else(|e| e.into_inner());
        if served.as_ref().is_none_or(|s| s.build() != site.build()) {
            return;
        }
        let Some(diagnostics) = site.unreported_failures() else {
            return;
        };
        crate::report::print(&diagnostics, &self.root, self.color);
        warn(format_args!(
            "[{}] Rendering failed with {} error(s); the pages that failed answer with an error",
            clock(),
            diagnostics.len()
        ));
        self.publish(Arc::new(Status {
            ok: false,
            build: site.build().to_owned(),
            diagnostics: overlay_diagnostics(&diagnostics, &self.root),
        }));
    }
}

/// Writes a line to stdout, ignoring failures: a closed pipe or terminal must never stop the server.
pub(crate) fn say(line: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_fmt(line)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
}

/// Writes a line to stderr, ignoring failures (see [`say`]).
pub(crate) fn warn(line: std::fmt::Arguments) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(line).and_then(|()| err.write_all(b"\n"));
}

/// How many renders requests may run at once (the background pass and eager builds use rayon's pool).
fn render_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8))
}

/// The most threads rayon's pool may have in `serve`: a many-core machine does not need a thread per core to
/// render the pages of one dossier in the background.
const MAX_RAYON_THREADS: usize = 16;

/// Builds, serves and watches until Ctrl-C (or SIGTERM); returns after a clean shutdown.
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Fails only if the pool was built already, which leaves it as it is.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(cores.min(MAX_RAYON_THREADS))
        .build_global();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Renders only; requests that wait for one hold no thread.
        .max_blocking_threads(render_threads() + 2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Io(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(serve(options))
}

async fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let ip =
        host::resolve_interface(&options.interface).map_err(|reason| ServeError::Interface {
            interface: options.interface.clone(),
            reason,
        })?;
    let addr = SocketAddr::new(ip, options.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let bound = listener
        .local_addr()
        .map_err(|e| ServeError::Io(e.to_string()))?;
    // A name given is the name printed, so that the URL opened is one the server answers to.
    let url = match options.interface.parse::<IpAddr>() {
        Ok(_) => format!("http://{bound}/"),
        Err(_) => format!("http://{}:{}/", options.interface, bound.port()),
    };
    let (stop_tx, stop_rx) = signal::channel(false);
    let (events, _) = broadcast::channel(16);
    let app = Arc::new(App {
        site: RwLock::new(None),
        status: RwLock::new(Arc::new(Status {
            ok: true,
            build: String::new(),
            diagnostics: Vec::new(),
        })),
        events,
        shutdown: stop_rx,
        root: options.root.clone(),
        color: options.color,
        recent: Mutex::new(VecDeque::new()),
        hosts: AllowedHosts::new(ip, &options.interface),
        // 0.0.0.0 is not a place to go to.
        url: if ip.is_unspecified() {
            format!("http://localhost:{}/", bound.port())
        } else {
            url.clone()
        },
        renders: Arc::new(Semaphore::new(render_threads())),
        keep_alive: (options.idle / 2).min(Duration::from_secs(15)),
    });

    // Watch first, so that a change made during the first build is not missed.
    let rebuilder = Arc::new(Rebuilder::new(
        &options.root,
        options.color,
        app.clone(),
        options.release_memory,
    ));
    let watcher = watch::start(&options.root, rebuilder.clone())
        .map_err(|e| ServeError::Io(format!("cannot watch the dossier for changes: {e}")))?;
    rebuilder.rebuild(&[]);

    say(format_args!("Serving on {url} (Ctrl-C to stop)"));
    say(format_args!(
        "Watching {} and {} for changes; open pages reload by themselves",
        crate::diagnostic::display_path(&options.root.join("content")),
        crate::diagnostic::display_path(&options.root.join("themes"))
    ));
    if !ip.is_loopback() {
        warn(format_args!(
            "warning: listening on {ip}: anyone who can reach this machine can read the site (answering to {})",
            app.hosts.describe()
        ));
    }
    if options.open {
        open_browser(&url);
    }

    let router = http::router(app.clone());
    let server = tokio::spawn(conn::serve(
        listener,
        router,
        options.idle,
        conn::connection_limit(),
        stop_tx.subscribe(),
    ));

    shutdown_signal().await;
    say(format_args!("Stopping..."));
    let _ = stop_tx.send(true);
    drop(watcher);
    // Event streams end on the stop signal; give in-flight requests a moment, then go.
    if let Ok(Err(e)) = tokio::time::timeout(Duration::from_secs(3), server).await {
        return Err(ServeError::Io(format!("server task failed: {e}")));
    }
    say(format_args!("Stopped."));
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = ctrl_c => {}
            () = term => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = command.spawn() {
        warn(format_args!(
            "warning: could not open a browser ({e}); open {url} yourself"
        ));
    }
}

/// The live-reload client tag injected before `</body>` of every page of a build.
pub fn live_reload_tag(build: &str) -> String {
    format!("<script src=\"{RESERVED_PREFIX}live.js\" data-build=\"{build}\"></script>\n")
}

/// The diagnostics as the overlay shows them, each with its offending line read from its file (each file read
/// once: a failed build of a large dossier can report thousands of problems in one file).
pub fn overlay_diagnostics(diagnostics: &[Diagnostic], root: &Path) -> Vec<OverlayDiagnostic> {
    let mut texts: HashMap<&Path, Option<(String, crate::diagnostic::LineIndex)>> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let text = texts.entry(d.file.as_path()).or_insert_with(|| {
                crate::load::text_as_loaded(&root.join(&d.file)).map(|t| {
                    let lines = crate::diagnostic::LineIndex::new(&t);
                    (t, lines)
                })
            });
            overlay_diagnostic(d, text.as_ref())
        })
        .collect()
}

/// A diagnostic as the overlay shows it, with the offending line from its file's `text`.
fn overlay_diagnostic(
    d: &Diagnostic,
    text: Option<&(String, crate::diagnostic::LineIndex)>,
) -> OverlayDiagnostic {
    let (line, column) = d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
    let snippet = d.location.as_ref().and_then(|loc| {
        let (text, lines) = text?;
        let source_line = lines.line(text, loc.line)?;
        let number = loc.line.to_string();
        let pad = " ".repeat(number.len());
        let col = loc.column.max(1);
        let width = if loc.end > loc.start {
            let from = loc.start.min(text.len());
            let to = loc.end.min(text.len());
            text.get(from..to)
                .map_or(1, |s| s.lines().next().unwrap_or("").chars().count())
                .max(1)
        } else {
            1
        };
        Some(format!(
            "{pad} |\n{number} | {source_line}\n{pad} | {}{}",
            " ".repeat(col - 1),
            "^".repeat(width)
        ))
    });
    OverlayDiagnostic {
        severity: d.severity,
        file: d.display_path(),
        line,
        column,
        message: d.message.clone(),
        hints: d.hints.clone(),
        snippet,
    }
}
