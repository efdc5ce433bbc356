//! Parsed content files kept between loads, so that `serve` re-reads only what changed.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::stamp::Stamp;

/// The files parsed by earlier loads (see [`super::load_cached`]), each with the stamp it had when read.
///
/// A file is read and parsed again when its stamp (length, modification and change times, inode) differs, or
/// when it was named by [`LoadCache::forget`] (the watcher's changed paths: a rewrite within one tick of a
/// coarse file clock keeps its stamp). Files no longer seen by a load are dropped.
#[derive(Default)]
pub struct LoadCache {
    state: Mutex<State>,
    reads: AtomicUsize,
}

#[derive(Default)]
struct State {
    files: HashMap<PathBuf, Cached>,
    seen: HashSet<PathBuf>,
}

struct Cached {
    /// `None` once named by [`LoadCache::forget`]: read again, the old value only a base for the new.
    stamp: Option<Stamp>,
    value: Arc<dyn Any + Send + Sync>,
}

impl LoadCache {
    /// An empty cache.
    pub fn new() -> LoadCache {
        LoadCache::default()
    }

    /// Marks the files at `paths` changed (however the paths are spelt: they are matched on their last two
    /// components, e.g. `annotations/pay.yaml`, which can only drop more than needed, never less).
    pub fn forget(&self, paths: &[PathBuf]) {
        let tail = |p: &Path| -> Vec<std::ffi::OsString> {
            p.components()
                .rev()
                .take(2)
                .map(|c| c.as_os_str().to_owned())
                .collect()
        };
        let gone: HashSet<Vec<std::ffi::OsString>> = paths.iter().map(|p| tail(p)).collect();
        let mut state = self.lock();
        for (p, cached) in state.files.iter_mut() {
            if gone.contains(&tail(p)) {
                cached.stamp = None;
            }
        }
    }

    /// How many files were read and parsed through this cache so far (each miss counts once).
    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn begin(&self) {
        self.lock().seen.clear();
    }

    /// Drops the files the load just done did not ask for (deleted or renamed ones).
    pub(super) fn end(&self) {
        let mut state = self.lock();
        let State { files, seen } = &mut *state;
        files.retain(|p, _| seen.contains(p));
        seen.clear();
    }

    /// The parsed file at `path`: the cached one if the file is unchanged, else `load()`'s (then cached).
    pub(super) fn get_or_load<T: Clone + Send + Sync + 'static>(
        &self,
        path: &Path,
        load: impl FnOnce() -> T,
    ) -> T {
        self.get_or_update(path, |_| load())
    }

    /// [`LoadCache::get_or_load`], giving `load` the value the file had when last read, if any.
    pub(super) fn get_or_update<T: Clone + Send + Sync + 'static>(
        &self,
        path: &Path,
        load: impl FnOnce(Option<T>) -> T,
    ) -> T {
        // Stamped before reading: a write after this point changes the stamp seen by the next load.
        let stamp = Stamp::at(path);
        let (hit, old) = {
            let mut state = self.lock();
            state.seen.insert(path.to_path_buf());
            match (stamp, state.files.get(path)) {
                (Some(stamp), Some(c)) if c.stamp == Some(stamp) => {
                    (c.value.clone().downcast::<T>().ok(), None)
                }
                // Taken out, so that `load` may own the previous value (and move what it keeps of it).
                _ => (
                    None,
                    state
                        .files
                        .remove(path)
                        .and_then(|c| c.value.downcast::<T>().ok()),
                ),
            }
        };
        if let Some(value) = hit {
            return T::clone(&value);
        }
        self.reads.fetch_add(1, Ordering::Relaxed);
        let value = load(old.map(|old| Arc::try_unwrap(old).unwrap_or_else(|old| T::clone(&old))));
        if let Some(stamp) = stamp {
            self.lock().files.insert(
                path.to_path_buf(),
                Cached {
                    stamp: Some(stamp),
                    value: Arc::new(value.clone()),
                },
            );
        }
        value
    }
}

/// `load(previous value)`, through `cache` if there is one (without one, there is no previous value).
pub(super) fn updated<T: Clone + Send + Sync + 'static>(
    cache: Option<&LoadCache>,
    path: &Path,
    load: impl FnOnce(Option<T>) -> T,
) -> T {
    match cache {
        Some(cache) => cache.get_or_update(path, load),
        None => load(None),
    }
}

/// `load()`, through `cache` if there is one.
pub(super) fn cached<T: Clone + Send + Sync + 'static>(
    cache: Option<&LoadCache>,
    path: &Path,
    load: impl FnOnce() -> T,
) -> T {
    match cache {
        Some(cache) => cache.get_or_load(path, load),
        None => load(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_again_only_when_it_changed_or_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("content/articles/a.txt");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "one").unwrap();
        let cache = LoadCache::new();
        let read = |cache: &LoadCache| {
            cache.begin();
            let text = cache.get_or_load(&path, || std::fs::read_to_string(&path).unwrap());
            cache.end();
            text
        };
        assert_eq!(read(&cache), "one");
        assert_eq!(read(&cache), "one");
        assert_eq!(cache.reads(), 1);

        // A different length: read again, though nobody said so.
        std::fs::write(&path, "three").unwrap();
        assert_eq!(read(&cache), "three");
        assert_eq!(cache.reads(), 2);

        // Named as changed, however the path is spelt: read again even if its stamp were the same.
        cache.forget(&[PathBuf::from("/elsewhere/articles/a.txt")]);
        assert_eq!(read(&cache), "three");
        assert_eq!(cache.reads(), 3);
        cache.forget(&[PathBuf::from("/elsewhere/annotations/a.txt")]);
        assert_eq!(read(&cache), "three");
        assert_eq!(cache.reads(), 3);

        // A file a load did not ask for is dropped.
        cache.begin();
        cache.end();
        assert_eq!(read(&cache), "three");
        assert_eq!(cache.reads(), 4);
    }

    #[test]
    fn an_update_owns_the_previous_value_unless_it_is_still_shared() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.yaml");
        std::fs::write(&path, "one").unwrap();
        let cache = LoadCache::new();
        let first = cache.get_or_update(&path, |old: Option<Arc<String>>| {
            assert!(old.is_none());
            Arc::new("one".to_owned())
        });
        drop(first);
        // Only the cache held it: the update is handed the value itself, not a second reference to it.
        cache.forget(std::slice::from_ref(&path));
        let second = cache.get_or_update(&path, |old: Option<Arc<String>>| {
            let old = old.expect("the previous value");
            assert_eq!(Arc::strong_count(&old), 1);
            Arc::new(format!("{old} two"))
        });
        // Still held here: the update gets a copy, and the caller's value stays as it was.
        cache.forget(std::slice::from_ref(&path));
        let third = cache.get_or_update(&path, |old: Option<Arc<String>>| {
            let old = old.expect("the previous value");
            assert_eq!(Arc::strong_count(&old), 2);
            Arc::new(format!("{old} three"))
        });
        assert_eq!(*second, "one two");
        assert_eq!(*third, "one two three");
    }
}
