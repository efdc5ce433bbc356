//! Watches `content/` and `themes/`, debounces bursts of changes (editors save in several steps) and rebuilds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use super::Rebuilder;

/// A change is acted on once nothing else changed for this long (an editor's save, even in several steps,
/// takes a few milliseconds; a rebuild after a content change takes tens)...
const QUIET: Duration = Duration::from_millis(10);
/// ...or once this long after the first change of a burst, whichever comes first.
const MAX_WAIT: Duration = Duration::from_millis(300);

/// Starts watching; changes are rebuilt on a thread of their own until the returned watcher is dropped.
pub(crate) fn start(root: &Path, rebuilder: Arc<Rebuilder>) -> notify::Result<RecommendedWatcher> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(move |event| {
        // A closed channel means the loop has ended: nothing to tell.
        let _ = tx.send(event);
    })?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    std::thread::Builder::new()
        .name("dossier-rebuild".to_owned())
        .spawn(move || rebuild_loop(&rx, &rebuilder))
        .map_err(notify::Error::io)?;
    Ok(watcher)
}

fn rebuild_loop(rx: &mpsc::Receiver<notify::Result<notify::Event>>, rebuilder: &Rebuilder) {
    loop {
        let mut changed = BTreeSet::new();
        let Ok(first) = rx.recv() else { return };
        collect(first, rebuilder.root(), &mut changed);
        if changed.is_empty() {
            continue;
        }
        rebuilder.change_seen();
        let started = Instant::now();
        let mut last = started;
        loop {
            let deadline = (last + QUIET).min(started + MAX_WAIT);
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            match rx.recv_timeout(left) {
                Ok(event) => {
                    if collect(event, rebuilder.root(), &mut changed) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let changed: Vec<PathBuf> = changed.into_iter().collect();
        rebuilder.rebuild(&changed);
    }
}

/// Adds the paths of a relevant event to `changed`; true if there were any.
fn collect(
    event: notify::Result<notify::Event>,
    root: &Path,
    changed: &mut BTreeSet<PathBuf>,
) -> bool {
    let event = match event {
        Ok(event) => event,
        Err(e) => {
            eprintln!("warning: file watcher: {e}");
            return false;
        }
    };
    let relevant_kind = match event.kind {
        // Reads (including the build's own) are not changes; a file closed after writing is.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any => true,
    };
    if !relevant_kind {
        return false;
    }
    let mut any = false;
    for path in event.paths {
        if is_relevant_path(&path, root) {
            changed.insert(path);
            any = true;
        }
    }
    any
}

/// False for editor temp/backup/swap files and anything inside a hidden folder.
pub(crate) fn is_relevant_path(path: &Path, root: &Path) -> bool {
    let inside = path.strip_prefix(root).unwrap_or(path);
    let Some(name) = inside.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    if crate::load::is_editor_temp(&name)
        // Vim's write-permission probe, JetBrains' safe-write copies.
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
    {
        return false;
    }
    !inside.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c.starts_with('.') && c != "." && c != ".."
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored() {
        let root = Path::new("/d");
        let yes = |p: &str| is_relevant_path(Path::new(p), root);
        assert!(yes("/d/content/annotations/train.yaml"));
        assert!(yes("/d/themes/default/templates/base.html"));
        assert!(yes("./content/annotations/train.yaml"));
        for no in [
            "/d/content/annotations/.train.yaml.swp",
            "/d/content/annotations/train.yaml~",
            "/d/content/annotations/#train.yaml#",
            "/d/content/annotations/.#train.yaml",
            "/d/content/annotations/4913",
            "/d/content/annotations/train.yaml___jb_tmp___",
            "/d/content/.git/index",
            "/d/content/x.tmp",
        ] {
            assert!(!yes(no), "{no}");
        }
    }
}
