//! Watches `content/` and `themes/`, debounces bursts of changes (editors save in several steps) and rebuilds.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use super::rebuild::Rebuilder;

/// A change is acted on once nothing else changed for this long (an editor's save, even in several steps,
/// takes a few milliseconds; a rebuild after a content change takes tens)...
const QUIET: Duration = Duration::from_millis(10);
/// ...or for this long once every changed file is known to be whole (closed after writing, or renamed into
/// place)...
const SETTLED: Duration = Duration::from_millis(2);
/// ...or once this long after the first change of a burst, whichever comes first.
const MAX_WAIT: Duration = Duration::from_millis(300);
/// How long the rebuild thread waits for a change at a time once it has nothing to hand back.
const MAX_IDLE: Duration = Duration::from_secs(3600);

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

/// Once no change came for this long after a rebuild, the rebuild thread hands back the memory it freed.
const IDLE: Duration = Duration::from_secs(1);

fn rebuild_loop(rx: &mpsc::Receiver<notify::Result<notify::Event>>, rebuilder: &Rebuilder) {
    let mut released = true;
    loop {
        // Each changed path, and whether it is known to be whole.
        let mut changed = BTreeMap::new();
        let first = match rx.recv_timeout(if released { MAX_IDLE } else { IDLE }) {
            Ok(first) => first,
            Err(RecvTimeoutError::Timeout) => {
                if !released {
                    rebuilder.release_memory();
                    released = true;
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        collect(first, rebuilder.root(), &mut changed);
        if changed.is_empty() {
            continue;
        }
        rebuilder.change_seen();
        let started = Instant::now();
        let mut last = started;
        loop {
            let quiet = if changed.values().all(|&whole| whole) {
                SETTLED
            } else {
                QUIET
            };
            let deadline = (last + quiet).min(started + MAX_WAIT);
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
        let changed: Vec<PathBuf> = changed.into_keys().collect();
        // A bug in one rebuild must not leave the old site served for good: the next change rebuilds again.
        let rebuilt = std::panic::catch_unwind(AssertUnwindSafe(|| rebuilder.rebuild(&changed)));
        released = false;
        if rebuilt.is_err() {
            super::warn(format_args!(
                "internal error: a rebuild failed unexpectedly; still watching for changes"
            ));
        }
    }
}

/// Adds the paths of a relevant event to `changed`, each with whether the file is now known to be whole;
/// true if there were any.
fn collect(
    event: notify::Result<notify::Event>,
    root: &Path,
    changed: &mut BTreeMap<PathBuf, bool>,
) -> bool {
    let event = match event {
        Ok(event) => event,
        Err(e) => {
            super::warn(format_args!("warning: file watcher: {e}"));
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
    let last = event.paths.len().saturating_sub(1);
    let mut any = false;
    for (i, path) in event.paths.into_iter().enumerate() {
        if !is_relevant_path(&path, root) {
            continue;
        }
        let whole = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Some(true),
            // A rename within the folder: the destination is in place.
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if i == last => Some(true),
            // Attributes set after writing (some editors do) change nothing of a whole file.
            EventKind::Modify(ModifyKind::Metadata(_)) => None,
            _ => Some(false),
        };
        let entry = changed.entry(path).or_insert(false);
        if let Some(whole) = whole {
            *entry = whole;
        }
        any = true;
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
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind};

    #[test]
    fn a_file_is_whole_once_closed_after_writing_or_renamed_into_place() {
        let root = Path::new("/d");
        let file = PathBuf::from("/d/content/annotations/pay.yaml");
        let event = |kind: EventKind, paths: &[&Path]| {
            let mut e = notify::Event::new(kind);
            for p in paths {
                e = e.add_path(p.to_path_buf());
            }
            Ok(e)
        };
        let mut changed = BTreeMap::new();
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        assert!(collect(event(write, &[&file]), root, &mut changed));
        assert!(!changed[&file]);
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        collect(event(closed, &[&file]), root, &mut changed);
        assert!(changed[&file]);
        // Attributes set after the write: still whole.
        let chmod = EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions));
        collect(event(chmod, &[&file]), root, &mut changed);
        assert!(changed[&file]);
        // Removed (maybe to be written again): not whole.
        collect(
            event(EventKind::Remove(RemoveKind::File), &[&file]),
            root,
            &mut changed,
        );
        assert!(!changed[&file]);
        // Written beside and renamed over it: whole; the temp file is not a change.
        let temp = file.with_extension("yaml.tmp");
        let created = EventKind::Create(CreateKind::File);
        assert!(!collect(event(created, &[&temp]), root, &mut changed));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        collect(event(renamed, &[&temp, &file]), root, &mut changed);
        assert!(changed[&file]);
        assert_eq!(changed.len(), 1);
        // Reads are not changes.
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert!(!collect(event(read, &[&file]), root, &mut changed));
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        let root = Path::new("/d");
        let yes = |p: &str| is_relevant_path(Path::new(p), root);
        assert!(yes("/d/content/annotations/pay.yaml"));
        assert!(yes("/d/themes/default/templates/base.html"));
        assert!(yes("./content/annotations/pay.yaml"));
        for no in [
            "/d/content/annotations/.pay.yaml.swp",
            "/d/content/annotations/pay.yaml~",
            "/d/content/annotations/#pay.yaml#",
            "/d/content/annotations/.#train.yaml",
            "/d/content/annotations/4913",
            "/d/content/annotations/pay.yaml___jb_tmp___",
            "/d/content/.git/index",
            "/d/content/x.tmp",
        ] {
            assert!(!yes(no), "{no}");
        }
    }
}
