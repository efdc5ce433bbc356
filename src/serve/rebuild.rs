//! Rebuilding after changes: each build is made in memory, swapped in and announced to the open pages; a
//! failed one keeps the last good site and shows its errors.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use super::incremental::{drop_elsewhere, Generation, Incremental};
use super::{live_reload_tag, overlay_diagnostics, say, warn, App, Status};
use crate::diagnostic::Diagnostic;
use crate::render::RenderOptions;

/// Rebuilds the site and publishes the result to the server and the open pages.
pub(crate) struct Rebuilder {
    root: PathBuf,
    color: bool,
    app: Arc<App>,
    session: String,
    counter: AtomicU64,
    last_warnings: RwLock<Vec<Diagnostic>>,
    /// What is kept between rebuilds; its lock also makes builds run one at a time (the first build and the
    /// watcher's may otherwise overlap).
    incremental: Mutex<Incremental>,
    /// Counts the bursts of changes seen: a background pass stops once it is not the latest.
    changes: Arc<AtomicU64>,
    /// Hands a thread's freed memory back (see [`super::ServeOptions::release_memory`]).
    release: Option<fn()>,
    /// The background passes' thread, started with the first and kept: a pass renders the whole site, and a
    /// thread that ended would leave those outputs in a heap of its own that nothing collects once they are
    /// freed, so the idle server's memory wandered from build to build.
    background: Mutex<Option<Sender<Pass>>>,
}

/// A background pass to make: the site, the burst of changes it answers, the pages asked for lately.
type Pass = (Arc<Generation>, u64, Vec<String>);

impl Rebuilder {
    pub(crate) fn new(root: &Path, color: bool, app: Arc<App>, release: Option<fn()>) -> Rebuilder {
        let session = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Rebuilder {
            root: root.to_path_buf(),
            color,
            app,
            session: format!("{session:x}"),
            counter: AtomicU64::new(0),
            last_warnings: RwLock::new(Vec::new()),
            incremental: Mutex::new(Incremental::new(root)),
            changes: Arc::new(AtomicU64::new(0)),
            release,
            background: Mutex::new(None),
        }
    }

    /// Hands the calling thread's freed memory back, if the server was given a way to.
    pub(crate) fn release_memory(&self) {
        if let Some(release) = self.release {
            release();
        }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// A change was seen (a rebuild follows): the background pass, if any, has better things to leave the
    /// processor to.
    pub(crate) fn change_seen(&self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
    }

    /// Rebuilds after the files at `changed` changed (empty: build from scratch); they also name the files in
    /// the log line.
    pub(crate) fn rebuild(&self, changed: &[PathBuf]) {
        let mut incremental = self.incremental.lock().unwrap_or_else(|e| e.into_inner());
        let epoch = self.changes.load(Ordering::Acquire);
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let build = format!("{}-{n}", self.session);
        let start = Instant::now();
        let options = RenderOptions {
            inject_before_body_end: Some(live_reload_tag(&build)),
        };
        let result = incremental.prepare(changed).and_then(|prepared| {
            let generation = Arc::new(Generation::new(build.clone(), &prepared, options));
            if prepared.eager {
                let errors = generation.render_all();
                if !errors.is_empty() {
                    return Err(crate::Error::Content(errors));
                }
                incremental.rendered_all(&prepared.theme);
            }
            Ok((generation, prepared.eager, prepared.warnings))
        });
        let what = describe(changed, &self.root);
        match result {
            Ok((generation, eager, warnings)) => {
                let pages = generation.pages();
                let old = self
                    .app
                    .site
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .replace(generation.clone());
                drop_elsewhere(old);
                let elapsed = start.elapsed();
                let status = Arc::new(Status {
                    ok: true,
                    build,
                    diagnostics: Vec::new(),
                });
                self.app.publish(status);
                if !eager {
                    self.render_in_background(generation, epoch);
                }
                let verb = if n == 1 { "Built" } else { "Rebuilt" };
                say(format_args!(
                    "[{}] {verb} {pages} pages in {} ms{what}",
                    clock(),
                    elapsed.as_millis()
                ));
                let mut last = self
                    .last_warnings
                    .write()
                    .unwrap_or_else(|e| e.into_inner());
                if *last != warnings {
                    crate::report::print(&warnings, &self.root, self.color);
                    *last = warnings;
                }
            }
            Err(error) => {
                let diagnostics = match error {
                    crate::Error::Content(d) => d,
                    other => vec![Diagnostic::error(&self.root, other.to_string())],
                };
                crate::report::print(&diagnostics, &self.root, self.color);
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                let site = self.app.site();
                let still = if site.is_none() {
                    "nothing to serve yet"
                } else {
                    "still serving the last good site"
                };
                warn(format_args!(
                    "[{}] Rebuild failed with {errors} error(s) in {} ms{what}; {still}",
                    clock(),
                    start.elapsed().as_millis()
                ));
                let status = Arc::new(Status {
                    ok: false,
                    build: site
                        .as_ref()
                        .map_or(String::new(), |s| s.build().to_owned()),
                    diagnostics: overlay_diagnostics(&diagnostics, &self.root),
                });
                self.app.publish(status);
                // The change stopped its background pass: let it finish.
                if let Some(site) = site {
                    self.render_in_background(site, epoch);
                }
            }
        }
        // Held until here, so that builds are published in the order they were made.
        drop(incremental);
    }

    /// Renders the rest of `site` in the background, the pages asked for lately first, until the next change
    /// is seen; template errors go to the terminal and the open pages.
    fn render_in_background(&self, site: Arc<Generation>, epoch: u64) {
        let pass = (site, epoch, self.app.recent());
        let mut background = self.background.lock().unwrap_or_else(|e| e.into_inner());
        // The thread ends only if a pass panicked: then another is started.
        let pass = match background.as_ref() {
            Some(passes) => match passes.send(pass) {
                Ok(()) => return,
                Err(mpsc::SendError(pass)) => pass,
            },
            None => pass,
        };
        let (passes, next) = mpsc::channel::<Pass>();
        let (app, changes, release) = (self.app.clone(), self.changes.clone(), self.release);
        let spawned = std::thread::Builder::new()
            .name("dossier-background".to_owned())
            .spawn(move || {
                yield_to_rebuilds();
                for (site, epoch, first) in next {
                    let stop = || changes.load(Ordering::Acquire) != epoch;
                    site.render_rest(&first, &stop);
                    app.render_failed(&site);
                    // The whole site is rendered and the previous one freed: nothing runs until the next change.
                    if let (Some(release), false) = (release, stop()) {
                        drop(site);
                        release();
                        rayon::broadcast(|_| release());
                    }
                }
            });
        match spawned {
            Ok(_) => {
                // The receiver is alive: the thread was just started with it.
                let _ = passes.send(pass);
                *background = Some(passes);
            }
            // Pages are still rendered when asked for.
            Err(e) => warn(format_args!(
                "warning: cannot start a background render: {e}"
            )),
        }
    }
}

/// Lowers the calling thread's priority to the least: the background pass takes only what the next rebuild
/// (which comes on the next save, and which the author waits for) leaves of the processor.
fn yield_to_rebuilds() {
    // On Linux a thread id names the thread alone; elsewhere it would lower the whole server.
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
    }
}

fn describe(changed: &[PathBuf], root: &Path) -> String {
    // Files that still exist first: an editor's short-lived temp file is not what the user changed.
    let mut paths: Vec<&PathBuf> = changed.iter().collect();
    paths.sort_by_key(|p| !p.is_file());
    // The watcher may give absolute paths for a relative root.
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let shown: Vec<String> = paths
        .iter()
        .map(|p| {
            let inside = p.strip_prefix(root).or_else(|_| p.strip_prefix(&canonical));
            crate::diagnostic::display_path(inside.unwrap_or(p))
        })
        .collect();
    match shown.len() {
        0 => String::new(),
        1 => format!(" ({} changed)", shown[0]),
        n => format!(" ({} and {} more changed)", shown[0], n - 1),
    }
}

pub(crate) fn clock() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Local time needs a time-zone database; UTC keeps the log honest without one.
    let day = secs % 86_400;
    format!(
        "{:02}:{:02}:{:02} UTC",
        day / 3600,
        day % 3600 / 60,
        day % 60
    )
}
