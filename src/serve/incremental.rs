//! Incremental rebuilds for `serve`.
//!
//! Between rebuilds, the parsed content files (see [`LoadCache`]), the anchored quotes and text-fragment links
//! of unchanged sources (see [`ResolveCache`]) and the loaded theme are kept. After a change to the content
//! only, a new [`Generation`] is served as soon as the site is resolved: each output is rendered when it is
//! first asked for, and a background pass renders the rest (the pages asked for lately first), the way Hugo's
//! server "fast render" works. A new or changed theme renders the whole site before it is served, so that a
//! template error never replaces a good site. Every output is byte for byte what an eager build renders.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use rayon::prelude::*;
use tokio::sync::{Notify, Semaphore};
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::LoadCache;
use crate::render::{Output, Page, Plan, RenderOptions, Theme};
use crate::resolve::{ResolveCache, Site};
use crate::stamp::Stamp;

/// An output as rendered: its bytes, or the template error that stopped it.
pub type Rendered = Result<Bytes, Diagnostic>;

/// Loads and resolves a dossier again and again, reusing what did not change since the last time.
pub struct Incremental {
    root: PathBuf,
    /// The root with symbolic links and `.` resolved: the watcher may spell paths that way.
    canonical_root: PathBuf,
    loads: LoadCache,
    resolves: ResolveCache,
    theme: Option<CachedTheme>,
}

struct CachedTheme {
    name: String,
    stamps: Vec<(PathBuf, Option<Stamp>)>,
    theme: Arc<Theme>,
    /// True once it rendered a whole site without a template error.
    proven: bool,
}

/// A loaded and resolved site with its theme, ready to render.
pub struct Prepared {
    /// The resolved site.
    pub site: Arc<Site>,
    /// Its theme.
    pub theme: Arc<Theme>,
    /// True if the theme is new (the first build, or its files changed) and has not rendered a whole site
    /// yet: render everything before serving it.
    pub eager: bool,
    /// Warnings of the build.
    pub warnings: Vec<Diagnostic>,
}

impl Incremental {
    /// Nothing cached yet.
    pub fn new(root: &Path) -> Incremental {
        Incremental {
            root: root.to_path_buf(),
            canonical_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            loads: LoadCache::new(),
            resolves: ResolveCache::new(),
            theme: None,
        }
    }

    /// The content files read and parsed so far.
    pub fn files_read(&self) -> usize {
        self.loads.reads()
    }

    /// The quotes anchored so far (the others came from the cache).
    pub fn quotes_anchored(&self) -> usize {
        self.resolves.anchored()
    }

    /// Loads and resolves the site after the files at `changed` changed (any other file whose length,
    /// modification time or inode changed is read again too), and loads its theme if it is new or changed.
    pub fn prepare(&mut self, changed: &[PathBuf]) -> Result<Prepared, crate::Error> {
        self.loads.forget(changed);
        let mut diags = Diagnostics::default();
        let content = crate::load::load_cached(&self.root, &mut diags, &self.loads);
        let site = content
            .as_ref()
            .and_then(|c| crate::resolve::resolve_cached(c, &mut diags, &mut self.resolves));
        drop(content);
        let (Some(site), false) = (site, diags.has_errors()) else {
            return Err(crate::Error::Content(diags.into_sorted()));
        };
        let touched = changed.iter().any(|p| self.in_themes(p));
        let stamps = theme_stamps(&self.root, &site.meta.theme);
        let name = &site.meta.theme;
        let (theme, eager) = match &self.theme {
            Some(t) if !touched && t.name == *name && t.stamps == stamps => {
                (t.theme.clone(), !t.proven)
            }
            _ => {
                self.theme = None;
                let theme = Arc::new(Theme::load(&self.root, name).map_err(crate::Error::Content)?);
                self.theme = Some(CachedTheme {
                    name: name.clone(),
                    stamps,
                    theme: theme.clone(),
                    proven: false,
                });
                (theme, true)
            }
        };
        let mut site = site;
        crate::render::paginate(&mut site, &theme);
        Ok(Prepared {
            site: Arc::new(site),
            theme,
            eager,
            warnings: diags.into_sorted(),
        })
    }

    /// Records that `theme` rendered a whole site without a template error: later content changes may
    /// render on request.
    pub fn rendered_all(&mut self, theme: &Arc<Theme>) {
        if let Some(t) = &mut self.theme {
            if Arc::ptr_eq(&t.theme, theme) {
                t.proven = true;
            }
        }
    }

    fn in_themes(&self, path: &Path) -> bool {
        let inside = path
            .strip_prefix(&self.root)
            .or_else(|_| path.strip_prefix(&self.canonical_root));
        match inside {
            Ok(inside) => inside.starts_with("themes"),
            // Spelt otherwise still: a theme file unless it is content (the stamps are checked anyway).
            Err(_) => !path.components().any(|c| c.as_os_str() == "content"),
        }
    }
}

/// Every file of the theme with its stamp: a theme changed behind the watcher's back is loaded again.
fn theme_stamps(root: &Path, name: &str) -> Vec<(PathBuf, Option<Stamp>)> {
    WalkDir::new(root.join("themes").join(name))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| (e.path().to_path_buf(), Stamp::at(e.path())))
        .collect()
}

/// How long an output takes to render, roughly, in classes (at 1,000 sources: under 1 ms, a few ms, about
/// 25 ms, 40 to 80 ms).
fn cost(output: &Output) -> u8 {
    match output {
        Output::Static(_) | Output::Robots | Output::SourceText(_) | Output::SearchShard(_) => 0,
        Output::Page(
            Page::Sources | Page::SourcesPage(_) | Page::Section(_) | Page::SectionPage(..),
        ) => 2,
        Output::Page(Page::Matrix | Page::MatrixPage(_))
        | Output::SearchIndex
        | Output::Annotations
        | Output::DossierJson
        | Output::Sitemap
        | Output::SitemapPart(_)
        | Output::Card(_) => 3,
        Output::Page(_) => 1,
    }
}

/// Drops `value` on a thread of its own.
pub(crate) fn drop_elsewhere<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("dossier-drop".to_owned())
        .spawn(move || drop(value));
    // If no thread can be made, the value was dropped with the error: nothing is lost.
    drop(spawned);
}

/// One build of the site as served: every output path, each rendered at most once, on request or by
/// [`Generation::render_all`].
pub struct Generation {
    build: String,
    site: Arc<Site>,
    theme: Arc<Theme>,
    plan: Plan,
    options: RenderOptions,
    index: HashMap<String, usize>,
    slots: Vec<Slot>,
    pages: usize,
    failures: Mutex<Vec<Diagnostic>>,
    reported: AtomicUsize,
}

#[derive(Default)]
struct Slot {
    /// Some thread took on rendering it.
    claimed: AtomicBool,
    done: OnceLock<Rendered>,
    /// Wakes the requests waiting for it once it is done.
    ready: Notify,
}

impl Generation {
    /// The outputs of `prepared`'s site, none rendered yet; `build` names it in the live-reload client.
    pub fn new(build: String, prepared: &Prepared, options: RenderOptions) -> Generation {
        let plan = Plan::new(&prepared.site, &prepared.theme);
        let index = plan
            .outputs
            .iter()
            .enumerate()
            .map(|(i, (path, _))| (path.clone(), i))
            .collect();
        let pages = plan
            .outputs
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .count();
        let slots = plan.outputs.iter().map(|_| Slot::default()).collect();
        Generation {
            build,
            site: prepared.site.clone(),
            theme: prepared.theme.clone(),
            plan,
            options,
            index,
            slots,
            pages,
            failures: Mutex::new(Vec::new()),
            reported: AtomicUsize::new(0),
        }
    }

    /// The build id.
    pub fn build(&self) -> &str {
        &self.build
    }

    /// How many HTML pages the site has.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Every output path, in plan order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.plan.outputs.iter().map(|(p, _)| p.as_str())
    }

    /// True if the site has an output at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.index.contains_key(path)
    }

    /// The output at `path` if it is rendered already.
    pub fn ready(&self, path: &str) -> Option<&Rendered> {
        self.slots[*self.index.get(path)?].done.get()
    }

    /// The output at `path`, rendered now unless it already is (if another thread is rendering it, waits for
    /// that); `None` if the site has no such output.
    pub fn get(&self, path: &str) -> Option<Rendered> {
        let i = *self.index.get(path)?;
        self.render(i);
        Some(self.slots[i].done.wait().clone())
    }

    /// The output at `path`, waited for without holding a thread: if no thread has taken it on yet, it is
    /// rendered on the runtime's blocking pool once one of `renders` is free (even if this request is gone by
    /// then, since others may wait for it); `None` if the site has no such output.
    pub async fn fetch(self: &Arc<Self>, path: &str, renders: &Arc<Semaphore>) -> Option<Rendered> {
        let i = *self.index.get(path)?;
        let slot = &self.slots[i];
        if let Some(rendered) = slot.done.get() {
            return Some(rendered.clone());
        }
        let ready = slot.ready.notified();
        tokio::pin!(ready);
        // Registered before the check, so that a render finishing in between still wakes it.
        ready.as_mut().enable();
        if self.claim(i) {
            let (generation, renders) = (self.clone(), renders.clone());
            tokio::spawn(async move {
                // The semaphore is never closed.
                let Ok(permit) = renders.acquire_owned().await else {
                    return;
                };
                let rendering = tokio::task::spawn_blocking(move || {
                    generation.render_claimed(i);
                    drop(permit);
                });
                // A render that panics is caught inside; a cancelled one means the runtime is stopping.
                let _ = rendering.await;
            });
        }
        if let Some(rendered) = slot.done.get() {
            return Some(rendered.clone());
        }
        ready.await;
        slot.done.get().cloned()
    }

    /// Renders every output no thread has taken on yet, in parallel; returns every template error met so
    /// far, each once.
    pub fn render_all(&self) -> Vec<Diagnostic> {
        (0..self.slots.len())
            .into_par_iter()
            .with_max_len(1)
            .for_each(|i| self.render(i));
        self.failures()
    }

    /// The background pass: renders the outputs at `first` in parallel (the pages open in a browser, asked
    /// for again right after a change), then every other output no thread has taken on yet one at a time,
    /// so that it never takes more than one processor from rebuilds and requests; stops once `stop` says
    /// so. Returns every template error met so far, each once.
    pub fn render_rest(
        &self,
        first: &[String],
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Vec<Diagnostic> {
        // The theme's files go with them: every page asks for its style sheet and script.
        let first: Vec<usize> = first
            .iter()
            .filter_map(|p| self.index.get(p).copied())
            .chain(
                self.plan
                    .outputs
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, o))| matches!(o, Output::Static(_)))
                    .map(|(i, _)| i),
            )
            .collect();
        first.par_iter().with_max_len(1).for_each(|&i| {
            if !stop() {
                self.render(i);
            }
        });
        // Cheapest first: a change usually comes before the pass ends, and then the output being rendered
        // (which is not interrupted) is most likely a small one.
        let mut rest: Vec<usize> = (0..self.slots.len()).collect();
        rest.sort_by_key(|&i| cost(&self.plan.outputs[i].1));
        for i in rest {
            if stop() {
                break;
            }
            self.render(i);
        }
        self.failures()
    }

    /// The template errors met so far, each once.
    pub fn failures(&self) -> Vec<Diagnostic> {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// All the template errors met so far if some were met since the last call, else `None`.
    pub(crate) fn unreported_failures(&self) -> Option<Vec<Diagnostic>> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let before = self.reported.swap(failures.len(), Ordering::AcqRel);
        (failures.len() > before).then(|| failures.clone())
    }

    /// Renders output `i` unless a thread took it on already (which never waits for another output, so
    /// threads waiting in [`Generation::get`] always see it done).
    fn render(&self, i: usize) {
        if self.claim(i) {
            self.render_claimed(i);
        }
    }

    /// Takes on rendering output `i`; false if a thread took it on already.
    fn claim(&self, i: usize) -> bool {
        !self.slots[i].claimed.swap(true, Ordering::AcqRel)
    }

    /// Renders output `i`, which the caller claimed, and wakes whoever waits for it.
    fn render_claimed(&self, i: usize) {
        let slot = &self.slots[i];
        let (path, output) = &self.plan.outputs[i];
        let rendered = std::panic::catch_unwind(AssertUnwindSafe(|| {
            self.plan
                .render(&self.site, &self.theme, &self.options, path, output)
        }))
        .unwrap_or_else(|_| {
            Err(Diagnostic::error(
                crate::load::rel(&self.site.root, &self.site.root.join("themes")),
                format!("internal error: rendering `{path}` panicked"),
            ))
        })
        .map(|file| Bytes::from(file.bytes));
        if let Err(d) = &rendered {
            let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
            if !failures.contains(d) {
                failures.push(d.clone());
            }
        }
        // Only the thread that claimed the slot sets it.
        let _ = slot.done.set(rendered);
        slot.ready.notify_waiters();
    }
}
